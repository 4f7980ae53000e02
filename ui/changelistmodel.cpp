// SPDX-License-Identifier: GPL-3.0-or-later
#include "changelistmodel.h"

#include "error.h"
#include "project.h"
#include "review.h"
#include "staging.h"
#include "theme.h"

#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace pgr::ui {

namespace {

// A small filled dot: the decision state at a glance, in colours that read on light and dark.
QIcon dot(const QColor& fill, bool hollow = false)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(fill.darker(130), 3));
    painter.setBrush(hollow ? QBrush(Qt::NoBrush) : QBrush(fill));
    painter.drawEllipse(QRectF(5, 5, 22, 22));
    return QIcon(pixmap);
}

QIcon stateIcon(std::optional<DecisionState> state)
{
    static const QIcon undecided = dot(QColor(0xe0, 0x1b, 0x24));
    static const QIcon decided = dot(QColor(0x2e, 0xc2, 0x7e));
    static const QIcon byDefault = dot(QColor(0x2e, 0xc2, 0x7e), true);
    static const QIcon none = dot(QColor(0x9a, 0x99, 0x96), true);
    if (state == DecisionState::Undecided)
        return undecided;
    if (state == DecisionState::Decided)
        return decided;
    if (state == DecisionState::Default)
        return byDefault;
    return none;
}

} // namespace

QString ChangeListModel::actionText(std::optional<Action> action)
{
    if (!action)
        return {};
    switch (*action) {
    case Action::TakeSource:
        return tr("take source");
    case Action::KeepTarget:
        return tr("keep target");
    case Action::Edit:
        return tr("edited row");
    case Action::Merge:
        return tr("merged row");
    case Action::Rekey:
        return tr("re-key");
    case Action::MapOntoTarget:
        return tr("mapped onto target's row");
    }
    return reportName(*action);
}

QString ChangeListModel::decisionText(const ChangeRow& row)
{
    if (row.state == DecisionState::Undecided)
        return tr("undecided");
    if (row.state == DecisionState::None)
        return tr("nothing to decide");
    if (row.state == DecisionState::Default)
        return tr("%1 (default)").arg(actionText(row.action));
    return actionText(row.action);
}

QString ChangeListModel::flagText(const Flag& flag)
{
    if (flag.why == Flag::Why::ParentCollision)
        return tr(
            "Flagged for a look: it references %1 %2 through %3, an id collision that is not re-keyed: as it "
            "is, it would attach to the target's row of that key. Re-key the parent, or decide this row.")
            .arg(flag.parentTable, flag.parentKey, flag.foreignKey);
    return tr(
        "Flagged for a look: merged row by default, both sides changed different columns. Check the result; "
        "Accept Merge confirms it.");
}

QString ChangeListModel::flagKey(const QString& key, const QString& changeClass)
{
    return key + u'\n' + changeClass;
}

namespace {

// The page's flags, asked for its keys only: a list of millions never reads them all.
QHash<QString, Flag> flagsOf(PgConnection& connection, const ProjectTables& tables,
    const Selection& selection, const QList<ChangeRow>& rows)
{
    QStringList keys;
    for (const ChangeRow& row : rows)
        keys.append(row.key);
    keys.removeDuplicates();
    QHash<QString, Flag> flags;
    if (selection.tables.size() != 1)
        return flags;
    for (const Flag& flag : Review::flagsAmong(connection, tables, selection.tables.first(), keys))
        flags.insert(ChangeListModel::flagKey(flag.change.key, reportName(flag.change.changeClass)), flag);
    return flags;
}

} // namespace

ChangeListModel::ChangeListModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

ChangeListModel::~ChangeListModel() = default;

void ChangeListModel::clear()
{
    beginResetModel();
    m_jobs.dropAll(); // answers for a list no longer shown
    m_rowCount = 0;
    m_pages.clear();
    m_recent.clear();
    m_requested.clear();
    m_outdated.clear();
    endResetModel();
}

void ChangeListModel::refresh()
{
    m_outdated += m_requested;
    const QList<int> pages = m_pages.keys();
    for (int page : pages) {
        if (!m_requested.contains(page))
            requestPage(page);
    }
}

void ChangeListModel::setSource(
    std::shared_ptr<Staging> staging, const QString& project, const Selection& selection)
{
    clear();
    m_selection = selection;
    if (!m_connection || m_connection->project() != project || staging != m_staging) {
        m_staging = staging;
        m_connection = std::make_shared<ProjectConnection>(std::move(staging), project);
    }
    m_jobs.add(
        [connection = m_connection, selection](const JobControl&) {
            return connection->with([&](Project& opened) {
                return ChangeQuery::count(
                    opened.connection(), ProjectTables::read(opened.connection()), selection);
            });
        },
        [this](Outcome<qint64> outcome) { onCount(outcome); });
}

void ChangeListModel::onCount(const Outcome<qint64>& outcome)
{
    if (!outcome.value) {
        Q_EMIT failed(outcome.errorText());
        return;
    }
    const qint64 count = *outcome.value;
    beginResetModel();
    m_rowCount = int(std::min<qint64>(count, std::numeric_limits<int>::max()));
    endResetModel();
    Q_EMIT countKnown(count);
}

