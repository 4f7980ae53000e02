// SPDX-License-Identifier: GPL-3.0-or-later
#include "relations.h"

#include "decisions.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "scriptwriter.h"

#include <QHash>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// Dependents of dependents, parents of parents: at most this deep.
constexpr int kMaxDepth = 16;

// A change in which a side deleted the row.
const QString kSourceDeleted
    = u"((%1.change_class = 'source_only' AND %1.kind = 'delete') "
      "OR (%1.change_class = 'conflict' AND %1.kind IN ('delete_update', 'delete_referenced')))"_s;
const QString kTargetDeleted = u"((%1.change_class = 'target_only' AND %1.kind = 'delete') "
                               "OR (%1.change_class = 'conflict' AND %1.kind = 'update_delete'))"_s;

QString columnList(const PgConnection& db, const QString& alias, const QStringList& columns)
{
    QStringList parts;
    for (const QString& column : columns)
        parts.append(alias + u'.' + db.quoteName(column));
    return u'(' + parts.join(u", "_s) + u')';
}

// The key of alias's row as the diff stores it: the key columns, or the whole row without a key.
QString rowKey(const PgConnection& db, const ProjectTable& table, const QString& alias)
{
    return table.keyless() ? u"to_jsonb(%1)"_s.arg(alias) : table.keyOf(db, alias);
}

// The table of an id; an empty one (keyless, not diffed) for an id the project does not hold.
const ProjectTable& tableOf(const ProjectTables& tables, int tableId)
{
    static const ProjectTable none;
    const ProjectTable* table = tables.byId(tableId);
    return table ? *table : none;
}

// A batch re-checked (Relations::orphans, keptOrphans): a row of the child's whose key is
// childKey, or of the parent's whose key is parentKey, was decided in it. Empty without a batch.
QString inBatch(std::optional<qint64> batchId, int childId, const QString& childKey, int parentId,
    const QString& parentKey)
{
    if (!batchId)
        return {};
    return u" AND (%1 IN (SELECT b.key FROM pgreconcile.decisions b WHERE b.batch_id = %2 AND b.table_id = "
           u"%3) "
           "OR %4 IN (SELECT b.key FROM pgreconcile.decisions b WHERE b.batch_id = %2 AND b.table_id = %5))"_s
               .arg(childKey, QString::number(*batchId), QString::number(childId), parentKey,
                   QString::number(parentId));
}

} // namespace

Relations::Relations(PgConnection& db, ProjectTables tables)
    : m_db(db)
    , m_project(std::move(tables))
{ }

Relations::Relations(PgConnection& db)
    : m_db(db)
{ }

const ProjectTables& Relations::projectTables()
{
    if (!m_project)
        m_project = ProjectTables::read(m_db);
    return *m_project;
}

QList<ForeignKeyEdge> Relations::foreignKeys(const QString& side)
{
    // Both tables diffed three-way with a key on the parent: the classes these rules read.
    const ProjectTables& tables = projectTables();
    QList<ForeignKeyEdge> keys;
    for (const ForeignKeyEdge& key : tables.foreignKeys(side).edges()) {
        const ProjectTable* child = tables.byId(key.childId);
        const ProjectTable* parent = tables.byId(key.parentId);
        if (child && parent && child->threeWay() && parent->threeWay() && !parent->keyless())
            keys.append(key);
    }
    return keys;
}

