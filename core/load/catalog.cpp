// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalog.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// Tables: ordinary and partitioned (a partitioned table's rows are read through its parent, so its
// partitions are left out), not belonging to an extension.
const QString kTablesSql = uR"(
SELECT c.oid, n.nspname, c.relname, greatest(c.reltuples, 0)::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND ($1::text IS NULL OR n.nspname = $1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname)"_s;

// Columns with the type they get in staging: domains resolve to their base type; built-in types
// (pg_catalog) and arrays of them stay as they are; enums, composites, ranges over user types and
// extension types become text (their text form is what COPY carries anyway).
const QString kColumnsSql = uR"(
WITH RECURSIVE cols AS (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attidentity, a.attgenerated,
           a.atttypid AS resolved, a.atttypmod AS resolved_mod, 0 AS depth
    FROM pg_attribute a
    WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
    SELECT c.attrelid, c.attnum, c.attname, c.atttypid, c.atttypmod, c.attnotnull, c.attidentity, c.attgenerated,
           t.typbasetype, t.typtypmod, c.depth + 1
    FROM cols c JOIN pg_type t ON t.oid = c.resolved
    WHERE t.typtype = 'd'
), resolved AS (
    SELECT DISTINCT ON (attrelid, attnum) * FROM cols ORDER BY attrelid, attnum, depth DESC
)
SELECT r.attrelid, r.attnum, r.attname, format_type(r.atttypid, r.atttypmod), r.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), r.attidentity, r.attgenerated <> '',
       CASE
         WHEN tn.nspname = 'pg_catalog' AND t.typelem = 0 AND t.typtype IN ('b', 'r', 'm')
           THEN format_type(r.resolved, r.resolved_mod)
         WHEN tn.nspname = 'pg_catalog' AND t.typelem <> 0 AND et.typtype = 'b' AND etn.nspname = 'pg_catalog'
           THEN format_type(r.resolved, r.resolved_mod)
         WHEN t.typelem <> 0 AND t.typcategory = 'A' THEN 'text[]'
         ELSE 'text'
       END,
       coalesce(pg_get_serial_sequence(format('%I.%I', rn.nspname, rc.relname), r.attname),
                -- a default's nextval() of a sequence not OWNED BY the column, as dumps and ORMs make them
                (SELECT format('%I.%I', sn.nspname, s.relname) FROM pg_depend dep
                 JOIN pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
                 WHERE dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid AND dep.refclassid = 'pg_class'::regclass
                 ORDER BY s.oid LIMIT 1))
FROM resolved r
JOIN pg_class rc ON rc.oid = r.attrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
JOIN pg_type t ON t.oid = r.resolved JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type et ON et.oid = t.typelem LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = r.attrelid AND d.adnum = r.attnum
ORDER BY r.attrelid, r.attnum)"_s;

const QString kKeysSql = uR"(
SELECT i.indrelid, ic.relname, i.indisprimary,
       to_json(ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num ORDER BY k.ord))
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique AND i.indisvalid
  AND i.indpred IS NULL AND i.indexprs IS NULL AND NOT (0 = ANY(i.indkey::int2[]))
ORDER BY i.indrelid, NOT i.indisprimary, ic.relname)"_s;

// Foreign keys of the tables, and those declared on their partitions (pagila's payment_p2022_02
// references rental): a partition's rows are read through its root, so are its keys. A key a
// partition inherits from its parent's (conparentid) is the parent's; one declared alike on every
// partition is listed once. Referenced partitions stand for their root as well.
const QString kForeignKeysSql = uR"(
WITH RECURSIVE tree AS (
    SELECT c.oid AS rel, c.oid AS root FROM pg_class c WHERE c.oid = ANY($1::oid[])
  UNION ALL
    SELECT i.inhrelid, t.root FROM pg_inherits i JOIN tree t ON i.inhparent = t.rel
    JOIN pg_class p ON p.oid = i.inhrelid AND p.relispartition
), up AS (
    SELECT c.oid AS rel, c.oid AS root, 0 AS depth FROM pg_class c
    WHERE c.oid IN (SELECT confrelid FROM pg_constraint WHERE contype = 'f')
  UNION ALL
    SELECT u.rel, i.inhparent, u.depth + 1 FROM up u JOIN pg_inherits i ON i.inhrelid = u.root
    JOIN pg_class p ON p.oid = u.root AND p.relispartition
), referenced AS (
    SELECT DISTINCT ON (rel) rel, root FROM up ORDER BY rel, depth DESC
), keys AS (
    SELECT t.root AS owner, con.conname, con.conrelid, con.confrelid, ref.root AS ref_root, con.conkey, con.confkey,
           con.condeferrable, con.condeferred, con.confdeltype, con.confupdtype
    FROM pg_constraint con JOIN tree t ON t.rel = con.conrelid
    JOIN referenced ref ON ref.rel = con.confrelid
    WHERE con.contype = 'f' AND (con.conrelid = t.root OR con.conparentid = 0)
), named AS (
    SELECT k.*,
           ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY x(num, ord)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.num ORDER BY x.ord) AS columns,
           ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY x(num, ord)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.num ORDER BY x.ord) AS ref_columns
    FROM keys k
)
SELECT DISTINCT ON (n.owner, n.columns, n.ref_root, n.ref_columns)
       n.owner, n.conname, to_json(n.columns), rn.nspname, rc.relname, to_json(n.ref_columns),
       n.condeferrable, n.condeferred, n.confdeltype, n.confupdtype
