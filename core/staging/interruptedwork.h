// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reportname.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace pgr {

class PgConnection;
class Project;

// Work that leaves things behind while it runs (a load's <side>_loading schema, a restored dump's
// scratch database, a dry run's copy of the target and its dump file) or whose stop half-way
// leaves the project inconsistent (a diff stores table by table) is registered in the project,
// pgreconcile.work, for as long as it runs. The entry is guarded by an advisory lock of the
// session that runs the work: a process killed in the middle (kill -9, a crash, the staging
// server stopped) loses its session and so the lock. The next Project::open finds the entry
// without its lock, removes what the work recorded it would leave behind, and keeps the entry as
// the record of what was interrupted until the same work is done again.
enum class WorkKind
{
    Load,
    Diff,
    Decide,
    Export,
    DryRun,
};

// The name stored and reported: "load", "diff", "decide", "export", "dry_run".
template<>
std::span<const ReportName<WorkKind>> reportNames<WorkKind>();
QString workKindName(WorkKind kind);

struct InterruptedWork
{
    qint64 id = 0;
    WorkKind kind = WorkKind::Load;
    QString what; // "loading the source from postgresql://app@db1/shop"
    QDateTime startedAt;
    QString startedBy; // "pgreconcile-cli (pid 4711 on host1)"
    QDateTime stoppedAt; // when it was found interrupted (or stopped with an error)
    QString how; // "the process ended without finishing (killed?)" or the error it stopped with
    QStringList removed; // what it had left behind, removed: "schema source_loading", …
    QString redo; // what to run again and what stays meanwhile
};

// One registered piece of work, for the lifetime of the object. Not copyable; one per thread.
class RunningWork
{
public:
    // what: a sentence the user recognises; redo: what to run again should it be interrupted.
    // Throws pgr::Error when live work of the same kind (and side) runs on this project, naming
    // its process, since both would write the same things.
    RunningWork(
        Project& project, WorkKind kind, const QString& scope, const QString& what, const QString& redo);
    ~RunningWork();
    RunningWork(const RunningWork&) = delete;
    RunningWork& operator=(const RunningWork&) = delete;

    // Records, before it is created, something this work leaves behind until it ends: found
    // again after a kill and removed. kind: "schema" (in the project database), "database" (in
    // staging), "folder" (a local folder, removed only on this host).
    void willLeave(const QString& kind, const QString& name);
    // The work ended as it should: its entry goes, and with it the records of the same work
    // interrupted before.
    void finished();
    // The work stopped with an error or was cancelled and its partial result stays (a diff):
    // kept as interrupted, saying how.
    void stopped(const QString& how);

private:
    Project& m_project;
    qint64 m_id = 0;
    bool m_closed = false;
};

// Called by Project::open: entries whose work no longer runs are marked interrupted and what
// they left behind is removed. Returns every interrupted entry still on record, oldest first.
QList<InterruptedWork> recoverInterruptedWork(Project& project);

// The records of interrupted work, as they stand (no recovery).
QList<InterruptedWork> interruptedWork(PgConnection& db);

// A diff interrupted or stopped since the last complete one leaves some tables' results new and
// others old: a non-empty sentence saying so blocks approval and export.
QString interruptedDiffBlocker(PgConnection& db);

// One line per record for the CLI and the window: "Interrupted: loading the source from … (started
// 08:31 by …; the process ended without finishing). Removed: … Next: …".
QString describeInterruptedWork(const InterruptedWork& work);

} // namespace pgr
