// SPDX-License-Identifier: GPL-3.0-or-later
#include "rekey.h"

#include "pgconnection.h"

#include <QHash>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

const QStringList kIntegerTypes = { u"smallint"_s, u"integer"_s, u"bigint"_s };

// Follow foreign keys at most this deep; a cycle of re-keyed rows stops at the visited set anyway.
constexpr int kMaxDepth = 16;

} // namespace

Rekey::Rekey(PgConnection& db, ProjectTables tables)
    : m_db(db)
    , m_tables(std::move(tables))
{ }

QString Rekey::columnList(const QString& alias, const QStringList& columns) const
{
    QStringList parts;
    for (const QString& column : columns)
        parts.append(alias + u'.' + m_db.quoteName(column));
    return parts.join(u", "_s);
}

QString Rekey::whyNot(const ProjectTable& table)
{
    if (table.keyless())
        return u"the table has no key"_s;
    // A composite key takes a fresh value in its one sequence-fed column (ProjectTable::freshKeyColumn).
    if (table.freshKeyColumn.isEmpty())
        return u"its key (%1) has several columns, none of them (or more than one) an integer column the "
               u"target's "
               "sequence or identity feeds, and a fresh key is one new value"_s.arg(table.key.join(u", "_s));
    // Without a sequence or identity on the target, the script counts on from the highest key.
    const QString type = table.keyTypes.value(u"target"_s).value(table.freshKeyIndex());
    if (!kIntegerTypes.contains(type))
        return u"its key column %1 is of type %2; only integer keys take a fresh value (from the target's "
               u"sequence, "
               "or past its highest key)"_s.arg(table.freshKeyColumn, type.isEmpty() ? u"unknown"_s : type);
    return {};
}

QList<Rekey::Follower> Rekey::followers(const ProjectTable& table, const QString& key)
{
    // The source's foreign keys: the rows that follow are source rows.
    const ForeignKeyGraph& keys = m_tables.foreignKeys(u"source"_s);

    struct Moving
    {
        ProjectTable table;
        QStringList keys; // jsonb texts
        QStringList changed; // the columns whose values change
        int depth = 0;
    };
    const QString canonical = m_db.exec(u"SELECT $1::jsonb::text"_s, { key }).text(0, 0);
    QList<Moving> queue { { table, { canonical }, { table.freshKeyColumn }, 0 } };
    QSet<QString> visited { QString::number(table.tableId) + u'/' + canonical };
    QList<Follower> result;
    while (!queue.isEmpty()) {
        const Moving moving = queue.takeFirst();
        if (moving.depth >= kMaxDepth)
            continue;
        for (const ForeignKeyEdge& fk : keys.childrenOf(moving.table.tableId)) {
            bool overlaps = false;
            for (const QString& column : fk.refColumns)
                overlaps = overlaps || moving.changed.contains(column);
            const ProjectTable* childTable = m_tables.byId(fk.childId);
            if (!overlaps || !childTable || childTable->keyless() || !childTable->diffed)
                continue;
            const ProjectTable& child = *childTable;
            // Child rows on source referencing the moving rows, and carried over themselves.
            const PgResult rows = m_db.exec(
                u"SELECT DISTINCT %1::text, %2::text FROM %3 cr "
                "JOIN %4 p ON (%5) = (%6) "
                "JOIN jsonb_array_elements($1::jsonb) moving(k) ON %7 "
                "WHERE EXISTS (SELECT 1 FROM pgreconcile.review r WHERE r.table_id = $2 AND r.key = %1 "
                "AND r.action IN ('take_source', 'rekey')) ORDER BY 1"_s.arg(child.keyOf(m_db, u"cr"_s),
                    moving.table.keyOf(m_db, u"p"_s), child.staged(m_db, u"source"_s),
                    moving.table.staged(m_db, u"source"_s), columnList(u"cr"_s, fk.columns),
                    columnList(u"p"_s, fk.refColumns),
                    moving.table.keyMatch(m_db, u"source"_s, u"p"_s, u"moving.k"_s)),
                { QString(u'[' + moving.keys.join(u',') + u']'), child.tableId });
            // Only the child's columns that hold a changing column move on.
            QStringList changed;
            for (int i = 0; i < fk.columns.size() && i < fk.refColumns.size(); ++i) {
                if (moving.changed.contains(fk.refColumns[i]))
                    changed.append(fk.columns[i]);
            }
            Moving next { child, {}, changed, moving.depth + 1 };
            for (int row = 0; row < rows.rowCount(); ++row) {
                const QString childKey = rows.text(row, 0);
                if (visited.contains(QString::number(child.tableId) + u'/' + childKey))
                    continue;
                visited.insert(QString::number(child.tableId) + u'/' + childKey);
                next.keys.append(childKey);
                result.append({ child.qualifiedName(), childKey, fk.name, moving.table.qualifiedName(),
                    rows.text(row, 1), moving.depth + 1 });
            }
            if (!next.keys.isEmpty())
                queue.append(next);
        }
    }
    return result;
}

