// SPDX-License-Identifier: GPL-3.0-or-later
#include "rowfetcher.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "scriptwriter.h"
#include "vocabulary.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// The source row's columns that hold the old key of a re-keyed row or of a row mapped onto the
// target's, with where the script points them: "sample_id: 12001 → new key at apply",
// "project_id: 900 → 811 (the target's row it is mapped onto)".
QStringList rekeyedValues(
    PgConnection& project, int tableId, const QString& staged, const QString& condition, const QString& key)
{
    if (!project
             .exec(
                 u"SELECT EXISTS (SELECT 1 FROM pgreconcile.current_decisions WHERE action IN ('rekey', 'map_onto_target'))"_s)
             .toBool(0, 0))
        return {};
    const QString name
        = project
              .exec(u"SELECT schema_name || '.' || table_name FROM pgreconcile.tables WHERE table_id = $1"_s,
                  { tableId })
              .text(0, 0);
    const QHash<QString, QString> following = ScriptWriter::rekeyFollowers(project).value(name);
    QStringList values;
    for (auto it = following.cbegin(); it != following.cend(); ++it) {
        // The parent's row whose fresh-key column holds the value: its whole key, or one column of it.
        const ReviewTable parent = ReviewTable::find(project, it.value());
        const QString parentRow = parent.key.size() == 1
            ? u"r.key = jsonb_build_array(s.%1)"_s.arg(project.quoteName(it.key()))
            : u"r.key ->> %1 = s.%2::text"_s.arg(
                QString::number(parent.freshKeyIndex()), project.quoteName(it.key()));
        const PgResult value = project.exec(
            u"SELECT s.%1::text, r.action, r.mapped_onto ->> 0 FROM source.%2 s JOIN pgreconcile.review r "
            "ON r.table_id = $2 AND %4 AND r.action IN ('rekey', 'map_onto_target') WHERE %3 LIMIT 1"_s.arg(
                project.quoteName(it.key()), staged, QString(condition).replace(u"x."_s, u"s."_s), parentRow),
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

} // namespace

ChangeRows RowFetcher::fetch(
    PgConnection& project, int tableId, const QString& key, const QStringList& sourceColumns)
{
    const PgResult table = project.exec(
        u"SELECT t.staged_name, to_json(d.key_columns), "
        "(SELECT to_json(array_agg(c.staged_type ORDER BY k.ord)) FROM unnest(d.key_columns) WITH ORDINALITY "
        "k(name, ord) "
        "  JOIN pgreconcile.columns c ON c.table_id = t.table_id AND c.side = 'target' AND c.column_name = "
        "k.name), "
        "EXISTS (SELECT 1 FROM pgreconcile.side_tables s WHERE s.table_id = t.table_id AND s.side = 'base') "
        "FROM pgreconcile.tables t JOIN pgreconcile.table_diffs d USING (table_id) WHERE t.table_id = $1"_s,
        { tableId });
    if (table.rowCount() == 0)
        throw Error(u"table %1 has no diff results"_s.arg(tableId), u"run the diff first"_s);
    const QString staged = project.quoteName(table.text(0, 0));
    ChangeRows rows;
    QString condition;
    if (table.isNull(0, 1)) {
        // Keyless: the key is the row itself; show it on each side that holds it.
        rows.keyless = true;
        condition = u"to_jsonb(x) @> $1::jsonb"_s; // the key holds the compared columns only
    } else {
        // Compare each key column with the key's element cast to the column's type, so the
        // primary key index finds the row.
        const QJsonArray columns = QJsonDocument::fromJson(table.utf8(0, 1)).array();
        const QJsonArray types = QJsonDocument::fromJson(table.utf8(0, 2)).array();
        QStringList parts;
        for (int i = 0; i < columns.size(); ++i) {
            parts.append(u"x.%1 = ($1::jsonb ->> %2)::%3"_s.arg(
                project.quoteName(columns.at(i).toString()), QString::number(i), types.at(i).toString()));
        }
        condition = parts.join(u" AND "_s);
    }
    auto side = [&](const QString& schema) -> QString {
        const PgResult row
            = project.exec(u"SELECT jsonb_pretty(to_jsonb(x)) FROM %1.%2 x WHERE %3 LIMIT 1"_s.arg(
                               project.quoteName(schema), staged, condition),
                { key });
        return row.rowCount() ? row.text(0, 0) : QString();
    };
    if (table.toBool(0, 3))
        rows.base = side(u"base"_s);
    rows.source = side(u"source"_s);
    rows.target = side(u"target"_s);
    if (!sourceColumns.isEmpty() && !rows.keyless) {
        const PgResult merged = project.exec(
            u"SELECT jsonb_pretty(to_jsonb(t) || (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') "
            "FROM jsonb_each(to_jsonb(s)) e WHERE e.key IN (SELECT jsonb_array_elements_text($2::jsonb)))) "
            "FROM %1.%2 t, %3.%2 s WHERE %4 AND %5"_s.arg(project.quoteName(u"target"_s), staged,
                project.quoteName(u"source"_s), QString(condition).replace(u"x."_s, u"t."_s),
                QString(condition).replace(u"x."_s, u"s."_s)),
            { key, jsonFromStrings(sourceColumns) });
        if (merged.rowCount())
            rows.merged = merged.text(0, 0);
    }
    if (!rows.keyless) {
        rows.related = Relations(project).relatedTo(tableId, key);
        rows.followsRekey = rekeyedValues(project, tableId, staged, condition, key);
    }
    return rows;
}

} // namespace pgr
