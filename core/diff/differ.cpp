// SPDX-License-Identifier: GPL-3.0-or-later
#include "differ.h"

#include "error.h"
#include "interruptedwork.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "project.h"
#include "relations.h"
#include "vocabulary.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// Class and kind names as DESIGN.md gives them, in the order reports list them.
const ChangeClass kTwoWayClasses[]
    = { ChangeClass::OnlyInSource, ChangeClass::OnlyInTarget, ChangeClass::Differs };
const ChangeKind kRowKinds[] = { ChangeKind::Insert, ChangeKind::Update, ChangeKind::Delete };
const ChangeKind kConflictKinds[] = { ChangeKind::UpdateUpdate, ChangeKind::UpdateDelete,
    ChangeKind::DeleteUpdate, ChangeKind::InsertInsert, ChangeKind::DeleteReferenced,
    ChangeKind::ParentMissing, ChangeKind::UniqueCollision, ChangeKind::IdCollision };

QString quotedKey(const PgConnection& connection, const QStringList& key)
{
    QStringList parts;
    for (const QString& column : key)
        parts.append(connection.quoteName(column));
    return parts.join(u", "_s);
}

// One unit of the workers' queue: a whole table, or one key range of it.
struct Job
{
    int table = 0; // index into the plans
    std::optional<DiffPart> part;
};

// A table under way: its parts still running, and the first error of any of them.
struct TableRun
{
    int partsLeft = 1;
    QString error;
};

const QString kPartPrefix = u"diff_part_"_s;

// A table's name in the report: schema.table, with a part that holds a dot in double quotes (its
// own quotes doubled), so that public."x.y" and "public.x".y are two entries.
QString reportName(const TablePlan& plan)
{
    auto part = [](const QString& name) -> QString {
        if (!name.contains(u'.'))
            return name;
        return u'"' + QString(name).replace(u"\""_s, u"\"\""_s) + u'"';
    };
    return part(plan.schema) + u'.' + part(plan.name);
}

} // namespace

Differ::Differ(
    Project& project, DiffOptions options, const std::atomic<bool>* cancel, ProgressFunction progress)
    : m_project(project)
    , m_options(std::move(options))
    , m_cancel(cancel)
    , m_progress(std::move(progress))
{ }

QList<TableDiffResult> Differ::run()
{
    RunningWork work(m_project, WorkKind::Diff, {}, u"diffing project \"%1\""_s.arg(m_project.name()),
        u"Run the diff again (pgreconcile-cli diff --project %1); until then export is refused."_s.arg(
            m_project.name()));
    work.willLeave(u"diff_parts"_s, kPartPrefix);
    try {
        QList<TableDiffResult> results = diffTables();
        work.finished();
        return results;
    } catch (const Error& error) {
        // Tables finished before keep their new results, the others their old ones.
        work.stopped(error.isCancellation() ? u"cancelled"_s : u"stopped: "_s + error.fullText());
        throw;
    }
}

