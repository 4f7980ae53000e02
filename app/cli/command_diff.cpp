// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "differ.h"
#include "error.h"
#include "options.h"
#include "pipeline.h"
#include "privatefile.h"
#include "progress.h"
#include "project.h"
#include "staging.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

namespace {

QString slash(const QMap<QString, qint64>& counts, const QString& prefix, const QStringList& kinds)
{
    QStringList parts;
    for (const QString& kind : kinds)
        parts.append(QString::number(counts.value(prefix + u'/' + kind)));
    return parts.join(u'/');
}

void printSummary(const QList<TableDiffResult>& results)
{
    const bool threeWay = !results.isEmpty() && results.first().plan.threeWay;
    auto cell = [](const QString& text, int width) { return text.leftJustified(width); };
    int nameWidth = 20;
    int keyWidth = 8;
    for (const TableDiffResult& result : results) {
        nameWidth = std::max(nameWidth, int(result.plan.qualifiedName().size()) + 2);
        keyWidth = std::max(keyWidth, int(result.plan.key.join(u',').size()) + 2);
    }
    if (threeWay) {
        out() << cell(u"table"_s, nameWidth) << cell(u"key"_s, keyWidth) << cell(u"target_only"_s, 13)
              << cell(u"source_only i/u/d"_s, 19) << cell(u"same_change"_s, 13) << cell(u"column_merge"_s, 14)
              << cell(u"conflict uu/ud/du/ii/dr/pm/uc/ic"_s, 34) << "drift\n";
    } else {
        out() << cell(u"table"_s, nameWidth) << cell(u"key"_s, keyWidth) << cell(u"only_in_source"_s, 16)
              << cell(u"only_in_target"_s, 16) << cell(u"differs"_s, 10) << "drift\n";
    }
    QMap<QString, qint64> totals;
    for (const TableDiffResult& result : results) {
        const TablePlan& plan = result.plan;
        const auto& c = result.counts;
        for (auto it = c.begin(); it != c.end(); ++it)
            totals[it.key()] += it.value();
        const QString key = plan.keyless() ? u"(none)"_s : plan.key.join(u',');
        QStringList drift;
        for (const auto& entry : plan.drift) {
            const QJsonObject object = entry.toObject();
            drift.append(object[u"kind"_s].toString()
                + (object.contains(u"column"_s) ? u'(' + object[u"column"_s].toString() + u')' : QString()));
        }
        out() << cell(plan.qualifiedName(), nameWidth) << cell(key, keyWidth);
        if (!result.error.isEmpty()) {
            out() << "FAILED: " << result.error << '\n';
            continue;
        }
        if (!plan.skipReason.isEmpty()) {
            out() << "skipped: " << plan.skipReason << '\n';
            continue;
        }
        if (threeWay) {
            out() << cell(QString::number(c.value(u"target_only"_s)), 13)
                  << cell(slash(c, u"source_only"_s, { u"insert"_s, u"update"_s, u"delete"_s }), 19)
                  << cell(QString::number(c.value(u"same_change"_s)), 13)
                  << cell(QString::number(c.value(u"column_merge"_s)), 14)
                  << cell(slash(c, u"conflict"_s,
                              { u"update_update"_s, u"update_delete"_s, u"delete_update"_s,
                                  u"insert_insert"_s, u"delete_referenced"_s, u"parent_missing"_s,
                                  u"unique_collision"_s, u"id_collision"_s }),
                         34);
        } else {
            out() << cell(QString::number(c.value(u"only_in_source"_s)), 16)
                  << cell(QString::number(c.value(u"only_in_target"_s)), 16)
                  << cell(QString::number(c.value(u"differs"_s)), 10);
        }
        out() << drift.join(u", "_s) << '\n';
    }
    if (threeWay) {
        out() << "\nIn all: " << totals.value(u"source_only"_s) << " source changes to carry over, "
              << totals.value(u"column_merge"_s) << " column merges, " << totals.value(u"conflict"_s)
              << " conflicts to decide, " << totals.value(u"same_change"_s) << " made alike on both sides, "
              << totals.value(u"target_only"_s) << " target-only." << Qt::endl;
    } else {
        out() << "\nIn all: " << totals.value(u"only_in_source"_s) << " only in source, "
              << totals.value(u"only_in_target"_s) << " only in target, " << totals.value(u"differs"_s)
              << " differing (two-way: every change is undecided)." << Qt::endl;
    }
}

void addDiffOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        u"Compares the loaded sides of a review inside staging and stores the classified changes. Rerunning "
        "replaces each table's previous results atomically."_s);
    addStagingOptions(parser);
    parser.addOption({ u"project"_s, u"Name of the review project."_s, u"NAME"_s });
    parser.addOption({ u"json"_s,
        u"Also write the per-table report as JSON to FILE (- for standard output)."_s, u"FILE"_s });
    parser.addOption({ u"ignore-column"_s,
        u"Leave a column out of the comparison, e.g. customers.updated_at (repeatable)."_s, u"T.C"_s });
    parser.addOption({ u"table"_s, u"Diff only this table, e.g. public.orders (repeatable)."_s, u"T"_s });
    parser.addOption({ u"key"_s,
        u"Use these columns as the key of a table, e.g. orders=tenant,number (repeatable; remembered once "
        u"the diff "
        "checked it unique and not null on every side). orders= drops the choice: the table's primary key again, or none."_s,
        u"T=C,C"_s });
    parser.addOption({ u"parallel"_s, u"Tables diffed at once, 1 to 64 (default: one per core)."_s, u"N"_s });
}

