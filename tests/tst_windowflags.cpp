// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 in the window: flagged changes show their flag and reason (list, rows, status bar,
// table tree), and the target's triggers a dry run reports are accepted by name in the export
// dialog and under Review > Triggers…, as pgreconcile-cli triggers does.
#include "changelistmodel.h"
#include "differ.h"
#include "exportdialog.h"
#include "mainwindow.h"
#include "review.h"
#include "reviewview.h"
#include "rowview.h"
#include "settings.h"
#include "sides.h"
#include "tabletreemodel.h"
#include "triggerspanel.h"
#include "welcomeview.h"
#include "windowsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <Qsci/qsciscintilla.h>

using namespace Qt::Literals::StringLiterals;
using pgr::ui::ChangeListModel;
using pgr::ui::MainWindow;
using pgr::ui::TableTreeModel;

namespace {

const QString kReviewer = u"Ann Reviewer"_s;

void saveScreenshot(QWidget* widget, const QString& name)
{
    if (const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS"); !dir.isEmpty()) {
        QTest::qWait(300); // let the last repaint land
        widget->grab().save(QString::fromLocal8Bit(dir) + u'/' + name);
    }
}

// The row of table (its group of changeClass when given) in the tree, once the tree has it.
QModelIndex treeRow(const TableTreeModel* model, const QString& table, const QString& changeClass = {})
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(TableTreeModel::QualifiedNameRole).toString() != table)
            continue;
        if (changeClass.isEmpty())
            return index;
        for (int group = 0; group < model->rowCount(index); ++group) {
            if (model->index(group, 0, index).data(TableTreeModel::ChangeClassRole).toString() == changeClass)
                return model->index(group, 0, index);
        }
    }
    return {};
}

// Opens project in window as the welcome page's list of recent reviews does.
bool openProject(MainWindow& window, const QString& project)
{
    QSignalSpy ready(&window, &MainWindow::stagingReady);
    if (!window.staging() && !ready.wait(120000))
        return false;
    QSignalSpy review(&window, &MainWindow::reviewReady);
    Q_EMIT window.welcomeView()->projectRequested(project);
    return review.wait(60000);
}

} // namespace

