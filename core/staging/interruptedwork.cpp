// SPDX-License-Identifier: GPL-3.0-or-later
#include "interruptedwork.h"

#include "error.h"
#include "pgconnection.h"
#include "project.h"
#include "staging.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QSysInfo>
#include <QThread>
#include <QTimeZone>
#include <cerrno>
#include <csignal>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// The first half of the two-number advisory lock that guards an entry ('pgrw'); the second is
// its work_id.
constexpr qint64 kLockClass = 0x70677277;

// Entries of this process that run now, by project database: their sessions hold the lock, but a
// second connection of this process must not take its own earlier entries for dead ones. A
// session's advisory locks are re-entrant, so try-lock alone cannot tell on the same connection.
QMutex liveMutex;
QSet<QString>& liveEntries()
{
    static QSet<QString> entries;
    return entries;
}
QString liveKey(const Project& project, qint64 id) { return project.database() + u'/' + QString::number(id); }

bool runsInThisProcess(const Project& project, qint64 id)
{
    QMutexLocker lock(&liveMutex);
    return liveEntries().contains(liveKey(project, id));
}

QString thisHost() { return QSysInfo::machineHostName(); }

QString thisProcess()
{
    const QString program
        = QCoreApplication::instance() ? QCoreApplication::applicationName() : u"pgreconcile"_s;
    return u"%1 (pid %2 on %3)"_s.arg(
        program, QString::number(QCoreApplication::applicationPid()), thisHost());
}

WorkKind workKindFromName(const QString& name)
{
    if (const std::optional<WorkKind> kind = fromReportName<WorkKind>(name))
        return *kind;
    throw Error(u"unknown kind of work \"%1\" in pgreconcile.work"_s.arg(name),
        u"open the project with a newer pgreconcile"_s);
}

// Work that writes the same things as other work: a load replaces its side and a diff reads
// every side, two dry runs share one scratch copy.
QString conflictCondition(WorkKind kind)
{
    switch (kind) {
    case WorkKind::Load:
        return u"(kind = 'load' AND scope = $1) OR kind = 'diff'"_s;
    case WorkKind::Diff:
        return u"kind IN ('load', 'diff')"_s;
    case WorkKind::DryRun:
        return u"kind = 'dry_run'"_s;
    case WorkKind::Decide:
    case WorkKind::Export:
        break;
    }
    return {};
}

QDateTime timestamp(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs).toLocalTime();
}

InterruptedWork fromRow(const PgResult& rows, int row)
{
    InterruptedWork work;
    work.id = rows.toInt64(row, 0);
    work.kind = workKindFromName(rows.text(row, 1));
    work.what = rows.text(row, 2);
    work.redo = rows.text(row, 3);
    work.startedAt = timestamp(rows.text(row, 4));
    work.startedBy = rows.text(row, 5);
    work.stoppedAt = timestamp(rows.text(row, 6));
    work.how = rows.text(row, 7);
    for (const QJsonValue& removed : QJsonDocument::fromJson(rows.text(row, 8).toUtf8()).array())
        work.removed.append(removed.toString());
    return work;
}

const QString kSelectColumns
    = u"work_id, kind, what, redo, to_char(started_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.MSOF'), started_by, "
      "coalesce(to_char(stopped_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.MSOF'), ''), coalesce(how, ''), removed::text"_s;

// A killed process's CREATE DATABASE goes on in its server process until it is done (a server
// notices that its client is gone only when it next talks to it), so it can outlive the lock of
// the session that guarded it, and make the database after the recovery looked for it. Such a
// statement is stopped, and waited for, before the database is looked for.
void stopCreationOf(PgConnection& admin, const QString& database)
{
    const QString creating = u"FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' "
                             "AND query ILIKE 'CREATE DATABASE%' AND position($1 in query) > 0"_s;
    admin.exec(u"SELECT pg_terminate_backend(pid) "_s + creating, { database });
    QElapsedTimer waited;
    waited.start();
    while (admin.exec(u"SELECT count(*) "_s + creating, { database }).toInt64(0, 0) > 0) {
        if (waited.elapsed() > 60000)
            throw Error(
                u"a server process still creates the scratch database \"%1\" after 60 s"_s.arg(database),
                u"stop it (pg_terminate_backend) and open the project again"_s);
        QThread::msleep(50);
    }
}

