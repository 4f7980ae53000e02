-- pgreconcile demo data set: what happened on the OLD database (the SOURCE) after cut-over.
-- Applied to a copy of the base (CREATE DATABASE demo_source TEMPLATE demo_base).
--
-- Story: at 2024-03-16 02:00 UTC production moved to the new stack; DNS lagged and for about eight
-- hours ~10% of the writes still landed here.  Every statement is labelled with the class its rows
-- get in the three-way diff against the base and target_changes.sql (see docs/demo.md for the table).
-- New rows take their ids from the sequences (DEFAULT), so this side's sequences end past its own max,
-- and they hand out the same ids as the target's sequences did: that is the insert/insert collision.
-- Children of new rows find their parent by a natural value (email, code, name), never by a literal id.

------------------------------------------------------------------------------------------------ customers
-- same_change (insert): the go-live smoke test created the same customer on both stacks -> id 201.
INSERT INTO customers (name, email, country, created_at, updated_at, notes, external_ref)
VALUES ('Cut-over smoke test', 'smoke-test@lab.example', 'DE',
        '2024-03-16 02:05:00+00', '2024-03-16 02:05:00+00', 'created by go-live checklist step 14', NULL);

-- conflict insert_insert: two real new customers -> ids 202, 203 (the target gave 202..206 to others).
INSERT INTO customers (name, email, country, created_at, updated_at, notes, external_ref)
VALUES ('Fjord Tunnelling AS', 'ops@fjord-tunnelling.example', 'NO',
        '2024-03-16 03:12:00+00', '2024-03-16 03:12:00+00', E'Signed at the "Bergen" fair\nNDA on file', 9007199254740995),
       ('Ørsted Pier Works', 'pier@orsted-works.example', 'DK',
        '2024-03-16 05:40:00+00', '2024-03-16 05:40:00+00', NULL, 9007199254740997);

-- source_only update: 21..28, credit hold lifted by the accounts team (8 rows).
UPDATE customers
   SET notes = coalesce(notes || E'\n', '') || 'Credit hold lifted (ticket #4711)',
       updated_at = '2024-03-16 03:10:00+00'
 WHERE id BETWEEN 21 AND 28;

-- same_change (update): 31..33, the customers' own bulk e-mail change file, imported on both stacks
-- by the same cron job with the file's timestamp (3 rows).
UPDATE customers
   SET email = 'billing' || id || '@customer' || id || '.example.com',
       updated_at = '2024-03-16 04:00:00+00'
 WHERE id BETWEEN 31 AND 33;

-- column_merge: 41..46, a support engineer fixed notes by hand in psql (no updated_at); the target's
-- application changed email and updated_at: disjoint column sets (6 rows).
UPDATE customers
   SET notes = 'Prefers paper invoices; call before site visits'
 WHERE id BETWEEN 41 AND 46;

-- conflict update_update: 51..54, the e-mail changed on both stacks to different values (4 rows).
UPDATE customers
   SET email = 'finance' || id || '@customer' || id || '.example.com',
       updated_at = '2024-03-16 06:30:00+00'
 WHERE id BETWEEN 51 AND 54;

-- unchanged although touched: 70 was edited and edited back; 60..64 got a no-op update.
UPDATE customers SET notes = 'temporary' WHERE id = 70;
UPDATE customers SET notes = 'Key account, framework contract #1070' WHERE id = 70;
UPDATE customers SET country = country WHERE id BETWEEN 60 AND 64;

-- conflict update_delete: 195, 196 updated here, deleted on target (2 rows).
UPDATE customers
   SET name = name || ' (reactivated)', updated_at = '2024-03-16 07:15:00+00'
 WHERE id IN (195, 196);

-- source_only delete: 198, 199 (2 rows).  same_change (delete): 197.  conflict delete_update: 194.
-- All four are customers without projects.
DELETE FROM customers WHERE id IN (194, 197, 198, 199);

