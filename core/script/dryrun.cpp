// SPDX-License-Identifier: GPL-3.0-or-later
#include "dryrun.h"

#include "conninfo.h"
#include "dumprestore.h"
#include "error.h"
#include "interruptedwork.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "project.h"
#include "staging.h"

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {
// invalid_password: the live target refused pg_dump for want of a (right) password.
const QString kNeedsPasswordState = QStringLiteral("28P01");
} // namespace

namespace {

// Runs a client program to its end, or kills it on cancel; its merged output in *output. It never
// prompts and sees no password on its command line (ClientCredentials).
bool runClient(const QString& program, QStringList arguments, const QString& pgOptions,
    const std::atomic<bool>* cancel, QString* output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!pgOptions.isEmpty())
        environment.insert(u"PGOPTIONS"_s, pgOptions);
    const ClientCredentials credentials(arguments, environment);
    process.setProcessEnvironment(environment);
    endsWithThisProcess(process);
    process.start(program, arguments);
    process.closeWriteChannel();
    while (!process.waitForFinished(100)) {
        if (cancel && cancel->load()) {
            process.kill();
            process.waitForFinished(2000);
            throw Cancelled();
        }
        if (process.state() == QProcess::NotRunning)
            break;
    }
    *output = QString::fromUtf8(process.readAll()).trimmed();
    if (process.error() == QProcess::FailedToStart)
        *output = u"cannot run %1: %2"_s.arg(program, process.errorString());
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

DryRun::DryRun(Project& project, const std::atomic<bool>* cancel)
    : m_project(project)
    , m_cancel(cancel)
{ }

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
    if (m_work)
        m_work->willLeave(u"database"_s, database);
    admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(database)));
    if (kind == u"staging"_s) {
        try {
            admin->exec(u"CREATE DATABASE %1 TEMPLATE %2"_s.arg(
                admin->quoteName(database), admin->quoteName(origin)));
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
    const QString connection = kind == u"staging"_s ? staging.connectionString(origin) : liveTarget(origin);
    QTemporaryDir dir(QDir::tempPath() + u"/pgreconcile-dump-XXXXXX"_s);
    if (m_work)
        m_work->willLeave(u"folder"_s, dir.path());
    const QString dump = dir.filePath(u"target.dump"_s);
    QString output;
    if (!runClient(binaries.program(u"pg_dump"_s), { u"-Fc"_s, u"-f"_s, dump, u"-d"_s, connection }, {},
            m_cancel, &output)) {
        const QString server = ConnectionInfo::parse(connection).toDisplayString();
        if (ClientCredentials::isAuthenticationFailure(output))
            throw Error(u"the dry run cannot copy the target (%1): it needs the target's password: %2"_s.arg(
                            server, output),
                u"the project keeps no password, so the dry run connects as the load did but without a "
                "password that was in the URI: set PGPASSWORD, or put the password in ~/.pgpass (chmod 600), "
                "then export again; the window and the CLI on a terminal ask for it"_s,
                kNeedsPasswordState);
        throw Error(u"pg_dump of the target (%1) failed: %2"_s.arg(server, output),
            u"check that the target is reachable; the password comes from PGPASSWORD or ~/.pgpass"_s);
    }
    restorer.restore(dump, database, m_cancel);
    return u"a pg_dump of the target taken now, restored"_s;
}

QString DryRun::liveTarget(const QString& origin) const
{
    ConnectionInfo live = ConnectionInfo::parse(origin);
    if (!m_targetPassword.isEmpty())
        live.setValue(u"password"_s, m_targetPassword);
    return live.toConnectionString();
}

bool DryRun::needsTargetPassword(const Error& error) { return error.sqlstate() == kNeedsPasswordState; }

DryRunResult DryRun::run(const QString& scriptPath)
{
    RunningWork work(m_project, WorkKind::DryRun, {},
        u"a dry run of %1 on a copy of the target"_s.arg(scriptPath),
        u"Run the dry run again (pgreconcile-cli export --dry-run); the script itself is complete."_s);
    m_work = &work;
    auto forget = qScopeGuard([&] { m_work = nullptr; });
    DryRunResult result = runOnCopy(scriptPath);
    work.finished();
    return result;
}

DryRunResult DryRun::runOnCopy(const QString& scriptPath)
{
    DryRunResult result;
    const QString copy = u"pgrscratch_%1_dryrun"_s.arg(m_project.name());
    const Staging& staging = m_project.staging();
    auto dropCopy = qScopeGuard([&] {
        try {
            auto admin = staging.connect(u"postgres"_s);
            admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(copy)));
        } catch (const Error&) { }
    });
    result.copiedFrom = makeCopy(copy);

    result.applied = applyWithPsql(scriptPath, copy, {}, &result.psqlOutput);
    if (result.applied) {
        result.verify = Verifier(m_project, m_cancel)
                            .verify(staging.connectionString(copy), u"dry-run copy of the target"_s);
        explainByTriggers(scriptPath, copy, result);
    }
    return result;
}

