UPDATE parent SET name = E'src \\ back\\slash ''quote'' 😀' WHERE id = 1;
DELETE FROM "Child Rows" WHERE "Id" = 2;
INSERT INTO parent (id, name, score) VALUES (100, 'new on source', 1.100000);
UPDATE parent SET score = 2.5 WHERE id = 3;
UPDATE parent SET name = 'source wins' WHERE id = 4;
UPDATE parent SET name = 'edited by hand' WHERE id = 6;
INSERT INTO "Child Rows" ("Id", parent_id, "Note ""quoted""", doc, raw, at, loose, spot)
    VALUES (7, 8, E'note\t7', '{"n": 7}', '\x00ff', '2026-01-01 00:00+00', '{"b":2}', '(7,7.5)');
DELETE FROM "Child Rows" WHERE "Id" = 8;
INSERT INTO parent (id, name) VALUES (101, 'collision on source');  -- re-keyed: fresh keys start past the source's own new 100
INSERT INTO "Child Rows" ("Id", parent_id, "Note ""quoted""") VALUES (41, 101, 'child of the collision');
UPDATE "Child Rows" SET parent_id = 101 WHERE "Id" = 3;
INSERT INTO grand VALUES (101, 1); INSERT INTO great VALUES (101, 1, 'two levels down');
INSERT INTO log VALUES ('z', 3);
DELETE FROM log WHERE line = 'y';
