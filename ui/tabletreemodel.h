// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "differ.h"
#include "review.h"

#include <QAbstractItemModel>
#include <QHash>

namespace pgr::ui {

// The review's tables (top level) and, under each, its groups of changes (Conflicts, Source
// changes, Column merges, Same change, Target only; in two-way reviews Only in source, Only in
// target, Differs), with counts, kinds, drift and no-key markers, and per table how far the
// review got ("12 / 15" decided). The progress comes from staging through setProgress (the view
// reads it off the UI thread after every decision); until then the column says so.
class TableTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        CountColumn,
        DecidedColumn,
        DetailColumn,
        ColumnCount
    };
    enum Roles
    {
        TableIdRole = Qt::UserRole + 1,
        ChangeClassRole, // empty on table rows
        QualifiedNameRole,
        // On table rows once the progress is known (else invalid): changes decided (by a person,
        // in bulk or by the class's default), and changes still undecided.
        DecidedRole,
        UndecidedRole,
    };

    explicit TableTreeModel(QObject* parent = nullptr);
    // Resets the model; the progress is unknown again until the next setProgress.
    void setResults(const QList<TableDiffResult>& results);
    // Per table, where the review stands (Review::state()). Rows keep their place and selection.
    void setProgress(const QList<TableReviewState>& tables);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const final;
    QModelIndex parent(const QModelIndex& child) const final;
    int rowCount(const QModelIndex& parent = {}) const final;
    int columnCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

private:
    struct Group
    {
        ChangeClass changeClass = ChangeClass::Conflict;
        QString title;
        qint64 count = 0;
        QString detail;
    };
    struct Table
    {
        TableDiffResult result;
        QList<Group> groups;
        QString notes;
    };
    static QList<Group> groupsOf(const TableDiffResult& result);
    QVariant progressData(const Table& table, int role) const;
    qint64 flagged(const Table& table) const; // 0 until the progress is known
    QString detailText(const Table& table) const;

    QList<Table> m_tables;
    QHash<int, TableReviewState> m_progress; // by table id
};

} // namespace pgr::ui
