// SPDX-License-Identifier: GPL-3.0-or-later
#include "review.h"

#include "error.h"
#include "interruptedwork.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "project.h"
#include "rekey.h"
#include "relations.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

QDateTime timestamp(const QString& text)
{
    QDateTime at = QDateTime::fromString(text.left(19), u"yyyy-MM-dd HH:mm:ss"_s);
    at.setTimeZone(QTimeZone::utc());
    return at;
}

const QString kUndecidedSql
    = u"SELECT r.table_id, t.schema_name || '.' || t.table_name, r.key::text, r.change_class, "
      "coalesce(r.kind, '') FROM pgreconcile.review r JOIN pgreconcile.tables t USING (table_id) "
      "WHERE r.state = 'undecided' AND ($1::text IS NULL OR (t.schema_name, t.table_name, r.key, "
      "r.change_class) > ($1, $2, $3::jsonb, $4)) "
      "ORDER BY t.schema_name, t.table_name, r.key, r.change_class LIMIT $5"_s;

Flag defaultMergeFlag(const ChangeId& change)
{
    return { change, u"merged row by default: both sides changed different columns"_s,
        Flag::Why::DefaultMerge, {}, {}, {} };
}

Flag parentCollisionFlag(
    const ChangeId& child, const QString& parentTable, const QString& parentKey, const QString& foreignKey)
{
    return { child,
        u"references %1 %2 through %3, an id collision not re-keyed: as is it would attach to target's row"_s
            .arg(parentTable, parentKey, foreignKey),
        Flag::Why::ParentCollision, parentTable, parentKey, foreignKey };
}

// Rows the script would insert into a table whose target has a NOT NULL column without default
// that the source lacks: the script cannot fill it, and the insert would fail only where the script
// runs. One reason per such column ("3 rows into public.t, whose column …").
// The target's NOT NULL columns without a default that the source lacks, per table the script writes.
QList<QPair<const ProjectTable*, QString>> unfillable(const ProjectTables& tables)
{
    QList<QPair<const ProjectTable*, QString>> found;
    for (const ProjectTable& table : tables.tables()) {
        if (!table.compared())
            continue;
        for (const ProjectColumn& column : table.columns.value(u"target"_s)) {
            if (column.notNull && column.defaultExpr.isEmpty() && column.identity.isEmpty()
                && !column.generated && !table.column(u"source"_s, column.name))
                found.append({ &table, column.name });
        }
    }
    return found;
}

QStringList unfilledColumns(PgConnection& db, const ProjectTables& tables)
{
    QStringList reasons;
    for (const auto& [table, column] : unfillable(tables)) {
        // A row is inserted where the target has none under its key (a keyless table's copies
        // taken from the source are inserts), and always under a fresh key (re-key); a hand
        // edit that gives the column a value fills it.
        const QString inserted = table->keyless()
            ? u"r.action = 'take_source' AND (r.kind = 'insert' OR r.change_class = 'only_in_source' "
              "OR (r.change_class = 'target_only' AND r.kind = 'delete')) AND $2::text IS NOT NULL"_s
            : u"(r.action = 'rekey' OR (r.action IN ('take_source', 'edit') AND r.key NOT IN "
              "(SELECT %1 FROM %2 x))) AND (r.action <> 'edit' OR r.edited_row->>$2 IS NULL)"_s.arg(
                  table->keyOf(db, u"x"_s), table->staged(db, u"target"_s));
        const qint64 rows
            = db.exec(u"SELECT coalesce(sum(r.occurrences), 0)::bigint FROM pgreconcile.review_all r "
                      "WHERE r.table_id = $1 AND "_s
                        + inserted,
                    { table->tableId, column })
                  .toInt64(0, 0);
        if (rows > 0)
            reasons.append(u"the script would insert %1 %2 into %3, whose column %4 is NOT NULL without a "
                           u"default on the "
                           "target and missing on the source (give it a default on the target: ALTER TABLE "
                           "%3 ALTER COLUMN %4 "
                           "SET DEFAULT …, then load the target again; or keep the target for those rows, or "
                           "edit them to "
                           "fill it)"_s.arg(QString::number(rows), rows == 1 ? u"row"_s : u"rows"_s,
                               table->qualifiedName(), db.quoteName(column)));
    }
    return reasons;
}