------------------------------------------------------------------------------------------------- projects
-- conflict insert_insert: ids 801..803; 801 and 802 belong to this side's new customers 202 and 203.
INSERT INTO projects (customer_id, code, name, budget, tags, started_on, metadata)
SELECT c.id, v.code, v.name, v.budget, v.tags, v.started_on, v.metadata
  FROM (VALUES (1, 'ops@fjord-tunnelling.example', 'FJT-2024-01', 'Fjord tunnel portal investigation',
                1250000.00::numeric, ARRAY['rock','urgent'], date '2024-03-16',
                '{"region": "north", "priority": 1, "crs": "EPSG:25833", "status": "active"}'::jsonb),
               (2, 'pier@orsted-works.example', 'ORS-2024-01', 'Pier 7 pile load test',
                86400.50, ARRAY['sand','phase-1'], date '2024-03-18',
                '{"region": "coast", "priority": 2, "crs": "EPSG:25832", "status": "active"}'),
               (3, 'office18@customer18.example.com', 'GRA-2024-07', 'Quarry slope re-survey',
                NULL, NULL, NULL, NULL)) AS v (ord, email, code, name, budget, tags, started_on, metadata)
  JOIN customers c ON c.email = v.email
 ORDER BY v.ord;

-- source_only update: 131..140, budgets raised by 2500.00 (10 rows).
UPDATE projects SET budget = coalesce(budget, 0) + 2500.00 WHERE id BETWEEN 131 AND 140;

-- same_change (update): 151..153, the same approved budget on both stacks (3 rows).
UPDATE projects SET budget = 250000.00 WHERE id BETWEEN 151 AND 153;

-- column_merge: 161..165, budget +10% here; the target changed tags (5 rows).
UPDATE projects SET budget = coalesce(budget, 1000) * 1.10 WHERE id BETWEEN 161 AND 165;

-- conflict update_update: 171..173, budget changed differently on both (3 rows).
UPDATE projects SET budget = coalesce(budget, 0) + 1000.00 WHERE id BETWEEN 171 AND 173;

-- conflict unique_collision: the ERP sync created project ERP-2024-0042 on both stacks, here under
-- the ERP's own id 900, on the target from its sequence (811): one project, two ids (1 row).
INSERT INTO projects (id, customer_id, code, name, budget, tags, started_on, metadata)
VALUES (900, 18, 'ERP-2024-0042', 'Harbour crane foundations', 56000.00, ARRAY['erp'], date '2024-03-19',
        '{"source": "erp", "erp_id": 900}');

-- conflict update_delete: 798 renamed here, deleted on target (1 row).
UPDATE projects SET name = name || ' – phase 2 approved' WHERE id = 798;

-- source_only delete: 799.  same_change (delete): 796.  conflict delete_update: 797.
-- Projects 781..800 have no boreholes.
DELETE FROM projects WHERE id IN (796, 797, 799);

------------------------------------------------------------------------------------------------ boreholes
-- source_only insert: a borehole drilled for the ERP project, under the source's id 900 (1 row).
-- Kept out with its project it would point at nothing; mapping project 900 onto the target's 811
-- (map_onto_target) carries it over under 811.
INSERT INTO boreholes (id, project_id, name, depth_m, location, drilled_at)
VALUES (3101, 900, 'ERP-2024-0042-BH1', 18.00, point(10.5, 53.5), timestamptz '2024-03-19 09:00:00+00');

-- conflict insert_insert: ids 3001..3005, two each for FJT-2024-01 and ORS-2024-01, one for GRA-2024-07.
INSERT INTO boreholes (project_id, name, depth_m, location, drilled_at)
SELECT p.id, p.code || '-BH' || n, 12.50 * n, point(5.25 + n, 60.125 + n),
       timestamptz '2024-03-16 04:00:00+00' + (p.id - 800) * interval '1 hour' + n * interval '7 minutes'
  FROM projects p
  JOIN (VALUES ('FJT-2024-01', 2), ('ORS-2024-01', 2), ('GRA-2024-07', 1)) AS v (code, holes) ON v.code = p.code
 CROSS JOIN LATERAL generate_series(1, v.holes) AS n
 ORDER BY p.id, n;

