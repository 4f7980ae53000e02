// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"
#include "pgconnection.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTest>
#include <QThread>
#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using pgr::PgConnection;
using pgr::test::TestCluster;

class TestPgConnection : public QObject
{
    Q_OBJECT

    std::unique_ptr<PgConnection> connect() { return TestCluster::instance().staging().connect(m_database); }
    QString m_database;

    // A listening socket on 127.0.0.1 that nobody accepts on: the kernel completes the handshake.
    static std::pair<int, int> silentListener()
    {
        const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
            || ::listen(listener, 8) != 0
            || ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            qFatal("cannot listen on 127.0.0.1");
        return { listener, ntohs(address.sin_port) };
    }

private Q_SLOTS:
    void initTestCase() { m_database = TestCluster::instance().createDatabase(u"conn"_s); }

    void parametersKeepNullsAndOddText()
    {
        auto db = connect();
        const auto result = db->exec(u"SELECT $1::text IS NULL, $2::text, $3::bigint + 1, $4::bool"_s,
            { std::nullopt, u"it's a \\ \"test\" ✓"_s, qint64(9007199254740993), true });
        QVERIFY(result.toBool(0, 0));
        QCOMPARE(result.text(0, 1), u"it's a \\ \"test\" ✓"_s);
        // A bigint above 2^53 survives: nothing goes through a double.
        QCOMPARE(result.text(0, 2), u"9007199254740994"_s);
        QVERIFY(result.toBool(0, 3));
        QCOMPARE(result.columnName(1), u"text"_s);
    }

    void errorsCarrySqlstateAndName()
    {
        auto db = connect();
        try {
            db->exec(u"SELECT * FROM no_such_table"_s);
            QFAIL("a query on a missing table succeeded");
        } catch (const pgr::Error& error) {
            QCOMPARE(error.sqlstate(), u"42P01"_s);
            QVERIFY2(error.message().contains(u"no_such_table"_s), qPrintable(error.message()));
            QVERIFY2(error.message().contains(m_database), qPrintable(error.message()));
        }
        // The connection stays usable after an error.
        QCOMPARE(db->exec(u"SELECT 1"_s).text(0, 0), u"1"_s);
    }

