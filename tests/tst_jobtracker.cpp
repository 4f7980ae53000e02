// SPDX-License-Identifier: GPL-3.0-or-later
// The window's one way to run work off the UI thread (ui/jobtracker.h), without a server: a newer
// job supersedes an older one (its result dropped, its cancel flag raised), cancel() delivers the
// job's own cancellation, errors arrive whole, and nothing reaches a context that is gone.
#include "jobtracker.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using pgr::ui::JobControl;
using pgr::ui::JobTracker;
using pgr::ui::Outcome;

namespace {

// Waits until control is cancelled (or gives up after 10 s), then says whether it was.
bool waitForCancel(const JobControl& control)
{
    for (int i = 0; i < 1000 && !control.isCancelled(); ++i)
        QThread::msleep(10);
    return control.isCancelled();
}

} // namespace

class TestJobTracker : public QObject
{
    Q_OBJECT

private slots:
    void aNewerJobSupersedesTheOlder()
    {
        QObject context;
        JobTracker jobs(&context);
        QStringList delivered;
        std::atomic<bool> olderSawCancel { false };
        QSemaphore olderStarted;
        jobs.start(
            [&](const JobControl& control) {
                olderStarted.release();
                olderSawCancel = waitForCancel(control);
                return u"older"_s;
            },
            [&](Outcome<QString> outcome) { delivered.append(*outcome.value); });
        QVERIFY(olderStarted.tryAcquire(1, 10000));
        jobs.start([](const JobControl&) { return u"newer"_s; },
            [&](Outcome<QString> outcome) { delivered.append(*outcome.value); });
        QTRY_COMPARE(delivered, QStringList { u"newer"_s });
        QTRY_VERIFY(olderSawCancel);
        QTest::qWait(100); // the older one's result, had it been delivered, would be in by now
        QCOMPARE(delivered, QStringList { u"newer"_s });
        QVERIFY(!jobs.isRunning());
    }

    void cancelDeliversTheCancellationAsAType()
    {
        QObject context;
        JobTracker jobs(&context);
        std::optional<Outcome<int>> result;
        jobs.start(
            [](const JobControl& control) -> int {
                if (waitForCancel(control))
                    throw pgr::Cancelled();
                return 1;
            },
            [&](Outcome<int> outcome) { result = outcome; });
        QVERIFY(jobs.isRunning());
        jobs.cancel();
        QVERIFY(jobs.cancelRequested());
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->value);
        QVERIFY(result->cancelled());
        QVERIFY(result->error->isCancellation());
    }

    void anErrorArrivesWhole()
    {
        QObject context;
        JobTracker jobs(&context);
        std::optional<Outcome<int>> result;
        jobs.start(
            [](const JobControl&) -> int { throw pgr::Error(u"no such table"_s, u"load it"_s, u"42P01"_s); },
            [&](Outcome<int> outcome) { result = outcome; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->cancelled());
        QCOMPARE(result->error->message(), u"no such table"_s);
        QCOMPARE(result->error->hint(), u"load it"_s);
        QCOMPARE(result->error->sqlstate(), u"42P01"_s);
        // Any other exception becomes an Error with its text.
        result.reset();
        jobs.start([](const JobControl&) -> int { throw std::runtime_error("boom"); },
            [&](Outcome<int> outcome) { result = outcome; });
        QTRY_VERIFY(result.has_value());
        QCOMPARE(result->error->message(), u"boom"_s);
    }

    void addedJobsRunBesideEachOtherUntilDropped()
    {
        QObject context;
        JobTracker jobs(&context);
        QList<int> delivered;
        for (int page = 0; page < 3; ++page)
            jobs.add([page](const JobControl&) { return page; },
                [&](Outcome<int> outcome) { delivered.append(*outcome.value); });
        QTRY_COMPARE(delivered.size(), 3);
        std::sort(delivered.begin(), delivered.end());
        QCOMPARE(delivered, (QList<int> { 0, 1, 2 }));

        QSemaphore release;
        jobs.add(
            [&](const JobControl&) {
                release.tryAcquire(1, 10000);
                return 9;
            },
            [&](Outcome<int> outcome) { delivered.append(*outcome.value); });
        jobs.dropAll();
        release.release();
        QTest::qWait(200);
        QCOMPARE(delivered.size(), 3);
    }

    void progressReachesTheHandlerWhileTheJobIsCurrent()
    {
        QObject context;
        JobTracker jobs(&context);
        QStringList seen;
        jobs.setProgressHandler(
            [&](int permille, const QString& text) { seen.append(QString::number(permille) + u' ' + text); });
        bool done = false;
        jobs.start(
            [](const JobControl& control) {
                control.progress(500, u"half"_s);
                return true;
            },
            [&](Outcome<bool>) { done = true; });
        QTRY_VERIFY(done);
        QCOMPARE(seen, QStringList { u"500 half"_s });
    }

    void nothingReachesAContextThatIsGone()
    {
        bool delivered = false;
        QSemaphore release;
        {
            QObject context;
            JobTracker jobs(&context);
            jobs.start(
                [&](const JobControl&) {
                    release.tryAcquire(1, 10000);
                    return 1;
                },
                [&](Outcome<int>) { delivered = true; });
        }
        release.release();
        pgr::ui::jobPool()->waitForDone(10000);
        QTest::qWait(100);
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(TestJobTracker)
#include "tst_jobtracker.moc"
