// SPDX-License-Identifier: GPL-3.0-or-later
#include "decisions.h"

#include "error.h"
#include "pgconnection.h"
#include "project.h"
#include "rekey.h"
#include "relations.h"
#include "selection.h"
#include "settings.h"

#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// A key as the user typed it, normalised in SQL: a scalar stands for a one-column key.
const QString kNormalisedKey
    = u"(SELECT CASE WHEN jsonb_typeof(k) IN ('array', 'object') THEN k ELSE jsonb_build_array(k) END FROM (SELECT %1::jsonb AS k) x)"_s;

// Per table ($1): the insert_insert conflicts whose source row is the target's own row under the
// same key, and the unique collisions, undecided. A bulk re-key, a bulk take source leaves them.
const QString kUndecidedTwinsSql
    = u"SELECT count(*) FROM pgreconcile.related r JOIN pgreconcile.review v ON v.table_id = r.table_id "
      "AND v.key = r.key AND v.change_class = 'conflict' WHERE r.table_id = $1 "
      "AND r.relation = 'same_unique_values' AND v.state = 'undecided'"_s;
const QString kUndecidedUniqueCollisionsSql = u"SELECT count(*) FROM pgreconcile.review WHERE table_id = $1 "
                                              "AND kind = 'unique_collision' AND state = 'undecided'"_s;

// "schema.table: n why" when the count (countSql over the table's id) is not 0; else nothing.
QStringList leftUndecided(
    PgConnection& db, const ProjectTable& table, const QString& countSql, const QString& why)
{
    const qint64 count = db.exec(countSql, { table.tableId }).toInt64(0, 0);
    if (count == 0)
        return {};
    return { u"%1: %2 %3"_s.arg(table.qualifiedName(), QString::number(count), why) };
}

QDateTime timestamp(const QString& text)
{
    // PostgreSQL renders timestamptz in ISO form with the session's UTC offset.
    QDateTime at = QDateTime::fromString(text.left(19), u"yyyy-MM-dd HH:mm:ss"_s);
    at.setTimeZone(QTimeZone::utc());
    return at;
}

QString noDecisionReason(ChangeClass changeClass)
{
    return changeClass == ChangeClass::TargetOnly
        ? u"only the target changed it, and the target keeps its change"_s
        : u"both sides made the same change"_s;
}

// Checks that a user-typed key is JSON before it reaches a query, to say so in plain words.
void checkKeyJson(PgConnection& db, const QString& key, const QString& what)
{
    try {
        db.exec(u"SELECT $1::jsonb"_s, { key });
    } catch (const Error& error) {
        throw Error(u"%1 %2 is not valid JSON: %3"_s.arg(what, key, postgresMessage(error.message())),
            u"write the key as a JSON array of the key column values, e.g. [7] or [\"ABC\", 2]"_s,
            error.sqlstate());
    }
}

} // namespace

QString postgresMessage(const QString& adapterMessage)
{
    // The adapter writes "<label>: <PostgreSQL's message>\n  in: <statement>".
    // Keep PostgreSQL's first line and its DETAIL; CONTEXT and parameter echoes are noise here.
    const QStringList lines = adapterMessage.section(u"\n  in: "_s, 0, 0).split(u'\n');
    QString message = lines.value(0);
    const qsizetype colon = message.indexOf(u"\": "_s);
    if (message.startsWith(u"staging database \""_s) && colon > 0)
        message = message.mid(colon + 3);
    for (const QString& line : lines) {
        if (line.startsWith(u"DETAIL:"_s))
            message += u" ("_s + line.mid(7).trimmed() + u')';
    }
    return message;
}

// Decisions

Decisions::Decisions(Project& project, QString reviewer)
    : m_project(project)
    , m_db(project.connection())
    , m_reviewer(reviewer.isEmpty() ? Settings().reviewerName() : std::move(reviewer))
{
    if (m_db.exec(u"SELECT to_regclass('pgreconcile.decisions') IS NULL"_s).toBool(0, 0))
        throw Error(u"the review project \"%1\" was made before decisions existed"_s.arg(project.name()),
            u"recreate it: pgreconcile-cli drop --project %1, then load and diff again"_s.arg(
                project.name()));
}

qint64 Decisions::newBatch()
{
    return m_db.exec(u"SELECT nextval('pgreconcile.history_seq')"_s).toInt64(0, 0);
}

