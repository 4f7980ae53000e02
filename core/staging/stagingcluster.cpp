// SPDX-License-Identifier: GPL-3.0-or-later
#include "stagingcluster.h"

#include "error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>
#include <atomic>
#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

std::atomic<int> g_clientCounter { 0 };

// A unix socket path must fit in sockaddr_un::sun_path (108 bytes with the NUL), including
// the "/.s.PGSQL.5432" that PostgreSQL appends.
constexpr int kMaxSocketDirectoryLength = 107 - 14;

// A server killed with -9 stays a zombie until its parent reaps it; an orphan's new parent (a
// subreaper such as a session manager or a test runner) may take its time. kill(pid, 0)
// still succeeds on it, and so does "pg_ctl status".
bool isZombie(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype afterName = text.lastIndexOf(')'); // the name may hold spaces and parentheses
    return afterName > 0 && text.mid(afterName + 1).trimmed().startsWith('Z');
}

bool processIsPostgres(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return errno == EPERM; // exists but not ours: assume it may be a server of another user
    if (isZombie(pid))
        return false;
    QFile comm(u"/proc/%1/comm"_s.arg(pid));
    if (!comm.open(QIODevice::ReadOnly))
        return true; // no /proc: trust kill()
    const QByteArray name = comm.readAll().trimmed();
    return name.startsWith("postgres") || name.startsWith("postmaster");
}

qint64 firstLineAsPid(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readLine().trimmed().toLongLong();
}

} // namespace

StagingCluster::StagingCluster(QString folder)
    : StagingCluster(std::move(folder), Options())
{ }

StagingCluster::StagingCluster(QString folder, Options options)
    : StagingCluster(std::move(folder), PgBinaries::locate(), options)
{ }

StagingCluster::StagingCluster(QString folder, PgBinaries binaries, Options options)
    : m_folder(QDir(folder).absolutePath())
    , m_binaries(std::move(binaries))
    , m_options(options)
    , m_account(serverAccount())
    , m_clientNumber(++g_clientCounter)
{ }

StagingCluster::~StagingCluster()
{
    try {
        release();
    } catch (const std::exception& e) {
        qWarning("pgreconcile: stopping the staging cluster failed: %s", e.what());
    }
}

QString StagingCluster::defaultFolder()
{
    if (::geteuid() == 0)
        return u"/var/lib/pgreconcile/staging"_s;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/pgreconcile/staging"_s;
}

StagingCluster::Account StagingCluster::serverAccount()
{
    Account account;
    account.uid = ::geteuid();
    account.gid = ::getegid();
    if (account.uid != 0) {
        if (const passwd* self = ::getpwuid(account.uid))
            account.name = QString::fromLocal8Bit(self->pw_name);
        return account;
    }
    QString name = qEnvironmentVariable("PGRECONCILE_SERVER_USER");
    if (name.isEmpty())
        name = u"postgres"_s;
    const passwd* user = ::getpwnam(name.toLocal8Bit().constData());
    if (!user || user->pw_uid == 0)
        throw Error(u"pgreconcile runs as root, and PostgreSQL's initdb refuses to run as root; the staging "
                    "cluster would run as the system user \"%1\", which does not exist"_s.arg(name),
            u"run pgreconcile as an ordinary user, or create an unprivileged system user "
            "(\"adduser --system --group postgres\"; installing the postgresql package does it) or name one "
            "with PGRECONCILE_SERVER_USER, or use an existing server with --staging URI"_s);
    account.uid = user->pw_uid;
    account.gid = user->pw_gid;
    account.name = name;
    account.switchUser = true;
    return account;
}

QString StagingCluster::dataDirectory() const { return m_folder + u"/data"_s; }

