// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "side.h"

#include <QJsonArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace pgr {

class PgConnection;

struct DiffOptions
{
    QStringList tables; // only these ("schema.table" or "table"); empty: all
    QStringList ignoredColumns; // "table.column" or "schema.table.column", e.g. updated_at's
    // table → key columns chosen by the user (overrides the primary key); an empty list drops an
    // earlier choice: the table goes back to its primary key, or to no key.
    QMap<QString, QStringList> keys;
    int parallelism = 0; // tables diffed at once; 0: one per core
    // A table of at least this many rows (largest side) with a single integer primary key is
    // diffed in key ranges on several connections at once: PostgreSQL 15 runs a full join on one
    // core only. 0: never.
    qint64 splitRows = 400'000;
    // The rows of one key range at most (about; ranges are equal spans of the key).
    qint64 partRows = 1'000'000;
};

// One key range of a table diffed in parts: rows whose key is in [lower, upper) (an empty bound
// is open), plus the rows without a key in the first part; written into their own table `into`.
struct DiffPart
{
    QString into; // quoted, schema-qualified
    QString lower;
    QString upper;
    bool nullKeys = false;
};

// How one table is compared: which sides have it, its key, the columns compared (and how), and
// the schema drift found on the way. Made from the catalogs the loader stored.
struct TablePlan
{
    int tableId = 0;
    QString schema;
    QString name;
    QString stagedName;
    bool threeWay = false; // a base is loaded
    bool baseMissing = false; // three-way, but the table is new since base: base counts as empty
    QString skipReason; // not compared at all (e.g. missing on source or target)
    QStringList key; // empty: compared as a multiset of whole rows
    QString keyOrigin; // "primary key", "user", "unique index <name>" or "none"
    QStringList compared; // non-key columns compared, in target's column order
    QStringList comparedByText; // the subset compared by their text form (no btree equality)
    QStringList ignored;
    QJsonArray drift; // [{"kind": ..., "column": ..., "detail": ...}]
    qint64 estimatedRows = 0; // the largest side
    // Why the table cannot be diffed as planned (e.g. its key column has another type on one
    // side), and what to do: the table fails, the others go on.
    QString refusal;
    QString refusalHint;

    QString qualifiedName() const { return schema + u'.' + name; }
    bool keyless() const { return key.isEmpty(); }
};

// Plans every table of the project (or those the options name). Throws pgr::Error for an option
// that names an unknown table or column, or a user key that is not a key.
QList<TablePlan> planTables(PgConnection& project, const DiffOptions& options);

// The INSERT … SELECT that writes the table's changes into pgreconcile.changes, or those of one
// key range into the part's own table.
QString diffSql(const PgConnection& quoting, const TablePlan& plan, const DiffPart* part = nullptr);

} // namespace pgr
