// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety, tried as it happens: the real CLI is killed with SIGKILL at random moments of
// load, diff, decide and export (with its dry run), and the embedded staging server itself is
// killed under them. After each kill the project must open, say what was interrupted and what to
// run again, and hold no leftover: no <side>_loading schema, no scratch database, no diff part,
// no temporary file or folder. Decisions are never half-saved nor saved twice. At the end the
// whole flow runs again to DRY RUN PASSED on the same project.
//
// PGRECONCILE_KILL_SEED reruns one sequence; PGRECONCILE_KILLS sets the kills per stage (8).

#include "error.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "project.h"
#include "staging.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <csignal>
#include <optional>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::CliRun;

namespace {

const QString kProject = u"crash"_s;

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_folder; // the embedded staging cluster the CLI runs
    QTemporaryDir m_tmp; // TMPDIR of the CLI: what it leaves there is seen
    QTemporaryDir m_outputs; // where scripts are exported
    QTemporaryDir m_config;
    QString m_targetDump;
    std::unique_ptr<Staging> m_staging; // this process's client of the same cluster
    QRandomGenerator m_random;
    quint32 m_seed = 0;
    int m_killsPerStage = 8;
    int m_kills = 0; // SIGKILLs that landed while the command ran
    int m_interrupted = 0; // of those, the ones that had registered work to report

    // The real CLI on the embedded cluster in m_folder, with settings and TMPDIR of its own (set up
    // in initTestCase).
    pgr::test::CliRunner m_cli;

    void start(QProcess& process, const QStringList& arguments) const
    {
        QVERIFY(m_cli.start(process, arguments));
    }

    // Fails the test when the command fails (check QTest::currentTestFailed() after, or use MUST_PASS).
    void mustPass(const QStringList& arguments)
    {
        const CliRun run = m_cli.run(arguments);
        QVERIFY2(run.exitCode == 0, qPrintable(arguments.join(u' ') + u":\n"_s + run.out + run.err));
    }
#define MUST_PASS(...)                                                                                       \
    do {                                                                                                     \
        mustPass(__VA_ARGS__);                                                                               \
        if (QTest::currentTestFailed())                                                                      \
            return;                                                                                          \
    } while (false)

    // The README's decisions on the demo (check QTest::currentTestFailed() after).
    void decideAsTheReadme()
    {
        MUST_PASS({ u"decide"_s, u"--project"_s, kProject, u"--all"_s, u"--class"_s, u"conflict"_s,
            u"--kind"_s, u"insert_insert"_s, u"--rekey"_s });
        MUST_PASS({ u"decide"_s, u"--project"_s, kProject, u"--all"_s, u"--class"_s, u"conflict"_s,
            u"--take"_s, u"source"_s });
        MUST_PASS({ u"decide"_s, u"--project"_s, kProject, u"--table"_s, u"projects"_s, u"--key"_s,
            u"[900]"_s, u"--map-onto-target"_s });
        MUST_PASS({ u"decide"_s, u"--project"_s, kProject, u"--table"_s, u"samples"_s, u"--key"_s, u"[620]"_s,
            u"--take"_s, u"target"_s });
    }

    // Starts the command, lets it run for delayMs, then kills it with SIGKILL. Returns whether the
    // kill landed (false when the command had finished by then).
    bool runAndKill(const QStringList& arguments, int delayMs)
    {
        const QSet<qint64> before = clientBackends();
        QProcess process;
        start(process, arguments);
        if (process.waitForFinished(delayMs))
            return false;
        ::kill(pid_t(process.processId()), SIGKILL);
        process.waitForFinished(10000);
        ++m_kills;
        waitForBackendsToEnd(before);
        return true;
    }

