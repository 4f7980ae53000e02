// SPDX-License-Identifier: GPL-3.0-or-later
#include "testsupport.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <QThread>
#include <cerrno>
#include <csignal>
#include <sys/stat.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr::test {

TestCluster& TestCluster::instance()
{
    static TestCluster cluster;
    return cluster;
}

namespace {

bool processAlive(qint64 pid) { return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM); }

qint64 firstNumber(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readLine().trimmed().toLongLong() : 0;
}

// A test binary killed by a timeout cannot remove its cluster: the next test run does, once the
// binary that made it (owner.pid) is gone, stopping a server that still runs on it first.
void sweepAbandonedClusters()
{
    const QFileInfoList folders
        = QDir(QDir::tempPath()).entryInfoList({ u"pgr-test-*"_s }, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo& folder : folders) {
        const qint64 owner = firstNumber(folder.filePath() + u"/owner.pid"_s);
        if (owner == 0 || processAlive(owner))
            continue;
        const qint64 server = firstNumber(folder.filePath() + u"/staging/data/postmaster.pid"_s);
        if (processAlive(server)) {
            ::kill(pid_t(server), SIGQUIT); // immediate shutdown: the data is thrown away
            for (int i = 0; i < 50 && processAlive(server); ++i)
                QThread::msleep(100);
        }
        QDir(folder.filePath()).removeRecursively();
    }
}

} // namespace

TestCluster::TestCluster()
    : m_dir((sweepAbandonedClusters(), QDir::tempPath() + u"/pgr-test-XXXXXX"_s))
{
    if (!m_dir.isValid())
        qFatal("cannot create a temporary folder for the test cluster");
    QFile owner(m_dir.filePath(u"owner.pid"_s));
    if (owner.open(QIODevice::WriteOnly))
        owner.write(QByteArray::number(QCoreApplication::applicationPid()) + '\n');
    m_folder = makeClusterFolder(m_dir, u"staging"_s);
    Staging::Choice choice;
    choice.folder = m_folder;
    choice.durable = false;
    try {
        m_staging = Staging::open(choice);
    } catch (const std::exception& e) {
        qFatal("cannot start the test cluster: %s", e.what());
    }
}

QString TestCluster::createDatabase(const QString& prefix)
{
    const QString name = u"%1_%2"_s.arg(prefix).arg(++m_databases);
    auto admin = m_staging->connect(u"postgres"_s);
    admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(name)));
    admin->exec(u"CREATE DATABASE %1"_s.arg(admin->quoteName(name)));
    return name;
}

QString TestCluster::copyDatabase(const QString& database, const QString& name)
{
    auto admin = m_staging->connect(u"postgres"_s);
    admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(name)));
    admin->exec(u"CREATE DATABASE %1 TEMPLATE %2"_s.arg(admin->quoteName(name), admin->quoteName(database)));
    return name;
}

QString makeClusterFolder(QTemporaryDir& parent, const QString& name)
{
    // QTemporaryDir is 0700 and owned by us; the server user (postgres, when we are root) must
    // be able to pass through it.
    ::chmod(parent.path().toLocal8Bit().constData(), 0711);
    return parent.filePath(name);
}

CliRunner::CliRunner()
    : m_environment(QProcessEnvironment::systemEnvironment())
{ }

QString CliRunner::program()
{
    return qEnvironmentVariable("PGRECONCILE_CLI_UNDER_TEST", QStringLiteral(PGRECONCILE_CLI));
}

CliRunner& CliRunner::isolateSettings(const QString& folder)
{
    m_environment.insert(u"XDG_CONFIG_HOME"_s, folder);
    m_environment.insert(u"XDG_DATA_HOME"_s, folder);
    return setSettingsFile(folder + u"/pgreconcile.ini"_s);
}

CliRunner& CliRunner::setSettingsFile(const QString& path)
{
    return setEnvironment(u"PGRECONCILE_SETTINGS"_s, path);
}

CliRunner& CliRunner::setEnvironment(const QString& name, const QString& value)
{
    m_environment.insert(name, value);
    return *this;
}