QString Decisions::voidApproval(const QString& reason)
{
    const PgResult voided
        = m_db.exec(u"UPDATE pgreconcile.approvals SET voided_at = clock_timestamp(), voided_reason = $1 "
                    u"WHERE voided_at IS NULL "
                    "RETURNING approved_by, to_char(approved_at, 'YYYY-MM-DD HH24:MI:SS') || ' UTC'"_s,
            { reason });
    if (voided.rowCount() == 0)
        return {};
    return u"the approval by %1 (%2) is void: %3"_s.arg(voided.text(0, 0), voided.text(0, 1), reason);
}

ChangeId Decisions::change(const ProjectTable& table, const QString& key, const QString& changeClass)
{
    if (!table.diffed)
        throw Error(u"%1 has not been diffed yet"_s.arg(table.qualifiedName()),
            u"run \"pgreconcile-cli diff --project %1\" first"_s.arg(m_project.name()));
    changeClassNamed(changeClass); // refuses an unknown one
    checkKeyJson(m_db, key, u"the key"_s);
    const PgResult rows
        = m_db.exec(u"SELECT key::text, change_class, coalesce(kind, '') FROM pgreconcile.changes "
                    "WHERE table_id = $1 AND key = %1 AND ($3::text IS NULL OR change_class = $3) "
                    "ORDER BY change_class"_s.arg(kNormalisedKey.arg(u"$2"_s)),
            { table.tableId, key, changeClass.isEmpty() ? SqlParam(std::nullopt) : SqlParam(changeClass) });
    if (rows.rowCount() == 0) {
        throw Error(u"%1 has no %2change with the key %3"_s.arg(
                        table.qualifiedName(), changeClass.isEmpty() ? QString() : changeClass + u' ', key),
            table.keyless()
                ? u"the table has no key: name a change by its whole row as a JSON object, as "
                  "\"pgreconcile-cli review --list\" shows it"_s
                : u"give the values of the key (%1) as a JSON array, e.g. [7]; rows that did not change "
                  "need no decision; \"pgreconcile-cli review --project %2 --list\" lists the changes"_s.arg(
                      table.key.join(u", "_s), m_project.name()));
    }
    if (rows.rowCount() > 1) {
        QStringList classes;
        for (int row = 0; row < rows.rowCount(); ++row)
            classes.append(rows.text(row, 1));
        throw Error(u"%1 has %2 changes with the key %3 (%4)"_s.arg(
                        table.qualifiedName(), QString::number(rows.rowCount()), key, classes.join(u", "_s)),
            u"name the one you decide with --class, e.g. --class %1"_s.arg(classes.first()));
    }
    return { table.tableId, table.qualifiedName(), rows.text(0, 0), storedValue<ChangeClass>(rows.text(0, 1)),
        storedOptional<ChangeKind>(rows.text(0, 2)) };
}

void Decisions::checkDecidable(const ChangeId& change, Action action)
{
    const QString what = u"%1 %2 (%3%4)"_s.arg(change.table, change.key, reportName(change.changeClass),
        change.kind ? u' ' + reportName(*change.kind) : QString());
    if (change.changeClass == ChangeClass::TargetOnly || change.changeClass == ChangeClass::SameChange)
        throw Error(u"%1 needs no decision: %2"_s.arg(what, noDecisionReason(change.changeClass)),
            u"decide the conflicts, the source changes and the column merges"_s);
    // A child collision that moves with its re-keyed parent: taken or edited as it is, it would
    // overwrite the target's own row under the old key.
    if (change.kind == ChangeKind::InsertInsert && action != Action::Rekey && action != Action::KeepTarget) {
        const PgResult moving = m_db.exec(
            u"SELECT note FROM pgreconcile.current_decisions WHERE table_id = $1 AND key = $2::jsonb "
            "AND change_class = $3 AND action = 'rekey' AND origin = 'follows'"_s,
            { change.tableId, change.key, reportName(change.changeClass) });
        if (moving.rowCount() > 0)
            throw Error(
                u"%1 %2: taken or edited as it is, it would overwrite the target's own row under the old key"_s
                    .arg(what, moving.text(0, 0)),
                u"decide its parent instead, or keep the target to leave this row out"_s);
    }
    if (action == Action::TakeSource && change.kind == ChangeKind::UniqueCollision)
        throw Error(u"%1 cannot be taken from the source as it is: the target has another row with the same "
                    u"values in a "
                    "unique constraint (\"pgreconcile-cli review --project %2 --list\" names it)"_s.arg(
                        what, m_project.name()),
            u"keep the target's row, or edit the source row so that its unique values differ"_s);
    if (action == Action::Merge && change.changeClass != ChangeClass::ColumnMerge)
        throw Error(u"%1 cannot be merged: only a column_merge change has a merged row"_s.arg(what),
            u"take source, keep target, or edit the row"_s);
    if (action == Action::Rekey
        && !(change.changeClass == ChangeClass::Conflict
            && (change.kind == ChangeKind::InsertInsert || change.kind == ChangeKind::IdCollision)))
        throw Error(
            u"%1 cannot be re-keyed: re-keying is for insert_insert and id_collision conflicts"_s.arg(what),
            u"take source, keep target, or edit the row"_s);
    if (action == Action::MapOntoTarget && change.kind != ChangeKind::UniqueCollision)
        throw Error(
            u"%1 cannot be mapped onto a target row: mapping is for unique_collision conflicts"_s.arg(what),
            u"take source, keep target, or edit the row"_s);
}

