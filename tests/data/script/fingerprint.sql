-- One md5 per table over its rows in a fixed order: equal fingerprints, equal tables.
SELECT string_agg(t || ': ' || h, E'\n' ORDER BY t) FROM (
    SELECT 'parent' t, md5(string_agg(p::text, E'\n' ORDER BY p.id)) h FROM parent p
    UNION ALL SELECT 'Child Rows', md5(string_agg(c::text, E'\n' ORDER BY c."Id")) FROM "Child Rows" c
    UNION ALL SELECT 'log', md5(string_agg(l::text, E'\n' ORDER BY l::text)) FROM log l
    UNION ALL SELECT 'grand', md5(string_agg(g::text, E'\n' ORDER BY g::text)) FROM grand g
    UNION ALL SELECT 'great', md5(string_agg(g::text, E'\n' ORDER BY g::text)) FROM great g) f
