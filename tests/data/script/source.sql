UPDATE parent SET name = E'src \\ back\\slash ''quote'' 😀' WHERE id = 1;           -- source_only update
DELETE FROM "Child Rows" WHERE "Id" = 2;                                           -- source_only delete
INSERT INTO parent (id, name, score) VALUES (100, 'new on source', 1.100000);         -- source_only insert
UPDATE parent SET score = 2.5 WHERE id = 3;                                          -- column_merge (target: name)
UPDATE parent SET name = 'source wins' WHERE id = 4;                                 -- update_update: take source
UPDATE parent SET name = 'source loses' WHERE id = 5;                                -- update_update: keep target
UPDATE parent SET name = 'edit me' WHERE id = 6;                                     -- update_update: edited
UPDATE "Child Rows" SET doc = '{"n": 7}', loose = '{"b":2}', spot = '(7,7.5)' WHERE "Id" = 7;  -- update_delete: take source
DELETE FROM "Child Rows" WHERE "Id" = 8;                                             -- delete_update: take source (delete)
INSERT INTO parent (id, name) VALUES (21, 'collision on source');                    -- insert_insert: re-key
INSERT INTO "Child Rows" ("Id", parent_id, "Note ""quoted""") VALUES (41, 21, 'child of the collision'); -- follows the re-key
UPDATE "Child Rows" SET parent_id = 21 WHERE "Id" = 3;                               -- an existing row now points at the collision
INSERT INTO grand VALUES (21, 1); INSERT INTO great VALUES (21, 1, 'two levels down');  -- follow the re-key
INSERT INTO log VALUES ('z', 3);                                                     -- keyless insert
DELETE FROM log WHERE line = 'y';                                                    -- keyless delete
SELECT setval('parent_id_seq', 100); SELECT setval(pg_get_serial_sequence('"Child Rows"', 'Id'), 41);