void Relations::classify()
{
    const ProjectTables& tables = projectTables();
    // A re-diff of some tables leaves the others' changes as they were: every relation is found anew.
    m_db.exec(u"DELETE FROM pgreconcile.related"_s);
    m_db.exec(
        u"UPDATE pgreconcile.changes SET change_class = 'source_only', kind = 'delete' WHERE kind = 'delete_referenced'"_s);
    // An id collision was a source insert: the target had no row under its key.
    m_db.exec(
        u"UPDATE pgreconcile.changes SET change_class = 'source_only', kind = 'insert' WHERE kind = 'id_collision'"_s);
    // The kinds these conflicts replaced: an update had a base row; an insert_insert a target row.
    const PgResult reclassified = m_db.exec(
        u"SELECT DISTINCT table_id FROM pgreconcile.changes WHERE kind IN ('parent_missing', 'unique_collision')"_s);
    for (int row = 0; row < reclassified.rowCount(); ++row) {
        const ProjectTable& table = tableOf(tables, int(reclassified.toInt64(row, 0)));
        m_db.exec(u"UPDATE pgreconcile.changes c SET change_class = 'source_only', kind = CASE WHEN EXISTS "
                  "(SELECT 1 FROM %1 b WHERE %2) THEN 'update' ELSE 'insert' END "
                  "WHERE c.table_id = $1 AND c.kind = 'parent_missing'"_s.arg(
                      table.staged(m_db, u"base"_s), table.keyMatch(m_db, u"base"_s, u"b"_s, u"c.key"_s)),
            { table.tableId });
        m_db.exec(
            u"UPDATE pgreconcile.changes c SET change_class = CASE WHEN u.taken THEN 'conflict' ELSE "
            u"'source_only' END, "
            "kind = CASE WHEN u.taken THEN 'insert_insert' ELSE 'insert' END "
            "FROM (SELECT x.key, EXISTS (SELECT 1 FROM %1 t WHERE %2) AS taken FROM pgreconcile.changes x "
            "WHERE x.table_id = $1 AND x.kind = 'unique_collision') u "
            "WHERE c.table_id = $1 AND c.kind = 'unique_collision' AND c.key = u.key"_s.arg(
                table.staged(m_db, u"target"_s), table.keyMatch(m_db, u"target"_s, u"t"_s, u"x.key"_s)),
            { table.tableId });
    }
    listDependents();
    m_db.exec(u"UPDATE pgreconcile.changes c SET change_class = 'conflict', kind = 'delete_referenced' "
              "WHERE c.change_class = 'source_only' AND c.kind = 'delete' AND EXISTS (SELECT 1 FROM "
              "pgreconcile.related r "
              "WHERE r.table_id = c.table_id AND r.key = c.key AND r.relation = 'dependent')"_s);
    listMissingParents();
    m_db.exec(
        u"UPDATE pgreconcile.changes c SET change_class = 'conflict', kind = 'parent_missing' "
        "WHERE c.change_class = 'source_only' AND c.kind IN ('insert', 'update') AND EXISTS (SELECT 1 FROM "
        "pgreconcile.related r WHERE r.table_id = c.table_id AND r.key = c.key AND r.relation = 'missing_parent')"_s);
    listCascades(u"source"_s);
    listCascades(u"target"_s);
    listUniqueCollisions();
    m_db.exec(
        u"UPDATE pgreconcile.changes c SET change_class = 'conflict', kind = 'unique_collision' "
        "WHERE ((c.change_class = 'source_only' AND c.kind = 'insert') OR (c.change_class = 'conflict' AND "
        "c.kind = 'insert_insert')) "
        "AND EXISTS (SELECT 1 FROM pgreconcile.related r WHERE r.table_id = c.table_id AND r.key = c.key "
        "AND r.relation = 'colliding_row')"_s);
    listIdCollisions();
    m_db.exec(u"UPDATE pgreconcile.changes c SET change_class = 'conflict', kind = 'id_collision' "
              "WHERE c.change_class = 'source_only' AND c.kind = 'insert' AND EXISTS (SELECT 1 FROM "
              "pgreconcile.related r "
              "WHERE r.table_id = c.table_id AND r.key = c.key AND r.relation = 'colliding_id')"_s);
}

