// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scripttable.h"

namespace pgr {
class PgConnection;
}

// The project's table metadata as the script writer needs it (tables, columns, keys, foreign
// keys, unique constraints), read in this one place: issue #14's shared ProjectTables reader
// replaces these functions, and nothing else in the writer queries pgreconcile.tables,
// pgreconcile.columns, pgreconcile.foreign_keys or pgreconcile.table_diffs.
namespace pgr::script {

struct ScriptMetadata
{
    // The diffed tables (not skipped) with the target's columns and foreign keys, by name.
    static QList<Table> tables(PgConnection& db);

    // One table as finalRowsSql reads it: its staged name, key and the target's columns (not
    // generated) with their staged types. Throws pgr::Error for a table without a key or a diff.
    struct FinalRowsColumn
    {
        QString name;
        QString stagedType;
        bool inSource = true;
    };
    struct FinalRowsTable
    {
        QString staged;
        QStringList key;
        QList<FinalRowsColumn> columns;
    };
    static FinalRowsTable finalRowsTable(PgConnection& db, int tableId);

    // The target's unique constraints of a table: name → columns.
    static QList<std::pair<QString, QStringList>> uniqueConstraints(PgConnection& db, int tableId);
};

} // namespace pgr::script
