-- pgreconcile demo data set: what happened on the NEW database (the TARGET) after cut-over.
-- Applied to a copy of the base (CREATE DATABASE demo_target TEMPLATE demo_base).
--
-- Story: this is the new stack that took ~90% of the writes from 2024-03-16 02:00 UTC on; the merge
-- script will be applied here.  Every statement is labelled with the class its rows get in the
-- three-way diff against the base and source_changes.sql (see docs/demo.md for the table).
-- New rows take their ids from the sequences (DEFAULT), exactly like on the source, so the first new
-- ids collide with the source's new rows.  Children of new rows find their parent by a natural value.

------------------------------------------------------------------------------------------------ customers
-- same_change (insert): the go-live smoke test, identical on both stacks -> id 201.
INSERT INTO customers (name, email, country, created_at, updated_at, notes, external_ref)
VALUES ('Cut-over smoke test', 'smoke-test@lab.example', 'DE',
        '2024-03-16 02:05:00+00', '2024-03-16 02:05:00+00', 'created by go-live checklist step 14', NULL);

-- ids 202, 203: conflict insert_insert with the source's new customers; 204..206: target_only inserts.
INSERT INTO customers (name, email, country, created_at, updated_at, notes, external_ref)
VALUES ('Nordic Geo Consult', 'hello@nordic-geo.example', 'SE',
        '2024-03-16 02:41:00+00', '2024-03-16 02:41:00+00', NULL, 9007199254740999),
       ('Alpine Rock Labs', 'lab@alpine-rock.example', 'CH',
        '2024-03-16 03:02:00+00', '2024-03-16 03:02:00+00', 'Switch to e-invoicing 🧾', NULL),
       ('Müller & Töchter Tiefbau', 'info@mueller-toechter.example', 'AT',
        '2024-03-16 03:55:00+00', '2024-03-16 03:55:00+00', E'Ask for "Frau Müller"\nnot the switchboard', NULL),
       ('Baltic Dredging', NULL, 'PL',
        '2024-03-16 05:20:00+00', '2024-03-16 05:20:00+00', NULL, 9223372036854775806),
       ('Thames Basements Ltd', 'survey@thames-basements.example', 'GB',
        '2024-03-16 08:05:00+00', '2024-03-16 08:05:00+00', E'C:\\Shares\\Thames\\', NULL);

-- target_only update: 1..15, the new CRM normalised contact addresses (15 rows).
UPDATE customers
   SET email = 'accounts' || id || '@crm.example.com', updated_at = '2024-03-16 02:45:00+00'
 WHERE id BETWEEN 1 AND 15;

-- same_change (update): 31..33, the same bulk e-mail file as on the source (3 rows).
UPDATE customers
   SET email = 'billing' || id || '@customer' || id || '.example.com',
       updated_at = '2024-03-16 04:00:00+00'
 WHERE id BETWEEN 31 AND 33;

-- column_merge: 41..46, the application changed email and updated_at; the source changed only notes (6 rows).
UPDATE customers
   SET email = 'projects' || id || '@customer' || id || '.example.com', updated_at = '2024-03-16 05:05:00+00'
 WHERE id BETWEEN 41 AND 46;

-- conflict update_update: 51..54, e-mail changed to something else than on the source (4 rows).
UPDATE customers
   SET email = 'ap' || id || '@customer' || id || '.example.com', updated_at = '2024-03-16 04:50:00+00'
 WHERE id BETWEEN 51 AND 54;

-- unchanged although touched: a no-op update.
UPDATE customers SET country = country, notes = notes WHERE id BETWEEN 60 AND 64;

-- conflict delete_update: 194, updated here, deleted on the source (1 row).
UPDATE customers SET notes = 'Won back by sales', updated_at = '2024-03-16 06:00:00+00' WHERE id = 194;

-- target_only delete: 200.  same_change (delete): 197.  conflict update_delete: 195, 196.
-- All four are customers without projects.
DELETE FROM customers WHERE id IN (195, 196, 197, 200);

