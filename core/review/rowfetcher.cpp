// SPDX-License-Identifier: GPL-3.0-or-later
#include "rowfetcher.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "projecttables.h"
#include "rekey.h"
#include "vocabulary.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// The source row's columns that hold the old key of a re-keyed row or of a row mapped onto the
// target's, with where the script points them: "sample_id: 12001 → new key at apply",
// "project_id: 900 → 811 (the target's row it is mapped onto)".
QStringList rekeyedValues(
    PgConnection& project, const ProjectTables& tables, const ProjectTable& table, const QString& key)
{
    if (!project
             .exec(
                 u"SELECT EXISTS (SELECT 1 FROM pgreconcile.current_decisions WHERE action IN ('rekey', 'map_onto_target'))"_s)
             .toBool(0, 0))
        return {};
    const QHash<QString, QString> following
        = Rekey::followingColumns(project, tables).value(table.qualifiedName());
    QStringList values;
    for (auto it = following.cbegin(); it != following.cend(); ++it) {
        // The parent's row whose fresh-key column holds the value: its whole key, or one column of it.
        const ProjectTable& parent = tables.find(it.value());
        const QString parentRow = parent.key.size() == 1
            ? u"r.key = jsonb_build_array(s.%1)"_s.arg(project.quoteName(it.key()))
            : u"r.key ->> %1 = s.%2::text"_s.arg(
                QString::number(parent.freshKeyIndex()), project.quoteName(it.key()));
        const PgResult value = project.exec(
            u"SELECT s.%1::text, r.action, r.mapped_onto ->> 0 FROM %2 s JOIN pgreconcile.review r "
            "ON r.table_id = $2 AND %4 AND r.action IN ('rekey', 'map_onto_target') WHERE %3 LIMIT 1"_s.arg(
                project.quoteName(it.key()), table.staged(project, u"source"_s),
                table.keyMatch(project, u"source"_s, u"s"_s, u"$1::jsonb"_s), parentRow),
            { key, parent.tableId });
        if (value.rowCount() == 0 || value.isNull(0, 0))
            continue;
        if (storedValue<Action>(value.text(0, 1)) == Action::Rekey)
            values.append(u"%1: %2 → new key at apply"_s.arg(it.key(), value.text(0, 0)));
        else
            values.append(u"%1: %2 → %3 (the target's row it is mapped onto)"_s.arg(
                it.key(), value.text(0, 0), value.text(0, 2)));
    }
    values.sort();
    return values;
}

// The row of a side under the key (keyless: the row that holds the key's columns).
QString sideRow(PgConnection& project, const ProjectTable& table, const QString& side, const QString& key)
{
    const QString condition = table.keyless() ? u"to_jsonb(x) @> $1::jsonb"_s
                                              : table.keyMatch(project, side, u"x"_s, u"$1::jsonb"_s);
    const PgResult row = project.exec(u"SELECT jsonb_pretty(to_jsonb(x)) FROM %1 x WHERE %2 LIMIT 1"_s.arg(
                                          table.staged(project, side), condition),
        { key });
    return row.rowCount() ? row.text(0, 0) : QString();
}

} // namespace

ChangeRows RowFetcher::fetch(
    PgConnection& project, int tableId, const QString& key, const QStringList& sourceColumns)
{
    const ProjectTables tables = ProjectTables::read(project);
    const ProjectTable* table = tables.byId(tableId);
    if (!table || !table->diffed)
        throw Error(u"table %1 has no diff results"_s.arg(tableId), u"run the diff first"_s);
    ChangeRows rows;
    rows.keyless = table->keyless();
    if (table->onSide(u"base"_s))
        rows.base = sideRow(project, *table, u"base"_s, key);
    rows.source = sideRow(project, *table, u"source"_s, key);
    rows.target = sideRow(project, *table, u"target"_s, key);
    if (!sourceColumns.isEmpty() && !rows.keyless) {
        const PgResult merged = project.exec(
            u"SELECT jsonb_pretty(%5) FROM %1 t, %2 s WHERE %3 AND %4"_s.arg(
                table->staged(project, u"target"_s), table->staged(project, u"source"_s),
                table->keyMatch(project, u"target"_s, u"t"_s, u"$1::jsonb"_s),
                table->keyMatch(project, u"source"_s, u"s"_s, u"$1::jsonb"_s),
                mergedRowSql(u"t"_s, u"s"_s, u"ARRAY(SELECT jsonb_array_elements_text($2::jsonb))"_s)),
            { key, jsonFromStrings(sourceColumns) });
        if (merged.rowCount())
            rows.merged = merged.text(0, 0);
    }
    if (!rows.keyless) {
        rows.related = Relations(project, tables).relatedTo(tableId, key);
        rows.followsRekey = rekeyedValues(project, tables, *table, key);
    }
    return rows;
}

} // namespace pgr
