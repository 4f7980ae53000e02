-- SPDX-License-Identifier: GPL-3.0-or-later
-- The review project's own tables, in schema pgreconcile of the project database
-- (pgreconcile_<name>). The sides' copies live in schemas base, source and target.
-- Passwords are never stored: side descriptions are libpq strings with the password removed.

CREATE SCHEMA pgreconcile;

CREATE TABLE pgreconcile.project (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    name           text NOT NULL,
    format_version integer NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text NOT NULL
);

-- One row per loaded side.
CREATE TABLE pgreconcile.sides (
    side           text PRIMARY KEY CHECK (side IN ('base', 'source', 'target')),
    origin_kind    text NOT NULL CHECK (origin_kind IN ('uri', 'dump', 'staging')),
    origin         text NOT NULL,          -- conninfo without password, dump path, or staging database
    origin_schema  text,                   -- --<side>-schema: one schema stands for the whole side
    server_version text,
    loaded_at      timestamptz NOT NULL DEFAULT now(),
    loaded_by      text NOT NULL,
    table_count    integer NOT NULL,
    row_count      bigint NOT NULL
);

-- The tables of the review, matched across sides by schema-qualified name.
CREATE TABLE pgreconcile.tables (
    table_id       serial PRIMARY KEY,
    schema_name    text NOT NULL,          -- logical schema (the target's)
    table_name     text NOT NULL,
    staged_name    text NOT NULL UNIQUE,   -- its name inside schemas base, source and target
    key_override   text[],                 -- columns the user chose as key (--key)
    UNIQUE (schema_name, table_name)
);

-- Each side's view of a table: presence, key candidates, size. Replaced when a side is reloaded.
CREATE TABLE pgreconcile.side_tables (
    table_id       integer NOT NULL REFERENCES pgreconcile.tables ON DELETE CASCADE,
    side           text NOT NULL REFERENCES pgreconcile.sides ON DELETE CASCADE,
    origin_schema  text NOT NULL,          -- where it was read from on that side
    primary_key    text[],                 -- NULL: none
    primary_key_name text,
    unique_keys    jsonb NOT NULL DEFAULT '[]', -- [{"name": ..., "columns": [...]}], non-partial, no expressions
    row_count      bigint NOT NULL,
    PRIMARY KEY (table_id, side)
);

CREATE TABLE pgreconcile.columns (
    table_id       integer NOT NULL,
    side           text NOT NULL,
    ordinal        integer NOT NULL,
    column_name    text NOT NULL,
    type_name      text NOT NULL,          -- format_type() on that side, e.g. public.mood, numeric(20,6)
    staged_type    text,                   -- its type in staging; NULL for generated columns (not staged)
    not_null       boolean NOT NULL,
    default_expr   text,
    identity       text NOT NULL DEFAULT '', -- '', 'a' (always) or 'd' (by default)
    generated      boolean NOT NULL DEFAULT false,
    sequence_name  text,                   -- owned sequence (serial/identity), schema-qualified and quoted
    PRIMARY KEY (table_id, side, column_name),
    FOREIGN KEY (table_id, side) REFERENCES pgreconcile.side_tables ON DELETE CASCADE
);

CREATE TABLE pgreconcile.foreign_keys (
    table_id       integer NOT NULL,
    side           text NOT NULL,
    name           text NOT NULL,
    columns        text[] NOT NULL,
    ref_schema     text NOT NULL,
    ref_table      text NOT NULL,
    ref_columns    text[] NOT NULL,
    is_deferrable  boolean NOT NULL,
    is_deferred    boolean NOT NULL,
    on_delete      text NOT NULL,
    on_update      text NOT NULL,
    PRIMARY KEY (table_id, side, name),
    FOREIGN KEY (table_id, side) REFERENCES pgreconcile.side_tables ON DELETE CASCADE
);

CREATE TABLE pgreconcile.sequences (
    side           text NOT NULL REFERENCES pgreconcile.sides ON DELETE CASCADE,
    sequence_name  text NOT NULL,          -- schema-qualified, quoted
    last_value     numeric,
    is_called      boolean,
    increment_by   bigint,
    PRIMARY KEY (side, sequence_name)
);

-- Outcome of the latest diff of each table (replaced atomically with its changes).
CREATE TABLE pgreconcile.table_diffs (
    table_id       integer PRIMARY KEY REFERENCES pgreconcile.tables ON DELETE CASCADE,
    mode           text NOT NULL CHECK (mode IN ('three_way', 'two_way', 'skipped')),
    key_columns    text[],                 -- NULL: compared as a multiset of rows (no key)
    key_origin     text NOT NULL,          -- 'primary key', 'user', 'none'
    compared_columns text[] NOT NULL,
    text_columns   text[] NOT NULL DEFAULT '{}', -- compared by their text (no equality operator)
    ignored_columns text[] NOT NULL DEFAULT '{}',
    drift          jsonb NOT NULL DEFAULT '[]', -- [{"kind": ..., "column": ..., "detail": ...}]
    diffed_at      timestamptz NOT NULL DEFAULT now(),
    seconds        double precision
);

-- The changes: one row per key whose state differs between sides.
-- key: JSON array of the key values in key-column order (for keyless tables: the row as a JSON object).
-- table_id has no foreign key: the diff writes a table's changes in bulk at its end, where a
-- check per row was 40% of the cost (150,000 changes: 1.8 s instead of 1.3 s). Every load
-- deletes all changes, and the diff writes only tables that exist.
CREATE TABLE pgreconcile.changes (
    table_id       integer NOT NULL,
    key            jsonb NOT NULL,
    change_class   text NOT NULL CHECK (change_class IN ('target_only', 'source_only', 'same_change',
                       'column_merge', 'conflict', 'only_in_source', 'only_in_target', 'differs')),
    kind           text CHECK (kind IN ('insert', 'update', 'delete', 'update_update', 'update_delete',
                       'delete_update', 'insert_insert')),
    source_columns text[],                 -- columns the source changed against base (updates)
    target_columns text[],                 -- columns the target changed against base (updates)
    occurrences    integer NOT NULL DEFAULT 1, -- keyless tables: how many identical rows
    PRIMARY KEY (table_id, key, change_class)
);
CREATE INDEX changes_by_class ON pgreconcile.changes (table_id, change_class, kind);

-- Decisions (core/review/decisions.h): the reviewers' history, append-only but for the undone flag.
-- A decision names its change by (table_id, key, change_class), not by a reference to
-- pgreconcile.changes, because a re-diff deletes and re-inserts the changes: a decision outlives
-- them and applies again to the change of the same table, key and class. The current decision of
-- a change is its latest row that is not undone. Defaults (source_only: take source, column_merge:
-- the merged row) are not stored: they follow the class of the latest diff (pgreconcile.review).
CREATE SEQUENCE pgreconcile.history_seq;  -- orders batches and undo/redo events on one line

CREATE TABLE pgreconcile.decisions (
    decision_id    bigserial PRIMARY KEY,
    table_id       integer NOT NULL REFERENCES pgreconcile.tables ON DELETE CASCADE,
    key            jsonb NOT NULL,
    change_class   text NOT NULL,
    kind           text,                   -- the change's kind when decided (for the audit trail)
    action         text NOT NULL CHECK (action IN ('take_source', 'keep_target', 'edit', 'merge', 'rekey')),
    edited_row     jsonb,                  -- edit: the full row, column → value as PostgreSQL renders it;
                                           -- merge: the merged row
    note           text,
    decided_by     text NOT NULL,
    decided_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    batch_id       bigint NOT NULL,        -- one user action; a bulk decision is one batch
    origin         text NOT NULL CHECK (origin IN ('person', 'bulk', 'default')),
    undone         boolean NOT NULL DEFAULT false,
    CHECK ((action IN ('edit', 'merge')) = (edited_row IS NOT NULL))
);
CREATE INDEX decisions_by_change ON pgreconcile.decisions (table_id, key, change_class, decision_id DESC);
CREATE INDEX decisions_by_batch ON pgreconcile.decisions (batch_id);

-- Undo and redo are recorded too, so the audit trail shows who took a batch back and when.
CREATE TABLE pgreconcile.decision_events (
    event_id       bigint PRIMARY KEY DEFAULT nextval('pgreconcile.history_seq'),
    batch_id       bigint NOT NULL,
    event          text NOT NULL CHECK (event IN ('undo', 'redo')),
    made_by        text NOT NULL,
    made_at        timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE pgreconcile.approvals (
    approval_id    bigserial PRIMARY KEY,
    approved_by    text NOT NULL,
    approved_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    note           text,
    checksum       text NOT NULL,          -- md5 over the decisions approved, defaults included
    voided_at      timestamptz,
    voided_reason  text
);

-- Later formats' tables and checks are in project_upgrade.sql, run after this file on a new project
-- and on a project an older release made; the views and functions are in project_views.sql.
