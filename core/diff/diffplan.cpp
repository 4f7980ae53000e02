// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffplan.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "projecttables.h"

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

// What the staging server knows of a staged type: a default btree equality (an array: for its
// element), directly or through a binary-coercible cast (varchar compares as text does); and its
// pg_type.typcategory.
struct TypeFacts
{
    bool equality = false;
    QString category;
};

QHash<QString, TypeFacts> typeFacts(PgConnection& project)
{
    const PgResult types = project.exec(
        u"SELECT DISTINCT c.staged_type, "
        "EXISTS (SELECT 1 FROM pg_type ty, LATERAL (SELECT CASE WHEN ty.typcategory = 'A' AND ty.typelem <> "
        "0 "
        "  THEN ty.typelem ELSE ty.oid END AS base) b "
        "  WHERE ty.oid = c.staged_type::regtype AND ty.typname NOT IN ('json', 'xml', '_json', '_xml') "
        "  AND EXISTS (SELECT 1 FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod "
        "    WHERE am.amname = 'btree' AND oc.opcdefault AND (oc.opcintype = b.base OR oc.opcintype IN "
        "      (SELECT casttarget FROM pg_cast WHERE castsource = b.base AND castmethod = 'b')))), "
        "(SELECT typcategory::text FROM pg_type WHERE oid = c.staged_type::regtype) "
        "FROM pgreconcile.columns c WHERE NOT c.generated"_s);
    QHash<QString, TypeFacts> facts;
    for (int row = 0; row < types.rowCount(); ++row)
        facts.insert(types.text(row, 0), { types.toBool(row, 1), types.text(row, 2) });
    return facts;
}

SideColumns sideColumns(
    const ProjectTable& table, const QString& side, const QHash<QString, TypeFacts>& facts)
{
    SideColumns columns;
    columns.present = table.onSide(side);
    columns.primaryKey = table.primaryKeys.value(side);
    for (const ProjectColumn& column : table.columns.value(side)) {
        if (column.generated)
            continue;
        columns.order.append(column.name);
        columns.types.insert(column.name, { column.typeName, column.stagedType });
        columns.categories.insert(column.name, facts.value(column.stagedType).category);
    }
    return columns;
}

// The names in the options that matched something: a typo must not silently compare everything.
struct UsedOptions
{
    QSet<QString> tables, ignores, keys;
};

bool wanted(const TablePlan& plan, const DiffOptions& options, UsedOptions& used)
{
    bool wanted = options.tables.isEmpty();
    for (const QString& filter : options.tables) {
        if (namesTable(filter, plan.schema, plan.name)) {
            wanted = true;
            used.tables.insert(filter);
        }
    }
    return wanted;
}

void checkAllUsed(const DiffOptions& options, const UsedOptions& used)
{
    for (const QString& filter : options.tables) {
        if (!used.tables.contains(filter))
            throw Error(u"the project has no table \"%1\""_s.arg(filter),
                u"list the tables with \"pgreconcile-cli diff --project NAME\" (no --table) or check the spelling"_s);
    }
    for (const QString& ignore : options.ignoredColumns) {
        if (!used.ignores.contains(ignore))
            throw Error(u"--ignore-column %1 matches no column of the compared tables"_s.arg(ignore),
                u"write it as TABLE.COLUMN or SCHEMA.TABLE.COLUMN, e.g. --ignore-column customers.updated_at"_s);
    }
    for (auto it = options.keys.begin(); it != options.keys.end(); ++it) {
        if (!used.keys.contains(it.key()))
            throw Error(u"--key names no table of the project: \"%1\""_s.arg(it.key()),
                u"write it as TABLE=COLUMN[,COLUMN…]"_s);
    }
}

