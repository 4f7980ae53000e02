// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgbinaries.h"

#include <QString>
#include <sys/types.h>

namespace pgr {

// The private PostgreSQL cluster that holds review state by default. Created on first use in a
// folder of its own (mode 0700), reachable only through a unix socket in that folder (no TCP),
// shared by every pgreconcile process that uses the folder, and stopped when the last one
// releases it. Each process registers itself in <folder>/clients, so a crashed process is
// recognised by its dead pid and does not keep the cluster alive forever.
//
// initdb and postgres refuse to run as root: when pgreconcile runs as root, the cluster runs as
// the unprivileged system user "postgres" (or $PGRECONCILE_SERVER_USER), which owns the folder.
class StagingCluster
{
public:
    struct Options
    {
        // false skips fsync (tests and benchmarks only): faster, and unsafe across an OS crash.
        bool durable = true;
    };

    explicit StagingCluster(QString folder);
    StagingCluster(QString folder, Options options);
    StagingCluster(QString folder, PgBinaries binaries, Options options);
    ~StagingCluster(); // releases this client
    StagingCluster(const StagingCluster&) = delete;
    StagingCluster& operator=(const StagingCluster&) = delete;

    // Creates the cluster if the folder has none, starts it unless another process already did,
    // and registers this object as a client. Throws pgr::Error with the server log's last lines.
    void ensureStarted();
    // Unregisters this client and stops the server if no live client remains.
    void release();
    // Stops the server now, whoever else uses it (tests, and `pgreconcile-cli staging stop`).
    void stop();
    // Starts the server and keeps it running after this process exits, until stop()
    // (`pgreconcile-cli staging start`, for psql sessions and scripts).
    void startPinned();

    bool isCreated() const;
    bool isRunning() const;
    // Created by initdb in this call to ensureStarted (the first run on a machine).
    bool wasCreated() const { return m_created; }

    const QString& folder() const { return m_folder; }
    QString dataDirectory() const;
    QString socketDirectory() const;
    QString logFile() const;
    // libpq key=value string for a database of this cluster.
    QString connectionString(const QString& database = QStringLiteral("postgres")) const;
    QString superuser() const { return QStringLiteral("pgreconcile"); }
    int port() const { return 5432; } // names the socket file only: the socket directory is private

    // The default folder: the application data folder, or /var/lib/pgreconcile when running as root
    // (the server user could not reach root's home).
    static QString defaultFolder();

private:
    struct Account
    {
        uid_t uid = 0;
        gid_t gid = 0;
        QString name;
        bool switchUser = false;
    };
    static Account serverAccount();

    void prepareFolder();
    void initialise();
    void writeConfiguration();
    void start();
    void removeStalePidFiles();
    void registerClient();
    void unregisterClient();
    int liveClientCount() const;
    QString clientFileName() const;
    // Runs a server program as the server account; returns exit code, fills output.
    int runServerProgram(
        const QString& program, const QStringList& arguments, QString* output, int timeoutMs) const;
    QString logTail(int lines = 15) const;

    QString m_folder;
    PgBinaries m_binaries;
    Options m_options;
    Account m_account;
    bool m_registered = false;
    bool m_created = false;
    int m_clientNumber = 0;
};

} // namespace pgr