    // The server's client backends but the asking one.
    QSet<qint64> clientBackends() const
    {
        const PgResult rows = m_staging->connect(u"postgres"_s)
                                  ->exec(u"SELECT pid FROM pg_stat_activity WHERE backend_type = 'client "
                                         "backend' AND pid <> pg_backend_pid()"_s);
        QSet<qint64> pids;
        for (int row = 0; row < rows.rowCount(); ++row)
            pids.insert(rows.toInt64(row, 0));
        return pids;
    }

    // A killed client's backends live on until they read its end: one may still be committing the
    // COMMIT the client sent just before it died. What the test reads next must see that outcome.
    void waitForBackendsToEnd(const QSet<qint64>& before) const
    {
        QElapsedTimer waited;
        waited.start();
        while (!(clientBackends() - before).isEmpty()) {
            if (waited.elapsed() > 30000)
                QFAIL("the killed command's server backends did not end within 30 s");
            QThread::msleep(20);
        }
    }

    // How long the command takes when left alone: kills are drawn over this span and a bit more.
    int durationMs(const QStringList& arguments)
    {
        QElapsedTimer timer;
        timer.start();
        const CliRun run = m_cli.run(arguments);
        if (run.exitCode != 0)
            qWarning("%s", qPrintable(arguments.join(u' ') + u": "_s + run.out + run.err));
        return int(timer.elapsed());
    }

    int randomDelay(int durationMs) { return int(m_random.bounded(quint32(durationMs * 13 / 10 + 1))); }

    std::unique_ptr<PgConnection> projectDb() const
    {
        return m_staging->connect(Project::databaseFor(kProject));
    }

    bool projectExists() const
    {
        return m_staging->connect(u"postgres"_s)
                   ->exec(
                       u"SELECT 1 FROM pg_database WHERE datname = $1"_s, { Project::databaseFor(kProject) })
                   .rowCount()
            == 1;
    }

    // The work a killed command had registered and not finished: what the next open must report.
    QStringList registeredWork() const
    {
        if (!projectExists())
            return {};
        auto db = projectDb();
        if (db->exec(u"SELECT to_regclass('pgreconcile.work')"_s).isNull(0, 0))
            return {};
        const PgResult rows = db->exec(u"SELECT what FROM pgreconcile.work WHERE stopped_at IS NULL"_s);
        QStringList what;
        for (int row = 0; row < rows.rowCount(); ++row)
            what.append(rows.text(row, 0));
        return what;
    }