QMap<QString, qint64> Rekey::recordMovingCollisions(
    qint64 batchId, const QString& reviewer, const QString& origin)
{
    // Foreign keys whose columns are all part of the child's key and point at the parent's whole key.
    struct Move
    {
        ProjectTable child;
        ProjectTable parent;
        QStringList columns; // the child's columns, in the order of the parent's key
        QString name;
    };
    QList<Move> moves;
    for (const ForeignKeyEdge& fk : m_tables.foreignKeys(u"source"_s).edges()) {
        const ProjectTable* child = m_tables.byId(fk.childId);
        const ProjectTable* parent = m_tables.byId(fk.parentId);
        if (!child || !parent || child->keyless() || parent->keyless() || !child->diffed
            || QSet<QString>(fk.refColumns.begin(), fk.refColumns.end())
                != QSet<QString>(parent->key.begin(), parent->key.end()))
            continue;
        Move move { *child, *parent, {}, fk.name };
        for (const QString& column : parent->key)
            move.columns.append(fk.columns.value(int(fk.refColumns.indexOf(column))));
        bool inKey = true;
        for (const QString& column : std::as_const(move.columns))
            inKey = inKey && child->key.contains(column);
        if (inKey)
            moves.append(move);
    }
    QMap<QString, qint64> recorded;
    for (int level = 0; level < kMaxDepth; ++level) {
        qint64 added = 0;
        for (const Move& move : std::as_const(moves)) {
            const qint64 n
                = m_db.exec(u"INSERT INTO pgreconcile.decisions (table_id, key, change_class, kind, action, "
                            u"note, decided_by, batch_id, origin) "
                            "SELECT c.table_id, c.key, c.change_class, c.kind, 'rekey', "
                            "'moves with ' || $4 || ' ' || p.key::text || ' (re-keyed)', $2, $1, $3 "
                            "FROM pgreconcile.changes c JOIN %1 cr ON %2 "
                            "JOIN pgreconcile.decisions p ON p.batch_id = $1 AND p.table_id = $5 AND "
                            "p.action = 'rekey' "
                            "AND p.key = jsonb_build_array(%3) "
                            "WHERE c.table_id = $6 AND c.change_class = 'conflict' AND c.kind = "
                            "'insert_insert' "
                            "AND NOT EXISTS (SELECT 1 FROM pgreconcile.decisions o WHERE o.batch_id = $1 AND "
                            "o.table_id = c.table_id "
                            "AND o.key = c.key AND o.change_class = c.change_class)"_s.arg(
                                move.child.staged(m_db, u"source"_s),
                                move.child.keyMatch(m_db, u"source"_s, u"cr"_s, u"c.key"_s),
                                columnList(u"cr"_s, move.columns)),
                          { batchId, reviewer, origin, move.parent.qualifiedName(), move.parent.tableId,
                              move.child.tableId })
                      .affectedRows();
            if (n > 0)
                recorded[move.child.qualifiedName()] += n;
            added += n;
        }
        if (added == 0)
            break;
    }
    return recorded;
}

