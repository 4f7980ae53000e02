// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projecttables.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pgr {

class PgConnection;

// What one side's database says about its tables: read from pg_catalog inside the side's
// snapshot, stored in the project (pgreconcile.side_tables, columns, foreign_keys, sequences),
// and read back from there by ProjectTables. Columns and foreign keys are the project's own
// types (projecttables.h); a key read here has no table ids yet.
using ColumnInfo = ProjectColumn;
using ForeignKeyInfo = ForeignKeyEdge;

using UniqueKeyInfo = UniqueKey;

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