------------------------------------------------------------------------------------------------- projects
-- ids 801..803: conflict insert_insert; 804..810: target_only inserts.  801..805 belong to this side's
-- new customers 202..206.
INSERT INTO projects (customer_id, code, name, budget, tags, started_on, metadata)
SELECT c.id, v.code, v.name, v.budget, v.tags, v.started_on, v.metadata
  FROM (VALUES ( 1, 'hello@nordic-geo.example', 'NGC-2024-01', 'Malmö harbour quay wall',
                 480000.00::numeric, ARRAY['clay','urgent'], date '2024-03-16',
                 '{"region": "coast", "priority": 1, "crs": "EPSG:3006", "status": "active"}'::jsonb),
               ( 2, 'lab@alpine-rock.example', 'ARL-2024-01', 'Gotthard adit core logging',
                 1999999.99, ARRAY['rock'], date '2024-03-17', '{"region": "alps", "priority": 0}'),
               ( 3, 'info@mueller-toechter.example', 'MTT-2024-01', 'Basement extension Linz',
                 75250.00, '{}', date '2024-03-20', NULL),
               ( 4, 'office104@customer104.example.com', 'P2024-0804', 'Road embankment Ridge 804',
                 120000.00, ARRAY['silt','phase-1'], date '2024-04-01', '{"status": "active"}'),
               ( 5, 'survey@thames-basements.example', 'TBL-2024-01', 'Chelsea basement dig',
                 310000.10, ARRAY['clay','phase-1'], date '2024-03-25', '{"region": "south", "crs": "EPSG:27700"}'),
               ( 6, 'office101@customer101.example.com', 'P2024-0806', 'Pile testing Harbour 806',
                 55000.00, NULL, date '2024-04-02', NULL),
               ( 7, 'office103@customer103.example.com', 'P2024-0807', 'Slope stability Valley 807',
                 64000.00, ARRAY['peat'], date '2024-04-03', '{"priority": 3}'),
               ( 8, 'office105@customer105.example.com', 'P2024-0808', 'Groundwater survey East 808',
                 NULL, ARRAY['sand','routine'], NULL, NULL),
               ( 9, 'office106@customer106.example.com', 'P2024-0809', 'Dam inspection North 809',
                 880000.00, ARRAY['rock','phase-2'], date '2024-04-15', '{"status": "planned"}'),
               (10, 'office107@customer107.example.com', 'P2024-0810', 'Tunnel alignment West 810',
                 2300000.00, ARRAY['rock','urgent'], date '2024-05-01', E'{"status": "planned", "note": "é\\"x\\""}'))
       AS v (ord, email, code, name, budget, tags, started_on, metadata)
  JOIN customers c ON c.email = v.email
 ORDER BY v.ord;

-- target_only update: 101..125, projects put on hold by the new portal (25 rows).
UPDATE projects SET metadata = coalesce(metadata, '{}') || '{"status": "on-hold"}' WHERE id BETWEEN 101 AND 125;

-- same_change (update): 151..153, the same approved budget as on the source (3 rows).
UPDATE projects SET budget = 250000.00 WHERE id BETWEEN 151 AND 153;

-- column_merge: 161..165, tags here; budget on the source (5 rows).
UPDATE projects SET tags = tags || 'on-hold'::text WHERE id BETWEEN 161 AND 165;

-- conflict update_update: 171..173, budget +5000 here, +1000 on the source (3 rows).
UPDATE projects SET budget = coalesce(budget, 0) + 5000.00 WHERE id BETWEEN 171 AND 173;

-- conflict delete_update: 797, updated here, deleted on the source (1 row).
UPDATE projects SET metadata = '{"status": "won", "priority": 1}' WHERE id = 797;

-- target_only delete: 800.  same_change (delete): 796.  conflict update_delete: 798.
DELETE FROM projects WHERE id IN (796, 798, 800);

------------------------------------------------------------------------------------------------ boreholes
-- ids 3001..3020, two per new project of this side: 3001..3005 conflict insert_insert,
-- 3006..3020 target_only inserts.
INSERT INTO boreholes (project_id, name, depth_m, location, drilled_at)
SELECT p.id, p.code || '-BH' || n, 8.25 * n + (p.id - 800), point(11.125 + (p.id - 800) * 0.5, 55.5 + n * 0.25),
       timestamptz '2024-03-16 03:00:00+00' + (p.id - 800) * interval '25 minutes' + n * interval '5 minutes'
  FROM projects p
 CROSS JOIN generate_series(1, 2) AS n
 WHERE p.code IN ('NGC-2024-01', 'ARL-2024-01', 'MTT-2024-01', 'P2024-0804', 'TBL-2024-01',
                  'P2024-0806', 'P2024-0807', 'P2024-0808', 'P2024-0809', 'P2024-0810')
 ORDER BY p.id, n;

-- target_only update: 201..230, logged depth extended by 1.50 m (30 rows).
UPDATE boreholes SET depth_m = coalesce(depth_m, 0) + 1.50 WHERE id BETWEEN 201 AND 230;

-- unchanged although touched: a no-op update of point and domain columns.
UPDATE boreholes SET location = location, depth_m = depth_m WHERE id BETWEEN 100 AND 109;

-- same_change (update): 261, 262, the same corrected coordinates as on the source (2 rows).
UPDATE boreholes SET location = point(7.25, 50.125) WHERE id IN (261, 262);