// Both sides loaded; returns whether a base is (three-way).
bool checkSidesLoaded(PgConnection& project)
{
    QSet<QString> loaded;
    const PgResult sides = project.exec(u"SELECT side FROM pgreconcile.sides"_s);
    for (int row = 0; row < sides.rowCount(); ++row)
        loaded.insert(sides.text(row, 0));
    if (!loaded.contains(u"source"_s) || !loaded.contains(u"target"_s))
        throw Error(u"the project has no %1 loaded yet"_s.arg(
                        loaded.contains(u"source"_s) ? u"target"_s : u"source"_s),
            u"load both sides first: pgreconcile-cli load --project NAME --source SRC --target SRC [--base SRC]"_s);
    return loaded.contains(u"base"_s);
}

// The three sides of one table as the plan compares them.
struct PlanSides
{
    SideColumns base, source, target;
};

// The user's key (--key, else the one stored with the table), else the target's primary key (the
// script runs there).
void chooseKey(TablePlan& plan, const QStringList& keyOverride, const PlanSides& sides,
    const DiffOptions& options, UsedOptions& used)
{
    QStringList userKey;
    bool keyDropped = false; // --key T=: back to the primary key, or none
    for (auto it = options.keys.begin(); it != options.keys.end(); ++it) {
        if (namesTable(it.key(), plan.schema, plan.name)) {
            userKey = it.value();
            keyDropped = userKey.isEmpty();
            used.keys.insert(it.key());
        }
    }
    if (userKey.isEmpty() && !keyDropped)
        userKey = keyOverride;
    if (!userKey.isEmpty()) {
        for (const QString& column : std::as_const(userKey)) {
            if (!sides.source.types.contains(column) || !sides.target.types.contains(column))
                throw Error(
                    u"the key column \"%1\" chosen for %2 is not a column of both source and target"_s.arg(
                        column, plan.qualifiedName()),
                    u"name columns that exist on both sides, e.g. --key %1=id"_s.arg(plan.qualifiedName()));
        }
        plan.key = userKey;
        plan.keyOrigin = u"user"_s;
        return;
    }
    if (sides.target.primaryKey.isEmpty())
        return;
    plan.key = sides.target.primaryKey;
    plan.keyOrigin = u"primary key"_s;
    if (sides.source.primaryKey != sides.target.primaryKey)
        plan.drift.append(driftEntry(u"key_differs"_s, {},
            u"primary key (%1) on source, (%2) on target: the target's is used"_s.arg(
                sides.source.primaryKey.join(u", "_s), sides.target.primaryKey.join(u", "_s))));
    for (const QString& column : std::as_const(plan.key)) {
        if (!sides.source.types.contains(column)
            || (plan.threeWay && !plan.baseMissing && !sides.base.types.contains(column))) {
            plan.key.clear();
            plan.drift.append(driftEntry(u"key_column_missing"_s, column,
                u"the target's key column is missing on another side: compared without a key"_s));
            return;
        }
    }
}

bool ignoredColumn(
    const TablePlan& plan, const QString& column, const DiffOptions& options, UsedOptions& used)
{
    bool ignored = false;
    for (const QString& ignore : options.ignoredColumns) {
        const QString tablePart = ignore.section(u'.', 0, -2);
        if (ignore.section(u'.', -1) == column && namesTable(tablePart, plan.schema, plan.name)) {
            ignored = true;
            used.ignores.insert(ignore);
        }
    }
    return ignored;
}

// One non-key column: compared when every side has it, by its text where the types differ or
// have no btree equality.
void planColumn(
    TablePlan& plan, const QString& column, const PlanSides& sides, const QHash<QString, TypeFacts>& facts)
{
    QStringList missingOn;
    if (!sides.source.types.contains(column))
        missingOn.append(u"source"_s);
    if (!sides.target.types.contains(column))
        missingOn.append(u"target"_s);
    if (plan.threeWay && !plan.baseMissing && !sides.base.types.contains(column))
        missingOn.append(u"base"_s);
    if (!missingOn.isEmpty()) {
        plan.drift.append(driftEntry(
            u"column_missing"_s, column, u"missing on %1: not compared"_s.arg(missingOn.join(u", "_s))));
        return;
    }
    QSet<QString> typeNames, stagedTypes;
    QStringList described;
    for (const SideColumns* side : { &sides.base, &sides.source, &sides.target }) {
        if (side->present && side->types.contains(column)) {
            typeNames.insert(side->types.value(column).first);
            stagedTypes.insert(side->types.value(column).second);
            described.append(side->types.value(column).first);
        }
    }
    plan.compared.append(column);
    if (typeNames.size() > 1)
        plan.drift.append(driftEntry(u"type_differs"_s, column,
            u"types %1 across sides%2"_s.arg(
                described.join(u" / "_s), stagedTypes.size() > 1 ? u": compared by text"_s : QString())));
    const QString staged = sides.target.types.value(column).second;
    if (stagedTypes.size() > 1 || !facts.value(staged).equality)
        plan.comparedByText.append(column);
}

