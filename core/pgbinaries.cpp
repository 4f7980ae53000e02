// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgbinaries.h"

#include "error.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

const QStringList kServerPrograms = { u"initdb"_s, u"pg_ctl"_s, u"postgres"_s };

bool hasServerPrograms(const QString& folder)
{
    return std::all_of(kServerPrograms.begin(), kServerPrograms.end(), [&](const QString& name) {
        return QFileInfo(folder + u'/' + name).isExecutable();
    });
}

QString runForOutput(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(10000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

} // namespace

QStringList PgBinaries::defaultSearchFolders()
{
    QStringList folders;
    if (const QString pgConfig = QStandardPaths::findExecutable(u"pg_config"_s); !pgConfig.isEmpty()) {
        if (const QString bindir = runForOutput(pgConfig, { u"--bindir"_s }); !bindir.isEmpty())
            folders.append(bindir);
    }
    // Debian and Ubuntu keep each major version apart; prefer the newest.
    QDir versions(u"/usr/lib/postgresql"_s);
    QStringList majors = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(majors.begin(), majors.end(), [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& major : std::as_const(majors))
        folders.append(versions.filePath(major + u"/bin"_s));
    const QString initdb = QStandardPaths::findExecutable(u"initdb"_s);
    if (!initdb.isEmpty())
        folders.append(QFileInfo(initdb).absolutePath());
    return folders;
}

PgBinaries PgBinaries::locate()
{
    const QString forced = qEnvironmentVariable("PGRECONCILE_PG_BINDIR");
    if (!forced.isEmpty()) {
        if (!hasServerPrograms(forced))
            throw Error(u"PGRECONCILE_PG_BINDIR is set to \"%1\", which does not hold initdb, pg_ctl and postgres"_s
                            .arg(forced),
                u"point it at the bin folder of a PostgreSQL server installation, or unset it"_s);
        return locateIn({ forced });
    }
    return locateIn(defaultSearchFolders());
}

PgBinaries PgBinaries::locateIn(const QStringList& folders)
{
    for (const QString& folder : folders) {
        if (!hasServerPrograms(folder))
            continue;
        PgBinaries binaries;
        binaries.m_bindir = QDir(folder).absolutePath();
        const QString version = runForOutput(binaries.m_bindir + u"/pg_ctl"_s, { u"--version"_s });
        const auto match = QRegularExpression(u"(\\d+)(\\.\\d+)?"_s).match(version);
        binaries.m_majorVersion = match.hasMatch() ? match.captured(1).toInt() : 0;
        return binaries;
    }
    throw Error(u"no PostgreSQL server programs found (looked for initdb, pg_ctl and postgres in: %1)"_s.arg(
                    folders.isEmpty() ? u"no candidate folders"_s : folders.join(u", "_s)),
        u"install the server: \"sudo apt-get install postgresql\" on Debian or Ubuntu, \"sudo dnf install "
        "postgresql-server\" on Fedora; or set PGRECONCILE_PG_BINDIR to the folder that holds initdb; or use "
        "an existing server with --staging URI"_s);
}

QString PgBinaries::program(const QString& name) const
{
    const QString inBindir = m_bindir + u'/' + name;
    if (QFileInfo(inBindir).isExecutable())
        return inBindir;
    return QStandardPaths::findExecutable(name);
}

} // namespace pgr
