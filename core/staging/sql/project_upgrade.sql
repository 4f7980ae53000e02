-- Brings a review project from format 3 (project_schema.sql) to the current format: run on every
-- new project and on one an older release made, so every statement here can run again.
-- (project_views.sql is run after it.)

-- Format 4: the conflicts foreign keys create (kinds delete_referenced, parent_missing,
-- unique_collision), and decisions recorded by a rule (origin follows: a row that follows another's
-- decision, core/diff/relations.h).
ALTER TABLE pgreconcile.changes DROP CONSTRAINT IF EXISTS changes_kind_check;
ALTER TABLE pgreconcile.changes ADD CONSTRAINT changes_kind_check CHECK (kind IN ('insert', 'update', 'delete',
    'update_update', 'update_delete', 'delete_update', 'insert_insert', 'delete_referenced', 'parent_missing',
    'unique_collision'));
ALTER TABLE pgreconcile.decisions DROP CONSTRAINT IF EXISTS decisions_origin_check;
ALTER TABLE pgreconcile.decisions ADD CONSTRAINT decisions_origin_check CHECK (origin IN ('person', 'bulk', 'default', 'follows'));
-- Rows related to a change through foreign keys (core/diff/relations.h), found after each diff:
-- dependent (target rows that still point at a row the source deleted: delete_referenced),
-- missing_parent (a parent the target deleted that a source row points at: parent_missing),
-- cascaded_on_source / cascaded_on_target (rows that side deleted with this one by cascade),
-- colliding_row (the target's row a source insert equals in a unique constraint: unique_collision).
-- depth 1: points at the row; 2: at a row of level 1, ...
CREATE TABLE IF NOT EXISTS pgreconcile.related (
    table_id        integer NOT NULL,
    key             jsonb NOT NULL,
    relation        text NOT NULL CHECK (relation IN ('dependent', 'missing_parent', 'cascaded_on_source', 'cascaded_on_target',
                        'colliding_row')),
    other_table_id  integer NOT NULL,
    other_key       jsonb NOT NULL,
    constraint_name text NOT NULL,
    depth           integer NOT NULL DEFAULT 1,
    PRIMARY KEY (table_id, key, relation, other_table_id, other_key)
);
CREATE INDEX IF NOT EXISTS related_by_other ON pgreconcile.related (other_table_id, relation, depth);
-- The target's own triggers the merge script fires (core/script/triggers.h): what the last dry run found
-- (effects: what it saw them change), and those whose effects a reviewer accepted by name.
CREATE TABLE IF NOT EXISTS pgreconcile.trigger_findings (
    name            text PRIMARY KEY,
    definition      text NOT NULL,
    effects         text NOT NULL DEFAULT '',
    found_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS pgreconcile.accepted_triggers (
    name            text PRIMARY KEY,
    accepted_by     text NOT NULL,
    accepted_at     timestamptz NOT NULL DEFAULT now()
);

-- Format 5: a unique_collision's source row mapped onto the target's row it collides with
-- (action map_onto_target, DESIGN.md): not inserted itself; the source rows that reference it
-- are carried over pointing at the target's row, whose key mapped_onto holds.
ALTER TABLE pgreconcile.decisions ADD COLUMN IF NOT EXISTS mapped_onto jsonb;
ALTER TABLE pgreconcile.decisions DROP CONSTRAINT IF EXISTS decisions_action_check;
ALTER TABLE pgreconcile.decisions ADD CONSTRAINT decisions_action_check
    CHECK (action IN ('take_source', 'keep_target', 'edit', 'merge', 'rekey', 'map_onto_target'));
ALTER TABLE pgreconcile.decisions DROP CONSTRAINT IF EXISTS decisions_mapped_onto_check;
ALTER TABLE pgreconcile.decisions ADD CONSTRAINT decisions_mapped_onto_check
    CHECK ((action = 'map_onto_target') = (mapped_onto IS NOT NULL));
-- An insert_insert whose source row holds the unique values of the target's own row under the
-- same key (relation same_unique_values): the same row on both sides; a re-key would fail on them.
ALTER TABLE pgreconcile.related DROP CONSTRAINT IF EXISTS related_relation_check;
ALTER TABLE pgreconcile.related ADD CONSTRAINT related_relation_check CHECK (relation IN ('dependent', 'missing_parent',
    'cascaded_on_source', 'cascaded_on_target', 'colliding_row', 'same_unique_values'));

-- Format 6: an id collision in a composite key (id_collision, core/diff/relations.h): a source insert
-- whose sequence-fed key column (payment_id of (payment_date, payment_id)) holds the value of a
-- row the target inserted under a different key; that row is related as colliding_id, named by
-- the sequence.
ALTER TABLE pgreconcile.changes DROP CONSTRAINT IF EXISTS changes_kind_check;
ALTER TABLE pgreconcile.changes ADD CONSTRAINT changes_kind_check CHECK (kind IN ('insert', 'update', 'delete',
    'update_update', 'update_delete', 'delete_update', 'insert_insert', 'delete_referenced', 'parent_missing',
    'unique_collision', 'id_collision'));
ALTER TABLE pgreconcile.related DROP CONSTRAINT IF EXISTS related_relation_check;
ALTER TABLE pgreconcile.related ADD CONSTRAINT related_relation_check CHECK (relation IN ('dependent', 'missing_parent',
    'cascaded_on_source', 'cascaded_on_target', 'colliding_row', 'same_unique_values', 'colliding_id'));

-- Format 7: work that runs, and work that was interrupted (core/staging/interruptedwork.h). An entry is
-- guarded by an advisory lock of the session that runs the work; leftovers lists what the work
-- makes and removes itself ({"kind": "schema" | "database" | "folder", "name": …}), so that the
-- next open removes it when the process was killed; removed, what that open removed.
CREATE TABLE IF NOT EXISTS pgreconcile.work (
    work_id     bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('load', 'diff', 'decide', 'export', 'dry_run')),
    scope       text NOT NULL DEFAULT '',
    what        text NOT NULL,
    redo        text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_by  text NOT NULL,
    host        text NOT NULL,
    pid         integer,
    leftovers   jsonb NOT NULL DEFAULT '[]',
    removed     jsonb NOT NULL DEFAULT '[]',
    stopped_at  timestamptz,
    how         text
);
-- The process (on host) that runs the work: when it is gone, a server process still holding the
-- entry's lock is only finishing the statement it was sent.
ALTER TABLE pgreconcile.work ADD COLUMN IF NOT EXISTS pid integer;
