// SPDX-License-Identifier: GPL-3.0-or-later
#include "changequery.h"

#include "pgconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// "column = value" in the filter box, when the table has that column: the column's value (its
// text) on the source or the target row. Anything else is free text.
struct ColumnMatch
{
    QString column;
    QString value;
};

std::optional<ColumnMatch> columnMatch(PgConnection& project, const ChangeFilter& filter)
{
    static const QRegularExpression form(u"^\\s*([^=]+?)\\s*=\\s*(.*?)\\s*$"_s);
    const QRegularExpressionMatch match = form.match(filter.text);
    if (!match.hasMatch())
        return std::nullopt;
    const QString column = match.captured(1);
    const bool known = project.exec(u"SELECT 1 FROM pgreconcile.columns WHERE table_id = $1 AND column_name = $2 LIMIT 1"_s,
                                  { filter.tableId, column })
                           .rowCount()
        == 1;
    if (!known)
        return std::nullopt;
    return ColumnMatch { column, match.captured(2) };
}

// $1 table, $2 class or NULL, $3 text or NULL. The text search looks at the key and at the
// source and target rows of the change (their text form), so "acme" finds a customer by name;
// "status = shipped" finds the changes whose source or target row has that status.
QString whereClause(PgConnection& project, const ChangeFilter& filter)
{
    QString where = u"c.table_id = $1 AND ($2::text IS NULL OR c.change_class = $2)"_s;
    if (filter.text.isEmpty())
        return where;
    const PgResult staged = project.exec(u"SELECT staged_name FROM pgreconcile.tables WHERE table_id = $1"_s,
        { filter.tableId });
    if (staged.rowCount() == 0)
        return where;
    const QString name = project.quoteName(staged.text(0, 0));
    const std::optional<ColumnMatch> byColumn = columnMatch(project, filter);
    // Keyed tables: the row on a side is the one whose key, as JSON, equals the change's key.
    const PgResult key = project.exec(u"SELECT to_json(key_columns) FROM pgreconcile.table_diffs WHERE table_id = $1"_s,
        { filter.tableId });
    if (key.rowCount() != 1 || key.isNull(0, 0)) {
        // Keyless: the change's key is the row itself.
        if (byColumn)
            return where + u" AND c.key ->> %1 = $3"_s.arg(project.quoteLiteral(byColumn->column));
        return where + u" AND c.key::text ILIKE '%' || $3 || '%'"_s;
    }
    QStringList columns;
    for (const auto& column : QJsonDocument::fromJson(key.utf8(0, 0)).array())
        columns.append(u"x."_s + project.quoteName(column.toString()));
    const QString rowKey = u"jsonb_build_array("_s + columns.join(u", "_s) + u')';
    const QString test = byColumn ? u"x.%1::text = $3"_s.arg(project.quoteName(byColumn->column))
                                  : u"x::text ILIKE '%' || $3 || '%'"_s;
    QStringList sides;
    if (!byColumn)
        sides.append(u"c.key::text ILIKE '%' || $3 || '%'"_s);
    for (const auto& side : { u"source"_s, u"target"_s })
        sides.append(u"EXISTS (SELECT 1 FROM %1.%2 x WHERE %3 = c.key AND %4)"_s.arg(project.quoteName(side), name, rowKey, test));
    return where + u" AND ("_s + sides.join(u" OR "_s) + u')';
}

QStringList textArray(const PgResult& result, int row, int column)
{
    QStringList list;
    if (result.isNull(row, column))
        return list;
    for (const auto& value : QJsonDocument::fromJson(result.utf8(row, column)).array())
        list.append(value.toString());
    return list;
}

// $1, $2 and, with a text filter, $3 (the text, or the value of "column = value").
QList<SqlParam> filterParams(PgConnection& project, const ChangeFilter& filter)
{
    QList<SqlParam> params
        = { filter.tableId, filter.changeClass.isEmpty() ? SqlParam(std::nullopt) : SqlParam(filter.changeClass) };
    if (!filter.text.isEmpty()) {
        const std::optional<ColumnMatch> byColumn = columnMatch(project, filter);
        params.append(byColumn ? byColumn->value : filter.text);
    }
    return params;
}

} // namespace

qint64 ChangeQuery::count(PgConnection& project, const ChangeFilter& filter)
{
    const QString sql = u"SELECT count(*) FROM pgreconcile.changes c WHERE "_s + whereClause(project, filter);
    return project.exec(sql, filterParams(project, filter)).toInt64(0, 0);
}