bool DryRun::applyWithPsql(
    const QString& scriptPath, const QString& database, const QString& extraOptions, QString* output)
{
    const Staging& staging = m_project.staging();
    const bool applied = runClient(PgBinaries::locate().program(u"psql"_s),
        { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, scriptPath, u"-d"_s,
            staging.connectionString(database) },
        extraOptions, m_cancel, output);
    // Not the script's fault: say whose password is missing instead of "DRY RUN FAILED".
    if (!applied && ClientCredentials::isAuthenticationFailure(*output))
        throw Error(
            u"the dry run's psql cannot log in to staging (%1): %2"_s.arg(staging.description(), *output),
            u"give staging's password in the --staging URI, PGPASSWORD or ~/.pgpass (chmod 600)"_s);
    return applied;
}

// The target's triggers on the tables the script writes or that differ: when the copy differs
// from the review, the script runs again on a second copy with every trigger off (staging's
// superuser may); if that copy is exactly as reviewed, the differences are the triggers' own.
void DryRun::explainByTriggers(const QString& scriptPath, const QString& copy, DryRunResult& result)
{
    PgConnection& db = m_project.connection();
    QStringList tables;
    // The tables the script may write: with changes to carry over, or with decisions (a cheap superset).
    const PgResult written = db.exec(
        u"SELECT t.schema_name || '.' || t.table_name FROM pgreconcile.tables t WHERE t.table_id IN ("
        "SELECT table_id FROM pgreconcile.changes WHERE change_class NOT IN ('same_change', 'target_only') "
        "UNION SELECT table_id FROM pgreconcile.decisions)"_s);
    for (int row = 0; row < written.rowCount(); ++row)
        tables.append(written.text(row, 0));
    QHash<QString, QStringList> differences; // table → what differs there
    for (const VerifyTable& table : std::as_const(result.verify.tables)) {
        const QStringList lines = table.problems + table.collateralProblems;
        if (!lines.isEmpty()) {
            differences.insert(table.table, lines);
            tables.append(table.table);
        }
    }
    tables.removeDuplicates();
    const Staging& staging = m_project.staging();
    result.triggers = TargetTriggers::on(*staging.connect(copy), tables);
    if (!result.triggers.isEmpty() && result.verify.problems() > 0) {
        const QString second = copy + u"_notriggers"_s;
        auto dropSecond = qScopeGuard([&] {
            try {
                auto admin = staging.connect(u"postgres"_s);
                admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(second)));
            } catch (const Error&) { }
        });
        makeCopy(second);
        QString output;
        if (applyWithPsql(scriptPath, second, u"-c session_replication_role=replica"_s, &output)) {
            const VerifyResult without
                = Verifier(m_project, m_cancel)
                      .verify(staging.connectionString(second), u"dry-run copy without triggers"_s);
            result.triggersExplain = without.problems() == 0;
        }
    }
    const QSet<QString> accepted = [&] {
        const QStringList names = TargetTriggers(db).accepted();
        return QSet<QString>(names.begin(), names.end());
    }();
    QStringList elsewhere; // differences in tables without a trigger of their own: an audit table
    QSet<QString> withTriggers;
    for (const TargetTriggers::Finding& finding : std::as_const(result.triggers))
        withTriggers.insert(finding.name.section(u'.', 0, 1));
    for (auto it = differences.cbegin(); it != differences.cend(); ++it) {
        if (!withTriggers.contains(it.key()))
            elsewhere.append(it.key() + u": "_s + it.value().join(u"; "_s));
    }
    for (TargetTriggers::Finding& finding : result.triggers) {
        finding.accepted = accepted.contains(finding.name);
        if (!result.triggersExplain)
            continue;
        QStringList effects = differences.value(finding.name.section(u'.', 0, 1));
        effects += elsewhere;
        finding.effects = effects.join(u"; "_s);
    }
    TargetTriggers(db).record(result.triggers);
}

QStringList DryRunResult::unacceptedTriggers() const
{
    QStringList names;
    for (const TargetTriggers::Finding& finding : triggers) {
        if (!finding.accepted)
            names.append(finding.name);
    }
    return names;
}

} // namespace pgr
