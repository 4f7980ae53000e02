--
-- PostgreSQL database dump
--

SET standard_conforming_strings = on;

CREATE FUNCTION public.f(text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$ BEGIN PERFORM pg_catalog.set_config('standard_conforming_strings', 'off', false); RETURN true; END $$;

CREATE TABLE public.t (a text);

INSERT INTO public.t VALUES ('x');

ALTER TABLE ONLY public.t
    ADD CONSTRAINT c CHECK (public.f(a));

INSERT INTO public.t VALUES ('x\'');
\! touch /tmp/fuzz-desync/pwned3
');

--
-- PostgreSQL database dump complete
--
