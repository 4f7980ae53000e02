// SPDX-License-Identifier: GPL-3.0-or-later
// The plain-dump lexer and checker are pure functions of the text: no server needed.
#include "dumpcheck.h"
#include "dumplexer.h"
#include "error.h"
#include "sqllexing.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using pgr::DumpLexer;
using pgr::DumpPiece;
using pgr::StatementVerdict;

namespace {

QList<DumpPiece> lex(QByteArrayView text, qsizetype chunk = 0)
{
    DumpLexer lexer([](QByteArrayView statement) {
        const auto verdicts = pgr::judgeStatement(statement);
        return verdicts.size() == 1 && verdicts[0].copyFromStdin;
    });
    QList<DumpPiece> pieces;
    if (chunk <= 0)
        chunk = qMax<qsizetype>(1, text.size());
    for (qsizetype at = 0; at < text.size(); at += chunk) {
        lexer.feed(text.sliced(at, qMin(chunk, text.size() - at)));
        pieces += lexer.takePieces();
    }
    lexer.finish();
    pieces += lexer.takePieces();
    // COPY data cut across chunks comes in several pieces: join them to compare.
    QList<DumpPiece> joined;
    for (const DumpPiece& piece : pieces) {
        if (!joined.isEmpty() && piece.kind == DumpPiece::Kind::CopyData
            && joined.back().kind == DumpPiece::Kind::CopyData)
            joined.back().text += piece.text;
        else
            joined.append(piece);
    }
    return joined;
}

QString describe(const QList<DumpPiece>& pieces)
{
    QStringList parts;
    for (const DumpPiece& piece : pieces) {
        const char* kind = piece.kind == DumpPiece::Kind::Statement ? "S"
            : piece.kind == DumpPiece::Kind::CopyData               ? "D"
                                                                    : "M";
        parts.append(
            u"%1%2:%3"_s.arg(QLatin1StringView(kind)).arg(piece.line).arg(QString::fromUtf8(piece.text)));
    }
    return parts.join(u'|');
}

const QByteArray kEnd = "--\n-- PostgreSQL database dump complete\n--\n";

constexpr auto Run = StatementVerdict::Action::Run;
constexpr auto Skip = StatementVerdict::Action::Skip;
constexpr auto Refuse = StatementVerdict::Action::Refuse;

void addVerdictColumns()
{
    QTest::addColumn<QByteArray>("sql");
    QTest::addColumn<int>("action");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("database");
    QTest::addColumn<bool>("drop");
}

void verdict(const char* name, const char* sql, StatementVerdict::Action action, const QString& kind = {},
    const QString& database = {}, bool drop = false)
{
    QTest::newRow(name) << QByteArray(sql) << int(action) << kind << database << drop;
}

// The one statement of the row's SQL gets the row's verdict.
void checkVerdict()
{
    QFETCH(QByteArray, sql);
    QFETCH(int, action);
    QFETCH(QString, kind);
    QFETCH(QString, database);
    QFETCH(bool, drop);
    const auto verdicts = pgr::judgeStatement(sql);
    QCOMPARE(verdicts.size(), 1);
    QCOMPARE(int(verdicts[0].action), action);
    QCOMPARE(verdicts[0].kind, kind);
    QCOMPARE(verdicts[0].database, database);
    QCOMPARE(verdicts[0].drop, drop);
}

} // namespace

