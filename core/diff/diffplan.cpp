// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffplan.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

struct SideColumns
{
    bool present = false;
    QStringList primaryKey;
    QStringList order; // column names in ordinal order (generated ones excluded)
    QHash<QString, QPair<QString, QString>> types; // column → (type_name, staged_type)
    QHash<QString, QString> categories; // column → the staged type's pg_type.typcategory
};

QJsonObject driftEntry(const QString& kind, const QString& column, const QString& detail)
{
    QJsonObject entry { { u"kind"_s, kind }, { u"detail"_s, detail } };
    if (!column.isEmpty())
        entry.insert(u"column"_s, column);
    return entry;
}

// True when name ("table" or "schema.table") names this table.
bool namesTable(const QString& name, const QString& schema, const QString& table)
{
    return name == table || name == schema + u'.' + table;
}

// Rows are paired by their key: a key column of another kind of type on one side (integer here,
// text there) cannot pair them, and PostgreSQL's own error ("JOIN/USING types … cannot be
// matched") names neither table nor fix. Types of one category (integer and bigint, text and
// varchar) compare fine.
void checkKeyTypes(TablePlan& plan, const QList<const SideColumns*>& sides)
{
    static const QStringList names = { u"base"_s, u"source"_s, u"target"_s };
    for (const QString& column : std::as_const(plan.key)) {
        QStringList described;
        QSet<QString> categories;
        for (int index = 0; index < sides.size(); ++index) {
            const SideColumns* side = sides[index];
            if (!side->present || !side->types.contains(column)
                || (index == 0 && (!plan.threeWay || plan.baseMissing)))
                continue;
            categories.insert(side->categories.value(column));
            described.append(u"%1 on %2"_s.arg(side->types.value(column).first, names[index]));
        }
        if (categories.size() > 1) {
            plan.refusal = u"the key column \"%1\" of %2 has types that cannot be compared: %3"_s.arg(
                column, plan.qualifiedName(), described.join(u", "_s));
            plan.refusalHint
                = u"give the column one type on every side (e.g. ALTER TABLE %1 ALTER COLUMN %2 TYPE … USING "
                  "%2::… on one of them, then load it again), or choose another key with --key %1=COLUMNS"_s
                      .arg(plan.qualifiedName(), column);
            return;
        }
    }
}

} // namespace