QList<Rekey::ChildAtRisk> Rekey::childrenAtRisk(const std::optional<Page>& page)
{
    QSet<int> colliding;
    const PgResult collisions = m_db.exec(
        u"SELECT DISTINCT table_id FROM pgreconcile.changes WHERE change_class = 'conflict' AND kind = 'insert_insert'"_s);
    for (int row = 0; row < collisions.rowCount(); ++row)
        colliding.insert(int(collisions.toInt64(row, 0)));
    QList<ChildAtRisk> result;
    if (colliding.isEmpty())
        return result;
    for (const ForeignKeyEdge& fk : m_tables.foreignKeys(u"source"_s).edges()) {
        const ProjectTable* parentTable = m_tables.byId(fk.parentId);
        const ProjectTable* childTable = m_tables.byId(fk.childId);
        // Only references to the parent's key can meet a collision of that key.
        if (!parentTable || !childTable || !colliding.contains(parentTable->tableId)
            || parentTable->key != fk.refColumns || childTable->keyless() || !childTable->diffed
            || (page && page->tableId != childTable->tableId))
            continue;
        const ProjectTable& parent = *parentTable;
        const ProjectTable& child = *childTable;
        const PgResult rows = m_db.exec(
            u"SELECT r.key::text, coalesce(r.kind, ''), p.key::text FROM pgreconcile.review r "
            "JOIN %1 cr ON %2 "
            "JOIN pgreconcile.review p ON p.table_id = $2 AND p.change_class = 'conflict' AND p.kind = "
            "'insert_insert' "
            "AND p.key = jsonb_build_array(%3) AND p.action IS DISTINCT FROM 'rekey' "
            "WHERE r.table_id = $1 AND r.state = 'default' AND r.change_class = 'source_only' AND r.kind IN "
            "('insert', 'update') AND ($3::jsonb IS NULL OR r.key IN (SELECT "
            "jsonb_array_elements($3::jsonb))) "
            "ORDER BY r.key"_s.arg(child.staged(m_db, u"source"_s),
                child.keyMatch(m_db, u"source"_s, u"cr"_s, u"r.key"_s), columnList(u"cr"_s, fk.columns)),
            { child.tableId, parent.tableId, page ? SqlParam(page->keys) : SqlParam(std::nullopt) });
        for (int row = 0; row < rows.rowCount(); ++row) {
            result.append({ { child.tableId, child.qualifiedName(), rows.text(row, 0),
                                ChangeClass::SourceOnly, storedOptional<ChangeKind>(rows.text(row, 1)) },
                parent.qualifiedName(), rows.text(row, 2), fk.name });
        }
    }
    return result;
}

} // namespace pgr

namespace pgr {

QHash<QString, QHash<QString, QString>> Rekey::followingColumns(PgConnection& db, const ProjectTables& tables)
{
    QSet<int> rekeyed, mapped, written;
    const PgResult decided = db.exec(u"SELECT DISTINCT table_id, action FROM pgreconcile.review_all "
                                     "WHERE action IN ('rekey', 'map_onto_target')"_s);
    for (int row = 0; row < decided.rowCount(); ++row)
        (storedValue<Action>(decided.text(row, 1)) == Action::Rekey ? rekeyed : mapped)
            .insert(int(decided.toInt64(row, 0)));
    for (const ProjectTable& table : tables.tables()) {
        if (table.compared())
            written.insert(table.tableId);
    }
    // The keys among the tables the script writes.
    QList<ForeignKeyEdge> edges;
    for (const ForeignKeyEdge& edge : tables.foreignKeys(u"target"_s).edges()) {
        if (written.contains(edge.childId) && written.contains(edge.parentId))
            edges.append(edge);
    }
    const ForeignKeyGraph graph(edges);
    QHash<int, QString> movingKeys;
    for (const int id : std::as_const(written)) {
        const ProjectTable& table = *tables.byId(id);
        bool movesWithParent = false;
        for (const ForeignKeyEdge& edge : graph.parentsOf(id)) {
            for (const QString& column : edge.columns)
                movesWithParent = movesWithParent
                    || (table.key.contains(column) && edge.parentId != id && rekeyed.contains(edge.parentId));
        }
        const bool keyMoves = (rekeyed.contains(id) && !movesWithParent) || mapped.contains(id);
        if (keyMoves && !table.freshKeyColumn.isEmpty())
            movingKeys.insert(id, table.freshKeyColumn);
    }
    QHash<QString, QHash<QString, QString>> following;
    const auto follows = graph.followers(movingKeys);
    for (auto table = follows.cbegin(); table != follows.cend(); ++table) {
        QHash<QString, QString>& columns = following[tables.byId(table.key())->qualifiedName()];
        for (auto column = table->cbegin(); column != table->cend(); ++column)
            columns.insert(column.key(), tables.byId(column.value())->qualifiedName());
    }
    return following;
}

} // namespace pgr