DecisionOutcome Decisions::decide(const QString& tableName, const QString& key, Action action,
    const QString& note, const QString& changeClass)
{
    if (action == Action::Edit)
        throw Error(
            u"an edit needs the edited row"_s, u"use Decisions::edit (pgreconcile-cli decide --edit JSON)"_s);
    if (action == Action::Rekey)
        return rekey(tableName, key, note);
    if (action == Action::MapOntoTarget)
        return mapOntoTarget(tableName, key, note);
    PgTransaction tx(m_db);
    const LockedChange locked = lockChange(
        u"%1 %2 by %3"_s.arg(actionName(action), key, m_reviewer), tableName, key, action, changeClass);
    const ChangeId& target = locked.change;
    const QString merged = action == Action::Merge ? mergedRow(locked.table, target.key) : QString();
    return recordOne(tx, locked.tables, { target, action, note, merged, {} },
        u"%1 decided %2 for %3 %4"_s.arg(m_reviewer, actionName(action), target.table, target.key));
}

Decisions::LockedChange Decisions::lockChange(const QString& what, const QString& tableName,
    const QString& key, Action action, const QString& changeClass)
{
    lock(what);
    LockedChange locked { ProjectTables::read(m_db), {}, {} };
    locked.table = locked.tables.find(tableName);
    locked.change = change(locked.table, key, changeClass);
    checkDecidable(locked.change, action);
    return locked;
}

DecisionOutcome Decisions::recordOne(
    PgTransaction& tx, const ProjectTables& tables, const PersonDecision& decision, const QString& why)
{
    const ChangeId& change = decision.change;
    DecisionOutcome outcome;
    outcome.batchId = newBatch();
    m_db.exec(
        u"INSERT INTO pgreconcile.decisions (table_id, key, change_class, kind, action, edited_row, "
        "mapped_onto, note, decided_by, batch_id, origin) VALUES ($1, $2::jsonb, $3, nullif($4, ''), $5, "
        "$6::jsonb, $7::jsonb, nullif($8, ''), $9, $10, 'person')"_s,
        { change.tableId, change.key, reportName(change.changeClass), reportName(change.kind),
            actionName(decision.action), SqlParam::nullIfEmpty(decision.editedRow),
            SqlParam::nullIfEmpty(decision.mappedOnto), decision.note, m_reviewer, outcome.batchId });
    outcome.decided = 1;
    recordFollowers(outcome, tables);
    outcome.voidedApproval = voidApproval(why);
    tx.commit();
    recheck(outcome, tables);
    return outcome;
}

QString Decisions::mergedRow(const ProjectTable& table, const QString& key)
{
    // Target's row already holds base plus target's changes; source's changed columns go on top.
    const PgResult row = m_db.exec(
        u"SELECT %5::text FROM pgreconcile.changes c JOIN %1 s ON %2 JOIN %3 t ON %4 "
        "WHERE c.table_id = $1 AND c.key = $2::jsonb AND c.change_class = 'column_merge'"_s.arg(
            table.staged(m_db, u"source"_s), table.keyMatch(m_db, u"source"_s, u"s"_s, u"c.key"_s),
            table.staged(m_db, u"target"_s), table.keyMatch(m_db, u"target"_s, u"t"_s, u"c.key"_s),
            mergedRowSql(u"t"_s, u"s"_s, u"c.source_columns"_s)),
        { table.tableId, key });
    if (row.rowCount() != 1)
        throw Error(u"%1 %2 has no column merge to build a merged row from"_s.arg(table.qualifiedName(), key),
            u"rerun the diff if the sides were reloaded"_s);
    return row.text(0, 0);
}

