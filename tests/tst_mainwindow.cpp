// SPDX-License-Identifier: GPL-3.0-or-later
#include "changelistmodel.h"
#include "decisions.h"
#include "demo.h"
#include "differ.h"
#include "exportdialog.h"
#include "loader.h"
#include "mainwindow.h"
#include "pgbinaries.h"
#include "project.h"
#include "review.h"
#include "reviewview.h"
#include "rowview.h"
#include "settings.h"
#include "tabletreemodel.h"
#include "testsupport.h"
#include "verifier.h"
#include "welcomeview.h"
#include "windowsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <Qsci/qsciscintilla.h>

using namespace Qt::Literals::StringLiterals;
using pgr::ui::MainWindow;
using pgr::ui::WelcomeView;

namespace {

QModelIndex tableRow(const pgr::ui::TableTreeModel* model, const QString& table, int column = 0)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(pgr::ui::TableTreeModel::QualifiedNameRole).toString() == table)
            return model->index(row, column);
    }
    return {};
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Start from a machine that never ran pgreconcile: no recent reviews, no saved layout.
        QFile::remove(pgr::Settings::filePath());
        pgr::test::TestCluster::instance(); // the window shares the test's cluster
    }

    void offersTheDemoOnAFreshStart()
    {
        MainWindow window(pgr::test::windowOptions());
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
        MainWindow window(pgr::test::windowOptions());
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
        QCOMPARE(model->rowCount(customers),
            5); // conflicts, source changes, column merges, same change, target only
        QCOMPARE(model->index(0, 0, customers).data().toString(), u"Conflicts"_s);
        QCOMPARE(model->index(0, pgr::ui::TableTreeModel::CountColumn, customers).data().toLongLong(), 9);
        QVERIFY(window.reviewView()->isVisible());
        // Progress per table, counted in staging: customers' 10 source changes and 6 column merges
        // are decided by default, its 9 conflicts are not; its 24 other changes need no decision.
        {
            using pgr::ui::TableTreeModel;
            const QModelIndex decided = customers.siblingAtColumn(TableTreeModel::DecidedColumn);
            QTRY_VERIFY_WITH_TIMEOUT(decided.data(TableTreeModel::DecidedRole).isValid(), 30000);
            QCOMPARE(decided.data(TableTreeModel::DecidedRole).toLongLong(), 16);
            QCOMPARE(decided.data(TableTreeModel::UndecidedRole).toLongLong(), 9);
            QCOMPARE(decided.data().toString(), u"16 / 25"_s);
            // Its 6 column merges left to their default are flagged for a look.
            const QModelIndex detail = customers.siblingAtColumn(TableTreeModel::DetailColumn);
            QCOMPARE(detail.data().toString(), u"9 conflicts, 9 undecided · 6 flagged for a look"_s);
            QVERIFY(!detail.data(Qt::DecorationRole).isNull());
            const QString tip = decided.data(Qt::ToolTipRole).toString();
            QVERIFY2(tip.contains(u"16 of 25 changes decided"_s) && tip.contains(u"9 undecided"_s)
                    && tip.contains(u"24 with nothing to decide"_s),
                qPrintable(tip));
            QVERIFY(customers.data(Qt::FontRole).value<QFont>().bold()); // something left to decide
            QVERIFY(!decided.data(Qt::DecorationRole).isNull());
            // Group rows carry no progress of their own.
            QVERIFY(model->index(0, TableTreeModel::DecidedColumn, customers).data().isNull());
            QCOMPARE(
                model->headerData(TableTreeModel::DecidedColumn, Qt::Horizontal).toString(), u"Decided"_s);
        }
        // Selecting a table shows how it was compared.
        window.reviewView()->tableTree()->setCurrentIndex(customers);
        auto* details = window.reviewView()->findChild<QLabel*>(u"tableDetails"_s);
        QVERIFY2(details->text().contains(u"three-way"_s), qPrintable(details->text()));

        // The customers' conflicts: the list pages in from staging, the first change is selected
        // and its rows appear side by side with the conflicting field marked.
        pgr::ui::ChangeListModel* changes = window.reviewView()->changeModel();
        QAbstractItemModelTester changeTester(
            changes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(changes, &pgr::ui::ChangeListModel::countKnown);
        QSignalSpy shown(window.reviewView(), &pgr::ui::ReviewView::rowsShown);
        window.reviewView()->tableTree()->setCurrentIndex(model->index(0, 0, customers));
        QVERIFY(counted.wait(30000));
        QCOMPARE(counted.last().first().toLongLong(), 9);
        QCOMPARE(changes->rowCount(), 9);
        QTRY_VERIFY_WITH_TIMEOUT(
            changes->index(0, 0).data(pgr::ui::ChangeListModel::LoadedRole).toBool(), 30000);
        QCOMPARE(changes->index(0, pgr::ui::ChangeListModel::ClassColumn).data().toString(), u"conflict"_s);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
        pgr::ui::RowView* rows = window.reviewView()->rowView();
        QVERIFY(rows->editor(pgr::ui::RowView::SourcePane)->text().contains(u"\"email\""_s));
        QVERIFY(rows->editor(pgr::ui::RowView::ResultPane)->text().contains(u"undecided"_s));
        QVERIFY(!rows->highlightedLines(pgr::ui::RowView::SourcePane).isEmpty());
        // Walk to the insert/insert collision and see both sides' rows.
        for (int row = 0; row < changes->rowCount(); ++row) {
            if (changes->index(row, pgr::ui::ChangeListModel::KindColumn).data().toString()
                == u"insert insert"_s) {
                shown.clear();
                window.reviewView()->changeTable()->setCurrentIndex(changes->index(row, 0));
                QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
                break;
            }
        }
        QCOMPARE(rows->editor(pgr::ui::RowView::BasePane)->text(), u"// no row on this side"_s);
        QVERIFY(rows->editor(pgr::ui::RowView::TargetPane)->text().contains(u"\"id\""_s));
        if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty())
            window.grab().save(QString::fromLocal8Bit(dir) + u"/review-changes.png"_s);

        // Tab never changes the current change (issue 12, item 7): not from the last row either,
        // where moving cell by cell wrapped to the first.
        {
            QTableView* list = window.reviewView()->changeTable();
            const int last = changes->rowCount() - 1;
            list->setCurrentIndex(changes->index(last, 0));
            for (int key : { int(Qt::Key_Tab), int(Qt::Key_Backtab) }) {
                list->setFocus();
                for (int press = 0; press < 12; ++press)
                    QTest::keyClick(list, Qt::Key(key));
                QCOMPARE(list->currentIndex().row(), last);
            }
        }
        // A text filter narrows the list through the server.
        QSignalSpy recounted(changes, &pgr::ui::ChangeListModel::countKnown);
        window.reviewView()->filterEdit()->setText(u"no-such-text-anywhere"_s);
        QVERIFY(recounted.wait(30000));
        QCOMPARE(changes->rowCount(), 0);

        // Issue 12, item 7: the list's bulk menu decides exactly the undecided changes the list
        // shows, its filter included, and leaves the defaults among them alone. "id < 100" is
        // numeric (as text, "51" < "100" is false): customers 21..28 and 41..46 (defaults), the
        // conflicts 51..54, and changes with nothing to decide.
        auto project = pgr::Project::open(pgr::test::TestCluster::instance().staging(), u"demo"_s);
        auto inRange = [&](const QString& state) {
            return project->connection()
                .exec(u"SELECT count(*) FROM pgreconcile.review r JOIN pgreconcile.tables t USING (table_id) "
                      "WHERE t.table_name = 'customers' AND r.state = $1 AND (r.key->>0)::int < 100"_s,
                    { state })
                .toInt64(0, 0);
        };
        QCOMPARE(inRange(u"undecided"_s), 4);
        QCOMPARE(inRange(u"default"_s), 14);
        window.reviewView()->tableTree()->setCurrentIndex(customers);
        window.reviewView()->filterEdit()->setText(u"id < 100"_s);
        const qint64 listed = 4 + 14 + inRange(u"none"_s) + inRange(u"decided"_s);
        QTRY_COMPARE_WITH_TIMEOUT(changes->rowCount(), listed, 30000);
        QString question;
        QTimer answer;
        answer.setInterval(50);
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
                QAction* first = menu->actions().value(0); // Take Source for All Undecided Here
                menu->close();
                if (first)
                    first->trigger();
            } else if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                question = box->text();
                if (QAbstractButton* yes = box->button(QMessageBox::Yes))
                    yes->click();
                else
                    box->close(); // "Nothing to decide": no decision will finish
                answer.stop();
            }
        });
        answer.start();
        QSignalSpy finished(window.reviewView(), &pgr::ui::ReviewView::decisionFinished);
        QTableView* list = window.reviewView()->changeTable();
        Q_EMIT list->customContextMenuRequested(list->visualRect(changes->index(0, 0)).center());
        QVERIFY2(finished.wait(60000), qPrintable(question));
        QCOMPARE(finished.first().first().toString(), QString());
        QVERIFY2(question.contains(u"4 undecided changes in public.customers, matching \"id < 100\""_s),
            qPrintable(question));
        QCOMPARE(inRange(u"undecided"_s), 0);
        QCOMPARE(inRange(u"default"_s), 14);
        QCOMPARE(inRange(u"decided"_s), 4);
        pgr::Decisions(*project).undo(); // the demo as the other tests expect it
        QCOMPARE(inRange(u"undecided"_s), 4);
    }

    // Issue 6, items 5 and 6: every conflict of the demo decided from the keyboard (Ctrl+Down,
    // Ctrl+1/2, Ctrl+R, Ctrl+E … Ctrl+Return, Ctrl+Z), then the export dialog's preview and save.
    void decidesEveryConflictByKeyboardThenExports()
    {
        using pgr::ui::ChangeListModel;
        using pgr::ui::ReviewView;
        using pgr::ui::RowView;
        MainWindow::Options opts = pgr::test::windowOptions();
        opts.openDemo = true;
        MainWindow window(opts);
        window.resize(1400, 900);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QSignalSpy review(&window, &MainWindow::reviewReady);
        QVERIFY(review.wait(300000));
        ReviewView* view = window.reviewView();
        ChangeListModel* changes = view->changeModel();
        QAbstractItemModelTester changeTester(
            changes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester treeTester(
            view->tableModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QLabel* status = window.reviewStatus();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"conflicts left"_s), 30000);
        auto conflictsLeft = [&] {
            static const QRegularExpression left(u"(\\d+) conflicts? left"_s);
            const auto match = left.match(status->text());
            return match.hasMatch() ? match.captured(1).toInt() : -1;
        };
        QVERIFY2(conflictsLeft() > 0, qPrintable(status->text()));
        // What staging holds: the conflicts no decision is in force for.
        auto undecidedConflicts = [] {
            auto project = pgr::Project::open(pgr::test::TestCluster::instance().staging(), u"demo"_s);
            return int(
                project->connection()
                    .exec(
                        u"SELECT count(*) FROM pgreconcile.review WHERE state = 'undecided' AND change_class = 'conflict'"_s)
                    .toInt64(0, 0));
        };
        // Export is blocked while conflicts are undecided, and says why.
        QVERIFY(!window.exportAction()->isEnabled());
        QVERIFY2(window.exportAction()->toolTip().contains(u"undecided"_s),
            qPrintable(window.exportAction()->toolTip()));
        // Shortcuts are plain QAction shortcuts, shown in the tooltips.
        QAction* takeSource = view->action(ReviewView::TakeSource);
        QCOMPARE(takeSource->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_1));
        QVERIFY2(takeSource->toolTip().contains(takeSource->shortcut().toString(QKeySequence::NativeText)),
            qPrintable(takeSource->toolTip()));
        QVERIFY(window.decideToolBar()->isVisible());
        // A remapped shortcut shows in the tooltip at once.
        QAction* keepTarget = view->action(ReviewView::KeepTarget);
        keepTarget->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_2));
        QVERIFY2(keepTarget->toolTip().contains(
                     QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_2).toString(QKeySequence::NativeText)),
            qPrintable(keepTarget->toolTip()));
        keepTarget->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));

        QWidget* list = view->changeTable();
        list->setFocus();
        // Keys go where the user's would: to the focused widget, through the shortcut map.
        auto press = [&](int key, Qt::KeyboardModifiers modifiers) {
            QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : list;
            QTest::keyClick(target, Qt::Key(key), modifiers);
        };
        auto current = [&] { return view->changeTable()->currentIndex(); };
        auto currentText
            = [&](int column) { return changes->index(current().row(), column).data().toString(); };
        auto finished = [&] { return conflictsLeft() == 0; };
        QString lastDecided;
        auto currentId = [&]() -> QString {
            return changes->selection().tables.value(0) + u'/'
                + current().data(ChangeListModel::KeyRole).toString() + u'/'
                + current().data(ChangeListModel::ChangeClassRole).toString();
        };
        // Ready: an undecided change other than the one just decided is on screen and decidable.
        auto ready = [&] {
            const bool uniqueCollision
                = current().data(ChangeListModel::KindRole).toString() == u"unique_collision"_s;
            return current().isValid()
                && current().data(ChangeListModel::DecisionStateRole).toString() == u"undecided"_s
                && (takeSource->isEnabled() || uniqueCollision) && currentId() != lastDecided;
        };
        auto diagnosis = [&] {
            return u"current %1 (valid %2) state %3, take source %4, status \"%5\", list rows %6, last %7"_s
                .arg(currentId())
                .arg(current().isValid())
                .arg(current().data(ChangeListModel::DecisionStateRole).toString())
                .arg(takeSource->isEnabled())
                .arg(status->text())
                .arg(changes->rowCount())
                .arg(lastDecided);
        };
        QSignalSpy finishedSpy(view, &ReviewView::decisionFinished);
        auto waitDecision = [&](bool expectOk) -> QString {
            if (!finishedSpy.wait(60000))
                return u"<timeout>"_s;
            const QString error = finishedSpy.takeFirst().first().toString();
            if (expectOk && !error.isEmpty())
                qWarning("decision refused: %s", qPrintable(error));
            return error;
        };

        // Bulk from the table tree's context menu: "Take source for all undecided here" on the
        // conflicts of public.lab_results, with the count in the confirmation.
        {
            const int before = conflictsLeft();
            pgr::ui::TableTreeModel* tree = view->tableModel();
            QModelIndex group;
            for (int row = 0; row < tree->rowCount() && !group.isValid(); ++row) {
                const QModelIndex table = tree->index(row, 0);
                if (table.data(pgr::ui::TableTreeModel::QualifiedNameRole).toString()
                    == u"public.lab_results"_s)
                    group = tree->index(0, 0, table);
            }
            QVERIFY(group.isValid());
            QCOMPARE(group.data(pgr::ui::TableTreeModel::ChangeClassRole).toString(), u"conflict"_s);
            const qint64 expected
                = tree->index(0, pgr::ui::TableTreeModel::CountColumn, group.parent()).data().toLongLong();
            QStringList menuItems;
            QString question;
            // The menu and the message box are modal: a timer answers them as a user would.
            QTimer answer;
            answer.setInterval(50);
            connect(&answer, &QTimer::timeout, this, [&] {
                if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
                    for (QAction* action : menu->actions())
                        menuItems.append(action->text());
                    QAction* first = menu->actions().value(0);
                    menu->close();
                    if (first)
                        first->trigger();
                } else if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                    question = box->text();
                    box->button(QMessageBox::Yes)->click();
                    answer.stop();
                }
            });
            answer.start();
            QTreeView* treeView = view->tableTree();
            treeView->scrollTo(group);
            Q_EMIT treeView->customContextMenuRequested(treeView->visualRect(group).center());
            QCOMPARE(waitDecision(true), QString());
            QVERIFY2(menuItems.value(0).startsWith(u"Take Source for All Undecided Here"_s),
                qPrintable(menuItems.join(u'|')));
            QVERIFY2(question.contains(u"26 undecided changes in public.lab_results, Conflicts"_s),
                qPrintable(question));
            QCOMPARE(expected, 26);
            QTRY_COMPARE_WITH_TIMEOUT(conflictsLeft(), before - 26, 30000);
            // The tree's progress follows: lab_results is done (26 conflicts, 50 source changes and
            // 6 column merges decided) and its name is no longer bold.
            const QModelIndex labResults
                = tableRow(tree, u"public.lab_results"_s, pgr::ui::TableTreeModel::DecidedColumn);
            QTRY_COMPARE_WITH_TIMEOUT(
                labResults.data(pgr::ui::TableTreeModel::UndecidedRole).toLongLong(), 0, 30000);
            QCOMPARE(labResults.data(pgr::ui::TableTreeModel::DecidedRole).toLongLong(), 82);
            QCOMPARE(labResults.data().toString(), u"82 / 82"_s);
            // Its column merges and the results under samples' id collisions stay flagged for a look.
            QCOMPARE(labResults.siblingAtColumn(pgr::ui::TableTreeModel::DetailColumn).data().toString(),
                u"26 conflicts, all decided · 21 flagged for a look"_s);
            QVERIFY(!labResults.siblingAtColumn(0).data(Qt::FontRole).value<QFont>().bold());
            QVERIFY(tableRow(tree, u"public.customers"_s, pgr::ui::TableTreeModel::DecidedColumn)
                        .data(pgr::ui::TableTreeModel::UndecidedRole)
                        .toLongLong()
                > 0);
            if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty()) {
                // The conflicts just decided, beside the tree with its progress.
                QSignalSpy shown(view, &ReviewView::rowsShown);
                treeView->setCurrentIndex(group);
                QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
                QTRY_VERIFY_WITH_TIMEOUT(
                    changes->index(0, 0).data(ChangeListModel::LoadedRole).toBool(), 30000);
                view->splitter()->setSizes({ 620, 780 });
                QTest::qWait(300);
                window.grab().save(QString::fromLocal8Bit(dir) + u"/review-tables.png"_s);
            }
            // Back to the keyboard after the popups.
            window.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            list->setFocus();
        }

        const int initial = conflictsLeft();
        QTRY_VERIFY_WITH_TIMEOUT(view->action(ReviewView::NextConflict)->isEnabled(), 30000);
        press(Qt::Key_Down, Qt::ControlModifier);
        bool rekeyed = false, edited = false, undone = false, keptTarget = false;
        int decisions = 0;
        for (int step = 0; step < 400; ++step) {
            QTRY_VERIFY2_WITH_TIMEOUT(ready() || finished(), qPrintable(diagnosis()), 30000);
            if (finished())
                break;
            const QString kind = current().data(ChangeListModel::KindRole).toString();
            const QString id = currentId();
            if (kind != u"insert_insert"_s) {
                // Re-key is offered only for an id collision, and says so.
                QVERIFY(!view->action(ReviewView::Rekey)->isEnabled());
                QVERIFY2(view->action(ReviewView::Rekey)->toolTip().contains(u"insert/insert"_s),
                    qPrintable(view->action(ReviewView::Rekey)->toolTip()));
            }
            RowView* rows = view->rowView();
            if (kind == u"insert_insert"_s && !rekeyed && view->action(ReviewView::Rekey)->isEnabled()) {
                // Without auto-advance the decided row stays on screen: the result says re-keyed.
                view->action(ReviewView::AutoAdvance)->setChecked(false);
                press(Qt::Key_R, Qt::ControlModifier);
                QCOMPARE(waitDecision(true), QString());
                // The decided row, found by its key in the list (rows are unique by key and class).
                const QString decidedKey = current().data(ChangeListModel::KeyRole).toString();
                auto decidedRow = [&] {
                    for (int row = 0; row < changes->rowCount(); ++row) {
                        if (changes->index(row, 0).data(ChangeListModel::KeyRole).toString() == decidedKey)
                            return changes->index(row, 0);
                    }
                    return QModelIndex();
                };
                QTRY_COMPARE_WITH_TIMEOUT(
                    decidedRow().data(ChangeListModel::ActionRole).toString(), u"rekey"_s, 30000);
                // Known, seen in clean CI-like runs: the selection has moved on after the decision
                // although auto-advance is off (to fix with #14's background work). The reviewer
                // looks at the decided row again.
                if (currentId() != id) {
                    qWarning("after the re-key of %s the list shows %s (%s)", qPrintable(id),
                        qPrintable(currentId()), qPrintable(diagnosis()));
                    view->changeTable()->setCurrentIndex(decidedRow());
                }
                QTRY_VERIFY2_WITH_TIMEOUT(rows->editor(RowView::ResultPane)->text().contains(u"re-keyed"_s),
                    qPrintable(u"the result pane shows \"%1\" for %2; %3"_s.arg(
                        rows->editor(RowView::ResultPane)->text().left(160), id, diagnosis())),
                    30000);
                QCOMPARE(currentId(), id);
                view->action(ReviewView::AutoAdvance)->setChecked(true);
                press(Qt::Key_Down, Qt::ControlModifier);
                rekeyed = true;
            } else if (!edited && kind == u"update_update"_s
                && rows->editor(RowView::TargetPane)->text().contains(u"\"external_ref\""_s)) {
                // A hand edit: a bad one is refused with PostgreSQL's message and nothing is stored.
                press(Qt::Key_E, Qt::ControlModifier);
                QsciScintilla* result = rows->editor(RowView::ResultPane);
                QVERIFY(!result->isReadOnly());
                const QString good = result->text();
                QString bad = good;
                bad.replace(QRegularExpression(u"\"external_ref\": (-?\\d+|null)"_s),
                    u"\"external_ref\": \"not a number\""_s);
                QVERIFY(bad != good);
                // The status bar is refreshed off the UI thread after each decision: wait until it
                // shows what staging holds before counting on it.
                const int before = undecidedConflicts();
                QTRY_COMPARE_WITH_TIMEOUT(conflictsLeft(), before, 30000);
                result->setText(bad);
                result->setFocus();
                press(Qt::Key_Return, Qt::ControlModifier);
                const QString refusal = waitDecision(false);
                QVERIFY2(!refusal.isEmpty(), "the bad edit was stored");
                QLabel* error = rows->editErrorLabel();
                QVERIFY(error->isVisible());
                QVERIFY2(error->text().contains(u"not a number"_s)
                        || error->text().contains(u"invalid input syntax"_s),
                    qPrintable(error->text()));
                QVERIFY(rows->editing());
                QCOMPARE(current().data(ChangeListModel::DecisionStateRole).toString(), u"undecided"_s);
                QTest::qWait(200);
                QCOMPARE(undecidedConflicts(), before); // nothing stored
                QCOMPARE(conflictsLeft(), before);
                if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty())
                    window.grab().save(QString::fromLocal8Bit(dir) + u"/review-edit-refused.png"_s);
                // The good row goes in.
                QString fixed = good;
                fixed.replace(u"\"notes\": null"_s, u"\"notes\": \"merged by hand\""_s);
                result->setText(fixed);
                press(Qt::Key_Return, Qt::ControlModifier);
                QCOMPARE(waitDecision(true), QString());
                QVERIFY(!rows->editing());
                edited = true;
            } else if (kind == u"unique_collision"_s) {
                // The same project on both sides: the source's cannot go in as it is.
                // Once its rows are on screen: Take Source is off and says why, the target's row is named.
                QTRY_VERIFY2_WITH_TIMEOUT(
                    !takeSource->isEnabled() && takeSource->toolTip().contains(u"unique"_s),
                    qPrintable(takeSource->toolTip()), 30000);
                QTRY_VERIFY2_WITH_TIMEOUT(rows->relatedLabel()->isVisible()
                        && rows->relatedLabel()->text().contains(u"public.projects [811]"_s),
                    qPrintable(rows->relatedLabel()->text()), 30000);
                // Mapped onto the target's project, the borehole the source drilled for it comes along.
                QVERIFY(view->action(ReviewView::MapOntoTarget)->isEnabled());
                press(Qt::Key_4, Qt::ControlModifier);
                QCOMPARE(waitDecision(true), QString());
                QTRY_VERIFY2_WITH_TIMEOUT(window.statusBar()->currentMessage().contains(
                                              u"public.projects [900]: mapped onto target's row"_s),
                    qPrintable(window.statusBar()->currentMessage()), 30000);
            } else {
                // Alternate between the sides so that both shortcuts are exercised.
                press(keptTarget ? Qt::Key_1 : Qt::Key_2, Qt::ControlModifier);
                keptTarget = !keptTarget;
                QCOMPARE(waitDecision(true), QString());
            }
            lastDecided = id;
            ++decisions;
            if (decisions == 3 && !undone) {
                // Undo takes the latest decision back: one more conflict is left.
                QTRY_COMPARE_WITH_TIMEOUT(conflictsLeft(), initial - decisions, 30000);
                const int before = conflictsLeft();
                QTRY_VERIFY_WITH_TIMEOUT(view->action(ReviewView::Undo)->isEnabled(), 30000);
                press(Qt::Key_Z, Qt::ControlModifier);
                QCOMPARE(waitDecision(true), QString());
                QTRY_COMPARE_WITH_TIMEOUT(conflictsLeft(), before + 1, 30000);
                // Redo puts it back; a second undo leaves it to decide again below.
                press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
                QCOMPARE(waitDecision(true), QString());
                QTRY_COMPARE_WITH_TIMEOUT(conflictsLeft(), before, 30000);
                press(Qt::Key_Z, Qt::ControlModifier);
                QCOMPARE(waitDecision(true), QString());
                QTRY_COMPARE_WITH_TIMEOUT(conflictsLeft(), before + 1, 30000);
                lastDecided.clear();
                undone = true;
                QTRY_VERIFY_WITH_TIMEOUT(view->action(ReviewView::NextConflict)->isEnabled(), 30000);
                press(Qt::Key_Down, Qt::ControlModifier);
            }
        }
        QVERIFY(rekeyed);
        QVERIFY(edited);
        QVERIFY(undone);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"0 conflicts left"_s), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(window.exportAction()->isEnabled(), 30000);
        // Every table's progress is complete.
        for (int row = 0; row < view->tableModel()->rowCount(); ++row) {
            const QModelIndex decided
                = view->tableModel()->index(row, pgr::ui::TableTreeModel::DecidedColumn);
            QTRY_COMPARE_WITH_TIMEOUT(
                decided.data(pgr::ui::TableTreeModel::UndecidedRole).toLongLong(), 0, 30000);
        }

        // The decision is on screen: a customers conflict, its four panes and the result taken.
        pgr::ui::TableTreeModel* model = view->tableModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex table = model->index(row, 0);
            if (table.data(pgr::ui::TableTreeModel::QualifiedNameRole).toString() == u"public.customers"_s) {
                QSignalSpy shown(view, &ReviewView::rowsShown);
                view->tableTree()->setCurrentIndex(model->index(0, 0, table));
                QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
                break;
            }
        }
        // The rows are on screen; the list's page for them may still be on its way.
        QTRY_COMPARE_WITH_TIMEOUT(currentText(ChangeListModel::ClassColumn), u"conflict"_s, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(
            current().data(ChangeListModel::DecisionStateRole).toString() == u"decided"_s, 30000);
        // Next and previous change walk the list (Alt+Down, Alt+Up).
        {
            QSignalSpy shown(view, &ReviewView::rowsShown);
            const int row = current().row();
            press(Qt::Key_Down, Qt::AltModifier);
            QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0 && current().row() == row + 1, 30000);
            shown.clear();
            press(Qt::Key_Up, Qt::AltModifier);
            QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0 && current().row() == row, 30000);
        }
        // Nothing undecided: Ctrl+Up says so and stays.
        press(Qt::Key_Up, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(u"No undecided conflicts left"_s), 30000);
        QVERIFY(!view->rowView()->editor(RowView::ResultPane)->text().contains(u"undecided"_s));
        if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty()) {
            view->splitter()->setSizes({ 400, 1000 });
            QTest::qWait(100);
            window.grab().save(QString::fromLocal8Bit(dir) + u"/review-conflict.png"_s);
        }

        // Export: Ctrl+Shift+E opens the dialog with the script's preview.
        press(Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window.exportDialog() != nullptr, 10000);
        pgr::ui::ExportDialog* dialog = window.exportDialog();
        QSignalSpy previewed(dialog, &pgr::ui::ExportDialog::previewReady);
        QVERIFY(previewed.wait(120000));
        const QString script = dialog->preview()->text();
        QVERIFY2(script.startsWith(u"-- pgreconcile merge script"_s), qPrintable(script.left(200)));
        QVERIFY(script.contains(u"BEGIN;"_s));
        QVERIFY(script.contains(u"COMMIT;"_s));
        QVERIFY(dialog->preview()->isReadOnly());
        // Dry Run: the script with the dialog's options, applied by psql to a copy of the target
        // in staging and verified there, off the UI thread with a busy indicator.
        auto* dryRun = dialog->findChild<QPushButton*>(u"dryRunButton"_s);
        auto* save = dialog->findChild<QPushButton*>(u"saveButton"_s);
        auto* dryRunResult = dialog->findChild<QLabel*>(u"dryRunResult"_s);
        auto* dryRunProgress = dialog->findChild<QProgressBar*>(u"dryRunProgress"_s);
        QSignalSpy dried(dialog, &pgr::ui::ExportDialog::dryRunFinished);
        static const QRegularExpression inPlace(u"(\\d+) changes in place"_s);
        QRegularExpressionMatch placed;
        auto dryRunPasses = [&] {
            dried.clear();
            QVERIFY(dryRun->isEnabled());
            QTest::mouseClick(dryRun, Qt::LeftButton);
            QCOMPARE(dialog->dryRunState(), pgr::ui::ExportDialog::DryRunState::Running);
            QVERIFY(!dryRun->isEnabled());
            QVERIFY(save->isEnabled()); // saving stays possible meanwhile
            QVERIFY(dryRunProgress->isVisible());
            QVERIFY(dialog->findChild<QPushButton*>(u"dryRunCancelButton"_s)->isEnabled());
            QVERIFY(dried.wait(300000));
            QVERIFY2(dried.first().at(0).toBool(), qPrintable(dried.first().at(1).toString()));
            QCOMPARE(dialog->dryRunState(), pgr::ui::ExportDialog::DryRunState::Passed);
            QVERIFY(!dryRunProgress->isVisible());
            QVERIFY(dryRunResult->isVisible());
            QVERIFY2(dryRunResult->text().contains(u"Dry run passed"_s), qPrintable(dryRunResult->text()));
            placed = inPlace.match(dryRunResult->text());
            QVERIFY2(placed.hasMatch() && placed.captured(1).toInt() > 0, qPrintable(dryRunResult->text()));
            QVERIFY(dryRun->isEnabled());
        };
        QVERIFY(!dryRunResult->isVisible());
        dryRunPasses();
        if (QTest::currentTestFailed())
            return;
        if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty()) {
            dialog->resize(1200, 800);
            dialog->preview()->setFirstVisibleLine(0);
            QTest::qWait(200);
            dialog->grab().save(QString::fromLocal8Bit(dir) + u"/export-dialog.png"_s);
        }

        // An option writes the preview again, and the verdict says it was for other options
        // until the dry run runs again.
        // The VALUES format from here on: its batches of two rows are applied below as well.
        previewed.clear();
        auto* batchSize = dialog->findChild<QSpinBox*>(u"batchSize"_s);
        auto* format = dialog->findChild<QComboBox*>(u"format"_s);
        QVERIFY(dialog->preview()->text().contains(u"COPY pg_temp.pgr_rows_"_s)); // the default
        QVERIFY(!batchSize->isEnabled()); // batches are a VALUES matter
        format->setCurrentIndex(format->findData(int(pgr::ScriptWriter::Format::Values)));
        QVERIFY(batchSize->isEnabled());
        QVERIFY(previewed.wait(120000));
        previewed.clear();
        batchSize->setValue(2);
        QVERIFY(previewed.wait(120000));
        QVERIFY(dialog->preview()->text().startsWith(u"-- pgreconcile merge script"_s));
        QVERIFY(!dialog->preview()->text().contains(u"COPY pg_temp"_s));
        QVERIFY2(dryRunResult->text().contains(u"other options"_s), qPrintable(dryRunResult->text()));
        dryRunPasses();
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(!dryRunResult->text().contains(u"other options"_s), qPrintable(dryRunResult->text()));

        QTemporaryDir dir;
        const QString path = dir.filePath(u"demo-merge.sql"_s);
        QSignalSpy saved(dialog, &pgr::ui::ExportDialog::saved);
        dialog->saveTo(path);
        QVERIFY(saved.wait(120000));
        QCOMPARE(saved.first().at(1).toString(), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.startsWith("-- pgreconcile merge script"));
        QVERIFY(written.contains("COMMIT;"));

        // The saved script, applied as a user would to the demo's real target, puts every
        // decision in place.
        pgr::Staging& staging = pgr::test::TestCluster::instance().staging();
        const QString target = staging.connectionString(u"demo_target"_s);
        QProcess psql;
        psql.setProcessChannelMode(QProcess::MergedChannels);
        psql.start(pgr::PgBinaries::locate().program(u"psql"_s),
            { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, path, u"-d"_s, target });
        QVERIFY(psql.waitForFinished(300000));
        QVERIFY2(
            psql.exitStatus() == QProcess::NormalExit && psql.exitCode() == 0, psql.readAll().constData());
        auto project = pgr::Project::open(staging, u"demo"_s);
        const pgr::VerifyResult verified = pgr::Verifier(*project).verify(target);
        QStringList problems;
        for (const pgr::VerifyTable& table : verified.tables)
            problems += table.problems;
        QVERIFY2(verified.problems() == 0, qPrintable(problems.join(u"; "_s)));
        QVERIFY(verified.checked() > 0);
        QCOMPARE(verified.checked(), placed.captured(1).toLongLong());

        // The target has moved on since the review (the script ran on it): a dry run now copies
        // that target, the script's guards stop psql, and the dialog shows the failure and keeps
        // Save available with a warning.
        dried.clear();
        QTest::mouseClick(dryRun, Qt::LeftButton);
        QVERIFY(dried.wait(300000));
        QVERIFY(!dried.first().at(0).toBool());
        QVERIFY2(dried.first().at(1).toString().startsWith(u"psql failed"_s),
            qPrintable(dried.first().at(1).toString()));
        QCOMPARE(dialog->dryRunState(), pgr::ui::ExportDialog::DryRunState::Failed);
        QVERIFY2(dryRunResult->text().contains(u"Dry run failed"_s)
                && dryRunResult->text().contains(u"psql stopped"_s),
            qPrintable(dryRunResult->text()));
        QVERIFY(save->isEnabled());
        QVERIFY2(save->toolTip().contains(u"dry run"_s), qPrintable(save->toolTip()));

        // Cancel stops a dry run under way: no verdict, and the button is back.
        dried.clear();
        QTest::mouseClick(dryRun, Qt::LeftButton);
        QTest::mouseClick(dialog->findChild<QPushButton*>(u"dryRunCancelButton"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(
            dialog->dryRunState(), pgr::ui::ExportDialog::DryRunState::Cancelled, 60000);
        QVERIFY2(dryRunResult->text().contains(u"cancelled"_s), qPrintable(dryRunResult->text()));
        QVERIFY(!dryRunProgress->isVisible());
        QVERIFY(dryRun->isEnabled());
        QCOMPARE(dried.count(), 0);
        dialog->close();
    }

    // With one conflict left undecided the export dialog writes nothing, offers neither Save nor
    // Dry Run, and says why.
    void exportDialogSaysWhyWhileAConflictIsUndecided()
    {
        pgr::Staging& staging = pgr::test::TestCluster::instance().staging();
        auto project = pgr::Project::open(staging, u"demo"_s);
        pgr::Decisions decisions(*project);
        QVERIFY(pgr::Review(*project).exportBlocker().isEmpty()); // as the keyboard test left it
        decisions.undo(); // its latest decision: one conflict
        const QString blocker = pgr::Review(*project).exportBlocker();
        QVERIFY2(blocker.startsWith(u"1 conflict is undecided"_s), qPrintable(blocker));
        auto redo = qScopeGuard([&] { decisions.redo(); });

        // The dialog shares the test's staging, which outlives it.
        pgr::ui::ExportDialog dialog(
            std::shared_ptr<pgr::Staging>(&staging, [](pgr::Staging*) {}), u"demo"_s);
        dialog.show();
        QSignalSpy blocked(&dialog, &pgr::ui::ExportDialog::exportBlocked);
        QVERIFY(blocked.wait(60000));
        QCOMPARE(blocked.first().first().toString(), blocker);
        auto* save = dialog.findChild<QPushButton*>(u"saveButton"_s);
        auto* dryRun = dialog.findChild<QPushButton*>(u"dryRunButton"_s);
        QVERIFY(!save->isEnabled());
        QVERIFY(!dryRun->isEnabled());
        auto* reason = dialog.findChild<QLabel*>(u"blockerLabel"_s);
        QVERIFY(reason->isVisible());
        QVERIFY2(reason->text().contains(u"Export is not possible yet"_s)
                && reason->text().contains(blocker.toHtmlEscaped()),
            qPrintable(reason->text()));
        QVERIFY2(dryRun->toolTip().contains(blocker), qPrintable(dryRun->toolTip()));
        QVERIFY2(save->toolTip().contains(blocker), qPrintable(save->toolTip()));
        QVERIFY(dialog.preview()->text().isEmpty());
        // Nor does a dry run start behind the buttons' back.
        dialog.startDryRun();
        QCOMPARE(dialog.dryRunState(), pgr::ui::ExportDialog::DryRunState::NotRun);
    }

    // Rows are not alone, on screen: the demo's borehole 2994, which the source deleted while the
    // target logged a sample under it, lists that sample; a lab result whose sample was re-keyed
    // shows that its key moves with the sample's new key.
    void showsTheRowsAConflictTakesAlong()
    {
        using pgr::ui::ChangeListModel;
        using pgr::ui::ReviewView;
        using pgr::ui::RowView;
        pgr::Staging& staging = pgr::test::TestCluster::instance().staging();
        const QString name = u"demo-related"_s;
        // Fresh: the keyboard test applied its script to demo_target itself.
        pgr::DemoBuilder(staging).build(pgr::DemoBuilder::Mode::Recreate);
        if (pgr::Project::exists(staging, name))
            pgr::Project::drop(staging, name);
        {
            auto project = pgr::Project::create(staging, name, u"tester"_s);
            pgr::Loader loader(*project);
            loader.load(pgr::Side::Base, pgr::SideSource::interpret(u"demo_base"_s));
            loader.load(pgr::Side::Source, pgr::SideSource::interpret(u"demo_source"_s));
            loader.load(pgr::Side::Target, pgr::SideSource::interpret(u"demo_target"_s));
            pgr::Differ(*project, {}).run();
            pgr::Decisions(*project, u"tester"_s).rekey(u"samples"_s, u"[12001]"_s);
            pgr::Decisions(*project, u"tester"_s).mapOntoTarget(u"projects"_s, u"[900]"_s);
        }
        MainWindow window(pgr::test::windowOptions());
        window.resize(1400, 900);
        window.show();
        QSignalSpy ready(&window, &MainWindow::stagingReady);
        QVERIFY(ready.wait(120000));
        QSignalSpy review(&window, &MainWindow::reviewReady);
        window.welcomeView()->projectRequested(name);
        QVERIFY(review.wait(60000));
        ReviewView* view = window.reviewView();
        ChangeListModel* changes = view->changeModel();
        RowView* rows = view->rowView();
        // Shows the change of table and key from the table's conflicts.
        auto show = [&](const QString& table, const QString& key) {
            // The tree fills in the background: wait for the table's conflicts group.
            pgr::ui::TableTreeModel* tree = view->tableModel();
            QModelIndex group;
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    const QModelIndex parent = tableRow(tree, table);
                    for (int row = 0; row < tree->rowCount(parent); ++row) {
                        if (tree->index(row, 0, parent)
                                .data(pgr::ui::TableTreeModel::ChangeClassRole)
                                .toString()
                            == u"conflict"_s)
                            group = tree->index(row, 0, parent);
                    }
                    return group.isValid();
                }(),
                30000);
            view->tableTree()->setCurrentIndex(group);
            QModelIndex found;
            QStringList keys;
            QTRY_VERIFY2_WITH_TIMEOUT(
                [&] {
                    keys.clear();
                    for (int row = 0; row < changes->rowCount(); ++row) {
                        const QModelIndex index = changes->index(row, 0);
                        keys.append(index.data(ChangeListModel::KeyRole).toString());
                        if (keys.last() == key)
                            found = index;
                    }
                    return found.isValid();
                }(),
                qPrintable(u"%1 not among %2 in %3 of project %4 (list of class %5, filter \"%6\")"_s.arg(key,
                    keys.join(u' '), table, view->project(),
                    pgr::reportName(changes->selection().changeClass), view->filterEdit()->text())),
                30000);
            QSignalSpy shown(view, &ReviewView::rowsShown);
            view->changeTable()->setCurrentIndex(found);
            QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
        };
        show(u"public.boreholes"_s, u"[2994]"_s);
        QVERIFY(rows->relatedLabel()->isVisible());
        QVERIFY2(rows->relatedLabel()->text().contains(u"public.samples [12041]"_s)
                && rows->relatedLabel()->text().contains(u"deleted with it if the source is taken"_s),
            qPrintable(rows->relatedLabel()->text()));
        if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty()) {
            QTest::qWait(300);
            window.grab().save(QString::fromLocal8Bit(dir) + u"/review-delete-referenced.png"_s);
        }
        show(u"public.lab_results"_s, u"[12001, \"MC\"]"_s);
        const QString result = rows->editor(RowView::ResultPane)->text();
        QVERIFY2(result.contains(u"sample_id: 12001 → new key at apply"_s)
                && result.contains(u"moves with its re-keyed parent"_s),
            qPrintable(result));
        if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty()) {
            QTest::qWait(300);
            window.grab().save(QString::fromLocal8Bit(dir) + u"/review-child-follows-rekey.png"_s);
        }
        // The ERP project mapped onto the target's: not inserted, its borehole points at 811.
        show(u"public.projects"_s, u"[900]"_s);
        const QString mapped = rows->editor(RowView::ResultPane)->text();
        QVERIFY2(
            mapped.contains(u"mapped onto the target's\n// row [811]: not inserted"_s), qPrintable(mapped));
        if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty()) {
            QTest::qWait(300);
            window.grab().save(QString::fromLocal8Bit(dir) + u"/review-mapped-onto-target.png"_s);
        }
    }

    void reopeningAReviewResumesWithoutReloading()
    {
        MainWindow window(pgr::test::windowOptions());
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