// Results made with another key than the one now in force (a project of a version that saved a
// key before checking it) pair rows the script would not find: diffed again, they agree.
QString staleResults(PgConnection& db, const QString& project)
{
    const PgResult stale = db.exec(
        u"SELECT string_agg(t.schema_name || '.' || t.table_name, ', ' ORDER BY t.schema_name, t.table_name) "
        "FROM pgreconcile.tables t JOIN pgreconcile.table_diffs d USING (table_id) WHERE d.mode <> 'skipped' "
        "AND (t.key_override IS NOT NULL AND d.key_columns IS DISTINCT FROM t.key_override "
        "  OR t.key_override IS NULL AND d.key_origin = 'user')"_s);
    if (stale.isNull(0, 0))
        return {};
    return u"the results of %1 were made with another key than the one in force (run \"pgreconcile-cli diff "
           "--project %2\" again)"_s.arg(stale.text(0, 0), project);
}

} // namespace

Review::Review(Project& project)
    : m_project(project)
    , m_db(project.connection())
{
    if (m_db.exec(u"SELECT to_regclass('pgreconcile.decisions') IS NULL"_s).toBool(0, 0))
        throw Error(u"the review project \"%1\" was made before decisions existed"_s.arg(project.name()),
            u"recreate it: pgreconcile-cli drop --project %1, then load and diff again"_s.arg(
                project.name()));
}

ReviewState Review::state()
{
    BulkRead bulk(m_db);
    const PgResult rows = m_db.exec(
        u"SELECT t.table_id, t.schema_name || '.' || t.table_name, "
        "count(*) FILTER (WHERE r.state = 'decided'), count(*) FILTER (WHERE r.state = 'default'), "
        "count(*) FILTER (WHERE r.state = 'undecided'), count(*) FILTER (WHERE r.state = 'none'), "
        "count(*) FILTER (WHERE r.state = 'default' AND r.change_class = 'column_merge') "
        "FROM pgreconcile.tables t LEFT JOIN pgreconcile.review_all r USING (table_id) "
        "GROUP BY t.table_id ORDER BY t.schema_name, t.table_name"_s);
    QHash<int, qint64> children;
    for (const Rekey::ChildAtRisk& risk : Rekey(m_db, ProjectTables::read(m_db)).childrenAtRisk())
        ++children[risk.child.tableId];
    ReviewState state;
    state.total.table = u"all tables"_s;
    for (int row = 0; row < rows.rowCount(); ++row) {
        TableReviewState table;
        table.tableId = int(rows.toInt64(row, 0));
        table.table = rows.text(row, 1);
        table.decided = rows.toInt64(row, 2);
        table.byDefault = rows.toInt64(row, 3);
        table.undecided = rows.toInt64(row, 4);
        table.noDecision = rows.toInt64(row, 5);
        table.flagged = rows.toInt64(row, 6) + children.value(table.tableId);
        state.total.decided += table.decided;
        state.total.byDefault += table.byDefault;
        state.total.undecided += table.undecided;
        state.total.noDecision += table.noDecision;
        state.total.flagged += table.flagged;
        state.tables.append(table);
    }
    return state;
}

QList<ChangeId> Review::undecided(int limit)
{
    const PgResult rows
        = m_db.exec(kUndecidedSql, { std::nullopt, std::nullopt, std::nullopt, std::nullopt, limit });
    QList<ChangeId> changes;
    for (int row = 0; row < rows.rowCount(); ++row)
        changes.append({ int(rows.toInt64(row, 0)), rows.text(row, 1), rows.text(row, 2),
            storedValue<ChangeClass>(rows.text(row, 3)), storedOptional<ChangeKind>(rows.text(row, 4)) });
    return changes;
}

