// SPDX-License-Identifier: GPL-3.0-or-later
// The writer that drives the others: one snapshot of the review, its tables read once (ProjectTables),
// planned (ScriptPlan, FreshKeys), written as the preamble, each format's statements
// (StatementWriter, CopyBlockWriter, KeylessWriter), the sequences and, in front, the header.
#include "scriptwriter.h"

#include "concurrentsummary.h"
#include "copyblockwriter.h"
#include "error.h"
#include "freshkeys.h"
#include "interruptedwork.h"
#include "keylesswriter.h"
#include "pgconnection.h"
#include "project.h"
#include "projecttables.h"
#include "review.h"
#include "scriptbody.h"
#include "scriptheader.h"
#include "scriptplan.h"
#include "scriptquoter.h"
#include "settings.h"
#include "staging.h"
#include "statementwriter.h"
#include "triggers.h"

#include <QDateTime>
#include <QFileDevice>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

using namespace script;

namespace {

// What the phases of one script share: the snapshot's connection, the quoting, the body being
// written, the tables in order and the plan, and the summary being counted.
struct Writing
{
    PgConnection& db;
    const ScriptQuoter& quote;
    QIODevice& body;
    const QList<Table>& tables;
    const QList<int>& order;
    ScriptPlan& plan;
    ScriptWriter::Summary& summary;
    const std::atomic<bool>* cancel;

