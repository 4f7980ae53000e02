// SPDX-License-Identifier: GPL-3.0-or-later
// The merge script's round trip, the product's core test: decide, export, apply with psql to a
// copy of the target, and compare with the target as the decisions say it must end up, built
// independently by hand-written SQL.
#include "decisions.h"
#include "differ.h"
#include "dryrun.h"
#include "error.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "review.h"
#include "scriptwriter.h"
#include "selection.h"
#include "sides.h"
#include "staging.h"
#include "verifier.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::Sides;
using pgr::test::TestCluster;

namespace {

// Each side's own changes since base.

// The target as the decisions above say it must end: written by hand, independently of the writer.

QString sql(const QString& name)
{
    QFile file(QStringLiteral(PGRECONCILE_TEST_DATA) + u"/script/"_s + name + u".sql"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(file.fileName()));
    return QString::fromUtf8(file.readAll());
}

QString fingerprint(PgConnection& db) { return db.exec(sql(u"fingerprint"_s)).text(0, 0); }

// Applies a script the way a user would: psql, stop at the first error (or, with stopOnError
// false, the way a user who forgot -v ON_ERROR_STOP=1 would).
int applyWithPsql(
    const QString& scriptPath, const QString& database, QString* output, bool stopOnError = true)
{
    QProcess psql;
    psql.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments = { u"-X"_s, u"-q"_s, u"-f"_s, scriptPath, u"-d"_s,
        TestCluster::instance().staging().connectionString(database) };
    if (stopOnError)
        arguments << u"-v"_s << u"ON_ERROR_STOP=1"_s;
    psql.start(PgBinaries::locate().program(u"psql"_s), arguments);
    psql.waitForFinished(120000);
    *output = QString::fromUtf8(psql.readAll());
    return psql.exitCode();
}

QString copyOf(const QString& database, const QString& name)
{
    return TestCluster::instance().copyDatabase(database, name);
}

// A data column "format" for a test that runs in both formats.
void addFormats()
{
    QTest::addColumn<int>("format");
    QTest::newRow("copy") << int(ScriptWriter::Format::Copy);
    QTest::newRow("values") << int(ScriptWriter::Format::Values);
}

// Exports the project in the format, applies the script with psql to a copy of its target (named
// copyName) and checks that the tables now hold the source's rows and that verify finds nothing.
void checkAppliedAsTheSource(Project& project, Sides& sides, int format, const QString& copyName,
    const QStringList& tables, ScriptWriter::Summary* summary = nullptr)
{
    ScriptWriter::Options options;
    options.format = ScriptWriter::Format(format);
    QTemporaryDir dir;
    const QString script = dir.filePath(copyName + u".sql"_s);
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const ScriptWriter::Summary written = ScriptWriter(project, options).write(file);
    file.close();
    if (summary)
        *summary = written;
    const QString applied = copyOf(sides.database(Side::Target), copyName);
    QString output;
    QCOMPARE(applyWithPsql(script, applied, &output), 0);
    auto& staging = TestCluster::instance().staging();
    const QString rows = u"SELECT string_agg(r::text, ';' ORDER BY r::text) FROM %1 r"_s;
    for (const QString& table : tables) {
        QCOMPARE(staging.connect(applied)->exec(rows.arg(table)).text(0, 0),
            staging.connect(sides.database(Side::Source))->exec(rows.arg(table)).text(0, 0));
    }
    QCOMPARE(Verifier(project).verify(staging.connectionString(applied)).problems(), 0);
}

} // namespace

