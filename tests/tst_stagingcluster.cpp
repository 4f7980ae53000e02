// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"
#include "pgconnection.h"
#include "stagingcluster.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using pgr::PgConnection;
using pgr::StagingCluster;

namespace {

const StagingCluster::Options kFast { .durable = false };

QString query(const StagingCluster& cluster, const QString& sql)
{
    PgConnection connection(cluster.connectionString(), u"test cluster"_s);
    return connection.exec(sql).text(0, 0);
}

qint64 postmasterPid(const StagingCluster& cluster)
{
    QFile file(cluster.dataDirectory() + u"/postmaster.pid"_s);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readLine().trimmed().toLongLong();
}

bool waitUntilGone(qint64 pid)
{
    for (int i = 0; i < 200 && ::kill(pid_t(pid), 0) == 0; ++i)
        QThread::msleep(50);
    return ::kill(pid_t(pid), 0) != 0;
}

} // namespace

class TestStagingCluster : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createsStartsAndStops()
    {
        QTemporaryDir dir;
        StagingCluster cluster(pgr::test::makeClusterFolder(dir, u"c"_s), kFast);
        QVERIFY(!cluster.isCreated());
        cluster.ensureStarted();
        QVERIFY(cluster.wasCreated());
        QVERIFY(cluster.isRunning());
        QCOMPARE(query(cluster, u"SELECT 40 + 2"_s), u"42"_s);
        // Unix socket only, in a private folder.
        QCOMPARE(query(cluster, u"SHOW listen_addresses"_s), QString());
        QCOMPARE(query(cluster, u"SHOW server_encoding"_s), u"UTF8"_s);
        struct stat info;
        QCOMPARE(::stat(cluster.folder().toLocal8Bit().constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, 0700u);
        QCOMPARE(::stat(cluster.socketDirectory().toLocal8Bit().constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, 0700u);
        cluster.release();
        QVERIFY(!cluster.isRunning());
        QVERIFY(cluster.isCreated());
    }

    void reusesAnExistingCluster()
    {
        QTemporaryDir dir;
        const QString folder = pgr::test::makeClusterFolder(dir, u"c"_s);
        {
            StagingCluster first(folder, kFast);
            first.ensureStarted();
            PgConnection(first.connectionString(), u"t"_s).exec(u"CREATE DATABASE kept"_s);
        } // the destructor releases the last client: stopped
        StagingCluster second(folder, kFast);
        QVERIFY(!second.isRunning());
        second.ensureStarted();
        QVERIFY(!second.wasCreated());
        QCOMPARE(query(second, u"SELECT count(*) FROM pg_database WHERE datname = 'kept'"_s), u"1"_s);
    }

    void restartsAfterKill9()
    {
        QTemporaryDir dir;
        const QString folder = pgr::test::makeClusterFolder(dir, u"c"_s);
        StagingCluster crashed(folder, kFast);
        crashed.ensureStarted();
        PgConnection(crashed.connectionString(), u"t"_s).exec(u"CREATE DATABASE survived"_s);
        const qint64 pid = postmasterPid(crashed);
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QVERIFY(waitUntilGone(pid));
        QVERIFY(QFileInfo::exists(crashed.dataDirectory() + u"/postmaster.pid"_s)); // stale now

        StagingCluster restarted(folder, kFast);
        restarted.ensureStarted();
        QVERIFY(restarted.isRunning());
        QVERIFY(postmasterPid(restarted) != pid);
        QCOMPARE(query(restarted, u"SELECT count(*) FROM pg_database WHERE datname = 'survived'"_s), u"1"_s);
        restarted.stop();
    }

    void ignoresAPidFileWhosePidWasReused()
    {
        QTemporaryDir dir;
        const QString folder = pgr::test::makeClusterFolder(dir, u"c"_s);
        StagingCluster cluster(folder, kFast);
        cluster.ensureStarted();
        cluster.stop();
        // After a reboot the old pid may belong to any process: here, the test itself.
        QFile pidFile(cluster.dataDirectory() + u"/postmaster.pid"_s);
        QVERIFY(pidFile.open(QIODevice::WriteOnly));
        pidFile.write(
            QByteArray::number(qint64(::getpid())) + "\n" + cluster.dataDirectory().toLocal8Bit() + "\n");
        pidFile.close();
        StagingCluster again(folder, kFast);
        again.ensureStarted();
        QCOMPARE(query(again, u"SELECT 1"_s), u"1"_s);
        again.stop();
    }

    void twoClientsShareOneServer()
    {
        QTemporaryDir dir;
        const QString folder = pgr::test::makeClusterFolder(dir, u"c"_s);
        StagingCluster first(folder, kFast);
        StagingCluster second(folder, kFast);
        first.ensureStarted();
        second.ensureStarted();
        QVERIFY(!second.wasCreated());
        PgConnection held(second.connectionString(), u"second"_s);
        first.release();
        QVERIFY2(second.isRunning(), "the server stopped while another client still used it");
        QCOMPARE(held.exec(u"SELECT 'still here'"_s).text(0, 0), u"still here"_s);
        second.release();
        QVERIFY(!second.isRunning());
    }

    void aCrashedClientDoesNotKeepTheServerAlive()
    {
        QTemporaryDir dir;
        const QString folder = pgr::test::makeClusterFolder(dir, u"c"_s);
        StagingCluster cluster(folder, kFast);
        cluster.ensureStarted();
        // What a process killed while using the cluster leaves behind: a client file with a dead pid.
        QFile ghost(folder + u"/clients/999999999-1"_s);
        QVERIFY(ghost.open(QIODevice::WriteOnly));
        ghost.close();
        cluster.release();
        QVERIFY(!cluster.isRunning());
        QVERIFY(!QFileInfo::exists(ghost.fileName()));
    }

    void pinnedClusterOutlivesItsStarter()
    {
        QTemporaryDir dir;
        const QString folder = pgr::test::makeClusterFolder(dir, u"c"_s);
        StagingCluster cluster(folder, kFast);
        cluster.startPinned();
        QVERIFY(cluster.isRunning());
        StagingCluster user(folder, kFast);
        user.ensureStarted();
        user.release();
        QVERIFY2(user.isRunning(), "a pinned cluster stopped when a client released it");
        cluster.stop();
        QVERIFY(!cluster.isRunning());
    }

    void missingServerProgramsAreExplained()
    {
        QTemporaryDir empty;
        qputenv("PGRECONCILE_PG_BINDIR", empty.path().toLocal8Bit());
        auto restore = qScopeGuard([] { qunsetenv("PGRECONCILE_PG_BINDIR"); });
        try {
            StagingCluster cluster(empty.filePath(u"c"_s));
            QFAIL("a cluster was set up without server programs");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.hint().contains(u"point it at the bin folder"_s), qPrintable(error.fullText()));
        }
    }

    void rootRunsTheServerAsAnUnprivilegedUser()
    {
        QTemporaryDir dir;
        const QString folder = pgr::test::makeClusterFolder(dir, u"c"_s);
        StagingCluster cluster(folder, kFast);
        cluster.ensureStarted();
        struct stat info;
        QCOMPARE(::stat(cluster.dataDirectory().toLocal8Bit().constData(), &info), 0);
        if (::geteuid() == 0) {
            const passwd* postgres = ::getpwnam("postgres");
            QVERIFY2(
                postgres, "running as root needs the postgres system user (the postgresql package makes it)");
            QCOMPARE(info.st_uid, postgres->pw_uid);
            QVERIFY(info.st_uid != 0);
        } else {
            QCOMPARE(info.st_uid, ::geteuid());
        }
        cluster.stop();
    }

    void rootWithoutAServerUserGetsAClearMessage()
    {
        qputenv("PGRECONCILE_SERVER_USER", "no_such_user_for_pgreconcile");
        auto restore = qScopeGuard([] { qunsetenv("PGRECONCILE_SERVER_USER"); });
        QTemporaryDir dir;
        if (::geteuid() != 0) {
            // An ordinary user runs the server as itself and never needs the variable.
            StagingCluster cluster(pgr::test::makeClusterFolder(dir, u"c"_s), kFast);
            cluster.ensureStarted();
            QVERIFY(cluster.isRunning());
            cluster.stop();
            return;
        }
        try {
            StagingCluster cluster(pgr::test::makeClusterFolder(dir, u"c"_s), kFast);
            QFAIL("root started a cluster without a server user");
        } catch (const pgr::Error& error) {
            QVERIFY2(
                error.message().contains(u"initdb refuses to run as root"_s), qPrintable(error.message()));
            QVERIFY(error.message().contains(u"no_such_user_for_pgreconcile"_s));
            QVERIFY(error.hint().contains(u"--staging URI"_s));
        }
    }
};

QTEST_GUILESS_MAIN(TestStagingCluster)
#include "tst_stagingcluster.moc"
