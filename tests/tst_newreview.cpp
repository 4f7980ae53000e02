// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 6, item 1: the New Review dialog, against the test's own staging cluster and the demo.
#include "conninfo.h"
#include "demo.h"
#include "differ.h"
#include "mainwindow.h"
#include "newreviewdialog.h"
#include "pgbinaries.h"
#include "pipelinejob.h"
#include "project.h"
#include "reviewview.h"
#include "settings.h"
#include "testsupport.h"
#include "welcomeview.h"
#include "windowsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;
using pgr::Side;
using pgr::ui::MainWindow;
using pgr::ui::NewReviewDialog;

namespace {

pgr::Staging& staging() { return pgr::test::TestCluster::instance().staging(); }

// The dialog shares the test's staging; the test cluster owns it.
std::shared_ptr<pgr::Staging> sharedStaging()
{
    return std::shared_ptr<pgr::Staging>(&staging(), [](pgr::Staging*) {});
}

pgr::ConnectionInfo stagingInfo()
{
    return pgr::ConnectionInfo::parse(staging().connectionString(u"postgres"_s));
}

// A libpq URI of a database in the test's staging cluster (its server listens on a socket only).
QString uriOf(const QString& database)
{
    const pgr::ConnectionInfo info = stagingInfo();
    return u"postgresql://%1@/%2?host=%3&port=%4"_s.arg(info.value(u"user"_s), database,
        QString::fromLatin1(QUrl::toPercentEncoding(info.value(u"host"_s))), info.value(u"port"_s));
}

QString settingsFile() { return pgr::Settings::filePath(); }

// A custom-format pg_dump of a database of the test's staging cluster.
QString dumpOf(const QString& database, const QTemporaryDir& dir)
{
    const QString dump = dir.filePath(database + u".dump"_s);
    QProcess pgDump;
    pgDump.start(pgr::PgBinaries::locate().program(u"pg_dump"_s),
        { u"-Fc"_s, u"--file"_s, dump, u"--dbname"_s, staging().connectionString(database) });
    if (!pgDump.waitForFinished(120000) || pgDump.exitCode() != 0)
        qFatal("pg_dump failed: %s", pgDump.readAllStandardError().constData());
    return dump;
}

template<typename T>
T* child(QObject* parent, const QString& name)
{
    T* found = parent->findChild<T*>(name);
    if (!found)
        qFatal("no child %s", qPrintable(name));
    return found;
}

void setSide(NewReviewDialog& dialog, Side side, NewReviewDialog::Kind kind, const QString& text)
{
    const QString prefix = pgr::sideName(side);
    child<QComboBox>(&dialog, prefix + u"Kind"_s)->setCurrentIndex(int(kind));
    const QString field = kind == NewReviewDialog::Kind::Dump ? u"Dump"_s : u"Connection"_s;
    child<QLineEdit>(&dialog, prefix + field)->setText(text);
}

void clearSides(NewReviewDialog& dialog)
{
    for (const Side side : pgr::kAllSides) {
        for (const auto* field :
            { u"Connection", u"Host", u"Port", u"Database", u"User", u"Dump", u"Schema" })
            child<QLineEdit>(&dialog, pgr::sideName(side) + QString::fromUtf16(field))->clear();
        dialog.setKind(side, NewReviewDialog::Kind::Connection);
    }
}

// Every side of a project is either loaded completely or absent: its schema exists exactly when
// pgreconcile.sides has it, and then holds the rows the side says it has.
void verifyNoHalfSwappedSide(const QString& projectName, const QStringList& complete)
{
    auto project = pgr::Project::open(staging(), projectName);
    pgr::PgConnection& db = project->connection();
    for (const Side side : pgr::kAllSides) {
        const QString name = pgr::sideName(side);
        const bool recorded
            = db.exec(u"SELECT count(*) FROM pgreconcile.sides WHERE side = $1"_s, { name }).toInt64(0, 0)
            == 1;
        const bool present
            = db.exec(u"SELECT count(*) FROM pg_namespace WHERE nspname = $1"_s, { name }).toInt64(0, 0) == 1;
        QCOMPARE(present, recorded);
        QCOMPARE(recorded, complete.contains(name));
        if (!recorded)
            continue;
        const pgr::PgResult tables
            = db.exec(u"SELECT t.staged_name, s.row_count FROM pgreconcile.side_tables s JOIN "
                      u"pgreconcile.tables t USING (table_id) "
                      "WHERE s.side = $1"_s,
                { name });
        QVERIFY(tables.rowCount() > 0);
        for (int row = 0; row < tables.rowCount(); ++row) {
            const qint64 rows = db.exec(u"SELECT count(*) FROM %1.%2"_s.arg(
                                            db.quoteName(name), db.quoteName(tables.text(row, 0))))
                                    .toInt64(0, 0);
            QCOMPARE(rows, tables.toInt64(row, 1));
        }
    }
}

} // namespace