// Removes one thing an interrupted work left behind; returns how it is reported, empty when it
// was not there (the work had not made it yet, or had removed it itself).
QString removeLeftover(Project& project, const QString& kind, const QString& name, const QString& host)
{
    PgConnection& db = project.connection();
    if (kind == u"schema"_s) {
        if (db.exec(u"SELECT 1 FROM pg_namespace WHERE nspname = $1"_s, { name }).rowCount() == 0)
            return {};
        db.exec(u"DROP SCHEMA IF EXISTS %1 CASCADE"_s.arg(db.quoteName(name)));
        return u"schema %1"_s.arg(name);
    }
    if (kind == u"database"_s) {
        auto admin = project.staging().connect(u"postgres"_s);
        stopCreationOf(*admin, name);
        const PgResult size = admin->exec(
            u"SELECT pg_size_pretty(pg_database_size(datname)) FROM pg_database WHERE datname = $1"_s,
            { name });
        if (size.rowCount() == 0)
            return {};
        dropDatabase(*admin, name);
        return u"scratch database %1 (%2)"_s.arg(name, size.text(0, 0));
    }
    if (kind == u"diff_parts"_s) {
        // A diff's parts of big tables, UNLOGGED tables named <prefix><table id>_<part>.
        const PgResult parts = db.exec(u"SELECT tablename FROM pg_tables WHERE schemaname = 'pgreconcile' "
                                       "AND starts_with(tablename, $1)"_s,
            { name });
        for (int row = 0; row < parts.rowCount(); ++row)
            db.exec(u"DROP TABLE IF EXISTS pgreconcile."_s + db.quoteName(parts.text(row, 0)));
        return parts.rowCount() == 0 ? QString() : u"%1 unfinished diff parts"_s.arg(parts.rowCount());
    }
    if (kind == u"folder"_s) {
        // Only folders of this program's own naming, on the host that made them.
        QDir folder(name);
        if (host != thisHost() || !folder.dirName().startsWith(u"pgreconcile-"_s) || !folder.exists())
            return {};
        folder.removeRecursively();
        return u"temporary folder %1"_s.arg(name);
    }
    return {};
}

QJsonArray removeLeftovers(Project& project, const QString& leftoversJson, const QString& host)
{
    QJsonArray removed;
    for (const QJsonValue& value : QJsonDocument::fromJson(leftoversJson.toUtf8()).array()) {
        const QJsonObject leftover = value.toObject();
        const QString what
            = removeLeftover(project, leftover[u"kind"_s].toString(), leftover[u"name"_s].toString(), host);
        if (!what.isEmpty())
            removed.append(what);
    }
    return removed;
}

QJsonArray removeLeftoversOf(Project& project, qint64 id)
{
    const PgResult entry = project.connection().exec(
        u"SELECT leftovers::text, host FROM pgreconcile.work WHERE work_id = $1"_s, { id });
    return entry.rowCount() == 0 ? QJsonArray()
                                 : removeLeftovers(project, entry.text(0, 0), entry.text(0, 1));
}

// Marks one entry whose session is gone as interrupted and removes what it left behind.
void recoverOne(Project& project, qint64 id, const QString& leftoversJson, const QString& host)
{
    const QJsonArray removed = removeLeftovers(project, leftoversJson, host);
    project.connection().exec(u"UPDATE pgreconcile.work SET stopped_at = coalesce(stopped_at, "
                              u"clock_timestamp()), how = coalesce(how, $2), "
                              "leftovers = '[]', removed = removed || $3::jsonb WHERE work_id = $1"_s,
        { id,
            u"the process ended before it finished (killed, crashed, or its connection to staging was lost)"_s,
            QString::fromUtf8(QJsonDocument(removed).toJson(QJsonDocument::Compact)) });
}