-- column_merge: 271..274, depth here; location on the source (4 rows).
UPDATE boreholes SET depth_m = coalesce(depth_m, 0) + 2.00 WHERE id BETWEEN 271 AND 274;

-- conflict update_update: 281..283, +1.25 here, +0.50 on the source (3 rows).
UPDATE boreholes SET depth_m = coalesce(depth_m, 0) + 1.25 WHERE id BETWEEN 281 AND 283;

-- conflict delete_update: 2995 (1 row).
UPDATE boreholes SET drilled_at = '2024-03-16 02:30:00+00' WHERE id = 2995;

-- target_only delete: 2999, 3000.  same_change (delete): 2997.  conflict update_delete: 2996.
DELETE FROM boreholes WHERE id IN (2996, 2997, 2999, 3000);

-------------------------------------------------------------------------------------------------- samples
-- ids 12001..12040, two per new borehole of this side: 12001..12015 conflict insert_insert,
-- 12016..12040 target_only inserts.
INSERT INTO samples (borehole_id, depth_from, depth_to, sample_type, photo, collected_at, labels)
SELECT b.id, n * 2.0, n * 2.0 + 0.30,
       (ARRAY['disturbed','water']::sample_type[])[n],
       NULL,
       b.drilled_at + n * interval '15 minutes',
       ARRAY['new-stack']
  FROM boreholes b
 CROSS JOIN generate_series(1, 2) AS n
 WHERE b.id > 3000
 ORDER BY b.id, n;

-- target_only update: 501..540, relabelled into new storage boxes (40 rows).
UPDATE samples SET labels = ARRAY['store-B', 'shelf-' || (id % 12)] WHERE id BETWEEN 501 AND 540;

-- same_change (update): 581..583 (3 rows).
UPDATE samples SET labels = ARRAY['reclassified', 'QA-2024-03'] WHERE id BETWEEN 581 AND 583;

-- column_merge: 601..608, labels here; photo on the source (8 rows).
UPDATE samples SET labels = ARRAY['store-B', 'shelf-' || (id % 12)] WHERE id BETWEEN 601 AND 608;

-- conflict update_update: 620, 625, 630, 635, 'undisturbed' here, 'rock' on the source (4 rows).
UPDATE samples SET sample_type = 'undisturbed' WHERE id IN (620, 625, 630, 635);

-- conflict delete_update: 11992 (1 row).
UPDATE samples SET labels = ARRAY['store-B', 'needs-retest'] WHERE id = 11992;

-- target_only delete: 11998..12000.  same_change (delete): 11995, 11996.  conflict update_delete: 11993, 11994.
DELETE FROM samples WHERE id IN (11993, 11994, 11995, 11996, 11998, 11999, 12000);

---------------------------------------------------------------------------------------------- lab_results
-- Key (sample_id, test_code).  "First test" of a sample = code[1 + sample_id % 8] of the list below.
-- MC for every new sample of this side: 12001..12015 conflict insert_insert, 12016..12040 target_only.
INSERT INTO lab_results (sample_id, test_code, value, unit, measured_at, raw)
SELECT s.id, 'MC', round(s.id / 2000.0, 6), '%', s.collected_at + interval '2 hours',
       jsonb_build_object('instrument', 'LAB-NEW-1', 'run', s.id)
  FROM samples s
 WHERE 'new-stack' = ANY (s.labels)
 ORDER BY s.id;

-- target_only insert: UCS on samples 11911..11930 (20 rows).
INSERT INTO lab_results (sample_id, test_code, value, unit, measured_at, raw)
SELECT id, 'UCS', 210.25 + id % 10, 'kPa', '2024-03-16 07:00:00+00', '{"instrument": "LAB-NEW-2"}'
  FROM generate_series(11911, 11930) AS id;

-- same_change (insert): PH on samples 11931, 11932, as on the source (2 rows).
INSERT INTO lab_results (sample_id, test_code, value, unit, measured_at, raw)
SELECT id, 'PH', 7.125000, NULL, '2024-03-16 05:30:00+00', '{"instrument": "PH-METER-2", "auto": true}'
  FROM generate_series(11931, 11932) AS id;