class TestScriptWriter : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sides> m_sides;
    std::unique_ptr<Project> m_project;
    QTemporaryDir m_dir;
    QString m_script;

    // The script's body waits in a hidden temporary file beside the output while it is written.
    QStringList leftoverTemporaryFiles() const
    {
        return QDir(m_dir.path()).entryList({ u".pgreconcile-script-*"_s }, QDir::Files | QDir::Hidden);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sides = std::make_unique<Sides>(u"script"_s);
        m_sides->onAll(sql(u"schema"_s));
        m_sides->onSource(sql(u"source"_s));
        m_sides->onTarget(sql(u"target"_s));
        m_project = m_sides->load();
        Differ(*m_project, {}).run();
        m_script = m_dir.filePath(u"merge.sql"_s);
    }

    void refusesWhileConflictsAreUndecided()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        try {
            ScriptWriter(*m_project, {}).write(buffer);
            QFAIL("a script was written with undecided conflicts");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"undecided"_s), qPrintable(error.message()));
        }
    }

    void roundTripGivesExactlyTheReviewedResult()
    {
        Decisions decisions(*m_project, u"tester"_s);
        decisions.decide(u"parent"_s, u"[4]"_s, Action::TakeSource);
        decisions.decide(u"parent"_s, u"[5]"_s, Action::KeepTarget);
        auto db = TestCluster::instance().staging().connect(m_project->database());
        // A hand edit: the target's row with a new name, as PostgreSQL renders it.
        const QString edited = db->exec(u"SELECT (to_jsonb(t) || '{\"name\": \"edited by hand\"}')::text "
                                        "FROM target.\"public.parent\" t WHERE id = 6"_s)
                                   .text(0, 0);
        decisions.edit(u"parent"_s, u"[6]"_s, edited);
        decisions.decide(u"Child Rows"_s, u"[7]"_s, Action::TakeSource);
        decisions.decide(u"Child Rows"_s, u"[8]"_s, Action::TakeSource);
        decisions.rekey(u"parent"_s, u"[21]"_s);

        QFile file(m_script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const auto summary = ScriptWriter(*m_project, {}).write(file);
        file.close();
        QVERIFY(summary.rows > 0);
        QVERIFY(!summary.checksum.isEmpty());
        QVERIFY(readAll(m_script).contains(u"COPY pg_temp.pgr_rows_"_s)); // the default: COPY blocks
        // The checksum, computed on a second connection while the rows streamed, is the review's.
        QCOMPARE(summary.checksum, Review(*m_project).checksum());
        QVERIFY(readAll(m_script).contains(u"-- decisions: md5 "_s + summary.checksum + u'\n'));
        QCOMPARE(leftoverTemporaryFiles(), QStringList());
        checkAppliedScript(m_script, u"script_applied"_s);
    }

    // Runs after the round trip, which decided every conflict (an undecided one is refused first).
    void aCancelledExportLeavesNoFileBehind()
    {
        std::atomic<bool> cancel = true;
        QSaveFile file(m_dir.filePath(u"cancelled.sql"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        try {
            ScriptWriter(*m_project, {}, &cancel).write(file);
            QFAIL("the export went on after it was cancelled");
        } catch (const Cancelled&) { }
        file.cancelWriting();
        QVERIFY(!file.commit());
        QVERIFY(!QFile::exists(m_dir.filePath(u"cancelled.sql"_s)));
        QCOMPARE(leftoverTemporaryFiles(), QStringList());
    }

    void roundTripInTheValuesFormat()
    {
        ScriptWriter::Options options;
        options.format = ScriptWriter::Format::Values;
        options.batchSize = 2; // several statements per table, to exercise batching
        const QString script = m_script + u".values.sql"_s;
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        ScriptWriter(*m_project, options).write(file);
        file.close();
        QVERIFY(!readAll(script).contains(u"COPY "_s));
        checkAppliedScript(script, u"script_applied_values"_s);
    }

    static QString readAll(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    // Applies the script to a copy of the target; the copy must equal the hand-written result.
    void checkAppliedScript(const QString& script, const QString& copyName)
    {
        const QString applied = copyOf(m_sides->database(Side::Target), copyName);
        QString output;
        QCOMPARE(applyWithPsql(script, applied, &output), 0);
        const QString expected = copyOf(m_sides->database(Side::Target), copyName + u"_expected"_s);
        TestCluster::instance().staging().connect(expected)->exec(sql(u"expected"_s));
        auto appliedDb = TestCluster::instance().staging().connect(applied);
        auto expectedDb = TestCluster::instance().staging().connect(expected);
        QCOMPARE(fingerprint(*appliedDb), fingerprint(*expectedDb));
        // The sequences end past the highest key.
        QVERIFY(appliedDb->exec(u"SELECT nextval('parent_id_seq')"_s).toInt64(0, 0) > 100);
        QVERIFY(
            appliedDb->exec(u"SELECT nextval(pg_get_serial_sequence('\"Child Rows\"', 'Id'))"_s).toInt64(0, 0)
            > 41);
    }

    static const VerifyTable* tableIn(const VerifyResult& result, const QString& name)
    {
        for (const VerifyTable& table : result.tables) {
            if (table.table == name)
                return &table;
        }
        return nullptr;
    }

    static QString problemsOf(const VerifyResult& result)
    {
        QStringList lines;
        for (const VerifyTable& table : result.tables) {
            for (const QString& line : table.problems + table.notCheckedReasons)
                lines.append(table.table + u": "_s + line);
        }
        return lines.join(u'\n');
    }

    // Every decided change is checked, the re-keyed row (found under its new key), the rows that
    // moved with it (child, composite-key grandchild and great-grandchild) and the keyless rows included.
    void verifyTellsAnAppliedTargetFromAnUntouchedOne()
    {
        auto& staging = TestCluster::instance().staging();
        for (const QString& copy : { u"script_applied"_s, u"script_applied_values"_s }) {
            const VerifyResult applied = Verifier(*m_project).verify(staging.connectionString(copy));
            QVERIFY2(applied.problems() == 0, qPrintable(problemsOf(applied)));
            for (const VerifyTable& table : applied.tables)
                QVERIFY2(table.notChecked == 0, qPrintable(problemsOf(applied)));
            QCOMPARE(
                tableIn(applied, u"public.parent"_s)->inPlace, 7); // [1] [3] [4] [5] [6] [100], re-keyed [21]
            QCOMPARE(tableIn(applied, u"public.Child Rows"_s)->inPlace, 5); // [2] [3] [7] [8] [41]
            QCOMPARE(tableIn(applied, u"public.grand"_s)->inPlace, 1);
            QCOMPARE(tableIn(applied, u"public.great"_s)->inPlace, 1);
            QCOMPARE(tableIn(applied, u"public.log"_s)->inPlace, 2);
        }
        const VerifyResult untouched
            = Verifier(*m_project).verify(staging.connectionString(m_sides->database(Side::Target)));
        QVERIFY(untouched.problems() > 0);
        const QString problems = problemsOf(untouched);
        QVERIFY2(problems.contains(u"public.parent: [4] differs in: name"_s), qPrintable(problems));
        QVERIFY2(problems.contains(
                     u"public.parent: [21] re-keyed: no row with its reviewed values under a new key"_s),
            qPrintable(problems));
        QVERIFY2(problems.contains(
                     u"public.Child Rows: [41] follows public.parent [21], whose new row was not found"_s),
            qPrintable(problems));
        for (const QString& name :
            { u"public.parent"_s, u"public.Child Rows"_s, u"public.grand"_s, u"public.great"_s }) {
            QCOMPARE(tableIn(untouched, name)->notChecked, 0);
            QVERIFY2(tableIn(untouched, name)->missing > 0, qPrintable(name));
        }
        QCOMPARE(tableIn(untouched, u"public.log"_s)->missing, 1); // ('z', 3) not added
        QCOMPARE(tableIn(untouched, u"public.log"_s)->stillPresent, 1); // ('y', 2) not removed
    }

    // After the apply, someone changed the re-keyed row, or the rows around it, or a keyless table.
    void verifyNamesWhatChangedAfterTheApply()
    {
        auto& staging = TestCluster::instance().staging();
        {
            const QString altered = copyOf(u"script_applied"_s, u"script_rekey_altered"_s);
            // A row the target already had at the review, now with the re-keyed row's values, is not taken
            // for it.
            staging.connect(altered)->exec(
                u"UPDATE parent SET name = 'changed later' WHERE name = 'collision on source';"
                "UPDATE parent SET name = 'collision on source', score = NULL, tags = NULL, m = NULL, "
                "d = NULL WHERE id = 20"_s);
            const VerifyResult result = Verifier(*m_project).verify(staging.connectionString(altered));
            const QString problems = problemsOf(result);
            QCOMPARE(tableIn(result, u"public.parent"_s)->missing, 1);
            QVERIFY2(problems.contains(u"[21] re-keyed: no row with its reviewed values under a new key"_s),
                qPrintable(problems));
            QVERIFY2(!problems.contains(u"older keys"_s), qPrintable(problems));
            QCOMPARE(tableIn(result, u"public.grand"_s)->missing, 1); // it follows a row that is not there
            QCOMPARE(tableIn(result, u"public.great"_s)->missing, 1);
        }
        {
            const QString altered = copyOf(u"script_applied"_s, u"script_around_altered"_s);
            auto db = staging.connect(altered);
            db->exec(
                u"UPDATE parent SET name = 'winner changed' WHERE id = 21;" // the collision's winner
                "UPDATE \"Child Rows\" SET parent_id = 1 WHERE \"Id\" = 41;" // no longer under the new parent
                "UPDATE great SET x = 'renamed' WHERE parent_id = 101;"
                "INSERT INTO log VALUES ('z', 3), ('y', 2);"_s); // one keyless copy too many, one back
            db.reset();
            const VerifyResult result = Verifier(*m_project).verify(staging.connectionString(altered));
            const QString problems = problemsOf(result);
            QCOMPARE(tableIn(result, u"public.parent"_s)->differs, 1);
            QVERIFY2(problems.contains(u"[21] (the target's own row under the old key) differs in: name"_s),
                qPrintable(problems));
            QCOMPARE(tableIn(result, u"public.Child Rows"_s)->differs, 1);
            QVERIFY2(problems.contains(u"[41] differs in: parent_id"_s), qPrintable(problems));
            QCOMPARE(tableIn(result, u"public.great"_s)->missing, 1);
            QVERIFY2(problems.contains(
                         u"[21, 1, \"two levels down\"] (now under 101, 1, two levels down) is missing"_s),
                qPrintable(problems));
            QCOMPARE(tableIn(result, u"public.grand"_s)->inPlace, 1);
            QCOMPARE(tableIn(result, u"public.log"_s)->differs, 1);
            QCOMPARE(tableIn(result, u"public.log"_s)->stillPresent, 1);
            QVERIFY2(problems.contains(u": 1 copy expected, 2 copies found"_s), qPrintable(problems));
            QVERIFY2(problems.contains(u": 0 copies expected, 1 copy found"_s), qPrintable(problems));
        }
        {
            // The script run twice would insert the re-keyed row twice: ambiguous, not in place.
            const QString twice = copyOf(u"script_applied"_s, u"script_rekey_twice"_s);
            staging.connect(twice)->exec(u"INSERT INTO parent (name) VALUES ('collision on source')"_s);
            const VerifyResult result = Verifier(*m_project).verify(staging.connectionString(twice));
            const QString problems = problemsOf(result);
            QCOMPARE(tableIn(result, u"public.parent"_s)->differs, 1);
            QVERIFY2(problems.contains(u"[21] re-keyed: 2 rows hold its reviewed values under new keys"_s),
                qPrintable(problems));
            // Its children cannot tell which one they should point at.
            QCOMPARE(tableIn(result, u"public.grand"_s)->notChecked, 1);
            QVERIFY2(
                problems.contains(u"[21, 1] follows public.parent [21], whose new row was found 2 times"_s),
                qPrintable(problems));
        }
    }

    void dryRunAppliesToAFreshCopyAndVerifies()
    {
        const DryRunResult result = DryRun(*m_project).run(m_script);
        QVERIFY2(result.applied, qPrintable(result.psqlOutput));
        QVERIFY(result.copiedFrom.contains(u"template copy"_s));
        QCOMPARE(result.verify.problems(), 0);
        QVERIFY(result.passed());
        // The copy is gone; the target itself was only read.
        QCOMPARE(TestCluster::instance()
                     .staging()
                     .connect(u"postgres"_s)
                     ->exec(u"SELECT count(*) FROM pg_database WHERE datname LIKE 'pgrscratch%'"_s)
                     .toInt64(0, 0),
            0);
    }

    void aTargetThatMovedMakesTheScriptFailAndChangeNothing()
    {
        QVERIFY(QFile::exists(m_script));
        const QString moved = copyOf(m_sides->database(Side::Target), u"script_moved"_s);
        auto db = TestCluster::instance().staging().connect(moved);
        db->exec(u"UPDATE parent SET d = 99 WHERE id = 4"_s); // someone wrote on the target after the review
        const QString before = fingerprint(*db);
        QString output;
        QVERIFY(applyWithPsql(m_script, moved, &output) != 0);
        QVERIFY2(output.contains(u"no longer as reviewed"_s), qPrintable(output));
        QVERIFY2(
            output.contains(u"public.parent"_s) && output.contains(u"[4]: d changed"_s), qPrintable(output));
        QCOMPARE(fingerprint(*db), before);
        // Without -v ON_ERROR_STOP=1 the script stops all the same (it sets it itself): psql
        // fails, and nothing after the error runs, COMMIT included.
        QVERIFY(applyWithPsql(m_script, moved, &output, false) != 0);
        QVERIFY2(output.contains(u"no longer as reviewed"_s), qPrintable(output));
        QVERIFY2(!output.contains(u"current transaction is aborted"_s), qPrintable(output));
        QCOMPARE(fingerprint(*db), before);
    }

    void aTwoWayReviewTakenFromTheSourceMakesTheTargetEqualIt_data() { addFormats(); }
    void aTwoWayReviewTakenFromTheSourceMakesTheTargetEqualIt()
    {
        QFETCH(int, format);
        static std::unique_ptr<Sides> sides;
        static std::unique_ptr<Project> project;
        if (!project) {
            // Keyed and keyless, rows only on one side or different, copies of keyless rows.
            sides = std::make_unique<Sides>(u"twoway"_s);
            sides->onAll(
                u"CREATE TABLE k (id int PRIMARY KEY, v text); INSERT INTO k SELECT g, 'v' || g FROM "
                u"generate_series(1, 6) g;"
                "CREATE TABLE bag (a int, b text); INSERT INTO bag VALUES (1, 'one'), (2, 'two'), (2, 'two'), (3, NULL)"_s);
            sides->onSource(u"UPDATE k SET v = 'src' WHERE id = 2; DELETE FROM k WHERE id = 3; INSERT INTO k "
                            u"VALUES (7, 'new');"
                            "INSERT INTO bag VALUES (1, 'one'), (4, 'four'); DELETE FROM bag WHERE a = 2"_s);
            sides->onTarget(u"INSERT INTO k VALUES (8, 'target only'); INSERT INTO bag VALUES (3, NULL)"_s);
            project = sides->load(true);
            Differ(*project, {}).run();
            Selection everything;
            everything.scope = Selection::Scope::Everything;
            Decisions(*project, u"tester"_s).bulk(everything, Action::TakeSource);
            QCOMPARE(Review(*project).exportBlocker(), QString());
        }
        checkAppliedAsTheSource(
            *project, *sides, format, u"twoway_applied_%1"_s.arg(format), { u"k"_s, u"bag"_s });
    }

    void fewChangesInABigTableAreLookedUpByKey_data() { addFormats(); }
    // The rows of a change are looked up by key when a table has few changes against its rows and
    // an index on the key on both sides; otherwise joined to the whole tables. Same script either way.
    void fewChangesInABigTableAreLookedUpByKey()
    {
        QFETCH(int, format);
        static std::unique_ptr<Sides> sides;
        static std::unique_ptr<Project> project;
        if (!project) {
            sides = std::make_unique<Sides>(u"lookup"_s);
            sides->onAll(
                u"CREATE TABLE big (id int PRIMARY KEY, v text, n numeric(8,2));"
                "INSERT INTO big SELECT g, 'v' || g, g / 4.0 FROM generate_series(1, 2000) g;"
                "CREATE TABLE unindexed (LIKE big INCLUDING ALL); INSERT INTO unindexed TABLE big;"
                "CREATE TABLE small (id int PRIMARY KEY, v text); INSERT INTO small SELECT g, 'v' || g FROM generate_series(1, 4) g"_s);
            sides->onSource(u"UPDATE big SET v = 'src', n = NULL WHERE id % 400 = 0; DELETE FROM big WHERE "
                            u"id IN (7, 8, 9);"
                            "INSERT INTO big SELECT g, 'new', 1.5 FROM generate_series(2001, 2004) g;"
                            "ALTER TABLE unindexed DROP CONSTRAINT unindexed_pkey; UPDATE unindexed SET v = "
                            "'src' WHERE id < 4;"
                            "UPDATE small SET v = v || '!'"_s);
            project = sides->load();
            for (const auto& result : Differ(*project, {}).run())
                QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
            QCOMPARE(Review(*project).exportBlocker(), QString());
        }
        PgConnection& db = project->connection();
        auto finalRows = [&](const QString& table) {
            const int id
                = int(db.exec(u"SELECT table_id FROM pgreconcile.tables WHERE table_name = $1"_s, { table })
                          .toInt64(0, 0));
            return ScriptWriter::finalRowsSql(db, id, nullptr);
        };
        QVERIFY(finalRows(u"big"_s).contains(u"LATERAL"_s)); // 12 changes, 2000 rows
        QVERIFY(!finalRows(u"unindexed"_s).contains(u"LATERAL"_s)); // the source has no index on id
        QVERIFY(!finalRows(u"small"_s).contains(u"LATERAL"_s)); // every row changed

        // The target did not change: applied, it holds the source's rows.
        ScriptWriter::Summary summary;
        checkAppliedAsTheSource(*project, *sides, format, u"lookup_applied_%1"_s.arg(format),
            { u"big"_s, u"unindexed"_s, u"small"_s }, &summary);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(summary.rows, 12 + 3 + 4);
    }

    void aKeyTakenOnTheTargetMakesTheScriptFail()
    {
        const QString taken = copyOf(m_sides->database(Side::Target), u"script_taken"_s);
        auto db = TestCluster::instance().staging().connect(taken);
        db->exec(u"INSERT INTO parent (id, name) VALUES (100, 'someone else took 100')"_s);
        const QString before = fingerprint(*db);
        QString output;
        QVERIFY(applyWithPsql(m_script, taken, &output) != 0);
        QVERIFY2(output.contains(u"[100]: key already taken"_s), qPrintable(output));
        QCOMPARE(fingerprint(*db), before);
    }
};

QTEST_GUILESS_MAIN(TestScriptWriter)
#include "tst_scriptwriter.moc"
