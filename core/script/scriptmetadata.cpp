// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptmetadata.h"

#include "decisions.h"
#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

namespace {

void readColumns(PgConnection& db, Table& table)
{
    const PgResult columns = db.exec(
        u"SELECT c.column_name, c.type_name, c.identity, coalesce(c.sequence_name, ''), "
        "EXISTS (SELECT 1 FROM pgreconcile.columns s WHERE s.table_id = c.table_id AND s.side = 'source' "
        "        AND s.column_name = c.column_name AND NOT s.generated) "
        "FROM pgreconcile.columns c WHERE c.table_id = $1 AND c.side = 'target' AND NOT c.generated ORDER BY c.ordinal"_s,
        { table.id });
    for (int c = 0; c < columns.rowCount(); ++c) {
        table.columns.append({ columns.text(c, 0), columns.text(c, 1), columns.text(c, 2), columns.text(c, 3),
            columns.toBool(c, 4) });
        table.hasIdentity = table.hasIdentity || !columns.text(c, 2).isEmpty();
    }
}

void readForeignKeys(PgConnection& db, Table& table)
{
    const PgResult keys
        = db.exec(u"SELECT name, to_json(columns), ref_schema || '.' || ref_table, is_deferrable, "
                  u"to_json(ref_columns), on_delete "
                  "FROM pgreconcile.foreign_keys WHERE table_id = $1 AND side = 'target' ORDER BY name"_s,
            { table.id });
    for (int k = 0; k < keys.rowCount(); ++k)
        table.foreignKeys.append({ keys.text(k, 0), stringsFromJson(keys.utf8(k, 1)), keys.text(k, 2),
            stringsFromJson(keys.utf8(k, 4)), keys.toBool(k, 3), keys.text(k, 5) });
}

} // namespace

QList<Table> ScriptMetadata::tables(PgConnection& db)
{
    QHash<int, ReviewTable> reviewTables;
    for (const ReviewTable& table : ReviewTable::all(db))
        reviewTables.insert(table.tableId, table);
    QList<Table> tables;
    const PgResult rows
        = db.exec(u"SELECT t.table_id, t.schema_name, t.table_name, t.staged_name, to_json(d.key_columns) "
                  "FROM pgreconcile.tables t JOIN pgreconcile.table_diffs d USING (table_id) "
                  "WHERE d.mode <> 'skipped' ORDER BY t.schema_name, t.table_name"_s);
    for (int row = 0; row < rows.rowCount(); ++row) {
        Table table;
        table.id = int(rows.toInt64(row, 0));
        table.schema = rows.text(row, 1);
        table.table = rows.text(row, 2);
        table.name = table.schema + u'.' + table.table;
        table.staged = rows.text(row, 3);
        if (!rows.isNull(row, 4))
            table.key = stringsFromJson(rows.utf8(row, 4));
        table.freshKeyColumn = reviewTables.value(table.id).freshKeyColumn;
        table.keyTypes = reviewTables.value(table.id).keyTypes.value(u"target"_s);
        readColumns(db, table);
        readForeignKeys(db, table);
        tables.append(table);
    }
    return tables;
}

ScriptMetadata::FinalRowsTable ScriptMetadata::finalRowsTable(PgConnection& db, int tableId)
{
    const PgResult table = db.exec(u"SELECT t.staged_name, to_json(d.key_columns) FROM pgreconcile.tables t "
                                   "JOIN pgreconcile.table_diffs d USING (table_id) WHERE t.table_id = $1"_s,
        { tableId });
    if (table.rowCount() == 0 || table.isNull(0, 1))
        throw Error(u"table %1 has no key or no diff"_s.arg(tableId));
    FinalRowsTable result { table.text(0, 0), stringsFromJson(table.utf8(0, 1)), {} };
    const PgResult columns = db.exec(
        u"SELECT c.column_name, c.staged_type, EXISTS (SELECT 1 FROM pgreconcile.columns s WHERE s.table_id "
        u"= c.table_id "
        "AND s.side = 'source' AND s.column_name = c.column_name AND NOT s.generated) "
        "FROM pgreconcile.columns c WHERE c.table_id = $1 AND c.side = 'target' AND NOT c.generated ORDER BY c.ordinal"_s,
        { tableId });
    for (int c = 0; c < columns.rowCount(); ++c)
        result.columns.append({ columns.text(c, 0), columns.text(c, 1), columns.toBool(c, 2) });
    return result;
}

QList<std::pair<QString, QStringList>> ScriptMetadata::uniqueConstraints(PgConnection& db, int tableId)
{
    const PgResult constraints = db.exec(
        u"SELECT u ->> 'name', (u -> 'columns')::text FROM pgreconcile.side_tables s "
        "CROSS JOIN jsonb_array_elements(s.unique_keys) u WHERE s.table_id = $1 AND s.side = 'target'"_s,
        { tableId });
    QList<std::pair<QString, QStringList>> result;
    for (int c = 0; c < constraints.rowCount(); ++c)
        result.append({ constraints.text(c, 0), stringsFromJson(constraints.utf8(c, 1)) });
    return result;
}

} // namespace pgr::script
