// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relations.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pgr {

class PgConnection;

// The rows of one change on each side, as PostgreSQL renders them (jsonb_pretty of the staged
// row): values never pass through a double. An absent row is an empty string.
struct ChangeRows
{
    QString base;
    QString source;
    QString target;
    // The target row with the source's changed columns laid over it: the merged row of a
    // column_merge (empty when there is no such row).
    QString merged;
    bool keyless = false;
    // The rows a conflict of foreign keys takes along (dependents, missing parents, rows deleted
    // with it by cascade, the target's row of a unique collision).
    QList<Relations::Related> related;
    // Columns of the source row holding a re-keyed (or mapped) row's old key, and what the script
    // writes there: "sample_id: 12001 → new key at apply", "project_id: 900 → 811 (…)".
    QStringList followsRekey;
};

class RowFetcher
{
public:
    // key: the change's key as stored (JSON text); sourceColumns: the columns the source changed.
    static ChangeRows fetch(
        PgConnection& project, int tableId, const QString& key, const QStringList& sourceColumns = {});
};

} // namespace pgr
