// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "loader.h"

#include <QCoreApplication>

namespace pgr {

class Staging;

// What "Test" next to a side of a new review says: whether the side can be read and what it
// holds (a server's version, database, size and tables; a dump's format, size and tables with
// data), without copying anything.
class SideCheck
{
    Q_DECLARE_TR_FUNCTIONS(SideCheck)
public:
    struct Result
    {
        bool ok = false;
        bool needsPassword = false; // the server asked for a password the side did not give
        QString text; // what to show; with the hint of what to do when not ok
    };

    // Never throws: a side that cannot be read is a Result that says why.
    static Result check(const Staging& staging, const SideSource& source, Side side);

    // Whether text is a connection string (URI or key=value), as SideSource::interpret tells.
    static bool isConnectionString(const QString& text);
    // Whether a connection error is the server asking for a password.
    static bool asksForPassword(const QString& errorText);

private:
    static Result checkDump(const SideSource& source);
    static Result checkDatabase(const Staging& staging, const SideSource& source, Side side);
    // The count of tables with data in an archive, as pg_restore, which restores it, lists it.
    static int archiveTablesWithData(const QString& path, const QString& schema);
};

} // namespace pgr
