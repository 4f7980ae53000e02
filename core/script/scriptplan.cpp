// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptplan.h"

#include "error.h"
#include "pgconnection.h"
#include "scriptwriter.h"
#include "uniquevalueorder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

namespace {

// a.<aPrefix>N = b.<bPrefix>M for the key's columns (child) and the referenced ones (parent).
QString keyPairs(const Table& child, const Table& parent, const ForeignKeyEdge& key, const QString& childSide,
    const QString& parentSide)
{
    QStringList parts;
    for (int k = 0; k < key.columns.size() && k < key.refColumns.size(); ++k)
        parts.append(u"%1%2 = %3%4"_s.arg(parentSide)
                         .arg(columnIndex(parent, key.refColumns[k]))
                         .arg(childSide)
                         .arg(columnIndex(child, key.columns[k])));
    return parts.join(u" AND "_s);
}

// "(v.<childSide>N, ..) IN (SELECT p.<parentSide>M, .. FROM rows p WHERE ops)": the row points at
// one of the parent's rows of those operations (an IN list is hashed: one pass over them).
QString pointsAt(const Table& child, const Table& parent, const ForeignKeyEdge& key, const QString& side,
    const QString& parentRows, const QString& ops)
{
    QStringList mine, theirs;
    for (int k = 0; k < key.columns.size() && k < key.refColumns.size(); ++k) {
        mine.append(u"v.%1%2"_s.arg(side).arg(columnIndex(child, key.columns[k])));
        theirs.append(u"p.%1%2"_s.arg(side).arg(columnIndex(parent, key.refColumns[k])));
    }
    return u"(%1) IN (SELECT %2 FROM (%3) AS p WHERE p.op IN (%4))"_s.arg(
        mine.join(u", "_s), theirs.join(u", "_s), parentRows, ops);
}

} // namespace

QList<int> parentsFirst(const QList<Table>& tables, bool* deferNeeded)
{
    QList<ForeignKeyEdge> keys;
    QList<int> ids;
    QHash<int, int> indexOf;
    for (int i = 0; i < tables.size(); ++i) {
        keys += tables[i].foreignKeys;
        ids.append(tables[i].id);
        indexOf.insert(tables[i].id, i);
    }
    const ForeignKeyGraph::Order order = ForeignKeyGraph(keys).parentsFirst(ids);
    if (!order.cycle.isEmpty()) {
        QStringList cycle;
        for (const int id : order.cycle)
            cycle.append(tables[indexOf.value(id)].name);
        throw Error(u"the foreign keys of %1 form a cycle that cannot be deferred"_s.arg(cycle.join(u", "_s)),
            u"make one foreign key on the cycle DEFERRABLE on the target (ALTER TABLE … ALTER CONSTRAINT … "
            "DEFERRABLE), or apply those tables' changes by hand"_s);
    }
    *deferNeeded = order.deferNeeded;
    QList<int> indexes;
    for (const int id : order.tables)
        indexes.append(indexOf.value(id));
    return indexes;
}

bool checkedAtOnce(const ForeignKeyEdge& key) { return !key.deferrable || key.onDelete != u"a"_s; }

ScriptPlan::ScriptPlan(PgConnection& db, const ProjectTables& project, const QList<Table>& tables)
    : m_db(db)
    , m_project(project)
    , m_tables(tables)
{ }

QString ScriptPlan::rowsSql(const Table& table)
{
    return u"SELECT v.*, %1 AS step FROM (%2) AS v"_s.arg(stepSql(table), opRowsSql(table));
}

const Table* ScriptPlan::byId(int tableId) const
{
    for (const Table& table : m_tables) {
        if (table.id == tableId)
            return &table;
    }
    return nullptr;
}

QString ScriptPlan::finalRows(const Table& table)
{
    if (!m_finalRows.contains(table.id))
        m_finalRows.insert(table.id, ScriptWriter::finalRowsSql(m_db, *m_project.byId(table.id), nullptr));
    return m_finalRows.value(table.id);
}

bool ScriptPlan::hasScriptRows(const Table& table)
{
    if (!m_hasRows.contains(table.id))
        m_hasRows.insert(table.id,
            m_db.exec(u"SELECT EXISTS (SELECT 1 FROM pgreconcile.review_all WHERE table_id = $1 "
                      "AND action IS NOT NULL AND action <> 'keep_target')"_s,
                    { table.id })
                .toBool(0, 0));
    return m_hasRows.value(table.id);
}