QString StagingCluster::socketDirectory() const
{
    const QString inFolder = m_folder + u"/socket"_s;
    if (inFolder.toLocal8Bit().size() <= kMaxSocketDirectoryLength)
        return inFolder;
    // Deterministic, so every process that uses this folder finds the same socket.
    const QByteArray hash
        = QCryptographicHash::hash(m_folder.toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    return u"/tmp/pgreconcile-%1-%2"_s.arg(::geteuid()).arg(QString::fromLatin1(hash));
}

QString StagingCluster::logFile() const { return m_folder + u"/server.log"_s; }

QString StagingCluster::connectionString(const QString& database) const
{
    auto quoted = [](QString value) -> QString {
        value.replace(u'\\', u"\\\\"_s);
        value.replace(u'\'', u"\\'"_s);
        return u'\'' + value + u'\'';
    };
    return u"host=%1 port=%2 user=%3 dbname=%4 application_name=pgreconcile"_s.arg(
        quoted(socketDirectory()), QString::number(port()), superuser(), quoted(database));
}

bool StagingCluster::isCreated() const { return QFileInfo::exists(dataDirectory() + u"/PG_VERSION"_s); }

bool StagingCluster::isRunning() const
{
    if (!isCreated())
        return false;
    return runServerProgram(u"pg_ctl"_s, { u"status"_s, u"-D"_s, dataDirectory() }, nullptr, 10000) == 0
        && !isZombie(firstLineAsPid(dataDirectory() + u"/postmaster.pid"_s));
}

int StagingCluster::runServerProgram(
    const QString& program, const QStringList& arguments, QString* output, int timeoutMs) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LC_ALL"_s, u"C"_s);
    environment.remove(u"PGDATA"_s);
    process.setProcessEnvironment(environment);
    if (m_account.switchUser) {
        const Account account = m_account;
        process.setChildProcessModifier([account] {
            // In the forked child, before exec: drop root for good.
            if (::setgroups(0, nullptr) != 0 || ::setgid(account.gid) != 0 || ::setuid(account.uid) != 0)
                ::_exit(126);
        });
    }
    process.setWorkingDirectory(m_folder);
    process.start(m_binaries.program(program), arguments);
    if (!process.waitForStarted(10000)) {
        if (output)
            *output = process.errorString();
        return -1;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        if (output)
            *output = u"%1 did not finish within %2 s"_s.arg(program).arg(timeoutMs / 1000);
        return -1;
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit)
        return -1;
    return process.exitCode();
}

void StagingCluster::prepareFolder()
{
    if (!QDir().mkpath(m_folder))
        throw Error(u"cannot create the staging folder %1"_s.arg(m_folder),
            u"check the permissions of its parent folder, or choose another with --staging-folder"_s);
    const QByteArray path = m_folder.toLocal8Bit();
    if (m_account.switchUser) {
        if (::chown(path.constData(), m_account.uid, m_account.gid) != 0)
            throw Error(
                u"cannot hand the staging folder %1 to the server user %2"_s.arg(m_folder, m_account.name));
        // The server user must be able to reach the folder through its parents.
        for (QDir parent = QFileInfo(m_folder).dir(); !parent.isRoot();
             parent = QFileInfo(parent.path()).dir()) {
            struct stat info;
            if (::stat(parent.path().toLocal8Bit().constData(), &info) != 0)
                break;
            const bool reachable = info.st_uid == m_account.uid ? (info.st_mode & S_IXUSR)
                : info.st_gid == m_account.gid                  ? (info.st_mode & S_IXGRP)
                                                                : (info.st_mode & S_IXOTH);
            if (!reachable)
                throw Error(
                    u"the server user %1 cannot reach the staging folder %2: %3 is closed to it"_s.arg(
                        m_account.name, m_folder, parent.path()),
                    u"choose a staging folder under /var/lib or /tmp, or run pgreconcile as an ordinary user"_s);
        }
    }
    ::chmod(path.constData(), 0700);
    QDir().mkpath(m_folder + u"/clients"_s);
    const QString socket = socketDirectory();
    QDir().mkpath(socket);
    ::chmod(socket.toLocal8Bit().constData(), 0700);
    if (m_account.switchUser) {
        if (::chown(socket.toLocal8Bit().constData(), m_account.uid, m_account.gid) != 0)
            throw Error(
                u"cannot hand the socket folder %1 to the server user %2"_s.arg(socket, m_account.name));
    }
}

