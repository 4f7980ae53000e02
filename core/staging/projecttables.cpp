// SPDX-License-Identifier: GPL-3.0-or-later
#include "projecttables.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

// ForeignKeyGraph

ForeignKeyGraph::ForeignKeyGraph(QList<ForeignKeyEdge> edges)
    : m_edges(std::move(edges))
{ }

QList<ForeignKeyEdge> ForeignKeyGraph::parentsOf(int childId) const
{
    QList<ForeignKeyEdge> found;
    for (const ForeignKeyEdge& edge : m_edges) {
        if (edge.childId == childId)
            found.append(edge);
    }
    return found;
}

QList<ForeignKeyEdge> ForeignKeyGraph::childrenOf(int parentId) const
{
    QList<ForeignKeyEdge> found;
    for (const ForeignKeyEdge& edge : m_edges) {
        if (edge.parentId == parentId && parentId != 0)
            found.append(edge);
    }
    return found;
}

ForeignKeyGraph::Order ForeignKeyGraph::parentsFirst(const QList<int>& tables) const
{
    const QSet<int> among(tables.cbegin(), tables.cend());
    QHash<int, QSet<int>> parents;
    for (const ForeignKeyEdge& edge : m_edges) {
        if (among.contains(edge.childId) && among.contains(edge.parentId) && edge.parentId != edge.childId
            && !edge.deferrable)
            parents[edge.childId].insert(edge.parentId);
    }
    Order order;
    QSet<int> placed;
    for (bool progress = true; progress;) {
        progress = false;
        for (const int table : tables) {
            if (!placed.contains(table) && (parents.value(table) - placed).isEmpty()) {
                order.tables.append(table);
                placed.insert(table);
                progress = true;
            }
        }
    }
    for (const int table : tables) {
        if (!placed.contains(table))
            order.cycle.append(table);
    }
    QHash<int, int> position;
    for (int p = 0; p < order.tables.size(); ++p)
        position.insert(order.tables[p], p);
    for (const ForeignKeyEdge& edge : m_edges) {
        // A deferrable key whose parent comes after its child, or points at its own table.
        if (edge.deferrable && placed.contains(edge.childId) && placed.contains(edge.parentId)
            && position.value(edge.parentId) >= position.value(edge.childId))
            order.deferNeeded = true;
    }
    return order;
}

QHash<int, QHash<QString, int>> ForeignKeyGraph::followers(const QHash<int, QString>& movingKeys) const
{
    QHash<int, QHash<QString, int>> follows;
    for (bool changed = true; changed;) {
        changed = false;
        for (const ForeignKeyEdge& edge : m_edges) {
            if (edge.parentId == 0)
                continue;
            for (int i = 0; i < edge.columns.size() && i < edge.refColumns.size(); ++i) {
                const auto moving = movingKeys.constFind(edge.parentId);
                const int origin = moving != movingKeys.cend() && *moving == edge.refColumns[i]
                    ? edge.parentId
                    : follows.value(edge.parentId).value(edge.refColumns[i]);
                if (origin != 0 && !follows.value(edge.childId).contains(edge.columns[i])) {
                    follows[edge.childId].insert(edge.columns[i], origin);
                    changed = true;
                }
            }
        }
    }
    return follows;
}

// ProjectTable

const ProjectColumn* ProjectTable::column(const QString& side, const QString& columnName) const
{
    const auto sideColumns = columns.constFind(side);
    if (sideColumns == columns.cend())
        return nullptr;
    for (const ProjectColumn& each : *sideColumns) {
        if (each.name == columnName)
            return &each;
    }
    return nullptr;
}

QList<UniqueKey> ProjectTable::uniqueKeysBesideKey(const QString& side) const
{
    QStringList sortedKey = key;
    std::sort(sortedKey.begin(), sortedKey.end());
    QList<UniqueKey> besideKey;
    for (const UniqueKey& unique : uniqueKeys.value(side)) {
        QStringList sorted = unique.columns;
        std::sort(sorted.begin(), sorted.end());
        if (sorted != sortedKey)
            besideKey.append(unique);
    }
    return besideKey;
}