QString ScriptPlan::opRowsSql(const Table& table)
{
    const int n = int(table.columns.size());
    QStringList finals, reviewed,
        aliases = { u"key"_s, u"action"_s, u"final_present"_s, u"target_present"_s };
    for (int i = 0; i < n; ++i)
        finals.append(u"f%1"_s.arg(i));
    for (int i = 0; i < n; ++i)
        reviewed.append(u"r%1"_s.arg(i));
    aliases += finals + reviewed;
    // OFFSET 0 keeps the inner query a subquery, so its CASE expressions run once per row.
    return u"SELECT op, key, %1, %2 FROM (SELECT CASE "
           "WHEN action = 'rekey' THEN 'r' "
           "WHEN NOT final_present AND target_present THEN 'd' "
           "WHEN final_present AND NOT target_present THEN 'i' "
           "WHEN final_present AND target_present AND ROW(%1) IS DISTINCT FROM ROW(%2) THEN 'u' END AS "
           "op, "
           "key, %1, %2 FROM (%3 OFFSET 0) AS x (%4)) AS y WHERE op IS NOT NULL"_s.arg(
               finals.join(u", "_s), reviewed.join(u", "_s), finalRows(table), aliases.join(u", "_s));
}

QString ScriptPlan::stepSql(const Table& table)
{
    // Re-pointed away from a row the script deletes: before that delete (its ON DELETE action
    // or check would find the row still pointing at it).
    QStringList early;
    for (const ForeignKeyEdge& key : table.foreignKeys) {
        const Table* parent = byId(key.parentId);
        if (!parent || parent->key.isEmpty() || !checkedAtOnce(key) || !hasScriptRows(*parent))
            continue;
        early.append(pointsAt(table, *parent, key, u"r"_s, opRowsSql(*parent), u"'d'"_s));
    }
    // Pointing at a row of its own table that the script inserts: after the inserts.
    QStringList late;
    for (const ForeignKeyEdge& key : table.foreignKeys) {
        if (key.parentId == table.id && !key.deferrable)
            late.append(pointsAt(table, table, key, u"f"_s, opRowsSql(table), u"'i', 'r'"_s));
    }
    const QString ranks = m_ranks.contains(table.id)
        ? u"coalesce((%1::jsonb ->> v.key)::int, 0)"_s.arg(m_db.quoteLiteral(m_ranks.value(table.id)))
        : u"0"_s;
    return u"CASE WHEN v.op = 'd' THEN %1 WHEN v.op IN ('i', 'r') THEN %2%3%4 ELSE %5 + %6 END"_s.arg(
        QString::number(kDelete), QString::number(kInsert),
        early.isEmpty() ? QString()
                        : u" WHEN "_s + early.join(u" OR "_s) + u" THEN "_s + QString::number(kEarlyUpdate),
        late.isEmpty() ? QString()
                       : u" WHEN "_s + late.join(u" OR "_s) + u" THEN "_s + QString::number(kLateUpdate),
        QString::number(kUpdate), ranks);
}

void ScriptPlan::forEachStep(
    const QList<int>& order, const std::function<void(const Table&, Operation, int)>& writeStep) const
{
    for (const int index : order)
        writeStep(m_tables[index], Operation::Update, kEarlyUpdate);
    for (auto it = order.rbegin(); it != order.rend(); ++it)
        writeStep(m_tables[*it], Operation::Delete, kDelete);
    for (const int index : order) {
        for (int rank = 0; rank <= maxRank(m_tables[index]); ++rank)
            writeStep(m_tables[index], Operation::Update, kUpdate + rank);
        writeStep(m_tables[index], Operation::Insert, kInsert);
        writeStep(m_tables[index], Operation::Update, kLateUpdate);
    }
}

QString ScriptPlan::orderedSql(const Table& table, const QString& filteredRows, Operation operation)
{
    // Rows of one batch may point at each other: PostgreSQL checks a statement's keys at its end.
    const QString side = operation == Operation::Insert ? u"f"_s : u"r"_s;
    QStringList parentOf;
    for (const ForeignKeyEdge& key : table.foreignKeys) {
        if (key.parentId == table.id && checkedAtOnce(key))
            parentOf.append(u"("_s + keyPairs(table, table, key, u"c."_s + side, u"p."_s + side) + u')');
    }
    if (parentOf.isEmpty() || operation == Operation::Update)
        return u"SELECT * FROM (%1) AS z ORDER BY key"_s.arg(filteredRows);
    // Depth over the self-reference among these rows (rows on a cycle of them have none: last).
    const QString isParent = parentOf.join(u" OR "_s);
    return u"WITH RECURSIVE z AS (%1), "
           "d (key, depth) AS (SELECT c.key, 0 FROM z c WHERE NOT EXISTS (SELECT 1 FROM z p WHERE p.key <> "
           "c.key AND (%2)) "
           "UNION ALL SELECT c.key, d.depth + 1 FROM d JOIN z p ON p.key = d.key JOIN z c ON c.key <> p.key "
           "AND (%2) "
           "WHERE d.depth < 10000) "
           "SELECT z.* FROM z LEFT JOIN (SELECT key, max(depth) AS depth FROM d GROUP BY key) m ON m.key = "
           "z.key "
           "ORDER BY m.depth %3 NULLS LAST, z.key"_s.arg(
               filteredRows, isParent, operation == Operation::Insert ? u"ASC"_s : u"DESC"_s);
}