std::optional<ChangeId> Review::nextUndecided(const std::optional<ChangeId>& after)
{
    QList<SqlParam> params { std::nullopt, std::nullopt, std::nullopt, std::nullopt, 1 };
    if (after) {
        const PgResult table
            = m_db.exec(u"SELECT schema_name, table_name FROM pgreconcile.tables WHERE table_id = $1"_s,
                { after->tableId });
        if (table.rowCount() == 1)
            params = { table.text(0, 0), table.text(0, 1), after->key, reportName(after->changeClass), 1 };
    }
    const PgResult rows = m_db.exec(kUndecidedSql, params);
    if (rows.rowCount() == 0)
        return std::nullopt;
    return ChangeId { int(rows.toInt64(0, 0)), rows.text(0, 1), rows.text(0, 2),
        storedValue<ChangeClass>(rows.text(0, 3)), storedOptional<ChangeKind>(rows.text(0, 4)) };
}

QList<Flag> Review::flags()
{
    BulkRead bulk(m_db);
    QList<Flag> flags;
    const PgResult merges = m_db.exec(
        u"SELECT r.table_id, t.schema_name || '.' || t.table_name, r.key::text, coalesce(r.kind, '') "
        "FROM pgreconcile.review_all r JOIN pgreconcile.tables t USING (table_id) "
        "WHERE r.state = 'default' AND r.change_class = 'column_merge' ORDER BY t.schema_name, t.table_name, r.key"_s);
    for (int row = 0; row < merges.rowCount(); ++row) {
        flags.append(defaultMergeFlag({ int(merges.toInt64(row, 0)), merges.text(row, 1), merges.text(row, 2),
            ChangeClass::ColumnMerge, storedOptional<ChangeKind>(merges.text(row, 3)) }));
    }
    for (const Rekey::ChildAtRisk& risk : Rekey(m_db, ProjectTables::read(m_db)).childrenAtRisk())
        flags.append(parentCollisionFlag(risk.child, risk.parentTable, risk.parentKey, risk.foreignKey));
    return flags;
}

QList<Flag> Review::flagsAmong(
    PgConnection& db, const ProjectTables& tables, const QString& table, const QStringList& keys)
{
    QList<Flag> flags;
    const ProjectTable& child = tables.find(table);
    // A keyless table's changes are inserts and deletes of whole rows: neither kind is flagged.
    if (keys.isEmpty() || child.keyless())
        return flags;
    // Keys are JSON texts: joined, they are a JSON array.
    const QString page = u'[' + keys.join(u',') + u']';
    const PgResult merges
        = db.exec(u"SELECT r.key::text, coalesce(r.kind, '') FROM pgreconcile.review r WHERE r.table_id = $1 "
                  "AND r.key IN (SELECT jsonb_array_elements($2::jsonb)) AND r.state = 'default' AND "
                  "r.change_class = 'column_merge' "
                  "ORDER BY r.key"_s,
            { child.tableId, page });
    for (int row = 0; row < merges.rowCount(); ++row) {
        flags.append(defaultMergeFlag({ child.tableId, child.qualifiedName(), merges.text(row, 0),
            ChangeClass::ColumnMerge, storedOptional<ChangeKind>(merges.text(row, 1)) }));
    }
    if (child.diffed)
        for (const Rekey::ChildAtRisk& risk :
            Rekey(db, tables).childrenAtRisk(Rekey::Page { child.tableId, page }))
            flags.append(parentCollisionFlag(risk.child, risk.parentTable, risk.parentKey, risk.foreignKey));
    return flags;
}

qint64 Review::flaggedCount()
{
    BulkRead bulk(m_db);
    const qint64 merges = m_db.exec(u"SELECT count(*) FROM pgreconcile.review_all "
                                    "WHERE state = 'default' AND change_class = 'column_merge'"_s)
                              .toInt64(0, 0);
    return merges + Rekey(m_db, ProjectTables::read(m_db)).childrenAtRisk().size();
}