bool tryLock(PgConnection& db, qint64 id)
{
    if (!db.exec(u"SELECT pg_try_advisory_lock($1::int, $2::int)"_s, { kLockClass, id }).toBool(0, 0))
        return false;
    db.exec(u"SELECT pg_advisory_unlock($1::int, $2::int)"_s, { kLockClass, id });
    return true;
}

bool processIsGone(const QString& host, qint64 pid)
{
    return host == thisHost() && pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

// Whether the session that registered an entry is gone: its lock can be taken (and is let go).
// A process killed in the middle of a statement leaves its server process running that statement
// to its end, lock held: when the process itself is gone (same host), that server process is
// stopped and its lock waited for.
bool sessionGone(Project& project, qint64 id, const QString& host, qint64 pid)
{
    if (runsInThisProcess(project, id))
        return false;
    PgConnection& db = project.connection();
    if (tryLock(db, id))
        return true;
    if (!processIsGone(host, pid))
        return false;
    db.exec(u"SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
            u"$1::int::oid "
            "AND objid = $2::int::oid AND objsubid = 2 AND granted"_s,
        { kLockClass, id });
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 30000) {
        if (tryLock(db, id))
            return true;
        QThread::msleep(50);
    }
    return false;
}

} // namespace

template<>
std::span<const ReportName<WorkKind>> reportNames<WorkKind>()
{
    static constexpr ReportName<WorkKind> names[] = {
        { WorkKind::Load, u"load" },
        { WorkKind::Diff, u"diff" },
        { WorkKind::Decide, u"decide" },
        { WorkKind::Export, u"export" },
        { WorkKind::DryRun, u"dry_run" },
    };
    return names;
}

QString workKindName(WorkKind kind) { return reportName(kind); }

RunningWork::RunningWork(
    Project& project, WorkKind kind, const QString& scope, const QString& what, const QString& redo)
    : m_project(project)
{
    recoverInterruptedWork(project);
    PgConnection& db = project.connection();
    PgTransaction tx(db);
    // One registration at a time, so two processes starting the same work see each other.
    db.exec(u"LOCK TABLE pgreconcile.work IN SHARE ROW EXCLUSIVE MODE"_s);
    if (const QString conflict = conflictCondition(kind); !conflict.isEmpty()) {
        const QString sql
            = u"SELECT work_id, what, started_by, to_char(started_at, 'HH24:MI:SS') FROM pgreconcile.work "
              "WHERE stopped_at IS NULL AND (%1)"_s.arg(conflict);
        const PgResult running = conflict.contains(u"$1"_s) ? db.exec(sql, { scope }) : db.exec(sql);
        for (int row = 0; row < running.rowCount(); ++row) {
            if (sessionGone(project, running.toInt64(row, 0), running.text(row, 4), running.toInt64(row, 5)))
                continue; // gone since the recovery above: the next open removes its leftovers
            throw Error(u"%1 is already %2 in project \"%3\" (since %4)"_s.arg(
                            running.text(row, 2), running.text(row, 1), project.name(), running.text(row, 3)),
                u"wait for it to finish, or stop it (Ctrl+C, or kill that process) and run this again"_s);
        }
    }
    m_id = db.exec(u"INSERT INTO pgreconcile.work (kind, scope, what, redo, started_by, host, pid) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING work_id"_s,
                 { workKindName(kind), scope, what, redo, thisProcess(), thisHost(),
                     QCoreApplication::applicationPid() })
               .toInt64(0, 0);
    // Held by this session until the work ends, or the session does.
    db.exec(u"SELECT pg_advisory_lock($1::int, $2::int)"_s, { kLockClass, m_id });
    tx.commit();
    QMutexLocker lock(&liveMutex);
    liveEntries().insert(liveKey(project, m_id));
}