QStringList ProjectTable::stagedColumns(const QString& side) const
{
    QStringList names;
    for (const ProjectColumn& each : columns.value(side)) {
        if (!each.generated)
            names.append(each.name);
    }
    return names;
}

bool ProjectTable::stagesColumn(const QString& side, const QString& columnName) const
{
    const ProjectColumn* found = column(side, columnName);
    return found && !found->generated;
}

QString ProjectTable::staged(const PgConnection& quoting, const QString& side) const
{
    return quoting.quoteName(side) + u'.' + quoting.quoteName(stagedName);
}

QString ProjectTable::keyMatch(
    const PgConnection& quoting, const QString& side, const QString& alias, const QString& keyExpr) const
{
    return keyMatchSql(keyColumnsOf(quoting, alias), keyTypes.value(side), keyExpr);
}

QString ProjectTable::keyOf(const PgConnection& quoting, const QString& alias) const
{
    return u"jsonb_build_array(%1)"_s.arg(keyColumnsOf(quoting, alias).join(u", "_s));
}

QStringList ProjectTable::keyColumnsOf(const PgConnection& quoting, const QString& alias) const
{
    QStringList columns;
    for (const QString& column : key)
        columns.append(alias + u'.' + quoting.quoteName(column));
    return columns;
}

// ProjectTables

namespace {

const QString kTablesSql = uR"(
SELECT t.table_id, t.schema_name, t.table_name, t.staged_name, to_json(t.key_override)::text,
       coalesce(d.mode, ''), to_json(d.key_columns)::text, d.table_id IS NOT NULL,
       to_json(d.compared_columns)::text
FROM pgreconcile.tables t LEFT JOIN pgreconcile.table_diffs d USING (table_id)
ORDER BY t.schema_name, t.table_name)"_s;

const QString kSideTablesSql
    = u"SELECT table_id, side, to_json(coalesce(primary_key, '{}'))::text, row_count, "
      "unique_keys::text FROM pgreconcile.side_tables"_s;

const QString kColumnsSql = uR"(
SELECT table_id, side, column_name, ordinal, type_name, coalesce(staged_type, ''), not_null,
       coalesce(default_expr, ''), identity, generated, coalesce(sequence_name, '')
FROM pgreconcile.columns ORDER BY table_id, side, ordinal)"_s;

// By child table, then name: the order the rules and lists built from them follow.
const QString kForeignKeysSql = uR"(
SELECT f.side, f.table_id, coalesce(p.table_id, 0), f.name, to_json(f.columns)::text, f.ref_schema,
       f.ref_table, to_json(f.ref_columns)::text, f.is_deferrable, f.is_deferred, f.on_delete, f.on_update
FROM pgreconcile.foreign_keys f
LEFT JOIN pgreconcile.tables p ON p.schema_name = f.ref_schema AND p.table_name = f.ref_table
ORDER BY f.side, f.table_id, f.name)"_s;

const QStringList kIntegerTypes = { u"smallint"_s, u"integer"_s, u"bigint"_s };

// The staged types of the key columns a side holds, in key order.
void setKeyTypes(ProjectTable& table)
{
    for (auto side = table.primaryKeys.cbegin(); side != table.primaryKeys.cend(); ++side) {
        QStringList types;
        for (const QString& keyColumn : std::as_const(table.key)) {
            if (const ProjectColumn* column = table.column(side.key(), keyColumn);
                column && !column->generated)
                types.append(column->stagedType);
        }
        if (!types.isEmpty())
            table.keyTypes.insert(side.key(), types);
    }
}