DecisionOutcome Decisions::edit(
    const QString& tableName, const QString& key, const QString& rowJson, const QString& note)
{
    PgTransaction tx(m_db);
    const LockedChange locked
        = lockChange(u"edit %1 by %2"_s.arg(key, m_reviewer), tableName, key, Action::Edit);
    const ProjectTable& table = locked.table;
    const ChangeId& target = locked.change;
    const QString what = u"the edited row for %1 %2"_s.arg(table.qualifiedName(), target.key);
    if (table.keyless())
        throw Error(u"%1: a table without a key cannot take a hand-edited row"_s.arg(what),
            u"take source or keep target; or diff it again with a key (--key %1=COLUMNS)"_s.arg(
                table.qualifiedName()));
    PgResult shape;
    try {
        shape = m_db.exec(u"SELECT jsonb_typeof($1::jsonb)"_s, { rowJson });
    } catch (const Error& error) {
        throw Error(u"%1 is not valid JSON: %2"_s.arg(what, postgresMessage(error.message())),
            u"write it as a JSON object of column → value, e.g. {\"id\": 7, \"name\": \"x\"}"_s,
            error.sqlstate());
    }
    if (shape.text(0, 0) != u"object"_s)
        throw Error(u"%1 is a JSON %2, not an object"_s.arg(what, shape.text(0, 0)),
            u"write it as a JSON object of column → value, e.g. {\"id\": 7, \"name\": \"x\"}"_s);
    // The staged target table is the authority on columns and types: the script writes there.
    const QString staged = table.staged(m_db, u"target"_s);
    const PgResult columns
        = m_db.exec(u"WITH cols AS (SELECT attname::text AS name FROM pg_attribute WHERE attrelid = "
                    u"$2::regclass AND attnum > 0 "
                    "AND NOT attisdropped) "
                    "SELECT (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys($1::jsonb) k WHERE "
                    "k NOT IN (SELECT name FROM cols)), "
                    "(SELECT string_agg(name, ', ' ORDER BY name) FROM cols WHERE NOT $1::jsonb ? name)"_s,
            { rowJson, staged });
    if (!columns.isNull(0, 0))
        throw Error(u"%1 names columns that %2 does not have: %3"_s.arg(
                        what, table.qualifiedName(), columns.text(0, 0)),
            u"use the target's column names, exactly as spelt there"_s);
    if (!columns.isNull(0, 1))
        throw Error(u"%1 lacks the columns %2"_s.arg(what, columns.text(0, 1)),
            u"give the whole row: every column of the table with its value (null for NULL)"_s);
    PgResult normalised;
    m_db.exec(u"SAVEPOINT edit_check"_s);
    try {
        // PostgreSQL's own input functions judge every value, with its own messages.
        normalised = m_db.exec(
            u"SELECT to_jsonb(r)::text, %1 = $2::jsonb FROM jsonb_populate_record(NULL::%2, $1::jsonb) r"_s
                .arg(table.keyOf(m_db, u"r"_s), staged),
            { rowJson, target.key });
    } catch (const Error& error) {
        throw Error(u"%1 is refused by PostgreSQL: %2"_s.arg(what, postgresMessage(error.message())),
            u"correct the value: it must be valid input for the column's type"_s, error.sqlstate());
    }
    m_db.exec(u"RELEASE SAVEPOINT edit_check"_s);
    if (!normalised.toBool(0, 1))
        throw Error(u"%1 changes the key (%2)"_s.arg(what, table.key.join(u", "_s)),
            u"keep the key of the change; to insert the source row under a fresh key, re-key it"_s);
    const PgResult nulls
        = m_db.exec(u"SELECT string_agg(column_name, ', ' ORDER BY ordinal) FROM pgreconcile.columns WHERE "
                    u"table_id = $1 AND side = 'target' "
                    "AND not_null AND NOT generated AND $2::jsonb -> column_name = 'null'::jsonb"_s,
            { table.tableId, normalised.text(0, 0) });
    if (!nulls.isNull(0, 0))
        throw Error(u"%1 has NULL in columns that are NOT NULL on target: %2"_s.arg(what, nulls.text(0, 0)),
            u"give them a value"_s, u"23502"_s);
    return recordOne(tx, locked.tables, { target, Action::Edit, note, normalised.text(0, 0), {} },
        u"%1 edited %2 %3"_s.arg(m_reviewer, target.table, target.key));
}