// Two sequences handing out the same id, in a key of several columns (payment's (payment_date,
// payment_id)): a source insert whose sequence-fed column holds the value of that column in a
// row the target inserted under another key. Taken as is, both rows keep the one id.
void Relations::listIdCollisions()
{
    const PgResult diffed
        = m_db.exec(u"SELECT table_id FROM pgreconcile.table_diffs WHERE mode = 'three_way' "
                    "AND cardinality(key_columns) > 1"_s);
    for (int row = 0; row < diffed.rowCount(); ++row) {
        const ProjectTable& table = tableOf(projectTables(), int(diffed.toInt64(row, 0)));
        if (!table.compositeWithId())
            continue;
        // x: the table's changes whose row the target has and the base has not (inserted since).
        m_db.exec(u"INSERT INTO pgreconcile.related (table_id, key, relation, other_table_id, other_key, "
                  u"constraint_name, depth) "
                  "SELECT DISTINCT c.table_id, c.key, 'colliding_id', c.table_id, x.key, $2::text, 1 "
                  "FROM pgreconcile.changes c JOIN pgreconcile.changes x ON x.table_id = c.table_id "
                  "AND x.key -> %1 = c.key -> %1 AND x.key <> c.key "
                  "WHERE c.table_id = $1 AND c.change_class = 'source_only' AND c.kind = 'insert' "
                  "AND EXISTS (SELECT 1 FROM %2 t WHERE %3) AND NOT EXISTS (SELECT 1 FROM %4 b WHERE %5) "
                  "ON CONFLICT DO NOTHING"_s.arg(QString::number(table.freshKeyIndex()),
                      table.staged(m_db, u"target"_s), table.keyMatch(m_db, u"target"_s, u"t"_s, u"x.key"_s),
                      table.staged(m_db, u"base"_s), table.keyMatch(m_db, u"base"_s, u"b"_s, u"x.key"_s)),
            { table.tableId, table.freshKeySequence });
    }
}

// A source insert that equals another target row in one of the target's unique constraints
// other than the key: inserted as is, it would fail on that constraint. An insert_insert too:
// under its key or a fresh one, its unique values are taken.
void Relations::listUniqueCollisions()
{
    for (const ProjectTable& table : projectTables().tables()) {
        if (table.threeWay() && !table.keyless())
            listUniqueCollisions(table);
    }
}

void Relations::listUniqueCollisions(const ProjectTable& table)
{
    for (const UniqueKey& unique : table.uniqueKeysBesideKey(u"target"_s)) {
        const QStringList& columns = unique.columns;
        m_db.exec(u"INSERT INTO pgreconcile.related (table_id, key, relation, other_table_id, other_key, "
                  u"constraint_name, depth) "
                  "SELECT DISTINCT c.table_id, c.key, 'colliding_row', c.table_id, %1, $2::text, 1 "
                  "FROM pgreconcile.changes c JOIN %2 sr ON %3 JOIN %4 tr ON %5 = %6 "
                  "WHERE c.table_id = $1 AND ((c.change_class = 'source_only' AND c.kind = 'insert') "
                  "OR (c.change_class = 'conflict' AND c.kind = 'insert_insert')) AND %1 <> c.key "
                  "ON CONFLICT DO NOTHING"_s.arg(table.keyOf(m_db, u"tr"_s), table.staged(m_db, u"source"_s),
                      table.keyMatch(m_db, u"source"_s, u"sr"_s, u"c.key"_s), table.staged(m_db, u"target"_s),
                      columnList(m_db, u"tr"_s, columns), columnList(m_db, u"sr"_s, columns)),
            { table.tableId, unique.name });
        // The same values in the target's own row under the same key: one row on both sides.
        m_db.exec(
            u"INSERT INTO pgreconcile.related (table_id, key, relation, other_table_id, other_key, "
            u"constraint_name, depth) "
            "SELECT c.table_id, c.key, 'same_unique_values', c.table_id, c.key, $2::text, 1 "
            "FROM pgreconcile.changes c JOIN %1 sr ON %2 JOIN %3 tr ON %4 "
            "WHERE c.table_id = $1 AND c.change_class = 'conflict' AND c.kind = 'insert_insert' AND %5 = %6 "
            "ON CONFLICT DO NOTHING"_s.arg(table.staged(m_db, u"source"_s),
                table.keyMatch(m_db, u"source"_s, u"sr"_s, u"c.key"_s), table.staged(m_db, u"target"_s),
                table.keyMatch(m_db, u"target"_s, u"tr"_s, u"c.key"_s), columnList(m_db, u"tr"_s, columns),
                columnList(m_db, u"sr"_s, columns)),
            { table.tableId, unique.name });
    }
}

void Relations::levelByLevel(const std::function<qint64(const ForeignKeyEdge&, int)>& rowsFound)
{
    const QList<ForeignKeyEdge> keys = foreignKeys(u"target"_s);
    for (int depth = 1; depth <= kMaxDepth; ++depth) {
        qint64 found = 0;
        for (const ForeignKeyEdge& fk : keys)
            found += rowsFound(fk, depth);
        if (found == 0)
            break;
    }
}