RunningWork::~RunningWork()
{
    if (!m_closed) {
        try {
            // Ended by an exception: what it recorded is removed here, whatever its own unwinding did.
            removeLeftoversOf(m_project, m_id);
            m_project.connection().exec(u"DELETE FROM pgreconcile.work WHERE work_id = $1"_s, { m_id });
        } catch (const Error&) {
            // The connection is gone: the next open finds the entry and removes what it left.
        }
    }
    try {
        m_project.connection().exec(u"SELECT pg_advisory_unlock($1::int, $2::int)"_s, { kLockClass, m_id });
    } catch (const Error&) { }
    QMutexLocker lock(&liveMutex);
    liveEntries().remove(liveKey(m_project, m_id));
}

void RunningWork::willLeave(const QString& kind, const QString& name)
{
    const QJsonObject leftover { { u"kind"_s, kind }, { u"name"_s, name } };
    m_project.connection().exec(
        u"UPDATE pgreconcile.work SET leftovers = leftovers || jsonb_build_array($2::jsonb) WHERE work_id = $1"_s,
        { m_id, QString::fromUtf8(QJsonDocument(leftover).toJson(QJsonDocument::Compact)) });
}

void RunningWork::finished()
{
    PgConnection& db = m_project.connection();
    db.exec(
        u"DELETE FROM pgreconcile.work w USING pgreconcile.work done WHERE done.work_id = $1 "
        "AND (w.work_id = $1 OR (w.stopped_at IS NOT NULL AND w.kind = done.kind AND w.scope = done.scope))"_s,
        { m_id });
    m_closed = true;
}

void RunningWork::stopped(const QString& how)
{
    m_closed = true;
    try {
        const QJsonArray removed = removeLeftoversOf(m_project, m_id);
        m_project.connection().exec(u"UPDATE pgreconcile.work SET stopped_at = clock_timestamp(), how = $2, "
                                    "leftovers = '[]', removed = $3::jsonb WHERE work_id = $1"_s,
            { m_id, how, QString::fromUtf8(QJsonDocument(removed).toJson(QJsonDocument::Compact)) });
    } catch (const Error&) {
        // The connection is gone: the next open finds the entry as interrupted.
    }
}

QList<InterruptedWork> recoverInterruptedWork(Project& project)
{
    PgConnection& db = project.connection();
    const PgResult open = db.exec(u"SELECT work_id, leftovers::text, host, coalesce(pid, 0) FROM "
                                  u"pgreconcile.work WHERE stopped_at IS NULL "
                                  "ORDER BY work_id"_s);
    for (int row = 0; row < open.rowCount(); ++row) {
        const qint64 id = open.toInt64(row, 0);
        if (sessionGone(project, id, open.text(row, 2), open.toInt64(row, 3)))
            recoverOne(project, id, open.text(row, 1), open.text(row, 2));
    }
    return interruptedWork(db);
}

QList<InterruptedWork> interruptedWork(PgConnection& db)
{
    const PgResult rows
        = db.exec(u"SELECT %1 FROM pgreconcile.work WHERE stopped_at IS NOT NULL ORDER BY work_id"_s.arg(
            kSelectColumns));
    QList<InterruptedWork> list;
    for (int row = 0; row < rows.rowCount(); ++row)
        list.append(fromRow(rows, row));
    return list;
}

QString interruptedDiffBlocker(PgConnection& db)
{
    const PgResult diff = db.exec(
        u"SELECT to_char(started_at, 'YYYY-MM-DD HH24:MI') FROM pgreconcile.work WHERE kind = 'diff' "
        "AND stopped_at IS NOT NULL ORDER BY work_id DESC LIMIT 1"_s);
    if (diff.rowCount() == 0)
        return {};
    return u"the diff started %1 did not finish, so some tables' results are older than others'; run the diff again"_s
        .arg(diff.text(0, 0));
}

QString describeInterruptedWork(const InterruptedWork& work)
{
    QString text = u"Interrupted: %1 (started %2 by %3; %4)."_s.arg(
        work.what, work.startedAt.toString(u"yyyy-MM-dd HH:mm:ss"_s), work.startedBy, work.how);
    if (!work.removed.isEmpty())
        text += u" Removed what it left behind: %1."_s.arg(work.removed.join(u", "_s));
    if (!work.redo.isEmpty())
        text += u" "_s + work.redo;
    return text;
}

} // namespace pgr