// --table, --ignore-column, --key and --parallel; false (the reason printed) when one is malformed.
bool diffOptions(const QCommandLineParser& parser, DiffOptions& options)
{
    options.tables = parser.values(u"table"_s);
    options.ignoredColumns = parser.values(u"ignore-column"_s);
    for (const QString& key : parser.values(u"key"_s)) {
        const QString table = key.section(u'=', 0, 0);
        const QStringList columns = key.section(u'=', 1).split(u',', Qt::SkipEmptyParts);
        if (table.isEmpty() || !key.contains(u'=')) {
            err() << "pgreconcile-cli diff: --key takes TABLE=COLUMN[,COLUMN...] (or TABLE= to drop the "
                     "choice), not \""
                  << key << '"' << Qt::endl;
            return false;
        }
        options.keys.insert(table, columns);
    }
    if (!intOption(parser, "diff", u"parallel"_s, 1, 64, options.parallelism))
        return false;
    return true;
}

QList<TableDiffResult> runDiff(
    const QCommandLineParser& parser, const QString& name, const DiffOptions& options)
{
    const std::atomic<bool>* interrupted = installInterruptFlag();
    auto staging = openStaging(parser);
    ProgressLine line;
    Pipeline::Callbacks callbacks;
    callbacks.opened = [](const Project& project, bool) { reportInterruptedWork(project); };
    callbacks.diffing = [&line](const DiffProgress& progress, const PipelineStep&) {
        // The tables under way, else the one just finished.
        const QString tables = progress.running.isEmpty() ? progress.table : progress.running.join(u", "_s);
        line.update(
            progress.rowsEstimated > 0 ? double(progress.rowsDone) / double(progress.rowsEstimated) : 0.0,
            u"%1 (%2/%3 tables done)"_s.arg(
                tables, QString::number(progress.tablesDone), QString::number(progress.tablesTotal)));
    };
    Pipeline::Request request;
    request.project = name;
    request.mayCreate = false;
    request.diffOptions = options;
    QList<TableDiffResult> results;
    try {
        results = Pipeline(*staging, interrupted, callbacks).run(request).diffed;
    } catch (const Error&) {
        line.finish();
        throw;
    }
    line.finish();
    return results;
}

void writeJsonReport(const QString& path, const QString& name, const QList<TableDiffResult>& results)
{
    const QByteArray json = QJsonDocument(Differ::report(name, results)).toJson(QJsonDocument::Indented);
    if (path == u"-"_s) {
        out() << QString::fromUtf8(json) << Qt::flush;
    } else {
        QSaveFile file(path);
        if (!openPrivately(file) || file.write(json) != json.size() || !file.commit())
            throw Error(u"cannot write the JSON report to %1: %2"_s.arg(path, file.errorString()),
                u"check that the folder exists and is writable"_s);
    }
}

} // namespace

int diffCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    addDiffOptions(parser);
    QString name;
    DiffOptions options;
    if (!parse(parser, arguments) || !requiredOption(parser, "diff", u"project"_s, u"NAME"_s, name)
        || !stagingFolderOption(parser, "diff") || !diffOptions(parser, options))
        return 2;
    QElapsedTimer timer;
    timer.start();
    const QList<TableDiffResult> results = runDiff(parser, name, options);
    printSummary(results);
    out() << "Diffed " << results.size() << " tables in "
          << QString::number(double(timer.elapsed()) / 1000.0, 'f', 2) << " s." << Qt::endl;
    if (parser.isSet(u"json"_s))
        writeJsonReport(parser.value(u"json"_s), name, results);
    bool failed = false;
    for (const TableDiffResult& result : results)
        failed = failed || !result.error.isEmpty();
    return failed ? 1 : 0;
}

} // namespace pgr::cli