    // Nothing a killed run made is left once the project was opened again.
    QString leftovers() const
    {
        QStringList found;
        const PgResult scratch
            = m_staging->connect(u"postgres"_s)
                  ->exec(u"SELECT datname FROM pg_database WHERE datname LIKE 'pgrscratch\\_%'"_s);
        for (int row = 0; row < scratch.rowCount(); ++row)
            found.append(u"database "_s + scratch.text(row, 0));
        if (projectExists()) {
            auto db = projectDb();
            const PgResult schemas
                = db->exec(u"SELECT nspname FROM pg_namespace WHERE nspname LIKE '%\\_loading'"_s);
            for (int row = 0; row < schemas.rowCount(); ++row)
                found.append(u"schema "_s + schemas.text(row, 0));
            const PgResult parts = db->exec(
                u"SELECT tablename FROM pg_tables WHERE schemaname = 'pgreconcile' AND tablename LIKE 'diff\\_part\\_%'"_s);
            for (int row = 0; row < parts.rowCount(); ++row)
                found.append(u"table "_s + parts.text(row, 0));
        }
        for (const QString& entry :
            QDir(m_tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
            found.append(u"temporary "_s + entry);
        for (const QString& entry :
            QDir(m_outputs.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
            if (entry != u"merge.sql"_s)
                found.append(u"output folder: "_s + entry);
        }
        return found.join(u", "_s);
    }

    // After a kill: the project opens (review), says what was interrupted, and nothing is left.
    void checkAfterKill(const QString& stage, int kill)
    {
        const QStringList registered = registeredWork();
        const QString context = u"%1, kill %2 (seed %3)"_s.arg(stage).arg(kill).arg(m_seed);
        if (!projectExists())
            return; // killed before the project was made: nothing to open
        const CliRun review = m_cli.run({ u"review"_s, u"--project"_s, kProject });
        QVERIFY2(review.exitCode == 0 || review.exitCode == 1,
            qPrintable(context + u": review crashed or hung: "_s + review.out + review.err));
        for (const QString& what : registered) {
            ++m_interrupted;
            QVERIFY2(review.err.contains(u"Interrupted: "_s + what),
                qPrintable(context + u": the open did not report \""_s + what + u"\":\n"_s + review.err));
        }
        if (!registered.isEmpty())
            QVERIFY2(review.err.contains(u"again"_s),
                qPrintable(context + u": no word on what to run again: "_s + review.err));
        const QString left = leftovers();
        QVERIFY2(left.isEmpty(),
            qPrintable(context + u": left behind: "_s + left + u"\nreview said:\n"_s + review.err));
    }

    QStringList loadArguments() const
    {
        return { u"load"_s, u"--project"_s, kProject, u"--base"_s, u"demo_base"_s, u"--source"_s,
            u"demo_source"_s, u"--target"_s, m_targetDump };
    }

    QString postmasterPid() const
    {
        QFile pidFile(m_folder + u"/data/postmaster.pid"_s);
        if (!pidFile.open(QIODevice::ReadOnly))
            return {};
        return QString::fromLatin1(pidFile.readLine()).trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        bool seeded = false;
        m_seed = qEnvironmentVariable("PGRECONCILE_KILL_SEED").toUInt(&seeded);
        if (!seeded)
            m_seed = QRandomGenerator::global()->generate();
        m_random.seed(m_seed);
        if (qEnvironmentVariableIsSet("PGRECONCILE_KILLS"))
            m_killsPerStage = qEnvironmentVariableIntValue("PGRECONCILE_KILLS");
        qInfo("seed %u (rerun with PGRECONCILE_KILL_SEED=%u), %d kills per stage", m_seed, m_seed,
            m_killsPerStage);

        m_folder = pgr::test::makeClusterFolder(m_dir, u"staging"_s);
        m_cli.isolateSettings(m_config.path())
            .setEnvironment(u"TMPDIR"_s, m_tmp.path())
            .setStagingArguments({ u"--staging-folder"_s, m_folder });
        MUST_PASS({ u"staging"_s, u"start"_s });
        MUST_PASS({ u"demo"_s });
        Staging::Choice choice;
        choice.folder = m_folder;
        m_staging = Staging::open(choice);
        // The target comes from a dump: its load restores it into a scratch database, and the dry
        // run restores it again.
        m_targetDump = m_outputs.filePath(u"target.dump"_s);
        QProcess pgDump;
        pgDump.start(PgBinaries::locate().program(u"pg_dump"_s),
            { u"-Fc"_s, u"-f"_s, m_targetDump, u"-d"_s, m_staging->connectionString(u"demo_target"_s) });
        QVERIFY(pgDump.waitForFinished(60000));
        QVERIFY2(pgDump.exitCode() == 0, pgDump.readAllStandardError().constData());
        QFile::rename(m_targetDump, m_dir.filePath(u"target.dump"_s));
        m_targetDump = m_dir.filePath(u"target.dump"_s);
    }

    void cleanupTestCase()
    {
        m_staging.reset();
        m_cli.run({ u"staging"_s, u"stop"_s });
        qInfo("%d SIGKILLs landed mid-command; %d of them had work registered, reported and cleaned up at "
              "the next open",
            m_kills, m_interrupted);
    }

    void killedLoads()
    {
        const int duration = durationMs(loadArguments());
        for (int kill = 0; kill < m_killsPerStage; ++kill) {
            if (kill % 3 == 0 && projectExists())
                MUST_PASS(
                    { u"drop"_s, u"--project"_s, kProject }); // sometimes the first load of a new project
            if (!runAndKill(loadArguments(), randomDelay(duration)))
                continue;
            checkAfterKill(u"load"_s, kill);
            if (QTest::currentTestFailed())
                return;
        }
        MUST_PASS(loadArguments());
        QVERIFY2(leftovers().isEmpty(), qPrintable(leftovers()));
    }

    void killedDiffs()
    {
        const QStringList diff { u"diff"_s, u"--project"_s, kProject };
        const int duration = durationMs(diff);
        for (int kill = 0; kill < m_killsPerStage; ++kill) {
            if (!runAndKill(diff, randomDelay(duration)))
                continue;
            const bool diffRegistered = !registeredWork().isEmpty();
            checkAfterKill(u"diff"_s, kill);
            if (QTest::currentTestFailed())
                return;
            if (diffRegistered) {
                // Some tables new, others old: export waits for a whole diff.
                const CliRun review = m_cli.run({ u"review"_s, u"--project"_s, kProject });
                QVERIFY2(review.out.contains(u"did not finish"_s) || review.err.contains(u"did not finish"_s),
                    qPrintable(review.out + review.err));
            }
        }
        MUST_PASS(diff);
        const CliRun review = m_cli.run({ u"review"_s, u"--project"_s, kProject });
        QVERIFY2(!QString(review.out + review.err).contains(u"did not finish"_s),
            qPrintable(review.out + review.err));
    }

    void killedDecisions()
    {
        // Bulk decisions back and forth over the source-only rows: each run is one batch.
        auto db = projectDb();
        const QString inForce
            = u"(SELECT DISTINCT ON (table_id, key) action, batch_id FROM pgreconcile.decisions "
              "WHERE change_class = 'source_only' AND NOT undone ORDER BY table_id, key, decision_id DESC) d"_s;
        // The rows in force: one action and one batch for all of them, whole or nothing.
        const auto actions = [&] {
            return db->exec(
                u"SELECT coalesce(string_agg(DISTINCT action, ','), ''), count(*), count(DISTINCT batch_id), "
                "max(batch_id) FROM "_s
                + inForce);
        };
        const auto decide = [](const QString& take) {
            return QStringList { u"decide"_s, u"--project"_s, kProject, u"--all"_s, u"--class"_s,
                u"source_only"_s, u"--include-defaults"_s, u"--include-decided"_s, u"--take"_s, take,
                u"--by"_s, u"kim"_s };
        };
        MUST_PASS(decide(u"target"_s));
        const qint64 rows = actions().toInt64(0, 1);
        QVERIFY(rows > 0);
        const int duration = durationMs(decide(u"source"_s));
        QString last = u"take_source"_s;
        for (int kill = 0; kill < m_killsPerStage; ++kill) {
            const QString take = last == u"keep_target"_s ? u"source"_s : u"target"_s;
            const qint64 batchBefore = actions().toInt64(0, 3);
            const bool killed = runAndKill(decide(take), randomDelay(duration));
            const PgResult now = actions();
            const QString context = u"decide, kill %1 (seed %2)"_s.arg(kill).arg(m_seed);
            QVERIFY2(now.text(0, 0) == u"take_source"_s || now.text(0, 0) == u"keep_target"_s,
                qPrintable(context + u": rows on "_s + now.text(0, 0)));
            QCOMPARE(now.toInt64(0, 1), rows);
            QCOMPARE(now.toInt64(0, 2), 1);
            // A new batch exactly when the action changed.
            QCOMPARE(now.toInt64(0, 3) != batchBefore, now.text(0, 0) != last);
            last = now.text(0, 0);
            if (killed)
                checkAfterKill(u"decide"_s, kill);
            if (QTest::currentTestFailed())
                return;
        }
        const PgResult partial
            = db->exec(u"SELECT count(*) FROM (SELECT batch_id FROM pgreconcile.decisions "
                       "WHERE change_class = 'source_only' GROUP BY batch_id HAVING count(*) <> $1) b"_s,
                { rows });
        QCOMPARE(partial.toInt64(0, 0), 0);
        // The project is left as the README's flow expects: source-only rows taken.
        if (last != u"take_source"_s)
            MUST_PASS(decide(u"source"_s));
    }

    void killedExports()
    {
        // The README's decisions on the demo, then exports with their dry run killed.
        decideAsTheReadme();
        if (QTest::currentTestFailed())
            return;
        const QString script = m_outputs.filePath(u"merge.sql"_s);
        const QStringList exportCommand { u"export"_s, u"--project"_s, kProject, u"--out"_s, script,
            u"--dry-run"_s };
        const int duration = durationMs(exportCommand);
        for (int kill = 0; kill < m_killsPerStage; ++kill) {
            QFile::remove(script);
            if (!runAndKill(exportCommand, randomDelay(duration)))
                continue;
            checkAfterKill(u"export"_s, kill);
            // The script is there whole or not at all.
            QFile written(script);
            if (written.open(QIODevice::ReadOnly)) {
                const QByteArray text = written.readAll();
                QVERIFY2(text.trimmed().endsWith("COMMIT;"),
                    qPrintable(u"a partial script (seed %1)"_s.arg(m_seed)));
            }
            if (QTest::currentTestFailed())
                return;
        }
    }

    // The server under the CLI killed with SIGKILL: the CLI ends with an error (no hang), the
    // next command starts the server again, and the project is as the other kills leave it.
    void killedStagingServer()
    {
        const QList<QStringList> commands { loadArguments(), { u"diff"_s, u"--project"_s, kProject },
            { u"export"_s, u"--project"_s, kProject, u"--out"_s, m_outputs.filePath(u"merge.sql"_s),
                u"--dry-run"_s } };
        for (int kill = 0; kill < std::max(3, m_killsPerStage / 2); ++kill) {
            const QStringList& command = commands[kill % commands.size()];
            QProcess process;
            start(process, command);
            QTest::qWait(200 + int(m_random.bounded(800u)));
            const QString pid = postmasterPid();
            QVERIFY(!pid.isEmpty());
            ::kill(pid.toInt(), SIGKILL);
            // (qWait may have seen it end already: waitForFinished says false then.)
            QVERIFY2(process.state() == QProcess::NotRunning || process.waitForFinished(120000),
                "the CLI hung after the staging server was killed");
            ++m_kills;
            const CliRun failed { process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError()) };
            qInfo("%s",
                qPrintable(
                    u"server killed under: "_s + command.join(u' ') + u"\n"_s + failed.out + failed.err));
            m_staging.reset();
            MUST_PASS({ u"staging"_s, u"start"_s });
            try {
                Staging::Choice choice;
                choice.folder = m_folder;
                m_staging = Staging::open(choice);
                checkAfterKill(u"staging server"_s, kill);
            } catch (const Error& error) {
                QFAIL(qPrintable(error.fullText()));
            }
            if (QTest::currentTestFailed())
                return;
        }
    }

    // After all of it, the same project is loaded, diffed, decided and exported as if nothing happened.
    void wholeFlowPassesAfterwards()
    {
        MUST_PASS(loadArguments());
        MUST_PASS({ u"diff"_s, u"--project"_s, kProject });
        decideAsTheReadme();
        if (QTest::currentTestFailed())
            return;
        const CliRun run = m_cli.run({ u"export"_s, u"--project"_s, kProject, u"--out"_s,
            m_outputs.filePath(u"merge.sql"_s), u"--dry-run"_s });
        QVERIFY2(run.out.contains(u"DRY RUN PASSED"_s), qPrintable(run.out + run.err));
        QVERIFY2(!run.err.contains(u"Interrupted:"_s) || registeredWork().isEmpty(), qPrintable(run.err));
        QVERIFY2(leftovers().isEmpty(), qPrintable(leftovers()));
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