    void count(const Table& table, Operation operation, qint64 rows)
    {
        if (rows <= 0)
            return;
        summary.statements[table.name + u'/' + operationName(operation)] += rows;
        summary.rows += rows;
    }
    void checkCancel() const
    {
        if (cancel && cancel->load())
            throw Cancelled();
    }
};

// Values format: one step's rows of one operation, as batched statements.
void writeStatements(Writing& w, const Table& table, Operation operation, int step, int batchSize)
{
    if (table.key.isEmpty())
        return; // keyless tables: see KeylessWriter
    const int n = int(table.columns.size());
    const QString ops = operation == Operation::Delete ? u"'d'"_s
        : operation == Operation::Update               ? u"'u'"_s
                                                       : u"'i', 'r'"_s;
    const QString rows
        = u"SELECT * FROM (%1) AS y WHERE op IN (%2) AND step = %3"_s.arg(w.plan.rowsSql(table), ops)
              .arg(step);
    w.db.exec(u"DECLARE pgr_rows NO SCROLL CURSOR FOR "_s + ScriptPlan::orderedSql(table, rows, operation));
    StatementWriter writer(w.body, w.quote, table, operation, batchSize);
    for (;;) {
        w.checkCancel();
        const PgResult fetched = w.db.exec(u"FETCH 2000 FROM pgr_rows"_s);
        // op, key, f0.., r0.., step
        for (int row = 0; row < fetched.rowCount(); ++row) {
            QList<QByteArray> finals, targets;
            for (int i = 0; i < n; ++i) {
                finals.append(fetched.isNull(row, 2 + i) ? QByteArray() : fetched.utf8(row, 2 + i));
                targets.append(fetched.isNull(row, 2 + n + i) ? QByteArray() : fetched.utf8(row, 2 + n + i));
            }
            writer.add(fetched.text(row, 0) == u"r"_s, finals, targets);
        }
        if (fetched.rowCount() < 2000)
            break;
    }
    writer.flush();
    w.db.exec(u"CLOSE pgr_rows"_s);
    w.count(table, operation, writer.rows());
}

void writeValuesFormat(Writing& w, int batchSize)
{
    w.plan.forEachStep(w.order, [&](const Table& table, Operation operation, int step) {
        writeStatements(w, table, operation, step, batchSize);
    });
}

// All data first, then the fresh keys, then the statements in the plan's order.
void writeCopyFormat(Writing& w, const FreshKeys& freshKeys)
{
    QHash<QString, std::shared_ptr<CopyBlockWriter>> blocks;
    for (const int index : w.order) {
        const Table& table = w.tables[index];
        if (table.key.isEmpty())
            continue;
        auto block = std::make_shared<CopyBlockWriter>(w.body, w.quote, table);
        block->writeData(w.db, w.plan.rowsSql(table), w.cancel);
        blocks.insert(table.name, block);
    }
    for (const int index : w.order) {
        const Table& table = w.tables[index];
        if (!blocks.contains(table.name) || !table.rekeyed)
            continue;
        w.body.write(freshKeys.advanceSequence(table.id));
        for (const Column& column : table.columns) {
            if (column.name == table.freshKeyColumn)
                w.body.write(blocks[table.name]->rekeyStatement(column));
        }
    }
    w.plan.forEachStep(w.order, [&](const Table& table, Operation operation, int step) {
        if (!blocks.contains(table.name))
            return;
        w.body.write(blocks[table.name]->statement(operation, step));
        w.count(table, operation, blocks[table.name]->count(operation, step));
    });
}

void writeKeylessTables(Writing& w)
{
    KeylessWriter keyless(w.db, w.body, w.quote);
    for (const int index : w.order) {
        if (w.tables[index].key.isEmpty())
            keyless.write(w.tables[index], w.summary);
    }
}

// Sequences end past the highest key, so the target's next inserts do not collide.
void writeSequences(Writing& w)
{
    QByteArray sequences;
    for (const Table& table : w.tables) {
        if (!w.summary.statements.contains(table.name + u"/insert"_s))
            continue;
        for (const Column& column : table.columns) {
            if (column.sequence.isEmpty()
                || column.sequence.startsWith(u"pg_temp."_s)) // pg_temp: fresh keys of a table without one
                continue;
            sequences += "SELECT setval(" + w.quote.literal(column.sequence.toUtf8())
                + "::regclass, GREATEST((SELECT last_value FROM " + column.sequence.toUtf8()
                + "), (SELECT max(" + w.quote.identifier(column.name.toUtf8()) + ") FROM "
                + qualifiedName(table, w.quote) + ")::bigint));\n";
        }
    }
    if (!sequences.isEmpty())
        w.body.write("-- sequences past the highest key\n" + sequences + '\n');
}

QList<ScriptHeader::Side> readSides(PgConnection& db)
{
    const PgResult sides = db.exec(
        u"SELECT side, origin_kind, origin, coalesce(origin_schema, ''), loaded_at FROM pgreconcile.sides "
        "ORDER BY array_position(ARRAY['base','source','target'], side)"_s);
    QList<ScriptHeader::Side> result;
    for (int row = 0; row < sides.rowCount(); ++row)
        result.append({ sides.text(row, 0), sides.text(row, 2), sides.text(row, 1), sides.text(row, 3),
            sides.text(row, 4) });
    return result;
}

// Whether finalRowsSql looks a table's changes up by key on each side rather than joining them
// to the whole tables: when they are few against its rows and both sides are indexed on the key.
bool lookUpByKey(PgConnection& db, int tableId, const QString& stagedName, const QString& firstKeyColumn)
{
    // Both staged sides need an index that starts with the key: without one a probe is a scan.
    // reltuples is -1 for a table never analyzed: then the hash join, which is never quadratic.
    const PgResult sizes = db.exec(
        u"SELECT (SELECT count(*) FROM pgreconcile.changes WHERE table_id = $1), min(c.reltuples), "
        "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
        "i.indrelid "
        "AND a.attnum = i.indkey[0] WHERE i.indrelid = c.oid AND a.attname = $3)) "
        "FROM pg_class c WHERE c.oid IN (to_regclass(format('source.%I', $2::text)), to_regclass(format('target.%I', $2::text)))"_s,
        { tableId, stagedName, firstKeyColumn });
    const bool bothIndexed = sizes.toInt64(0, 2) == 2;
    return bothIndexed && double(sizes.toInt64(0, 0)) * 5 < sizes.text(0, 1).toDouble();
}

} // namespace

ScriptWriter::ScriptWriter(Project& project, Options options, const std::atomic<bool>* cancel)
    : m_project(project)
    , m_options(std::move(options))
    , m_cancel(cancel)
{ }