void Decisions::recheck(DecisionOutcome& outcome, const ProjectTables& tables)
{
    Relations relations(m_db, tables);
    outcome.orphans = relations.orphans(10, outcome.batchId) + relations.keptOrphans(10, outcome.batchId);
}

void Decisions::recordFollowers(DecisionOutcome& outcome, const ProjectTables& tables)
{
    const QMap<QString, qint64> moved
        = Rekey(m_db, tables).recordMovingCollisions(outcome.batchId, m_reviewer, u"follows"_s);
    for (auto it = moved.cbegin(); it != moved.cend(); ++it) {
        outcome.decided += it.value();
        outcome.followed.append(u"%1: %2"_s.arg(it.key(), QString::number(it.value())));
        // Those collisions were not left undecided after all.
        outcome.skipped.removeIf([&](const QString& line) { return line.startsWith(it.key() + u": "_s); });
    }
    outcome.followers = Relations(m_db, tables).recordFollowers(outcome.batchId, m_reviewer);
    outcome.decided += outcome.followers;
}

DecisionOutcome Decisions::rekey(const QString& tableName, const QString& key, const QString& note)
{
    PgTransaction tx(m_db);
    const LockedChange locked
        = lockChange(u"rekey %1 by %2"_s.arg(key, m_reviewer), tableName, key, Action::Rekey);
    const ProjectTable& table = locked.table;
    const ChangeId& target = locked.change;
    const QString whyNot = Rekey::whyNot(table);
    if (!whyNot.isEmpty())
        throw Error(u"%1 %2 cannot be re-keyed: %3"_s.arg(table.qualifiedName(), target.key, whyNot),
            u"take source (overwriting target's row), keep target, or edit the row"_s);
    const PgResult twin = m_db.exec(
        u"SELECT constraint_name FROM pgreconcile.related WHERE table_id = $1 AND key = $2::jsonb "
        "AND relation = 'same_unique_values' ORDER BY 1 LIMIT 1"_s,
        { table.tableId, target.key });
    if (twin.rowCount() > 0)
        throw Error(u"%1 %2 cannot be re-keyed: its values in %3 are those of the target's own row under "
                    u"this key, so under "
                    "a fresh key it would fail on that constraint"_s.arg(
                        table.qualifiedName(), target.key, twin.text(0, 0)),
            u"it is the same row on both sides: take source (the target's row is updated) or keep target"_s);
    return recordOne(tx, locked.tables, { target, Action::Rekey, note, {}, {} },
        u"%1 re-keyed %2 %3"_s.arg(m_reviewer, target.table, target.key));
}

DecisionOutcome Decisions::mapOntoTarget(const QString& tableName, const QString& key, const QString& note)
{
    PgTransaction tx(m_db);
    const LockedChange locked = lockChange(
        u"map_onto_target %1 by %2"_s.arg(key, m_reviewer), tableName, key, Action::MapOntoTarget);
    const ProjectTable& table = locked.table;
    const ChangeId& target = locked.change;
    const Relations::Mapping mapping = Relations(m_db, locked.tables).mapping(target);
    if (!mapping.whyNot.isEmpty())
        throw Error(u"%1 %2 cannot be mapped onto the target's row: %3"_s.arg(
                        table.qualifiedName(), target.key, mapping.whyNot),
            u"keep the target, or edit the source row so that its unique values differ"_s);
    return recordOne(tx, locked.tables, { target, Action::MapOntoTarget, note, {}, mapping.ontoKey },
        u"%1 mapped %2 %3 onto the target's row %4"_s.arg(
            m_reviewer, target.table, target.key, mapping.ontoKey));
}