QString Review::exportBlocker()
{
    BulkRead bulk(m_db);
    QStringList reasons;
    // After a (re)load the changes are gone until the next diff: "nothing undecided" would lie.
    const PgResult undiffed = m_db.exec(
        u"SELECT count(*), string_agg(t.schema_name || '.' || t.table_name, ', ' ORDER BY t.schema_name, "
        u"t.table_name) "
        "FROM pgreconcile.tables t WHERE NOT EXISTS (SELECT 1 FROM pgreconcile.table_diffs d WHERE d.table_id = t.table_id)"_s);
    const qint64 tables = undiffed.toInt64(0, 0);
    if (const QString interrupted = interruptedDiffBlocker(m_db); !interrupted.isEmpty())
        reasons.append(interrupted);
    if (tables > 0)
        reasons.append(u"%1 %2 not been diffed: %3"_s.arg(
            QString::number(tables), tables == 1 ? u"table has"_s : u"tables have"_s, undiffed.text(0, 1)));
    if (const QString stale = staleResults(m_db, m_project.name()); !stale.isEmpty())
        reasons.append(stale);
    const PgResult rows = m_db.exec(
        u"SELECT t.schema_name || '.' || t.table_name, count(*), bool_and(r.change_class = 'conflict') "
        "FROM pgreconcile.review_all r JOIN pgreconcile.tables t USING (table_id) WHERE r.state = "
        "'undecided' "
        "GROUP BY t.schema_name, t.table_name ORDER BY t.schema_name, t.table_name"_s);
    if (rows.rowCount() > 0) {
        qint64 total = 0;
        bool allConflicts = true;
        QStringList where;
        for (int row = 0; row < rows.rowCount(); ++row) {
            total += rows.toInt64(row, 1);
            allConflicts = allConflicts && rows.toBool(row, 2);
            where.append(u"%1 in %2"_s.arg(rows.text(row, 1), rows.text(row, 0)));
        }
        const QString noun = allConflicts ? (total == 1 ? u"conflict"_s : u"conflicts"_s)
                                          : (total == 1 ? u"change"_s : u"changes"_s);
        reasons.prepend(u"%1 %2 %3 undecided: %4"_s.arg(
            QString::number(total), noun, total == 1 ? u"is"_s : u"are"_s, where.join(u", "_s)));
    }
    // Decisions checked against each other: a row carried over must find its parent.
    if (reasons.isEmpty()) {
        const ProjectTables tables = ProjectTables::read(m_db);
        Relations relations(m_db, tables);
        const QStringList orphans = relations.orphans(20);
        if (!orphans.isEmpty())
            reasons.append(u"rows the script would write point at parents the merge leaves absent: %1 (keep "
                           u"those rows on the "
                           "target, or take their parents from the source)"_s.arg(orphans.join(u"; "_s)));
        const QStringList kept = relations.keptOrphans(20);
        if (!kept.isEmpty())
            reasons.append(u"rows that stay on the target point at parents a decision deletes: %1 (keep "
                           u"those parents, or "
                           "take the source for those rows too)"_s.arg(kept.join(u"; "_s)));
        reasons.append(unfilledColumns(m_db, tables));
        const QStringList mappings = relations.mappingProblems(20);
        if (!mappings.isEmpty())
            reasons.append(u"%1 (keep the target for those rows, or decide the rows named again)"_s.arg(
                mappings.join(u"; "_s)));
    }
    return reasons.join(u"; "_s);
}

QString Review::checksum() { return checksumOver(m_db); }

QString Review::checksumOver(PgConnection& db)
{
    // One line per decision in force: the table's names, then every field as JSON text (which
    // escapes tabs and newlines), tab-separated, so the lines are unambiguous; the digest is the
    // md5 of the lines sorted bytewise (COLLATE "C"), joined by newlines. concat_ws leaves out a
    // NULL action. The vocabulary words (class, kind, action: plain letters) are quoted by hand,
    // as to_jsonb would: the same bytes at half the cost.
    //
    // The lines are sorted table by table, in the order of the tables' names, and the names put
    // in front of each line here: a line's names decide its place before anything after them
    // (JSON strings, so no table's names are a prefix of another's), and a sort of the rest alone
    // is three times faster (its first bytes tell the lines apart, the names' do not). Every
    // table is read in one snapshot, so the caller's transaction must not be READ COMMITTED.
    BulkRead bulk(db);
    if (db.exec(u"SELECT current_setting('transaction_isolation') = 'read committed'"_s).toBool(0, 0))
        throw Error(
            u"internal error: the decisions' checksum needs one snapshot, but the transaction is READ COMMITTED"_s,
            u"begin it with ISOLATION LEVEL REPEATABLE READ"_s);
    const PgResult tables = db.exec(
        u"SELECT table_id, names FROM (SELECT table_id, to_jsonb(schema_name)::text || E'\\t' || "
        "to_jsonb(table_name)::text AS names FROM pgreconcile.tables) t ORDER BY names COLLATE \"C\""_s);
    QCryptographicHash md5(QCryptographicHash::Md5);
    bool first = true;
    QByteArray line;
    for (int i = 0; i < tables.rowCount(); ++i) {
        const QByteArray names = tables.text(i, 1).toUtf8() + '\t';
        db.copyOut(
            u"(SELECT line FROM (SELECT concat_ws(E'\\t', r.key::text, '\"' || r.change_class || '\"', "
            "coalesce('\"' || r.kind || '\"', 'null'), '\"' || r.action || '\"', "
            "coalesce(r.edited_row::text, 'null'), r.mapped_onto::text) AS line "
            "FROM pgreconcile.review_all r WHERE r.table_id = %1 AND r.state <> 'none') l ORDER BY line COLLATE \"C\")"_s
                .arg(tables.text(i, 0)),
            [&](const std::string& row) {
                if (!first)
                    md5.addData("\n");
                first = false;
                md5.addData(names);
                PgConnection::decodeCopyText(row, line);
                md5.addData(line);
            });
    }
    return QString::fromLatin1(md5.result().toHex());
}