// The single key column, or the one sequence-fed integer column of a composite key, from the
// target's columns.
void setFreshKey(ProjectTable& table)
{
    QList<ProjectColumn> candidates;
    for (const ProjectColumn& column : table.columns.value(u"target"_s)) {
        if (table.key.contains(column.name) && kIntegerTypes.contains(column.typeName)
            && (!column.sequence.isEmpty() || table.key.size() == 1))
            candidates.append(column);
    }
    if (table.key.size() == 1)
        table.freshKeyColumn = table.key.first();
    else if (candidates.size() == 1)
        table.freshKeyColumn = candidates.first().name;
    for (const ProjectColumn& candidate : std::as_const(candidates)) {
        if (candidate.name == table.freshKeyColumn)
            table.freshKeySequence = candidate.sequence;
    }
}

// [{"name": ..., "columns": [...]}]: names only, so QJsonDocument is safe here.
QList<UniqueKey> uniqueKeysOf(const QByteArray& json)
{
    QList<UniqueKey> keys;
    for (const QJsonValue& key : QJsonDocument::fromJson(json).array()) {
        QStringList columns;
        for (const QJsonValue& column : key[u"columns"_s].toArray())
            columns.append(column.toString());
        keys.append({ key[u"name"_s].toString(), columns });
    }
    return keys;
}

ProjectTable tableOf(const PgResult& rows, int row)
{
    ProjectTable table;
    table.tableId = int(rows.toInt64(row, 0));
    table.schema = rows.text(row, 1);
    table.name = rows.text(row, 2);
    table.stagedName = rows.text(row, 3);
    table.keyOverride = stringsFromJson(rows.utf8(row, 4));
    table.mode = rows.text(row, 5);
    table.key = stringsFromJson(rows.utf8(row, 6));
    table.diffed = rows.toBool(row, 7);
    table.comparedColumns = stringsFromJson(rows.utf8(row, 8));
    return table;
}

ProjectColumn columnOf(const PgResult& rows, int row)
{
    return { rows.text(row, 2), int(rows.toInt64(row, 3)), rows.text(row, 4), rows.text(row, 5),
        rows.toBool(row, 6), rows.text(row, 7), rows.text(row, 8), rows.toBool(row, 9), rows.text(row, 10) };
}

ForeignKeyEdge edgeOf(const PgResult& rows, int row)
{
    return { int(rows.toInt64(row, 1)), int(rows.toInt64(row, 2)), rows.text(row, 3),
        stringsFromJson(rows.utf8(row, 4)), rows.text(row, 5), rows.text(row, 6),
        stringsFromJson(rows.utf8(row, 7)), rows.toBool(row, 8), rows.toBool(row, 9), rows.text(row, 10),
        rows.text(row, 11) };
}

} // namespace

ProjectTables ProjectTables::read(PgConnection& db)
{
    ProjectTables project;
    const PgResult tables = db.exec(kTablesSql);
    for (int row = 0; row < tables.rowCount(); ++row) {
        const ProjectTable table = tableOf(tables, row);
        project.m_indexById.insert(table.tableId, int(project.m_tables.size()));
        project.m_tables.append(table);
    }
    const auto tableNamedBy = [&project](const PgResult& rows, int row) -> ProjectTable* {
        const auto index = project.m_indexById.constFind(int(rows.toInt64(row, 0)));
        return index == project.m_indexById.cend() ? nullptr : &project.m_tables[*index];
    };
    const PgResult sides = db.exec(kSideTablesSql);
    for (int row = 0; row < sides.rowCount(); ++row) {
        if (ProjectTable* table = tableNamedBy(sides, row)) {
            table->primaryKeys.insert(sides.text(row, 1), stringsFromJson(sides.utf8(row, 2)));
            table->rowCounts.insert(sides.text(row, 1), sides.toInt64(row, 3));
            table->uniqueKeys.insert(sides.text(row, 1), uniqueKeysOf(sides.utf8(row, 4)));
        }
    }
    const PgResult columns = db.exec(kColumnsSql);
    for (int row = 0; row < columns.rowCount(); ++row) {
        if (ProjectTable* table = tableNamedBy(columns, row))
            table->columns[columns.text(row, 1)].append(columnOf(columns, row));
    }
    for (ProjectTable& table : project.m_tables) {
        setKeyTypes(table);
        setFreshKey(table);
    }
    QHash<QString, QList<ForeignKeyEdge>> edges;
    const PgResult keys = db.exec(kForeignKeysSql);
    for (int row = 0; row < keys.rowCount(); ++row)
        edges[keys.text(row, 0)].append(edgeOf(keys, row));
    for (auto it = edges.begin(); it != edges.end(); ++it)
        project.m_foreignKeys.insert(it.key(), ForeignKeyGraph(std::move(it.value())));
    return project;
}