class TestDumpLexer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splits_data()
    {
        QTest::addColumn<QByteArray>("dump");
        QTest::addColumn<QString>("pieces");
        QTest::newRow("statements and lines")
            << QByteArray("SET a = 1;\n\n-- comment\nSELECT 1;  SELECT\n 2;\n")
            << u"S1:SET a = 1;|S4:SELECT 1;|S4:SELECT\n 2;"_s;
        QTest::newRow("COPY data is not parsed")
            << QByteArray("COPY t (a) FROM stdin;\nx;\\! touch y\n\\.\nSELECT 1;\n")
            << u"S1:COPY t (a) FROM stdin;|D1:\nx;\\! touch y\n\\.\n|S4:SELECT 1;"_s;
        QTest::newRow("dollar quotes hide ; and \\")
            << QByteArray("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $b$SELECT ';\n\\connect "
                          "x'$b$;\n\\connect db\n")
            << u"S1:CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $b$SELECT ';\n\\connect x'$b$;|M3:\\connect db\n"_s;
        QTest::newRow("quotes and comments")
            << QByteArray("SELECT 'a;''b', E'c\\';', \"d;\" /* e; /* f; */ */ ; -- g;\n")
            << u"S1:SELECT 'a;''b', E'c\\';', \"d;\" /* e; /* f; */ */ ;"_s;
        QTest::newRow("BEGIN ATOMIC body")
            << QByteArray("CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n "
                          "SELECT 1;\nEND;\nSELECT 2;\n")
            << u"S1:CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n "
               "SELECT 1;\nEND;|S5:SELECT 2;"_s;
        QTest::newRow("unterminated last statement")
            << QByteArray("SELECT 1;\nSELECT 2") << u"S1:SELECT 1;|S2:SELECT 2"_s;
    }

    void splits()
    {
        QFETCH(QByteArray, dump);
        QFETCH(QString, pieces);
        QCOMPARE(describe(lex(dump)), pieces);
        // Fed a byte at a time, the lexer cuts the same pieces.
        QCOMPARE(describe(lex(dump, 1)), pieces);
    }

    // The lexical pieces the lexer is made of, one line at a time.
    void findsTheWordCopy()
    {
        QVERIFY(pgr::startsWithCopy("COPY t FROM stdin;"));
        QVERIFY(pgr::startsWithCopy("  -- c\n/* d */ copy t FROM stdin;"));
        QVERIFY(!pgr::startsWithCopy("COPYING;"));
        QVERIFY(!pgr::startsWithCopy("SELECT 1; COPY t FROM stdin;"));
        QVERIFY(!pgr::startsWithCopy("/* never closed COPY"));
    }

    void findsTheEndOfCopyData()
    {
        QVERIFY(pgr::endsCopyData("\\.\n"));
        QVERIFY(pgr::endsCopyData("\\.\r\n"));
        QVERIFY(pgr::endsCopyData("\\."));
        QVERIFY(!pgr::endsCopyData(" \\.\n"));
        QVERIFY(!pgr::endsCopyData("\\.x\n"));
    }

    void readsDollarQuoteTags()
    {
        QCOMPARE(pgr::dollarQuoteTagAt("AS $$x$$", 3), QByteArray("$$"));
        QCOMPARE(pgr::dollarQuoteTagAt("AS $body_1$x", 3), QByteArray("$body_1$"));
        QCOMPARE(pgr::dollarQuoteTagAt("SELECT $1", 7), QByteArray()); // a parameter
        QCOMPARE(pgr::dollarQuoteTagAt("a$b$", 1), QByteArray()); // inside an identifier
        QCOMPARE(pgr::dollarQuoteTagAt("$1a$", 0), QByteArray()); // a tag does not start with a digit
        QCOMPARE(pgr::dollarQuoteTagAt("$tag", 0), QByteArray());
    }

    void tellsEscapeStrings()
    {
        QVERIFY(pgr::opensEscapeString("E'x'", 1));
        QVERIFY(pgr::opensEscapeString("(e'x'", 2));
        QVERIFY(!pgr::opensEscapeString("'x'", 0));
        QVERIFY(!pgr::opensEscapeString("type'x'", 4)); // a typed literal, not E'…'
    }

    void endsQuotes_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<char>("quote");
        QTest::addColumn<bool>("backslashEscapes");
        QTest::addColumn<int>("end");
        QTest::addColumn<bool>("closed");
        QTest::newRow("string") << QByteArray("ab' x") << '\'' << false << 3 << true;
        QTest::newRow("doubled quote") << QByteArray("a''b' x") << '\'' << false << 5 << true;
        QTest::newRow("backslash in a standard string") << QByteArray("a\\' x") << '\'' << false << 3 << true;
        QTest::newRow("backslash in E'…'") << QByteArray("a\\'b' x") << '\'' << true << 5 << true;
        QTest::newRow("open at the line's end") << QByteArray("abc\n") << '\'' << false << 4 << false;
        QTest::newRow("identifier") << QByteArray("a\"\"b\" x") << '"' << false << 5 << true;
        QTest::newRow("identifier with a single quote") << QByteArray("a'b\"") << '"' << false << 4 << true;
    }

    void endsQuotes()
    {
        QFETCH(QByteArray, line);
        QFETCH(char, quote);
        QFETCH(bool, backslashEscapes);
        QFETCH(int, end);
        QFETCH(bool, closed);
        const pgr::QuotedEnd found = pgr::endOfQuoted(line, 0, quote, backslashEscapes);
        QCOMPARE(found.at, end);
        QCOMPARE(found.closed, closed);
    }

    void endsNestedBlockComments()
    {
        int depth = 1;
        QCOMPARE(pgr::endOfBlockComment("a /* b */ c */ d", 0, depth), 14);
        QCOMPARE(depth, 0);
        depth = 1;
        QCOMPARE(pgr::endOfBlockComment("a /* b */\n", 0, depth), 10);
        QCOMPARE(depth, 1);
    }

    // The statement judgment, one test per family of rules (judgeNode in dumpcheck.cpp).
    void judgesCopyAndSelect_data()
    {
        addVerdictColumns();
        verdict("table", "CREATE TABLE t (id int);", Run);
        verdict("COPY FROM stdin", "COPY t FROM stdin;", Run);
        verdict("search_path", "SELECT pg_catalog.set_config('search_path', '', false);", Run);
        verdict("setval", "SELECT pg_catalog.setval('public.s', 42, true);", Run);
        verdict("lo_unlink of --clean",
            "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '1';", Run);
        verdict("COPY TO PROGRAM", "COPY (SELECT 1) TO PROGRAM 'id';", Refuse, u"COPY … TO PROGRAM"_s);
        verdict("COPY FROM PROGRAM", "COPY t FROM PROGRAM 'id';", Refuse, u"COPY … FROM PROGRAM"_s);
        verdict("COPY from a file", "COPY t FROM '/etc/passwd';", Refuse, u"COPY to or from a server file"_s);
        verdict("COPY TO STDOUT", "COPY t TO STDOUT;", Refuse, u"COPY … TO STDOUT"_s);
        verdict(
            "function call", "SELECT pg_reload_conf();", Refuse, u"a top-level SELECT of pg_reload_conf()"_s);
        verdict("set_config role", "SELECT pg_catalog.set_config('role', 'postgres', false);", Refuse,
            u"a top-level SELECT of pg_catalog.set_config()"_s);
        verdict("setval of a function", "SELECT pg_catalog.setval('s', evil(), true);", Refuse,
            u"a top-level SELECT of pg_catalog.setval()"_s);
        verdict("select from a table", "SELECT pg_catalog.setval('s', 1) FROM t;", Refuse,
            u"a top-level SELECT of pg_catalog.setval()"_s);
        verdict("syntax error", "CREATE TABLE (;", Refuse, u"a statement that does not parse"_s);
        verdict("DROP TABLE of --clean", "DROP TABLE public.t;", Run, {}, {}, true);
    }
    void judgesCopyAndSelect() { checkVerdict(); }

    void judgesSettings_data()
    {
        addVerdictColumns();
        verdict("session authorization", "SET SESSION AUTHORIZATION 'x';", Skip, u"SET ROLE"_s);
        verdict("role", "SET ROLE x;", Skip, u"SET ROLE"_s);
        verdict("default tablespace", "SET default_tablespace = '';", Skip, u"SET default_tablespace"_s);
        verdict("standard strings on", "SET standard_conforming_strings = on;", Run);
        verdict("standard strings off", "SET standard_conforming_strings = off;", Refuse,
            u"SET standard_conforming_strings = off"_s);
    }
    void judgesSettings() { checkVerdict(); }

    void judgesWhatPgDumpNeverWrites_data()
    {
        addVerdictColumns();
        verdict("ALTER SYSTEM", "ALTER SYSTEM SET x = 1;", Refuse, u"ALTER SYSTEM"_s);
        verdict("tablespace", "CREATE TABLESPACE s LOCATION '/tmp';", Refuse, u"CREATE TABLESPACE"_s);
        verdict("DROP TABLESPACE", "DROP TABLESPACE s;", Refuse, u"DROP TABLESPACE"_s);
        verdict(
            "ALTER TABLESPACE", "ALTER TABLESPACE s SET (seq_page_cost = 1);", Refuse, u"ALTER TABLESPACE"_s);
        verdict("LOAD", "LOAD 'x';", Refuse, u"LOAD"_s);
        verdict("DO", "DO $$BEGIN END$$;", Refuse, u"DO block"_s);
        verdict("CALL", "CALL p();", Refuse, u"CALL"_s);
        verdict("CHECKPOINT", "CHECKPOINT;", Refuse, u"CHECKPOINT"_s);
        verdict("PREPARE", "PREPARE p AS SELECT 1;", Refuse, u"PREPARE"_s);
        verdict("EXECUTE", "EXECUTE p;", Refuse, u"EXECUTE"_s);
        verdict("REASSIGN OWNED", "REASSIGN OWNED BY a TO b;", Refuse, u"REASSIGN OWNED"_s);
        verdict("DROP OWNED", "DROP OWNED BY a;", Refuse, u"DROP OWNED"_s);
    }
    void judgesWhatPgDumpNeverWrites() { checkVerdict(); }

    void judgesRoles_data()
    {
        addVerdictColumns();
        verdict("CREATE ROLE", "CREATE ROLE evil SUPERUSER;", Refuse, u"CREATE ROLE"_s);
        verdict("CREATE USER", "CREATE USER evil;", Refuse, u"CREATE USER"_s);
        verdict("CREATE GROUP", "CREATE GROUP evil;", Refuse, u"CREATE GROUP"_s);
        verdict("ALTER ROLE", "ALTER ROLE x SUPERUSER;", Refuse, u"ALTER ROLE"_s);
        verdict("ALTER ROLE SET", "ALTER ROLE x SET search_path = a;", Refuse, u"ALTER ROLE … SET"_s);
        verdict("ALTER ROLE IN DATABASE", "ALTER ROLE x IN DATABASE d SET work_mem = '1MB';", Skip,
            u"ALTER ROLE … IN DATABASE"_s, u"d"_s);
        verdict("DROP ROLE", "DROP ROLE x;", Refuse, u"DROP ROLE"_s);
        verdict("GRANT role", "GRANT pg_execute_server_program TO x;", Refuse, u"GRANT role TO role"_s);
        verdict("REVOKE role", "REVOKE a FROM x;", Refuse, u"REVOKE role FROM role"_s);
    }
    void judgesRoles() { checkVerdict(); }

    void judgesDatabaseDdl_data()
    {
        addVerdictColumns();
        verdict("CREATE DATABASE", "CREATE DATABASE d;", Skip, u"CREATE DATABASE"_s, u"d"_s);
        verdict("DROP DATABASE", "DROP DATABASE IF EXISTS d;", Skip, u"DROP DATABASE"_s, u"d"_s);
        verdict("ALTER DATABASE SET", "ALTER DATABASE d SET x = 1;", Skip, u"ALTER DATABASE"_s, u"d"_s);
        verdict("ALTER DATABASE OWNER", "ALTER DATABASE d OWNER TO x;", Skip, u"ALTER DATABASE"_s, u"d"_s);
        verdict(
            "COMMENT ON DATABASE", "COMMENT ON DATABASE d IS 'x';", Skip, u"COMMENT ON DATABASE"_s, u"d"_s);
        verdict("RENAME DATABASE", "ALTER DATABASE d RENAME TO e;", Refuse, u"ALTER DATABASE … RENAME"_s);
        verdict("RENAME ROLE", "ALTER ROLE a RENAME TO b;", Refuse, u"ALTER ROLE … RENAME"_s);
        verdict("RENAME TABLESPACE", "ALTER TABLESPACE a RENAME TO b;", Refuse, u"ALTER TABLESPACE"_s);
        verdict("RENAME TABLE", "ALTER TABLE a RENAME TO b;", Run);
    }
    void judgesDatabaseDdl() { checkVerdict(); }

    void judgesOwnershipAndPrivileges_data()
    {
        addVerdictColumns();
        verdict("owner", "ALTER TABLE public.t OWNER TO someone;", Skip, u"OWNER TO"_s);
        verdict("function owner", "ALTER FUNCTION f() OWNER TO someone;", Skip, u"OWNER TO"_s);
        verdict("tablespace owner", "ALTER TABLESPACE s OWNER TO x;", Refuse, u"ALTER TABLESPACE"_s);
        verdict("owner among other changes", "ALTER TABLE t OWNER TO x, ADD COLUMN c int;", Refuse,
            u"ALTER TABLE with OWNER TO among other changes"_s);
        verdict("other table changes", "ALTER TABLE ONLY t ADD CONSTRAINT p PRIMARY KEY (id);", Run);
        verdict("grant", "GRANT SELECT ON public.t TO someone;", Skip, u"GRANT"_s);
        verdict(
            "default privileges", "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO x;", Skip, u"GRANT"_s);
        verdict("security label", "SECURITY LABEL ON TABLE t IS 'x';", Skip, u"SECURITY LABEL"_s);
        verdict(
            "publication", "CREATE PUBLICATION p FOR ALL TABLES;", Skip, u"publication or subscription"_s);
        verdict("comment on a publication", "COMMENT ON PUBLICATION p IS 'x';", Skip,
            u"publication or subscription"_s);
        verdict("comment on a role", "COMMENT ON ROLE r IS 'x';", Refuse, u"COMMENT ON ROLE or TABLESPACE"_s);
        verdict("comment on a table", "COMMENT ON TABLE t IS 'x';", Run);
    }
    void judgesOwnershipAndPrivileges() { checkVerdict(); }

    // A piece may hold several statements for the parser: each is judged (the first one's kind does not pass
    // the rest).
    void judgesEveryStatementOfAPiece()
    {
        const auto verdicts = pgr::judgeStatement("INSERT INTO t VALUES (1); CREATE ROLE x;");
        QCOMPARE(verdicts.size(), 2);
        QCOMPARE(verdicts[0].action, StatementVerdict::Action::Run);
        QCOMPARE(verdicts[1].action, StatementVerdict::Action::Refuse);
        QCOMPARE(verdicts[1].kind, u"CREATE ROLE"_s);
        QCOMPARE(verdicts[1].offset, 25);
    }

    void refusesWithTheLine_data()
    {
        QTest::addColumn<QByteArray>("dump");
        QTest::addColumn<QString>("message");
        QTest::newRow("COPY TO PROGRAM on line 3")
            << QByteArray("SET a = 1;\n\nCOPY (SELECT 1) TO PROGRAM 'touch x';\n") + kEnd
            << u"dump \"d.sql\" line 3: COPY … TO PROGRAM is not allowed in a dump (pg_dump never writes "
               u"it); the "
               "dump was refused, nothing was loaded"_s;
        QTest::newRow("second statement of a line")
            << QByteArray("CREATE TABLE a (id int);\n\nSET a = 1; CREATE ROLE x;\n") + kEnd
            << u"line 3: CREATE ROLE"_s;
        QTest::newRow("shell") << QByteArray("CREATE TABLE a (id int);\n\\! id\n") + kEnd
                               << u"line 2: the psql command \\!"_s;
        QTest::newRow("\\copy") << QByteArray("\\copy t to 'x'\n") + kEnd
                                << u"line 1: the psql command \\copy"_s;
        QTest::newRow("second \\connect")
            << QByteArray("\\connect a\n\\connect b\n") + kEnd << u"line 2: the psql command \\connect"_s;
        QTest::newRow("CREATE DATABASE without \\connect")
            << QByteArray("SET a = 1;\nCREATE DATABASE evil;\nCREATE TABLE t (id int);\n") + kEnd
            << u"line 2: CREATE DATABASE"_s;
        QTest::newRow("another database after \\connect")
            << QByteArray("CREATE DATABASE d;\n\\connect d\nALTER DATABASE other SET x = 1;\n") + kEnd
            << u"line 3: ALTER DATABASE"_s;
        QTest::newRow("syntax error") << QByteArray("CREATE TABLE a (id int);\nCREATE TABLE t (id int,);\n")
                + kEnd << u"line 2: a statement that does not parse"_s;
        QTest::newRow("statement open at a psql command")
            << QByteArray("CREATE TABLE t (\n\\! id\n);\n") + kEnd << u"still open"_s;
    }

    void refusesWithTheLine()
    {
        QFETCH(QByteArray, dump);
        QFETCH(QString, message);
        try {
            pgr::checkPlainDump(dump, u"d.sql"_s);
            QFAIL("accepted");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
            QVERIFY2(error.message().contains(u"\"d.sql\""_s), qPrintable(error.message()));
            QVERIFY(!error.hint().isEmpty());
        }
    }

    // What psql gets: the statements to run, skipped ones as their newlines, so line numbers stay the file's.
    void keepsLineNumbers()
    {
        const QByteArray dump
            = "SET a = 1;\nALTER TABLE t OWNER TO\n  x;\n-- c\nCOPY t FROM stdin;\n1\n\\.\n"
              "DROP DATABASE IF EXISTS d;\nCREATE DATABASE d;\n\\connect d\nCREATE TABLE a (id int);\n"
            + kEnd;
        const QByteArray out = pgr::checkPlainDump(dump);
        QCOMPARE(
            out, QByteArray("SET a = 1;\n\n\n\nCOPY t FROM stdin;\n1\n\\.\n\n\n\nCREATE TABLE a (id int);"));
    }
};

QTEST_GUILESS_MAIN(TestDumpLexer)
#include "tst_dumplexer.moc"