-- source_only update: 241..252, surveyed coordinates corrected (12 rows).
UPDATE boreholes SET location = point(8.5 + id * 0.001, 49.25 + id * 0.001) WHERE id BETWEEN 241 AND 252;

-- same_change (update): 261, 262, both stacks got the same corrected coordinates (2 rows).
UPDATE boreholes SET location = point(7.25, 50.125) WHERE id IN (261, 262);

-- column_merge: 271..274, location here; depth_m on target (4 rows).
UPDATE boreholes SET location = point(9.75, 48.5 + id * 0.01) WHERE id BETWEEN 271 AND 274;

-- conflict update_update: 281..283, final depth differs (3 rows).
UPDATE boreholes SET depth_m = coalesce(depth_m, 0) + 0.50 WHERE id BETWEEN 281 AND 283;

-- conflict update_delete: 2996 (1 row).
UPDATE boreholes SET location = point(6.5, 47.5) WHERE id = 2996;

-- source_only delete: 2998.  same_change (delete): 2997.  conflict delete_update: 2995.
-- Boreholes 2951..3000 have neither samples nor field notes.
DELETE FROM boreholes WHERE id IN (2995, 2997, 2998);

-- conflict delete_referenced: 2994 abandoned here, while the target logged a sample under it
-- (sample 12041, target_changes.sql): deleting it would lose the target's sample.
DELETE FROM boreholes WHERE id = 2994;

-------------------------------------------------------------------------------------------------- samples
-- conflict insert_insert: ids 12001..12015, three per new borehole of this side.
INSERT INTO samples (borehole_id, depth_from, depth_to, sample_type, photo, collected_at, labels)
SELECT b.id, (n - 1) * 1.5, (n - 1) * 1.5 + 0.45,
       (ARRAY['core','undisturbed','rock']::sample_type[])[n],
       CASE WHEN n = 1 THEN decode('ffd8ffe000104a464946', 'hex') END,
       b.drilled_at + n * interval '20 minutes',
       ARRAY['old-stack', b.name]
  FROM boreholes b
 CROSS JOIN generate_series(1, 3) AS n
 WHERE b.name LIKE 'FJT-2024-01-BH%' OR b.name LIKE 'ORS-2024-01-BH%' OR b.name LIKE 'GRA-2024-07-BH%'
 ORDER BY b.id, n;

-- source_only update: 561..570, photos retaken (10 rows).
UPDATE samples SET photo = decode(md5('retake' || id), 'hex') WHERE id BETWEEN 561 AND 570;

-- same_change (update): 581..583, identical relabelling (3 rows).
UPDATE samples SET labels = ARRAY['reclassified', 'QA-2024-03'] WHERE id BETWEEN 581 AND 583;

-- column_merge: 601..608, photo here; labels on target (8 rows).
UPDATE samples SET photo = decode(md5('retake' || id), 'hex') WHERE id BETWEEN 601 AND 608;

-- conflict update_update: 620, 625, 630, 635 (all 'core' in base): 'rock' here, 'undisturbed' there (4 rows).
UPDATE samples SET sample_type = 'rock' WHERE id IN (620, 625, 630, 635);

-- conflict update_delete: 11993, 11994 (2 rows).
UPDATE samples SET labels = labels || 'keep: disputed'::text WHERE id IN (11993, 11994);

-- source_only delete: 11997.  same_change (delete): 11995, 11996.  conflict delete_update: 11992.
-- Samples 11901..12000 have no lab results.
DELETE FROM samples WHERE id IN (11992, 11995, 11996, 11997);