void ScriptPlan::orderUniqueValues()
{
    for (const Table& table : m_tables) {
        if (!table.key.isEmpty() && hasScriptRows(table))
            orderUniqueValues(table);
    }
}

void ScriptPlan::orderUniqueValues(const Table& table)
{
    UniqueValueOrder order(table.name);
    // The target's unique constraints but the key's (its primary key is not among them either).
    for (const UniqueKey& unique : m_project.byId(table.id)->uniqueKeysBesideKey(u"target"_s)) {
        const QString pairsSql = uniquePairsSql(table, unique.columns);
        if (pairsSql.isEmpty())
            continue;
        const PgResult pairs = m_db.exec(pairsSql);
        for (int row = 0; row < pairs.rowCount(); ++row)
            order.add({ pairs.text(row, 0), int(pairs.toInt64(row, 1)), pairs.text(row, 2),
                          int(pairs.toInt64(row, 4)), pairs.toBool(row, 5), pairs.text(row, 6) },
                unique.name, unique.columns);
    }
    if (order.isEmpty())
        return;
    const QHash<QString, int> rank = order.ranks();
    QJsonObject ranks;
    int maxRank = 0;
    for (auto r = rank.cbegin(); r != rank.cend(); ++r) {
        ranks.insert(r.key(), r.value());
        maxRank = std::max(maxRank, r.value());
    }
    m_ranks.insert(table.id, QString::fromUtf8(QJsonDocument(ranks).toJson(QJsonDocument::Compact)));
    m_maxRank.insert(table.id, maxRank);
}

// The rows the script writes with a value of the unique constraint's columns that another row
// holds: the target's rows (h, with what the script does to them, w) and the script's other rows
// (y). Columns: taker key, its step, holder key, its op and step, whether the value stays taken,
// the value. Empty for a constraint on a column the target does not have.
QString ScriptPlan::uniquePairsSql(const Table& table, const QStringList& columns)
{
    QStringList taken, kept, finalOf, wFinal, notNull, holder, match, keyParts;
    for (int k = 0; k < columns.size(); ++k) {
        const int i = columnIndex(table, columns[k]);
        if (i < 0)
            return {};
        finalOf.append(u"x.f%1"_s.arg(i));
        wFinal.append(u"w.f%1"_s.arg(i));
        notNull.append(u"f%1 IS NOT NULL"_s.arg(i));
        taken.append(u"f%1"_s.arg(i));
        kept.append(u"r%1"_s.arg(i));
        holder.append(u"t.%1::text AS a%2"_s.arg(m_db.quoteName(columns[k])).arg(k));
        match.append(u"h.a%1 = x.f%2"_s.arg(k).arg(i));
    }
    for (const QString& column : table.key)
        keyParts.append(u"t."_s + m_db.quoteName(column));
    return u"WITH v AS (%1), "
           "x AS (SELECT * FROM v WHERE op IN ('u', 'i', 'r') AND %2 AND (op <> 'u' OR ROW(%3) IS "
           "DISTINCT FROM ROW(%4))) "
           "SELECT x.key, x.step, h.key, coalesce(w.op, ''), coalesce(w.step, 0), "
           "h.key = x.key OR w.op IS NULL OR w.op = 'r' OR (w.op = 'u' AND ROW(%5) IS NOT DISTINCT FROM "
           "ROW(%6)), concat_ws(', ', %6) "
           "FROM x JOIN (SELECT jsonb_build_array(%7)::text AS key, %8 FROM target.%9 t) h ON %10 "
           "LEFT JOIN v w ON w.key = h.key WHERE h.key <> x.key OR x.op = 'r' "
           "UNION ALL SELECT x.key, x.step, y.key, y.op, y.step, true, concat_ws(', ', %6) FROM x JOIN "
           "x y "
           "ON ROW(%11) = ROW(%6) AND x.key < y.key"_s.arg(rowsSql(table), notNull.join(u" AND "_s),
               taken.join(u", "_s), kept.join(u", "_s), wFinal.join(u", "_s), finalOf.join(u", "_s),
               keyParts.join(u", "_s), holder.join(u", "_s), m_db.quoteName(table.staged),
               match.join(u" AND "_s), QString(finalOf.join(u", "_s)).replace(u"x.f"_s, u"y.f"_s));
}

} // namespace pgr::script
