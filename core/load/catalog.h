// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace pgr {

class PgConnection;

// What one side's database says about its tables: read from pg_catalog inside the side's
// snapshot, stored in the project (pgreconcile.side_tables, columns, foreign_keys, sequences),
// and used by the diff (keys, types) and the script writer (FKs, identity, sequences).
struct ColumnInfo
{
    QString name;
    int ordinal = 0;
    QString typeName; // format_type() on the side, e.g. public.mood or numeric(20,6)
    QString stagedType; // the type it gets in staging (enums, composites, extension types: text)
    bool notNull = false;
    QString defaultExpr;
    QString identity; // "", "a" (always) or "d" (by default)
    bool generated = false; // stored generated column: not staged, never written by the script
    QString sequence; // owned sequence of a serial or identity column, quoted and qualified
};

struct UniqueKeyInfo
{
    QString name;
    QStringList columns;
};

struct ForeignKeyInfo
{
    QString name;
    QStringList columns;
    QString refSchema;
    QString refTable;
    QStringList refColumns;
    bool deferrable = false;
    bool deferred = false;
    QString onDelete; // a, r, c, n, d as in pg_constraint
    QString onUpdate;
};

struct TableInfo
{
    QString schema; // where it lives on the side
    QString name;
    QList<ColumnInfo> columns;
    QString primaryKeyName;
    QStringList primaryKey; // empty: none
    QList<UniqueKeyInfo> uniqueKeys; // non-partial, without expressions, excluding the primary key
    QList<ForeignKeyInfo> foreignKeys;
    qint64 estimatedRows = 0;

    const ColumnInfo* column(const QString& columnName) const;
};

struct SequenceInfo
{
    QString name; // quoted and qualified
    QString lastValue; // empty: never called
    qint64 increment = 1;
};

struct SideCatalog
{
    QString serverVersion;
    QList<TableInfo> tables;
    QList<SequenceInfo> sequences;
};

// Reads the catalog of every user table (or only those of one schema) through origin, which
// should be inside the snapshot transaction the rows are copied in.
SideCatalog readCatalog(PgConnection& origin, const QString& onlySchema = {});

} // namespace pgr