// Columns: matched by name; compared when every side has them. Those the target lacks cannot be
// written by the script: reported.
void planColumns(TablePlan& plan, const PlanSides& sides, const QHash<QString, TypeFacts>& facts,
    const DiffOptions& options, UsedOptions& used)
{
    const SideColumns& reference = sides.target.present ? sides.target : sides.source;
    for (const QString& column : reference.order) {
        if (plan.key.contains(column))
            continue;
        if (ignoredColumn(plan, column, options, used))
            plan.ignored.append(column);
        else
            planColumn(plan, column, sides, facts);
    }
    for (const QString& column : sides.source.order) {
        if (!sides.target.types.contains(column) && !plan.key.contains(column))
            plan.drift.append(driftEntry(u"column_missing"_s, column, u"missing on target: not compared"_s));
    }
}

// One table's plan; skipReason set where it is not compared at all.
TablePlan planTable(const ProjectTable& table, bool threeWay, const QHash<QString, TypeFacts>& facts,
    const DiffOptions& options, UsedOptions& used)
{
    TablePlan plan;
    plan.tableId = table.tableId;
    plan.schema = table.schema;
    plan.name = table.name;
    plan.stagedName = table.stagedName;
    plan.threeWay = threeWay;
    for (const qint64 rows : table.rowCounts)
        plan.estimatedRows = std::max(plan.estimatedRows, rows); // the largest side, for progress
    const PlanSides sides { sideColumns(table, u"base"_s, facts), sideColumns(table, u"source"_s, facts),
        sideColumns(table, u"target"_s, facts) };
    if (!sides.source.present || !sides.target.present) {
        const QString where = sides.source.present ? u"source"_s
            : sides.target.present                 ? u"target"_s
                                                   : u"base"_s;
        plan.skipReason = u"the table exists only in %1"_s.arg(where);
        plan.drift.append(driftEntry(u"table_only_in_"_s + where, {},
            u"not compared: the merge script cannot create or drop tables"_s));
        return plan;
    }
    plan.baseMissing = threeWay && !sides.base.present;
    if (plan.baseMissing)
        plan.drift.append(driftEntry(u"table_not_in_base"_s, {}, u"new since base: base counts as empty"_s));
    chooseKey(plan, table.keyOverride, sides, options, used);
    checkKeyTypes(plan, { &sides.base, &sides.source, &sides.target });
    if (plan.key.isEmpty()) {
        plan.keyOrigin = u"none"_s;
        plan.drift.append(driftEntry(u"no_key"_s, {},
            u"no primary key: rows compared as a multiset (inserts and deletes only); choose a unique key "
            u"with "
            "--key TABLE=COLUMNS"_s));
    }
    planColumns(plan, sides, facts, options, used);
    return plan;
}

} // namespace

QList<TablePlan> planTables(PgConnection& project, const DiffOptions& options)
{
    const bool threeWay = checkSidesLoaded(project);
    const ProjectTables tables = ProjectTables::read(project);
    const QHash<QString, TypeFacts> facts = typeFacts(project);
    UsedOptions used;
    QList<TablePlan> plans;
    for (const ProjectTable& table : tables.tables()) {
        TablePlan plan;
        plan.schema = table.schema;
        plan.name = table.name;
        if (wanted(plan, options, used))
            plans.append(planTable(table, threeWay, facts, options, used));
    }
    checkAllUsed(options, used);
    return plans;
}

} // namespace pgr
