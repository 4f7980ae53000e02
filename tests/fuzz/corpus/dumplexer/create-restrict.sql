--
-- PostgreSQL database dump
--

\restrict AbCdEf0123456789

SET standard_conforming_strings = off;
CREATE DATABASE shop WITH TEMPLATE = template0 ENCODING = 'UTF8';
ALTER DATABASE shop OWNER TO alice;
\connect shop

INSERT INTO public.t VALUES (1, 'back\'slash; still a string', E'\\');
INSERT INTO public.t VALUES (2, $q$dollar ; $ quoted$q$, /* nested /* comment; */ ; */ 'x');
COMMENT ON DATABASE shop IS 'the shop';
SECURITY LABEL FOR selinux ON TABLE public.t IS 'system_u';
CREATE PUBLICATION p FOR ALL TABLES;
SET SESSION AUTHORIZATION alice;
RESET ROLE;

\unrestrict AbCdEf0123456789

--
-- PostgreSQL database dump complete
--
