--
-- PostgreSQL database dump
--

CREATE TABLE t (a int;
\connect other