// The target rows that point at a row the source deleted, and, level by level, the rows that
// point at those: all of them stay after the merge unless a decision removes them.
void Relations::listDependents()
{
    const ProjectTables& tables = projectTables();
    // o: the change a dependent belongs to (owner) and the row it points at (row_key of table $1).
    const QString firstLevel
        = u"SELECT c.table_id AS owner_id, c.key AS owner_key, c.key AS row_key FROM pgreconcile.changes c "
          "WHERE c.table_id = $1 AND c.change_class = 'source_only' AND c.kind = 'delete'"_s;
    const QString deeper
        = u"SELECT r.table_id, r.key, r.other_key FROM pgreconcile.related r "
          "WHERE r.other_table_id = $1 AND r.relation = 'dependent' AND r.depth = $4::int - 1"_s;
    levelByLevel([&](const ForeignKeyEdge& fk, int depth) {
        const ProjectTable& child = tableOf(tables, fk.childId);
        const ProjectTable& parent = tableOf(tables, fk.parentId);
        return m_db
            .exec(u"INSERT INTO pgreconcile.related (table_id, key, relation, other_table_id, "
                  u"other_key, constraint_name, depth) "
                  "SELECT DISTINCT o.owner_id, o.owner_key, 'dependent', $2::int, %1, $3::text, "
                  "$4::int "
                  "FROM (%2) o (owner_id, owner_key, row_key) JOIN %3 p ON %4 JOIN %5 ch ON %6 = %7 "
                  "WHERE NOT EXISTS (SELECT 1 FROM pgreconcile.changes x WHERE x.table_id = $2 AND "
                  "x.key = %1 "
                  "AND x.change_class = 'source_only' AND x.kind = 'delete') "
                  "ON CONFLICT DO NOTHING"_s.arg(rowKey(m_db, child, u"ch"_s),
                      depth == 1 ? firstLevel : deeper, parent.staged(m_db, u"target"_s),
                      parent.keyMatch(m_db, u"target"_s, u"p"_s, u"o.row_key"_s),
                      child.staged(m_db, u"target"_s), columnList(m_db, u"ch"_s, fk.columns),
                      columnList(m_db, u"p"_s, fk.refColumns)),
                { fk.parentId, fk.childId, fk.name, depth })
            .affectedRows();
    });
}

// The parents a source insert or update points at that the target deleted; restoring one may
// need its own parent back, level by level.
void Relations::listMissingParents()
{
    const ProjectTables& tables = projectTables();
    // o: the change a missing parent belongs to (owner) and the source row that points (row_key of table $1).
    const QString firstLevel
        = u"SELECT c.table_id, c.key, c.key FROM pgreconcile.changes c "
          "WHERE c.table_id = $1 AND c.change_class = 'source_only' AND c.kind IN ('insert', 'update')"_s;
    const QString deeper
        = u"SELECT r.table_id, r.key, r.other_key FROM pgreconcile.related r "
          "WHERE r.other_table_id = $1 AND r.relation = 'missing_parent' AND r.depth = $4::int - 1"_s;
    levelByLevel([&](const ForeignKeyEdge& fk, int depth) -> qint64 {
        const ProjectTable& child = tableOf(tables, fk.childId);
        const ProjectTable& parent = tableOf(tables, fk.parentId);
        if (child.keyless())
            return 0;
        return m_db
            .exec(u"INSERT INTO pgreconcile.related (table_id, key, relation, other_table_id, "
                  u"other_key, constraint_name, depth) "
                  "SELECT DISTINCT o.owner_id, o.owner_key, 'missing_parent', $2::int, pc.key, "
                  "$3::text, $4::int "
                  "FROM (%1) o (owner_id, owner_key, row_key) JOIN %2 sc ON %3 JOIN %4 sp ON %5 "
                  "= %6 "
                  "JOIN pgreconcile.changes pc ON pc.table_id = $2 AND pc.key = %7 AND %8 "
                  "ON CONFLICT DO NOTHING"_s.arg(depth == 1 ? firstLevel : deeper,
                      child.staged(m_db, u"source"_s),
                      child.keyMatch(m_db, u"source"_s, u"sc"_s, u"o.row_key"_s),
                      parent.staged(m_db, u"source"_s), columnList(m_db, u"sp"_s, fk.refColumns),
                      columnList(m_db, u"sc"_s, fk.columns), parent.keyOf(m_db, u"sp"_s),
                      kTargetDeleted.arg(u"pc"_s)),
                { fk.childId, fk.parentId, fk.name, depth })
            .affectedRows();
    });
}

