// SPDX-License-Identifier: GPL-3.0-or-later
#include "changelistmodel.h"
#include "mainwindow.h"
#include "rowview.h"
#include "reviewview.h"
#include "tabletreemodel.h"
#include "testsupport.h"
#include "welcomeview.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTreeView>
#include <Qsci/qsciscintilla.h>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using pgr::ui::MainWindow;
using pgr::ui::WelcomeView;

class TestMainWindow : public QObject
{
    Q_OBJECT

    MainWindow::Options options() const
    {
        MainWindow::Options options;
        options.staging.folder = pgr::test::TestCluster::instance().folder();
        options.staging.durable = false;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Start from a machine that never ran pgreconcile: no recent reviews, no saved layout.
        QFile::remove(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
            + u"/pgreconcile/pgreconcile.ini"_s);
        pgr::test::TestCluster::instance(); // the window shares the test's cluster
    }

    void offersTheDemoOnAFreshStart()
    {
        MainWindow window(options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        WelcomeView* welcome = window.welcomeView();
        QVERIFY(welcome->isVisible());
        auto* openDemo = welcome->findChild<QPushButton*>(u"openDemoButton"_s);
        QVERIFY(openDemo);
        QVERIFY(openDemo->isVisible());
        QCOMPARE(openDemo->text(), u"Open demo"_s);
        // No reviews yet: the recent list says so instead of staying blank.
        auto* recent = welcome->findChild<QListWidget*>(u"recentProjects"_s);
        QCOMPARE(recent->count(), 1);
        QVERIFY(!(recent->item(0)->flags() & Qt::ItemIsEnabled));
        QSignalSpy ready(&window, &MainWindow::stagingReady);
        QVERIFY(ready.wait(120000));
        QVERIFY(window.staging());
        auto* status = welcome->findChild<QLabel*>(u"statusLabel"_s);
        QVERIFY2(status->text().startsWith(u"Staging: embedded cluster in"_s), qPrintable(status->text()));
    }

    void openDemoBuildsTheDemoInTheBackground()
    {
        MainWindow window(options());
        window.show();
        QSignalSpy ready(&window, &MainWindow::stagingReady);
        QVERIFY(ready.wait(120000));
        QSignalSpy demo(&window, &MainWindow::demoReady);
        auto* openDemo = window.welcomeView()->findChild<QPushButton*>(u"openDemoButton"_s);
        QTest::mouseClick(openDemo, Qt::LeftButton);
        QVERIFY(!openDemo->isEnabled()); // busy while the demo is built off the UI thread
        QVERIFY(demo.wait(300000));
        QVERIFY(openDemo->isEnabled());
        auto* status = window.welcomeView()->findChild<QLabel*>(u"statusLabel"_s);
        QVERIFY2(status->text().contains(u"demo_base"_s) && status->text().contains(u"demo_target"_s),
            qPrintable(status->text()));
        // Then the demo review is loaded, diffed and shown: the table tree with its groups.
        QSignalSpy review(&window, &MainWindow::reviewReady);
        QVERIFY(review.wait(300000));
        QCOMPARE(review.first().first().toString(), u"demo"_s);
        pgr::ui::TableTreeModel* model = window.reviewView()->tableModel();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 7);
        QStringList tables;
        for (int row = 0; row < model->rowCount(); ++row)
            tables.append(model->index(row, 0).data(pgr::ui::TableTreeModel::QualifiedNameRole).toString());
        QVERIFY2(tables.contains(u"public.FieldNotes"_s), qPrintable(tables.join(u' ')));
        const QModelIndex customers = model->index(int(tables.indexOf(u"public.customers"_s)), 0);
        QCOMPARE(model->rowCount(customers), 5); // conflicts, source changes, column merges, same change, target only
        QCOMPARE(model->index(0, 0, customers).data().toString(), u"Conflicts"_s);
        QCOMPARE(model->index(0, pgr::ui::TableTreeModel::CountColumn, customers).data().toLongLong(), 9);
        QVERIFY(window.reviewView()->isVisible());
        // Selecting a table shows how it was compared.
        window.reviewView()->tableTree()->setCurrentIndex(customers);
        auto* details = window.reviewView()->findChild<QLabel*>(u"tableDetails"_s);
        QVERIFY2(details->text().contains(u"three-way"_s), qPrintable(details->text()));

        // The customers' conflicts: the list pages in from staging, the first change is selected
        // and its rows appear side by side with the conflicting field marked.
        pgr::ui::ChangeListModel* changes = window.reviewView()->changeModel();
        QAbstractItemModelTester changeTester(changes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(changes, &pgr::ui::ChangeListModel::countKnown);
        QSignalSpy shown(window.reviewView(), &pgr::ui::ReviewView::rowsShown);
        window.reviewView()->tableTree()->setCurrentIndex(model->index(0, 0, customers));
        QVERIFY(counted.wait(30000));
        QCOMPARE(counted.last().first().toLongLong(), 9);
        QCOMPARE(changes->rowCount(), 9);
        QTRY_VERIFY_WITH_TIMEOUT(changes->index(0, 0).data(pgr::ui::ChangeListModel::LoadedRole).toBool(), 30000);
        QCOMPARE(changes->index(0, pgr::ui::ChangeListModel::ClassColumn).data().toString(), u"conflict"_s);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
        pgr::ui::RowView* rows = window.reviewView()->rowView();
        QVERIFY(rows->editor(pgr::ui::RowView::SourcePane)->text().contains(u"\"email\""_s));
        QVERIFY(rows->editor(pgr::ui::RowView::ResultPane)->text().contains(u"undecided"_s));
        QVERIFY(!rows->highlightedLines(pgr::ui::RowView::SourcePane).isEmpty());
        // Walk to the insert/insert collision and see both sides' rows.
        for (int row = 0; row < changes->rowCount(); ++row) {
            if (changes->index(row, pgr::ui::ChangeListModel::KindColumn).data().toString() == u"insert insert"_s) {
                shown.clear();
                window.reviewView()->changeTable()->setCurrentIndex(changes->index(row, 0));
                QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
                break;
            }
        }
        QCOMPARE(rows->editor(pgr::ui::RowView::BasePane)->text(), u"// no row on this side"_s);
        QVERIFY(rows->editor(pgr::ui::RowView::TargetPane)->text().contains(u"\"id\""_s));
        if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty())
            window.grab().save(QString::fromLocal8Bit(dir) + u"/review-conflict.png"_s);

        // A text filter narrows the list through the server.
        QSignalSpy recounted(changes, &pgr::ui::ChangeListModel::countKnown);
        window.reviewView()->filterEdit()->setText(u"no-such-text-anywhere"_s);
        QVERIFY(recounted.wait(30000));
        QCOMPARE(changes->rowCount(), 0);
    }

    void reopeningAReviewResumesWithoutReloading()
    {
        MainWindow window(options());
        window.show();
        QSignalSpy ready(&window, &MainWindow::stagingReady);
        QVERIFY(ready.wait(120000));
        QSignalSpy review(&window, &MainWindow::reviewReady);
        window.welcomeView()->projectRequested(u"demo"_s);
        QVERIFY(review.wait(60000));
        QCOMPARE(window.reviewView()->tableModel()->rowCount(), 7);
    }

    void aBrokenStagingServerIsShownNotFatal()
    {
        MainWindow::Options broken;
        broken.staging.uri = u"postgresql:///nowhere?host=/nonexistent/socket"_s;
        MainWindow window(broken);
        window.show();
        auto* status = window.welcomeView()->findChild<QLabel*>(u"statusLabel"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"The staging server is not available"_s), 30000);
        QVERIFY(status->text().contains(u"cannot connect"_s));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