void StagingCluster::initialise()
{
    QString output;
    QStringList arguments = { u"-D"_s, dataDirectory(), u"-U"_s, superuser(), u"--auth-local=trust"_s,
        u"--auth-host=reject"_s, u"-E"_s, u"UTF8"_s, u"--locale=C"_s };
    if (!m_options.durable)
        arguments.append(u"--no-sync"_s);
    const int exitCode = runServerProgram(u"initdb"_s, arguments, &output, 300000);
    if (exitCode != 0)
        throw Error(u"initdb failed to create the staging cluster in %1 (exit %2):\n%3"_s.arg(dataDirectory())
                        .arg(exitCode)
                        .arg(output.right(2000)),
            u"check free disk space and the folder's permissions; delete the folder to start over"_s);
    // Our own settings live in a file of their own, included from postgresql.conf.
    QFile conf(dataDirectory() + u"/postgresql.conf"_s);
    if (!conf.open(QIODevice::Append))
        throw Error(u"cannot extend %1"_s.arg(conf.fileName()));
    conf.write("\ninclude_if_exists = 'pgreconcile.conf'\n");
    m_created = true;
}

void StagingCluster::writeConfiguration()
{
    auto literal = [](QString value) -> QString { return u"'%1'"_s.arg(value.replace(u'\'', u"''"_s)); };
    QString text = u"# Written by pgreconcile at every start; edits are overwritten.\n"_s;
    text += u"listen_addresses = ''\n"_s;
    text += u"unix_socket_directories = "_s + literal(socketDirectory()) + u'\n';
    text += u"unix_socket_permissions = 0700\n"_s;
    text += u"max_connections = 40\n"_s;
    text += u"shared_buffers = 256MB\n"_s;
    text += u"work_mem = 64MB\n"_s;
    text += u"maintenance_work_mem = 512MB\n"_s;
    text += u"hash_mem_multiplier = 4\n"_s;
    // Tables created and filled in one transaction then skip the WAL: loading runs at disk speed.
    text += u"wal_level = minimal\n"_s;
    text += u"max_wal_senders = 0\n"_s;
    text += u"max_wal_size = 4GB\n"_s;
    text += u"checkpoint_timeout = 15min\n"_s;
    text += u"jit = off\n"_s;
    text += u"timezone = 'UTC'\n"_s;
    text += u"log_timezone = 'UTC'\n"_s;
    text += u"log_min_messages = warning\n"_s;
    text += u"log_line_prefix = '%m [%p] '\n"_s;
    // Decisions are committed one by one and must survive a power cut; synchronous_commit stays on.
    if (!m_options.durable) {
        text += u"fsync = off\n"_s;
        text += u"full_page_writes = off\n"_s;
        text += u"synchronous_commit = off\n"_s;
    }
    const QString path = dataDirectory() + u"/pgreconcile.conf"_s;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw Error(u"cannot write %1"_s.arg(path), u"check the staging folder's permissions"_s);
    file.write(text.toUtf8());
    file.close();
    if (m_account.switchUser)
        (void)::chown(path.toLocal8Bit().constData(), m_account.uid, m_account.gid);
}

void StagingCluster::removeStalePidFiles()
{
    // After a crash or kill -9 the lock files outlive the server; a reused pid would make
    // PostgreSQL believe the old server still runs.
    const QStringList lockFiles
        = { dataDirectory() + u"/postmaster.pid"_s, socketDirectory() + u"/.s.PGSQL.%1.lock"_s.arg(port()) };
    for (const QString& lockFile : lockFiles) {
        const qint64 pid = firstLineAsPid(lockFile);
        if (QFileInfo::exists(lockFile) && !processIsPostgres(pid))
            QFile::remove(lockFile);
    }
}

