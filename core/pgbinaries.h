// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

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

} // namespace pgr