QString ScriptWriter::finalRowsSql(PgConnection& db, int tableId, QStringList* columns, bool withKeptRows)
{
    const ProjectTables project = ProjectTables::read(db);
    const ProjectTable* table = project.byId(tableId);
    if (!table)
        throw Error(u"table %1 has no key or no diff"_s.arg(tableId));
    return finalRowsSql(db, *table, columns, withKeptRows);
}

QString ScriptWriter::finalRowsSql(
    PgConnection& db, const ProjectTable& table, QStringList* columnNames, bool withKeptRows)
{
    if (!table.diffed || table.keyless())
        throw Error(u"table %1 has no key or no diff"_s.arg(table.tableId));
    const QString staged = db.quoteName(table.stagedName);
    const QString target = u"target"_s;
    const QStringList keyTypes = table.keyTypes.value(target);
    const QString keyMatchS = keyMatchSql(table.keyColumnsOf(db, u"s"_s), keyTypes, u"r.key"_s);
    const QString keyMatchT = keyMatchSql(table.keyColumnsOf(db, u"t"_s), keyTypes, u"r.key"_s);
    QStringList finals, targets;
    for (const QString& column : table.stagedColumns(target)) {
        const QString name = db.quoteName(column);
        if (columnNames)
            columnNames->append(column);
        const QString fromSource = table.stagesColumn(u"source"_s, column) ? u"s."_s + name : u"t."_s + name;
        // The row the change ends as: the source's (take source, re-key), the stored row (edit,
        // decided merge), or the target's with the source's changed columns laid over (default merge).
        finals.append(
            u"(CASE WHEN r.action IN ('take_source', 'rekey') THEN %1 WHEN r.action IN ('keep_target', "
            u"'map_onto_target') THEN t.%2 "
            "WHEN r.edited_row IS NOT NULL THEN (jsonb_populate_record(NULL::target.%4, r.edited_row)).%2 "
            "WHEN r.action = 'merge' THEN CASE WHEN %3 = ANY(r.source_columns) THEN %1 ELSE t.%2 END END)::text"_s
                .arg(fromSource, name, db.quoteLiteral(column), staged));
        targets.append(u"t.%1::text"_s.arg(name));
    }
    // A few changes in a big table are looked up by key, an index probe on each side (LATERAL with
    // OFFSET 0 keeps them probes: BulkRead turns nested loops off); many are hash-joined to the
    // whole tables, cheaper once they are more than about a fifth of the rows. 7900 changes in a
    // table of a million rows: 60 ms instead of 600.
    const QString sides = lookUpByKey(db, table.tableId, table.stagedName, table.key.first())
        ? u"LEFT JOIN LATERAL (SELECT * FROM source.%1 s WHERE %2 OFFSET 0) s ON true "
          "LEFT JOIN LATERAL (SELECT * FROM target.%1 t WHERE %3 OFFSET 0) t ON true"_s
        : u"LEFT JOIN source.%1 s ON %2 LEFT JOIN target.%1 t ON %3"_s;
    return u"SELECT r.key::text AS key, r.action, "
           "CASE WHEN r.action IN ('take_source', 'rekey') THEN s.%1 IS NOT NULL WHEN r.action IN "
           "('keep_target', 'map_onto_target') THEN t.%1 IS NOT NULL "
           "ELSE true END AS final_present, "
           "t.%1 IS NOT NULL AS target_present, %2, %3 "
           "FROM pgreconcile.review_all r %4 "
           "WHERE r.table_id = %5 AND r.action IS NOT NULL%6"_s.arg(db.quoteName(table.key.first()),
               finals.join(u", "_s), targets.join(u", "_s), sides.arg(staged, keyMatchS, keyMatchT),
               QString::number(table.tableId),
               withKeptRows ? QString() : u" AND r.action NOT IN ('keep_target', 'map_onto_target')"_s);
}

QString ScriptWriter::finalRowsAliases(int columns)
{
    QStringList names = { u"key"_s, u"action"_s, u"final_present"_s, u"target_present"_s };
    for (int i = 0; i < columns; ++i)
        names.append(u"f%1"_s.arg(i));
    for (int i = 0; i < columns; ++i)
        names.append(u"t%1"_s.arg(i));
    return names.join(u", "_s);
}

