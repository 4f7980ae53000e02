// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgbinaries.h"
#include "reportname.h"

#include <QString>
#include <atomic>
#include <functional>

namespace pgr {

class Staging;

// Loads one side of a review from a pg_dump output: restores the file into a database of its own
// in staging with the PostgreSQL client tools (pg_restore for the archive formats, psql for plain
// SQL). Ownership, privileges, tablespaces, security labels, publications and subscriptions are
// left out: staging holds data to compare, not the source's roles.
class DumpRestorer
{
public:
    enum class Format
    {
        Custom,
        Directory,
        Tar,
        Plain
    };

    // Tells the format by content, not by name: custom ("PGDMP"), directory (a folder with
    // toc.dat), tar (with a toc.dat member) or plain SQL text. Throws pgr::Error naming the path
    // for a missing, unreadable or empty file, or one that pg_dump did not write.
    static Format detect(const QString& path);
    static QString formatName(Format format);

    // staging must outlive the restorer.
    DumpRestorer(const Staging& staging, PgBinaries binaries);

    // Restores dumpPath into a new database of staging, dropping any database of that name first.
    // On failure the half-restored database is dropped and pgr::Error quotes the tool's first
    // error; when *cancel becomes true the tool is stopped within a fraction of a second, the
    // database dropped and pgr::Cancelled thrown. progress, if given, receives a short line now
    // and then ("processing data for table …"), always on the calling thread.
    void restore(const QString& dumpPath, const QString& database, const std::atomic<bool>* cancel = nullptr,
        const std::function<void(const QString&)>& progress = {});

private:
    const Staging& m_staging;
    PgBinaries m_binaries;
};

// "custom", "directory", "tar", "plain SQL".
template<>
std::span<const ReportName<DumpRestorer::Format>> reportNames<DumpRestorer::Format>();

} // namespace pgr
