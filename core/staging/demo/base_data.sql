-- pgreconcile demo data set: the BASE (the snapshot taken at cut-over, 2024-03-16 02:00 UTC).
-- Run after schema.sql, in the same database.
--
-- Deterministic by construction: every value is arithmetic on generate_series (no random()), every
-- timestamptz literal carries an explicit +00 offset, and only whole hours/minutes are ever added to a
-- timestamptz ('N days' would move with the session's TimeZone across DST changes).  Text with a
-- backslash or a newline is written as E'' so standard_conforming_strings does not matter.
-- Sizes: customers 200, projects 800, boreholes 3000, samples 12000, lab_results 36000,
--        import_log 1000 (40 lines occur twice), "FieldNotes" 500.
-- Leaf rows reserved for deletions in the change scripts (no children reference them):
--   customers 191..200 have no projects, projects 781..800 have no boreholes,
--   boreholes 2951..3000 have no samples and no field notes, samples 11901..12000 have no lab results.

INSERT INTO customers (id, name, email, country, created_at, updated_at, notes, external_ref)
SELECT g,
       CASE g
         WHEN 7  THEN 'O''Brien & Sons "Drilling" Ltd'
         WHEN 13 THEN E'Back\\slash Geotechnik AG'
         WHEN 99 THEN 'Ünïcødé Bau GmbH 🪨'
         WHEN 150 THEN 'Smith;DROP TABLE customers;-- Surveys'
         ELSE (ARRAY['Granite','Basalt','Loess','Clay','Schist','Moraine','Delta','Karst','Tuff','Gneiss'])[1 + g % 10]
              || ' ' || (ARRAY['Engineering','Foundations','Civil','Geoconsult','Infrastructure','Builders',
                               'Tunnelling','Surveys'])[1 + (g / 10) % 8]
              || ' ' || g
       END,
       CASE WHEN g % 17 = 0 THEN NULL ELSE 'office' || g || '@customer' || g || '.example.com' END,
       CASE WHEN g % 41 = 0 THEN NULL
            ELSE (ARRAY['DE','NL','NO','CH','AT','GB','FR','PL','SE','IT'])[1 + (g * 7) % 10] END,
       timestamptz '2019-01-07 08:00:00+00' + g * interval '123 hours 17 minutes',
       timestamptz '2019-01-07 08:00:00+00' + g * interval '123 hours 17 minutes'
           + (g % 40) * interval '24 hours' + interval '15 minutes',
       CASE
         WHEN g = 21 THEN E'Invoice to:\nPO Box 12\n"Attn: Accounts"'
         WHEN g = 35 THEN E'Reports go to C:\\Projects\\Geo\\ (legacy share)'
         WHEN g = 50 THEN 'Prefers 📧 over ☎️ — always cc the site lead'
         WHEN g = 90 THEN E'tab\there; it''s fine'
         WHEN g % 5 = 0 THEN 'Key account, framework contract #' || (1000 + g)
         ELSE NULL
       END,
       CASE WHEN g = 1 THEN 9223372036854775807
            WHEN g % 4 = 0 THEN 9007199254740993 + g * 1000003   -- above 2^53: a double cannot hold these
            WHEN g % 4 = 1 THEN 100000 + g
            ELSE NULL END
FROM generate_series(1, 200) AS g;

INSERT INTO projects (id, customer_id, code, name, budget, tags, started_on, metadata)
SELECT g,
       ((g - 1) % 190) + 1,
       'P' || (2019 + (g - 1) / 160) || '-' || lpad(g::text, 4, '0'),
       (ARRAY['Site investigation','Foundation design','Slope stability','Tunnel alignment','Dam inspection',
              'Pile testing','Groundwater survey','Road embankment'])[1 + g % 8]
         || ' ' || (ARRAY['North','South','East','West','Harbour','Ridge','Valley'])[1 + (g / 8) % 7] || ' ' || g,
       CASE WHEN g = 500 THEN 999999999999.99
            WHEN g % 23 = 0 THEN NULL
            ELSE (10000 + (g * 7919) % 990000) + ((g * 37) % 100) / 100.0 END,
       CASE WHEN g = 77 THEN ARRAY['has,comma', 'say "hi"', E'back\\slash', 'ümlaut', '']
            WHEN g % 13 = 0 THEN NULL
            WHEN g % 11 = 0 THEN '{}'::text[]
            ELSE ARRAY[(ARRAY['clay','sand','gravel','rock','peat','silt'])[1 + g % 6],
                       (ARRAY['urgent','routine','phase-1','phase-2'])[1 + g % 4]] END,
       date '2019-01-01' + g * 2,
       CASE WHEN g = 123 THEN E'{"note": "ö \\"quoted\\" \\\\ back", "nested": {"a": [1, 2.50, null]}, "status": "active"}'::jsonb
            WHEN g % 19 = 0 THEN NULL
            ELSE jsonb_build_object('region', (ARRAY['north','south','coast','alps'])[1 + g % 4],
                                    'priority', g % 5,
                                    'crs', 'EPSG:25832',
                                    'status', CASE WHEN g < 600 THEN 'closed' ELSE 'active' END) END
FROM generate_series(1, 800) AS g;

INSERT INTO boreholes (id, project_id, name, depth_m, location, drilled_at)
SELECT g,
       ((g - 1) % 780) + 1,
       'BH-' || lpad(g::text, 5, '0'),
       CASE WHEN g % 29 = 0 THEN NULL ELSE 5 + ((g * 37) % 4500) / 100.0 END,
       CASE WHEN g % 31 = 0 THEN NULL
            ELSE point(6 + ((g * 7) % 4000) / 1000.0, 47 + ((g * 13) % 6000) / 1000.0) END,
       timestamptz '2019-02-01 06:00:00+00' + g * interval '7 hours 13 minutes'
FROM generate_series(1, 3000) AS g;

INSERT INTO samples (id, borehole_id, depth_from, depth_to, sample_type, photo, collected_at, labels)
SELECT g,
       ((g - 1) % 2950) + 1,
       CASE WHEN g % 211 = 0 THEN NULL ELSE (g % 20) * 0.5 END,
       CASE WHEN g % 211 = 0 THEN NULL ELSE (g % 20) * 0.5 + 0.25 END,
       (ARRAY['core','disturbed','undisturbed','water','rock']::sample_type[])[1 + g % 5],
       CASE WHEN g = 5000 THEN decode(repeat('89504e470d0a1a0a', 128), 'hex')
            WHEN g % 10 = 0 THEN decode(md5('photo' || g), 'hex') END,
       timestamptz '2019-02-02 09:00:00+00' + g * interval '1 hour 53 minutes',
       CASE WHEN g % 97 = 0 THEN ARRAY['batch-' || (g / 100), NULL]
            WHEN g % 89 = 0 THEN NULL
            ELSE ARRAY['batch-' || (g / 100), 'box-' || (g % 40)] END
FROM generate_series(1, 12000) AS g;

-- Samples 1..11900 have three tests each, samples 1..300 a fourth one: 35700 + 300 = 36000 rows.
-- Test k of sample s is code[1 + (s + k) % 8]; the change scripts address "the first test" (k = 0).
INSERT INTO lab_results (sample_id, test_code, value, unit, measured_at, raw)
SELECT s,
       c.code,
       CASE WHEN s = 1 AND k = 0 THEN 12345678901234.123456
            WHEN (s * 3 + k) % 53 = 0 THEN NULL
            ELSE ((s * 104729 + k * 7919) % 100000000) / 1000000.0 END,
       CASE c.code WHEN 'MC' THEN '%' WHEN 'LL' THEN '%' WHEN 'PL' THEN '%' WHEN 'CBR' THEN '%'
                   WHEN 'UCS' THEN 'kPa' WHEN 'SG' THEN '-' WHEN 'GS' THEN 'mm' ELSE NULL END,
       timestamptz '2019-02-10 10:00:00+00' + s * interval '1 hour 50 minutes' + k * interval '17 minutes',
       CASE WHEN s % 1000 = 0
            THEN jsonb_build_object('instrument', 'LAB-' || (s % 7), 'run', s * 10 + k,
                                    'comment', E'retested: "ok"\n✓ see C:\\lab\\' || s)
            ELSE jsonb_build_object('instrument', 'LAB-' || (s % 7), 'run', s * 10 + k,
                                    'operator', (ARRAY['kim','lee','ola'])[1 + s % 3]) END
FROM (SELECT s, k FROM generate_series(1, 11900) AS s, generate_series(0, 2) AS k
      UNION ALL
      SELECT s, 3 FROM generate_series(1, 300) AS s) AS x
CROSS JOIN LATERAL (SELECT (ARRAY['MC','LL','PL','UCS','PH','SG','GS','CBR'])[1 + (x.s + x.k) % 8] AS code) AS c;

-- 1000 log lines; lines 961..1000 repeat lines 921..960 exactly (a retried import logged twice).
INSERT INTO import_log (logged_at, level, message, source_file)
SELECT timestamptz '2024-01-01 00:00:00+00' + k * interval '37 minutes',
       (ARRAY['INFO','INFO','INFO','WARN','ERROR'])[1 + k % 5],
       CASE WHEN k % 50 = 0
            THEN E'file "C:\\lab\\in\\batch_' || k || E'.csv": 2 rows rejected\n  line 3: unterminated quote \''
            WHEN k % 97 = 0 THEN '⚠️ slow import (' || (k % 60) || ' s)'
            ELSE 'imported batch ' || k || ': ' || ((k * 13) % 500) || ' rows' END,
       CASE WHEN k % 7 = 0 THEN NULL ELSE 'batch_' || lpad(k::text, 4, '0') || '.csv' END
FROM (SELECT CASE WHEN g <= 960 THEN g ELSE g - 40 END AS k FROM generate_series(1, 1000) AS g) AS x;

INSERT INTO "FieldNotes" (id, borehole_id, author, "NoteText", written_at)
SELECT g,
       ((g * 7 - 1) % 2950) + 1,
       CASE WHEN g % 37 = 0 THEN NULL
            ELSE (ARRAY['m.jansen','a.okafor','l.nguyen','p.o''neil','s.müller'])[1 + g % 5] END,
       CASE WHEN g % 43 = 0 THEN NULL
            WHEN g % 10 = 1 THEN 'Groundwater struck at ' || (g % 12) || E'.5 m.\nCasing advanced; "seepage" noted.'
            WHEN g % 10 = 2 THEN E'Photos on \\\\nas01\\field\\BH' || g || E'\\'
            WHEN g % 10 = 3 THEN 'Boulder 🪨 at shallow depth, rig chattered 😬'
            WHEN g % 10 = 4 THEN 'It''s 100% clay — don''t trust the SPT'
            ELSE 'Routine log, no anomalies (' || g || ')' END,
       timestamptz '2019-03-01 12:00:00+00' + g * interval '41 hours 7 minutes'
FROM generate_series(1, 500) AS g;

-- Sequences stand exactly at the highest key, as they would after normal use.
SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT max(id) FROM customers));
SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects));
SELECT setval(pg_get_serial_sequence('boreholes', 'id'), (SELECT max(id) FROM boreholes));
SELECT setval(pg_get_serial_sequence('samples', 'id'), (SELECT max(id) FROM samples));
SELECT setval(pg_get_serial_sequence('"FieldNotes"', 'id'), (SELECT max(id) FROM "FieldNotes"));