QList<TablePlan> planTables(PgConnection& project, const DiffOptions& options)
{
    QSet<QString> loaded;
    const PgResult sides = project.exec(u"SELECT side FROM pgreconcile.sides"_s);
    for (int row = 0; row < sides.rowCount(); ++row)
        loaded.insert(sides.text(row, 0));
    if (!loaded.contains(u"source"_s) || !loaded.contains(u"target"_s))
        throw Error(u"the project has no %1 loaded yet"_s.arg(
                        loaded.contains(u"source"_s) ? u"target"_s : u"source"_s),
            u"load both sides first: pgreconcile-cli load --project NAME --source SRC --target SRC [--base SRC]"_s);
    const bool threeWay = loaded.contains(u"base"_s);

    const PgResult tables = project.exec(
        u"SELECT table_id, schema_name, table_name, staged_name, to_json(key_override) FROM pgreconcile.tables ORDER BY schema_name, table_name"_s);
    const PgResult columns = project.exec(
        u"SELECT c.table_id, c.side, c.column_name, c.type_name, c.staged_type, "
        // A default btree equality for the type (an array: for its element), directly or through a
        // binary-coercible cast (varchar compares as text does).
        "EXISTS (SELECT 1 FROM pg_type ty, LATERAL (SELECT CASE WHEN ty.typcategory = 'A' AND ty.typelem <> "
        "0 "
        "  THEN ty.typelem ELSE ty.oid END AS base) b "
        "  WHERE ty.oid = c.staged_type::regtype AND ty.typname NOT IN ('json', 'xml', '_json', '_xml') "
        "  AND EXISTS (SELECT 1 FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod "
        "    WHERE am.amname = 'btree' AND oc.opcdefault AND (oc.opcintype = b.base OR oc.opcintype IN "
        "      (SELECT casttarget FROM pg_cast WHERE castsource = b.base AND castmethod = 'b')))) "
        ", (SELECT typcategory::text FROM pg_type WHERE oid = c.staged_type::regtype) "
        "FROM pgreconcile.columns c WHERE NOT c.generated ORDER BY c.table_id, c.side, c.ordinal"_s);
    const PgResult sideTables = project.exec(
        u"SELECT table_id, side, to_json(primary_key), row_count FROM pgreconcile.side_tables"_s);

    QHash<int, QHash<QString, SideColumns>> catalog;
    QHash<QString, bool> hasEquality; // staged type → has a btree equality
    for (int row = 0; row < sideTables.rowCount(); ++row) {
        SideColumns& side = catalog[int(sideTables.toInt64(row, 0))][sideTables.text(row, 1)];
        side.present = true;
        side.primaryKey = stringsFromJson(sideTables.utf8(row, 2));
    }
    for (int row = 0; row < columns.rowCount(); ++row) {
        SideColumns& side = catalog[int(columns.toInt64(row, 0))][columns.text(row, 1)];
        const QString name = columns.text(row, 2);
        side.order.append(name);
        side.types.insert(name, { columns.text(row, 3), columns.text(row, 4) });
        side.categories.insert(name, columns.text(row, 6));
        hasEquality.insert(columns.text(row, 4), columns.toBool(row, 5));
    }

    // Every name in the options must match something: a typo must not silently compare everything.
    QSet<QString> usedTableFilters, usedIgnores, usedKeys;
    QList<TablePlan> plans;
    for (int row = 0; row < tables.rowCount(); ++row) {
        TablePlan plan;
        plan.tableId = int(tables.toInt64(row, 0));
        plan.schema = tables.text(row, 1);
        plan.name = tables.text(row, 2);
        plan.stagedName = tables.text(row, 3);
        plan.threeWay = threeWay;
        if (!options.tables.isEmpty()) {
            bool wanted = false;
            for (const QString& filter : options.tables) {
                if (namesTable(filter, plan.schema, plan.name)) {
                    wanted = true;
                    usedTableFilters.insert(filter);
                }
            }
            if (!wanted)
                continue;
        }
        const auto& sidesOfTable = catalog[plan.tableId];
        const SideColumns base = sidesOfTable.value(u"base"_s);
        const SideColumns source = sidesOfTable.value(u"source"_s);
        const SideColumns target = sidesOfTable.value(u"target"_s);
        const SideColumns& reference = target.present ? target : source;

        if (!source.present || !target.present) {
            const QString where = source.present ? u"source"_s : target.present ? u"target"_s : u"base"_s;
            plan.skipReason = u"the table exists only in %1"_s.arg(where);
            plan.drift.append(driftEntry(u"table_only_in_"_s + where, {},
                u"not compared: the merge script cannot create or drop tables"_s));
            plans.append(plan);
            continue;
        }
        plan.baseMissing = threeWay && !base.present;
        if (plan.baseMissing)
            plan.drift.append(
                driftEntry(u"table_not_in_base"_s, {}, u"new since base: base counts as empty"_s));

        // The key: the user's choice, else the target's primary key (the script runs there).
        QStringList userKey;
        bool keyDropped = false; // --key T=: back to the primary key, or none
        for (auto it = options.keys.begin(); it != options.keys.end(); ++it) {
            if (namesTable(it.key(), plan.schema, plan.name)) {
                userKey = it.value();
                keyDropped = userKey.isEmpty();
                usedKeys.insert(it.key());
            }
        }
        if (userKey.isEmpty() && !keyDropped) {
            const QString json = tables.text(row, 4);
            if (json != u"null"_s)
                userKey = stringsFromJson(json.toUtf8());
        }
        if (!userKey.isEmpty()) {
            for (const QString& column : std::as_const(userKey)) {
                if (!source.types.contains(column) || !target.types.contains(column))
                    throw Error(
                        u"the key column \"%1\" chosen for %2 is not a column of both source and target"_s
                            .arg(column, plan.qualifiedName()),
                        u"name columns that exist on both sides, e.g. --key %1=id"_s.arg(
                            plan.qualifiedName()));
            }
            plan.key = userKey;
            plan.keyOrigin = u"user"_s;
        } else if (!target.primaryKey.isEmpty()) {
            plan.key = target.primaryKey;
            plan.keyOrigin = u"primary key"_s;
            if (source.primaryKey != target.primaryKey)
                plan.drift.append(driftEntry(u"key_differs"_s, {},
                    u"primary key (%1) on source, (%2) on target: the target's is used"_s.arg(
                        source.primaryKey.join(u", "_s), target.primaryKey.join(u", "_s))));
            for (const QString& column : std::as_const(plan.key)) {
                if (!source.types.contains(column)
                    || (plan.threeWay && !plan.baseMissing && !base.types.contains(column))) {
                    plan.key.clear();
                    plan.drift.append(driftEntry(u"key_column_missing"_s, column,
                        u"the target's key column is missing on another side: compared without a key"_s));
                    break;
                }
            }
        }
        checkKeyTypes(plan, { &base, &source, &target });
        if (plan.key.isEmpty()) {
            plan.keyOrigin = u"none"_s;
            plan.drift.append(driftEntry(u"no_key"_s, {},
                u"no primary key: rows compared as a multiset (inserts and deletes only); choose a unique "
                u"key with "
                "--key TABLE=COLUMNS"_s));
        }

        // Columns: matched by name; compared when every side has them.
        for (const QString& column : reference.order) {
            if (plan.key.contains(column))
                continue;
            bool ignoredHere = false;
            for (const QString& ignore : options.ignoredColumns) {
                const QString tablePart = ignore.section(u'.', 0, -2);
                if (ignore.section(u'.', -1) == column && namesTable(tablePart, plan.schema, plan.name)) {
                    ignoredHere = true;
                    usedIgnores.insert(ignore);
                }
            }
            if (ignoredHere) {
                plan.ignored.append(column);
                continue;
            }
            QStringList missingOn;
            if (!source.types.contains(column))
                missingOn.append(u"source"_s);
            if (!target.types.contains(column))
                missingOn.append(u"target"_s);
            if (plan.threeWay && !plan.baseMissing && !base.types.contains(column))
                missingOn.append(u"base"_s);
            if (!missingOn.isEmpty()) {
                plan.drift.append(driftEntry(u"column_missing"_s, column,
                    u"missing on %1: not compared"_s.arg(missingOn.join(u", "_s))));
                continue;
            }
            QSet<QString> typeNames, stagedTypes;
            for (const SideColumns* side : { &base, &source, &target }) {
                if (side->present && side->types.contains(column)) {
                    typeNames.insert(side->types.value(column).first);
                    stagedTypes.insert(side->types.value(column).second);
                }
            }
            plan.compared.append(column);
            const QString staged = target.types.value(column).second;
            if (typeNames.size() > 1) {
                QStringList described;
                for (const SideColumns* side : { &base, &source, &target }) {
                    if (side->present && side->types.contains(column))
                        described.append(side->types.value(column).first);
                }
                plan.drift.append(driftEntry(u"type_differs"_s, column,
                    u"types %1 across sides%2"_s.arg(described.join(u" / "_s),
                        stagedTypes.size() > 1 ? u": compared by text"_s : QString())));
            }
            if (stagedTypes.size() > 1 || !hasEquality.value(staged, false))
                plan.comparedByText.append(column);
        }
        // Columns the target lacks cannot be written by the script: report them.
        for (const QString& column : source.order) {
            if (!target.types.contains(column) && !plan.key.contains(column))
                plan.drift.append(
                    driftEntry(u"column_missing"_s, column, u"missing on target: not compared"_s));
        }
        plans.append(plan);
    }
    for (const QString& filter : options.tables) {
        if (!usedTableFilters.contains(filter))
            throw Error(u"the project has no table \"%1\""_s.arg(filter),
                u"list the tables with \"pgreconcile-cli diff --project NAME\" (no --table) or check the spelling"_s);
    }
    for (const QString& ignore : options.ignoredColumns) {
        if (!usedIgnores.contains(ignore))
            throw Error(u"--ignore-column %1 matches no column of the compared tables"_s.arg(ignore),
                u"write it as TABLE.COLUMN or SCHEMA.TABLE.COLUMN, e.g. --ignore-column customers.updated_at"_s);
    }
    for (auto it = options.keys.begin(); it != options.keys.end(); ++it) {
        if (!usedKeys.contains(it.key()))
            throw Error(u"--key names no table of the project: \"%1\""_s.arg(it.key()),
                u"write it as TABLE=COLUMN[,COLUMN…]"_s);
    }
    // Sizes, for progress.
    const PgResult sizes
        = project.exec(u"SELECT table_id, max(row_count) FROM pgreconcile.side_tables GROUP BY 1"_s);
    QHash<int, qint64> rowsOf;
    for (int row = 0; row < sizes.rowCount(); ++row)
        rowsOf.insert(int(sizes.toInt64(row, 0)), sizes.toInt64(row, 1));
    for (TablePlan& plan : plans)
        plan.estimatedRows = rowsOf.value(plan.tableId);
    return plans;
}

} // namespace pgr
