UPDATE parent SET name = 'target merge' WHERE id = 3;
UPDATE parent SET name = 'target 4' WHERE id = 4;
UPDATE parent SET name = 'target 5' WHERE id = 5;
UPDATE parent SET name = 'target 6' WHERE id = 6;
DELETE FROM "Child Rows" WHERE "Id" = 7;
UPDATE "Child Rows" SET "Note ""quoted""" = 'target kept 8' WHERE "Id" = 8;
INSERT INTO parent (id, name) VALUES (21, 'collision on target');
UPDATE parent SET tags = '{}' WHERE id = 10;                                         -- target_only
SELECT setval('parent_id_seq', 21);
