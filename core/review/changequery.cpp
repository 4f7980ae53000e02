// SPDX-License-Identifier: GPL-3.0-or-later
#include "changequery.h"

#include "pgconnection.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

QStringList textArray(const PgResult& result, int row, int column)
{
    QStringList list;
    if (result.isNull(row, column))
        return list;
    for (const auto& value : QJsonDocument::fromJson(result.utf8(row, column)).array())
        list.append(value.toString());
    return list;
}

SelectionSql sqlOf(const ProjectTables& tables, const Selection& selection)
{
    return SelectionSql(selection, SelectionTable::read(tables, selection));
}

} // namespace

qint64 ChangeQuery::count(PgConnection& project, const ProjectTables& tables, const Selection& selection)
{
    const SelectionSql sql = sqlOf(tables, selection);
    return sql.exec(project, sql.count()).toInt64(0, 0);
}

QList<ChangeRow> ChangeQuery::page(PgConnection& project, const ProjectTables& tables,
    const Selection& selection, qint64 offset, int limit, const ChangeRow* after)
{
    const SelectionSql sql = sqlOf(tables, selection);
    const QList<SqlParam> params = after
        ? QList<SqlParam> { after->key, reportName(after->changeClass), limit }
        : QList<SqlParam> { offset, limit };
    const PgResult result = sql.exec(project, sql.page(after != nullptr), params);
    QList<ChangeRow> rows;
    rows.reserve(result.rowCount());
    for (int row = 0; row < result.rowCount(); ++row) {
        rows.append({ result.text(row, 0), storedValue<ChangeClass>(result.text(row, 1)),
            storedOptional<ChangeKind>(result.text(row, 2)), textArray(result, row, 3),
            textArray(result, row, 4), int(result.toInt64(row, 5)),
            storedValue<DecisionState>(result.text(row, 6)), storedOptional<Action>(result.text(row, 7)),
            result.text(row, 8) });
    }
    return rows;
}

qint64 ChangeQuery::position(PgConnection& project, const ProjectTables& tables, const Selection& selection,
    const QString& key, ChangeClass changeClass)
{
    const SelectionSql sql = sqlOf(tables, selection);
    const PgResult result = sql.exec(project, sql.position(), { key, reportName(changeClass) });
    return result.toBool(0, 1) ? result.toInt64(0, 0) : -1;
}

std::optional<ChangeId> ChangeQuery::previousUndecided(
    PgConnection& project, const std::optional<ChangeId>& before)
{
    QList<SqlParam> params { std::nullopt, std::nullopt, std::nullopt, std::nullopt };
    if (before) {
        const PgResult table
            = project.exec(u"SELECT schema_name, table_name FROM pgreconcile.tables WHERE table_id = $1"_s,
                { before->tableId });
        if (table.rowCount() == 1)
            params = { table.text(0, 0), table.text(0, 1), before->key, reportName(before->changeClass) };
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
    return ChangeId { int(rows.toInt64(0, 0)), rows.text(0, 1), rows.text(0, 2),
        storedValue<ChangeClass>(rows.text(0, 3)), storedOptional<ChangeKind>(rows.text(0, 4)) };
}

} // namespace pgr