void StagingCluster::start()
{
    writeConfiguration();
    QString output;
    // Backends of a server killed with -9 notice their postmaster's death within moments and
    // release its shared memory; until then a restart fails, so it is retried for a while.
    for (int attempt = 0; attempt < 20; ++attempt) {
        removeStalePidFiles();
        const int exitCode = runServerProgram(u"pg_ctl"_s,
            { u"start"_s, u"-D"_s, dataDirectory(), u"-l"_s, logFile(), u"-w"_s, u"-t"_s, u"120"_s }, &output,
            130000);
        if (exitCode == 0)
            return;
        if (isRunning()) // another process started it at the same moment
            return;
        const QString log = logTail();
        if (!log.contains(u"shared memory block"_s) && !log.contains(u"lock file"_s))
            break;
        QThread::msleep(500);
    }
    throw Error(u"the staging cluster in %1 did not start: %2\nlast lines of %3:\n%4"_s.arg(
                    m_folder, output, logFile(), logTail()),
        u"look at the log above; if another program holds the folder, stop it, or delete the folder to start "
        "over (review projects in it are lost)"_s);
}

void StagingCluster::stop()
{
    if (!isCreated())
        return;
    QFile::remove(m_folder + u"/clients/pinned"_s);
    QString output;
    const int exitCode = runServerProgram(u"pg_ctl"_s,
        { u"stop"_s, u"-D"_s, dataDirectory(), u"-m"_s, u"fast"_s, u"-w"_s, u"-t"_s, u"60"_s }, &output,
        70000);
    if (exitCode != 0 && isRunning())
        throw Error(u"cannot stop the staging cluster in %1: %2"_s.arg(m_folder, output));
}

void StagingCluster::startPinned()
{
    ensureStarted();
    QFile pinned(m_folder + u"/clients/pinned"_s);
    if (!pinned.open(QIODevice::WriteOnly))
        throw Error(u"cannot write %1"_s.arg(pinned.fileName()), u"check the staging folder's permissions"_s);
    pinned.close();
    release();
}

QString StagingCluster::clientFileName() const
{
    return m_folder + u"/clients/%1-%2"_s.arg(qint64(::getpid())).arg(m_clientNumber);
}

void StagingCluster::registerClient()
{
    QFile file(clientFileName());
    if (!file.open(QIODevice::WriteOnly))
        throw Error(
            u"cannot register in %1"_s.arg(file.fileName()), u"check the staging folder's permissions"_s);
    m_registered = true;
}

void StagingCluster::unregisterClient()
{
    QFile::remove(clientFileName());
    m_registered = false;
}

int StagingCluster::liveClientCount() const
{
    int live = 0;
    const QDir clients(m_folder + u"/clients"_s);
    const QStringList entries = clients.entryList(QDir::Files);
    for (const QString& entry : entries) {
        if (entry == u"pinned"_s) {
            ++live;
            continue;
        }
        const qint64 pid = entry.section(u'-', 0, 0).toLongLong();
        if (pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM))
            ++live;
        else
            QFile::remove(clients.filePath(entry)); // left behind by a process that crashed
    }
    return live;
}

void StagingCluster::ensureStarted()
{
    prepareFolder();
    QLockFile lock(m_folder + u"/cluster.lock"_s);
    lock.setStaleLockTime(0);
    if (!lock.tryLock(120000))
        throw Error(u"another pgreconcile process holds %1/cluster.lock for too long"_s.arg(m_folder),
            u"wait for it, or remove the lock file if no pgreconcile process runs"_s);
    if (!isCreated())
        initialise();
    if (!m_registered)
        registerClient();
    if (!isRunning())
        start();
}

void StagingCluster::release()
{
    if (!m_registered)
        return;
    QLockFile lock(m_folder + u"/cluster.lock"_s);
    lock.setStaleLockTime(0);
    lock.tryLock(120000);
    unregisterClient();
    if (liveClientCount() == 0)
        stop();
}

QString StagingCluster::logTail(int lines) const
{
    QFile file(logFile());
    if (!file.open(QIODevice::ReadOnly))
        return u"(no log)"_s;
    if (file.size() > 16384)
        file.seek(file.size() - 16384);
    const QStringList all = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(u'\n');
}

} // namespace pgr