// The rows a side deleted with their parent through an ON DELETE CASCADE key of that side: the
// base row of a deleted child points at the base row of a deleted parent.
void Relations::listCascades(const QString& side)
{
    const ProjectTables& tables = projectTables();
    const QString deleted = side == u"source"_s ? kSourceDeleted : kTargetDeleted;
    for (const ForeignKeyEdge& fk : foreignKeys(side)) {
        const ProjectTable& child = tableOf(tables, fk.childId);
        const ProjectTable& parent = tableOf(tables, fk.parentId);
        if (fk.onDelete != u"c"_s || child.keyless())
            continue;
        m_db.exec(u"INSERT INTO pgreconcile.related (table_id, key, relation, other_table_id, other_key, "
                  u"constraint_name, depth) "
                  "SELECT DISTINCT pc.table_id, pc.key, $3::text, c.table_id, c.key, $4::text, 1 "
                  "FROM pgreconcile.changes c JOIN %1 bc ON %2 JOIN %3 bp ON %4 = %5 "
                  "JOIN pgreconcile.changes pc ON pc.table_id = $2 AND pc.key = %6 AND %7 "
                  "WHERE c.table_id = $1 AND %8 ON CONFLICT DO NOTHING"_s.arg(child.staged(m_db, u"base"_s),
                      child.keyMatch(m_db, u"base"_s, u"bc"_s, u"c.key"_s), parent.staged(m_db, u"base"_s),
                      columnList(m_db, u"bp"_s, fk.refColumns), columnList(m_db, u"bc"_s, fk.columns),
                      parent.keyOf(m_db, u"bp"_s), deleted.arg(u"pc"_s), deleted.arg(u"c"_s)),
            { fk.childId, fk.parentId,
                reportName(side == u"source"_s ? Relation::CascadedOnSource : Relation::CascadedOnTarget),
                fk.name });
    }
}

qint64 Relations::recordFollowers(qint64 batchId, const QString& reviewer)
{
    // Whether the row of decision d ends present after the merge.
    const QString present
        = u"(d.action IN ('edit', 'merge', 'rekey') OR (d.action = 'take_source' AND NOT %1) "
          "OR (d.action IN ('keep_target', 'map_onto_target') AND NOT %2))"_s.arg(
              kSourceDeleted.arg(u"d"_s), kTargetDeleted.arg(u"d"_s));
    // Dependents and missing parents follow a decision taken from the source; a decision that
    // keeps the target takes back what they followed before.
    const QString listed = u"CASE WHEN d.action = 'take_source' THEN 'take_source' ELSE 'keep_target' END"_s;
    const QString listedWhen = u"r.relation IN ('dependent', 'missing_parent') AND d.kind IN "
                               u"('delete_referenced', 'parent_missing') "
                               "AND (d.action = 'take_source' OR cur.origin = 'follows')"_s;
    // Rows deleted by cascade: kept or restored with their parent, deleted with it, unless a
    // person decided them on their own.
    const QString cascaded
        = u"CASE WHEN %1 = (r.relation = 'cascaded_on_source') THEN 'keep_target' ELSE 'take_source' END"_s
              .arg(present);
    const QString cascadedWhen = u"r.relation IN ('cascaded_on_source', 'cascaded_on_target') "
                                 "AND (cur.origin IS NULL OR cur.origin = 'follows')"_s;
    const QString follow = uR"(
INSERT INTO pgreconcile.decisions (table_id, key, change_class, kind, action, note, decided_by, batch_id, origin)
SELECT DISTINCT ON (x.table_id, x.key, x.change_class) x.table_id, x.key, x.change_class, x.kind, %1,
       'follows ' || t.schema_name || '.' || t.table_name || ' ' || d.key::text || ' (' || d.action || ')', $2::text, $1::bigint, 'follows'
FROM pgreconcile.decisions d
JOIN pgreconcile.tables t ON t.table_id = d.table_id
JOIN pgreconcile.related r ON r.table_id = d.table_id AND r.key = d.key
JOIN pgreconcile.changes x ON x.table_id = r.other_table_id AND x.key = r.other_key AND x.change_class <> 'same_change'
LEFT JOIN pgreconcile.current_decisions cur
       ON cur.table_id = x.table_id AND cur.key = x.key AND cur.change_class = x.change_class
WHERE d.batch_id = $1 AND NOT d.undone AND %2
  AND NOT EXISTS (SELECT 1 FROM pgreconcile.decisions o WHERE o.batch_id = $1 AND o.table_id = x.table_id
                  AND o.key = x.key AND o.change_class = x.change_class)
ORDER BY x.table_id, x.key, x.change_class, d.decision_id DESC)"_s;
    qint64 recorded = 0;
    for (int level = 0; level < kMaxDepth; ++level) {
        qint64 added = m_db.exec(follow.arg(listed, listedWhen), { batchId, reviewer }).affectedRows();
        added += m_db.exec(follow.arg(cascaded, cascadedWhen), { batchId, reviewer }).affectedRows();
        recorded += added;
        if (added == 0)
            break;
    }
    return recorded;
}