SelectionSql Decisions::bulkSql(
    const ProjectTables& project, const Selection& selection, Action action, QStringList& skipped)
{
    if (action == Action::Edit)
        throw Error(u"a hand-edited row is for one change, not for a bulk decision"_s,
            u"take source, keep target, merge or re-key in bulk"_s);
    selection.validate();
    if (selection.changeClass == ChangeClass::TargetOnly || selection.changeClass == ChangeClass::SameChange)
        throw Error(u"%1 changes need no decision: %2"_s.arg(
                        reportName(selection.changeClass), noDecisionReason(*selection.changeClass)),
            u"choose another --class"_s);
    const bool named = !selection.tables.isEmpty();
    const QList<SelectionTable> tables = SelectionTable::read(project, selection);
    QList<SelectionTable> decidable;
    for (const SelectionTable& table : tables) {
        if (!table.table.diffed) {
            if (named)
                throw Error(u"%1 has not been diffed yet"_s.arg(table.table.qualifiedName()),
                    u"run \"pgreconcile-cli diff --project %1\" first"_s.arg(m_project.name()));
            continue;
        }
        if (action == Action::Rekey) {
            if (const QString whyNot = Rekey::whyNot(table.table); !whyNot.isEmpty()) {
                if (named && tables.size() == 1)
                    throw Error(u"%1 cannot be re-keyed: %2"_s.arg(table.table.qualifiedName(), whyNot),
                        u"take source, keep target, or edit its collisions one by one"_s);
                const PgResult collisions
                    = m_db.exec(u"SELECT kind, count(*) FROM pgreconcile.changes WHERE table_id = $1 "
                                "AND kind IN ('insert_insert', 'id_collision') GROUP BY kind ORDER BY kind"_s,
                        { table.table.tableId });
                for (int row = 0; row < collisions.rowCount(); ++row)
                    skipped.append(u"%1: %2 %3 left undecided: %4"_s.arg(table.table.qualifiedName(),
                        collisions.text(row, 1), collisions.text(row, 0), whyNot));
                continue;
            }
        }
        if (action == Action::Rekey)
            skipped += leftUndecided(m_db, table.table, kUndecidedTwinsSql,
                u"insert_insert left undecided: their unique values are those of the target's own row under "
                "the same key (the same row on both sides): take source or keep target"_s);
        if (action == Action::TakeSource)
            skipped += leftUndecided(m_db, table.table, kUndecidedUniqueCollisionsSql,
                u"unique_collision left undecided: the target has another row with the same unique values; "
                "keep the target, map them onto its rows (--map-onto-target) or edit them one by one"_s);
        decidable.append(table);
    }
    return SelectionSql(selection, decidable);
}

qint64 Decisions::preview(const Selection& selection, Action action)
{
    QStringList skipped;
    const SelectionSql sql = bulkSql(ProjectTables::read(m_db), selection, action, skipped);
    return sql.exec(m_db, sql.bulkCount(action)).toInt64(0, 0);
}

DecisionOutcome Decisions::bulk(
    const Selection& selection, Action action, const QString& note, std::optional<qint64> expected)
{
    PgTransaction tx(m_db);
    lock(u"bulk %1 by %2"_s.arg(actionName(action), m_reviewer));
    const ProjectTables tables = ProjectTables::read(m_db);
    DecisionOutcome outcome;
    const SelectionSql sql = bulkSql(tables, selection, action, outcome.skipped);
    // Under the lock no other decider commits, so this count is what the INSERT below writes.
    if (expected) {
        const qint64 now = sql.exec(m_db, sql.bulkCount(action)).toInt64(0, 0);
        if (now != *expected)
            throw Error(
                u"the bulk decision on %1 would now decide %2 changes, not the %3 previewed; nothing "
                "was decided"_s.arg(selection.describe(), QString::number(now), QString::number(*expected)),
                u"someone decided some of them meanwhile: preview again"_s);
    }
    outcome.batchId = newBatch();
    // A mapped row stands for the one target row it collides with (checked below, all or nothing).
    const QString mappedOnto = action == Action::MapOntoTarget
        ? u"(SELECT min(r.other_key::text)::jsonb FROM pgreconcile.related r WHERE r.table_id = q.table_id "
          u"AND r.key = q.key "
          "AND r.relation = 'colliding_row')"_s
        : u"NULL::jsonb"_s;
    outcome.decided = sql.exec(m_db,
                             u"INSERT INTO pgreconcile.decisions (table_id, key, change_class, kind, action, "
                             "edited_row, mapped_onto, note, decided_by, batch_id, origin) "
                             "SELECT q.table_id, q.key, q.change_class, q.kind, $1, q.edited_row, %1, "
                             "nullif($2, ''), $3, "
                             "$4, 'bulk' FROM ("_s.arg(mappedOnto)
                                 + sql.bulkRows(action) + u") q"_s,
                             { actionName(action), note, m_reviewer, outcome.batchId })
                          .affectedRows();
    if (action == Action::MapOntoTarget) {
        if (const QStringList problems = Relations(m_db, tables).mappingProblems(10); !problems.isEmpty())
            throw Error(u"the bulk decision on %1 cannot map every row: %2; nothing was decided"_s.arg(
                            selection.describe(), problems.join(u"; "_s)),
                u"map the others one by one, or narrow the selection (--filter, --key)"_s);
    }
    recordFollowers(outcome, tables);
    if (outcome.decided > 0) {
        outcome.voidedApproval = voidApproval(u"%1 decided %2 for %3 changes in bulk"_s.arg(
            m_reviewer, actionName(action), QString::number(outcome.decided)));
    }
    tx.commit();
    recheck(outcome, tables);
    return outcome;
}