QList<TableDiffResult> Differ::diffTables()
{
    PgConnection& main = m_project.connection();
    QList<TablePlan> plans = planTables(main, m_options);
    // Largest first, so the last table to finish is a small one.
    std::stable_sort(plans.begin(), plans.end(),
        [](const TablePlan& a, const TablePlan& b) { return a.estimatedRows > b.estimatedRows; });

    const int workers
        = m_options.parallelism > 0 ? m_options.parallelism : std::clamp(QThread::idealThreadCount(), 1, 8);
    // Parts of these tables left over by a run that was killed (another run's tables are its own).
    for (const TablePlan& plan : std::as_const(plans))
        dropParts(main, plan.tableId);
    // The work: whole tables, or key ranges of a big one (its parts next to each other, so that
    // the workers share it).
    std::vector<Job> jobs;
    std::vector<TableRun> tables(plans.size());
    for (int index = 0; index < plans.size(); ++index) {
        const QList<DiffPart> parts = splitTable(main, plans[index], workers);
        tables[index].partsLeft = std::max<int>(1, int(parts.size()));
        if (parts.isEmpty())
            jobs.push_back({ index, std::nullopt });
        for (const DiffPart& part : parts)
            jobs.push_back({ index, part });
    }

    QList<TableDiffResult> results(plans.size());
    std::mutex mutex;
    DiffProgress progress;
    progress.tablesTotal = int(plans.size());
    for (const TablePlan& plan : std::as_const(plans))
        progress.rowsEstimated += plan.estimatedRows;
    std::vector<PgConnection*> running;
    // The tables under way and when each started, for the progress estimate.
    std::map<int, QElapsedTimer> underWay;
    QElapsedTimer sinceStart;
    sinceStart.start();
    qint64 rowsFinished = 0;
    std::atomic<int> next { 0 };
    std::atomic<int> finishedWorkers { 0 };
    std::atomic<bool> cancelled { false };

    std::vector<std::thread> threads;
    const int threadCount = std::min<int>(workers, int(std::max<size_t>(1, jobs.size())));
    for (int worker = 0; worker < threadCount; ++worker) {
        threads.emplace_back([&] {
            std::unique_ptr<PgConnection> connection;
            try {
                connection = m_project.connect();
            } catch (const Error& error) {
                std::lock_guard lock(mutex);
                for (TableDiffResult& result : results) {
                    if (result.plan.tableId == 0)
                        result.error = error.fullText();
                }
                ++finishedWorkers;
                return;
            }
            {
                std::lock_guard lock(mutex);
                running.push_back(connection.get());
            }
            for (int jobIndex = next++; jobIndex < int(jobs.size()) && !cancelled; jobIndex = next++) {
                const Job& job = jobs[size_t(jobIndex)];
                const int index = job.table;
                {
                    std::lock_guard lock(mutex);
                    if (!underWay.contains(index))
                        underWay[index].start();
                }
                TableDiffResult result;
                QString error;
                try {
                    if (!job.part) {
                        result = diffTable(*connection, plans[index]);
                    } else {
                        diffPart(*connection, plans[index], *job.part);
                    }
                } catch (const Error& failure) {
                    error = failure.isCancellation() ? u"cancelled"_s : failure.fullText();
                }
                std::unique_lock lock(mutex);
                TableRun& table = tables[size_t(index)];
                if (table.error.isEmpty())
                    table.error = error;
                if (--table.partsLeft > 0)
                    continue; // another worker finishes the table
                if (job.part) {
                    // The last part done: all of them replace the table's changes in one
                    // transaction, or, when one failed, none does.
                    const qint64 started = underWay[index].elapsed();
                    lock.unlock();
                    try {
                        if (!table.error.isEmpty())
                            throw Error(table.error);
                        result = finishParts(*connection, plans[index], double(started) / 1000.0);
                    } catch (const Error& failure) {
                        if (table.error.isEmpty())
                            table.error = failure.isCancellation() ? u"cancelled"_s : failure.fullText();
                        try {
                            dropParts(*connection, plans[index].tableId);
                        } catch (const Error&) {
                            // Dropped at the next run's start.
                        }
                    }
                    lock.lock();
                }
                if (!table.error.isEmpty()) {
                    result.plan = plans[index];
                    result.error = table.error;
                }
                results[index] = result;
                underWay.erase(index);
                ++progress.tablesDone;
                rowsFinished += plans[index].estimatedRows;
                progress.table = plans[index].qualifiedName();
                reportProgress(progress, plans, underWay, rowsFinished, sinceStart);
            }
            std::lock_guard lock(mutex);
            running.erase(std::remove(running.begin(), running.end(), connection.get()), running.end());
            ++finishedWorkers;
        });
    }
    // The calling thread watches the cancel flag and stops the server-side queries at once, and
    // moves the progress on while long tables run.
    QElapsedTimer sinceReport;
    sinceReport.start();
    while (finishedWorkers < threadCount) {
        if (sinceReport.elapsed() >= 250) {
            sinceReport.restart();
            std::lock_guard lock(mutex);
            if (!underWay.empty())
                reportProgress(progress, plans, underWay, rowsFinished, sinceStart);
        }
        if (m_cancel && m_cancel->load() && !cancelled) {
            cancelled = true;
            std::lock_guard lock(mutex);
            for (PgConnection* connection : running)
                connection->cancel();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (std::thread& thread : threads)
        thread.join();
    if (cancelled) {
        try {
            for (const TablePlan& plan : std::as_const(plans))
                dropParts(main, plan.tableId); // the parts done of tables left unfinished
        } catch (const Error&) {
            // Dropped at the next run's start.
        }
        throw Cancelled();
    }
    // Rows are not alone: the conflicts foreign keys create, over every table's changes at once.
    {
        PgTransaction tx(main);
        Relations(main).classify();
        tx.commit();
    }
    for (TableDiffResult& result : results) {
        if (result.error.isEmpty()) {
            result.counts.clear();
            result.changes = 0;
            countChanges(main, result);
        }
    }
    // Fresh statistics for the review's joins over the new changes (see pgreconcile.review_all).
    m_project.connection().exec(u"ANALYZE pgreconcile.changes"_s);
    std::sort(results.begin(), results.end(), [](const TableDiffResult& a, const TableDiffResult& b) {
        return a.plan.qualifiedName() < b.plan.qualifiedName();
    });
    return results;
}

void Differ::reportProgress(DiffProgress& progress, const QList<TablePlan>& plans,
    const std::map<int, QElapsedTimer>& underWay, qint64 rowsFinished, const QElapsedTimer& sinceStart) const
{
    // Rows per second of the tables done so far; before the first one, about what a laptop
    // reaches on three sides (bench/), so the bar moves from the start. A running table's share
    // approaches its rows without reaching them: 63% at the expected time, 95% at three times it.
    const double seconds = double(sinceStart.elapsed()) / 1000.0;
    const double rate = rowsFinished > 0 && seconds > 0.5 ? double(rowsFinished) / seconds : 400'000.0;
    progress.rowsDone = rowsFinished;
    progress.running.clear();
    for (const auto& [index, started] : underWay) {
        const double rows = double(plans[index].estimatedRows);
        const double expected = std::max(0.1, rows / rate);
        const double share = std::min(0.95, 1.0 - std::exp(-double(started.elapsed()) / 1000.0 / expected));
        progress.rowsDone += qint64(share * rows);
        progress.running.append(plans[index].qualifiedName());
    }
    if (m_progress)
        m_progress(progress);
}

QList<DiffPart> Differ::splitTable(PgConnection& db, const TablePlan& plan, int workers) const
{
    // Only where a range of the key is a range of rows on every side: one integer column that
    // is the primary key (so unique, and indexed for the range scans).
    if (workers < 2 || m_options.splitRows <= 0 || plan.estimatedRows < m_options.splitRows
        || !plan.skipReason.isEmpty() || !plan.refusal.isEmpty() || plan.key.size() != 1
        || plan.keyOrigin != u"primary key"_s)
        return {};
    const PgResult type
        = db.exec(u"SELECT staged_type FROM pgreconcile.columns WHERE table_id = $1 AND side = 'target' "
                  "AND column_name = $2"_s,
            { plan.tableId, plan.key.first() });
    if (type.rowCount() != 1
        || !QStringList { u"smallint"_s, u"integer"_s, u"bigint"_s }.contains(type.text(0, 0)))
        return {};
    const QString key = db.quoteName(plan.key.first());
    QStringList sides = { u"source"_s, u"target"_s };
    if (plan.threeWay && !plan.baseMissing)
        sides.prepend(u"base"_s);
    QStringList extremes;
    for (const QString& side : sides)
        extremes.append(u"SELECT min(%1)::bigint AS low, max(%1)::bigint AS high FROM %2.%3"_s.arg(
            key, db.quoteName(side), db.quoteName(plan.stagedName)));
    const PgResult range
        = db.exec(u"SELECT min(low), max(high) FROM (%1) x"_s.arg(extremes.join(u" UNION ALL "_s)));
    if (range.isNull(0, 0))
        return {};
    const qint64 low = range.toInt64(0, 0);
    const qint64 high = range.toInt64(0, 1);
    // Rows without a key go with the first part. Where every side's key column is NOT NULL (a
    // primary key's is; a side without the key constraint may not be) there are none, and the
    // condition is left out: "key < x OR key IS NULL" is no index range, and made the first part
    // read each side's whole index.
    const PgResult notNull
        = db.exec(u"SELECT count(*) = $3 AND bool_and(a.attnotnull) FROM pg_attribute a "
                  "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = ANY($1::text[]) AND c.relname = $2 AND a.attname = $4"_s,
            { QString(u"{"_s + sides.join(u',') + u'}'), plan.stagedName, qint64(sides.size()),
                plan.key.first() });
    const bool keyMayBeNull = !notNull.toBool(0, 0);
    // None much bigger than partRows, so a part's joins and sorts stay in memory (at 10M rows, two
    // parts of 5M spilled to disk and took 2.6 times the floor), and the same number for every
    // worker (with 11 parts on 2 workers the last one ran alone).
    const qint64 perWorker = std::max<qint64>(1, m_options.partRows) * workers;
    const int count = int(
        std::clamp<qint64>((plan.estimatedRows + perWorker - 1) / perWorker, 1, 1000 / workers) * workers);
    const qint64 step = (high - low) / count + 1;
    QList<DiffPart> parts;
    for (int i = 0; i < count; ++i) {
        DiffPart part;
        part.into = u"pgreconcile."_s
            + db.quoteName(u"%1%2_%3"_s.arg(kPartPrefix, QString::number(plan.tableId), QString::number(i)));
        // The first part and the last are open-ended, so no key falls between the parts.
        part.lower = i == 0 ? QString() : QString::number(low + step * i);
        part.upper = i == count - 1 ? QString() : QString::number(low + step * (i + 1));
        part.nullKeys = i == 0 && keyMayBeNull;
        parts.append(part);
    }
    return parts;
}

void Differ::dropParts(PgConnection& db, int tableId)
{
    const PgResult parts
        = db.exec(u"SELECT tablename FROM pg_tables WHERE schemaname = 'pgreconcile' AND tablename LIKE $1"_s,
            { u"%1%2\\_%"_s.arg(kPartPrefix, QString::number(tableId)) });
    for (int row = 0; row < parts.rowCount(); ++row)
        db.exec(u"DROP TABLE IF EXISTS pgreconcile."_s + db.quoteName(parts.text(row, 0)));
}

void Differ::prepare(PgConnection& db, const TablePlan& plan)
{
    if (!plan.refusal.isEmpty())
        throw Error(plan.refusal, plan.refusalHint);
    // Generous memory for this transaction's hash joins: the sides of a big table fit in one batch.
    db.exec(u"SET LOCAL work_mem = '512MB'"_s);
    if (plan.keyOrigin == u"user"_s) {
        // A key the user chose must really be one on every side, or rows would pair up wrongly.
        for (const auto& side : { u"base"_s, u"source"_s, u"target"_s }) {
            if ((side == u"base"_s && (!plan.threeWay || plan.baseMissing)))
                continue;
            const QString key = quotedKey(db, plan.key);
            const PgResult duplicate = db.exec(
                u"SELECT %1::text FROM %2.%3 GROUP BY %4 HAVING count(*) > 1 OR bool_or(ROW(%4) IS NULL) LIMIT 1"_s
                    .arg(u"jsonb_build_array(%1)"_s.arg(key), db.quoteName(side),
                        db.quoteName(plan.stagedName), key));
            if (duplicate.rowCount() > 0)
                throw Error(
                    u"the key (%1) chosen for %2 is not unique on %3: %4 occurs more than once or has NULLs"_s
                        .arg(plan.key.join(u", "_s), plan.qualifiedName(), side, duplicate.text(0, 0)),
                    u"choose columns that identify a row on every side, e.g. those of a unique index"_s);
        }
    }
    if (!plan.keyless() && plan.skipReason.isEmpty()) {
        // Sides stored in key order (the usual case for serial keys) are cheapest to compare by a
        // merge join over their primary key indexes: no hash tables. Measured on 1M narrow rows it
        // takes half the time of the hash join, and twice the time when the rows lie in random
        // order, so it is chosen from PostgreSQL's own statistics of the physical order.
        const PgResult order = db.exec(u"SELECT count(*), coalesce(min(abs(correlation)), 0) FROM pg_stats "
                                       u"WHERE schemaname = ANY($1::text[]) "
                                       "AND tablename = $2 AND attname = $3"_s,
            { plan.threeWay && !plan.baseMissing ? u"{base,source,target}"_s : u"{source,target}"_s,
                plan.stagedName, plan.key.first() });
        const qint64 sides = plan.threeWay && !plan.baseMissing ? 3 : 2;
        if (order.toInt64(0, 0) == sides && order.text(0, 1).toDouble() >= 0.9)
            db.exec(u"SET LOCAL enable_hashjoin = off"_s);
    }
}

TableDiffResult Differ::diffTable(PgConnection& db, const TablePlan& plan)
{
    QElapsedTimer timer;
    timer.start();
    PgTransaction tx(db);
    prepare(db, plan);
    db.exec(u"DELETE FROM pgreconcile.changes WHERE table_id = $1"_s, { plan.tableId });
    if (plan.skipReason.isEmpty())
        db.exec(diffSql(db, plan));
    TableDiffResult result = store(db, plan, double(timer.elapsed()) / 1000.0);
    tx.commit();
    return result;
}

void Differ::diffPart(PgConnection& db, const TablePlan& plan, const DiffPart& part)
{
    PgTransaction tx(db);
    prepare(db, plan);
    db.exec(
        u"DROP TABLE IF EXISTS %1; CREATE UNLOGGED TABLE %1 (LIKE pgreconcile.changes INCLUDING DEFAULTS)"_s
            .arg(part.into));
    db.exec(diffSql(db, plan, &part));
    tx.commit();
}

TableDiffResult Differ::finishParts(PgConnection& db, const TablePlan& plan, double seconds)
{
    PgTransaction tx(db);
    db.exec(u"DELETE FROM pgreconcile.changes WHERE table_id = $1"_s, { plan.tableId });
    const PgResult parts
        = db.exec(u"SELECT tablename FROM pg_tables WHERE schemaname = 'pgreconcile' AND tablename LIKE $1"_s,
            { u"%1%2\\_%"_s.arg(kPartPrefix, QString::number(plan.tableId)) });
    for (int row = 0; row < parts.rowCount(); ++row) {
        const QString part = u"pgreconcile."_s + db.quoteName(parts.text(row, 0));
        db.exec(u"INSERT INTO pgreconcile.changes SELECT * FROM %1; DROP TABLE %1"_s.arg(part));
    }
    TableDiffResult result = store(db, plan, seconds);
    tx.commit();
    return result;
}

TableDiffResult Differ::store(PgConnection& db, const TablePlan& plan, double seconds)
{
    TableDiffResult result;
    result.plan = plan;
    result.seconds = seconds;
    const QString mode = !plan.skipReason.isEmpty() ? u"skipped"_s
        : plan.threeWay                             ? u"three_way"_s
                                                    : u"two_way"_s;
    db.exec(
        u"INSERT INTO pgreconcile.table_diffs (table_id, mode, key_columns, key_origin, compared_columns, "
        "text_columns, ignored_columns, drift, seconds) VALUES ($1, $2, "
        "(SELECT array_agg(x) FROM jsonb_array_elements_text($3::jsonb) x), $4, "
        "ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), ARRAY(SELECT "
        "jsonb_array_elements_text($6::jsonb)), "
        "ARRAY(SELECT jsonb_array_elements_text($7::jsonb)), $8::jsonb, $9) "
        "ON CONFLICT (table_id) DO UPDATE SET mode = EXCLUDED.mode, key_columns = EXCLUDED.key_columns, "
        "key_origin = EXCLUDED.key_origin, compared_columns = EXCLUDED.compared_columns, "
        "text_columns = EXCLUDED.text_columns, ignored_columns = EXCLUDED.ignored_columns, drift = "
        "EXCLUDED.drift, "
        "diffed_at = now(), seconds = EXCLUDED.seconds"_s,
        { plan.tableId, mode,
            plan.key.isEmpty() ? SqlParam(std::nullopt) : SqlParam(jsonFromStrings(plan.key)), plan.keyOrigin,
            jsonFromStrings(plan.compared), jsonFromStrings(plan.comparedByText),
            jsonFromStrings(plan.ignored),
            QString::fromUtf8(QJsonDocument(plan.drift).toJson(QJsonDocument::Compact)),
            QString::number(result.seconds) });
    // The key chosen by the user is remembered for later runs, in the transaction of the results it
    // gave: a key that fails its check is never saved, and the key in force is always the one
    // the stored results were made with (Review::exportBlocker relies on that).
    if (plan.skipReason.isEmpty())
        db.exec(u"UPDATE pgreconcile.tables SET key_override = (SELECT array_agg(x) FROM "
                u"jsonb_array_elements_text($2::jsonb) x) "
                "WHERE table_id = $1"_s,
            { plan.tableId,
                plan.keyOrigin == u"user"_s ? SqlParam(jsonFromStrings(plan.key)) : SqlParam(std::nullopt) });
    countChanges(db, result);
    return result;
}

void Differ::countChanges(PgConnection& db, TableDiffResult& result)
{
    const PgResult counts = db.exec(u"SELECT change_class, coalesce(kind, ''), sum(occurrences)::bigint "
                                    "FROM pgreconcile.changes WHERE table_id = $1 GROUP BY 1, 2"_s,
        { result.plan.tableId });
    for (int row = 0; row < counts.rowCount(); ++row) {
        const QString changeClass = counts.text(row, 0);
        const QString kind = counts.text(row, 1);
        const qint64 n = counts.toInt64(row, 2);
        result.counts[changeClass] += n;
        if (!kind.isEmpty() && storedValue<ChangeClass>(changeClass) != ChangeClass::ColumnMerge)
            result.counts[changeClass + u'/' + kind] += n;
        result.changes += n;
    }
}

QList<TableDiffResult> Differ::stored(Project& project)
{
    PgConnection& db = project.connection();
    QList<TablePlan> plans = planTables(db, {});
    QList<TableDiffResult> results;
    const PgResult diffs
        = db.exec(u"SELECT table_id, mode, to_json(key_columns), key_origin, drift::text, seconds "
                  "FROM pgreconcile.table_diffs"_s);
    for (TablePlan& plan : plans) {
        for (int row = 0; row < diffs.rowCount(); ++row) {
            if (diffs.toInt64(row, 0) != plan.tableId)
                continue;
            TableDiffResult result;
            plan.drift = QJsonDocument::fromJson(diffs.utf8(row, 4)).array();
            result.plan = plan;
            result.seconds = diffs.text(row, 5).toDouble();
            countChanges(db, result);
            results.append(result);
        }
    }
    return results;
}

QJsonObject Differ::report(const QString& project, const QList<TableDiffResult>& results)
{
    QJsonObject tables;
    QJsonObject totals;
    bool threeWay = false;
    for (const TableDiffResult& result : results) {
        const TablePlan& plan = result.plan;
        threeWay = threeWay || plan.threeWay;
        QJsonObject table;
        table.insert(
            u"key"_s, plan.key.isEmpty() ? QJsonValue() : QJsonValue(QJsonArray::fromStringList(plan.key)));
        table.insert(u"key_origin"_s, plan.keyOrigin);
        table.insert(u"keyless"_s, plan.keyless());
        table.insert(u"mode"_s,
            !plan.skipReason.isEmpty() ? u"skipped"_s
                : plan.threeWay        ? u"three_way"_s
                                       : u"two_way"_s);
        table.insert(u"drift"_s, plan.drift);
        table.insert(u"ignored_columns"_s, QJsonArray::fromStringList(plan.ignored));
        table.insert(u"compared_by_text"_s, QJsonArray::fromStringList(plan.comparedByText));
        if (!result.error.isEmpty())
            table.insert(u"error"_s, result.error);
        auto count = [&](const QString& name) { return result.counts.value(name); };
        auto single = [&](ChangeClass changeClass) {
            table.insert(reportName(changeClass), count(reportName(changeClass)));
        };
        auto byKind = [&](ChangeClass changeClass, std::span<const ChangeKind> kinds) {
            QJsonObject perKind;
            for (const ChangeKind kind : kinds)
                perKind.insert(reportName(kind), count(reportName(changeClass) + u'/' + reportName(kind)));
            table.insert(reportName(changeClass), perKind);
        };
        if (plan.threeWay) {
            single(ChangeClass::TargetOnly);
            byKind(ChangeClass::SourceOnly, kRowKinds);
            single(ChangeClass::SameChange);
            single(ChangeClass::ColumnMerge);
            byKind(ChangeClass::Conflict, kConflictKinds);
        } else {
            for (const ChangeClass changeClass : kTwoWayClasses)
                single(changeClass);
        }
        table.insert(u"changes"_s, result.changes);
        table.insert(u"seconds"_s, result.seconds);
        tables.insert(reportName(plan), table);
        for (auto it = result.counts.begin(); it != result.counts.end(); ++it)
            totals.insert(it.key(), totals.value(it.key()).toInteger() + it.value());
    }
    return QJsonObject { { u"project"_s, project }, { u"mode"_s, threeWay ? u"three_way"_s : u"two_way"_s },
        { u"tables"_s, tables }, { u"totals"_s, totals } };
}

} // namespace pgr
