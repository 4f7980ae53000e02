// SPDX-License-Identifier: GPL-3.0-or-later
#include "dumprestore.h"
#include "error.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <functional>

using namespace Qt::Literals::StringLiterals;
using pgr::DumpRestorer;
using pgr::test::TestCluster;

Q_DECLARE_METATYPE(DumpRestorer::Format)

class TestDumpRestore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    pgr::PgBinaries m_binaries;
    QString m_source;
    QString m_sourceFingerprint;
    QString m_big;
    int m_restores = 0;

    pgr::Staging& staging() { return TestCluster::instance().staging(); }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString freshName(const QString& prefix) { return u"%1_%2"_s.arg(prefix).arg(++m_restores); }

    bool databaseExists(const QString& name)
    {
        auto admin = staging().connect(u"postgres"_s);
        return admin->exec(u"SELECT count(*) FROM pg_database WHERE datname = $1"_s, { name }).toInt64(0, 0)
            == 1;
    }

    // Runs a client tool; returns its output when it fails, an empty string when it succeeds.
    QString run(const QString& tool, const QStringList& arguments)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(m_binaries.program(tool), arguments);
        if (!process.waitForFinished(600000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0)
            return u"%1 %2 failed: %3 %4"_s.arg(
                tool, arguments.join(u' '), QString::fromUtf8(process.readAll()), process.errorString());
        return {};
    }

    QString pgDump(const QString& database, const QStringList& options, const QString& output)
    {
        return run(u"pg_dump"_s,
            QStringList { u"--dbname"_s, staging().connectionString(database), u"--file"_s, output }
                + options);
    }

    // Tables and views with their columns and rows, sequences, functions, enum labels and a comment:
    // equal fingerprints mean the restore brought everything across unchanged.
    QString fingerprint(const QString& database)
    {
        auto db = staging().connect(database);
        QStringList parts;
        const auto relations = db->exec(
            u"SELECT format('%I.%I', n.nspname, c.relname),"
            " (SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', '"
            "    ORDER BY a.attnum)"
            "  FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p', 'v') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            "   AND n.nspname NOT LIKE 'pg_toast%'"
            " ORDER BY 1"_s);
        for (int row = 0; row < relations.rowCount(); ++row) {
            const QString name = relations.text(row, 0);
            const auto content
                = db->exec(u"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY "
                           "t::text COLLATE \"C\"), '')) FROM %1 t"_s.arg(name));
            parts.append(u"%1 (%2): %3 rows, %4"_s.arg(
                name, relations.text(row, 1), content.text(0, 0), content.text(0, 1)));
        }
        parts.append(db->exec(u"SELECT coalesce(string_agg(format('%I.%I = %s', schemaname, sequencename, "
                              "last_value), ', ' ORDER BY schemaname, sequencename), '') FROM pg_sequences"_s)
                         .text(0, 0));
        parts.append(
            db->exec(u"SELECT coalesce(string_agg(format('%s: %s', p.oid::regprocedure, md5(p.prosrc)), "
                     "', ' ORDER BY p.oid::regprocedure::text), '') FROM pg_proc p JOIN pg_namespace n "
                     "ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', "
                     "'information_schema')"_s)
                .text(0, 0));
        parts.append(
            db->exec(u"SELECT coalesce(string_agg(format('%s.%s', t.typname, e.enumlabel), ', ' ORDER BY "
                     "t.typname, e.enumsortorder), '') FROM pg_enum e JOIN pg_type t ON t.oid = "
                     "e.enumtypid"_s)
                .text(0, 0));
        parts.append(db->exec(u"SELECT coalesce(obj_description('public.notes'::regclass, 'pg_class'), '')"_s)
                         .text(0, 0));
        return parts.join(u'\n');
    }

    // A copy of the plain dump, changed by edit.
    QString plainVariant(const QString& name, const std::function<QByteArray(QByteArray)>& edit)
    {
        QFile in(path(u"plain.sql"_s));
        if (!in.open(QIODevice::ReadOnly))
            qFatal("cannot read the plain dump");
        QFile out(path(name));
        if (!out.open(QIODevice::WriteOnly) || out.write(edit(in.readAll())) < 0)
            qFatal("cannot write %s", qPrintable(out.fileName()));
        return out.fileName();
    }

    static QByteArray insertAfterPreamble(QByteArray sql, const QByteArray& statement)
    {
        const QByteArray anchor = "SET row_security = off;\n";
        const qsizetype at = sql.indexOf(anchor);
        if (at < 0)
            qFatal("no preamble in the plain dump");
        return sql.insert(at + anchor.size(), statement + '\n');
    }

    QString truncatedCopy(const QString& from, const QString& name, double fraction)
    {
        QFile in(path(from));
        if (!in.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(in.fileName()));
        const QByteArray content = in.readAll();
        QFile out(path(name));
        if (!out.open(QIODevice::WriteOnly)
            || out.write(content.left(qsizetype(content.size() * fraction))) < 0)
            qFatal("cannot write %s", qPrintable(out.fileName()));
        return out.fileName();
    }

    void writeFile(const QString& name, const QByteArray& content)
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) < 0)
            qFatal("cannot write %s", qPrintable(file.fileName()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_binaries = pgr::PgBinaries::locate();
        m_source = TestCluster::instance().createDatabase(u"dumpsrc"_s);
        auto db = staging().connect(m_source);
        // A role that owns things at dump time and is gone at restore time (roles are cluster-wide, and
        // the restores go to the same cluster). Its name needs quoting.
        const QString ghost = db->quoteName(u"Ghost Owner %1"_s.arg(QCoreApplication::applicationPid()));
        db->exec(u"CREATE ROLE "_s + ghost);
        db->exec(uR"sql(
CREATE SCHEMA "Odd Schema";
CREATE TYPE "Odd Schema".mood AS ENUM ('sad', 'ok', 'happy', 'it''s complicated');
CREATE TABLE "Odd Schema"."Mixed Case" (
    id bigserial PRIMARY KEY,
    "Label" text,
    doc jsonb,
    blob bytea,
    amount numeric(20, 6),
    feeling "Odd Schema".mood,
    at timestamptz,
    tags text[]
);
INSERT INTO "Odd Schema"."Mixed Case" ("Label", doc, blob, amount, feeling, at, tags) VALUES
    (E'tab\there\nnewline \\ backslash ''quote''', '{"a": [1, 2.50, 12345678901234567890.123]}', '\x00ff0a5c',
     12345678901234.123456, 'happy', '2024-02-29 12:34:56.789+00', '{a,"b c",NULL}'),
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    ('', 'null', '', -0.000001, 'it''s complicated', 'infinity', '{}'),
    (E'😀 emoji; \\. and $$ look-alikes', '"s"', '\x5c2e', 0, 'sad', '1970-01-01 00:00:00+00', '{"\\\\"}');
-- Lines that look like what the plain-dump filter leaves out, in data and in a function body.
CREATE TABLE public.notes (line text);
INSERT INTO public.notes VALUES ('GRANT ALL ON public.notes TO nobody;'),
    ('ALTER TABLE public.notes OWNER TO nobody;'), (E'\\connect elsewhere'), (E'\\.'),
    ('-- PostgreSQL database dump complete'), ('DROP DATABASE postgres;');
COMMENT ON TABLE public.notes IS E'a comment; with a semicolon\nand a new line';
CREATE FUNCTION "Odd Schema".tricky() RETURNS text LANGUAGE plpgsql AS $body$
BEGIN
    RETURN $x$
GRANT SELECT ON public.notes TO nobody;
ALTER TABLE public.notes OWNER TO nobody;
\connect elsewhere
$x$;
END
$body$;
-- An SQL-standard body: psql does not end the statement at its semicolons, nor may the filter.
CREATE FUNCTION "Odd Schema".note_count() RETURNS bigint LANGUAGE sql
BEGIN ATOMIC
    SELECT CASE WHEN count(*) > 0 THEN count(*) ELSE 0 END FROM public.notes;
END;
CREATE VIEW "Odd Schema".happy AS SELECT id, "Label" FROM "Odd Schema"."Mixed Case" WHERE feeling = 'happy';
CREATE TABLE public.ghost_owned (id int PRIMARY KEY, note text);
INSERT INTO public.ghost_owned SELECT g, 'row ' || g FROM generate_series(1, 1000) g;
)sql"_s);
        db->exec(u"ALTER TABLE public.ghost_owned OWNER TO %1;"
                 "ALTER SCHEMA \"Odd Schema\" OWNER TO %1;"
                 "ALTER FUNCTION \"Odd Schema\".note_count() OWNER TO %1;"
                 "GRANT SELECT ON public.notes TO %1;"
                 "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO %1"_s.arg(ghost));

        QVERIFY2(QDir(m_dir.path()).mkdir(u"not-a-dump"_s), "mkdir");
        const QList<std::pair<QString, QStringList>> dumps = {
            { u"custom.dump"_s, { u"-Fc"_s } },
            { u"directory.dump"_s, { u"-Fd"_s } },
            { u"archive.tar"_s, { u"-Ft"_s } },
            { u"plain.sql"_s, { u"-Fp"_s } },
            { u"create-clean.sql"_s, { u"-Fp"_s, u"--create"_s, u"--clean"_s, u"--if-exists"_s } },
            { u"clean.sql"_s, { u"-Fp"_s, u"--clean"_s } },
            { u"inserts.sql"_s, { u"-Fp"_s, u"--column-inserts"_s, u"--use-set-session-authorization"_s } },
        };
        for (const auto& [name, options] : dumps) {
            const QString error = pgDump(m_source, options, path(name));
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        // A script that pg_restore wrote from an archive is a plain dump too.
        const QString error
            = run(u"pg_restore"_s, { u"-f"_s, path(u"from-archive.sql"_s), path(u"custom.dump"_s) });
        QVERIFY2(error.isEmpty(), qPrintable(error));

        m_sourceFingerprint = fingerprint(m_source);
        db->exec(u"REASSIGN OWNED BY %1 TO CURRENT_USER; DROP OWNED BY %1; DROP ROLE %1"_s.arg(ghost));
        QCOMPARE(fingerprint(m_source), m_sourceFingerprint);
    }

    void restoresEveryFormat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<DumpRestorer::Format>("format");
        QTest::newRow("custom") << u"custom.dump"_s << DumpRestorer::Format::Custom;
        QTest::newRow("directory") << u"directory.dump"_s << DumpRestorer::Format::Directory;
        QTest::newRow("tar") << u"archive.tar"_s << DumpRestorer::Format::Tar;
        QTest::newRow("plain") << u"plain.sql"_s << DumpRestorer::Format::Plain;
        QTest::newRow("plain with --create --clean --if-exists")
            << u"create-clean.sql"_s << DumpRestorer::Format::Plain;
        QTest::newRow("plain with --column-inserts --use-set-session-authorization")
            << u"inserts.sql"_s << DumpRestorer::Format::Plain;
        QTest::newRow("plain written by pg_restore -f")
            << u"from-archive.sql"_s << DumpRestorer::Format::Plain;
    }

    void restoresEveryFormat()
    {
        QFETCH(QString, file);
        QFETCH(DumpRestorer::Format, format);
        QCOMPARE(DumpRestorer::detect(path(file)), format);
        QVERIFY(!DumpRestorer::formatName(format).isEmpty());

        const QString target = freshName(u"restored"_s);
        QStringList progress;
        try {
            DumpRestorer(staging(), m_binaries)
                .restore(path(file), target, nullptr, [&](const QString& line) { progress.append(line); });
        } catch (const pgr::Error& error) {
            QFAIL(qPrintable(error.fullText()));
        }
        QCOMPARE(fingerprint(target), m_sourceFingerprint);
        QVERIFY2(
            progress.join(u'\n').contains(u"processing data for table"_s), qPrintable(progress.join(u'\n')));

        auto db = staging().connect(target);
        // The function body kept its lines that look like GRANT, OWNER TO and \connect.
        const QString body = db->exec(u"SELECT \"Odd Schema\".tricky()"_s).text(0, 0);
        QVERIFY2(body.contains(u"GRANT SELECT ON public.notes TO nobody;\nALTER TABLE public.notes OWNER TO "
                               "nobody;\n\\connect elsewhere"_s),
            qPrintable(body));
        QCOMPARE(db->exec(u"SELECT \"Odd Schema\".note_count()"_s).toInt64(0, 0), 6);
        // What the vanished role owned now belongs to the unprivileged role that restored it.
        QCOMPARE(db->exec(u"SELECT tableowner FROM pg_tables WHERE tablename = 'ghost_owned'"_s).text(0, 0),
            u"pgreconcile_restore"_s);
        // A dump made with --create --clean neither dropped nor recreated its source database.
        QVERIFY(databaseExists(m_source));
        QCOMPARE(fingerprint(m_source), m_sourceFingerprint);
    }

    void restoreReplacesAnExistingDatabase()
    {
        const QString target = TestCluster::instance().createDatabase(u"replaced"_s);
        auto db = staging().connect(target);
        db->exec(u"CREATE TABLE leftover (id int)"_s);
        // An open session on the old database does not stop the replacement (DROP … WITH (FORCE)).
        try {
            DumpRestorer(staging(), m_binaries).restore(path(u"custom.dump"_s), target);
        } catch (const pgr::Error& error) {
            QFAIL(qPrintable(error.fullText()));
        }
        QCOMPARE(fingerprint(target), m_sourceFingerprint);
    }

    void detectRejectsWhatPgDumpDidNotWrite_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");

        writeFile(u"empty.dump"_s, {});
        writeFile(u"notes.txt"_s, "Remember to buy milk.\nSELECT 1;\n");
        QByteArray noise;
        for (int i = 0; i < 4096; ++i)
            noise.append(char((i * 7919 + 13) % 256));
        writeFile(u"noise.bin"_s, noise);
        writeFile(u"plain.sql.gz"_s, QByteArray("\x1f\x8b\x08\x00", 4) + noise);
        QString error = run(u"pg_dumpall"_s,
            { u"--globals-only"_s, u"--dbname"_s, staging().connectionString(u"postgres"_s), u"--file"_s,
                path(u"cluster.sql"_s) });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QProcess tar;
        tar.setWorkingDirectory(m_dir.path());
        tar.start(u"tar"_s, { u"-cf"_s, u"other.tar"_s, u"notes.txt"_s, u"directory.dump"_s });
        QVERIFY(tar.waitForFinished(60000) && tar.exitCode() == 0);

        QTest::newRow("missing") << u"no-such.dump"_s << u"does not exist"_s;
        QTest::newRow("empty") << u"empty.dump"_s << u"is empty"_s;
        QTest::newRow("random text") << u"notes.txt"_s << u"is not a pg_dump output"_s;
        QTest::newRow("random bytes") << u"noise.bin"_s << u"is not a pg_dump output"_s;
        QTest::newRow("compressed") << u"plain.sql.gz"_s << u"compressed"_s;
        QTest::newRow("folder without toc.dat") << u"not-a-dump"_s << u"holds no toc.dat"_s;
        QTest::newRow("pg_dumpall") << u"cluster.sql"_s << u"pg_dumpall"_s;
        QTest::newRow("tar of a directory dump") << u"other.tar"_s << u"directory-format"_s;
    }

    void detectRejectsWhatPgDumpDidNotWrite()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        try {
            DumpRestorer::detect(path(file));
            QFAIL("detect() accepted it");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(path(file)), qPrintable(error.message()));
            QVERIFY2(error.message().contains(expected), qPrintable(error.message()));
            QVERIFY(!error.hint().isEmpty());
        }
        // restore() refuses it the same way, before creating anything.
        const QString target = freshName(u"rejected"_s);
        QVERIFY_THROWS_EXCEPTION(pgr::Error, DumpRestorer(staging(), m_binaries).restore(path(file), target));
        QVERIFY(!databaseExists(target));
    }

    void failureDropsTheDatabaseAndQuotesTheTool_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("inMessage");
        QTest::addColumn<QString>("inHint");

        QTest::newRow("truncated custom") << truncatedCopy(u"custom.dump"_s, u"truncated.dump"_s, 0.8)
                                          << u"truncated.dump"_s << u"incomplete or damaged"_s;
        QTest::newRow("truncated tar") << truncatedCopy(u"archive.tar"_s, u"truncated.tar"_s, 0.5)
                                       << u"cut short"_s << u"incomplete or damaged"_s;
        QTest::newRow("truncated plain") << truncatedCopy(u"plain.sql"_s, u"truncated.sql"_s, 0.6)
                                         << u"cut short"_s << u"incomplete or damaged"_s;
        QTest::newRow("missing extension") << plainVariant(u"extension.sql"_s, [](QByteArray sql) {
            return insertAfterPreamble(sql, "CREATE EXTENSION pgr_no_such_extension;");
        }) << u"pgr_no_such_extension"_s << u"install it"_s;
        QTest::newRow("syntax error") << plainVariant(u"syntax.sql"_s, [](QByteArray sql) {
            return insertAfterPreamble(sql, "CREATE TABLE broken (id int,);");
        }) << u"syntax error"_s << QString();
        QTest::newRow("unbalanced parenthesis") << plainVariant(u"unbalanced.sql"_s, [](QByteArray sql) {
            return insertAfterPreamble(sql, "CREATE TABLE broken (;");
        }) << u"still open"_s << u"make the dump again"_s;
        QTest::newRow("made with --clean") << path(u"clean.sql"_s) << u"does not exist"_s << u"--clean"_s;
        QTest::newRow("shell command") << plainVariant(u"shell.sql"_s, [this](QByteArray sql) {
            return insertAfterPreamble(sql, "\\! touch " + path(u"shell-ran"_s).toUtf8());
        }) << u"\\!"_s << u"pg_dump"_s;
    }

    void failureDropsTheDatabaseAndQuotesTheTool()
    {
        QFETCH(QString, file);
        QFETCH(QString, inMessage);
        QFETCH(QString, inHint);
        const QString target = freshName(u"failed"_s);
        try {
            DumpRestorer(staging(), m_binaries).restore(file, target);
            QFAIL("the restore succeeded");
        } catch (const pgr::Cancelled&) {
            QFAIL("a failure was reported as a cancellation");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(QFileInfo(file).fileName()), qPrintable(error.fullText()));
            QVERIFY2(error.message().contains(inMessage), qPrintable(error.fullText()));
            QVERIFY2(error.hint().contains(inHint), qPrintable(error.fullText()));
        }
        QVERIFY(!databaseExists(target));
        QVERIFY(!QFileInfo::exists(path(u"shell-ran"_s)));
    }

    // The line of the file on which a statement inserted by plainVariant begins.
    int lineOf(const QString& file, const QByteArray& statement)
    {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(file));
        const QByteArray content = in.readAll();
        const qsizetype at = content.indexOf(statement);
        return at < 0 ? -1 : int(content.left(at).count('\n')) + 1;
    }

    static QByteArray insertBeforeEnd(QByteArray sql, const QByteArray& statement)
    {
        const qsizetype at = sql.lastIndexOf("--\n-- PostgreSQL database dump complete");
        if (at < 0)
            qFatal("no closing comment in the plain dump");
        return sql.insert(at, statement + '\n');
    }

    QString tempTarget(const QString& name) const
    {
        // Somewhere the server user could write: the test folder is closed to it.
        return u"/tmp/pgr-dumptest-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(name);
    }

    void refusesWhatPgDumpNeverWrites_data()
    {
        QTest::addColumn<QByteArray>("statement");
        QTest::addColumn<bool>("atEnd"); // after the tables exist, so that it would run before the fix
        QTest::addColumn<QString>("kind");
        const QByteArray pid = QByteArray::number(QCoreApplication::applicationPid());
        QTest::newRow("COPY TO PROGRAM")
            << "COPY (SELECT 1) TO PROGRAM 'touch " + tempTarget(u"program"_s).toUtf8() + "';" << false
            << u"COPY … TO PROGRAM"_s;
        QTest::newRow("COPY to a server file") << "COPY public.notes TO '" + tempTarget(u"file"_s).toUtf8()
                + "';" << true << u"COPY to or from a server file"_s;
        QTest::newRow("COPY from a server file") << QByteArray("COPY public.notes FROM '/etc/hostname';")
                                                 << true << u"COPY to or from a server file"_s;
        QTest::newRow("CREATE ROLE") << "CREATE ROLE pgr_evil_" + pid + " SUPERUSER LOGIN;" << false
                                     << u"CREATE ROLE"_s;
        QTest::newRow("ALTER ROLE") << QByteArray("ALTER ROLE CURRENT_USER WITH CREATEROLE;") << false
                                    << u"ALTER ROLE"_s;
        QTest::newRow("GRANT role") << QByteArray("GRANT pg_write_server_files TO CURRENT_USER;") << false
                                    << u"GRANT role TO role"_s;
        QTest::newRow("CREATE DATABASE")
            << "CREATE DATABASE pgr_evil_" + pid + ";" << false << u"CREATE DATABASE"_s;
        QTest::newRow("ALTER SYSTEM")
            << QByteArray("ALTER SYSTEM SET work_mem = '1MB';") << false << u"ALTER SYSTEM"_s;
        QTest::newRow("DO block") << "DO $$BEGIN CREATE ROLE pgr_evil_" + pid + "; END$$;" << false
                                  << u"DO block"_s;
        QTest::newRow("function call")
            << QByteArray("SELECT pg_catalog.pg_reload_conf();") << false << u"top-level SELECT"_s;
        QTest::newRow("set_config of role")
            << QByteArray("SELECT pg_catalog.set_config('role', 'pgreconcile', false);") << false
            << u"top-level SELECT"_s;
        QTest::newRow("LOAD") << QByteArray("LOAD 'auto_explain';") << false << u"LOAD"_s;
        QTest::newRow("tablespace") << QByteArray("CREATE TABLESPACE evil LOCATION '/tmp';") << false
                                    << u"CREATE TABLESPACE"_s;
        QTest::newRow("shell meta-command")
            << "\\! touch " + tempTarget(u"shell"_s).toUtf8() << false << u"psql command \\!"_s;
        QTest::newRow("\\copy meta-command") << "\\copy (SELECT 1) to '" + tempTarget(u"copy"_s).toUtf8()
                + "'" << false << u"psql command \\copy"_s;
    }

    // A plain dump is untrusted input: what pg_dump never writes is refused before it runs, with the line
    // and the kind of statement, and nothing is left behind.
    void refusesWhatPgDumpNeverWrites()
    {
        QFETCH(QByteArray, statement);
        QFETCH(bool, atEnd);
        QFETCH(QString, kind);
        const QString name
            = u"refused-%1.sql"_s.arg(QString::fromUtf8(QTest::currentDataTag())).replace(u' ', u'-');
        const QString file = plainVariant(name, [&](QByteArray sql) {
            return atEnd ? insertBeforeEnd(sql, statement) : insertAfterPreamble(sql, statement);
        });
        const int line = lineOf(file, statement);
        QVERIFY(line > 0);
        const QString target = freshName(u"refused"_s);
        try {
            DumpRestorer(staging(), m_binaries).restore(file, target);
            QFAIL("the restore succeeded");
        } catch (const pgr::Cancelled&) {
            QFAIL("a refusal was reported as a cancellation");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(QFileInfo(file).fileName()), qPrintable(error.fullText()));
            QVERIFY2(error.message().contains(u"line %1:"_s.arg(line)), qPrintable(error.fullText()));
            QVERIFY2(error.message().contains(kind), qPrintable(error.fullText()));
            QVERIFY2(error.message().contains(u"nothing was loaded"_s), qPrintable(error.fullText()));
            QVERIFY2(!error.hint().isEmpty(), qPrintable(error.fullText()));
        }
        QVERIFY(!databaseExists(target));
        auto admin = staging().connect(u"postgres"_s);
        QCOMPARE(
            admin->exec(u"SELECT count(*) FROM pg_roles WHERE rolname LIKE 'pgr\\_evil\\_%'"_s).toInt64(0, 0),
            0);
        QCOMPARE(admin->exec(u"SELECT count(*) FROM pg_database WHERE datname LIKE 'pgr\\_evil\\_%'"_s)
                     .toInt64(0, 0),
            0);
        QCOMPARE(
            admin
                ->exec(u"SELECT count(*) FROM pg_roles WHERE rolname <> current_user AND rolname NOT LIKE "
                       "'pg\\_%' AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls)"_s)
                .toInt64(0, 0),
            0);
        QCOMPARE(admin
                     ->exec(u"SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                            "WHERE r.rolname NOT LIKE 'pg\\_%'"_s)
                     .toInt64(0, 0),
            0);
        QCOMPARE(
            admin->exec(u"SELECT count(*) FROM pg_tablespace WHERE spcname = 'evil'"_s).toInt64(0, 0), 0);
        for (const QString& leftover : { u"program"_s, u"file"_s, u"shell"_s, u"copy"_s })
            QVERIFY2(!QFileInfo::exists(tempTarget(leftover)), qPrintable(tempTarget(leftover)));
    }

    // An archive is untrusted input too: its entries are SQL text that pg_restore sends as it is.
    // A custom-format archive whose one entry was rewritten (same length, so the archive stays
    // readable) into a COPY … TO PROGRAM is refused before anything is restored, naming the
    // archive and the statement, whatever the archive format.
    void refusesAnArchiveEntryPgDumpNeverWrites_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("custom") << u"c"_s;
        QTest::newRow("tar") << u"t"_s;
    }

    void refusesAnArchiveEntryPgDumpNeverWrites()
    {
        QFETCH(QString, format);
        const QString marker = tempTarget(u"archive-"_s + format);
        const QString database = TestCluster::instance().createDatabase(u"crafted"_s + format);
        const QByteArray padding(120, 'A');
        staging().connect(database)->exec(
            u"CREATE TABLE public.t (a int); COMMENT ON TABLE public.t IS '%1'"_s.arg(
                QString::fromLatin1(padding)));
        const QString file = path(u"crafted-%1.dump"_s.arg(format));
        QCOMPARE(pgDump(database, { u"-F"_s + format }, file), QString());
        QFile archive(file);
        QVERIFY(archive.open(QIODevice::ReadWrite));
        QByteArray bytes = archive.readAll();
        const QByteArray comment = "COMMENT ON TABLE public.t IS '" + padding + "';";
        QByteArray evil = "COPY public.t TO PROGRAM 'touch " + marker.toUtf8() + "'; --";
        QVERIFY(evil.size() < comment.size());
        evil.append(QByteArray(comment.size() - evil.size(), 'x'));
        const qsizetype at = bytes.indexOf(comment);
        QVERIFY2(at >= 0, "the comment's entry is not in the archive");
        bytes.replace(at, comment.size(), evil);
        // tar keeps a copy of the entries in restore.sql: pg_restore reads toc.dat, patched above.
        QVERIFY(archive.seek(0));
        QCOMPARE(archive.write(bytes), bytes.size());
        archive.close();

        const QString target = freshName(u"crafted"_s);
        try {
            DumpRestorer(staging(), m_binaries).restore(file, target);
            QFAIL("the restore succeeded");
        } catch (const pgr::Cancelled&) {
            QFAIL("a refusal was reported as a cancellation");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(u"archive \"%1\""_s.arg(QFileInfo(file).fileName())),
                qPrintable(error.fullText()));
            QVERIFY2(error.message().contains(u"COPY … TO PROGRAM"_s), qPrintable(error.fullText()));
            QVERIFY2(error.message().contains(u"nothing was loaded"_s), qPrintable(error.fullText()));
        }
        QVERIFY(!databaseExists(target));
        QVERIFY2(!QFileInfo::exists(marker), "the archive ran a program");
    }

    // The server's own code can turn standard_conforming_strings off where no lexer looks (here a
    // function that a CHECK constraint calls, all of it statements pg_dump writes): the checker then
    // reads a string where psql reads a string's end and a \! line. psql runs in restricted mode
    // under a key the dump cannot know, so the line is refused, not run. (Found by fuzz_dumplexer;
    // before restricted mode, the touch ran as the server user.)
    void aLexerDesyncCannotReachTheShell()
    {
        const QString marker = tempTarget(u"desync"_s);
        const QByteArray dump
            = "--\n-- PostgreSQL database dump\n--\n\n"
              "SET standard_conforming_strings = on;\n"
              "CREATE FUNCTION public.f(text) RETURNS boolean LANGUAGE plpgsql\n"
              "    AS $$ BEGIN PERFORM pg_catalog.set_config('standard_conforming_strings', 'off', false); "
              "RETURN true; END $$;\n"
              "CREATE TABLE public.t (a text);\n"
              "INSERT INTO public.t VALUES ('x');\n"
              "ALTER TABLE ONLY public.t ADD CONSTRAINT c CHECK (public.f(a));\n"
              "INSERT INTO public.t VALUES ('x\\'');\n"
              "\\! touch "
            + marker.toUtf8() + "\n');\n\n--\n-- PostgreSQL database dump complete\n--\n";
        const QString file = m_dir.filePath(u"desync.sql"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(dump);
        out.close();
        const QString target = freshName(u"desync"_s);
        try {
            DumpRestorer(staging(), m_binaries).restore(file, target);
            QFAIL("the restore succeeded");
        } catch (const pgr::Error& e) {
            QVERIFY2(e.fullText().contains(u"restricted"_s), qPrintable(e.fullText()));
        }
        QVERIFY2(!QFileInfo::exists(marker), "the dump ran a shell command");
        QVERIFY(!databaseExists(target));
    }

    // What passes the statement check still runs without privileges: the restore connects as a role that is
    // no superuser, so what needs one fails, and the restore with it.
    void restoreRunsUnprivileged_data()
    {
        QTest::addColumn<QByteArray>("statement");
        QTest::addColumn<QString>("error");
        QTest::newRow("C function") << QByteArray(
            "CREATE FUNCTION public.evil() RETURNS int LANGUAGE c AS "
            "'/usr/lib/postgresql/15/lib/plpgsql.so', 'plpgsql_call_handler';")
                                    << u"permission denied for language c"_s;
        QTest::newRow("event trigger") << QByteArray(
            "CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;\n"
            "CREATE EVENT TRIGGER evil ON ddl_command_start EXECUTE FUNCTION public.on_ddl();")
                                       << u"permission denied to create event trigger"_s;
        QTest::newRow("untrusted extension") << QByteArray("CREATE EXTENSION file_fdw SCHEMA public;")
                                             << u"permission denied to create extension \"file_fdw\""_s;
    }

    void restoreRunsUnprivileged()
    {
        QFETCH(QByteArray, statement);
        QFETCH(QString, error);
        const QString name
            = u"unprivileged-%1.sql"_s.arg(QString::fromUtf8(QTest::currentDataTag())).replace(u' ', u'-');
        const QString file
            = plainVariant(name, [&](QByteArray sql) { return insertBeforeEnd(sql, statement); });
        const QString target = freshName(u"unprivileged"_s);
        try {
            DumpRestorer(staging(), m_binaries).restore(file, target);
            QFAIL("the restore succeeded");
        } catch (const pgr::Error& e) {
            QVERIFY2(e.message().contains(error), qPrintable(e.fullText()));
            QVERIFY2(!e.hint().isEmpty(), qPrintable(e.fullText()));
        }
        QVERIFY(!databaseExists(target));
        QCOMPARE(staging()
                     .connect(u"postgres"_s)
                     ->exec(u"SELECT count(*) FROM pg_event_trigger WHERE evtname = 'evil'"_s)
                     .toInt64(0, 0),
            0);
    }

    void restoredObjectsBelongToAnUnprivilegedRole()
    {
        const QString file = plainVariant(u"who.sql"_s, [](QByteArray sql) {
            return insertBeforeEnd(sql,
                "CREATE TABLE public.who AS SELECT session_user::text AS who, (SELECT rolsuper FROM pg_roles "
                "WHERE "
                "rolname = session_user) AS super;");
        });
        const QString target = freshName(u"who"_s);
        try {
            DumpRestorer(staging(), m_binaries).restore(file, target);
        } catch (const pgr::Error& error) {
            QFAIL(qPrintable(error.fullText()));
        }
        auto db = staging().connect(target);
        QCOMPARE(db->exec(u"SELECT super FROM public.who"_s).text(0, 0), u"f"_s);
        QVERIFY(db->exec(u"SELECT who <> current_user FROM public.who"_s).toBool(0, 0));
        // The rest of the pipeline reads it as the staging superuser.
        QCOMPARE(db->exec(u"SELECT count(*) FROM \"Odd Schema\".\"Mixed Case\""_s).toInt64(0, 0), 4);
    }

    void syntaxErrorNamesTheLineOfTheFile()
    {
        // Statements left out (OWNER TO, GRANT) keep their lines, so psql's line numbers are the file's.
        QFile file(path(u"syntax.sql"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        const qsizetype line = lines.indexOf("CREATE TABLE broken (id int,);") + 1;
        QVERIFY(line > 0);
        try {
            DumpRestorer(staging(), m_binaries).restore(file.fileName(), freshName(u"failed"_s));
            QFAIL("the restore succeeded");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(u"\"syntax.sql\" line %1:"_s.arg(line)),
                qPrintable(error.message()));
        }
    }

    void cancelBeforeStartCreatesNothing()
    {
        const std::atomic<bool> cancel { true };
        const QString target = freshName(u"cancelled"_s);
        QVERIFY_THROWS_EXCEPTION(pgr::Cancelled,
            DumpRestorer(staging(), m_binaries).restore(path(u"custom.dump"_s), target, &cancel));
        QVERIFY(!databaseExists(target));
    }

    void cancelStopsARunningRestore_data()
    {
        QTest::addColumn<QString>("file");
        if (m_big.isEmpty()) {
            m_big = TestCluster::instance().createDatabase(u"dumpbig"_s);
            staging().connect(m_big)->exec(u"CREATE TABLE big AS SELECT g AS id, md5(g::text) AS hash, "
                                           "g * 1.5 AS amount FROM generate_series(1, 2000000) g;"
                                           "ALTER TABLE big ADD PRIMARY KEY (id)"_s);
            for (const auto& [name, format] :
                { std::pair { u"big.dump"_s, u"-Fc"_s }, { u"big.sql"_s, u"-Fp"_s } }) {
                const QString error = pgDump(m_big, { format }, path(name));
                QVERIFY2(error.isEmpty(), qPrintable(error));
            }
        }
        QTest::newRow("custom") << path(u"big.dump"_s);
        QTest::newRow("plain") << path(u"big.sql"_s);
    }

    void cancelStopsARunningRestore()
    {
        QFETCH(QString, file);
        const QString target = freshName(u"cancelled"_s);
        std::atomic<bool> cancel { false };
        std::atomic<bool> loading { false };
        bool cancelled = false;
        QString outcome;
        QThread* worker = QThread::create([&] {
            try {
                DumpRestorer(staging(), m_binaries).restore(file, target, &cancel, [&](const QString& line) {
                    if (line.startsWith(u"processing data for table"_s) && line.contains(u"big"_s))
                        loading = true;
                });
                outcome = u"the restore finished"_s;
            } catch (const pgr::Cancelled&) {
                cancelled = true;
            } catch (const pgr::Error& error) {
                outcome = error.fullText();
            }
        });
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(loading || worker->isFinished(), 120000);
        QVERIFY2(databaseExists(target), qPrintable(outcome));
        cancel = true;
        QVERIFY(worker->wait(30000));
        delete worker;
        QVERIFY2(cancelled, qPrintable(outcome));
        QVERIFY(!databaseExists(target));
    }
};

QTEST_GUILESS_MAIN(TestDumpRestore)
#include "tst_dumprestore.moc"