CliRunner& CliRunner::removeEnvironment(const QString& name)
{
    m_environment.remove(name);
    return *this;
}

CliRunner& CliRunner::setStagingArguments(const QStringList& arguments)
{
    m_stagingArguments = arguments;
    return *this;
}

CliRunner& CliRunner::useTestCluster()
{
    return setStagingArguments(
        { u"--staging"_s, TestCluster::instance().staging().connectionString(u"postgres"_s) });
}

CliRunner& CliRunner::setWorkingDirectory(const QString& folder)
{
    m_workingDirectory = folder;
    return *this;
}

CliRunner& CliRunner::setTimeout(int ms)
{
    m_timeoutMs = ms;
    return *this;
}

CliRunner& CliRunner::mergeChannels()
{
    m_merged = true;
    return *this;
}

CliRunner& CliRunner::onTerminal(const QString& prompt, const QByteArray& typed)
{
    m_prompt = prompt;
    m_typed = typed;
    return *this;
}

bool CliRunner::start(QProcess& process, const QStringList& arguments) const
{
    process.setProcessEnvironment(m_environment);
    if (!m_workingDirectory.isEmpty())
        process.setWorkingDirectory(m_workingDirectory);
    if (m_merged || m_typed)
        process.setProcessChannelMode(QProcess::MergedChannels);
    if (!m_typed) {
        process.start(program(), arguments + m_stagingArguments);
        return process.waitForStarted();
    }
    QStringList command { program() };
    for (const QString& argument : arguments + m_stagingArguments)
        command.append(u"'"_s + QString(argument).replace(u"'"_s, u"'\\''"_s) + u"'"_s);
    process.start(
        u"script"_s, { u"--quiet"_s, u"--return"_s, u"--command"_s, command.join(u' '), u"/dev/null"_s });
    return process.waitForStarted();
}

CliRun CliRunner::run(const QStringList& arguments, int timeoutMs) const
{
    const int timeout = timeoutMs > 0 ? timeoutMs : m_timeoutMs;
    QProcess process;
    start(process, arguments);
    CliRun run;
    QByteArray seen;
    if (m_typed) {
        // Typed once the prompt is there: the terminal then no longer echoes it.
        const QDeadlineTimer waitForPrompt(timeout);
        while (!seen.contains(m_prompt.toUtf8()) && process.state() == QProcess::Running
            && !waitForPrompt.hasExpired()) {
            process.waitForReadyRead(100);
            seen += process.readAll();
        }
        process.write(*m_typed);
    }
    const bool ended = process.waitForFinished(timeout);
    if (!ended) {
        process.kill();
        process.waitForFinished();
    } else {
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }
    run.out = QString::fromUtf8(seen + process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    if (!ended)
        run.err += u"\n[pgreconcile-cli %1: did not end within %2 s, killed]"_s.arg(arguments.join(u' '))
                       .arg(timeout / 1000);
    return run;
}

QJsonObject readJson(const QString& pathInTestData)
{
    QFile file(QStringLiteral(PGRECONCILE_TEST_DATA) + u'/' + pathInTestData);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString demoCountsMismatch(const QJsonObject& reportTables, const QString& mode)
{
    const QJsonObject want = readJson(QStringLiteral("demo_expected.json"))[mode].toObject();
    if (reportTables.keys() != want.keys())
        return QStringLiteral("tables: got %1, want %2")
            .arg(reportTables.keys().join(u", "), want.keys().join(u", "));
    auto compact = [](const QString& field, const QJsonValue& value) {
        return QString::fromUtf8(
            QJsonDocument(QJsonObject { { field, value } }).toJson(QJsonDocument::Compact));
    };
    QStringList mismatches;
    for (const QString& table : want.keys()) {
        const QJsonObject got = reportTables[table].toObject();
        const QJsonObject wanted = want[table].toObject();
        for (const QString& field : wanted.keys()) {
            if (got[field] != wanted[field])
                mismatches.append(
                    QStringLiteral("%1 %2: got %3, want %4")
                        .arg(table, field, compact(field, got[field]), compact(field, wanted[field])));
        }
    }
    return mismatches.join(u"; ");
}

} // namespace pgr::test
