// SPDX-License-Identifier: GPL-3.0-or-later
#include "tabletreemodel.h"

#include "theme.h"

#include <QApplication>
#include <QFont>
#include <QGuiApplication>
#include <QIcon>
#include <QJsonObject>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QStyle>

namespace pgr::ui {

namespace {

// Internal ids: 0 for table rows; table row + 1 for their group rows.
constexpr quintptr kTableRow = 0;

QString kindsText(
    const QMap<QString, qint64>& counts, ChangeClass changeClass, std::initializer_list<ChangeKind> kinds)
{
    QStringList parts;
    for (const ChangeKind kind : kinds) {
        const qint64 n = counts.value(reportName(changeClass) + u'/' + reportName(kind));
        if (n > 0)
            parts.append(QStringLiteral("%1 %2").arg(n).arg(reportName(kind).replace(u'_', u' ')));
    }
    return parts.join(QStringLiteral(", "));
}

// A small pie: the share of decided changes at a glance, full green once nothing is left. Its
// undecided part is a grey that sits quietly on the palette's Base, light or dark.
QIcon progressIcon(qint64 done, qint64 total)
{
    constexpr int kSteps = 16; // one icon per sixteenth and palette kind, made once
    static QHash<int, QIcon> icons;
    const bool dark = theme::isDark(QGuiApplication::palette());
    const int step = total <= 0 ? kSteps : int(done * kSteps / total);
    const int key = dark ? step + kSteps + 1 : step;
    if (const auto it = icons.constFind(key); it != icons.constEnd())
        return *it;
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor green(0x2e, 0xc2, 0x7e);
    const QRectF circle(4, 4, 24, 24);
    painter.setPen(Qt::NoPen);
    painter.setBrush(dark ? QColor(0x5e, 0x5c, 0x64) : QColor(0xde, 0xdd, 0xda));
    painter.drawEllipse(circle);
    painter.setBrush(green);
    // Qt's angles: sixteenths of a degree, counter-clockwise from 3 o'clock; start at 12, go clockwise.
    painter.drawPie(circle, 90 * 16, -step * 360 * 16 / kSteps);
    const QColor ring = dark ? QColor(0x9a, 0x99, 0x96) : QColor(0x77, 0x76, 0x7b);
    painter.setPen(QPen(step == kSteps ? green.darker(130) : ring, 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(circle);
    painter.end();
    return *icons.insert(key, QIcon(pixmap));
}

// "9 conflicts, 3 undecided" once the progress is known, else "9 conflicts".
QString conflictText(qint64 conflicts, const TableReviewState* progress)
{
    const QString text = conflicts == 1 ? TableTreeModel::tr("1 conflict")
                                        : TableTreeModel::tr("%1 conflicts").arg(conflicts);
    if (!progress)
        return text;
    return progress->undecided == 0
        ? TableTreeModel::tr("%1, all decided").arg(text)
        : TableTreeModel::tr("%1, %2 undecided").arg(text, QString::number(progress->undecided));
}

} // namespace

TableTreeModel::TableTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

QList<TableTreeModel::Group> TableTreeModel::groupsOf(const TableDiffResult& result)
{
    const auto& c = result.counts;
    const auto rowKinds = { ChangeKind::Insert, ChangeKind::Update, ChangeKind::Delete };
    QList<Group> groups;
    auto add = [&](ChangeClass changeClass, const QString& title, const QString& detail) {
        if (const qint64 n = c.value(reportName(changeClass)); n > 0)
            groups.append({ changeClass, title, n, detail });
    };
    if (result.plan.threeWay) {
        add(ChangeClass::Conflict, tr("Conflicts"),
            kindsText(c, ChangeClass::Conflict,
                { ChangeKind::UpdateUpdate, ChangeKind::UpdateDelete, ChangeKind::DeleteUpdate,
                    ChangeKind::InsertInsert, ChangeKind::DeleteReferenced, ChangeKind::ParentMissing,
                    ChangeKind::UniqueCollision, ChangeKind::IdCollision }));
        add(ChangeClass::SourceOnly, tr("Source changes"), kindsText(c, ChangeClass::SourceOnly, rowKinds));
        add(ChangeClass::ColumnMerge, tr("Column merges"), tr("both updated, different columns"));
        add(ChangeClass::SameChange, tr("Same change"), kindsText(c, ChangeClass::SameChange, rowKinds));
        add(ChangeClass::TargetOnly, tr("Target only"), kindsText(c, ChangeClass::TargetOnly, rowKinds));
    } else {
        add(ChangeClass::OnlyInSource, tr("Only in source"), {});
        add(ChangeClass::OnlyInTarget, tr("Only in target"), {});
        add(ChangeClass::Differs, tr("Differs"), {});
    }
    return groups;
}

void TableTreeModel::setResults(const QList<TableDiffResult>& results)
{
    beginResetModel();
    m_tables.clear();
    m_progress.clear();
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

void TableTreeModel::setProgress(const QList<TableReviewState>& tables)
{
    m_progress.clear();
    for (const TableReviewState& table : tables)
        m_progress.insert(table.tableId, table);
    if (m_tables.isEmpty())
        return;
    // The name's weight and the details follow what is left to decide too.
    Q_EMIT dataChanged(index(0, NameColumn), index(int(m_tables.size()) - 1, ColumnCount - 1));
}

QVariant TableTreeModel::progressData(const Table& table, int role) const
{
    const auto it = m_progress.constFind(table.result.plan.tableId);
    if (it == m_progress.constEnd()) {
        if (role == Qt::DisplayRole)
            return tr("…");
        if (role == Qt::ToolTipRole)
            return tr("Counting the decisions…");
        return {};
    }
    const TableReviewState& state = *it;
    const qint64 done = state.decided + state.byDefault;
    const qint64 toDecide = done + state.undecided;
    switch (role) {
    case DecidedRole:
        return done;
    case UndecidedRole:
        return state.undecided;
    case Qt::DisplayRole:
        return toDecide == 0 ? tr("—")
                             : tr("%1 / %2").arg(QLocale().toString(done), QLocale().toString(toDecide));
    case Qt::DecorationRole:
        return toDecide == 0 ? QVariant() : QVariant(progressIcon(done, toDecide));
    case Qt::TextAlignmentRole:
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole: {
        QStringList lines;
        lines.append(toDecide == 0
                ? tr("%1: nothing to decide").arg(state.table)
                : tr("%1: %2 of %3 changes decided")
                      .arg(state.table, QLocale().toString(done), QLocale().toString(toDecide)));
        if (state.decided > 0)
            lines.append(tr("%1 by the reviewer").arg(state.decided));
        if (state.byDefault > 0)
            lines.append(tr("%1 by default (source changes, column merges)").arg(state.byDefault));
        if (state.undecided > 0)
            lines.append(tr("%1 undecided").arg(state.undecided));
        if (state.noDecision > 0)
            lines.append(tr("%1 with nothing to decide (target only, same change)").arg(state.noDecision));
        if (state.flagged > 0)
            lines.append(tr("%1 flagged for a look").arg(state.flagged));
        return lines.join(QLatin1Char('\n'));
    }
    default:
        return {};
    }
}

qint64 TableTreeModel::flagged(const Table& table) const
{
    const auto progress = m_progress.constFind(table.result.plan.tableId);
    return progress == m_progress.constEnd() ? 0 : progress->flagged;
}

// "9 conflicts, 3 undecided · 6 flagged for a look · <notes>": what to look at first.
QString TableTreeModel::detailText(const Table& table) const
{
    QStringList parts;
    const qint64 conflicts = table.result.counts.value(reportName(ChangeClass::Conflict));
    const auto progress = m_progress.constFind(table.result.plan.tableId);
    if (conflicts > 0)
        parts.append(conflictText(conflicts, progress == m_progress.constEnd() ? nullptr : &*progress));
    if (const qint64 flags = flagged(table); flags > 0)
        parts.append(tr("%1 flagged for a look").arg(flags));
    if (!table.notes.isEmpty())
        parts.append(table.notes);
    return parts.join(QStringLiteral(" · "));
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

int TableTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

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
        return isTable ? QString() : reportName(table.groups.at(index.row()).changeClass);
    if (isTable) {
        const qint64 conflicts = table.result.counts.value(reportName(ChangeClass::Conflict));
        if (index.column() == DecidedColumn || role == DecidedRole || role == UndecidedRole)
            return progressData(table, role);
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == NameColumn)
                return plan.qualifiedName();
            if (index.column() == CountColumn)
                return table.result.changes;
            if (index.column() == DetailColumn)
                return detailText(table);
            return {};
        case Qt::ToolTipRole:
            return tr("%1: %2 changes; key %3")
                .arg(plan.qualifiedName(), QString::number(table.result.changes),
                    plan.keyless() ? tr("none (multiset)") : plan.key.join(QStringLiteral(", ")));
        case Qt::FontRole:
            if (index.column() == NameColumn) {
                // Bold while something is left to decide (before the count arrives: any conflict).
                const auto progress = m_progress.constFind(plan.tableId);
                QFont bold;
                bold.setBold(progress != m_progress.constEnd() ? progress->undecided > 0 : conflicts > 0);
                return bold;
            }
            return {};
        case Qt::DecorationRole:
            if (index.column() == DetailColumn)
                return flagged(table) > 0 ? QVariant(theme::flagIcon()) : QVariant();
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
        if (index.column() == DetailColumn)
            return group.detail;
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == CountColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant TableTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == DecidedColumn)
        return tr("Changes decided (by the reviewer or by default) / changes that need a decision");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Table");
    case CountColumn:
        return tr("Changes");
    case DecidedColumn:
        return tr("Decided");
    case DetailColumn:
        return tr("Details");
    default:
        return {};
    }
}

} // namespace pgr::ui
