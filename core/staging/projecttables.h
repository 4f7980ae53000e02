// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace pgr {

class PgConnection;

// One column of a table on one side: read from the side's catalog by the loader (ColumnInfo),
// stored in pgreconcile.columns and read back from there.
struct ProjectColumn
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

// A foreign key of one side: the child table's columns point at the parent's. The loader reads
// it from the side's catalog (ForeignKeyInfo, without ids); the project reads it back.
struct ForeignKeyEdge
{
    int childId = 0;
    int parentId = 0; // 0: the referenced table is not a table of the review
    QString name;
    QStringList columns;
    QString refSchema;
    QString refTable;
    QStringList refColumns;
    bool deferrable = false;
    bool deferred = false;
    QString
        onDelete; // pg_constraint.confdeltype: a no action, r restrict, c cascade, n set null, d set default
    QString onUpdate;

    QString parentName() const { return refSchema + u'.' + refTable; }
};

// A unique constraint of a side: non-partial, without expressions, other than the primary key.
struct UniqueKey
{
    QString name;
    QStringList columns;
};

// The foreign keys of one side as a graph of table ids. Pure: unit-tested without a server.
class ForeignKeyGraph
{
public:
    ForeignKeyGraph() = default;
    explicit ForeignKeyGraph(QList<ForeignKeyEdge> edges);

    const QList<ForeignKeyEdge>& edges() const { return m_edges; }
    QList<ForeignKeyEdge> parentsOf(int childId) const; // the keys the table holds
    QList<ForeignKeyEdge> childrenOf(int parentId) const; // the keys that point at the table

    // Parents before children among tables (in their order otherwise), over the keys checked at
    // once: a deferrable key imposes no order, the script defers it where the order breaks it
    // (deferNeeded), so one deferrable key per cycle is enough. Tables on a cycle of keys none
    // of which is deferrable are left out of order and listed in cycle.
    struct Order
    {
        QList<int> tables;
        bool deferNeeded = false;
        QList<int> cycle;
    };
    Order parentsFirst(const QList<int>& tables) const;

    // Which columns carry a moving key (children follow a re-keyed parent): movingKeys gives,
    // per table whose key moves, the column that takes a fresh value. The children's foreign key
    // columns that point at it follow, then, through composite keys, the grandchildren's, until
    // nothing changes. Per table: column → the table whose key it holds.
    QHash<int, QHash<QString, int>> followers(const QHash<int, QString>& movingKeys) const;

private:
    QList<ForeignKeyEdge> m_edges;
};

// A table of the review: its names, its key, what each side holds of it, and (re-key, id
// collisions) the key column a fresh value replaces.
struct ProjectTable
{
    int tableId = 0;
    QString schema;
    QString name;
    QString stagedName;
    QStringList keyOverride; // --key: the columns the user chose; empty: none
    QString mode; // the latest diff's: three_way, two_way or skipped; empty: not diffed
    QStringList key; // the key the diff used; empty: keyless (compared as a multiset)
    QStringList comparedColumns; // the columns the diff compared (a keyless table's changes hold them)
    QMap<QString, QStringList> keyTypes; // side → staged type of each key column
    bool diffed = false;
    // The key column a fresh value replaces (re-key, id collisions): the single key column, or
    // in a key of several columns the one integer column a sequence or identity of the target
    // feeds (payment's payment_id in (payment_date, payment_id)); empty when there is none.
    QString freshKeyColumn;
    QString freshKeySequence; // the target's sequence of that column (quoted, qualified), if any
    QMap<QString, QStringList> primaryKeys; // side → its primary key (empty: none); a side per loaded copy
    QMap<QString, qint64> rowCounts; // side → rows loaded
    QMap<QString, QList<UniqueKey>> uniqueKeys; // side → its unique constraints but the primary key
    QMap<QString, QList<ProjectColumn>> columns; // side → columns in ordinal order, generated ones too

    int freshKeyIndex() const { return int(key.indexOf(freshKeyColumn)); }
    // A key of several columns of which one is sequence-fed: its rows collide on that one.
    bool compositeWithId() const { return key.size() > 1 && !freshKeyColumn.isEmpty(); }
    QString qualifiedName() const { return schema + u'.' + name; }
    bool keyless() const { return key.isEmpty(); }
    bool compared() const
    {
        return diffed && mode != u"skipped";
    } // diffed, not skipped: the script writes it
    bool threeWay() const { return mode == u"three_way"; }
    bool onSide(const QString& side) const { return primaryKeys.contains(side); }
    const ProjectColumn* column(const QString& side, const QString& columnName) const;
    // The side's unique constraints on other columns than the key the diff used.
    QList<UniqueKey> uniqueKeysBesideKey(const QString& side) const;
    // The side's columns that are staged (not generated), in order.
    QStringList stagedColumns(const QString& side) const;
    // Whether the side stages the column (has it, not generated): the source's values exist.
    bool stagesColumn(const QString& side, const QString& columnName) const;

    // SQL pieces: the staged copy on a side ("source"."public.t"); a condition matching the row
    // of alias (a row of that side) to a jsonb key expression, by typed key columns so that the
    // staged primary key serves; the jsonb key of alias's row, as the diff builds it.
    QString staged(const PgConnection& quoting, const QString& side) const;
    QString keyMatch(
        const PgConnection& quoting, const QString& side, const QString& alias, const QString& keyExpr) const;
    QString keyOf(const PgConnection& quoting, const QString& alias) const;
    // The key columns of alias's row, quoted: alias."a", alias."b".
    QStringList keyColumnsOf(const PgConnection& quoting, const QString& alias) const;
};

// The project's own metadata (pgreconcile.tables, side_tables, columns, table_diffs,
// foreign_keys), read once per operation in a few queries and passed to whatever needs it.
class ProjectTables
{
public:
    static ProjectTables read(PgConnection& db);

    const QList<ProjectTable>& tables() const { return m_tables; } // by schema, then name
    const ProjectTable* byId(int tableId) const;
    const ProjectTable* byName(const QString& qualifiedName) const;
    // "schema.table" or "table" (when unambiguous); throws pgr::Error naming the table otherwise.
    const ProjectTable& find(const QString& table) const;
    // The foreign keys of a side ("base", "source", "target").
    const ForeignKeyGraph& foreignKeys(const QString& side) const;

private:
    QList<ProjectTable> m_tables;
    QHash<int, int> m_indexById;
    QHash<QString, ForeignKeyGraph> m_foreignKeys;
};

// SQL: one element of a jsonb key expression cast to a type, "(keyExpr ->> element)::type":
// element is an array index, or (a keyless table's row as key) a quoted column name.
QString keyElement(const QString& keyExpr, const QString& element, const QString& type);
QString keyElement(const QString& keyExpr, int index, const QString& type);
// SQL: a condition matching key columns (SQL expressions, e.g. s."id") to a jsonb key
// expression (an array of the key values), each element cast to its column's type (types[i]; a
// column without one compares by its text), so that an index on the key serves. Pure: callers
// quote the columns their own way.
QString keyMatchSql(const QStringList& keyColumns, const QStringList& types, const QString& keyExpr);
// SQL: the merged row of a column_merge as jsonb: the target's row (base plus target's changes)
// with the source's changed columns (a text[] expression) laid over it.
QString mergedRowSql(const QString& targetAlias, const QString& sourceAlias, const QString& sourceColumns);

} // namespace pgr