    void unreachableServerIsNamed()
    {
        try {
            PgConnection db(
                u"host=/nonexistent/socket/dir dbname=x connect_timeout=2"_s, u"source database"_s);
            QFAIL("connected to a server that does not exist");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().startsWith(u"cannot connect to source database"_s),
                qPrintable(error.message()));
            QVERIFY(!error.hint().isEmpty());
        }
    }

    // A server that takes the TCP connection and never says a word: the connect gives up after the
    // connect timeout (the process-wide one, or connect_timeout in the string), naming the server.
    void aSilentServerTimesOut_data()
    {
        QTest::addColumn<QString>("extra");
        QTest::addColumn<int>("seconds");
        QTest::newRow("process-wide timeout") << QString() << 1;
        QTest::newRow("connect_timeout in the string") << u" connect_timeout=2"_s << 2;
    }
    void aSilentServerTimesOut()
    {
        QFETCH(QString, extra);
        QFETCH(int, seconds);
        const auto [listener, port] = silentListener();
        PgConnection::setConnectTimeout(1);
        auto restore = qScopeGuard([&] {
            PgConnection::setConnectTimeout(0);
            ::close(listener);
        });
        QCOMPARE(PgConnection::connectTimeout(), 1);
        try {
            PgConnection db(
                u"host=127.0.0.1 port=%1 dbname=x user=x"_s.arg(port) + extra, u"source database"_s);
            QFAIL("connected to a server that never answers");
        } catch (const pgr::Error& error) {
            QVERIFY2(
                error.message().contains(
                    u"cannot connect to source database: no answer from 127.0.0.1:%1 within %2 s"_s.arg(port)
                        .arg(seconds)),
                qPrintable(error.message()));
            QVERIFY2(error.hint().contains(u"--connect-timeout"_s), qPrintable(error.hint()));
        }
    }

    // A raised cancel flag ends a connection attempt under way at once (Ctrl+C in the CLI).
    void theCancelFlagEndsAConnectAttempt()
    {
        const auto [listener, port] = silentListener();
        std::atomic<bool> cancel { false };
        PgConnection::setConnectCancel(&cancel);
        PgConnection::setConnectTimeout(600);
        auto restore = qScopeGuard([&] {
            PgConnection::setConnectCancel(nullptr);
            PgConnection::setConnectTimeout(0);
            ::close(listener);
        });
        std::atomic<bool> cancelled { false };
        QString message;
        QThread* worker = QThread::create([&, port = port] {
            try {
                PgConnection db(u"host=127.0.0.1 port=%1 dbname=x user=x"_s.arg(port), u"target database"_s);
            } catch (const pgr::Error& e) {
                cancelled = e.isCancellation();
                message = e.message();
            }
        });
        worker->start();
        pollfd waiting { listener, POLLIN, 0 };
        QCOMPARE(::poll(&waiting, 1, 20000), 1); // the attempt has reached the server
        cancel = true;
        QVERIFY2(worker->wait(10000), "the connect attempt did not hear the cancel flag");
        delete worker;
        QVERIFY2(cancelled, qPrintable(message));
        QCOMPARE(message, u"cancelled while connecting to target database"_s);
    }

    void quotingFollowsTheServer()
    {
        auto db = connect();
        QCOMPARE(db->quoteName(u"Mixed \"Case\""_s), u"\"Mixed \"\"Case\"\"\""_s);
        QCOMPARE(db->quoteName(u"plain"_s), u"\"plain\""_s);
        const QString nasty = u"O'Brien \\ ; DROP TABLE x; --"_s;
        QCOMPARE(db->exec(u"SELECT "_s + db->quoteLiteral(nasty)).text(0, 0), nasty);
    }

    void transactionRollsBackUnlessCommitted()
    {
        auto db = connect();
        db->exec(u"CREATE TABLE tx_test (id int)"_s);
        {
            pgr::PgTransaction tx(*db);
            db->exec(u"INSERT INTO tx_test VALUES (1)"_s);
        }
        QCOMPARE(db->exec(u"SELECT count(*) FROM tx_test"_s).toInt64(0, 0), 0);
        {
            pgr::PgTransaction tx(*db);
            db->exec(u"INSERT INTO tx_test VALUES (2)"_s);
            tx.commit();
        }
        QCOMPARE(db->exec(u"SELECT count(*) FROM tx_test"_s).toInt64(0, 0), 1);
    }

    void copyPassesRowsThroughUnchanged()
    {
        auto db = connect();
        db->exec(u"CREATE TABLE copy_from (id int, t text, b bytea, j jsonb, n numeric);"
                 "INSERT INTO copy_from VALUES (1, E'tab\\there\\nnewline \\\\ back', '\\x00ff', '{\"a\": "
                 "[1, 2.50]}', 1.10),"
                 " (2, NULL, NULL, NULL, NULL), (3, '', '', 'null', -0.000001), (4, '😀 emoji', 'abc', "
                 "'\"s\"', 1e20);"
                 "CREATE TABLE copy_to (LIKE copy_from)"_s);
        std::vector<std::string> rows;
        db->copyOut(db->quoteName(u"copy_from"_s), [&](const std::string& row) { rows.push_back(row); });
        QCOMPARE(rows.size(), size_t(4));
        auto target = connect();
        pgr::PgCopyIn writer(*target, target->quoteName(u"copy_to"_s));
        for (const std::string& row : rows)
            writer.writeRow(row);
        writer.finish();
        const auto differences = db->exec(u"SELECT count(*) FROM ((TABLE copy_from EXCEPT ALL TABLE copy_to) "
                                          "UNION ALL (TABLE copy_to EXCEPT ALL TABLE copy_from)) d"_s);
        QCOMPARE(differences.toInt64(0, 0), 0);
        QCOMPARE(db->exec(u"SELECT n::text FROM copy_to WHERE id = 1"_s).text(0, 0), u"1.10"_s);
    }

    void copyOutOfAQuery()
    {
        auto db = connect();
        int count = 0;
        db->copyOut(u"(SELECT g FROM generate_series(1, 1000) g)"_s, [&](const std::string&) { ++count; });
        QCOMPARE(count, 1000);
    }

    // Every escape COPY TO writes is undone: the decoded row is the value's own bytes.
    void copyTextDecodesToTheValue()
    {
        auto db = connect();
        const QString values
            = u"(VALUES (1, E'plain'), (2, E'back\\\\slash'), (3, E'tab\\there'), (4, E'new\\nline\\r'),"
              " (5, E'\\b\\f\\x0b ctrl'), (6, E'\\\\N'), (7, '😀 \\x \\t'), (8, ''))"_s;
        std::vector<std::string> rows;
        db->copyOut(u"(SELECT v FROM %1 AS x (n, v) ORDER BY n)"_s.arg(values),
            [&](const std::string& row) { rows.push_back(row); });
        const pgr::PgResult expected = db->exec(u"SELECT v FROM %1 AS x (n, v) ORDER BY n"_s.arg(values));
        QCOMPARE(int(rows.size()), expected.rowCount());
        QByteArray decoded;
        for (int i = 0; i < expected.rowCount(); ++i) {
            pgr::PgConnection::decodeCopyText(rows[size_t(i)], decoded);
            QCOMPARE(decoded, expected.utf8(i, 0));
        }
        QVERIFY(rows[1] != std::string(expected.utf8(1, 0).constData())); // COPY did escape it
    }

    void aFailingReaderLeavesTheConnectionUsable()
    {
        auto db = connect();
        int seen = 0;
        try {
            db->copyOut(u"(SELECT g FROM generate_series(1, 5000000) g)"_s, [&](const std::string&) {
                if (++seen == 10)
                    throw pgr::Cancelled();
            });
            QFAIL("the reader's exception was swallowed");
        } catch (const pgr::Error& error) {
            QVERIFY(error.isCancellation());
        }
        QCOMPARE(seen, 10);
        QCOMPARE(db->exec(u"SELECT 'usable'"_s).text(0, 0), u"usable"_s);
    }

    void cancelStopsARunningQueryFromAnotherThread()
    {
        auto db = connect();
        auto watcher = connect();
        std::atomic<bool> cancelled { false };
        QString error;
        QThread* worker = QThread::create([&] {
            try {
                db->exec(u"SELECT pg_sleep(60)"_s);
            } catch (const pgr::Error& e) {
                cancelled = e.isCancellation();
                error = e.message();
            }
        });
        worker->start();
        // Wait until the server really runs the query, then cancel it from this thread.
        QTRY_VERIFY_WITH_TIMEOUT(
            watcher->exec(u"SELECT count(*) FROM pg_stat_activity WHERE query = "
                          "'SELECT pg_sleep(60)' AND state = 'active'"_s)
                    .toInt64(0, 0)
                == 1,
            10000);
        db->cancel();
        QVERIFY(worker->wait(20000));
        delete worker;
        QVERIFY2(cancelled, qPrintable(error));
        QCOMPARE(db->exec(u"SELECT 1"_s).text(0, 0), u"1"_s);
    }
};

QTEST_GUILESS_MAIN(TestPgConnection)
#include "tst_pgconnection.moc"
