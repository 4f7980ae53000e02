// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projecttables.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

// The merge script's picture of a table: what every part of the writer (plan, statement and
// COPY-block writers, re-keys) reads. Plain data, made from the project's tables (scriptTables)
// and the mark* functions below, so that the pure parts can be unit-tested from hand-made tables.
namespace pgr::script {

class ScriptQuoter;

struct Column
{
    QString name;
    QString type; // the target's own type, for casts
    QString identity;
    QString sequence;
    bool inSource = true;
};

// A foreign key of another table (or of the table itself) that points at a table's rows and
// whose ON DELETE action changes the rows pointing at a deleted one.
struct Table;
struct Reference
{
    const Table* child = nullptr;
    ForeignKeyEdge key;
};

struct Table
{
    int id = 0;
    QString name; // schema.table
    QString schema;
    QString table;
    QString staged;
    QStringList key; // empty: keyless
    QStringList keyTypes; // the target's staged type of each key column
    QList<Column> columns;
    QList<ForeignKeyEdge> foreignKeys; // the target's, by name
    bool hasIdentity = false;
    // The key column a re-keyed row takes a fresh value in (ProjectTable::freshKeyColumn): the
    // single key column, or a composite key's one sequence-fed column; pg_temp.pgr_rekey maps its
    // old values to new ones.
    QString freshKeyColumn;
    bool rekeyed = false; // some of its rows are re-keyed
    bool mapped = false; // some of its source rows are mapped onto the target's rows (map_onto_target)
    // Whether rows pointing at this table's key may have to point elsewhere (pg_temp.pgr_rekeyed).
    bool keyMoves() const { return (rekeyed || mapped) && !freshKeyColumn.isEmpty(); }
    // Columns that hold a re-keyed table's key, directly or through other tables' keys
    // (a grandchild's composite key that includes its parent's parent id): column → that table.
    QHash<QString, QString> followsRekey;
    // Foreign keys pointing here whose ON DELETE action (cascade, set null, set default) would
    // touch the rows that point at a row the script deletes.
    QList<Reference> touchedOnDelete;
};

enum class Operation
{
    Delete,
    Update,
    Insert
};

// When each row of the script is written (docs: "Order"). The steps run in this order; within
// one, tables go parents first (deletes: children first).
constexpr int kEarlyUpdate = 0; // updates that re-point a row away from a row the script deletes
constexpr int kDelete = 1;
constexpr int kUpdate = 2; // + the row's rank: an update that takes a unique value another frees
constexpr int kInsert = 1000000;
constexpr int kLateUpdate = 1000001; // updates pointing at a row of their own table the script inserts

// The tables the script writes (diffed, not skipped), by name: the target's columns that are
// staged and its foreign keys.
QList<Table> scriptTables(const ProjectTables& project);

QString operationName(Operation operation);
int columnIndex(const Table& table, const QString& name);
// Whether an UPDATE sets the column: all but the key's and those GENERATED ALWAYS AS IDENTITY.
bool updateSets(const Table& table, const Column& column);
QByteArray qualifiedName(const Table& table, const ScriptQuoter& quote);

// Which tables take fresh keys from a sequence for their re-keyed rows: those with re-key
// decisions, unless their key holds a column pointing at a table with re-key decisions: their
// rows move with their re-keyed parent instead (children follow a re-keyed parent).
void markRekeyed(QList<Table>& tables, const QSet<qint64>& withRekeys);

// For each table, the foreign keys pointing at it whose ON DELETE action touches other rows.
// The list of tables must not grow afterwards: references point into it.
void markTouchedOnDelete(QList<Table>& tables);

// Which columns carry a re-keyed (or mapped) table's key, through the tables' foreign keys
// (ForeignKeyGraph::followers): fills followsRekey.
void markRekeyFollowers(QList<Table>& tables);

} // namespace pgr::script
