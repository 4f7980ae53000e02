// SPDX-License-Identifier: GPL-3.0-or-later
#include "changequery.h"

#include "pgconnection.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// $1 table, $2 class or NULL, $3 text or NULL. The text search looks at the key and at the
// source and target rows of the change (their text form), so "acme" finds a customer by name.
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
    // Keyed tables: the row on a side is the one whose key, as JSON, equals the change's key.
    const PgResult key = project.exec(u"SELECT to_json(key_columns) FROM pgreconcile.table_diffs WHERE table_id = $1"_s,
        { filter.tableId });
    QString sideMatch;
    if (key.rowCount() == 1 && !key.isNull(0, 0)) {
        QStringList columns;
        for (const auto& column : QJsonDocument::fromJson(key.utf8(0, 0)).array())
            columns.append(u"x."_s + project.quoteName(column.toString()));
        const QString rowKey = u"jsonb_build_array("_s + columns.join(u", "_s) + u')';
        for (const auto& side : { u"source"_s, u"target"_s }) {
            sideMatch += u" OR EXISTS (SELECT 1 FROM %1.%2 x WHERE %3 = c.key AND x::text ILIKE '%' || $3 || '%')"_s.arg(
                project.quoteName(side), name, rowKey);
        }
    }
    return where + u" AND (c.key::text ILIKE '%' || $3 || '%'"_s + sideMatch + u')';
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

// $1, $2 and, with a text filter, $3.
QList<SqlParam> filterParams(const ChangeFilter& filter)
{
    QList<SqlParam> params
        = { filter.tableId, filter.changeClass.isEmpty() ? SqlParam(std::nullopt) : SqlParam(filter.changeClass) };
    if (!filter.text.isEmpty())
        params.append(filter.text);
    return params;
}

} // namespace

qint64 ChangeQuery::count(PgConnection& project, const ChangeFilter& filter)
{
    const QString sql = u"SELECT count(*) FROM pgreconcile.changes c WHERE "_s + whereClause(project, filter);
    return project.exec(sql, filterParams(filter)).toInt64(0, 0);
}

QList<ChangeRow> ChangeQuery::page(PgConnection& project, const ChangeFilter& filter, qint64 offset, int limit,
    const ChangeRow* after)
{
    QString sql = u"SELECT c.key::text, c.change_class, coalesce(c.kind, ''), to_json(c.source_columns), "
                  "to_json(c.target_columns), c.occurrences FROM pgreconcile.changes c WHERE "_s
        + whereClause(project, filter);
    QList<SqlParam> params = filterParams(filter);
    const int next = int(params.size()) + 1; // the first parameter number after the filter's
    if (after) {
        // (key, class): a keyless table's row value can be a change of two classes.
        sql += u" AND (c.key, c.change_class) > ($%1::jsonb, $%2) ORDER BY c.key, c.change_class LIMIT $%3"_s.arg(next).arg(next + 1).arg(next + 2);
        params.append(after->key);
        params.append(after->changeClass);
    } else {
        sql += u" ORDER BY c.key, c.change_class OFFSET $%1 LIMIT $%2"_s.arg(next).arg(next + 1);
        params.append(offset);
    }
    params.append(limit);
    const PgResult result = project.exec(sql, params);
    QList<ChangeRow> rows;
    rows.reserve(result.rowCount());
    for (int row = 0; row < result.rowCount(); ++row) {
        rows.append({ result.text(row, 0), result.text(row, 1), result.text(row, 2), textArray(result, row, 3),
            textArray(result, row, 4), int(result.toInt64(row, 5)) });
    }
    return rows;
}

} // namespace pgr
