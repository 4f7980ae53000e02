// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "differ.h"

#include <QWidget>

#include <memory>

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
// right, and a progress bar with Cancel while loading or diffing runs.
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

Q_SIGNALS:
    void cancelRequested();
    // The rows of the current change are on screen.
    void rowsShown();

private:
    void showTable(const QModelIndex& index);
    void reloadChanges();
    void showCurrentChange();

    std::shared_ptr<Staging> m_staging;
    QString m_project;
    int m_tableId = 0;
    QString m_changeClass;
    quint64 m_rowRequest = 0;
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