void ChangeListModel::requestPage(int page) const
{
    if (m_requested.contains(page))
        return;
    m_requested.insert(page);
    // After a cached page, read by key: constant time at any depth. Rows are unique by
    // (key, class), so a refreshed previous page still gives the right boundary.
    std::optional<ChangeRow> after;
    if (const auto previous = m_pages.constFind(page - 1);
        previous != m_pages.constEnd() && !previous->rows.isEmpty())
        after = previous->rows.last();
    auto* self = const_cast<ChangeListModel*>(this);
    m_jobs.add(
        [connection = m_connection, selection = m_selection, page, after](const JobControl&) {
            return connection->with([&](Project& opened) {
                const ProjectTables tables = ProjectTables::read(opened.connection());
                Page rows;
                rows.rows = ChangeQuery::page(opened.connection(), tables, selection,
                    qint64(page) * kPageSize, kPageSize, after ? &*after : nullptr);
                rows.flags = flagsOf(opened.connection(), tables, selection, rows.rows);
                return rows;
            });
        },
        [self, page](Outcome<Page> outcome) { self->onPage(page, outcome); });
}

void ChangeListModel::onPage(int page, const Outcome<Page>& outcome)
{
    m_requested.remove(page);
    if (!outcome.value) {
        Q_EMIT failed(outcome.errorText());
        return;
    }
    const Page& rows = *outcome.value;
    if (m_outdated.remove(page))
        requestPage(page); // shown meanwhile, replaced when the fresh read arrives
    m_pages.insert(page, rows);
    m_recent.removeAll(page);
    m_recent.append(page);
    while (m_pages.size() > kMaxPages) {
        m_pages.remove(m_recent.takeFirst());
    }
    const int first = page * kPageSize;
    const int last = std::min(m_rowCount, first + int(rows.rows.size())) - 1;
    if (last >= first)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    Q_EMIT pageLoaded(page);
}

const ChangeRow* ChangeListModel::change(int row) const
{
    const auto page = m_pages.constFind(row / kPageSize);
    if (page == m_pages.constEnd() || row % kPageSize >= page->rows.size())
        return nullptr;
    return &page->rows.at(row % kPageSize);
}

const Flag* ChangeListModel::flag(int row) const
{
    const ChangeRow* change = this->change(row);
    if (!change)
        return nullptr;
    const QHash<QString, Flag>& flags = m_pages.constFind(row / kPageSize)->flags;
    const auto it = flags.constFind(flagKey(change->key, reportName(change->changeClass)));
    return it == flags.constEnd() ? nullptr : &*it;
}

int ChangeListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_rowCount; }

int ChangeListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChangeListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ChangeRow* row = change(index.row());
    if (!row) {
        requestPage(index.row() / kPageSize);
        if (role == LoadedRole)
            return false;
        if (role == Qt::DisplayRole && index.column() == KeyColumn)
            return tr("loading…");
        return {};
    }
    const int page = index.row() / kPageSize;
    if (m_recent.isEmpty() || m_recent.last() != page) {
        m_recent.removeAll(page);
        m_recent.append(page);
    }
    switch (role) {
    case KeyRole:
        return row->key;
    case ChangeClassRole:
        return reportName(row->changeClass);
    case LoadedRole:
        return true;
    case DecisionStateRole:
        return reportName(row->state);
    case ActionRole:
        return reportName(row->action);
    case KindRole:
        return reportName(row->kind);
    case FlagRole: {
        const Flag* flag = this->flag(index.row());
        return flag ? flagText(*flag) : QString();
    }
    case Qt::AccessibleTextRole: {
        // The flag column shows only an icon: a screen reader reads the reason.
        const Flag* flag = index.column() == FlagColumn ? this->flag(index.row()) : nullptr;
        return flag ? QVariant(flagText(*flag)) : QVariant();
    }
    case Qt::DecorationRole:
        if (index.column() == FlagColumn)
            return flag(index.row()) ? QVariant(theme::flagIcon()) : QVariant();
        return index.column() == DecisionColumn ? QVariant(stateIcon(row->state)) : QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return row->occurrences > 1 ? tr("%1 (×%2)").arg(row->key).arg(row->occurrences) : row->key;
        case DecisionColumn:
            return decisionText(*row);
        case ClassColumn:
            return reportName(row->changeClass).replace(u'_', u' ');
        case KindColumn:
            return reportName(row->kind).replace(u'_', u' ');
        case SourceColumnsColumn:
            return row->sourceColumns.join(QStringLiteral(", "));
        case TargetColumnsColumn:
            return row->targetColumns.join(QStringLiteral(", "));
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        const QString tip
            = tr("%1 %2: key %3 — %4")
                  .arg(reportName(row->changeClass), reportName(row->kind), row->key, decisionText(*row));
        const Flag* flag = this->flag(index.row());
        return flag ? tip + u'\n' + flagText(*flag) : tip;
    }
    default:
        return {};
    }
}

QVariant ChangeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section == FlagColumn) {
        if (role == Qt::DecorationRole)
            return theme::flagIcon();
        if (role == Qt::ToolTipRole)
            return tr(
                "Flagged for a look: column merges left to their default, rows that would attach to an id "
                "collision not re-keyed");
    }
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case DecisionColumn:
        return tr("Decision");
    case ClassColumn:
        return tr("Class");
    case KindColumn:
        return tr("Kind");
    case SourceColumnsColumn:
        return tr("Source changed");
    case TargetColumnsColumn:
        return tr("Target changed");
    default:
        return {};
    }
}

} // namespace pgr::ui
