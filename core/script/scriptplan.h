// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scripttable.h"

#include <QHash>
#include <functional>

namespace pgr {
class PgConnection;
}

// The plan of the merge script: the order of its tables (parents first over the foreign keys
// checked at once) and which step writes each row, as SQL over the staged review, so that both
// formats write the same rows in the same order (docs/decisions-and-script.md, "Order").
namespace pgr::script {

// Parents before children over the foreign keys checked at once (ForeignKeyGraph::parentsFirst),
// as indexes into tables. A deferrable key imposes no order: the script defers it (SET
// CONSTRAINTS ALL DEFERRED, *deferNeeded) where the order breaks it. A cycle of keys none of
// which is deferrable is refused, naming its tables.
QList<int> parentsFirst(const QList<Table>& tables, bool* deferNeeded);

// A key whose order the script must respect at once: a deferrable NO ACTION key is checked at
// COMMIT when deferred, but PostgreSQL never defers RESTRICT or an ON DELETE action.
bool checkedAtOnce(const ForeignKeyEdge& key);

// Which step each row of the script belongs to.
class ScriptPlan
{
public:
    ScriptPlan(PgConnection& db, const ProjectTables& project, const QList<Table>& tables);

    // The table's rows in the script: op (d delete, u update, i insert, r insert under a fresh
    // key), key, f0.. (the row as it ends), r0.. (the target row as reviewed), step.
    QString rowsSql(const Table& table);

    // The update steps a table's rows use: kUpdate to kUpdate + maxRank.
    int maxRank(const Table& table) const { return m_maxRank.value(table.id); }

    // Rows that take a unique value (other than the key's) the target holds in another row must
    // come after the row that frees it (UniqueValueOrder).
    void orderUniqueValues();

    // Calls writeStep for each table, operation and step in the script's order (docs: "Order"):
    // updates that re-point rows away from rows the script deletes; deletes, children first;
    // then table by table, parents first, its updates (ranked where one frees a unique value
    // another takes), its inserts, and its updates that point at rows of its own it inserts.
    // Every row a statement points at exists by then, re-keyed parents included, and an update
    // frees a unique value before an insert of the same table takes it. order: parentsFirst's.
    void forEachStep(
        const QList<int>& order, const std::function<void(const Table&, Operation, int)>& writeStep) const;

    // Values format: one statement kind's rows of a table in the order its batches need: a
    // self-referencing table's inserts parents first, its deletes children first.
    static QString orderedSql(const Table& table, const QString& filteredRows, Operation operation);

private:
    const Table* byId(int tableId) const;
    QString finalRows(const Table& table);
    bool hasScriptRows(const Table& table);
    QString opRowsSql(const Table& table);
    QString stepSql(const Table& table);
    void orderUniqueValues(const Table& table);
    QString uniquePairsSql(const Table& table, const QStringList& columns);

    PgConnection& m_db;
    const ProjectTables& m_project;
    const QList<Table>& m_tables;
    QHash<int, QString> m_finalRows;
    QHash<int, bool> m_hasRows;
    QHash<int, QString> m_ranks; // table id → {"key": rank} of its ranked updates
    QHash<int, int> m_maxRank;
};

} // namespace pgr::script
