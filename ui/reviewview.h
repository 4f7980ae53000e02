// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "changequery.h"
#include "decisions.h"
#include "differ.h"
#include "rowfetcher.h"

#include <QHash>
#include <QWidget>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableView;
class QTimer;
class QTreeView;

namespace pgr {
class Staging;
}

namespace pgr::ui {

class ChangeListModel;
class RowView;
class TableTreeModel;

// The review of one project: the table tree on the left, the selected table's details on the
// right, and a progress bar with Cancel while loading or diffing runs. It owns the decision
// actions (the window puts them in its Decide menu and toolbar): each decision runs off the UI
// thread, then the list, the rows and the review's counts are read again.
class ReviewView final : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewView(QWidget* parent = nullptr);

    void setProject(std::shared_ptr<Staging> staging, const QString& name);
    void setResults(const QList<TableDiffResult>& results);
    void showProgress(int permille, const QString& text);
    void hideProgress();
    TableTreeModel* tableModel() const { return m_model; }
    QTreeView* tableTree() const { return m_tree; }
    ChangeListModel* changeModel() const { return m_changes; }
    QTableView* changeTable() const { return m_changeTable; }
    RowView* rowView() const { return m_rowView; }
    QLineEdit* filterEdit() const { return m_filter; }
    QSplitter* splitter() const { return m_splitter; }
    const QString& project() const { return m_project; }
    const std::shared_ptr<Staging>& staging() const { return m_staging; }

    enum ActionId
    {
        TakeSource,
        KeepTarget,
        AcceptMerge,
        Rekey,
        MapOntoTarget,
        EditRow,
        ApplyEdit,
        CancelEdit,
        NextChange,
        PreviousChange,
        NextConflict,
        PreviousConflict,
        Undo,
        Redo,
        AutoAdvance,
        ActionCount
    };
    QAction* action(ActionId id) const { return m_actions[id]; }
    // Reads the review's counts again and emits reviewStateChanged.
    void refreshState();

Q_SIGNALS:
    void cancelRequested();
    // The rows of the current change are on screen.
    void rowsShown();
    // A passing message for the status bar.
    void statusMessage(const QString& text);
    // "12 decided / 40 total, 3 conflicts left"; blocker: why the project cannot export (or empty).
    void reviewStateChanged(const QString& summary, const QString& exportBlocker);
    // A decision, bulk decision, undo or redo finished (error empty) or was refused.
    void decisionFinished(const QString& error);

protected:
    void changeEvent(QEvent* event) override;

private:
    void createActions();
    void updateActions();
    void showTable(const QModelIndex& index);
    void reloadChanges();
    void showCurrentChange();
    QString tableName(int tableId) const;
    int decisionColumnWidth() const;
    // The change whose rows are on screen, when it is still the list's current one.
    std::optional<ChangeRow> shownChange() const;
    void decide(Action action);
    void beginEdit();
    void applyEdit();
    void cancelEdit();
    void undoRedo(bool redo);
    // Runs a decision off the UI thread; then refreshes and, when advance and auto-advance are on,
    // moves to the next undecided conflict.
    void runDecision(const QString& what, std::function<DecisionOutcome(Decisions&)> work, bool advance,
        std::function<void(const QString&)> refused = {});
    void moveChange(int delta);
    void goToUndecided(bool forward);
    void goToChange(const ChangeId& change);
    void selectRow(qint64 row);
    // The selection's changes in the states of its scope (undecided only, unless it overwrites).
    void bulkDecide(const Selection& selection, Action action, const QString& where);
    void showBulkMenu(const QPoint& globalPos, const Selection& selection, const QString& where);
    void checkRekey(int tableId);

    std::shared_ptr<Staging> m_staging;
    QString m_project;
    int m_tableId = 0;
    std::optional<ChangeClass> m_changeClass; // empty: the whole table
    quint64 m_rowRequest = 0;
    quint64 m_navRequest = 0;
    quint64 m_stateRequest = 0;
    qint64 m_pendingRow = -1; // a row to select once the list's count is known
    bool m_listReady = false;
    bool m_busy = false; // a decision is under way
    std::optional<ChangeRow> m_shown;
    int m_shownTableId = 0;
    ChangeRows m_shownRows;
    QHash<int, QString> m_rekeyWhyNot; // table → why its collisions cannot be re-keyed ("" : they can)
    QAction* m_actions[ActionCount] = {};
    ChangeListModel* m_changes = nullptr;
    QTableView* m_changeTable = nullptr;
    QLineEdit* m_filter = nullptr;
    QTimer* m_filterDelay = nullptr;
    RowView* m_rowView = nullptr;
    QSplitter* m_rightSplitter = nullptr;
    QList<TableDiffResult> m_results;
    TableTreeModel* m_model = nullptr;
    QTreeView* m_tree = nullptr;
    QSplitter* m_splitter = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_details = nullptr;
    QWidget* m_progressBox = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressText = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace pgr::ui