QStringList Relations::orphans(int limit, std::optional<qint64> batchId)
{
    const ProjectTables& tables = projectTables();
    QStringList found;
    for (const ForeignKeyEdge& fk : foreignKeys(u"target"_s)) {
        const ProjectTable& child = tableOf(tables, fk.childId);
        const ProjectTable& parent = tableOf(tables, fk.parentId);
        if (child.keyless() || fk.refColumns.size() != parent.key.size() || found.size() >= limit)
            continue;
        QStringList childNames, parentNames;
        const QString childRows = ScriptWriter::finalRowsSql(m_db, child, &childNames);
        // With the kept rows: a parent mapped onto the target's row is one (its children follow it).
        const QString parentRows = ScriptWriter::finalRowsSql(m_db, parent, &parentNames, true);
        // The child's values of the parent's key, in the key's order, typed as the parent's key.
        QStringList values, present;
        const QStringList types = parent.keyTypes.value(u"target"_s);
        for (int k = 0; k < parent.key.size(); ++k) {
            const int i = int(fk.refColumns.indexOf(parent.key[k]));
            const int c = i < 0 ? -1 : int(childNames.indexOf(fk.columns[i]));
            if (c < 0 || k >= types.size()) {
                values.clear();
                break;
            }
            values.append(u"(x.f%1)::%2"_s.arg(c).arg(types[k]));
            present.append(u"x.f%1 IS NOT NULL"_s.arg(c));
        }
        if (values.isEmpty())
            continue;
        const QString parentKey = u"jsonb_build_array(%1)"_s.arg(values.join(u", "_s));
        const PgResult rows = m_db.exec(
            u"SELECT x.key, %1::text FROM (%2) x (%3) LEFT JOIN (%4) p (%5) ON p.key::jsonb = %1 "
            "WHERE x.final_present AND %6%9 "
            "AND NOT coalesce(p.final_present OR p.action = 'map_onto_target', EXISTS (SELECT 1 FROM %7 t WHERE %8)) LIMIT $1"_s
                .arg(parentKey, childRows, ScriptWriter::finalRowsAliases(int(childNames.size())), parentRows,
                    ScriptWriter::finalRowsAliases(int(parentNames.size())), present.join(u" AND "_s),
                    parent.staged(m_db, u"target"_s), parent.keyMatch(m_db, u"target"_s, u"t"_s, parentKey),
                    inBatch(batchId, fk.childId, u"x.key::jsonb"_s, fk.parentId, parentKey)),
            { limit - int(found.size()) });
        for (int row = 0; row < rows.rowCount(); ++row)
            found.append(u"%1 %2 → %3 %4 (%5)"_s.arg(child.qualifiedName(), rows.text(row, 0),
                parent.qualifiedName(), rows.text(row, 1), fk.name));
    }
    return found;
}

