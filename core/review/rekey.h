// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decisions.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace pgr {

class PgConnection;

// Re-keying an insert_insert collision (DESIGN.md): the source row goes in under a fresh key from
// target's sequence at apply time, and the source rows that reference it through foreign keys,
// and are themselves carried over, follow it. This class answers where that is possible, which
// rows move together, and which carried-over rows would land under the wrong parent.
class Rekey
{
public:
    struct Follower
    {
        QString table; // schema.table
        QString key; // JSON
        QString foreignKey; // the constraint it follows through
        QString parentTable;
        QString parentKey;
        int depth = 1; // 1: references the re-keyed row, 2: references a follower, …
    };

    // A carried-over row (taken from source by default) that references an insert_insert collision
    // not decided as re-key: applied as is it would reference target's row of that key.
    struct ChildAtRisk
    {
        ChangeId child;
        QString parentTable;
        QString parentKey;
        QString foreignKey;
    };

    // tables: the project's tables, read once by the operation (ProjectTables::read).
    Rekey(PgConnection& db, ProjectTables tables);

    // Empty when the table's collisions can be re-keyed; otherwise why not, in a sentence.
    static QString whyNot(const ProjectTable& table);
    // The source rows that move with the re-keyed row of table and key, level by level.
    QList<Follower> followers(const ProjectTable& table, const QString& key);
    // page: only rows of that table among those keys (a JSON array of keys): a page of the list.
    struct Page
    {
        int tableId = 0;
        QString keys;
    };
    QList<ChildAtRisk> childrenAtRisk(const std::optional<Page>& page = std::nullopt);

    // Children follow a re-keyed parent (DESIGN.md): the insert_insert collisions of rows whose
    // key holds the old key of a row re-keyed in batch are artefacts of the parent's collision.
    // Records for each a decision of its own in the same batch, "rekey": inserted under the key
    // its parent's new key gives it. Level by level, grandchildren included.
    // Returns how many per table (schema.table).
    QMap<QString, qint64> recordMovingCollisions(
        qint64 batchId, const QString& reviewer, const QString& origin);

    // Per table (schema.table), the columns whose values follow a re-keyed (or mapped) table's
    // key, with that table's name: the target's foreign keys to it, and keys that include such
    // columns, transitively, among the diffed tables. A table re-keyed whose key holds a column
    // pointing at another re-keyed table moves with that parent instead of taking fresh keys.
    static QHash<QString, QHash<QString, QString>> followingColumns(
        PgConnection& db, const ProjectTables& tables);

private:
    QString columnList(const QString& alias, const QStringList& columns) const;

    PgConnection& m_db;
    ProjectTables m_tables;
};

} // namespace pgr
