// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "staging.h"

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace pgr::test {

// A throwaway staging cluster in a temporary folder, made by the product's own StagingCluster
// (not durable: fsync off). One per test binary; removed at exit.
class TestCluster
{
public:
    static TestCluster& instance();
    Staging& staging() { return *m_staging; }
    const QString& folder() const { return m_folder; }
    // A fresh, empty database with a unique name.
    QString createDatabase(const QString& prefix = QStringLiteral("t"));
    // A fresh copy of database named name (dropped first if it exists), as a template copy.
    QString copyDatabase(const QString& database, const QString& name);

private:
    TestCluster();
    QTemporaryDir m_dir;
    QString m_folder;
    std::unique_ptr<Staging> m_staging;
    int m_databases = 0;
};

// A folder made for a cluster of its own (so that the server user can reach it when running as root).
QString makeClusterFolder(QTemporaryDir& parent, const QString& name);

// What a run of pgreconcile-cli gave.
struct CliRun
{
    int exitCode = -1; // -1: did not end in time (killed) or crashed
    QString out; // standard output (both streams, interleaved, when the runner merges them)
    QString err; // standard error; on a timeout, says so
    QString output() const { return out + err; }
};

// Starts the real pgreconcile-cli (this build's, or PGRECONCILE_CLI_UNDER_TEST) as a child process
// and collects its exit code and output. By default the child gets this process's environment, no
// staging option, and three minutes; each test sets what its runs need.
class CliRunner
{
public:
    CliRunner();
    static QString program();

    // The child reads no settings of the user's: settings file and XDG folders in folder.
    CliRunner& isolateSettings(const QString& folder);
    CliRunner& setSettingsFile(const QString& path);
    CliRunner& setEnvironment(const QString& name, const QString& value);
    CliRunner& removeEnvironment(const QString& name);
    // Arguments added to every command, e.g. where staging is.
    CliRunner& setStagingArguments(const QStringList& arguments);
    CliRunner& useTestCluster(); // --staging: TestCluster's server
    CliRunner& setWorkingDirectory(const QString& folder); // where relative paths in arguments land
    CliRunner& setTimeout(int ms);
    CliRunner& mergeChannels(); // stdout and stderr interleaved into CliRun::out
    // The command runs on a terminal (util-linux script(1) gives it one); once it has written
    // prompt, typed is what the user types there. Its output is the terminal's: both channels, in
    // CliRun::out.
    CliRunner& onTerminal(const QString& prompt, const QByteArray& typed);

    // Starts the command for a test that drives the process itself (kills it, signals it); false
    // when it did not start.
    bool start(QProcess& process, const QStringList& arguments) const;
    // Runs the command to its end (killed after the timeout; timeoutMs > 0 overrides it).
    CliRun run(const QStringList& arguments, int timeoutMs = 0) const;

private:
    QProcessEnvironment m_environment;
    QStringList m_stagingArguments;
    QString m_workingDirectory; // empty: this process's
    int m_timeoutMs = 180000;
    bool m_merged = false;
    std::optional<QByteArray> m_typed;
    QString m_prompt;
};

QJsonObject readJson(const QString& pathInTestData);

// How a diff report's "tables" (Differ::report) differs from the counts the demo was built to
// produce (demo_expected.json, mode "three_way" or "two_way"): empty when every count is as built.
QString demoCountsMismatch(const QJsonObject& reportTables, const QString& mode);

} // namespace pgr::test