FROM named n
JOIN pg_class rc ON rc.oid = n.ref_root JOIN pg_namespace rn ON rn.oid = rc.relnamespace
ORDER BY n.owner, n.columns, n.ref_root, n.ref_columns, n.conrelid <> n.owner, n.conname)"_s;

const QString kSequencesSql = uR"(
SELECT format('%I.%I', schemaname, sequencename), last_value::text, increment_by
FROM pg_sequences WHERE ($1::text IS NULL OR schemaname = $1)
  AND schemaname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1)"_s;

} // namespace

const ColumnInfo* TableInfo::column(const QString& columnName) const
{
    for (const ColumnInfo& info : columns) {
        if (info.name == columnName)
            return &info;
    }
    return nullptr;
}

SideCatalog readCatalog(PgConnection& origin, const QString& onlySchema)
{
    SideCatalog catalog;
    catalog.serverVersion = origin.exec(u"SHOW server_version"_s).text(0, 0);
    const SqlParam schemaParam = onlySchema.isEmpty() ? SqlParam(std::nullopt) : SqlParam(onlySchema);

    const PgResult tables = origin.exec(kTablesSql, { schemaParam });
    if (!onlySchema.isEmpty() && tables.rowCount() == 0) {
        const bool schemaExists
            = origin.exec(u"SELECT 1 FROM pg_namespace WHERE nspname = $1"_s, { onlySchema }).rowCount() == 1;
        throw Error(schemaExists ? u"schema \"%1\" of %2 has no tables"_s.arg(onlySchema, origin.label())
                                 : u"%2 has no schema \"%1\""_s.arg(onlySchema, origin.label()),
            u"check the --*-schema option; list the schemas with psql's \\dn"_s);
    }
    QHash<QString, int> indexByOid;
    QStringList oids;
    for (int row = 0; row < tables.rowCount(); ++row) {
        TableInfo table;
        table.schema = tables.text(row, 1);
        table.name = tables.text(row, 2);
        table.estimatedRows = tables.toInt64(row, 3);
        indexByOid.insert(tables.text(row, 0), int(catalog.tables.size()));
        oids.append(tables.text(row, 0));
        catalog.tables.append(table);
    }
    const QString oidArray = u'{' + oids.join(u',') + u'}';

    const PgResult columns = origin.exec(kColumnsSql, { oidArray });
    for (int row = 0; row < columns.rowCount(); ++row) {
        ColumnInfo column;
        column.ordinal = int(columns.toInt64(row, 1));
        column.name = columns.text(row, 2);
        column.typeName = columns.text(row, 3);
        column.notNull = columns.toBool(row, 4);
        column.defaultExpr = columns.text(row, 5);
        column.identity = columns.text(row, 6);
        column.generated = columns.toBool(row, 7);
        column.stagedType = columns.text(row, 8);
        column.sequence = columns.text(row, 9);
        catalog.tables[indexByOid.value(columns.text(row, 0))].columns.append(column);
    }

    const PgResult keys = origin.exec(kKeysSql, { oidArray });
    for (int row = 0; row < keys.rowCount(); ++row) {
        TableInfo& table = catalog.tables[indexByOid.value(keys.text(row, 0))];
        const QStringList keyColumns = stringsFromJson(keys.utf8(row, 3));
        if (keys.toBool(row, 2)) {
            table.primaryKeyName = keys.text(row, 1);
            table.primaryKey = keyColumns;
        } else {
            table.uniqueKeys.append({ keys.text(row, 1), keyColumns });
        }
    }

    const PgResult foreignKeys = origin.exec(kForeignKeysSql, { oidArray });
    for (int row = 0; row < foreignKeys.rowCount(); ++row) {
        ForeignKeyInfo key;
        key.name = foreignKeys.text(row, 1);
        key.columns = stringsFromJson(foreignKeys.utf8(row, 2));
        key.refSchema = foreignKeys.text(row, 3);
        key.refTable = foreignKeys.text(row, 4);
        key.refColumns = stringsFromJson(foreignKeys.utf8(row, 5));
        key.deferrable = foreignKeys.toBool(row, 6);
        key.deferred = foreignKeys.toBool(row, 7);
        key.onDelete = foreignKeys.text(row, 8);
        key.onUpdate = foreignKeys.text(row, 9);
        catalog.tables[indexByOid.value(foreignKeys.text(row, 0))].foreignKeys.append(key);
    }

    const PgResult sequences = origin.exec(kSequencesSql, { schemaParam });
    for (int row = 0; row < sequences.rowCount(); ++row)
        catalog.sequences.append(
            { sequences.text(row, 0), sequences.text(row, 1), sequences.toInt64(row, 2) });
    return catalog;
}

} // namespace pgr