QStringList Relations::keptOrphans(int limit, std::optional<qint64> batchId)
{
    const ProjectTables& tables = projectTables();
    QStringList found;
    for (const ForeignKeyEdge& fk : foreignKeys(u"target"_s)) {
        const ProjectTable& child = tableOf(tables, fk.childId);
        const ProjectTable& parent = tableOf(tables, fk.parentId);
        if (child.keyless() || parent.keyless() || fk.refColumns.size() != parent.key.size()
            || found.size() >= limit)
            continue;
        if (batchId
            && !m_db.exec(
                        u"SELECT EXISTS (SELECT 1 FROM pgreconcile.decisions WHERE batch_id = $1 AND table_id IN ($2, $3))"_s,
                        { *batchId, fk.parentId, fk.childId })
                    .toBool(0, 0))
            continue;
        QStringList pointer; // the child's columns in the order of the parent's key
        for (const QString& keyColumn : parent.key) {
            const int i = int(fk.refColumns.indexOf(keyColumn));
            if (i >= 0)
                pointer.append(u"c."_s + m_db.quoteName(fk.columns[i]));
        }
        if (pointer.size() != parent.key.size())
            continue;
        QStringList parentNames;
        const QString parentRows = ScriptWriter::finalRowsSql(m_db, parent, &parentNames, true);
        const QString childKey = child.keyOf(m_db, u"c"_s);
        // Parents the script deletes, and the target's rows under them that no decision writes.
        const PgResult rows = m_db.exec(
            u"SELECT %1::text, p.key FROM (%2) p (%3) JOIN %4 c ON jsonb_build_array(%5) = p.key::jsonb "
            "LEFT JOIN pgreconcile.review_all x ON x.table_id = $2 AND x.key = %1 "
            "WHERE NOT p.final_present AND p.target_present AND (x.action IS NULL OR x.action IN "
            "('keep_target', 'map_onto_target'))%6 "
            "LIMIT $1"_s.arg(childKey, parentRows, ScriptWriter::finalRowsAliases(int(parentNames.size())),
                child.staged(m_db, u"target"_s), pointer.join(u", "_s),
                inBatch(batchId, fk.childId, childKey, fk.parentId, u"p.key::jsonb"_s)),
            { limit - int(found.size()), fk.childId });
        for (int row = 0; row < rows.rowCount(); ++row)
            found.append(
                u"%1 %2 stays and points at %3 %4, which a decision deletes (%5)"_s.arg(child.qualifiedName(),
                    rows.text(row, 0), parent.qualifiedName(), rows.text(row, 1), fk.name));
    }
    return found;
}

QStringList Relations::mappingProblems(int limit)
{
    QStringList found;
    // Decided rows still as mappable as when they were decided (their rows decided since).
    const PgResult mapped
        = m_db.exec(u"SELECT r.table_id, t.schema_name || '.' || t.table_name, r.key::text, r.change_class, "
                    "r.kind FROM pgreconcile.review_all r JOIN pgreconcile.tables t USING (table_id) "
                    "WHERE r.action = 'map_onto_target' ORDER BY 2, 3 LIMIT $1"_s,
            { limit });
    for (int row = 0; row < mapped.rowCount(); ++row) {
        const ChangeId change { int(mapped.toInt64(row, 0)), mapped.text(row, 1), mapped.text(row, 2),
            storedValue<ChangeClass>(mapped.text(row, 3)), storedOptional<ChangeKind>(mapped.text(row, 4)) };
        if (const QString whyNot = mapping(change).whyNot; !whyNot.isEmpty() && found.size() < limit)
            found.append(
                u"%1 %2 is mapped onto the target's row, but %3"_s.arg(change.table, change.key, whyNot));
    }
    // The target's row a source row is mapped onto must stay: its references point there.
    const PgResult tables = m_db.exec(
        u"SELECT DISTINCT table_id FROM pgreconcile.review_all WHERE action = 'map_onto_target'"_s);
    for (int row = 0; row < tables.rowCount() && found.size() < limit; ++row) {
        const ProjectTable& table = tableOf(projectTables(), int(tables.toInt64(row, 0)));
        QStringList names;
        const QString finals = ScriptWriter::finalRowsSql(m_db, table, &names, true);
        const PgResult lost = m_db.exec(
            u"SELECT m.key::text, m.mapped_onto::text FROM pgreconcile.review_all m JOIN (%1) x (%2) ON "
            u"x.key::jsonb = m.mapped_onto "
            "WHERE m.table_id = $1 AND m.action = 'map_onto_target' AND NOT x.final_present LIMIT $2"_s.arg(
                finals, ScriptWriter::finalRowsAliases(int(names.size()))),
            { table.tableId, limit - int(found.size()) });
        for (int r = 0; r < lost.rowCount(); ++r)
            found.append(u"%1 %2 is mapped onto the target's row %3, which a decision deletes"_s.arg(
                table.qualifiedName(), lost.text(r, 0), lost.text(r, 1)));
    }
    return found;
}

