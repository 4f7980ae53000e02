// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <memory>

class QProcess;
class QTemporaryFile;

namespace pgr {

// Where the PostgreSQL server programs (initdb, pg_ctl, …) and client tools (psql, pg_restore) are.
class PgBinaries
{
public:
    // Looks in $PGRECONCILE_PG_BINDIR alone when it is set; otherwise `pg_config --bindir`,
    // /usr/lib/postgresql/<newest>/bin, then PATH. Throws pgr::Error saying what to install.
    static PgBinaries locate();
    // The same search over the given folders only (tests use it to simulate a bare machine).
    static PgBinaries locateIn(const QStringList& folders);

    const QString& bindir() const { return m_bindir; }
    // Full path of a program in bindir, or else on PATH (client tools live in /usr/bin on Debian).
    QString program(const QString& name) const;
    // Major version, e.g. 15, read from `pg_ctl --version`.
    int majorVersion() const { return m_majorVersion; }

    static QStringList defaultSearchFolders();

private:
    QString m_bindir;
    int m_majorVersion = 0;
};

// What a PostgreSQL client program (psql, pg_dump, pg_restore) is started with so that it never
// waits for a password nobody will type, and never shows one to other users: each connection
// string after -d/--dbname loses its password, which goes to a 0600 passfile named by PGPASSFILE
// (removed with this object, whatever happened); --no-password makes a missing password an error
// at once; PGCONNECT_TIMEOUT is PgConnection's connect timeout. Keep the object alive until the
// program has ended.
class ClientCredentials
{
public:
    ClientCredentials(QStringList& arguments, QProcessEnvironment& environment);
    ~ClientCredentials();
    ClientCredentials(const ClientCredentials&) = delete;
    ClientCredentials& operator=(const ClientCredentials&) = delete;

    // True when a connection string carried a password (now in the passfile).
    bool hasPassword() const { return m_passfile != nullptr; }
    // A program's output says it was refused for want of a password, or for a wrong one.
    static bool isAuthenticationFailure(const QString& output);

private:
    std::unique_ptr<QTemporaryFile> m_passfile;
};

// A client program started through this process ends with it: a pgreconcile killed with -9 must
// not leave a pg_restore loading on unseen, or a psql applying a script to a copy that the next
// open removes. Call before start(), on the thread that waits for the program (Linux ties the
// signal to the thread that started it).
void endsWithThisProcess(QProcess& process);

} // namespace pgr
