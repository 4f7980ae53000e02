// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgbinaries.h"

#include "conninfo.h"
#include "error.h"
#include "pgconnection.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <algorithm>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

const QStringList kServerPrograms = { u"initdb"_s, u"pg_ctl"_s, u"postgres"_s };

bool hasServerPrograms(const QString& folder)
{
    return std::all_of(kServerPrograms.begin(), kServerPrograms.end(),
        [&](const QString& name) { return QFileInfo(folder + u'/' + name).isExecutable(); });
}

QString runForOutput(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(10000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

// A passfile field: ':' and '\\' escaped with a backslash.
QByteArray passfileField(const QString& value)
{
    QByteArray field = value.toUtf8();
    field.replace('\\', "\\\\");
    field.replace(':', "\\:");
    return field;
}

} // namespace

ClientCredentials::ClientCredentials(QStringList& arguments, QProcessEnvironment& environment)
{
    QString password;
    auto takePassword = [&](const QString& connection) {
        ConnectionInfo info = ConnectionInfo::parse(connection);
        if (!info.hasPassword())
            return connection;
        if (password.isEmpty())
            password = info.value(u"password"_s);
        info.remove(u"password"_s);
        return info.toConnectionString();
    };
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if ((arguments[i] == u"-d"_s || arguments[i] == u"--dbname"_s) && i + 1 < arguments.size()) {
            ++i;
            arguments[i] = takePassword(arguments[i]);
        } else if (arguments[i].startsWith(u"--dbname="_s)) {
            arguments[i] = u"--dbname="_s + takePassword(arguments[i].mid(9));
        }
    }
    arguments.prepend(u"--no-password"_s);
    environment.insert(u"PGCONNECT_TIMEOUT"_s, QString::number(PgConnection::connectTimeout()));
    if (password.isEmpty())
        return; // PGPASSWORD or ~/.pgpass, as for pgreconcile's own connections
    // One program, one server: the line matches whatever host, port, database and user it uses.
    m_passfile = std::make_unique<QTemporaryFile>(QDir::tempPath() + u"/pgreconcile-pass-XXXXXX"_s);
    if (!m_passfile->open() || !m_passfile->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || m_passfile->write("*:*:*:*:" + passfileField(password) + '\n') < 0 || !m_passfile->flush())
        throw Error(u"cannot write a temporary password file in %1: %2"_s.arg(
                        QDir::tempPath(), m_passfile->errorString()),
            u"check that the temporary folder (TMPDIR) is writable"_s);
    environment.insert(u"PGPASSFILE"_s, m_passfile->fileName());
    environment.remove(u"PGPASSWORD"_s); // it would win over the passfile
}

ClientCredentials::~ClientCredentials() = default; // QTemporaryFile removes the passfile

bool ClientCredentials::isAuthenticationFailure(const QString& output)
{
    return output.contains(u"no password supplied"_s) || output.contains(u"password authentication failed"_s)
        || output.contains(u"fe_sendauth"_s);
}

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
    std::sort(majors.begin(), majors.end(),
        [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
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
            throw Error(
                u"PGRECONCILE_PG_BINDIR is set to \"%1\", which does not hold initdb, pg_ctl and postgres"_s
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

void endsWithThisProcess(QProcess& process)
{
#ifdef Q_OS_LINUX
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) // the parent died before the line above
            ::_exit(1);
    });
#else
    Q_UNUSED(process);
#endif
}

} // namespace pgr
