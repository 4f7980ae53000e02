// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decisions.h"
#include "selection.h"

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
    std::optional<ChangeClass> changeClass; // empty only in a row not read from the project
    std::optional<ChangeKind> kind;
    QStringList sourceColumns;
    QStringList targetColumns;
    int occurrences = 1;
    // From pgreconcile.review: its state; the action in force (empty while undecided or for
    // none); the stored row of an edit or merge decision (jsonb_pretty), else empty.
    std::optional<DecisionState> state;
    std::optional<Action> action;
    QString editedRow;
};

// Reads the changes of a selection of one table page by page, in key order, with the SQL of
// SelectionSql (the bulk decision's too). Pages are read by key after the previous page where it
// is known (constant time however deep), by offset otherwise. The list shows every state.
// tables: the project's tables as the request read them (ProjectTables::read), once.
class ChangeQuery
{
public:
    static qint64 count(PgConnection& project, const ProjectTables& tables, const Selection& selection);
    // Rows [offset, offset + limit). after: row offset - 1 when known (then read by key: faster).
    static QList<ChangeRow> page(PgConnection& project, const ProjectTables& tables,
        const Selection& selection, qint64 offset, int limit, const ChangeRow* after = nullptr);
    // The row number of a change in the list of filter, or -1 when the list does not hold it.
    static qint64 position(PgConnection& project, const ProjectTables& tables, const Selection& selection,
        const QString& key, ChangeClass changeClass);
    // The undecided change just before the given one (none: the last), in the order of
    // Review::nextUndecided (schema, table, key, class); nullopt when nothing is undecided before.
    static std::optional<ChangeId> previousUndecided(
        PgConnection& project, const std::optional<ChangeId>& before);
};

} // namespace pgr
