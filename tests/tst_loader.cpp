// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"
#include "loader.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "project.h"
#include "staging.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::TestCluster;

namespace {

const QString kOrigin = uR"(
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN depth AS numeric(8,2) CHECK (VALUE >= 0);
CREATE TYPE pair AS (n int, s text);
CREATE TABLE parent (id serial PRIMARY KEY, code text NOT NULL UNIQUE, m mood, moods mood[], d depth, p pair,
    total numeric(20,6), doubled int GENERATED ALWAYS AS (length(code) * 2) STORED);
CREATE TABLE child (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED, note text, raw bytea, at timestamptz);
INSERT INTO parent (code, m, moods, d, p, total) SELECT 'c' || g, 'happy', '{happy,sad}', g / 3.0, ROW(g, 'x')::pair, g / 7.0
    FROM generate_series(1, 2000) g;
INSERT INTO parent (code) VALUES (E'tab\there, \\back\\slash, ''quote'', newline\n, emoji 😀');
INSERT INTO child (parent_id, note, raw, at) SELECT 1 + g % 2000, NULL, '\x00ff', '2026-01-01 00:00+00'
    FROM generate_series(1, 5000) g;
)"_s;

QString fingerprint(PgConnection& db, const QString& table, const QString& columns)
{
    return db
        .exec(u"SELECT md5(string_agg(r::text, E'\\n' ORDER BY r::text)) FROM (SELECT %1 FROM %2) r"_s.arg(
            columns, table))
        .text(0, 0);
}

std::unique_ptr<Project> freshProject(const QString& name)
{
    auto& staging = TestCluster::instance().staging();
    if (Project::exists(staging, name))
        Project::drop(staging, name);
    return Project::create(staging, name, u"tester"_s);
}

} // namespace

class TestLoader : public QObject
{
    Q_OBJECT
    QString m_origin;

private Q_SLOTS:
    void initTestCase()
    {
        m_origin = TestCluster::instance().createDatabase(u"origin"_s);
        TestCluster::instance().staging().connect(m_origin)->exec(kOrigin);
    }

    void storesTheCatalogAndCopiesEveryRow()
    {
        auto project = freshProject(u"catalog"_s);
        Loader loader(*project);
        const auto result = loader.load(Side::Source, SideSource::interpret(m_origin));
        QCOMPARE(result.tables, 2);
        QCOMPARE(result.rows, 2001 + 5000);
        PgConnection& db = project->connection();
        auto typeOf = [&](const QString& column) {
            return db
                .exec(u"SELECT type_name || ' -> ' || coalesce(staged_type, '(not staged)') FROM "
                      u"pgreconcile.columns "
                      "WHERE side = 'source' AND column_name = $1"_s,
                    { column })
                .text(0, 0);
        };
        QCOMPARE(typeOf(u"m"_s), u"mood -> text"_s);
        QCOMPARE(typeOf(u"moods"_s), u"mood[] -> text[]"_s);
        QCOMPARE(typeOf(u"d"_s), u"depth -> numeric(8,2)"_s);
        QCOMPARE(typeOf(u"p"_s), u"pair -> text"_s);
        QCOMPARE(typeOf(u"total"_s), u"numeric(20,6) -> numeric(20,6)"_s);
        QCOMPARE(typeOf(u"doubled"_s), u"integer -> (not staged)"_s);
        QCOMPARE(
            db.exec(u"SELECT identity, sequence_name FROM pgreconcile.columns WHERE column_name = 'id' "
                    "AND table_id = (SELECT table_id FROM pgreconcile.tables WHERE table_name = 'child')"_s)
                .text(0, 0),
            u"a"_s);
        QCOMPARE(
            db.exec(u"SELECT sequence_name FROM pgreconcile.columns WHERE column_name = 'id' "
                    "AND table_id = (SELECT table_id FROM pgreconcile.tables WHERE table_name = 'parent')"_s)
                .text(0, 0),
            u"public.parent_id_seq"_s);
        const PgResult fk
            = db.exec(u"SELECT array_to_string(columns, ','), ref_table, is_deferrable, is_deferred "
                      "FROM pgreconcile.foreign_keys"_s);
        QCOMPARE(fk.rowCount(), 1);
        QCOMPARE(fk.text(0, 0), u"parent_id"_s);
        QCOMPARE(fk.text(0, 1), u"parent"_s);
        QVERIFY(fk.toBool(0, 2) && fk.toBool(0, 3));
        QCOMPARE(
            db.exec(
                  u"SELECT unique_keys->0->>'name' FROM pgreconcile.side_tables s JOIN pgreconcile.tables t "
                  "USING (table_id) WHERE t.table_name = 'parent'"_s)
                .text(0, 0),
            u"parent_code_key"_s);
        QCOMPARE(
            db.exec(
                  u"SELECT last_value FROM pgreconcile.sequences WHERE sequence_name = 'public.parent_id_seq'"_s)
                .text(0, 0),
            u"2001"_s);
        // The copy is exact, row for row, in every column's text form.
        auto origin = TestCluster::instance().staging().connect(m_origin);
        const QString columns = u"id, code, m, moods, d, p, total"_s;
        QCOMPARE(fingerprint(db, u"source.\"public.parent\""_s, columns),
            fingerprint(*origin, u"public.parent"_s, columns));
        QCOMPARE(fingerprint(db, u"source.\"public.child\""_s, u"*"_s),
            fingerprint(*origin, u"public.child"_s, u"*"_s));
        // The staged copy has the key, for lookups by key.
        QCOMPARE(
            db.exec(
                  u"SELECT count(*) FROM pg_index WHERE indisprimary AND indrelid = 'source.\"public.child\"'::regclass"_s)
                .toInt64(0, 0),
            1);
    }

