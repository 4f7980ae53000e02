--
-- PostgreSQL database dump
--

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET row_security = off;

--
-- Name: shop; Type: SCHEMA; Schema: -; Owner: alice
--

CREATE SCHEMA shop;


ALTER SCHEMA shop OWNER TO alice;

--
-- Name: touch(); Type: FUNCTION; Schema: shop; Owner: alice
--

CREATE FUNCTION shop.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.updated := now(); -- GRANT ALL ON x TO y;
  RETURN NEW;
END
$$;


ALTER FUNCTION shop.touch() OWNER TO alice;

CREATE FUNCTION shop.total(a integer, b integer) RETURNS integer
    LANGUAGE sql
    BEGIN ATOMIC
 SELECT CASE WHEN a > 0 THEN (a + b) END;
END;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: orders; Type: TABLE; Schema: shop; Owner: alice
--

CREATE TABLE shop.orders (
    id integer NOT NULL,
    note text DEFAULT 'it''s ; fine'::text,
    "weird ""name""" text
);


ALTER TABLE shop.orders OWNER TO alice;

--
-- Data for Name: orders; Type: TABLE DATA; Schema: shop; Owner: alice
--

COPY shop.orders (id, note, "weird ""name""") FROM stdin;
1	first	\N
2	GRANT ALL ON shop.orders TO evil;	x
3	tab\there	\\.
\.


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: shop; Owner: alice
--

ALTER TABLE ONLY shop.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: TABLE orders; Type: ACL; Schema: shop; Owner: alice
--

GRANT SELECT ON TABLE shop.orders TO reporting;


--
-- PostgreSQL database dump complete
--