class TestWindowFlags : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(pgr::Settings::filePath());
        pgr::Settings().setReviewerName(kReviewer);
        pgr::test::TestCluster::instance();
    }

    // The page helper answers what flags() says, for the keys asked only.
    void flagsAmongAPageAgreeWithAllFlags()
    {
        auto project = flaggedSides().load();
        pgr::Differ(*project, {}).run();
        pgr::Review review(*project);
        QStringList all;
        for (const pgr::Flag& flag : review.flags())
            all.append(flag.change.table + u' ' + flag.change.key + u' ' + flag.reason);
        QCOMPARE(all.size(), 2);
        QStringList paged;
        pgr::PgConnection& db = project->connection();
        for (const QString& table : { u"public.item"_s, u"public.child"_s, u"public.parent"_s }) {
            for (const pgr::Flag& flag : pgr::Review::flagsAmong(
                     db, pgr::ProjectTables::read(db), table, { u"[1]"_s, u"[2]"_s, u"[10]"_s, u"[11]"_s }))
                paged.append(flag.change.table + u' ' + flag.change.key + u' ' + flag.reason);
        }
        all.sort();
        paged.sort();
        QCOMPARE(paged, all);
        // Only the keys asked: item [2] is a plain source change, child [11] is not a change.
        QVERIFY(pgr::Review::flagsAmong(db, pgr::ProjectTables::read(db), u"public.item"_s, { u"[2]"_s })
                    .isEmpty());
        QVERIFY(pgr::Review::flagsAmong(db, pgr::ProjectTables::read(db), u"public.child"_s, { u"[11]"_s })
                    .isEmpty());
        const QList<pgr::Flag> child
            = pgr::Review::flagsAmong(db, pgr::ProjectTables::read(db), u"public.child"_s, { u"[10]"_s });
        QCOMPARE(child.size(), 1);
        QCOMPARE(child.first().why, pgr::Flag::Why::ParentCollision);
        QCOMPARE(child.first().parentTable, u"public.parent"_s);
        QCOMPARE(child.first().parentKey, u"[2]"_s);
    }

    // A project whose load was killed half-way opens with a message saying what was interrupted
    // and what to run again; the schema the load had begun is gone.
    void aReviewWithInterruptedWorkSaysSoOnOpening()
    {
        auto project = flaggedSides().load();
        pgr::Differ(*project, {}).run();
        const QString name = project->name();
        // What a killed load leaves: its entry, whose session (and so its lock) is gone, and its
        // loading schema.
        pgr::PgConnection& db = project->connection();
        db.exec(u"CREATE SCHEMA source_loading; CREATE TABLE source_loading.t (a int)"_s);
        db.exec(u"INSERT INTO pgreconcile.work (kind, scope, what, redo, started_by, host, leftovers) VALUES "
                u"('load', "
                "'source', 'loading the source from shop.dump', 'Load the source again.', 'pgreconcile-cli "
                "(pid 1)', "
                "'elsewhere', '[{\"kind\": \"schema\", \"name\": \"source_loading\"}]')"_s);
        project.reset();

        MainWindow window(pgr::test::windowOptions());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openProject(window, name));
        auto* box = window.findChild<QMessageBox*>(u"interruptedWork"_s);
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY2(box->informativeText().contains(u"Interrupted: loading the source from shop.dump"_s),
            qPrintable(box->informativeText()));
        QVERIFY2(
            box->informativeText().contains(u"schema source_loading"_s), qPrintable(box->informativeText()));
        QVERIFY(box->informativeText().contains(u"Load the source again."_s));
        saveScreenshot(box, u"review-interrupted-work.png"_s);
        auto reopened = pgr::Project::open(pgr::test::TestCluster::instance().staging(), name);
        QCOMPARE(reopened->connection()
                     .exec(u"SELECT count(*) FROM pg_namespace WHERE nspname = 'source_loading'"_s)
                     .toInt64(0, 0),
            0);
        box->close();
    }

    // A column merge left to its default shows a flag in the list with its reason as tooltip,
    // the reason under the rows, and the count in the table tree and the status bar; accepting
    // the merge (Ctrl+3) takes the flag away.
    void aFlaggedColumnMergeShowsItsFlagAndReason()
    {
        auto project = flaggedSides().load();
        pgr::Differ(*project, {}).run();
        const QString name = project->name();
        project.reset();

        MainWindow window(pgr::test::windowOptions());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openProject(window, name));
        pgr::ui::ReviewView* view = window.reviewView();
        TableTreeModel* tree = view->tableModel();
        ChangeListModel* changes = view->changeModel();
        QAbstractItemModelTester tester(changes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        pgr::ui::RowView* rows = view->rowView();

        // The counts: one column merge and one child under a collision not re-keyed.
        QTRY_VERIFY2_WITH_TIMEOUT(window.reviewStatus()->text().contains(u"2 flagged for a look"_s),
            qPrintable(window.reviewStatus()->text()), 30000);
        const QModelIndex itemDetail
            = treeRow(tree, u"public.item"_s).siblingAtColumn(TableTreeModel::DetailColumn);
        QTRY_COMPARE_WITH_TIMEOUT(itemDetail.data().toString(), u"1 flagged for a look"_s, 30000);
        QVERIFY(!itemDetail.data(Qt::DecorationRole).isNull());

        // Click the item table's column merges, as a reviewer would.
        QTreeView* treeView = view->tableTree();
        const QModelIndex merges = treeRow(tree, u"public.item"_s, u"column_merge"_s);
        QVERIFY(merges.isValid());
        QSignalSpy shown(view, &pgr::ui::ReviewView::rowsShown);
        QTest::mouseClick(treeView->viewport(), Qt::LeftButton, {}, treeView->visualRect(merges).center());
        QTRY_VERIFY_WITH_TIMEOUT(
            changes->rowCount() == 1 && changes->index(0, 0).data(ChangeListModel::LoadedRole).toBool(),
            30000);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
        const QModelIndex flagCell = changes->index(0, ChangeListModel::FlagColumn);
        QVERIFY(!flagCell.data(Qt::DecorationRole).isNull());
        const QString reason = flagCell.data(ChangeListModel::FlagRole).toString();
        QVERIFY2(reason.contains(u"merged row by default, both sides changed different columns"_s),
            qPrintable(reason));
        QVERIFY2(flagCell.data(Qt::ToolTipRole).toString().contains(reason),
            qPrintable(flagCell.data(Qt::ToolTipRole).toString()));
        // rowsShown may be an earlier row's, shown as the table opened: wait for the merge's.
        QTRY_COMPARE_WITH_TIMEOUT(rows->flagLabel()->text(), reason, 30000);
        QVERIFY(rows->flagLabel()->isVisible());
        saveScreenshot(&window, u"review-flagged-change.png"_s);

        // The whole table: Down moves from the merge [1] to the plain source change [2], which
        // has no flag.
        const QModelIndex item = treeRow(tree, u"public.item"_s);
        QTest::mouseClick(treeView->viewport(), Qt::LeftButton, {}, treeView->visualRect(item).center());
        QTRY_VERIFY_WITH_TIMEOUT(
            changes->rowCount() == 2 && changes->index(1, 0).data(ChangeListModel::LoadedRole).toBool(),
            30000);
        QTableView* list = view->changeTable();
        QTRY_COMPARE_WITH_TIMEOUT(list->currentIndex().row(), 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(rows->flagLabel()->isVisible(), 30000);
        shown.clear();
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Down);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
        QCOMPARE(changes->index(1, ChangeListModel::KeyColumn).data().toString(), u"[2]"_s);
        QVERIFY(changes->index(1, ChangeListModel::FlagColumn).data(Qt::DecorationRole).isNull());
        QVERIFY(!rows->flagLabel()->isVisible());

        // Back up to the merge and accept it: decided by the reviewer, no longer flagged.
        shown.clear();
        QTest::keyClick(list, Qt::Key_Up);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0 && rows->flagLabel()->isVisible(), 30000);
        QSignalSpy decided(view, &pgr::ui::ReviewView::decisionFinished);
        QTest::keyClick(list, Qt::Key_3, Qt::ControlModifier);
        QVERIFY(decided.wait(30000));
        QCOMPARE(decided.first().first().toString(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(
            changes->index(0, ChangeListModel::FlagColumn).data(Qt::DecorationRole).isNull(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(window.reviewStatus()->text().contains(u"1 flagged for a look"_s), 30000);

        // The child carried over under the parent's id collision says which parent and why.
        const QModelIndex child = treeRow(tree, u"public.child"_s);
        QTest::mouseClick(treeView->viewport(), Qt::LeftButton, {}, treeView->visualRect(child).center());
        QTRY_VERIFY_WITH_TIMEOUT(changes->rowCount() == 1
                && changes->index(0, 0).data(ChangeListModel::LoadedRole).toBool()
                && changes->index(0, 0).data(ChangeListModel::KeyRole).toString() == u"[10]"_s,
            30000);
        const QString childReason
            = changes->index(0, ChangeListModel::FlagColumn).data(ChangeListModel::FlagRole).toString();
        QVERIFY2(childReason.contains(u"references public.parent [2] through child_parent_id_fkey"_s)
                && childReason.contains(u"not re-keyed"_s),
            qPrintable(childReason));
        QTRY_COMPARE_WITH_TIMEOUT(rows->flagLabel()->text(), childReason, 30000);
    }

    // The dry run of a script that fires the target's triggers fails naming them; accepting
    // them in the export dialog records the reviewer's name and runs the dry run again, which
    // passes. Review > Triggers… lists them as accepted and revokes one.
    void acceptingATriggerInTheExportDialogMakesTheDryRunPass()
    {
        pgr::test::Sides sides(u"wf_triggers"_s);
        sides.onAll(u"CREATE TABLE item (id int PRIMARY KEY, name text, version int NOT NULL DEFAULT 1);"
                    "CREATE TABLE audit (n serial PRIMARY KEY, item_id int, what text);"
                    "INSERT INTO item VALUES (1, 'a', 1), (2, 'b', 1);"_s);
        sides.onSource(u"UPDATE item SET name = 'a2' WHERE id = 1"_s);
        sides.onTarget(uR"(
            CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$;
            CREATE TRIGGER bump_version BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION bump();
            CREATE FUNCTION log_it() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO audit (item_id, what) VALUES (NEW.id, 'updated'); RETURN NULL; END $$;
            CREATE TRIGGER audit_item AFTER UPDATE ON item FOR EACH ROW EXECUTE FUNCTION log_it();)"_s);
        QString name;
        {
            auto project = sides.load();
            pgr::Differ(*project, {}).run();
            name = project->name();
        }

        MainWindow window(pgr::test::windowOptions());
        window.resize(1300, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openProject(window, name));
        QTRY_VERIFY_WITH_TIMEOUT(window.exportAction()->isEnabled(), 30000);
        // File > Export Merge Script… by its shortcut.
        QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window.exportDialog(), 10000);
        pgr::ui::ExportDialog* dialog = window.exportDialog();
        dialog->resize(1200, 860);
        auto* dryRun = dialog->findChild<QPushButton*>(u"dryRunButton"_s);
        QTRY_VERIFY_WITH_TIMEOUT(dryRun->isEnabled(), 60000);
        QSignalSpy finished(dialog, &pgr::ui::ExportDialog::dryRunFinished);
        QTest::mouseClick(dryRun, Qt::LeftButton);
        QVERIFY(finished.wait(180000));
        QCOMPARE(finished.first().first().toBool(), false);
        auto* verdict = dialog->findChild<QLabel*>(u"dryRunResult"_s);
        QVERIFY2(
            verdict->text().contains(
                u"these differences are the doing of public.item.audit_item, public.item.bump_version"_s),
            qPrintable(verdict->text()));

        // The triggers, each with what it changed.
        pgr::ui::TriggersPanel* panel = dialog->triggersPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible() && panel->list()->topLevelItemCount() == 2, 30000);
        QTreeWidget* triggers = panel->list();
        QCOMPARE(
            triggers->topLevelItem(0)->text(pgr::ui::TriggersPanel::NameColumn), u"public.item.audit_item"_s);
        QVERIFY2(triggers->topLevelItem(1)
                     ->text(pgr::ui::TriggersPanel::EffectsColumn)
                     .contains(u"[1] differs in: version"_s),
            qPrintable(triggers->topLevelItem(1)->text(pgr::ui::TriggersPanel::EffectsColumn)));
        QCOMPARE(triggers->topLevelItem(1)->text(pgr::ui::TriggersPanel::AcceptedColumn), u"not accepted"_s);
        QVERIFY(!panel->acceptButton()->isEnabled()); // nothing selected yet

        // Select both (click the first, Ctrl+A) and accept them.
        QTest::mouseClick(triggers->viewport(), Qt::LeftButton, {},
            triggers->visualItemRect(triggers->topLevelItem(0)).center());
        QTest::keyClick(triggers, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(triggers->selectedItems().size(), 2);
        QVERIFY(panel->acceptButton()->isEnabled());
        saveScreenshot(dialog, u"export-accept-trigger.png"_s);
        finished.clear();
        QTest::mouseClick(panel->acceptButton(), Qt::LeftButton);
        QVERIFY(finished.wait(180000)); // the dry run runs again by itself
        QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(dialog->dryRunState(), pgr::ui::ExportDialog::DryRunState::Passed);
        QVERIFY2(
            verdict->text().contains(
                u"the 2 other differences are all the doing of accepted triggers (public.item.audit_item, public.item.bump_version)"_s),
            qPrintable(verdict->text()));
        QTRY_COMPARE_WITH_TIMEOUT(triggers->topLevelItem(0)->text(pgr::ui::TriggersPanel::AcceptedColumn),
            u"accepted by %1"_s.arg(kReviewer), 30000);
        // Recorded in the project under the reviewer's name, and named in the script's header.
        auto project = pgr::Project::open(pgr::test::TestCluster::instance().staging(), name);
        const pgr::PgResult accepted = project->connection().exec(
            u"SELECT string_agg(name || ' by ' || accepted_by, ', ' ORDER BY name) FROM pgreconcile.accepted_triggers"_s);
        QCOMPARE(accepted.text(0, 0),
            u"public.item.audit_item by %1, public.item.bump_version by %1"_s.arg(kReviewer));
        QTRY_VERIFY_WITH_TIMEOUT(
            dialog->preview()->text().contains(u"public.item.audit_item, public.item.bump_version"_s), 30000);
        saveScreenshot(dialog, u"export-trigger-accepted.png"_s);
        dialog->close();

        // Review > Triggers… lists them, accepted; revoking one takes its acceptance back.
        QTRY_VERIFY_WITH_TIMEOUT(!window.exportDialog(), 10000);
        QVERIFY(window.triggersAction()->isEnabled());
        window.triggersAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.triggersDialog(), 10000);
        pgr::ui::TriggersPanel* listed = window.triggersDialog()->panel();
        QTRY_COMPARE_WITH_TIMEOUT(listed->list()->topLevelItemCount(), 2, 30000);
        QTreeWidget* list = listed->list();
        QCOMPARE(list->topLevelItem(1)->text(pgr::ui::TriggersPanel::AcceptedColumn),
            u"accepted by %1"_s.arg(kReviewer));
        QTest::mouseClick(
            list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->topLevelItem(1)).center());
        QVERIFY(!listed->acceptButton()->isEnabled());
        QVERIFY(listed->revokeButton()->isEnabled());
        QSignalSpy stored(listed, &pgr::ui::TriggersPanel::acceptanceChanged);
        QTest::mouseClick(listed->revokeButton(), Qt::LeftButton);
        QVERIFY(stored.wait(30000));
        QCOMPARE(stored.first().first().toString(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(
            list->topLevelItem(1)->text(pgr::ui::TriggersPanel::AcceptedColumn), u"not accepted"_s, 30000);
        QCOMPARE(project->connection()
                     .exec(u"SELECT string_agg(name, ', ') FROM pgreconcile.accepted_triggers"_s)
                     .text(0, 0),
            u"public.item.audit_item"_s);
        saveScreenshot(window.triggersDialog(), u"review-triggers.png"_s);
    }

private:
    // item [1]: a column merge (source renamed, target repriced); item [2]: a source change.
    // parent [2]: an id collision (both inserted 2); child [10]: the source's row under it,
    // carried over by default.
    static pgr::test::Sides flaggedSides()
    {
        pgr::test::Sides sides(u"wf_flags"_s);
        sides.onAll(u"CREATE TABLE item (id int PRIMARY KEY, name text, price int);"
                    "INSERT INTO item VALUES (1, 'anchor', 10), (2, 'bolt', 20);"
                    "CREATE TABLE parent (id serial PRIMARY KEY, name text);"
                    "CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent, note text);"
                    "INSERT INTO parent (name) VALUES ('one');"_s);
        sides.onSource(
            u"UPDATE item SET name = 'anchor, galvanised' WHERE id = 1; UPDATE item SET name = 'bolt M8' "
            u"WHERE id = 2;"
            "INSERT INTO parent (name) VALUES ('source two'); INSERT INTO child VALUES (10, 2, 'source')"_s);
        sides.onTarget(
            u"UPDATE item SET price = 12 WHERE id = 1; INSERT INTO parent (name) VALUES ('target two')"_s);
        return sides;
    }
};

QTEST_MAIN(TestWindowFlags)
#include "tst_windowflags.moc"
