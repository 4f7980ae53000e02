// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decisions.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace pgr {

class PgConnection;
class Project;

// Where a review stands, per table: what is decided (by a person, in bulk, or by the class's
// default), what is undecided, and what is flagged for a look (column merges left to their
// default, carried-over rows whose parent is an id collision not re-keyed).
struct TableReviewState
{
    int tableId = 0;
    QString table; // schema.table
    qint64 decided = 0; // by a person or in bulk
    qint64 byDefault = 0; // source_only and column_merge left to their default
    qint64 undecided = 0;
    qint64 flagged = 0;
    qint64 noDecision = 0; // target_only and same_change: nothing to decide

    qint64 changes() const { return decided + byDefault + undecided + noDecision; }
};

struct ReviewState
{
    QList<TableReviewState> tables; // by schema and name
    TableReviewState total;
};

struct Approval
{
    qint64 id = 0;
    QString by;
    QDateTime at;
    QString note;
    QString checksum;
    QDateTime voidedAt;
    QString voidedReason;
    // Voided explicitly, or the decisions no longer match the checksum (e.g. after a re-diff).
    bool valid = false;
    QString whyInvalid;
};

// A change flagged for a look, and why. The window words the reason itself (translated) from
// why and the parent's names; reason is the English sentence the CLI prints.
struct Flag
{
    enum class Why
    {
        DefaultMerge, // a column_merge left to its default
        ParentCollision, // carried over, referencing an id collision not re-keyed
    };
    ChangeId change;
    QString reason;
    Why why = Why::DefaultMerge;
    QString parentTable; // ParentCollision: the parent's table, key and the foreign key between
    QString parentKey;
    QString foreignKey;
};

class Review
{
public:
    explicit Review(Project& project);

    ReviewState state();
    // The first undecided change after the given one, in a stable order (table, key, class).
    std::optional<ChangeId> nextUndecided(const std::optional<ChangeId>& after = std::nullopt);
    // Undecided changes in that order, at most limit.
    QList<ChangeId> undecided(int limit);
    QList<Flag> flags();
    // The flags among the given changes of one table (schema.table; keys as JSON text): what a
    // page of a list shows, asked per page, never by listing every flag.
    static QList<Flag> flagsAmong(
        PgConnection& db, const ProjectTables& tables, const QString& table, const QStringList& keys);
    // How many flags() would list, without listing them (a million column merges count fast).
    qint64 flaggedCount();
    // Why the project cannot export now ("12 conflicts are undecided: 4 in public.samples, …"),
    // or empty.
    QString exportBlocker();

    // md5 over every decision in force, defaults included, in a stable order.
    QString checksum();
    // The same over any connection to the project's database (one reading another's snapshot).
    static QString checksumOver(PgConnection& db);
    // Refused (pgr::Error) while anything is undecided. A new approval supersedes an older one.
    Approval approve(const QString& by, const QString& note = {});
    // currentChecksum: checksum() when the caller has it already (it reads every change).
    std::optional<Approval> approval(const QString& currentChecksum = {});

private:
    Project& m_project;
    PgConnection& m_db;
};

} // namespace pgr
