-- Generates one side of one benchmark table, deterministically.
--
--   psql -v rows=1000000 -v tbl=wide -v side=source -v schema=public -f bench/generate.sql
--
-- rows:   table size of base (source and target differ from it by ~1% each)
-- tbl:    wide (bench_wide, mixed types with NULLs) | narrow (pgbench_accounts)
-- side:   base | source | target
-- schema: schema the table is created in (must exist)
-- empty:  when true, only create the table (no rows, no primary key): bench/run then fills it with
--         COPY from a generated copy and adds the key in one transaction
--
-- Every value is a function of the key alone (hashint8extended(), md5(), a permutation of the key
-- modulo 10000): running this twice gives the same table, and running it for base, source and
-- target gives three tables that differ exactly as described in bench/README.md. No random().
--
-- Divergence, by bucket = (k * 7919) % 10000 for the keys 1..rows of base (7919 is prime to 10000,
-- so each bucket range holds exactly its share of the keys when rows is a multiple of 10000):
--   [  0, 40) source updates                    (source_only update)
--   [ 40, 50) source deletes                    (source_only delete)
--   [ 50, 90) target updates                    (target_only update)
--   [ 90,100) target deletes                    (target_only delete)
--   [100,105) both update, identically          (same_change)
--   [105,110) both update the same columns, differently (conflict update_update)
--   [110,115) source updates set A, target set B (column_merge)
--   [115,117) source updates, target deletes    (conflict update_delete)
--   [117,119) source deletes, target updates    (conflict delete_update)
--   [119,120) both delete                       (same_change)
-- Inserts above rows, m = rows / 500 keys on each side (0.2%): source inserts (rows, rows + m],
-- target inserts (rows + m/2, rows + m + m/2]; on the overlap (rows + m/2, rows + m] even keys are
-- inserted identically (same_change) and odd keys differently (conflict insert_insert).
--
-- A row's values depend on two "edit" numbers: a edits column set A (the source's kind of change),
-- b edits column set B (the target's kind of change); 0 = as in base.
--   a: 1 = source's edit, 2 = target's conflicting edit, 3 = the edit both sides made identically.
--   b: 1 = target's edit.

\set ON_ERROR_STOP on
\if :{?rows}
\else
  \set rows 1000000
\endif
\if :{?tbl}
\else
  \set tbl wide
\endif
\if :{?side}
\else
  \set side base
\endif
\if :{?schema}
\else
  \set schema public
\endif
\if :{?empty}
\else
  \set empty false
\endif

SELECT greatest(:rows / 500, 2) AS m \gset
SELECT :m / 2 AS half \gset

BEGIN;
-- A table created in the same transaction as its rows skips the WAL under wal_level = minimal.
CREATE TEMPORARY VIEW bench_keys AS
SELECT k, h, a, b
FROM (
    SELECT k,
           hashint8extended(k, 0) & 9223372036854775807 AS h,
           CASE
               WHEN k > :rows THEN
                   CASE :'side'
                       WHEN 'base' THEN NULL
                       WHEN 'source' THEN CASE WHEN k > :rows + :m THEN NULL
                                               WHEN k > :rows + :half AND k % 2 = 0 THEN 3 ELSE 1 END
                       ELSE CASE WHEN k <= :rows + :half THEN NULL
                                 WHEN k <= :rows + :m AND k % 2 = 0 THEN 3 ELSE 2 END
                   END
               WHEN :'side' = 'base' THEN 0
               WHEN :'side' = 'source' THEN
                   CASE
                       WHEN bucket < 40 THEN 1
                       WHEN bucket < 50 THEN NULL
                       WHEN bucket < 100 THEN 0
                       WHEN bucket < 105 THEN 3
                       WHEN bucket < 117 THEN 1
                       WHEN bucket < 120 THEN NULL
                       ELSE 0
                   END
               ELSE -- target
                   CASE
                       WHEN bucket < 50 THEN 0
                       WHEN bucket < 100 THEN CASE WHEN bucket < 90 THEN 0 ELSE NULL END
                       WHEN bucket < 105 THEN 3
                       WHEN bucket < 110 THEN 2
                       WHEN bucket < 115 THEN 0
                       WHEN bucket < 117 THEN NULL
                       WHEN bucket < 119 THEN 0
                       WHEN bucket < 120 THEN NULL
                       ELSE 0
                   END
           END AS a,
           CASE
               WHEN :'side' = 'target' AND k <= :rows
                    AND ((bucket >= 50 AND bucket < 90) OR (bucket >= 110 AND bucket < 115)
                         OR (bucket >= 117 AND bucket < 119)) THEN 1
               ELSE 0
           END AS b
    FROM (SELECT k::bigint AS k, (k::bigint * 7919) % 10000 AS bucket
          FROM generate_series(1, :rows + :m + :half) AS k) AS keys
) AS edits
WHERE a IS NOT NULL;

SELECT :'tbl' = 'wide' AS is_wide \gset
\if :is_wide
CREATE TABLE :"schema".bench_wide (
    id          bigint        NOT NULL,
    qty         integer       NOT NULL,  -- set B
    ref_id      bigint,
    amount      numeric(20,6) NOT NULL,  -- set A
    note        text,                    -- set A; 0 to 399 characters, NULL in 10% of rows
    status      varchar(24)   NOT NULL,  -- set A
    created_at  timestamptz   NOT NULL,
    updated_at  timestamptz,             -- set B
    due_date    date,
    active      boolean       NOT NULL,  -- set B
    payload     jsonb,                   -- set B
    scores      integer[],
    tags        text[],                  -- set A
    blob        bytea,
    uid         uuid          NOT NULL
);
\if :empty
\else
INSERT INTO :"schema".bench_wide
SELECT k,
       (h & 65535)::integer + 7 * b,
       CASE WHEN h % 13 = 0 THEN NULL ELSE (h >> 20) & 1048575 END,
       round(((h >> 8) % 100000000) / 1000.0 + 0.25 * a, 6),
       CASE WHEN h % 10 = 0 THEN NULL
            ELSE left(repeat(md5(k::text || ':' || a), 13), ((h >> 3) % 400)::integer) END,
       (ARRAY['new', 'open', 'paid', 'shipped', 'closed', 'returned'])[1 + (h >> 5) % 6]
           || CASE WHEN a = 0 THEN '' ELSE ' (edit ' || a || ')' END,
       timestamptz '2020-01-01 00:00:00+00' + make_interval(secs => ((h >> 11) % 100000000)::double precision),
       CASE WHEN b = 1 THEN timestamptz '2025-06-01 00:00:00+00' + make_interval(secs => k::double precision)
            WHEN h % 7 = 0 THEN NULL
            ELSE timestamptz '2024-01-01 00:00:00+00' + make_interval(mins => ((h >> 13) % 500000)::integer) END,
       CASE WHEN h % 4 = 0 THEN NULL ELSE date '2020-01-01' + ((h >> 17) % 3000)::integer END,
       ((h >> 30) & 1 = 1) <> (b = 1),
       CASE WHEN b = 0 AND h % 20 = 0 THEN NULL
            ELSE jsonb_build_object('id', k, 'name', 'item ' || k, 'score', (h >> 12) % 1000, 'rev', b,
                                    'tags', jsonb_build_array('x' || h % 9, 'y' || h % 5)) END,
       ARRAY[(h % 100)::integer, ((h >> 7) % 100)::integer, ((h >> 14) % 100)::integer],
       ARRAY['t' || h % 50, 'u' || (h >> 9) % 7]
           || CASE WHEN a = 0 THEN '{}'::text[] ELSE ARRAY['edit ' || a] END,
       CASE WHEN h % 5 = 0 THEN NULL ELSE int8send(h) || int8send(k) || int8send(h # k) END,
       encode(int8send(h # 6148914691236517205) || int8send(k), 'hex')::uuid
FROM bench_keys;
ALTER TABLE :"schema".bench_wide ADD PRIMARY KEY (id);
\endif
\else
CREATE TABLE :"schema".pgbench_accounts (
    aid      integer  NOT NULL,
    bid      integer,
    abalance integer,           -- set A
    filler   character(84)      -- set B
);
\if :empty
\else
INSERT INTO :"schema".pgbench_accounts
SELECT k::integer,
       ((k - 1) / 100000 + 1)::integer,
       ((h % 20001) - 10000)::integer + 17 * a,
       CASE WHEN b = 0 THEN '' ELSE 'edited on target ' || k END
FROM bench_keys;
ALTER TABLE :"schema".pgbench_accounts ADD PRIMARY KEY (aid);
\endif
\endif
COMMIT;