const ProjectTable* ProjectTables::byId(int tableId) const
{
    const auto index = m_indexById.constFind(tableId);
    return index == m_indexById.cend() ? nullptr : &m_tables[*index];
}

const ProjectTable* ProjectTables::byName(const QString& qualifiedName) const
{
    for (const ProjectTable& table : m_tables) {
        if (table.qualifiedName() == qualifiedName)
            return &table;
    }
    return nullptr;
}

const ProjectTable& ProjectTables::find(const QString& table) const
{
    if (const ProjectTable* exact = byName(table))
        return *exact;
    QList<const ProjectTable*> matches;
    QStringList names;
    for (const ProjectTable& candidate : m_tables) {
        if (candidate.name == table)
            matches.append(&candidate);
        names.append(candidate.qualifiedName());
    }
    if (matches.size() == 1)
        return *matches.first();
    if (matches.size() > 1) {
        QStringList ambiguous;
        for (const ProjectTable* match : std::as_const(matches))
            ambiguous.append(match->qualifiedName());
        throw Error(u"the table name \"%1\" is ambiguous: %2"_s.arg(table, ambiguous.join(u", "_s)),
            u"name the schema too, e.g. %1"_s.arg(ambiguous.first()));
    }
    throw Error(u"the project has no table \"%1\""_s.arg(table),
        names.isEmpty() ? u"load the sides first with \"pgreconcile-cli load\""_s
                        : u"the tables are: %1"_s.arg(names.join(u", "_s)));
}

const ForeignKeyGraph& ProjectTables::foreignKeys(const QString& side) const
{
    static const ForeignKeyGraph none;
    const auto graph = m_foreignKeys.constFind(side);
    return graph == m_foreignKeys.cend() ? none : *graph;
}

// SQL helpers

QString keyElement(const QString& keyExpr, const QString& element, const QString& type)
{
    return u"(%1 ->> %2)::%3"_s.arg(keyExpr, element, type);
}

QString keyElement(const QString& keyExpr, int index, const QString& type)
{
    return keyElement(keyExpr, QString::number(index), type);
}

QString keyMatchSql(const QStringList& keyColumns, const QStringList& types, const QString& keyExpr)
{
    QStringList parts;
    for (int i = 0; i < keyColumns.size(); ++i) {
        // A key column that side lacks (or a type not known) compares by its text.
        if (i < types.size() && !types[i].isEmpty())
            parts.append(keyColumns[i] + u" = "_s + keyElement(keyExpr, i, types[i]));
        else
            parts.append(u"%1::text = (%2 ->> %3)"_s.arg(keyColumns[i], keyExpr, QString::number(i)));
    }
    return u'(' + parts.join(u" AND "_s) + u')';
}

QString mergedRowSql(const QString& targetAlias, const QString& sourceAlias, const QString& sourceColumns)
{
    return u"(to_jsonb(%1) || coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM "
           u"jsonb_each(to_jsonb(%2)) e "
           "WHERE e.key = ANY(%3)), '{}'))"_s.arg(targetAlias, sourceAlias, sourceColumns);
}

} // namespace pgr