class TestNewReview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(settingsFile()); // no sides remembered from an earlier run
        pgr::DemoBuilder(staging()).build(pgr::DemoBuilder::Mode::ReuseOrCreate);
    }

    void refusesMissingSidesAndBadNamesWithTheReason()
    {
        NewReviewDialog dialog(sharedStaging());
        dialog.show();
        clearSides(dialog);
        auto* ok = child<QPushButton>(&dialog, u"okButton"_s);
        auto* blocker = child<QLabel>(&dialog, u"blockerLabel"_s);
        auto* name = child<QLineEdit>(&dialog, u"projectName"_s);

        QVERIFY(!ok->isEnabled());
        QVERIFY2(blocker->text().contains(u"Name the review"_s), qPrintable(blocker->text()));
        name->setText(u"Not A Name"_s);
        QVERIFY2(blocker->text().contains(u"not a valid project name"_s), qPrintable(blocker->text()));
        name->setText(u"nr-refused"_s);
        QVERIFY(!ok->isEnabled());
        QVERIFY(blocker->isVisible());
        QVERIFY2(blocker->text().startsWith(u"Give the source"_s), qPrintable(blocker->text()));
        // OK (and Enter) refuse to start while a side is missing.
        QTest::keyClick(name, Qt::Key_Return);
        dialog.start();
        QVERIFY(!dialog.isRunning());

        setSide(dialog, Side::Source, NewReviewDialog::Kind::Connection, uriOf(u"demo_source"_s));
        QVERIFY2(blocker->text().startsWith(u"Give the target"_s), qPrintable(blocker->text()));
        QVERIFY(!ok->isEnabled());
        setSide(dialog, Side::Target, NewReviewDialog::Kind::Server, {});
        child<QLineEdit>(&dialog, u"targetHost"_s)->setText(u"/tmp"_s);
        QVERIFY2(blocker->text().contains(u"give the database"_s), qPrintable(blocker->text()));
        child<QLineEdit>(&dialog, u"targetDatabase"_s)->setText(u"demo_target"_s);
        // The base is optional: a two-way review needs none.
        QVERIFY2(dialog.blocker().isEmpty(), qPrintable(dialog.blocker()));
        QVERIFY(ok->isEnabled());
        QVERIFY(!blocker->isVisible());
        setSide(dialog, Side::Base, NewReviewDialog::Kind::Dump, u"/no/such/dump.file"_s);
        QVERIFY2(blocker->text().contains(u"/no/such/dump.file"_s), qPrintable(blocker->text()));
        setSide(dialog, Side::Base, NewReviewDialog::Kind::Connection, u"postgresql://[broken"_s);
        QVERIFY2(blocker->text().startsWith(u"Base"_s), qPrintable(blocker->text()));
        setSide(dialog, Side::Base, NewReviewDialog::Kind::Connection, {});
        QVERIFY(ok->isEnabled());

        // An existing review's name is refused, or loaded into once that is ticked.
        if (!pgr::Project::exists(staging(), u"nr-existing"_s))
            pgr::Project::create(staging(), u"nr-existing"_s, u"tester"_s);
        name->setText(u"nr-existing"_s);
        auto* reload = child<QCheckBox>(&dialog, u"reloadExisting"_s);
        QTRY_VERIFY_WITH_TIMEOUT(reload->isVisible(), 30000);
        QVERIFY2(blocker->text().contains(u"exists already"_s), qPrintable(blocker->text()));
        QVERIFY(!ok->isEnabled());
        reload->setChecked(true);
        QVERIFY(ok->isEnabled());

        // A password in a connection string is never what the dialog remembers.
        setSide(dialog, Side::Source, NewReviewDialog::Kind::Connection,
            u"postgresql://app:pa55word-in-uri@db.example/shop"_s);
        QVERIFY(dialog.sideSource(Side::Source).text.contains(u"pa55word-in-uri"_s));
        QVERIFY(!dialog.storableDescription(Side::Source).contains(u"pa55word-in-uri"_s));
        QVERIFY(dialog.storableDescription(Side::Source).contains(u"db.example"_s));
    }

    void aFailingTestShowsLibpqsMessage()
    {
        NewReviewDialog dialog(sharedStaging());
        dialog.show();
        clearSides(dialog);
        QSignalSpy tested(&dialog, &NewReviewDialog::sideTested);
        auto* result = child<QLabel>(&dialog, u"sourceResult"_s);

        // The server's refusal, relayed by libpq.
        setSide(dialog, Side::Source, NewReviewDialog::Kind::Connection, uriOf(u"no_such_database"_s));
        QTest::mouseClick(child<QPushButton>(&dialog, u"sourceTest"_s), Qt::LeftButton);
        QCOMPARE(dialog.testState(Side::Source), NewReviewDialog::TestState::Running);
        QVERIFY(tested.wait(30000));
        QCOMPARE(tested.last().at(0).toString(), u"source"_s);
        QCOMPARE(tested.last().at(1).toBool(), false);
        QCOMPARE(dialog.testState(Side::Source), NewReviewDialog::TestState::Failed);
        QVERIFY2(result->text().contains(u"database \"no_such_database\" does not exist"_s),
            qPrintable(result->text()));
        QVERIFY2(
            result->text().contains(u"check the database name"_s), qPrintable(result->text())); // the hint

        // libpq's own message: no server behind that socket folder.
        dialog.setKind(Side::Target, NewReviewDialog::Kind::Server);
        child<QLineEdit>(&dialog, u"targetHost"_s)->setText(u"/nonexistent-socket-folder"_s);
        child<QLineEdit>(&dialog, u"targetDatabase"_s)->setText(u"shop"_s);
        dialog.testSide(Side::Target);
        QVERIFY(tested.wait(30000));
        QCOMPARE(tested.last().at(0).toString(), u"target"_s);
        QCOMPARE(tested.last().at(1).toBool(), false);
        const QString text = child<QLabel>(&dialog, u"targetResult"_s)->text();
        QVERIFY2(text.contains(u"/nonexistent-socket-folder/.s.PGSQL"_s)
                && text.contains(u"No such file or directory"_s),
            qPrintable(text));
        // Editing the side clears the stale result.
        child<QLineEdit>(&dialog, u"targetDatabase"_s)->setText(u"shop2"_s);
        QCOMPARE(dialog.testState(Side::Target), NewReviewDialog::TestState::NotRun);
    }

    void aSuccessfulTestOnTheDemoSource()
    {
        NewReviewDialog dialog(sharedStaging());
        dialog.show();
        clearSides(dialog);
        QSignalSpy tested(&dialog, &NewReviewDialog::sideTested);
        setSide(dialog, Side::Source, NewReviewDialog::Kind::Connection, uriOf(u"demo_source"_s));
        dialog.testSide(Side::Source);
        QVERIFY(tested.wait(30000));
        QVERIFY2(tested.last().at(1).toBool(), qPrintable(tested.last().at(2).toString()));
        const QString text = child<QLabel>(&dialog, u"sourceResult"_s)->text();
        QVERIFY2(text.startsWith(u"PostgreSQL "_s) && text.contains(u"database demo_source"_s)
                && text.contains(u"7 tables"_s),
            qPrintable(text));

        // A database of staging by name, and one schema of it.
        setSide(dialog, Side::Target, NewReviewDialog::Kind::Connection, u"demo_target"_s);
        child<QLineEdit>(&dialog, u"targetSchema"_s)->setText(u"no_such_schema"_s);
        dialog.testSide(Side::Target);
        QVERIFY(tested.wait(30000));
        QCOMPARE(tested.last().at(1).toBool(), false);
        QVERIFY2(tested.last().at(2).toString().contains(u"has no schema \"no_such_schema\""_s),
            qPrintable(tested.last().at(2).toString()));
        child<QLineEdit>(&dialog, u"targetSchema"_s)->setText(u"public"_s);
        dialog.testSide(Side::Target);
        QVERIFY(tested.wait(30000));
        QVERIFY2(tested.last().at(1).toBool(), qPrintable(tested.last().at(2).toString()));

        // A dump: its format and, read by pg_restore --list, its tables.
        QTemporaryDir dir;
        setSide(dialog, Side::Base, NewReviewDialog::Kind::Dump, dumpOf(u"demo_base"_s, dir));
        dialog.testSide(Side::Base);
        QVERIFY(tested.wait(60000));
        QVERIFY2(tested.last().at(1).toBool(), qPrintable(tested.last().at(2).toString()));
        QVERIFY2(tested.last().at(2).toString().contains(u"custom format"_s)
                && tested.last().at(2).toString().contains(u"7 tables with data"_s),
            qPrintable(tested.last().at(2).toString()));
        QFile garbage(dir.filePath(u"notes.txt"_s));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("these are notes, not a dump\n");
        garbage.close();
        setSide(dialog, Side::Base, NewReviewDialog::Kind::Dump, garbage.fileName());
        dialog.testSide(Side::Base);
        QVERIFY(tested.wait(60000));
        QCOMPARE(tested.last().at(1).toBool(), false);
        QVERIFY2(tested.last().at(2).toString().contains(u"is not a pg_dump output"_s),
            qPrintable(tested.last().at(2).toString()));
    }

    void theWholeDialogCreatesTheDemoReview()
    {
        MainWindow window(pgr::test::windowOptions());
        window.resize(1200, 800);
        window.show();
        QSignalSpy ready(&window, &MainWindow::stagingReady);
        QVERIFY(ready.wait(120000));
        QTest::mouseClick(
            window.welcomeView()->findChild<QPushButton*>(u"newReviewButton"_s), Qt::LeftButton);
        QTRY_VERIFY(window.newReviewDialog());
        NewReviewDialog& dialog = *window.newReviewDialog();
        QTRY_VERIFY(dialog.isVisible());
        clearSides(dialog);

        const QString project = u"nr-demo"_s;
        const QString password = u"n0t-st0red-pa55word"_s;
        child<QLineEdit>(&dialog, u"projectName"_s)->setText(project);
        // One side of each kind: the base from a dump, the source by URI, the target by its fields.
        QTemporaryDir dir;
        setSide(dialog, Side::Base, NewReviewDialog::Kind::Dump, dumpOf(u"demo_base"_s, dir));
        setSide(dialog, Side::Source, NewReviewDialog::Kind::Connection, uriOf(u"demo_source"_s));
        // A password typed for the target (the test cluster trusts its socket, so libpq does not
        // even send it) must reach neither the settings nor the project.
        dialog.setKind(Side::Target, NewReviewDialog::Kind::Server);
        const pgr::ConnectionInfo info = stagingInfo();
        child<QLineEdit>(&dialog, u"targetHost"_s)->setText(info.value(u"host"_s));
        child<QLineEdit>(&dialog, u"targetPort"_s)->setText(info.value(u"port"_s));
        child<QLineEdit>(&dialog, u"targetDatabase"_s)->setText(u"demo_target"_s);
        child<QLineEdit>(&dialog, u"targetUser"_s)->setText(info.value(u"user"_s));
        child<QLineEdit>(&dialog, u"targetPassword"_s)->setText(password);
        QVERIFY(dialog.sideSource(Side::Target).text.contains(password));
        QVERIFY2(dialog.blocker().isEmpty(), qPrintable(dialog.blocker()));

        QSignalSpy tested(&dialog, &NewReviewDialog::sideTested);
        for (const Side side : pgr::kAllSides)
            dialog.testSide(side);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 3, 60000);
        for (const QList<QVariant>& result : std::as_const(tested))
            QVERIFY2(result.at(1).toBool(), qPrintable(result.at(2).toString()));
        if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty()) {
            for (QLineEdit* edit : dialog.findChildren<QLineEdit*>())
                edit->setCursorPosition(0);
            child<QPushButton>(&dialog, u"okButton"_s)->setFocus();
            QTest::qWait(200);
            dialog.grab().save(QString::fromLocal8Bit(dir) + u"/new-review.png"_s);
        }

        // Enter is OK.
        QSignalSpy review(&window, &MainWindow::reviewReady);
        QSignalSpy failed(&dialog, &NewReviewDialog::runFailed);
        QTest::keyClick(child<QLineEdit>(&dialog, u"projectName"_s), Qt::Key_Return);
        QVERIFY(dialog.isRunning());
        QVERIFY(child<QWidget>(&dialog, u"progressPanel"_s)->isVisible());
        QVERIFY(review.wait(300000));
        QVERIFY2(failed.isEmpty(),
            failed.isEmpty() ? "" : qPrintable(failed.first().first().value<pgr::Error>().fullText()));
        QCOMPARE(review.first().first().toString(), project);
        QTRY_VERIFY(!window.newReviewDialog());
        QVERIFY(window.reviewView()->isVisible());

        // The counts of every kind of change are the demo's.
        auto opened = pgr::Project::open(staging(), project);
        const QJsonObject tables
            = pgr::Differ::report(project, pgr::Differ::stored(*opened))[u"tables"_s].toObject();
        const QString mismatch = pgr::test::demoCountsMismatch(tables, u"three_way"_s);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));

        // The password went nowhere; the sides are remembered for the next review.
        const QString origins
            = opened->connection()
                  .exec(u"SELECT string_agg(origin, ' ' ORDER BY side) FROM pgreconcile.sides"_s)
                  .text(0, 0);
        QVERIFY2(
            origins.contains(u"demo_base.dump"_s) && origins.contains(u"demo_target"_s), qPrintable(origins));
        QVERIFY2(!origins.contains(password), qPrintable(origins));
        QFile ini(settingsFile());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray saved = ini.readAll();
        QVERIFY(saved.contains("demo_target"));
        QVERIFY(!saved.contains(password.toUtf8()));
        NewReviewDialog next(sharedStaging());
        QCOMPARE(next.kind(Side::Base), NewReviewDialog::Kind::Dump);
        QCOMPARE(child<QLineEdit>(&next, u"baseDump"_s)->text(), dir.filePath(u"demo_base.dump"_s));
        QCOMPARE(child<QLineEdit>(&next, u"sourceConnection"_s)->text(), uriOf(u"demo_source"_s));
        QCOMPARE(next.kind(Side::Target), NewReviewDialog::Kind::Server);
        QCOMPARE(child<QLineEdit>(&next, u"targetDatabase"_s)->text(), u"demo_target"_s);
        QVERIFY(child<QLineEdit>(&next, u"targetPassword"_s)->text().isEmpty());
        QVERIFY(child<QLineEdit>(&next, u"projectName"_s)->text().isEmpty());
    }

    void aFailedRunStaysInTheDialogToRetry()
    {
        const QString project = u"nr-retry"_s;
        if (pgr::Project::exists(staging(), project))
            pgr::Project::drop(staging(), project);
        NewReviewDialog dialog(sharedStaging());
        dialog.show();
        clearSides(dialog);
        child<QLineEdit>(&dialog, u"projectName"_s)->setText(project);
        setSide(dialog, Side::Source, NewReviewDialog::Kind::Connection, uriOf(u"demo_sauce"_s));
        setSide(dialog, Side::Target, NewReviewDialog::Kind::Connection, u"demo_target"_s);
        QSignalSpy failed(&dialog, &NewReviewDialog::runFailed);
        QSignalSpy created(&dialog, &NewReviewDialog::reviewCreated);
        dialog.start();
        QVERIFY(failed.wait(120000));
        // The error as core says it, message and hint, in the dialog, which stays open.
        const QString error = failed.first().first().value<pgr::Error>().fullText();
        QVERIFY2(error.contains(u"database \"demo_sauce\" does not exist"_s), qPrintable(error));
        const QString shown = child<QLabel>(&dialog, u"messageLabel"_s)->text();
        QVERIFY2(shown.contains(u"demo_sauce"_s) && shown.contains(u"check the database name"_s),
            qPrintable(shown));
        QVERIFY(child<QLabel>(&dialog, u"messageLabel"_s)->isVisible());
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.isRunning());

        // Fixed, it runs again into the review it created: a two-way review of the demo.
        setSide(dialog, Side::Source, NewReviewDialog::Kind::Connection, uriOf(u"demo_source"_s));
        QVERIFY2(dialog.blocker().isEmpty(), qPrintable(dialog.blocker()));
        dialog.start();
        QVERIFY(created.wait(300000));
        QCOMPARE(failed.count(), 1);
        auto opened = pgr::Project::open(staging(), project);
        const QJsonObject tables
            = pgr::Differ::report(project, pgr::Differ::stored(*opened))[u"tables"_s].toObject();
        const QString mismatch = pgr::test::demoCountsMismatch(tables, u"two_way"_s);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    void cancellingMidLoadLeavesTheReviewRerunnable()
    {
        // A side big enough to be caught while it is copied.
        const QString big = u"nr_big"_s;
        {
            auto admin = staging().connect(u"postgres"_s);
            if (admin->exec(u"SELECT 1 FROM pg_database WHERE datname = $1"_s, { big }).rowCount() == 0) {
                admin->exec(u"CREATE DATABASE nr_big"_s);
                staging().connect(big)->exec(u"CREATE TABLE readings (id bigint PRIMARY KEY, sensor int NOT "
                                             u"NULL, value numeric(12,4), note text); "
                                             "INSERT INTO readings SELECT g, g % 97, g / 7.0, md5(g::text) "
                                             "FROM generate_series(1, 800000) g; "
                                             "ANALYZE readings"_s);
            }
        }
        const QString project = u"nr-cancel"_s;
        if (pgr::Project::exists(staging(), project))
            pgr::Project::drop(staging(), project);

        NewReviewDialog dialog(sharedStaging());
        dialog.show();
        clearSides(dialog);
        child<QLineEdit>(&dialog, u"projectName"_s)->setText(project);
        setSide(dialog, Side::Source, NewReviewDialog::Kind::Connection, uriOf(big));
        setSide(dialog, Side::Target, NewReviewDialog::Kind::Connection, uriOf(big));
        QSignalSpy failed(&dialog, &NewReviewDialog::runFailed);
        QSignalSpy created(&dialog, &NewReviewDialog::reviewCreated);
        auto* ok = child<QPushButton>(&dialog, u"okButton"_s);
        auto* cancel = child<QPushButton>(&dialog, u"cancelButton"_s);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(dialog.isRunning());
        QVERIFY(!ok->isEnabled());

        // Cancel while the target is being copied: the source is in, the target not yet.
        QTRY_VERIFY_WITH_TIMEOUT(dialog.findChild<pgr::ui::PipelineJob*>(), 30000);
        bool cancelled = false;
        QString tableLine;
        connect(dialog.findChild<pgr::ui::PipelineJob*>(), &pgr::ui::PipelineJob::tableProgress, &dialog,
            [&](const QString& step, const QString& table, int, int) {
                if (step == u"target"_s && !table.isEmpty() && !cancelled) {
                    cancelled = true;
                    tableLine = child<QLabel>(&dialog, u"tableText"_s)->text();
                    QTest::mouseClick(cancel, Qt::LeftButton);
                }
            });
        QVERIFY(failed.wait(300000));
        QVERIFY2(failed.first().first().value<pgr::Error>().isCancellation(),
            qPrintable(failed.first().first().value<pgr::Error>().fullText()));
        QVERIFY(created.isEmpty());
        QVERIFY(cancelled);
        // The per-table line said what was being copied.
        QVERIFY2(tableLine.startsWith(u"Loading the target"_s) && tableLine.contains(u"public.readings"_s),
            qPrintable(tableLine));
        QVERIFY(dialog.isVisible()); // nothing closed
        QVERIFY2(child<QLabel>(&dialog, u"messageLabel"_s)->text().startsWith(u"Cancelled"_s),
            qPrintable(child<QLabel>(&dialog, u"messageLabel"_s)->text()));
        // Really stopped: nothing reads the side any more (a backend leaves pg_stat_activity a
        // moment after its client hung up).
        auto admin = staging().connect(u"postgres"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            admin->exec(u"SELECT count(*) FROM pg_stat_activity WHERE datname = $1"_s, { big }).toInt64(0, 0),
            0, 10000);
        verifyNoHalfSwappedSide(project, { u"source"_s });
        if (QTest::currentTestFailed())
            return;

        // The same dialog runs it again, into the review it created.
        QVERIFY2(ok->isEnabled(), qPrintable(dialog.blocker()));
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(created.wait(300000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(created.first().first().toString(), project);
        QVERIFY(!dialog.isVisible());
        verifyNoHalfSwappedSide(project, { u"source"_s, u"target"_s });
        if (QTest::currentTestFailed())
            return;
        auto opened = pgr::Project::open(staging(), project);
        QCOMPARE(
            opened->connection().exec(u"SELECT count(*) FROM pgreconcile.table_diffs"_s).toInt64(0, 0), 1);
        QCOMPARE(opened->connection().exec(u"SELECT count(*) FROM pgreconcile.changes"_s).toInt64(0, 0), 0);
    }
};

QTEST_MAIN(TestNewReview)
#include "tst_newreview.moc"
