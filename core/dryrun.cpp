// SPDX-License-Identifier: GPL-3.0-or-later
#include "dryrun.h"

#include "conninfo.h"
#include "dumprestore.h"
#include "error.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "project.h"
#include "staging.h"

#include <QProcess>
#include <QTemporaryDir>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

DryRun::DryRun(Project& project, const std::atomic<bool>* cancel)
    : m_project(project)
    , m_cancel(cancel)
{
}

QString DryRun::makeCopy(const QString& database)
{
    const Staging& staging = m_project.staging();
    const PgResult side = m_project.connection().exec(
        u"SELECT origin_kind, origin, coalesce(origin_schema, '') FROM pgreconcile.sides WHERE side = 'target'"_s);
    if (side.rowCount() == 0)
        throw Error(u"project \"%1\" has no target loaded"_s.arg(m_project.name()), u"load it first"_s);
    const QString kind = side.text(0, 0);
    const QString origin = side.text(0, 1);
    auto admin = staging.connect(u"postgres"_s);
    admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(database)));
    if (kind == u"staging"_s) {
        try {
            admin->exec(u"CREATE DATABASE %1 TEMPLATE %2"_s.arg(admin->quoteName(database), admin->quoteName(origin)));
            return u"a template copy of %1 in staging"_s.arg(origin);
        } catch (const Error&) {
            // In use by someone else: copy it through pg_dump like a live server below.
        }
    }
    const PgBinaries binaries = PgBinaries::locate();
    DumpRestorer restorer(staging, binaries);
    if (kind == u"dump"_s) {
        restorer.restore(origin, database, m_cancel);
        return u"the target's dump %1 restored"_s.arg(origin);
    }
    // A live server (or a busy staging database): dump it now, as it is.
    const QString connection = kind == u"staging"_s ? staging.connectionString(origin)
                                                    : ConnectionInfo::parse(origin).toConnectionString();
    QTemporaryDir dir;
    const QString dump = dir.filePath(u"target.dump"_s);
    QProcess pgDump;
    pgDump.setProcessChannelMode(QProcess::MergedChannels);
    pgDump.start(binaries.program(u"pg_dump"_s), { u"-Fc"_s, u"-f"_s, dump, u"-d"_s, connection });
    while (!pgDump.waitForFinished(100)) {
        if (m_cancel && m_cancel->load()) {
            pgDump.kill();
            pgDump.waitForFinished(2000);
            throw Cancelled();
        }
        if (pgDump.state() == QProcess::NotRunning)
            break;
    }
    if (pgDump.exitStatus() != QProcess::NormalExit || pgDump.exitCode() != 0)
        throw Error(u"pg_dump of the target (%1) failed: %2"_s.arg(ConnectionInfo::parse(connection).toDisplayString(),
                        QString::fromUtf8(pgDump.readAll()).trimmed()),
            u"check that the target is reachable; the password comes from PGPASSWORD or ~/.pgpass"_s);
    restorer.restore(dump, database, m_cancel);
    return u"a pg_dump of the target taken now, restored"_s;
}

DryRunResult DryRun::run(const QString& scriptPath)
{
    DryRunResult result;
    const QString copy = u"pgrscratch_%1_dryrun"_s.arg(m_project.name());
    const Staging& staging = m_project.staging();
    auto dropCopy = qScopeGuard([&] {
        try {
            auto admin = staging.connect(u"postgres"_s);
            admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(copy)));
        } catch (const Error&) {
        }
    });
    result.copiedFrom = makeCopy(copy);

    QProcess psql;
    psql.setProcessChannelMode(QProcess::MergedChannels);
    psql.start(PgBinaries::locate().program(u"psql"_s),
        { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, scriptPath, u"-d"_s, staging.connectionString(copy) });
    while (!psql.waitForFinished(100)) {
        if (m_cancel && m_cancel->load()) {
            psql.kill();
            psql.waitForFinished(2000);
            throw Cancelled();
        }
        if (psql.state() == QProcess::NotRunning)
            break;
    }
    result.psqlOutput = QString::fromUtf8(psql.readAll()).trimmed();
    result.applied = psql.exitStatus() == QProcess::NormalExit && psql.exitCode() == 0;
    if (result.applied)
        result.verify = Verifier(m_project, m_cancel).verify(staging.connectionString(copy), u"dry-run copy of the target"_s);
    return result;
}

} // namespace pgr