    void aUriSideNeverStoresItsPassword()
    {
        auto project = freshProject(u"password"_s);
        const QString uri
            = TestCluster::instance().staging().connectionString(m_origin) + u" password=hunter2"_s;
        Loader(*project).load(Side::Target, SideSource::interpret(uri));
        const PgResult side
            = project->connection().exec(u"SELECT origin_kind, origin FROM pgreconcile.sides"_s);
        QCOMPARE(side.text(0, 0), u"uri"_s);
        QVERIFY(!side.text(0, 1).contains(u"hunter2"_s));
        QVERIFY(side.text(0, 1).contains(m_origin));
    }

    void aProjectOfAnOlderReleaseGetsTodaysViews()
    {
        auto& staging = TestCluster::instance().staging();
        {
            auto project = freshProject(u"format1"_s);
            // As release 1 left it: no review_all, no decision functions, changes with a
            // foreign key to tables, format_version 1.
            project->connection().exec(
                u"DROP VIEW pgreconcile.review_all; DROP VIEW pgreconcile.review; "
                "DROP FUNCTION pgreconcile.effective_action(text, text), pgreconcile.decision_state(text, "
                "text); "
                "ALTER TABLE pgreconcile.changes ADD CONSTRAINT changes_table_id_fkey FOREIGN KEY (table_id) "
                "REFERENCES pgreconcile.tables ON DELETE CASCADE; "
                "DROP TABLE pgreconcile.related; DROP TABLE pgreconcile.work; "
                "ALTER TABLE pgreconcile.decisions DROP COLUMN mapped_onto CASCADE; "
                "ALTER TABLE pgreconcile.changes DROP CONSTRAINT changes_kind_check; "
                "ALTER TABLE pgreconcile.changes ADD CONSTRAINT changes_kind_check CHECK (kind IN "
                "('insert', 'update', 'delete', 'update_update', 'update_delete', 'delete_update', "
                "'insert_insert')); "
                "UPDATE pgreconcile.project SET format_version = 1"_s);
        }
        auto reopened = Project::open(staging, u"format1"_s);
        PgConnection& db = reopened->connection();
        QCOMPARE(db.exec(u"SELECT format_version FROM pgreconcile.project"_s).toInt64(0, 0), 7);
        // Format 7: work that runs and work that was interrupted.
        QVERIFY(!db.exec(u"SELECT to_regclass('pgreconcile.work')"_s).isNull(0, 0));
        // Format 5: a row mapped onto the target's row keeps that row's key with the decision.
        QCOMPARE(
            db.exec(u"SELECT count(*) FROM information_schema.columns WHERE table_schema = 'pgreconcile' "
                    "AND table_name IN ('decisions', 'review_all') AND column_name = 'mapped_onto'"_s)
                .toInt64(0, 0),
            2);
        // Format 4: the conflicts foreign keys create, and the rows related to them.
        QVERIFY(!db.exec(u"SELECT to_regclass('pgreconcile.related')"_s).isNull(0, 0));
        db.exec(u"INSERT INTO pgreconcile.changes (table_id, key, change_class, kind) VALUES (1, '[1]', "
                u"'conflict', 'delete_referenced');"
                // Format 6: an id collision in a composite key.
                "INSERT INTO pgreconcile.changes (table_id, key, change_class, kind) VALUES (1, '[2]', "
                "'conflict', 'id_collision');"
                "DELETE FROM pgreconcile.changes"_s);
        QCOMPARE(
            db.exec(u"SELECT count(*) FROM pg_constraint WHERE conrelid = 'pgreconcile.changes'::regclass "
                    "AND contype = 'f'"_s)
                .toInt64(0, 0),
            0);
        QCOMPARE(db.exec(u"SELECT count(*) FROM pgreconcile.review_all"_s).toInt64(0, 0), 0);
        QCOMPARE(db.exec(u"SELECT pgreconcile.effective_action('source_only', NULL)"_s).text(0, 0),
            u"take_source"_s);
        // A project of a newer release is refused with a reason.
        db.exec(u"UPDATE pgreconcile.project SET format_version = 99"_s);
        try {
            Project::open(staging, u"format1"_s);
            QFAIL("a project of a newer format opened");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"newer pgreconcile"_s), qPrintable(error.message()));
        }
        Project::drop(staging, u"format1"_s);
    }

    void oneSchemaCanStandForASide()
    {
        const QString database = TestCluster::instance().createDatabase(u"schemas"_s);
        TestCluster::instance().staging().connect(database)->exec(
            u"CREATE SCHEMA old; CREATE TABLE old.t (id int PRIMARY KEY, v text); INSERT INTO old.t VALUES "
            u"(1, 'old');"
            "CREATE SCHEMA new; CREATE TABLE new.t (id int PRIMARY KEY, v text); INSERT INTO new.t VALUES (1, 'new')"_s);
        auto project = freshProject(u"schemas"_s);
        Loader loader(*project);
        loader.load(Side::Source, SideSource::interpret(database, u"old"_s));
        loader.load(Side::Target, SideSource::interpret(database, u"new"_s));
        PgConnection& db = project->connection();
        QCOMPARE(
            db.exec(u"SELECT string_agg(schema_name || '.' || table_name, ',') FROM pgreconcile.tables"_s)
                .text(0, 0),
            u"public.t"_s);
        QCOMPARE(db.exec(u"SELECT v FROM source.\"public.t\""_s).text(0, 0), u"old"_s);
        QCOMPARE(db.exec(u"SELECT v FROM target.\"public.t\""_s).text(0, 0), u"new"_s);
        QCOMPARE(
            db.exec(u"SELECT origin_schema FROM pgreconcile.side_tables WHERE side = 'source'"_s).text(0, 0),
            u"old"_s);
        try {
            loader.load(Side::Base, SideSource::interpret(database, u"missing"_s));
            QFAIL("a missing schema was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"has no schema \"missing\""_s), qPrintable(error.message()));
        }
    }

    void reloadingReplacesTheSideAndCancellingKeepsIt()
    {
        auto project = freshProject(u"reload"_s);
        const QString first = TestCluster::instance().createDatabase(u"first"_s);
        const QString second = TestCluster::instance().createDatabase(u"second"_s);
        TestCluster::instance().staging().connect(first)->exec(
            u"CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)"_s);
        TestCluster::instance().staging().connect(second)->exec(
            u"CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 200000)"_s);
        Loader(*project).load(Side::Source, SideSource::interpret(first));
        std::atomic<bool> cancel { true };
        try {
            Loader(*project, &cancel).load(Side::Source, SideSource::interpret(second));
            QFAIL("a cancelled load went on");
        } catch (const Cancelled&) { }
        PgConnection& db = project->connection();
        QCOMPARE(db.exec(u"SELECT count(*) FROM source.\"public.t\""_s).toInt64(0, 0), 1);
        Loader(*project).load(Side::Source, SideSource::interpret(second));
        QCOMPARE(db.exec(u"SELECT count(*) FROM source.\"public.t\""_s).toInt64(0, 0), 200000);
        QCOMPARE(db.exec(u"SELECT row_count FROM pgreconcile.sides WHERE side = 'source'"_s).toInt64(0, 0),
            200000);
        QCOMPARE(
            db.exec(u"SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%\\_loading'"_s).toInt64(0, 0),
            0);
    }

    void partitionedTablesLoadThroughTheirParent()
    {
        const QString database = TestCluster::instance().createDatabase(u"parts"_s);
        TestCluster::instance().staging().connect(database)->exec(
            u"CREATE TABLE m (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);"
            "CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
            "CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"
            "INSERT INTO m VALUES (1, '2025-05-01'), (2, '2026-05-01'), (3, '2026-06-01')"_s);
        auto project = freshProject(u"parts"_s);
        const auto result = Loader(*project).load(Side::Target, SideSource::interpret(database));
        QCOMPARE(result.tables, 1);
        QCOMPARE(result.rows, 3);
    }

    void badSourcesAreExplained_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown database") << u"no_such_db_here"_s << u"is neither a libpq URI"_s;
        QTest::newRow("unreachable server") << u"host=/nonexistent/dir dbname=x connect_timeout=2"_s
                                            << u"cannot connect to source database"_s;
        QTest::newRow("malformed URI")
            << u"postgresql://[oops"_s << u"cannot read the connection description"_s;
    }
    void badSourcesAreExplained()
    {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        auto project = freshProject(u"bad"_s);
        try {
            Loader(*project).load(Side::Source, SideSource::interpret(source));
            QFAIL("a bad source was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(expected), qPrintable(error.fullText()));
            QVERIFY2(!error.hint().isEmpty(), qPrintable(error.fullText()));
        }
        QCOMPARE(project->connection().exec(u"SELECT count(*) FROM pgreconcile.sides"_s).toInt64(0, 0), 0);
    }

    void loadsFromAPgDumpFile()
    {
        QTemporaryDir dir;
        const QString dump = dir.filePath(u"origin.dump"_s);
        QProcess pgDump;
        pgDump.start(PgBinaries::locate().program(u"pg_dump"_s),
            { u"-Fc"_s, u"-f"_s, dump, u"-d"_s,
                TestCluster::instance().staging().connectionString(m_origin) });
        QVERIFY(pgDump.waitForFinished(120000));
        QCOMPARE(pgDump.exitCode(), 0);
        auto project = freshProject(u"dump"_s);
        const auto source = SideSource::interpret(dump);
        QCOMPARE(source.kind, SideSource::Kind::Dump);
        const auto result = Loader(*project).load(Side::Source, source);
        QCOMPARE(result.rows, 7001);
        auto origin = TestCluster::instance().staging().connect(m_origin);
        QCOMPARE(fingerprint(project->connection(), u"source.\"public.child\""_s, u"*"_s),
            fingerprint(*origin, u"public.child"_s, u"*"_s));
        // The scratch database the dump went through is gone.
        QCOMPARE(TestCluster::instance()
                     .staging()
                     .connect(u"postgres"_s)
                     ->exec(u"SELECT count(*) FROM pg_database WHERE datname LIKE 'pgrscratch%'"_s)
                     .toInt64(0, 0),
            0);
    }
};

QTEST_GUILESS_MAIN(TestLoader)
#include "tst_loader.moc"
