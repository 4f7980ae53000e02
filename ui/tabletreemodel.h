// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "differ.h"

#include <QAbstractItemModel>

namespace pgr::ui {

// The review's tables (top level) and, under each, its groups of changes (Conflicts, Source
// changes, Column merges, Same change, Target only; in two-way reviews Only in source, Only in
// target, Differs), with counts, kinds, drift and no-key markers.
class TableTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        CountColumn,
        DetailColumn,
        ColumnCount
    };
    enum Roles
    {
        TableIdRole = Qt::UserRole + 1,
        ChangeClassRole, // empty on table rows
        QualifiedNameRole,
    };

    explicit TableTreeModel(QObject* parent = nullptr);
    void setResults(const QList<TableDiffResult>& results);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const final;
    QModelIndex parent(const QModelIndex& child) const final;
    int rowCount(const QModelIndex& parent = {}) const final;
    int columnCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

private:
    struct Group
    {
        QString changeClass;
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

    QList<Table> m_tables;
};

} // namespace pgr::ui
