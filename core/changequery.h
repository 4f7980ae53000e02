// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decisions.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pgr {

class PgConnection;

// One stored change as lists show it.
struct ChangeRow
{
    QString key; // JSON text of the key, e.g. [42] or ["a", 7]; the whole row for keyless tables
    QString changeClass;
    QString kind;
    QStringList sourceColumns;
    QStringList targetColumns;
    int occurrences = 1;
    // From pgreconcile.review: none, default, decided or undecided; the action in force
    // (take_source, keep_target, edit, merge, rekey; empty while undecided or for none); the
    // stored row of an edit or merge decision (jsonb_pretty), else empty.
    QString state;
    QString action;
    QString editedRow;
};

// Which changes a list shows: one table, optionally one class, optionally a text filter.
struct ChangeFilter
{
    int tableId = 0;
    QString changeClass; // empty: every class
    // Empty: no text filter. "column = value": that column's value on the source or target row
    // (when the table has such a column); anything else: text in the key or either row.
    QString text;
};

// Reads stored changes page by page, in key order. Pages are read by key after the previous
// page where it is known (constant time however deep), by offset otherwise.
class ChangeQuery
{
public:
    static qint64 count(PgConnection& project, const ChangeFilter& filter);
    // Rows [offset, offset + limit). after: row offset - 1 when known (then read by key: faster).
    static QList<ChangeRow> page(PgConnection& project, const ChangeFilter& filter, qint64 offset, int limit,
        const ChangeRow* after = nullptr);
    // The row number of a change in the list of filter, or -1 when the list does not hold it.
    static qint64 position(PgConnection& project, const ChangeFilter& filter, const QString& key,
        const QString& changeClass);
    // The undecided change just before the given one (none: the last), in the order of
    // Review::nextUndecided (schema, table, key, class); nullopt when nothing is undecided before.
    static std::optional<ChangeId> previousUndecided(PgConnection& project, const std::optional<ChangeId>& before);
};

} // namespace pgr