void Decisions::lock(const QString& what) { lockDecisions(m_db, m_project.name(), what, m_lockWait); }

void lockDecisions(
    PgConnection& db, const QString& project, const QString& what, std::chrono::milliseconds wait)
{
    // No statement here takes a snapshot (SET, SAVEPOINT, LOCK do not), so a REPEATABLE READ
    // caller's snapshot is taken after the lock and sees the previous holder's decisions.
    // application_name, for this transaction only, tells a waiter what holds the lock. One round
    // trip; the savepoint lets a refusal still look up the holder. SHARE ROW EXCLUSIVE conflicts
    // with itself and with every write of the table, not with reads.
    const QString take
        = u"SET LOCAL application_name = %1; SAVEPOINT pgr_decision_lock; "
          "SET LOCAL lock_timeout = %2; LOCK TABLE pgreconcile.decisions IN SHARE ROW EXCLUSIVE MODE; "
          "RELEASE SAVEPOINT pgr_decision_lock; SET LOCAL lock_timeout = DEFAULT"_s.arg(
              db.quoteLiteral(u"pgreconcile: "_s + what), QString::number(std::max<qint64>(1, wait.count())));
    try {
        db.exec(take);
    } catch (const Error& error) {
        if (error.sqlstate() != u"55P03"_s) // lock_not_available: lock_timeout ran out
            throw;
        db.exec(u"ROLLBACK TO SAVEPOINT pgr_decision_lock"_s);
        const PgResult holder = db.exec(
            u"SELECT coalesce(nullif(a.application_name, ''), 'a session') || ', process ' || a.pid || ', "
            u"for ' "
            "|| greatest(0, extract(epoch FROM clock_timestamp() - a.xact_start))::int || ' s' "
            "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'relation' "
            "AND l.relation = 'pgreconcile.decisions'::regclass AND l.granted AND l.pid <> pg_backend_pid() "
            "AND l.mode NOT IN ('AccessShareLock', 'RowShareLock') ORDER BY a.xact_start LIMIT 1"_s);
        throw Error(
            u"another decision on project \"%1\" is being written (%2); waited %3 s, nothing was "
            "decided"_s.arg(project, holder.rowCount() == 1 ? holder.text(0, 0) : u"it has just finished"_s,
                QString::number(double(wait.count()) / 1000.0)),
            u"try again when it is done"_s, error.sqlstate());
    }
}

DecisionOutcome Decisions::undo()
{
    PgTransaction tx(m_db);
    // One writer at a time: two reviewers undoing at once must not take back the same batch twice.
    lock(u"undo by "_s + m_reviewer);
    const PgResult latest = m_db.exec(u"SELECT max(batch_id) FROM pgreconcile.decisions WHERE NOT undone"_s);
    if (latest.isNull(0, 0))
        throw Error(u"there is nothing to undo in project \"%1\""_s.arg(m_project.name()),
            u"\"pgreconcile-cli history --project %1\" shows what was decided"_s.arg(m_project.name()));
    return markBatch(tx, latest.toInt64(0, 0), true);
}

DecisionOutcome Decisions::redo()
{
    PgTransaction tx(m_db);
    lock(u"redo by "_s + m_reviewer);
    // The batch undone last that is still undone; batches and events share one sequence, so
    // "decided since" is a comparison of ids.
    const PgResult candidate = m_db.exec(
        u"SELECT e.batch_id, e.event_id, EXISTS (SELECT 1 FROM pgreconcile.decisions n WHERE n.batch_id > "
        u"e.event_id) "
        "FROM pgreconcile.decision_events e WHERE e.event = 'undo' "
        "AND EXISTS (SELECT 1 FROM pgreconcile.decisions d WHERE d.batch_id = e.batch_id AND d.undone) "
        "ORDER BY e.event_id DESC LIMIT 1"_s);
    if (candidate.rowCount() == 0)
        throw Error(u"there is nothing to redo in project \"%1\""_s.arg(m_project.name()),
            u"redo puts back what undo took back"_s);
    if (candidate.toBool(0, 2))
        throw Error(
            u"cannot redo in project \"%1\": decisions were made after the undo"_s.arg(m_project.name()),
            u"decide again instead; \"pgreconcile-cli history\" shows the undone decisions"_s);
    return markBatch(tx, candidate.toInt64(0, 0), false);
}

