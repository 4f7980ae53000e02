// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog.h"
#include "reportname.h"
#include "side.h"

#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace pgr {

class PgConnection;
class Project;
class RunningWork;
class Staging;

// Where a side comes from, as the user wrote it.
struct SideSource
{
    enum class Kind
    {
        Uri, // a libpq URI or key=value string: a live server
        Dump, // a pg_dump file or directory
        Staging, // a database of the staging server (the demo's demo_base, …)
    };
    Kind kind = Kind::Uri;
    QString text;
    QString schema; // --<side>-schema: only this schema, standing for the whole side
    // With schema set: the schema its tables are matched under (the target's; default public).
    QString logicalSchema = QStringLiteral("public");

    // A URI when it has "://" or "=", a dump when such a file or folder exists, else a staging database.
    static SideSource interpret(const QString& text, const QString& schema = {});
    // Without password.
    QString description() const;
    QString kindName() const;
};

// As pgreconcile.sides stores it: "uri", "dump", "staging".
template<>
std::span<const ReportName<SideSource::Kind>> reportNames<SideSource::Kind>();

struct LoadProgress
{
    Side side = Side::Source;
    QString table; // being copied; empty between tables
    qint64 rowsDone = 0; // over the whole side
    qint64 rowsEstimated = 0;
    int tablesDone = 0;
    int tablesTotal = 0;
    QString message; // a phase ("restoring the dump", "reading the catalog", …)
};

// Copies a side into the project: every table of the side (or of its one schema) is streamed with
// COPY inside one repeatable-read, read-only snapshot (shared by parallel workers through an
// exported snapshot), into a fresh schema that replaces the side's previous copy atomically at
// the end. Cancelled or failed, it leaves the previous copy untouched.
class Loader
{
public:
    using ProgressFunction = std::function<void(const LoadProgress&)>;

    Loader(Project& project, const std::atomic<bool>* cancel = nullptr, ProgressFunction progress = {});
    // Parallel table copies; 0 means one per core (at least 1, at most 8).
    void setParallelism(int workers) { m_parallelism = workers; }

    struct Result
    {
        int tables = 0;
        qint64 rows = 0;
        double seconds = 0;
    };
    Result load(Side side, const SideSource& source);

    // Refuses (pgr::Error naming every such table and the GRANT that fixes it) a live side whose
    // role cannot read some of the tables it would copy. Dumps and staging databases are read by
    // staging's own user. Run for every side before any is copied, nothing of a load is kept.
    static void checkReadable(Side side, const SideSource& source);

    // The table's name inside schemas base/source/target: "schema.table" as one identifier where
    // that names one (schema, table) pair only, else shortened with a hash of the pair (also when
    // longer than PostgreSQL's 63 bytes): two tables never share one.
    static QString stagedName(const QString& schema, const QString& table);

private:
    Result loadSide(Side side, const SideSource& source);
    Result loadDump(Side side, const SideSource& source);
    Result copyFrom(Side side, const SideSource& source, const QString& connectionString);
    SideCatalog readSideCatalog(
        PgConnection& origin, Side side, const SideSource& source, const QString& originLabel) const;
    std::vector<std::unique_ptr<PgConnection>> workerOrigins(const QString& connectionString,
        const QString& originLabel, const QString& snapshot, int tables) const;
    void reportPhase(Side side, const QString& message) const;
    static void storeTable(
        PgConnection& db, const QString& side, const SideSource& source, const TableInfo& table);
    static void renameStagedElsewhere(
        PgConnection& db, const QString& side, const TableInfo& table, const QString& staged);
    void store(Side side, const SideSource& source, const SideCatalog& catalog, const QString& loadingSchema,
        const Result& result);
    void checkCancel() const;

    Project& m_project;
    const std::atomic<bool>* m_cancel;
    ProgressFunction m_progress;
    int m_parallelism = 0;
    RunningWork* m_work = nullptr; // the load under way: what it makes is recorded there first
};

} // namespace pgr