---------------------------------------------------------------------------------------------- lab_results
-- Key (sample_id, test_code).  "First test" of a sample = code[1 + sample_id % 8] of the list below.
-- New samples 12001..12015 of this side get MC and LL: the 15 MC rows collide with the target's MC
-- rows for its own samples 12001..12015 (conflict insert_insert); the 15 LL rows have no counterpart
-- on target, so they are source_only inserts (that still hang off colliding sample ids).
INSERT INTO lab_results (sample_id, test_code, value, unit, measured_at, raw)
SELECT s.id, t.code, round(s.id / 1000.0 + t.k * 0.333333, 6), '%',
       s.collected_at + interval '3 hours' + t.k * interval '10 minutes',
       jsonb_build_object('instrument', 'LAB-OLD', 'run', s.id * 10 + t.k)
  FROM samples s
 CROSS JOIN (VALUES (0, 'MC'), (1, 'LL')) AS t (k, code)
 WHERE 'old-stack' = ANY (s.labels)
 ORDER BY s.id, t.k;

-- conflict parent_missing: a UCS result for sample 11998, which the target deleted (1 row).
INSERT INTO lab_results (sample_id, test_code, value, unit, measured_at, raw)
VALUES (11998, 'UCS', 149.5, 'kPa', '2024-03-16 06:05:00+00', '{"instrument": "LAB-OLD", "press": "P2"}');

-- source_only insert: UCS on samples 11901..11910 (10 rows).
INSERT INTO lab_results (sample_id, test_code, value, unit, measured_at, raw)
SELECT id, 'UCS', 150.5 + id % 10, 'kPa', '2024-03-16 06:00:00+00',
       '{"instrument": "LAB-OLD", "press": "P2"}'
  FROM generate_series(11901, 11910) AS id;

-- same_change (insert): PH on samples 11931, 11932, uploaded to both stacks by the instrument gateway (2 rows).
INSERT INTO lab_results (sample_id, test_code, value, unit, measured_at, raw)
SELECT id, 'PH', 7.125000, NULL, '2024-03-16 05:30:00+00', '{"instrument": "PH-METER-2", "auto": true}'
  FROM generate_series(11931, 11932) AS id;

-- source_only update: 3001..3020 first test, value corrected in the 6th decimal (20 rows).
UPDATE lab_results SET value = coalesce(value, 0) + 0.000001
 WHERE sample_id BETWEEN 3001 AND 3020
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- same_change (update): 3201..3204 first test, the same re-measured value (4 rows).
UPDATE lab_results SET value = 42.500000
 WHERE sample_id BETWEEN 3201 AND 3204
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- column_merge: 3401..3406 first test, raw gets a reviewer here; the target changed value (6 rows).
UPDATE lab_results SET raw = raw || '{"reviewed_by": "qa.o''hara"}'
 WHERE sample_id BETWEEN 3401 AND 3406
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- conflict update_update: 3501..3505 first test, +0.5 here, +0.25 on target (5 rows).
UPDATE lab_results SET value = coalesce(value, 0) + 0.5
 WHERE sample_id BETWEEN 3501 AND 3505
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- conflict update_delete: 3601..3603 first test (3 rows).
UPDATE lab_results SET value = coalesce(value, 0) + 0.1
 WHERE sample_id BETWEEN 3601 AND 3603
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

-- source_only delete: 3101..3105 (5 rows).  same_change (delete): 3301..3303 (3 rows).
-- conflict delete_update: 3701, 3702 (2 rows).  All first tests.
DELETE FROM lab_results
 WHERE (sample_id BETWEEN 3101 AND 3105 OR sample_id BETWEEN 3301 AND 3303 OR sample_id IN (3701, 3702))
   AND test_code = (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + sample_id % 8];

----------------------------------------------------------------------------------------------- import_log
-- No key: compared as a multiset of whole rows.  Line k of the base was logged at
-- 2024-01-01 00:00 UTC + k * 37 minutes; lines k = 921..960 occur twice.
-- source_only insert: 6 new lines ...
INSERT INTO import_log (logged_at, level, message, source_file)
SELECT timestamptz '2024-03-16 02:30:00+00' + n * interval '45 minutes', 'INFO',
       'imported batch OLD-' || n || ': ' || (n * 7) || ' rows', 'old_batch_' || n || '.csv'
  FROM generate_series(1, 6) AS n;
