// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
};

class RowFetcher
{
public:
    // key: the change's key as stored (JSON text); sourceColumns: the columns the source changed.
    static ChangeRows fetch(PgConnection& project, int tableId, const QString& key, const QStringList& sourceColumns = {});
};

} // namespace pgr