ScriptWriter::Summary ScriptWriter::write(QIODevice& out)
{
    const auto* file = qobject_cast<const QFileDevice*>(&out);
    const QString where = file && !file->fileName().isEmpty() ? file->fileName() : u"standard output"_s;
    RunningWork work(m_project, WorkKind::Export, {}, u"exporting the merge script to %1"_s.arg(where),
        u"Export again: no script was written (the file appears only once it is complete)."_s);
    const Summary summary = writeScript(out);
    work.finished();
    return summary;
}

// The phases: refuse while undecided; read the tables and plan their order, fresh keys and
// steps; write the body (preamble, each format's statements, keyless tables, sequences) to a
// temporary file; then the header, which carries the decisions' checksum, in front of it.
ScriptWriter::Summary ScriptWriter::writeScript(QIODevice& out)
{
    PgConnection& db = m_project.connection();
    // One snapshot of the review for the whole script: checksum, counts and rows agree.
    PgTransaction tx(db, u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
    BulkRead bulk(db);
    Review review(m_project);
    refuseWhileUndecided(review);
    const LibpqScriptQuoter quote(m_project.staging().connectionString(m_project.database()));
    // The checksum reads and sorts every change; a second connection computes it (and the counts)
    // from this snapshot while this one streams the rows.
    ConcurrentSummary decisions(m_project, db);
    ScriptBody body(out);

    const ProjectTables project = ProjectTables::read(db);
    QList<Table> tables = scriptTables(project);
    markTouchedOnDelete(tables);
    bool deferNeeded = false;
    const QList<int> order = parentsFirst(tables, &deferNeeded);
    const FreshKeys freshKeys(
        db, project, tables, quote, m_options.format == Format::Values, m_project.name());
    // Which step writes each row; unique values freed and taken in the right order, or refused.
    ScriptPlan plan(db, project, tables);
    plan.orderUniqueValues();

    const ScriptPreamble preamble { m_options.format == Format::Copy, m_options.lockTimeout,
        m_options.disableTriggers, deferNeeded, freshKeys.preamble() };
    body.device().write(preamble.text(quote));
    Summary summary;
    Writing writing { db, quote, body.device(), tables, order, plan, summary, m_cancel };
    if (m_options.format == Format::Values)
        writeValuesFormat(writing, m_options.batchSize);
    else
        writeCopyFormat(writing, freshKeys);
    writeKeylessTables(writing);
    writeSequences(writing);
    body.device().write("COMMIT;\n");

    const DecisionsSummary decided = decisions.result();
    summary.checksum = decided.checksum;
    if (const auto approval = review.approval(summary.checksum);
        approval && approval->valid) // valid: of this checksum
        summary.approvedBy = approval->by + u" at "_s + approval->at.toString(Qt::ISODate);
    out.write(header(db, summary, decided.counts).toUtf8());
    body.copyTo(out);
    tx.commit();
    return summary;
}

void ScriptWriter::refuseWhileUndecided(Review& review) const
{
    const QString blocker = review.exportBlocker();
    if (!blocker.isEmpty())
        throw Error(u"project \"%1\" cannot export yet: %2"_s.arg(m_project.name(), blocker),
            u"decide them first: \"pgreconcile-cli review --project %1\" lists them, \"pgreconcile-cli "
            u"decide\" "
            "decides"_s.arg(m_project.name()));
}

QString ScriptWriter::header(
    PgConnection& db, const Summary& summary, const QStringList& decisionCounts) const
{
    ScriptHeader header;
    header.project = m_project.name();
    header.sides = readSides(db);
    header.writtenAt = QDateTime::currentDateTimeUtc();
    header.writtenBy = m_options.writtenBy.isEmpty() ? Settings().reviewerName() : m_options.writtenBy;
    header.checksum = summary.checksum;
    header.approvedBy = summary.approvedBy;
    header.acceptedTriggers = TargetTriggers(db).accepted();
    header.decisionCounts = decisionCounts;
    header.copyFormat = m_options.format == Format::Copy;
    return header.text();
}

} // namespace pgr