Relations::Mapping Relations::mapping(const ChangeId& change)
{
    const ProjectTable& table = tableOf(projectTables(), change.tableId);
    const PgResult onto
        = m_db.exec(u"SELECT DISTINCT other_key::text FROM pgreconcile.related WHERE table_id = $1 "
                    "AND key = $2::jsonb AND relation = 'colliding_row' ORDER BY 1"_s,
            { change.tableId, change.key });
    Mapping mapping;
    if (onto.rowCount() == 0) {
        mapping.whyNot = u"no target row collides with it (diff again if the sides were reloaded)"_s;
        return mapping;
    }
    if (onto.rowCount() > 1) {
        QStringList keys;
        for (int row = 0; row < onto.rowCount(); ++row)
            keys.append(onto.text(row, 0));
        mapping.whyNot
            = u"it equals %1 different target rows (%2) in its unique constraints, and can stand for one only"_s
                  .arg(QString::number(keys.size()), keys.join(u", "_s));
        return mapping;
    }
    if (table.key.size() != 1) {
        mapping.whyNot
            = u"its key (%1) has several columns; the rows that reference it follow a one-column key only"_s
                  .arg(table.key.join(u", "_s));
        return mapping;
    }
    for (const ForeignKeyEdge& fk : foreignKeys(u"target"_s)) {
        const ProjectTable& child = tableOf(projectTables(), fk.childId);
        bool keyHoldsIt = false;
        for (const QString& column : fk.columns)
            keyHoldsIt = keyHoldsIt || child.key.contains(column);
        if (fk.parentId != change.tableId || !keyHoldsIt || fk.refColumns != table.key)
            continue;
        const PgResult held = m_db.exec(
            u"SELECT string_agg(c.key::text, ', ' ORDER BY c.key) FROM %1 s JOIN pgreconcile.changes c ON "
            u"c.table_id = $1 "
            "AND c.key = %2 JOIN pgreconcile.review r ON r.table_id = c.table_id AND r.key = c.key AND "
            "r.change_class = c.change_class "
            "WHERE s.%3::text = ($2::jsonb ->> 0) AND r.action IS DISTINCT FROM 'keep_target'"_s.arg(
                child.staged(m_db, u"source"_s), child.keyOf(m_db, u"s"_s),
                m_db.quoteName(fk.columns.first())),
            { fk.childId, change.key });
        if (!held.isNull(0, 0)) {
            mapping.whyNot
                = u"rows of %1 (%2) hold its key in their own key (%3): they would take the keys of the "
                  "target row's own rows; keep the target for them first"_s.arg(
                      child.qualifiedName(), held.text(0, 0), fk.name);
            return mapping;
        }
    }
    mapping.ontoKey = onto.text(0, 0);
    return mapping;
}

QList<Relations::Related> Relations::relatedTo(int tableId, const QString& key)
{
    const PgResult rows
        = m_db.exec(u"SELECT r.relation, t.schema_name || '.' || t.table_name, r.other_key::text, "
                    u"r.constraint_name, r.depth, "
                    "coalesce(v.state, ''), coalesce(v.action, '') FROM pgreconcile.related r "
                    "JOIN pgreconcile.tables t ON t.table_id = r.other_table_id "
                    "LEFT JOIN pgreconcile.review v ON v.table_id = r.other_table_id AND v.key = r.other_key "
                    "AND v.change_class <> 'same_change' "
                    "WHERE r.table_id = $1 AND r.key = $2::jsonb ORDER BY r.relation, r.depth, 2, 3"_s,
            { tableId, key });
    QList<Related> related;
    for (int row = 0; row < rows.rowCount(); ++row) {
        related.append({ storedValue<Relation>(rows.text(row, 0)), rows.text(row, 1), rows.text(row, 2),
            rows.text(row, 3), int(rows.toInt64(row, 4)), storedOptional<DecisionState>(rows.text(row, 5)),
            storedOptional<Action>(rows.text(row, 6)) });
    }
    return related;
}

} // namespace pgr