-- ... and a 3rd occurrence of line 950 (one more source_only insert, 7 in all).
INSERT INTO import_log
SELECT * FROM import_log
 WHERE logged_at = timestamptz '2024-01-01 00:00:00+00' + 950 * interval '37 minutes'
 LIMIT 1;
-- same_change (insert): the smoke test's log line, identical on both stacks (1 row).
INSERT INTO import_log (logged_at, level, message, source_file)
VALUES ('2024-03-16 02:06:00+00', 'INFO', E'smoke test: "import" path OK \\o/', NULL);
-- source_only delete: one of the two occurrences of line 940, and line 100 (2 rows).
DELETE FROM import_log
 WHERE ctid = (SELECT ctid FROM import_log
                WHERE logged_at = timestamptz '2024-01-01 00:00:00+00' + 940 * interval '37 minutes'
                LIMIT 1);
DELETE FROM import_log WHERE logged_at = timestamptz '2024-01-01 00:00:00+00' + 100 * interval '37 minutes';
-- same_change (delete): line 300 (1 row).
DELETE FROM import_log WHERE logged_at = timestamptz '2024-01-01 00:00:00+00' + 300 * interval '37 minutes';

----------------------------------------------------------------------------------------------- FieldNotes
-- Field tablets cached the old address: every new field note of the night landed here only.
-- source_only insert: ids 501..506, two of them on this side's new (colliding) boreholes.
INSERT INTO "FieldNotes" (borehole_id, author, "NoteText", written_at)
SELECT b.id, v.author, v.note, v.written_at
  FROM (VALUES (1, 'BH-00120', 'a.okafor', E'Water level 3.2 m below GL.\nStandpipe installed.', timestamptz '2024-03-16 03:00:00+00'),
               (2, 'BH-00121', 'a.okafor', 'Refusal at 8 m — "hard layer"?', '2024-03-16 03:40:00+00'),
               (3, 'BH-00450', 'p.o''neil', E'Sample bags relabelled, see \\\\nas01\\field\\night', '2024-03-16 04:15:00+00'),
               (4, 'BH-00451', NULL, NULL, '2024-03-16 04:20:00+00'),
               (5, 'FJT-2024-01-BH1', 'l.nguyen', 'Portal face: fractured gneiss 🪨🪨', '2024-03-16 06:10:00+00'),
               (6, 'ORS-2024-01-BH1', 'l.nguyen', E'Pier 7: tide at +1.1 m,\tpile cap wet', '2024-03-16 07:45:00+00'))
       AS v (ord, bh, author, note, written_at)
  JOIN boreholes b ON b.name = v.bh
 ORDER BY v.ord;

-- source_only update: 11..15, unit fix in the text (5 rows).
UPDATE "FieldNotes" SET "NoteText" = coalesce("NoteText", '') || E'\n[corrected: depths in m, not ft]'
 WHERE id BETWEEN 11 AND 15;

-- same_change (update): 41 (1 row).
UPDATE "FieldNotes" SET "NoteText" = 'Duplicate entry – see note 40' WHERE id = 41;

-- column_merge: 51..53, text here, author on target (3 rows).
UPDATE "FieldNotes" SET "NoteText" = coalesce("NoteText", '') || ' (verified on site)' WHERE id BETWEEN 51 AND 53;

-- conflict update_update: 61, 62 (2 rows).
UPDATE "FieldNotes" SET "NoteText" = 'Casing lost at 4 m; hole abandoned' WHERE id IN (61, 62);

-- conflict update_delete: 71 (1 row).
UPDATE "FieldNotes" SET "NoteText" = 'Keep: evidence for the claim' WHERE id = 71;

-- source_only delete: 21, 22.  same_change (delete): 42.  conflict delete_update: 81.
DELETE FROM "FieldNotes" WHERE id IN (21, 22, 42, 81);
