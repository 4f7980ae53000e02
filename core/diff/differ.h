// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diffplan.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <atomic>
#include <functional>
#include <map>

namespace pgr {

class Project;

struct TableDiffResult
{
    TablePlan plan;
    // Row counts by class, and by "class/kind" where the class has kinds ("source_only/insert", …).
    QMap<QString, qint64> counts;
    qint64 changes = 0;
    double seconds = 0;
    QString error; // the table failed; others went on
};

struct DiffProgress
{
    QString table; // just finished or started
    int tablesDone = 0;
    int tablesTotal = 0;
    // Rows of the finished tables (largest side), plus, for the tables under way, an estimate from
    // their time so far and the rate of the tables done (one SQL statement per table reports
    // nothing while it runs). Never more than 95% of a running table.
    qint64 rowsDone = 0;
    qint64 rowsEstimated = 0;
    QStringList running; // the tables under way
};

// Runs the diff of a project, table by table in parallel (one staging connection per worker),
// each table's results replacing the previous ones in one transaction. Cancelling stops the
// running queries on the server and keeps what earlier runs stored for the unfinished tables.
class Differ
{
public:
    using ProgressFunction = std::function<void(const DiffProgress&)>;

    Differ(Project& project, DiffOptions options, const std::atomic<bool>* cancel = nullptr,
        ProgressFunction progress = {});
    // Throws pgr::Cancelled when cancelled, pgr::Error for bad options; per-table failures are in the
    // results.
    QList<TableDiffResult> run();

    // The --json report: per table its key, drift and the count of each class and kind, under the
    // names DESIGN.md uses.
    static QJsonObject report(const QString& project, const QList<TableDiffResult>& results);
    // Reads the stored results of the latest diff (for `review`, the GUI, and reports without rerunning).
    static QList<TableDiffResult> stored(Project& project);

    // The key ranges a table is diffed in, that many workers at once; empty: whole.
    QList<DiffPart> splitTable(PgConnection& connection, const TablePlan& plan, int workers) const;

private:
    class Run;
    QList<TableDiffResult> diffTables();
    void addRelationConflicts(QList<TableDiffResult>& results);
    // Big tables are split into key ranges (splitTable), diffed into tables of their own
    // (diffPart), then swapped in together (finishParts); others go whole (diffTable).
    static void dropParts(PgConnection& connection, int tableId);
    void prepare(PgConnection& connection, const TablePlan& plan);
    TableDiffResult diffTable(PgConnection& connection, const TablePlan& plan);
    void diffPart(PgConnection& connection, const TablePlan& plan, const DiffPart& part);
    TableDiffResult finishParts(PgConnection& connection, const TablePlan& plan, double seconds);
    TableDiffResult store(PgConnection& connection, const TablePlan& plan, double seconds);
    void reportProgress(DiffProgress& progress, const QList<TablePlan>& plans,
        const std::map<int, QElapsedTimer>& underWay, qint64 rowsFinished,
        const QElapsedTimer& sinceStart) const;
    static void countChanges(PgConnection& connection, TableDiffResult& result);

    Project& m_project;
    DiffOptions m_options;
    const std::atomic<bool>* m_cancel;
    ProgressFunction m_progress;
};

} // namespace pgr
