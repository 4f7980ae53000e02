// SPDX-License-Identifier: GPL-3.0-or-later
// The plain-dump lexer and checker are pure functions of the text: no server needed.
#include "dumpcheck.h"
#include "dumplexer.h"
#include "error.h"

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

    void judgesStatements_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<int>("action");
        QTest::addColumn<QString>("kind");
        const int run = int(StatementVerdict::Action::Run);
        const int skip = int(StatementVerdict::Action::Skip);
        const int refuse = int(StatementVerdict::Action::Refuse);
        QTest::newRow("table") << QByteArray("CREATE TABLE t (id int);") << run << QString();
        QTest::newRow("COPY FROM stdin") << QByteArray("COPY t FROM stdin;") << run << QString();
        QTest::newRow("search_path") << QByteArray("SELECT pg_catalog.set_config('search_path', '', false);")
                                     << run << QString();
        QTest::newRow("setval") << QByteArray("SELECT pg_catalog.setval('public.s', 42, true);") << run
                                << QString();
        QTest::newRow("lo_unlink of --clean") << QByteArray(
            "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '1';")
                                              << run << QString();
        QTest::newRow("owner") << QByteArray("ALTER TABLE public.t OWNER TO someone;") << skip
                               << u"OWNER TO"_s;
        QTest::newRow("function owner")
            << QByteArray("ALTER FUNCTION f() OWNER TO someone;") << skip << u"OWNER TO"_s;
        QTest::newRow("grant") << QByteArray("GRANT SELECT ON public.t TO someone;") << skip << u"GRANT"_s;
        QTest::newRow("session authorization")
            << QByteArray("SET SESSION AUTHORIZATION 'x';") << skip << u"SET ROLE"_s;
        QTest::newRow("COPY TO PROGRAM")
            << QByteArray("COPY (SELECT 1) TO PROGRAM 'id';") << refuse << u"COPY … TO PROGRAM"_s;
        QTest::newRow("COPY FROM PROGRAM")
            << QByteArray("COPY t FROM PROGRAM 'id';") << refuse << u"COPY … FROM PROGRAM"_s;
        QTest::newRow("COPY from a file")
            << QByteArray("COPY t FROM '/etc/passwd';") << refuse << u"COPY to or from a server file"_s;
        QTest::newRow("COPY TO STDOUT") << QByteArray("COPY t TO STDOUT;") << refuse << u"COPY … TO STDOUT"_s;
        QTest::newRow("CREATE ROLE") << QByteArray("CREATE ROLE evil SUPERUSER;") << refuse
                                     << u"CREATE ROLE"_s;
        QTest::newRow("CREATE USER") << QByteArray("CREATE USER evil;") << refuse << u"CREATE USER"_s;
        QTest::newRow("ALTER ROLE") << QByteArray("ALTER ROLE x SUPERUSER;") << refuse << u"ALTER ROLE"_s;
        QTest::newRow("DROP ROLE") << QByteArray("DROP ROLE x;") << refuse << u"DROP ROLE"_s;
        QTest::newRow("GRANT role") << QByteArray("GRANT pg_execute_server_program TO x;") << refuse
                                    << u"GRANT role TO role"_s;
        QTest::newRow("ALTER SYSTEM") << QByteArray("ALTER SYSTEM SET x = 1;") << refuse << u"ALTER SYSTEM"_s;
        QTest::newRow("tablespace") << QByteArray("CREATE TABLESPACE s LOCATION '/tmp';") << refuse
                                    << u"CREATE TABLESPACE"_s;
        QTest::newRow("LOAD") << QByteArray("LOAD 'x';") << refuse << u"LOAD"_s;
        QTest::newRow("DO") << QByteArray("DO $$BEGIN END$$;") << refuse << u"DO block"_s;
        QTest::newRow("CALL") << QByteArray("CALL p();") << refuse << u"CALL"_s;
        QTest::newRow("function call") << QByteArray("SELECT pg_reload_conf();") << refuse
                                       << u"a top-level SELECT of pg_reload_conf()"_s;
        QTest::newRow("set_config role")
            << QByteArray("SELECT pg_catalog.set_config('role', 'postgres', false);") << refuse
            << u"a top-level SELECT of pg_catalog.set_config()"_s;
        QTest::newRow("setval of a function") << QByteArray("SELECT pg_catalog.setval('s', evil(), true);")
                                              << refuse << u"a top-level SELECT of pg_catalog.setval()"_s;
        QTest::newRow("standard strings off") << QByteArray("SET standard_conforming_strings = off;")
                                              << refuse << u"SET standard_conforming_strings = off"_s;
        QTest::newRow("syntax error")
            << QByteArray("CREATE TABLE (;") << refuse << u"a statement that does not parse"_s;
    }

    void judgesStatements()
    {
        QFETCH(QByteArray, sql);
        QFETCH(int, action);
        QFETCH(QString, kind);
        const auto verdicts = pgr::judgeStatement(sql);
        QCOMPARE(verdicts.size(), 1);
        QCOMPARE(int(verdicts[0].action), action);
        QCOMPARE(verdicts[0].kind, kind);
    }

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