QList<ChangeRow> ChangeQuery::page(PgConnection& project, const ChangeFilter& filter, qint64 offset, int limit,
    const ChangeRow* after)
{
    // The page is chosen from the changes alone; only its rows then look up their decision in
    // force (the latest not undone, as pgreconcile.current_decisions says) through
    // decisions_by_change, so neither a deep OFFSET nor the view's ranking of every decision of
    // the project costs a lookup per skipped row. State and action by the review's own functions.
    QString inner = u"SELECT c.* FROM pgreconcile.changes c WHERE "_s + whereClause(project, filter);
    QList<SqlParam> params = filterParams(project, filter);
    const int next = int(params.size()) + 1; // the first parameter number after the filter's
    if (after) {
        // (key, class): a keyless table's row value can be a change of two classes.
        inner += u" AND (c.key, c.change_class) > ($%1::jsonb, $%2) ORDER BY c.key, c.change_class LIMIT $%3"_s.arg(next).arg(next + 1).arg(next + 2);
        params.append(after->key);
        params.append(after->changeClass);
    } else {
        inner += u" ORDER BY c.key, c.change_class OFFSET $%1 LIMIT $%2"_s.arg(next).arg(next + 1);
        params.append(offset);
    }
    const QString sql = u"SELECT c.key::text, c.change_class, coalesce(c.kind, ''), to_json(c.source_columns), "
                        "to_json(c.target_columns), c.occurrences, "
                        "pgreconcile.decision_state(c.change_class, d.action), "
                        "coalesce(pgreconcile.effective_action(c.change_class, d.action), ''), "
                        "coalesce(jsonb_pretty(d.edited_row), '') FROM ("_s
        + inner
        + u") c LEFT JOIN LATERAL (SELECT x.action, x.edited_row FROM pgreconcile.decisions x "
          "WHERE x.table_id = c.table_id AND x.key = c.key AND x.change_class = c.change_class AND NOT x.undone "
          "ORDER BY x.decision_id DESC LIMIT 1) d ON true ORDER BY c.key, c.change_class"_s;
    params.append(limit);
    const PgResult result = project.exec(sql, params);
    QList<ChangeRow> rows;
    rows.reserve(result.rowCount());
    for (int row = 0; row < result.rowCount(); ++row) {
        rows.append({ result.text(row, 0), result.text(row, 1), result.text(row, 2), textArray(result, row, 3),
            textArray(result, row, 4), int(result.toInt64(row, 5)), result.text(row, 6), result.text(row, 7),
            result.text(row, 8) });
    }
    return rows;
}

qint64 ChangeQuery::position(
    PgConnection& project, const ChangeFilter& filter, const QString& key, const QString& changeClass)
{
    QList<SqlParam> params = filterParams(project, filter);
    const int next = int(params.size()) + 1;
    const QString sql = u"SELECT count(*) FILTER (WHERE (c.key, c.change_class) < ($%1::jsonb, $%2)), "
                        "coalesce(bool_or(c.key = $%1::jsonb AND c.change_class = $%2), false) "
                        "FROM pgreconcile.changes c WHERE "_s.arg(next).arg(next + 1)
        + whereClause(project, filter);
    params.append(key);
    params.append(changeClass);
    const PgResult result = project.exec(sql, params);
    return result.toBool(0, 1) ? result.toInt64(0, 0) : -1;
}

std::optional<ChangeId> ChangeQuery::previousUndecided(PgConnection& project, const std::optional<ChangeId>& before)
{
    QList<SqlParam> params { std::nullopt, std::nullopt, std::nullopt, std::nullopt };
    if (before) {
        const PgResult table = project.exec(
            u"SELECT schema_name, table_name FROM pgreconcile.tables WHERE table_id = $1"_s, { before->tableId });
        if (table.rowCount() == 1)
            params = { table.text(0, 0), table.text(0, 1), before->key, before->changeClass };
    }
    const PgResult rows = project.exec(
        u"SELECT r.table_id, t.schema_name || '.' || t.table_name, r.key::text, r.change_class, "
        "coalesce(r.kind, '') FROM pgreconcile.review r JOIN pgreconcile.tables t USING (table_id) "
        "WHERE r.state = 'undecided' AND ($1::text IS NULL OR (t.schema_name, t.table_name, r.key, "
        "r.change_class) < ($1, $2, $3::jsonb, $4)) "
        "ORDER BY t.schema_name DESC, t.table_name DESC, r.key DESC, r.change_class DESC LIMIT 1"_s,
        params);
    if (rows.rowCount() == 0)
        return std::nullopt;
    return ChangeId { int(rows.toInt64(0, 0)), rows.text(0, 1), rows.text(0, 2), rows.text(0, 3), rows.text(0, 4) };
}

} // namespace pgr