Approval Review::approve(const QString& by, const QString& note)
{
    if (by.trimmed().isEmpty())
        throw Error(u"an approval needs the approver's name"_s, u"give it with --by NAME"_s);
    // One snapshot, taken after the lock: the checksum reads every table in it.
    PgTransaction tx(m_db, u"ISOLATION LEVEL REPEATABLE READ"_s);
    // Decisions made meanwhile wait for this: the checksum is of what is approved.
    lockDecisions(m_db, m_project.name(), u"approve by "_s + by);
    const QString blocker = exportBlocker();
    if (!blocker.isEmpty())
        throw Error(u"project \"%1\" cannot be approved: %2"_s.arg(m_project.name(), blocker),
            u"decide them first; \"pgreconcile-cli review --project %1 --list\" lists them"_s.arg(
                m_project.name()));
    const QString sum = checksum();
    m_db.exec(u"UPDATE pgreconcile.approvals SET voided_at = clock_timestamp(), voided_reason = 'superseded "
              u"by a new approval' "
              "WHERE voided_at IS NULL"_s);
    const PgResult stored = m_db.exec(u"INSERT INTO pgreconcile.approvals (approved_by, note, checksum) "
                                      "VALUES ($1, nullif($2, ''), $3) RETURNING approval_id, approved_at"_s,
        { by, note, sum });
    tx.commit();
    Approval approval;
    approval.id = stored.toInt64(0, 0);
    approval.by = by;
    approval.at = timestamp(stored.text(0, 1));
    approval.note = note;
    approval.checksum = sum;
    approval.valid = true;
    return approval;
}

std::optional<Approval> Review::approval(const QString& currentChecksum)
{
    const PgResult rows = m_db.exec(
        u"SELECT approval_id, approved_by, approved_at, coalesce(note, ''), checksum, voided_at, "
        "coalesce(voided_reason, '') FROM pgreconcile.approvals ORDER BY approval_id DESC LIMIT 1"_s);
    if (rows.rowCount() == 0)
        return std::nullopt;
    Approval approval;
    approval.id = rows.toInt64(0, 0);
    approval.by = rows.text(0, 1);
    approval.at = timestamp(rows.text(0, 2));
    approval.note = rows.text(0, 3);
    approval.checksum = rows.text(0, 4);
    if (!rows.isNull(0, 5))
        approval.voidedAt = timestamp(rows.text(0, 5));
    approval.voidedReason = rows.text(0, 6);
    const QString stale = staleResults(m_db, m_project.name());
    if (!stale.isEmpty())
        approval.whyInvalid = u"not valid: "_s + stale;
    else if (approval.voidedAt.isValid())
        approval.whyInvalid = u"void since %1: %2"_s.arg(
            approval.voidedAt.toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s, approval.voidedReason);
    else if ((currentChecksum.isEmpty() ? checksum() : currentChecksum) != approval.checksum)
        approval.whyInvalid
            = u"the decisions no longer match what was approved (the sides were diffed again)"_s;
    approval.valid = approval.whyInvalid.isEmpty();
    return approval;
}

} // namespace pgr
