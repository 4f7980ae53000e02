// SPDX-License-Identifier: GPL-3.0-or-later
#include "scripttable.h"

#include "scriptquoter.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

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
    QHash<QString, qint64> idOf;
    for (const Table& table : std::as_const(tables))
        idOf.insert(table.name, table.id);
    for (Table& table : tables) {
        if (!withRekeys.contains(table.id))
            continue;
        bool movesWithParent = false;
        for (const ForeignKey& key : std::as_const(table.foreignKeys)) {
            for (const QString& column : key.columns)
                movesWithParent = movesWithParent
                    || (table.key.contains(column) && key.refTable != table.name
                        && withRekeys.contains(idOf.value(key.refTable, -1)));
        }
        table.rekeyed = !movesWithParent;
    }
}

void markTouchedOnDelete(QList<Table>& tables)
{
    QHash<QString, Table*> byName;
    for (Table& table : tables)
        byName.insert(table.name, &table);
    for (const Table& child : std::as_const(tables)) {
        for (const ForeignKey& key : child.foreignKeys) {
            Table* parent = byName.value(key.refTable);
            if (parent && (key.onDelete == u"c"_s || key.onDelete == u"n"_s || key.onDelete == u"d"_s))
                parent->touchedOnDelete.append({ &child, key });
        }
    }
}

void markRekeyFollowers(QList<Table>& tables)
{
    QHash<QString, Table*> byName;
    for (Table& table : tables)
        byName.insert(table.name, &table);
    for (bool changed = true; changed;) {
        changed = false;
        for (Table& table : tables) {
            for (const ForeignKey& key : table.foreignKeys) {
                const Table* parent = byName.value(key.refTable);
                if (!parent)
                    continue;
                for (int i = 0; i < key.columns.size() && i < key.refColumns.size(); ++i) {
                    QString origin;
                    if (parent->keyMoves() && parent->freshKeyColumn == key.refColumns[i])
                        origin = parent->name;
                    else
                        origin = parent->followsRekey.value(key.refColumns[i]);
                    if (!origin.isEmpty() && !table.followsRekey.contains(key.columns[i])) {
                        table.followsRekey.insert(key.columns[i], origin);
                        changed = true;
                    }
                }
            }
        }
    }
}

} // namespace pgr::script
