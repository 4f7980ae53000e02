// SPDX-License-Identifier: GPL-3.0-or-later
#include "tabletreemodel.h"

#include <QApplication>
#include <QFont>
#include <QJsonObject>
#include <QPalette>
#include <QStyle>

namespace pgr::ui {

namespace {

// Internal ids: 0 for table rows; table row + 1 for their group rows.
constexpr quintptr kTableRow = 0;

QString kindsText(const QMap<QString, qint64>& counts, const QString& changeClass, const QStringList& kinds)
{
    QStringList parts;
    for (const QString& kind : kinds) {
        const qint64 n = counts.value(changeClass + u'/' + kind);
        if (n > 0)
            parts.append(QStringLiteral("%1 %2").arg(n).arg(QString(kind).replace(u'_', u' ')));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

TableTreeModel::TableTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

QList<TableTreeModel::Group> TableTreeModel::groupsOf(const TableDiffResult& result)
{
    const auto& c = result.counts;
    const QStringList rowKinds = { QStringLiteral("insert"), QStringLiteral("update"), QStringLiteral("delete") };
    QList<Group> groups;
    auto add = [&](const QString& changeClass, const QString& title, const QString& detail) {
        if (c.value(changeClass) > 0)
            groups.append({ changeClass, title, c.value(changeClass), detail });
    };
    if (result.plan.threeWay) {
        add(QStringLiteral("conflict"), tr("Conflicts"),
            kindsText(c, QStringLiteral("conflict"),
                { QStringLiteral("update_update"), QStringLiteral("update_delete"), QStringLiteral("delete_update"),
                    QStringLiteral("insert_insert") }));
        add(QStringLiteral("source_only"), tr("Source changes"), kindsText(c, QStringLiteral("source_only"), rowKinds));
        add(QStringLiteral("column_merge"), tr("Column merges"), tr("both updated, different columns"));
        add(QStringLiteral("same_change"), tr("Same change"), kindsText(c, QStringLiteral("same_change"), rowKinds));
        add(QStringLiteral("target_only"), tr("Target only"), kindsText(c, QStringLiteral("target_only"), rowKinds));
    } else {
        add(QStringLiteral("only_in_source"), tr("Only in source"), {});
        add(QStringLiteral("only_in_target"), tr("Only in target"), {});
        add(QStringLiteral("differs"), tr("Differs"), {});
    }
    return groups;
}

void TableTreeModel::setResults(const QList<TableDiffResult>& results)
{
    beginResetModel();
    m_tables.clear();
    for (const TableDiffResult& result : results) {
        Table table;
        table.result = result;
        table.groups = groupsOf(result);
        QStringList notes;
        if (!result.error.isEmpty())
            notes.append(tr("failed: %1").arg(result.error));
        if (!result.plan.skipReason.isEmpty())
            notes.append(tr("not compared: %1").arg(result.plan.skipReason));
        else if (result.plan.keyless())
            notes.append(tr("no key: compared as a multiset"));
        for (const auto& entry : result.plan.drift) {
            const QJsonObject drift = entry.toObject();
            if (drift.value(QStringLiteral("kind")).toString() != QStringLiteral("no_key"))
                notes.append(drift.value(QStringLiteral("column")).toString().isEmpty()
                        ? drift.value(QStringLiteral("detail")).toString()
                        : drift.value(QStringLiteral("column")).toString() + QStringLiteral(": ")
                            + drift.value(QStringLiteral("detail")).toString());
        }
        table.notes = notes.join(QStringLiteral("; "));
        m_tables.append(table);
    }
    endResetModel();
}

QModelIndex TableTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kTableRow);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex TableTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kTableRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kTableRow);
}

int TableTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_tables.size());
    if (parent.internalId() == kTableRow && parent.column() == 0)
        return int(m_tables.at(parent.row()).groups.size());
    return 0;
}

int TableTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant TableTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isTable = index.internalId() == kTableRow;
    const Table& table = m_tables.at(isTable ? index.row() : int(index.internalId() - 1));
    const TablePlan& plan = table.result.plan;
    if (role == TableIdRole)
        return plan.tableId;
    if (role == QualifiedNameRole)
        return plan.qualifiedName();
    if (role == ChangeClassRole)
        return isTable ? QString() : table.groups.at(index.row()).changeClass;
    if (isTable) {
        const qint64 conflicts = table.result.counts.value(QStringLiteral("conflict"));
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == NameColumn)
                return plan.qualifiedName();
            if (index.column() == CountColumn)
                return table.result.changes;
            return conflicts > 0 ? tr("%n conflict(s)", nullptr, int(conflicts)) + (table.notes.isEmpty() ? QString() : QStringLiteral(" · ") + table.notes)
                                 : table.notes;
        case Qt::ToolTipRole:
            return tr("%1: %2 changes; key %3")
                .arg(plan.qualifiedName(), QString::number(table.result.changes),
                    plan.keyless() ? tr("none (multiset)") : plan.key.join(QStringLiteral(", ")));
        case Qt::FontRole:
            if (index.column() == NameColumn) {
                QFont bold;
                bold.setBold(conflicts > 0);
                return bold;
            }
            return {};
        case Qt::DecorationRole:
            if (index.column() != NameColumn)
                return {};
            if (!table.result.error.isEmpty() || !plan.skipReason.isEmpty())
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
            if (!table.notes.isEmpty())
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            return {};
        case Qt::TextAlignmentRole:
            return index.column() == CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
        default:
            return {};
        }
    }
    const Group& group = table.groups.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return group.title;
        if (index.column() == CountColumn)
            return group.count;
        return group.detail;
    case Qt::TextAlignmentRole:
        return index.column() == CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant TableTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Table");
    case CountColumn:
        return tr("Changes");
    case DetailColumn:
        return tr("Details");
    default:
        return {};
    }
}

} // namespace pgr::ui
