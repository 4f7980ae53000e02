// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "changequery.h"
#include "review.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QThread>
#include <memory>

namespace pgr {
class Staging;
}

namespace pgr::ui {

class ChangeFetcher;

// The changes of one table (and group), however many: the count comes first from a background
// query, rows arrive in pages of kPageSize from a worker thread with its own connection, and
// at most kMaxPages pages stay cached (the least recently used go). data() answers "loading…"
// for a row not cached yet and asks for its page. Memory follows what is on screen. Each page
// comes with its flags (Review::flagsAmong): a flagged change shows a flag whose tooltip says why.
class ChangeListModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        KeyColumn,
        FlagColumn, // a flag when the change is flagged for a look
        DecisionColumn,
        ClassColumn,
        KindColumn,
        SourceColumnsColumn,
        TargetColumnsColumn,
        ColumnCount
    };
    enum Roles
    {
        KeyRole = Qt::UserRole + 1, // the change's key as JSON text
        ChangeClassRole,
        LoadedRole, // false while the row's page is on its way
        // The roles of the vocabulary hold its report names (reportName), e.g. "conflict".
        DecisionStateRole, // none, default, decided, undecided
        ActionRole, // the action in force, e.g. take_source; empty while undecided
        KindRole,
        FlagRole, // why the change is flagged for a look (translated), empty when it is not
    };
    static constexpr int kPageSize = 200;
    static constexpr int kMaxPages = 40;

    explicit ChangeListModel(QObject* parent = nullptr);
    ~ChangeListModel() override;

    // Shows another list; results of the previous one still under way are dropped.
    void setSource(std::shared_ptr<Staging> staging, const QString& project, const Selection& selection);
    void clear();
    // Reads the cached pages again (after a decision) without resetting the list: the rows stay
    // on screen and the selection stays where it is.
    void refresh();
    const Selection& selection() const { return m_selection; }
    int cachedPages() const { return int(m_pages.size()); }
    // The change at row, when its page is cached.
    const ChangeRow* change(int row) const;
    // The flag of the change at row, when its page is cached and the change is flagged.
    const Flag* flag(int row) const;
    // Why a change is flagged, in a sentence, as the list's tooltip and the row view say it.
    static QString flagText(const Flag& flag);

    // "take source", "merged row (default)", "undecided", … as the list shows them.
    static QString actionText(std::optional<Action> action);
    static QString decisionText(const ChangeRow& row);

    int rowCount(const QModelIndex& parent = {}) const final;
    int columnCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

Q_SIGNALS:
    void countKnown(qint64 count);
    void failed(const QString& error);
    // A page arrived (tests and the view wait for it).
    void pageLoaded(int page);

private:
    friend class ChangeFetcher;
    void requestPage(int page) const;
    void onCount(quint64 generation, qint64 count, const QString& error);
    struct Page
    {
        QList<ChangeRow> rows;
        QHash<QString, Flag> flags; // by flagKey()
    };
    static QString flagKey(const QString& key, const QString& changeClass);
    void onPage(quint64 generation, int page, const Page& rows, const QString& error);

    std::unique_ptr<QThread> m_thread;
    ChangeFetcher* m_fetcher = nullptr; // lives in m_thread
    Selection m_selection;
    quint64 m_generation = 0;
    int m_rowCount = 0;
    QHash<int, Page> m_pages;
    mutable QList<int> m_recent; // pages, most recently used last
    mutable QSet<int> m_requested;
    // Pages that were on their way when a refresh came: read, perhaps, before the change that
    // asked for it (a decision just committed), so asked again as they arrive.
    QSet<int> m_outdated;
};

} // namespace pgr::ui
