// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input and half-done work found by users (issue 13): each case runs against a real server,
// most through the CLI as a user would meet them.
#include "differ.h"
#include "error.h"
#include "loader.h"
#include "pgconnection.h"
#include "review.h"
#include "sides.h"
#include "staging.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::CliRun;
using pgr::test::Sides;

class TestBadInput : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

    // The real CLI against the test cluster, with settings of its own (set up in initTestCase).
    pgr::test::CliRunner m_cli;

    static QString keyOf(Project& project, const QString& table)
    {
        return project.connection()
            .exec(
                u"SELECT coalesce(array_to_string(d.key_columns, ','), '(none)') || '/' || "
                u"coalesce(array_to_string(t.key_override, ','), '') "
                "FROM pgreconcile.tables t JOIN pgreconcile.table_diffs d USING (table_id) WHERE t.table_name = $1"_s,
                { table })
            .text(0, 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_config.isValid());
        m_cli.isolateSettings(m_config.path()).useTestCluster();
    }

    // diff --key on a column that is not unique: refused, and the previous key and results stay,
    // so the next diff and the export work; --key T= puts the table back to no key.
    void failedKeyLeavesPreviousKey()
    {
        Sides sides(u"badkey"_s);
        sides.onAll(u"CREATE TABLE k (code text NOT NULL, grp int, n int);"
                    "INSERT INTO k VALUES ('a', 1, 1), ('b', 1, 2), ('c', 2, 3)"_s);
        sides.onSource(u"UPDATE k SET n = 10 WHERE code = 'a'"_s);
        auto project = sides.load();
        const QString name = project->name();
        CliRun run = m_cli.run({ u"diff"_s, u"--project"_s, name, u"--key"_s, u"k=code"_s });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(keyOf(*project, u"k"_s), u"code/code"_s);

        run = m_cli.run({ u"diff"_s, u"--project"_s, name, u"--key"_s, u"k=grp"_s });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(u"not unique"_s), qPrintable(run.out + run.err));
        QCOMPARE(keyOf(*project, u"k"_s), u"code/code"_s);

        // The next diff uses the key that worked; the review is ready and the script exports.
        run = m_cli.run({ u"diff"_s, u"--project"_s, name });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        run = m_cli.run({ u"review"_s, u"--project"_s, name });
        QVERIFY2(run.out.contains(u"Ready to export."_s), qPrintable(run.out + run.err));
        QTemporaryDir out;
        run = m_cli.run({ u"export"_s, u"--project"_s, name, u"--out"_s, out.filePath(u"k.sql"_s) });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));

        // Back to no key.
        run = m_cli.run({ u"diff"_s, u"--project"_s, name, u"--key"_s, u"k="_s });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(keyOf(*project, u"k"_s), u"(none)/"_s);
        run = m_cli.run({ u"diff"_s, u"--project"_s, name });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(keyOf(*project, u"k"_s), u"(none)/"_s);
    }

    // Results of another key than the one in force (a project saved by the earlier bug, or a diff
    // cut short) are stale: review does not call them ready, approve and export refuse.
    void staleResultsAreNotExportable()
    {
        Sides sides(u"stalekey"_s);
        sides.onAll(u"CREATE TABLE s (id int PRIMARY KEY, code text, n int);"
                    "INSERT INTO s VALUES (1, 'a', 1), (2, 'b', 2)"_s);
        sides.onSource(u"UPDATE s SET n = 10 WHERE id = 1"_s);
        auto project = sides.load();
        const QString name = project->name();
        CliRun run = m_cli.run({ u"diff"_s, u"--project"_s, name });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        run = m_cli.run({ u"approve"_s, u"--project"_s, name, u"--by"_s, u"tester"_s });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        project->connection().exec(
            u"UPDATE pgreconcile.tables SET key_override = '{code}' WHERE table_name = 's'"_s);

        QVERIFY(Review(*project).exportBlocker().contains(u"public.s"_s));
        run = m_cli.run({ u"review"_s, u"--project"_s, name });
        QVERIFY2(!run.out.contains(u"Ready to export."_s), qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(u"public.s"_s) && run.out.contains(u"diff"_s), qPrintable(run.out));
        QVERIFY2(!run.out.contains(u"Approved by"_s)
                && run.out.contains(u"is not valid: the results of public.s"_s),
            qPrintable(run.out));
        run = m_cli.run({ u"approve"_s, u"--project"_s, name, u"--by"_s, u"tester"_s });
        QVERIFY2(run.exitCode != 0 && run.err.contains(u"public.s"_s), qPrintable(run.out + run.err));
        QTemporaryDir out;
        run = m_cli.run({ u"export"_s, u"--project"_s, name, u"--out"_s, out.filePath(u"s.sql"_s) });
        QVERIFY2(run.exitCode != 0 && run.err.contains(u"public.s"_s) && run.err.contains(u"diff"_s),
            qPrintable(run.out + run.err));
    }

    // A key column of another type on one side: refused naming the table, column and types.
    void keyTypesDiffer()
    {
        Sides sides(u"keytype"_s);
        sides.onBase(u"CREATE TABLE m (id int PRIMARY KEY, n int); INSERT INTO m VALUES (1, 1), (2, 2)"_s);
        sides.onSource(u"CREATE TABLE m (id int PRIMARY KEY, n int); INSERT INTO m VALUES (1, 5), (2, 2)"_s);
        sides.onTarget(
            u"CREATE TABLE m (id text PRIMARY KEY, n int); INSERT INTO m VALUES ('1', 1), ('2', 2)"_s);
        sides.onAll(u"CREATE TABLE ok (id int PRIMARY KEY, n int); INSERT INTO ok VALUES (1, 1)"_s);
        auto project = sides.load();
        const CliRun run = m_cli.run({ u"diff"_s, u"--project"_s, project->name() });
        QCOMPARE(run.exitCode, 1);
        const QString text = run.out + run.err;
        QVERIFY2(text.contains(u"public.m"_s) && text.contains(u"\"id\""_s) && text.contains(u"integer"_s)
                && text.contains(u"text"_s) && text.contains(u"--key"_s),
            qPrintable(text));
        QVERIFY2(!text.contains(u"cannot be matched"_s), qPrintable(text));
        QVERIFY2(Review(*project).exportBlocker().contains(u"public.m"_s),
            qPrintable(Review(*project).exportBlocker()));
    }

    // public."x.y" and "public.x".y are two tables: staged under names of their own, both load
    // and each is compared with itself.
    void stagedNamesNeverCollide()
    {
        Sides sides(u"dotted"_s);
        sides.onAll(u"CREATE TABLE \"x.y\" (id int PRIMARY KEY, n int); CREATE SCHEMA \"public.x\";"
                    "CREATE TABLE \"public.x\".y (id int PRIMARY KEY, n int);"
                    "INSERT INTO \"x.y\" VALUES (1, 1), (2, 2); INSERT INTO \"public.x\".y VALUES (1, 1)"_s);
        sides.onSource(
            u"UPDATE \"x.y\" SET n = 10 WHERE id = 1; INSERT INTO \"public.x\".y VALUES (2, 2), (3, 3)"_s);
        std::unique_ptr<Project> project;
        try {
            project = sides.load();
        } catch (const Error& error) {
            QFAIL(qPrintable(error.fullText()));
        }
        QVERIFY(Loader::stagedName(u"public"_s, u"x.y"_s) != Loader::stagedName(u"public.x"_s, u"y"_s));
        QCOMPARE(Loader::stagedName(u"public"_s, u"orders"_s), u"public.orders"_s);
        QVERIFY(Loader::stagedName(u"a~"_s, u"b"_s) != u"a~.b"_s);
        const QString longName(70, u'n');
        QVERIFY(Loader::stagedName(u"public"_s, longName).toUtf8().size() <= 63);
        QVERIFY(
            Loader::stagedName(u"public"_s, longName) != Loader::stagedName(u"public"_s, longName + u'x'));

        Differ differ(*project, {});
        const QList<TableDiffResult> results = differ.run();
        QCOMPARE(results.size(), 2);
        const QJsonObject report = Differ::report(project->name(), results)[u"tables"_s].toObject();
        QCOMPARE(report.keys(), (QStringList { u"\"public.x\".y"_s, u"public.\"x.y\""_s }));
        for (const TableDiffResult& result : results) {
            QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
            if (result.plan.schema == u"public"_s) {
                QCOMPARE(result.plan.name, u"x.y"_s);
                QCOMPARE(result.counts.value(u"source_only/update"_s), 1);
                QCOMPARE(result.changes, 1);
            } else {
                QCOMPARE(result.plan.schema, u"public.x"_s);
                QCOMPARE(result.counts.value(u"source_only/insert"_s), 2);
                QCOMPARE(result.changes, 2);
            }
        }
    }

    // A project staged by an older release named "public.x".y "public.x.y": it opens and diffs as
    // it is, and after one side is loaded again (under the new name) the other sides follow.
    void oldStagedNameRenamedOnReload()
    {
        Sides sides(u"oldname"_s);
        sides.onAll(u"CREATE SCHEMA \"public.x\"; CREATE TABLE \"public.x\".y (id int PRIMARY KEY, n int);"
                    "INSERT INTO \"public.x\".y VALUES (1, 1)"_s);
        sides.onSource(u"UPDATE \"public.x\".y SET n = 2"_s);
        auto project = sides.load();
        PgConnection& db = project->connection();
        const QString fresh = Loader::stagedName(u"public.x"_s, u"y"_s);
        for (const QString& side : { u"base"_s, u"source"_s, u"target"_s })
            db.exec(
                u"ALTER TABLE %1.%2 RENAME TO \"public.x.y\""_s.arg(db.quoteName(side), db.quoteName(fresh)));
        db.exec(u"UPDATE pgreconcile.tables SET staged_name = 'public.x.y'"_s);
        QCOMPARE(Differ(*project, {}).run().value(0).changes, 1);

        sides.onTarget(u"INSERT INTO \"public.x\".y VALUES (2, 2)"_s);
        Loader(*project).load(Side::Target, SideSource::interpret(sides.database(Side::Target)));
        QCOMPARE(db.exec(u"SELECT staged_name FROM pgreconcile.tables"_s).text(0, 0), fresh);
        const TableDiffResult result = Differ(*project, {}).run().value(0);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.changes, 2);
    }

    // A NOT NULL column without default that only the target has: rows the script would insert
    // cannot fill it. Review names the table, the column and the fix; export refuses the same.
    void unfilledTargetColumnBlocksExport()
    {
        Sides sides(u"notnull"_s);
        sides.onAll(u"CREATE TABLE p (id int PRIMARY KEY, n int); INSERT INTO p VALUES (1, 1), (2, 2)"_s);
        sides.onTarget(
            u"ALTER TABLE p ADD COLUMN flag boolean NOT NULL DEFAULT false; ALTER TABLE p ALTER COLUMN flag DROP DEFAULT"_s);
        sides.onSource(u"INSERT INTO p VALUES (3, 3); UPDATE p SET n = 20 WHERE id = 2"_s);
        auto project = sides.load();
        const QString name = project->name();
        CliRun run = m_cli.run({ u"diff"_s, u"--project"_s, name });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        run = m_cli.run({ u"review"_s, u"--project"_s, name });
        QVERIFY2(!run.out.contains(u"Ready to export."_s), qPrintable(run.out));
        QVERIFY2(run.out.contains(u"1 row into public.p"_s) && run.out.contains(u"flag"_s)
                && run.out.contains(u"SET DEFAULT"_s),
            qPrintable(run.out));
        QTemporaryDir out;
        run = m_cli.run({ u"export"_s, u"--project"_s, name, u"--out"_s, out.filePath(u"p.sql"_s) });
        QVERIFY2(run.exitCode != 0 && run.err.contains(u"public.p"_s) && run.err.contains(u"flag"_s),
            qPrintable(run.out + run.err));
        QVERIFY(!QFile::exists(out.filePath(u"p.sql"_s)));
    }

    // A role that may not read one table: refused before anything is copied, naming the table
    // and the GRANT; no side of the load is kept (no project is made).
    void unreadableTableRefusedBeforeLoading()
    {
        Sides sides(u"noread"_s);
        auto admin = pgr::test::TestCluster::instance().staging().connect(u"postgres"_s);
        admin->exec(u"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgr_reader') THEN "
                    "CREATE ROLE pgr_reader LOGIN; END IF; END $$"_s);
        sides.onAll(u"CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE secret (id int PRIMARY KEY); INSERT "
                    u"INTO a VALUES (1);"
                    "GRANT SELECT ON a TO pgr_reader"_s);
        sides.onBase(u"GRANT SELECT ON secret TO pgr_reader"_s);
        sides.onTarget(u"GRANT SELECT ON secret TO pgr_reader"_s);
        auto asReader = [&](Side side) {
            return pgr::test::TestCluster::instance()
                .staging()
                .connectionString(sides.database(side))
                .replace(QRegularExpression(u"user=\\S+"_s), u"user=pgr_reader"_s);
        };
        const CliRun run
            = m_cli.run({ u"load"_s, u"--project"_s, u"noread"_s, u"--base"_s, asReader(Side::Base),
                u"--source"_s, asReader(Side::Source), u"--target"_s, asReader(Side::Target) });
        QVERIFY2(run.exitCode == 1, qPrintable(run.out + run.err));
        QVERIFY2(run.err.contains(u"public.secret"_s)
                && run.err.contains(u"GRANT SELECT ON public.secret TO pgr_reader"_s)
                && run.err.contains(u"source"_s),
            qPrintable(run.err));
        QVERIFY2(!Project::exists(pgr::test::TestCluster::instance().staging(), u"noread"_s),
            qPrintable(run.out + run.err));
    }

    // A keyless table whose target gained an extra copy of a row the script deletes a copy of:
    // the script counts the copies and rolls back, naming the table; the target as reviewed
    // takes it.
    void keylessGuardCountsCopies()
    {
        Sides sides(u"copies"_s);
        sides.onAll(u"CREATE TABLE kl (a int, b text); INSERT INTO kl VALUES (1, 'x'), (1, 'x'), (2, 'y')"_s);
        sides.onSource(
            u"DELETE FROM kl WHERE ctid IN (SELECT ctid FROM kl WHERE a = 1 LIMIT 1); INSERT INTO kl VALUES (3, 'z')"_s);
        auto project = sides.load();
        const QString name = project->name();
        CliRun run = m_cli.run({ u"diff"_s, u"--project"_s, name });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QTemporaryDir out;
        const QString path = out.filePath(u"kl.sql"_s);
        run = m_cli.run({ u"export"_s, u"--project"_s, name, u"--out"_s, path, u"--format"_s, u"values"_s });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString script = QString::fromUtf8(file.readAll());

        auto& cluster = pgr::test::TestCluster::instance();
        const QString asReviewed
            = cluster.copyDatabase(sides.database(Side::Target), u"copies_as_reviewed"_s);
        try {
            cluster.staging().connect(asReviewed)->exec(script);
        } catch (const Error& error) {
            QFAIL(qPrintable(error.fullText()));
        }
        QCOMPARE(cluster.staging()
                     .connect(asReviewed)
                     ->exec(u"SELECT count(*) FILTER (WHERE a = 1) || '/' || count(*) FROM kl"_s)
                     .text(0, 0),
            u"1/3"_s);

        auto target = cluster.staging().connect(sides.database(Side::Target));
        target->exec(u"INSERT INTO kl VALUES (1, 'x')"_s);
        try {
            target->exec(script);
            QFAIL("the script applied to a target holding an extra copy");
        } catch (const Error& error) {
            QVERIFY2(error.fullText().contains(u"public.kl holds 3 copies of a row the review saw 2 times"_s),
                qPrintable(error.fullText()));
        }
        target = cluster.staging().connect(sides.database(Side::Target));
        QCOMPARE(target->exec(u"SELECT count(*) FROM kl WHERE a = 1"_s).text(0, 0), u"3"_s);
        QCOMPARE(target->exec(u"SELECT count(*) FROM kl WHERE a = 3"_s).text(0, 0), u"0"_s);
    }

    // Re-key on a target whose sequence was set back below its highest id: the fresh key lies past
    // both, and the script applies (no false "the target changed since the review").
    void rekeyPastSequenceBehind_data()
    {
        QTest::addColumn<QString>("keyType");
        QTest::newRow("serial") << u"serial"_s;
        QTest::newRow("identity") << u"int GENERATED ALWAYS AS IDENTITY"_s;
    }

    void rekeyPastSequenceBehind()
    {
        QFETCH(QString, keyType);
        Sides sides(u"seqbehind_"_s + QString::fromLatin1(QTest::currentDataTag()));
        sides.onAll(
            u"CREATE TABLE r (id %1 PRIMARY KEY, v text); INSERT INTO r (v) VALUES ('a'), ('b'), ('c');"
            "CREATE TABLE rc (id serial PRIMARY KEY, r_id int NOT NULL REFERENCES r, note text)"_s.arg(
                keyType));
        sides.onSource(
            u"INSERT INTO r (v) VALUES ('from source'); INSERT INTO rc (r_id, note) VALUES (4, 'child of source')"_s);
        sides.onTarget(
            u"INSERT INTO r (v) VALUES ('from target'); SELECT setval(pg_get_serial_sequence('r', 'id'), 2);"
            "INSERT INTO rc (r_id, note) VALUES (4, 'child of target'); SELECT setval('rc_id_seq', 1, false)"_s);
        auto project = sides.load();
        const QString name = project->name();
        CliRun run = m_cli.run({ u"diff"_s, u"--project"_s, name });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        run = m_cli.run(
            { u"decide"_s, u"--project"_s, name, u"--table"_s, u"r"_s, u"--key"_s, u"[4]"_s, u"--rekey"_s });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        run = m_cli.run(
            { u"decide"_s, u"--project"_s, name, u"--table"_s, u"rc"_s, u"--key"_s, u"[1]"_s, u"--rekey"_s });
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QTemporaryDir out;
        for (const QString& format : { u"values"_s, u"copy"_s }) {
            run = m_cli.run({ u"export"_s, u"--project"_s, name, u"--out"_s, out.filePath(format + u".sql"_s),
                u"--format"_s, format, u"--dry-run"_s });
            QVERIFY2(run.exitCode == 0, qPrintable(format + u": "_s + run.out + run.err));
        }
        QFile file(out.filePath(u"values.sql"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto target = pgr::test::TestCluster::instance().staging().connect(sides.database(Side::Target));
        try {
            target->exec(QString::fromUtf8(file.readAll()));
        } catch (const Error& error) {
            QFAIL(qPrintable(error.fullText()));
        }
        QCOMPARE(target->exec(u"SELECT string_agg(id || '=' || v, ',' ORDER BY id) FROM r WHERE id >= 4"_s)
                     .text(0, 0),
            u"4=from target,5=from source"_s);
        QCOMPARE(
            target->exec(u"SELECT string_agg(id || '=' || r_id || '=' || note, ',' ORDER BY id) FROM rc"_s)
                .text(0, 0),
            u"1=4=child of target,2=5=child of source"_s);
    }

    // Bad option values and missing options: exit code 2 (usage) for every command, a message
    // naming the option, the value and what it takes; nothing is opened or made.
    void badOptionValues_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("message");
        const QString p = u"--project"_s;
        const QStringList project = { p, u"no-such-project"_s };
        QTest::newRow("diff --parallel 0")
            << (QStringList { u"diff"_s } + project + QStringList { u"--parallel"_s, u"0"_s })
            << QStringList { u"--parallel"_s, u"\"0\""_s, u"1 to 64"_s };
        QTest::newRow("diff --parallel abc")
            << (QStringList { u"diff"_s } + project + QStringList { u"--parallel"_s, u"abc"_s })
            << QStringList { u"--parallel"_s, u"\"abc\""_s };
        QTest::newRow("load --parallel -1") << (QStringList { u"load"_s } + project
            + QStringList { u"--source"_s, u"a"_s, u"--parallel"_s, u"-1"_s })
                                            << QStringList { u"--parallel"_s, u"\"-1\""_s };
        QTest::newRow("export --batch-size -5")
            << (QStringList { u"export"_s } + project
                   + QStringList { u"--out"_s, u"x.sql"_s, u"--batch-size"_s, u"-5"_s })
            << QStringList { u"--batch-size"_s, u"\"-5\""_s, u"1 to 100000"_s };
        const QStringList exportTo
            = QStringList { u"export"_s } + project + QStringList { u"--out"_s, u"x.sql"_s };
        QTest::newRow("export --lock-timeout 0")
            << (exportTo + QStringList { u"--lock-timeout"_s, u"0"_s })
            << QStringList { u"--lock-timeout"_s, u"\"0\""_s, u"from 1ms to 24h"_s };
        QTest::newRow("export --lock-timeout 25h")
            << (exportTo + QStringList { u"--lock-timeout"_s, u"25h"_s })
            << QStringList { u"--lock-timeout"_s, u"\"25h\""_s, u"from 1ms to 24h"_s };
        QTest::newRow("export --lock-timeout ten")
            << (exportTo + QStringList { u"--lock-timeout"_s, u"ten"_s })
            << QStringList { u"--lock-timeout"_s, u"\"ten\""_s, u"ms, s, min or h"_s };
        QTest::newRow("export --lock-timeout SQL")
            << (exportTo + QStringList { u"--lock-timeout"_s, u"1s'; DROP TABLE canary; --"_s })
            << QStringList { u"--lock-timeout"_s, u"\"1s'; DROP TABLE canary; --\""_s };
        QTest::newRow("review --limit -1")
            << (QStringList { u"review"_s } + project + QStringList { u"--list"_s, u"--limit"_s, u"-1"_s })
            << QStringList { u"--limit"_s, u"\"-1\""_s };
        const QList<QStringList> withoutProject = { { u"diff"_s }, { u"load"_s, u"--source"_s, u"a"_s },
            { u"export"_s, u"--out"_s, u"x.sql"_s }, { u"verify"_s, u"--target"_s, u"postgresql:///x"_s },
            { u"decide"_s, u"--take"_s, u"source"_s }, { u"review"_s }, { u"approve"_s, u"--by"_s, u"me"_s },
            { u"history"_s }, { u"drop"_s }, { u"triggers"_s } };
        for (const QStringList& arguments : withoutProject)
            QTest::newRow(qPrintable(arguments.first() + u" without --project"_s))
                << arguments << QStringList { u"--project"_s };
    }

    void badOptionValues()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, message);
        const CliRun run = m_cli.run(arguments);
        QVERIFY2(run.exitCode == 2, qPrintable(u"exit %1: %2"_s.arg(run.exitCode).arg(run.out + run.err)));
        for (const QString& part : message)
            QVERIFY2(run.err.contains(part), qPrintable(part + u" not in: "_s + run.err));
    }

    // A --staging-folder that holds no cluster: refused (exit 2) unless empty, and nothing is
    // made there; "staging start" is the way to make one.
    void stagingFolderMistyped()
    {
        QTemporaryDir dir;
        const QString typo = dir.filePath(u"stagign"_s);
        pgr::test::CliRunner asGiven = m_cli; // the case's own --staging-folder
        asGiven.setStagingArguments({});
        CliRun run = asGiven.run({ u"projects"_s, u"--staging-folder"_s, typo });
        QVERIFY2(run.exitCode == 2 && run.err.contains(typo) && run.err.contains(u"staging start"_s),
            qPrintable(run.out + run.err));
        QVERIFY(!QFileInfo::exists(typo));
        QFile file(dir.filePath(u"notes.txt"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        run = asGiven.run({ u"review"_s, u"--project"_s, u"x"_s, u"--staging-folder"_s, dir.path() });
        QVERIFY2(run.exitCode == 2 && run.err.contains(u"not empty"_s), qPrintable(run.out + run.err));
        QVERIFY(!QFileInfo::exists(dir.filePath(u"data"_s)));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
