-- Reference classification of the pgreconcile demo data set, independent of the application.
--
-- Builds the expected-counts document (tests/data/demo_expected.json) from the three demo databases
-- demo_base, demo_source and demo_target on the server psql is connected to, through postgres_fdw.
-- Run it in a scratch database that already has the demo's types (load core/staging/demo/schema.sql there):
--
--   createdb demo_check
--   psql -d demo_check -v ON_ERROR_STOP=1 -f core/staging/demo/schema.sql
--   psql -d demo_check -v ON_ERROR_STOP=1 -X -q -At -f scripts/demo-check.sql > /tmp/demo_counts.json
--   diff <(jq -S . /tmp/demo_counts.json) <(jq -S . tests/data/demo_expected.json)
--
-- Needs a superuser connection (postgres_fdw without a password) and uses psql's HOST, PORT and USER
-- variables for the loopback connections.  Rules (docs/demo.md): rows are compared column by column with
-- IS NOT DISTINCT FROM, except geometric types (no usable equality: point has none, box's "=" compares
-- areas), which are compared by their text.  A table without a key is compared as a multiset of rows.

\set QUIET on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;

DROP SCHEMA IF EXISTS base CASCADE;
DROP SCHEMA IF EXISTS source CASCADE;
DROP SCHEMA IF EXISTS target CASCADE;
DROP SERVER IF EXISTS demo_base_srv CASCADE;
DROP SERVER IF EXISTS demo_source_srv CASCADE;
DROP SERVER IF EXISTS demo_target_srv CASCADE;

CREATE SERVER demo_base_srv FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host :'HOST', port :'PORT', dbname 'demo_base');
CREATE SERVER demo_source_srv FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host :'HOST', port :'PORT', dbname 'demo_source');
CREATE SERVER demo_target_srv FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host :'HOST', port :'PORT', dbname 'demo_target');
CREATE USER MAPPING FOR CURRENT_USER SERVER demo_base_srv OPTIONS (user :'USER');
CREATE USER MAPPING FOR CURRENT_USER SERVER demo_source_srv OPTIONS (user :'USER');
CREATE USER MAPPING FOR CURRENT_USER SERVER demo_target_srv OPTIONS (user :'USER');
CREATE SCHEMA base;
CREATE SCHEMA source;
CREATE SCHEMA target;
IMPORT FOREIGN SCHEMA public FROM SERVER demo_base_srv INTO base;
IMPORT FOREIGN SCHEMA public FROM SERVER demo_source_srv INTO source;
IMPORT FOREIGN SCHEMA public FROM SERVER demo_target_srv INTO target;

-- The demo's tables, in report order, with their keys (NULL: no key, multiset comparison).
CREATE TEMP TABLE demo_tables (ord int, tbl text, keycols text[]);
INSERT INTO demo_tables VALUES
    (1, 'customers', '{id}'), (2, 'projects', '{id}'), (3, 'boreholes', '{id}'), (4, 'samples', '{id}'),
    (5, 'lab_results', '{sample_id,test_code}'), (6, 'import_log', NULL), (7, 'FieldNotes', '{id}');

CREATE TEMP TABLE demo_counts (tbl text, class text, n bigint);

-- Column expression as compared: geometric types by their text, everything else as it is.
CREATE FUNCTION pg_temp.cmp_expr(alias text, col text, typ oid) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN (SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
                        FROM pg_type t WHERE t.oid = typ)
                     IN ('point'::regtype, 'line'::regtype, 'lseg'::regtype, 'box'::regtype,
                         'path'::regtype, 'polygon'::regtype, 'circle'::regtype)
                THEN format('(%s.%I)::text', alias, col)
                ELSE format('%s.%I', alias, col) END
$$;

