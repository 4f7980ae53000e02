// SPDX-License-Identifier: GPL-3.0-or-later
#include "scripttable.h"

#include "scriptquoter.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

namespace {

Table scriptTable(const ProjectTable& project, const ForeignKeyGraph& targetKeys)
{
    const QString target = u"target"_s;
    Table table;
    table.id = project.tableId;
    table.schema = project.schema;
    table.table = project.name;
    table.name = project.qualifiedName();
    table.staged = project.stagedName;
    table.key = project.key;
    table.keyTypes = project.keyTypes.value(target);
    table.freshKeyColumn = project.freshKeyColumn;
    for (const ProjectColumn& column : project.columns.value(target)) {
        if (column.generated)
            continue;
        table.columns.append({ column.name, column.typeName, column.identity, column.sequence,
            project.stagesColumn(u"source"_s, column.name) });
        table.hasIdentity = table.hasIdentity || !column.identity.isEmpty();
    }
    table.foreignKeys = targetKeys.parentsOf(project.tableId);
    return table;
}

} // namespace

QList<Table> scriptTables(const ProjectTables& project)
{
    QList<Table> tables;
    for (const ProjectTable& table : project.tables()) {
        if (table.compared())
            tables.append(scriptTable(table, project.foreignKeys(u"target"_s)));
    }
    return tables;
}

QString operationName(Operation operation)
{
    return operation == Operation::Delete ? u"delete"_s
        : operation == Operation::Update  ? u"update"_s
                                          : u"insert"_s;
}

int columnIndex(const Table& table, const QString& name)
{
    for (int i = 0; i < table.columns.size(); ++i) {
        if (table.columns[i].name == name)
            return i;
    }
    return -1;
}

bool updateSets(const Table& table, const Column& column)
{
    return !table.key.contains(column.name) && column.identity != u"a"_s;
}

QByteArray qualifiedName(const Table& table, const ScriptQuoter& quote)
{
    return quote.identifier(table.schema.toUtf8()) + '.' + quote.identifier(table.table.toUtf8());
}

void markRekeyed(QList<Table>& tables, const QSet<qint64>& withRekeys)
{
    QSet<int> written;
    for (const Table& table : std::as_const(tables))
        written.insert(table.id);
    for (Table& table : tables) {
        if (!withRekeys.contains(table.id))
            continue;
        bool movesWithParent = false;
        for (const ForeignKeyEdge& key : std::as_const(table.foreignKeys)) {
            for (const QString& column : key.columns)
                movesWithParent = movesWithParent
                    || (table.key.contains(column) && key.parentId != table.id
                        && written.contains(key.parentId) && withRekeys.contains(key.parentId));
        }
        table.rekeyed = !movesWithParent;
    }
}

void markTouchedOnDelete(QList<Table>& tables)
{
    QHash<int, Table*> byId;
    for (Table& table : tables)
        byId.insert(table.id, &table);
    for (const Table& child : std::as_const(tables)) {
        for (const ForeignKeyEdge& key : child.foreignKeys) {
            Table* parent = byId.value(key.parentId);
            if (parent && (key.onDelete == u"c"_s || key.onDelete == u"n"_s || key.onDelete == u"d"_s))
                parent->touchedOnDelete.append({ &child, key });
        }
    }
}

void markRekeyFollowers(QList<Table>& tables)
{
    QList<ForeignKeyEdge> keys;
    QHash<int, QString> movingKeys, nameOf;
    for (const Table& table : std::as_const(tables)) {
        keys += table.foreignKeys;
        nameOf.insert(table.id, table.name);
        if (table.keyMoves())
            movingKeys.insert(table.id, table.freshKeyColumn);
    }
    const auto follows = ForeignKeyGraph(keys).followers(movingKeys);
    for (Table& table : tables) {
        const QHash<QString, int> columns = follows.value(table.id);
        for (auto column = columns.cbegin(); column != columns.cend(); ++column)
            table.followsRekey.insert(column.key(), nameOf.value(column.value()));
    }
}

} // namespace pgr::script
