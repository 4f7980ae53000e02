// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "differ.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTreeView;

namespace pgr::ui {

class TableTreeModel;

// The review of one project: the table tree on the left, the selected table's details on the
// right, and a progress bar with Cancel while loading or diffing runs.
class ReviewView final : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewView(QWidget* parent = nullptr);

    void setProject(const QString& name);
    void setResults(const QList<TableDiffResult>& results);
    void showProgress(int permille, const QString& text);
    void hideProgress();
    TableTreeModel* tableModel() const { return m_model; }
    QTreeView* tableTree() const { return m_tree; }
    QSplitter* splitter() const { return m_splitter; }

Q_SIGNALS:
    void cancelRequested();

private:
    void showTable(const QModelIndex& index);

    QString m_project;
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