DecisionOutcome Decisions::markBatch(PgTransaction& tx, qint64 batchId, bool undone)
{
    DecisionOutcome outcome;
    outcome.batchId = batchId;
    outcome.decided = m_db.exec(u"UPDATE pgreconcile.decisions SET undone = $2 WHERE batch_id = $1"_s,
                              { batchId, undone })
                          .affectedRows();
    m_db.exec(u"INSERT INTO pgreconcile.decision_events (batch_id, event, made_by) VALUES ($1, $2, $3)"_s,
        { batchId, undone ? u"undo"_s : u"redo"_s, m_reviewer });
    outcome.voidedApproval = voidApproval(u"%1 %2 %3 decisions"_s.arg(
        m_reviewer, undone ? u"undid"_s : u"redid"_s, QString::number(outcome.decided)));
    tx.commit();
    return outcome;
}

QList<HistoryEntry> Decisions::history(const std::optional<ChangeId>& change)
{
    const PgResult rows = m_db.exec(uR"(SELECT * FROM (
  SELECT 0 AS type, d.decision_id AS id, d.batch_id, d.decided_by AS who, d.decided_at AS at,
         t.schema_name || '.' || t.table_name AS tbl, d.key::text AS key, d.change_class, coalesce(d.kind, '') AS kind,
         d.action, d.edited_row::text AS edited, coalesce(d.note, '') AS note, d.origin, d.undone,
         NULL AS checksum, NULL::timestamptz AS voided_at, NULL AS voided_reason
  FROM pgreconcile.decisions d JOIN pgreconcile.tables t USING (table_id)
  WHERE $1::int IS NULL OR (d.table_id = $1 AND d.key = $2::jsonb AND d.change_class = $3)
  UNION ALL
  SELECT CASE e.event WHEN 'undo' THEN 1 ELSE 2 END, e.event_id, e.batch_id, e.made_by, e.made_at,
         NULL, NULL, NULL, '', e.event, NULL, '', NULL, false, NULL, NULL, NULL
  FROM pgreconcile.decision_events e WHERE $1::int IS NULL
  UNION ALL
  SELECT 3, a.approval_id, 0, a.approved_by, a.approved_at, NULL, NULL, NULL, '', 'approve', NULL, coalesce(a.note, ''),
         NULL, false, a.checksum, a.voided_at, a.voided_reason
  FROM pgreconcile.approvals a WHERE $1::int IS NULL
) h ORDER BY at, type, id)"_s,
        { change ? SqlParam(change->tableId) : SqlParam(std::nullopt),
            change ? SqlParam(change->key) : SqlParam(std::nullopt),
            change ? SqlParam(reportName(change->changeClass)) : SqlParam(std::nullopt) });
    QList<HistoryEntry> entries;
    for (int row = 0; row < rows.rowCount(); ++row) {
        HistoryEntry entry;
        entry.type = HistoryEntry::Type(rows.toInt64(row, 0));
        entry.id = rows.toInt64(row, 1);
        entry.batchId = rows.toInt64(row, 2);
        entry.by = rows.text(row, 3);
        entry.at = timestamp(rows.text(row, 4));
        entry.table = rows.text(row, 5);
        entry.key = rows.text(row, 6);
        if (entry.type == HistoryEntry::Type::Decision) {
            entry.changeClass = storedValue<ChangeClass>(rows.text(row, 7));
            entry.kind = storedOptional<ChangeKind>(rows.text(row, 8));
            entry.action = storedValue<Action>(rows.text(row, 9));
        }
        entry.editedRow = rows.text(row, 10);
        entry.note = rows.text(row, 11);
        entry.origin = rows.text(row, 12);
        entry.undone = rows.toBool(row, 13);
        entry.checksum = rows.text(row, 14);
        if (!rows.isNull(row, 15))
            entry.voidedAt = timestamp(rows.text(row, 15));
        entry.voidedReason = rows.text(row, 16);
        entries.append(entry);
    }
    return entries;
}

} // namespace pgr