CREATE FUNCTION pg_temp.classify_keyed(tbl text, keycols text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cols record;
    sc text[] := '{}'; tc text[] := '{}'; st text[] := '{}';
    join_bs text; join_t text; q text;
BEGIN
    FOR cols IN SELECT a.attname, a.atttypid FROM pg_attribute a
                 WHERE a.attrelid = format('base.%I', tbl)::regclass AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum LOOP
        sc := sc || format('CASE WHEN %s IS DISTINCT FROM %s THEN %L END',
                           pg_temp.cmp_expr('b', cols.attname, cols.atttypid),
                           pg_temp.cmp_expr('s', cols.attname, cols.atttypid), cols.attname);
        tc := tc || format('CASE WHEN %s IS DISTINCT FROM %s THEN %L END',
                           pg_temp.cmp_expr('b', cols.attname, cols.atttypid),
                           pg_temp.cmp_expr('t', cols.attname, cols.atttypid), cols.attname);
        st := st || format('%s IS DISTINCT FROM %s',
                           pg_temp.cmp_expr('s', cols.attname, cols.atttypid),
                           pg_temp.cmp_expr('t', cols.attname, cols.atttypid));
    END LOOP;
    SELECT string_agg(format('b.%1$I = s.%1$I', k), ' AND '),
           string_agg(format('t.%1$I = coalesce(b.%1$I, s.%1$I)', k), ' AND ')
      INTO join_bs, join_t FROM unnest(keycols) AS k;

    q := format($q$
        WITH j AS (
            SELECT b.%1$I IS NOT NULL AS bp, s.%1$I IS NOT NULL AS sp, t.%1$I IS NOT NULL AS tp,
                   array_remove(ARRAY[%2$s]::text[], NULL) AS sc,
                   array_remove(ARRAY[%3$s]::text[], NULL) AS tc,
                   (%4$s) AS st
              FROM base.%5$I b FULL JOIN source.%5$I s ON %6$s FULL JOIN target.%5$I t ON %7$s),
        e AS (
            SELECT *, bp = sp AND (NOT bp OR cardinality(sc) = 0) AS s_eq_b,
                      bp = tp AND (NOT bp OR cardinality(tc) = 0) AS t_eq_b,
                      sp = tp AND (NOT sp OR NOT st) AS s_eq_t
              FROM j),
        c AS (
            SELECT CASE WHEN s_eq_b AND t_eq_b THEN 'unchanged'
                        WHEN s_eq_b THEN 'target_only'
                        WHEN t_eq_b THEN CASE WHEN NOT bp THEN 'source_only.insert'
                                              WHEN NOT sp THEN 'source_only.delete'
                                              ELSE 'source_only.update' END
                        WHEN s_eq_t THEN 'same_change'
                        WHEN bp AND sp AND tp AND NOT (sc && tc) THEN 'column_merge'
                        WHEN bp AND sp AND tp THEN 'conflict.update_update'
                        WHEN bp AND sp THEN 'conflict.update_delete'
                        WHEN bp AND tp THEN 'conflict.delete_update'
                        ELSE 'conflict.insert_insert' END AS class,
                   CASE WHEN sp AND NOT tp THEN 'two_way.only_in_source'
                        WHEN tp AND NOT sp THEN 'two_way.only_in_target'
                        WHEN sp AND tp AND st THEN 'two_way.differs' END AS two_way
              FROM e)
        INSERT INTO demo_counts
        SELECT %8$L, class, count(*) FROM c GROUP BY class
        UNION ALL
        SELECT %8$L, two_way, count(*) FROM c WHERE two_way IS NOT NULL GROUP BY two_way
        $q$, keycols[1], array_to_string(sc, ', '), array_to_string(tc, ', '), array_to_string(st, ' OR '),
             tbl, join_bs, join_t, tbl);
    EXECUTE q;
END
$$;

-- Multiset rule, per distinct row value with occurrence counts b, s, t (ds = s - b, dt = t - b):
-- the part of the change both sides made (same sign) is same_change, min(|ds|, |dt|) occurrences;
-- what remains of ds is source_only insert (> 0) or delete (< 0); what remains of dt is target_only.
-- Two-way: max(s - t, 0) only_in_source, max(t - s, 0) only_in_target; never "differs".
CREATE FUNCTION pg_temp.classify_multiset(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        WITH bb AS (SELECT x::text AS r, count(*) AS n FROM base.%1$I x GROUP BY 1),
             ss AS (SELECT x::text AS r, count(*) AS n FROM source.%1$I x GROUP BY 1),
             tt AS (SELECT x::text AS r, count(*) AS n FROM target.%1$I x GROUP BY 1),
             j AS (SELECT coalesce(ss.n, 0) - coalesce(bb.n, 0) AS ds, coalesce(tt.n, 0) - coalesce(bb.n, 0) AS dt,
                          coalesce(ss.n, 0) AS s, coalesce(tt.n, 0) AS t
                     FROM bb FULL JOIN ss ON ss.r = bb.r FULL JOIN tt ON tt.r = coalesce(bb.r, ss.r)),
             k AS (SELECT *, CASE WHEN sign(ds) = sign(dt) THEN least(abs(ds), abs(dt)) ELSE 0 END AS same FROM j),
             r AS (SELECT *, ds - sign(ds) * same AS ds_rest, dt - sign(dt) * same AS dt_rest FROM k)
        INSERT INTO demo_counts
        SELECT %1$L, c.class, sum(c.n) FROM r CROSS JOIN LATERAL (VALUES
                ('same_change', same),
                ('source_only.insert', greatest(ds_rest, 0)),
                ('source_only.delete', greatest(-ds_rest, 0)),
                ('target_only', abs(dt_rest)),
                ('two_way.only_in_source', greatest(s - t, 0)),
                ('two_way.only_in_target', greatest(t - s, 0))) AS c (class, n)
         GROUP BY c.class
        $q$, tbl);
END
$$;

SELECT CASE WHEN keycols IS NULL THEN pg_temp.classify_multiset(tbl) ELSE pg_temp.classify_keyed(tbl, keycols) END
  FROM demo_tables ORDER BY ord \g /dev/null

-- The conflicts that keys create (DESIGN.md), by the demo's own foreign keys and its one unique
-- constraint besides the keys, written out here: a source_only delete of a row that target rows
-- still point at (rows the source did not delete itself) is conflict delete_referenced; a
-- source_only insert pointing at a parent the target deleted is conflict parent_missing; a
-- source_only insert with another target row's projects.code is conflict unique_collision.
CREATE TEMP TABLE demo_fks (child text, col text, parent text);
INSERT INTO demo_fks VALUES ('projects', 'customer_id', 'customers'), ('boreholes', 'project_id', 'projects'),
    ('samples', 'borehole_id', 'boreholes'), ('lab_results', 'sample_id', 'samples'), ('FieldNotes', 'borehole_id', 'boreholes');

CREATE FUNCTION pg_temp.move(t text, from_class text, to_class text, n bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO demo_counts VALUES (t, from_class, -n), (t, to_class, n)
$$;

CREATE FUNCTION pg_temp.classify_key_conflicts() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    f record; same_key text; n bigint;
BEGIN
    FOR f IN SELECT * FROM demo_fks LOOP
        SELECT string_agg(format('x.%1$I = c.%1$I', k), ' AND ') INTO same_key
          FROM demo_tables, unnest(keycols) AS k WHERE tbl = f.child;
        EXECUTE format($q$
            SELECT count(DISTINCT b.id) FROM base.%1$I b JOIN target.%1$I t ON t.id = b.id
             WHERE NOT EXISTS (SELECT 1 FROM source.%1$I s WHERE s.id = b.id) AND b::text = t::text
               AND EXISTS (SELECT 1 FROM target.%2$I c WHERE c.%3$I = b.id
                           AND (EXISTS (SELECT 1 FROM source.%2$I x WHERE %4$s)
                                OR NOT EXISTS (SELECT 1 FROM base.%2$I x WHERE %4$s)))$q$,
            f.parent, f.child, f.col, same_key) INTO n;
        PERFORM pg_temp.move(f.parent, 'source_only.delete', 'conflict.delete_referenced', n);
        EXECUTE format($q$
            SELECT count(*) FROM source.%1$I c
             WHERE NOT EXISTS (SELECT 1 FROM base.%1$I x WHERE %4$s) AND NOT EXISTS (SELECT 1 FROM target.%1$I x WHERE %4$s)
               AND EXISTS (SELECT 1 FROM base.%2$I p WHERE p.id = c.%3$I)
               AND NOT EXISTS (SELECT 1 FROM target.%2$I p WHERE p.id = c.%3$I)$q$,
            f.child, f.parent, f.col, same_key) INTO n;
        PERFORM pg_temp.move(f.child, 'source_only.insert', 'conflict.parent_missing', n);
    END LOOP;
    SELECT count(*) INTO n FROM source.projects s
     WHERE NOT EXISTS (SELECT 1 FROM base.projects x WHERE x.id = s.id)
       AND NOT EXISTS (SELECT 1 FROM target.projects x WHERE x.id = s.id)
       AND EXISTS (SELECT 1 FROM target.projects t WHERE t.code = s.code AND t.id <> s.id);
    PERFORM pg_temp.move('projects', 'source_only.insert', 'conflict.unique_collision', n);
END
$$;

SELECT pg_temp.classify_key_conflicts() \g /dev/null

CREATE FUNCTION pg_temp.n(t text, c text) RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(sum(n), 0)::bigint FROM demo_counts WHERE tbl = t AND class = c
$$;

CREATE FUNCTION pg_temp.row_count(side text, t text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE r bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %I.%I', side, t) INTO r;
    RETURN r;
END
$$;

SELECT json_build_object(
    'three_way', (SELECT json_object_agg('public.' || tbl, json_build_object(
        'target_only', pg_temp.n(tbl, 'target_only'),
        'source_only', json_build_object('insert', pg_temp.n(tbl, 'source_only.insert'),
                                         'update', pg_temp.n(tbl, 'source_only.update'),
                                         'delete', pg_temp.n(tbl, 'source_only.delete')),
        'same_change', pg_temp.n(tbl, 'same_change'),
        'column_merge', pg_temp.n(tbl, 'column_merge'),
        'conflict', json_build_object('update_update', pg_temp.n(tbl, 'conflict.update_update'),
                                      'update_delete', pg_temp.n(tbl, 'conflict.update_delete'),
                                      'delete_update', pg_temp.n(tbl, 'conflict.delete_update'),
                                      'insert_insert', pg_temp.n(tbl, 'conflict.insert_insert'),
                                      'delete_referenced', pg_temp.n(tbl, 'conflict.delete_referenced'),
                                      'parent_missing', pg_temp.n(tbl, 'conflict.parent_missing'),
                                      'unique_collision', pg_temp.n(tbl, 'conflict.unique_collision'),
                                      -- no demo key has a sequence-fed column beside others: never counted
                                      'id_collision', pg_temp.n(tbl, 'conflict.id_collision')))
        ORDER BY ord) FROM demo_tables),
    'two_way', (SELECT json_object_agg('public.' || tbl, json_build_object(
        'only_in_source', pg_temp.n(tbl, 'two_way.only_in_source'),
        'only_in_target', pg_temp.n(tbl, 'two_way.only_in_target'),
        'differs', pg_temp.n(tbl, 'two_way.differs'))
        ORDER BY ord) FROM demo_tables),
    'row_counts', (SELECT json_object_agg(db, counts ORDER BY side_ord) FROM (
        SELECT side_ord, db, json_object_agg('public.' || tbl, pg_temp.row_count(side, tbl) ORDER BY ord) AS counts
          FROM (VALUES (1, 'base', 'demo_base'), (2, 'source', 'demo_source'), (3, 'target', 'demo_target'))
               AS s (side_ord, side, db)
         CROSS JOIN demo_tables
         GROUP BY side_ord, db) AS x));
