-- Brings a review project made by an older release up to the current format: every statement
-- here can run again. (project_views.sql is run after it.)

-- Format 4: the conflicts foreign keys create, and decisions recorded by a rule.
ALTER TABLE pgreconcile.changes DROP CONSTRAINT IF EXISTS changes_kind_check;
ALTER TABLE pgreconcile.changes ADD CONSTRAINT changes_kind_check CHECK (kind IN ('insert', 'update', 'delete',
    'update_update', 'update_delete', 'delete_update', 'insert_insert', 'delete_referenced', 'parent_missing',
    'unique_collision'));
ALTER TABLE pgreconcile.decisions DROP CONSTRAINT IF EXISTS decisions_origin_check;
ALTER TABLE pgreconcile.decisions ADD CONSTRAINT decisions_origin_check CHECK (origin IN ('person', 'bulk', 'default', 'follows'));
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