-- target_only update: 1001..1060 first test (60 rows).
UPDATE lab_results SET value = coalesce(value, 0) + 1.000001, measured_at = '2024-03-16 03:30:00+00'
 WHERE sample_id BETWEEN 1001 AND 1060
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- same_change (update): 3201..3204 first test (4 rows).
UPDATE lab_results SET value = 42.500000
 WHERE sample_id BETWEEN 3201 AND 3204
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- column_merge: 3401..3406 first test, value here; raw on the source (6 rows).
UPDATE lab_results SET value = coalesce(value, 0) + 2
 WHERE sample_id BETWEEN 3401 AND 3406
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- conflict update_update: 3501..3505 first test (5 rows).
UPDATE lab_results SET value = coalesce(value, 0) + 0.25
 WHERE sample_id BETWEEN 3501 AND 3505
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- conflict delete_update: 3701, 3702 first test (2 rows).
UPDATE lab_results SET raw = raw || '{"flag": "outlier"}'
 WHERE sample_id IN (3701, 3702)
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- target_only delete: 2001..2015 (15 rows).  same_change (delete): 3301..3303 (3 rows).
-- conflict update_delete: 3601..3603 (3 rows).  All first tests.
DELETE FROM lab_results
 WHERE (sample_id BETWEEN 2001 AND 2015 OR sample_id BETWEEN 3301 AND 3303 OR sample_id BETWEEN 3601 AND 3603)
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

----------------------------------------------------------------------------------------------- import_log
-- No key: compared as a multiset of whole rows.  Line k of the base was logged at
-- 2024-01-01 00:00 UTC + k * 37 minutes.
-- target_only: 25 new lines ...
INSERT INTO import_log (logged_at, level, message, source_file)
SELECT timestamptz '2024-03-16 02:10:00+00' + n * interval '17 minutes',
       CASE WHEN n % 10 = 0 THEN 'WARN' ELSE 'INFO' END,
       'imported batch NEW-' || n || ': ' || (n * 11) || ' rows',
       CASE WHEN n % 5 = 0 THEN NULL ELSE 'new_batch_' || n || '.csv' END
  FROM generate_series(1, 25) AS n;
-- same_change (insert): the smoke test's log line, identical on both stacks (1 row).
INSERT INTO import_log (logged_at, level, message, source_file)
VALUES ('2024-03-16 02:06:00+00', 'INFO', E'smoke test: "import" path OK \\o/', NULL);
-- ... target_only: lines 200, 201, 202 purged (3 rows; 28 target_only in all).
DELETE FROM import_log
 WHERE logged_at IN (timestamptz '2024-01-01 00:00:00+00' + 200 * interval '37 minutes',
                     timestamptz '2024-01-01 00:00:00+00' + 201 * interval '37 minutes',
                     timestamptz '2024-01-01 00:00:00+00' + 202 * interval '37 minutes');
-- same_change (delete): line 300 (1 row).
DELETE FROM import_log WHERE logged_at = timestamptz '2024-01-01 00:00:00+00' + 300 * interval '37 minutes';

----------------------------------------------------------------------------------------------- FieldNotes
-- No new field notes reached this side (the tablets still wrote to the old one).
-- target_only update: 31..38, authors mapped to single-sign-on names (8 rows).
UPDATE "FieldNotes" SET author = 'sso:' || coalesce(author, 'unknown') WHERE id BETWEEN 31 AND 38;

-- same_change (update): 41 (1 row).
UPDATE "FieldNotes" SET "NoteText" = 'Duplicate entry – see note 40' WHERE id = 41;

-- column_merge: 51..53, author here; text on the source (3 rows).
UPDATE "FieldNotes" SET author = 'sso:' || coalesce(author, 'unknown') WHERE id BETWEEN 51 AND 53;

-- conflict update_update: 61, 62 (2 rows).
UPDATE "FieldNotes" SET "NoteText" = E'Casing recovered.\nHole continued to 12 m' WHERE id IN (61, 62);

-- conflict delete_update: 81 (1 row).
UPDATE "FieldNotes" SET "NoteText" = coalesce("NoteText", '') || ' [flagged for audit]' WHERE id = 81;

-- same_change (delete): 42.  conflict update_delete: 71.
DELETE FROM "FieldNotes" WHERE id IN (42, 71);

------------------------------------------------------------------------------------ rows related by keys
-- target_only insert: the ERP sync's project ERP-2024-0042, from this side's sequence (811); the
-- source has it under id 900: a unique_collision on projects.code (1 row).
INSERT INTO projects (customer_id, code, name, budget, tags, started_on, metadata)
VALUES (18, 'ERP-2024-0042', 'Harbour crane foundations', 56000.00, ARRAY['erp'], date '2024-03-19',
        '{"source": "erp", "erp_id": 900}');

-- target_only insert: a sample logged late under borehole 2994, which the source deleted (12041):
-- it makes the source's delete a delete_referenced conflict (1 row).
INSERT INTO samples (borehole_id, depth_from, depth_to, sample_type, collected_at, labels)
VALUES (2994, 0.00, 0.45, 'disturbed', '2024-03-16 05:50:00+00', ARRAY['new-stack', 'late entry']);
