// SPDX-License-Identifier: GPL-3.0-or-later
#include "dumprestore.h"

#include "dumpcheck.h"
#include "error.h"
#include "staging.h"

#include <QByteArrayView>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

#include <chrono>
#include <memory>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

constexpr int kPollMs = 100;
constexpr int kStartTimeoutMs = 30000;
// Generous: a restore of a large database takes hours, and the cancel flag is the way to stop
// one sooner. The limit only keeps a hung tool from blocking a worker forever.
constexpr auto kTimeLimit = std::chrono::hours(48);
constexpr qint64 kReadChunk = 1 << 20;
constexpr qint64 kWriteBuffer = 8 << 20;
constexpr int kQuotedLines = 8;
constexpr qsizetype kQuotedLineLength = 300;

const QString kMakeDumpHint
    = u"make the dump with pg_dump, e.g. \"pg_dump -Fc -f FILE DATABASE\" (the custom, "
      "directory, tar and plain SQL formats are accepted)"_s;
// The dump's SQL runs as this role, connected as it: no superuser, no CREATEROLE, CREATEDB or BYPASSRLS,
// member of no role (so neither of pg_execute_server_program and the like). It owns the database it
// restores into, and the objects the dump creates.
const QString kRestoreRole = u"pgreconcile_restore"_s;

const QString kInstallToolsHint
    = u"install the PostgreSQL client tools (\"sudo apt-get install postgresql-client\" on Debian or "
      "Ubuntu), or set PGRECONCILE_PG_BINDIR to the folder that holds them"_s;

const QString kRemakeDumpHint
    = u"the dump file is incomplete or damaged (an interrupted dump or copy?): make it "
      "again with pg_dump -Fc"_s;

// The standard error of pg_restore or psql: progress lines to pass on, and the first error with
// the lines that explain it, to quote.
class ToolLog
{
public:
    explicit ToolLog(QString dumpFileName)
        : m_dumpFileName(std::move(dumpFileName))
    { }

    // Returns a progress line to report, or an empty string.
    QString add(QString line)
    {
        while (line.endsWith(u'\n') || line.endsWith(u'\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            return {};
        // psql names the input "<stdin>" (the filter keeps the file's line numbers).
        static const QRegularExpression psqlPrefix(u"^psql:<stdin>:(\\d+): "_s);
        line.replace(psqlPrefix, m_dumpFileName + u":\\1: "_s);
        const bool fromPgRestore = line.startsWith(u"pg_restore: "_s);
        if (fromPgRestore)
            line.remove(0, 12);
        if (line.size() > kQuotedLineLength)
            line = line.left(kQuotedLineLength) + u"…"_s;
        const bool isError = line.contains(u"ERROR:"_s) || line.contains(u"FATAL:"_s)
            || line.contains(u"PANIC:"_s) || line.startsWith(u"error:"_s) || line.contains(u": error:"_s);
        const bool isVerbose = fromPgRestore && !isError && !line.startsWith(u"warning:"_s)
            && !line.startsWith(u"detail:"_s) && !line.startsWith(u"hint:"_s);
        if (!m_error.isEmpty()) {
            if (!isVerbose && m_error.size() < kQuotedLines)
                m_error.append(line);
            return {};
        }
        if (isError) {
            if (m_previous.contains(u"TOC entry"_s))
                m_error.append(m_previous);
            m_error.append(line);
            return {};
        }
        if (isVerbose) {
            m_previous = line;
            if (line.startsWith(u"processing data for table "_s) || line.startsWith(u"creating "_s))
                return line;
            return {};
        }
        m_last.append(line);
        if (m_last.size() > kQuotedLines)
            m_last.removeFirst();
        return {};
    }

    QStringList quote() const { return m_error.isEmpty() ? m_last : m_error; }

private:
    QString m_dumpFileName;
    QStringList m_error;
    QStringList m_last;
    QString m_previous;
};

QString hintFor(const QString& quote, DumpRestorer::Format format, bool sawDrop, const QString& program)
{
    static const QRegularExpression missingExtension(
        u"extension \"([^\"]+)\" is not available"
        "|could not open extension control file \"[^\"]*/([^/\"]+)\\.control\""_s);
    if (const auto match = missingExtension.match(quote); match.hasMatch()) {
        const QString name = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
        return u"the dump needs the extension \"%1\", which the staging server lacks: install it there "
               "(on Debian and Ubuntu, the postgresql-<version>-… package that provides it), or make the "
               "dump without it and restore again"_s.arg(name);
    }
    if (const auto match
        = QRegularExpression(u"permission denied to create extension \"([^\"]+)\""_s).match(quote);
        match.hasMatch())
        return u"the dump needs the extension \"%1\", which only a superuser may create; pgreconcile "
               u"restores dumps "
               "as the unprivileged role %2, which may create trusted extensions only (so that a dump cannot "
               "act on "
               "the staging server): make the dump without that extension's objects, or load the side from "
               "the "
               "database itself"_s.arg(match.captured(1), kRestoreRole);
    if (quote.contains(u"permission denied"_s) || quote.contains(u"must be superuser"_s)
        || quote.contains(u"must be owner"_s))
        return u"pgreconcile restores dumps as the unprivileged role %1, so that a dump cannot act on the "
               u"staging "
               "server; what needs a superuser (C functions, event triggers, untrusted extensions, …) cannot "
               "be "
               "restored: make the dump without that object, or load the side from the database itself"_s.arg(
                   kRestoreRole);
    if (quote.contains(u"unsupported version"_s))
        return u"the dump was made by a newer pg_dump than %1 can read: install PostgreSQL client tools of "
               "the same or a newer major version (or set PGRECONCILE_PG_BINDIR to them)"_s.arg(program);
    if (quote.contains(u"invalid command \\restrict"_s) || quote.contains(u"invalid command \\unrestrict"_s))
        return u"the dump was made by a newer pg_dump (17.6, 16.10, 15.14 or later) than %1 knows: "
               "update the PostgreSQL client tools"_s.arg(program);
    if (quote.contains(u"end of file"_s) || quote.contains(u"could not uncompress"_s)
        || quote.contains(u"corrupt"_s) || quote.contains(u"did not find magic string"_s)
        || quote.contains(u"could not read from input file"_s)
        || quote.contains(u"could not find block ID"_s))
        return kRemakeDumpHint;
    if (format == DumpRestorer::Format::Plain && sawDrop && quote.contains(u"does not exist"_s))
        return u"the dump was made with pg_dump --clean, whose DROP statements fail on the new, empty "
               "database: make it without --clean (or with --clean --if-exists), or in custom format "
               "with -Fc"_s;
    if (quote.contains(u"role \""_s) && quote.contains(u"does not exist"_s))
        return u"the dump names a role that the staging server lacks (in a policy, for example): create that "
               "role in the staging server, or make the dump without the object that names it"_s;
    return u"fix the cause above in the staging server or in the dump, then restore again; a fresh dump made "
           "with pg_dump -Fc from the source database is the most reliable input"_s;
}

void stopProcess(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    // pg_restore, on SIGTERM, cancels its workers' queries on the server before it exits.
    process.terminate();
    if (!process.waitForFinished(1000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

bool isCancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(); }

// A secret no one guesses: a password, psql's \restrict key.
QString randomKey()
{
    return QString::number(QRandomGenerator::system()->generate64(), 36)
        + QString::number(QRandomGenerator::system()->generate64(), 36);
}

QByteArray readHead(const QString& path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(u"cannot read dump file \"%1\": %2"_s.arg(path, file.errorString()),
            u"check that the file is readable by the user running pgreconcile"_s);
    return file.read(size);
}

// The members of a tar archive, read from their headers.
struct TarScan
{
    bool hasToc = false; // a member named toc.dat: pg_dump's tar format
    QString nestedToc; // "folder/toc.dat": a tar of a directory-format dump instead
    // Every member is whole and the end-of-archive block follows. pg_restore reads a tar cut short
    // without complaint, or loops forever, so this is checked before it runs.
    bool complete = false;
};

TarScan scanTar(const QString& path)
{
    TarScan scan;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return scan;
    const qint64 fileSize = file.size();
    qint64 offset = 0;
    for (int entry = 0; entry < 1000000; ++entry) {
        if (!file.seek(offset))
            return scan;
        const QByteArray header = file.read(512);
        if (header.size() < 512)
            return scan;
        if (header.count('\0') == 512) {
            scan.complete = true;
            return scan;
        }
        auto field = [&](int at, int length) {
            const QByteArray bytes = header.mid(at, length);
            const qsizetype nul = bytes.indexOf('\0');
            return nul < 0 ? bytes : bytes.left(nul);
        };
        QByteArray name = field(0, 100);
        if (const QByteArray prefix = field(345, 155); header.mid(257, 5) == "ustar" && !prefix.isEmpty())
            name = prefix + '/' + name;
        if (name == "toc.dat")
            scan.hasToc = true;
        else if (name.endsWith("/toc.dat") && scan.nestedToc.isEmpty())
            scan.nestedToc = QString::fromUtf8(name);
        qint64 size = 0;
        if (static_cast<unsigned char>(header[124]) & 0x80) { // base-256, for members of 8 GB and more
            for (int i = 125; i < 136; ++i)
                size = (size << 8) | static_cast<unsigned char>(header[i]);
        } else {
            bool ok = false;
            size = field(124, 12).trimmed().toLongLong(&ok, 8);
            if (!ok)
                return scan;
        }
        offset += 512 + (size + 511) / 512 * 512;
        if (offset > fileSize)
            return scan;
    }
    return scan;
}

std::unique_ptr<PgConnection> connectForAdministration(const Staging& staging, const QString& database)
{
    auto admin = staging.connect(QString());
    if (admin->exec(u"SELECT current_database() = $1"_s, { database }).toBool(0, 0))
        throw Error(
            u"cannot restore a dump into staging database \"%1\": pgreconcile administers the staging "
            "server through that database"_s.arg(database),
            u"choose another database name"_s);
    const auto templ
        = admin->exec(u"SELECT datistemplate FROM pg_database WHERE datname = $1"_s, { database });
    if (templ.rowCount() > 0 && templ.toBool(0, 0))
        throw Error(
            u"cannot restore a dump into staging database \"%1\": it is a template database"_s.arg(database),
            u"choose another database name"_s);
    return admin;
}

// Creates the restore role if needed and takes from it whatever it may have been given since. Returns
// the password to connect with: a fresh one for a server named by URI, none for the embedded cluster
// (whose private socket trusts its local users).
QString prepareRestoreRole(const Staging& staging, PgConnection& admin)
{
    const QString role = admin.quoteName(kRestoreRole);
    admin.exec(
        u"DO $$BEGIN CREATE ROLE %1; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$"_s
            .arg(role));
    admin.exec(u"ALTER ROLE %1 LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
               "CONNECTION LIMIT -1 VALID UNTIL 'infinity'"_s.arg(role));
    admin.exec(u"ALTER ROLE %1 RESET ALL"_s.arg(role));
    const auto granted
        = admin.exec(u"SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                     "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1"_s,
            { kRestoreRole });
    for (int row = 0; row < granted.rowCount(); ++row)
        admin.exec(u"REVOKE %1 FROM %2"_s.arg(admin.quoteName(granted.text(row, 0)), role));
    if (staging.cluster())
        return {};
    const QString password = randomKey();
    admin.exec(u"ALTER ROLE %1 PASSWORD %2"_s.arg(role, admin.quoteLiteral(password)));
    return password;
}

// The dump's SQL runs in a session of the restore role (a SET ROLE could be undone by the dump).
// libpq takes the last of repeated keywords.
QString restoreConnectionString(const Staging& staging, const QString& database, const QString& password)
{
    auto quoted = [](QString value) -> QString {
        value.replace(u'\\', u"\\\\"_s);
        value.replace(u'\'', u"\\'"_s);
        return u'\'' + value + u'\'';
    };
    QString text = staging.connectionString(database) + u" user="_s + quoted(kRestoreRole);
    if (!password.isEmpty())
        text += u" password="_s + quoted(password);
    return text;
}

void dropDatabaseQuietly(const Staging& staging, const QString& database) noexcept
{
    try {
        dropDatabase(*staging.connect(QString()), database);
    } catch (const std::exception& e) {
        qWarning("could not drop the half-restored staging database \"%s\": %s", qUtf8Printable(database),
            e.what());
    }
}

// A fresh database owned by the restore role; returns the role's password (see prepareRestoreRole).
QString createRestoreDatabase(const Staging& staging, const QString& database, const QString& dumpPath)
{
    try {
        auto admin = connectForAdministration(staging, database);
        dropDatabase(*admin, database);
        const QString password = prepareRestoreRole(staging, *admin);
        admin->exec(u"CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8' OWNER %2"_s.arg(
            admin->quoteName(database), admin->quoteName(kRestoreRole)));
        return password;
    } catch (const Error& error) {
        throw error.withContext(u"restoring \"%1\""_s.arg(dumpPath));
    }
}

// What pg_restore leaves out of an archive, and its format: the same for the check and the restore.
QStringList archiveFilter(DumpRestorer::Format format)
{
    const QString formatName = format == DumpRestorer::Format::Custom ? u"custom"_s
        : format == DumpRestorer::Format::Directory                   ? u"directory"_s
                                                                      : u"tar"_s;
    return { u"--no-owner"_s, u"--no-privileges"_s, u"--no-tablespaces"_s, u"--no-security-labels"_s,
        u"--no-publications"_s, u"--no-subscriptions"_s, u"--format="_s + formatName };
}

QStringList toolArguments(DumpRestorer::Format format, const QString& connection, const QString& absolutePath)
{
    if (format == DumpRestorer::Format::Plain) {
        // Restricted mode before the first line: psql then runs no backslash command at all,
        // whatever it takes for a string. The server can change standard_conforming_strings
        // where no lexer looks (set_config in a function a CHECK constraint calls), so the
        // checker's reading of a line and psql's may differ; a \! would run a shell command.
        return { u"--no-psqlrc"_s, u"--quiet"_s, u"--set=ON_ERROR_STOP=1"_s, u"--single-transaction"_s,
            u"--dbname"_s, connection, u"--command=\\restrict "_s + randomKey(), u"--file=-"_s };
    }
    QStringList arguments = QStringList { u"--verbose"_s, u"--exit-on-error"_s } + archiveFilter(format);
    arguments << (format == DumpRestorer::Format::Tar ? u"--single-transaction"_s : u"--jobs=2"_s);
    return arguments << u"--dbname"_s << connection << absolutePath;
}

// An archive is as untrusted as a plain dump: its entries are SQL text that pg_restore sends as
// it is. pg_restore writes them as a script (--file=-, the same filter as the restore), and the
// plain dump's checker judges every statement before the restore starts. COPY data is scanned,
// not parsed. An archive that pg_restore cannot write out is left to the restore, which fails on
// it the same way and says why.
void checkArchiveStatements(const QString& program, DumpRestorer::Format format, const QString& absolutePath,
    const QString& dumpName, const std::atomic<bool>* cancel)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LC_ALL"_s, u"C"_s);
    process.setProcessEnvironment(environment);
    process.setStandardErrorFile(QProcess::nullDevice());
    endsWithThisProcess(process);
    process.start(program, archiveFilter(format) << u"--file=-"_s << absolutePath);
    if (!process.waitForStarted(kStartTimeoutMs))
        throw Error(u"cannot run %1 to check \"%2\": %3"_s.arg(program, dumpName, process.errorString()),
            kInstallToolsHint);
    auto stop = qScopeGuard([&] { stopProcess(process); });
    PlainDumpChecker checker(dumpName, PlainDumpChecker::Origin::Archive);
    QByteArray ignored;
    const QDeadlineTimer deadline(kTimeLimit);
    while (process.state() != QProcess::NotRunning || process.bytesAvailable() > 0) {
        if (isCancelled(cancel))
            throw Cancelled();
        if (deadline.hasExpired())
            throw Error(u"pg_restore did not finish writing out \"%1\" for its check"_s.arg(dumpName),
                kRemakeDumpHint);
        process.waitForReadyRead(kPollMs);
        checker.feed(process.readAll(), ignored);
        ignored.clear();
    }
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        checker.finish(ignored);
}

// One run of pg_restore or psql: started, fed (psql reads the checked dump on its standard input),
// watched until it ends, is cancelled or runs out of time, its standard error read as it comes.
class RestoreProcess
{
public:
    RestoreProcess(const QString& dumpPath, DumpRestorer::Format format, const QString& program,
        const std::function<void(const QString&)>& progress)
        : m_dumpPath(dumpPath)
        , m_format(format)
        , m_program(program)
        , m_tool(format == DumpRestorer::Format::Plain ? u"psql"_s : u"pg_restore"_s)
        , m_input(QFileInfo(dumpPath).absoluteFilePath())
        , m_filter(QFileInfo(dumpPath).fileName())
        , m_log(QFileInfo(dumpPath).fileName())
        , m_progress(progress)
        , m_inputDone(format != DumpRestorer::Format::Plain)
    { }

    void start(const QStringList& toolArguments);
    void runToEnd(const std::atomic<bool>* cancel);
    // Throws pgr::Error quoting the tool's first error, unless it restored the whole dump.
    void checkSucceeded(const QString& database);

private:
    void waitForExit(const std::atomic<bool>* cancel);
    void feed();
    void readErrors();
    void report(const QString& line) const
    {
        if (m_progress && !line.isEmpty())
            m_progress(line);
    }
    QString failureText();

    QString m_dumpPath;
    DumpRestorer::Format m_format;
    QString m_program;
    QString m_tool;
    QFile m_input;
    PlainDumpChecker m_filter;
    ToolLog m_log;
    std::function<void(const QString&)> m_progress;
    bool m_inputDone;
    std::unique_ptr<ClientCredentials> m_credentials; // the passfile lives as long as the tool
    QProcess m_process;
};

void RestoreProcess::start(const QStringList& toolArguments)
{
    QStringList arguments = toolArguments;
    if (!m_inputDone && !m_input.open(QIODevice::ReadOnly))
        throw Error(u"cannot read dump file \"%1\": %2"_s.arg(m_dumpPath, m_input.errorString()),
            u"check that the file is readable by the user running pgreconcile"_s);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LC_ALL"_s, u"C"_s); // untranslated messages: they are read and quoted
    // No password on the command line.
    m_credentials = std::make_unique<ClientCredentials>(arguments, environment);
    m_process.setProcessEnvironment(environment);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.setReadChannel(QProcess::StandardError);
    endsWithThisProcess(m_process); // if pgreconcile dies, the tool goes too instead of loading on unseen
    m_process.start(m_program, arguments);
    if (!m_process.waitForStarted(kStartTimeoutMs))
        throw Error(
            u"cannot run %1 to restore \"%2\": %3"_s.arg(m_program, m_dumpPath, m_process.errorString()),
            kInstallToolsHint);
    if (m_inputDone)
        m_process.closeWriteChannel();
}

void RestoreProcess::runToEnd(const std::atomic<bool>* cancel)
{
    try {
        waitForExit(cancel);
    } catch (...) {
        stopProcess(m_process);
        throw;
    }
    readErrors();
    report(m_log.add(QString::fromUtf8(m_process.readAll())));
}

void RestoreProcess::waitForExit(const std::atomic<bool>* cancel)
{
    const QDeadlineTimer deadline(kTimeLimit);
    for (;;) {
        if (isCancelled(cancel))
            throw Cancelled();
        if (m_process.state() == QProcess::Running)
            feed();
        m_process.waitForFinished(kPollMs);
        readErrors();
        if (m_process.state() == QProcess::NotRunning)
            return;
        if (deadline.hasExpired())
            throw Error(u"%1 did not finish restoring \"%2\" within %3 hours"_s.arg(m_tool, m_dumpPath)
                            .arg(std::chrono::duration_cast<std::chrono::hours>(kTimeLimit).count()),
                u"look for a lock or a stuck server in the staging server's log, then restore again"_s);
    }
}

// psql reads the dump through the checker; the pipe is kept a few megabytes ahead of it.
void RestoreProcess::feed()
{
    while (!m_inputDone && m_process.bytesToWrite() < kWriteBuffer) {
        const QByteArray chunk = m_input.read(kReadChunk);
        QByteArray out;
        if (chunk.isEmpty()) {
            if (m_input.error() != QFileDevice::NoError)
                throw Error(u"cannot read dump file \"%1\": %2"_s.arg(m_dumpPath, m_input.errorString()),
                    kRemakeDumpHint);
            m_filter.finish(out);
            if (!m_filter.isComplete())
                throw Error(u"dump file \"%1\" ends before pg_dump's closing line \"-- PostgreSQL database "
                            "dump complete\": it was cut short"_s.arg(m_dumpPath),
                    kRemakeDumpHint);
            m_process.write(out);
            m_process.closeWriteChannel(); // psql commits at the end of its input
            m_inputDone = true;
            return;
        }
        m_filter.feed(chunk, out);
        if (!out.isEmpty())
            m_process.write(out);
        const QStringList tables = m_filter.takeStartedTables();
        for (const QString& table : tables)
            report(u"processing data for table "_s + table);
    }
}

void RestoreProcess::readErrors()
{
    while (m_process.canReadLine())
        report(m_log.add(QString::fromUtf8(m_process.readLine())));
}

void RestoreProcess::checkSucceeded(const QString& database)
{
    const bool failed = m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0;
    if (!failed && m_inputDone)
        return;
    const QString text = failureText();
    throw Error(u"cannot restore \"%1\" (%2 format) into staging database \"%3\":\n%4"_s.arg(
                    m_dumpPath, DumpRestorer::formatName(m_format), database, text),
        hintFor(text, m_format, m_filter.sawDrop(), m_program));
}

QString RestoreProcess::failureText()
{
    QStringList quote = m_log.quote();
    if (quote.isEmpty())
        quote.append(m_process.exitStatus() == QProcess::NormalExit
                ? u"%1 exited with code %2"_s.arg(m_tool).arg(m_process.exitCode())
                : u"%1 crashed"_s.arg(m_tool));
    QString text = quote.join(u'\n');
    if (text.contains(u"worker process died unexpectedly"_s)) {
        // A parallel worker's own error can be lost; read the whole archive in one process to
        // tell a damaged dump from a failure of the server.
        QProcess check;
        check.setProcessChannelMode(QProcess::MergedChannels);
        endsWithThisProcess(check);
        check.start(m_program, { u"-f"_s, u"/dev/null"_s, m_dumpPath });
        if (check.waitForFinished(600000) && check.exitCode() != 0)
            text += u'\n' + QString::fromUtf8(check.readAll()).trimmed().section(u'\n', 0, 2);
    }
    return text;
}

} // namespace

DumpRestorer::Format DumpRestorer::detect(const QString& path)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists())
        throw Error(u"dump file \"%1\" does not exist"_s.arg(path), u"check the path; "_s + kMakeDumpHint);
    if (info.isDir()) {
        const QString toc = QDir(path).filePath(u"toc.dat"_s);
        if (!QFileInfo::exists(toc))
            throw Error(
                u"folder \"%1\" is not a pg_dump directory-format dump: it holds no toc.dat"_s.arg(path),
                u"give the folder made by \"pg_dump -Fd -f FOLDER\", or a dump file; "_s + kMakeDumpHint);
        if (!readHead(toc, 5).startsWith("PGDMP"))
            throw Error(
                u"folder \"%1\" is not a readable pg_dump directory-format dump: its toc.dat is damaged"_s
                    .arg(path),
                kRemakeDumpHint);
        return Format::Directory;
    }
    const QByteArray head = readHead(path, 64 * 1024);
    if (head.isEmpty())
        throw Error(u"dump file \"%1\" is empty"_s.arg(path), kRemakeDumpHint);
    if (head.startsWith("PGDMP"))
        return Format::Custom;
    if (head.size() >= 512 && head.mid(257, 5) == "ustar") {
        const TarScan scan = scanTar(path);
        if (scan.hasToc)
            return Format::Tar;
        if (!scan.nestedToc.isEmpty())
            throw Error(
                u"\"%1\" is a tar archive of a directory-format dump (it holds %2), not a pg_dump tar-format "
                "dump"_s.arg(path, scan.nestedToc),
                u"extract it (tar -xf) and give the folder that holds toc.dat"_s);
        throw Error(
            u"\"%1\" is a tar archive but not a pg_dump tar-format dump: it holds no toc.dat"_s.arg(path),
            kMakeDumpHint);
    }
    if (head.startsWith("\x1f\x8b") || head.startsWith("\x28\xb5\x2f\xfd")
        || head.startsWith("\x04\x22\x4d\x18"))
        throw Error(u"dump file \"%1\" is compressed (gzip, zstd or lz4)"_s.arg(path),
            u"decompress it first (gunzip, unzstd or unlz4), or make the dump in custom format with "
            "pg_dump -Fc, which compresses by itself"_s);
    const QByteArray start = head.left(4096);
    if (start.contains("-- PostgreSQL database cluster dump"))
        throw Error(
            u"\"%1\" is a pg_dumpall output (a whole cluster), not a dump of one database"_s.arg(path),
            u"dump the one database to compare with pg_dump, e.g. \"pg_dump -Fc -f FILE DATABASE\""_s);
    if (start.contains("-- PostgreSQL database dump"))
        return Format::Plain;
    throw Error(
        u"\"%1\" is not a pg_dump output: it is neither an archive (custom, directory or tar format) nor "
        "an SQL script written by pg_dump"_s.arg(path),
        kMakeDumpHint);
}

template<>
std::span<const ReportName<DumpRestorer::Format>> reportNames<DumpRestorer::Format>()
{
    static constexpr ReportName<DumpRestorer::Format> names[] = {
        { DumpRestorer::Format::Custom, u"custom" },
        { DumpRestorer::Format::Directory, u"directory" },
        { DumpRestorer::Format::Tar, u"tar" },
        { DumpRestorer::Format::Plain, u"plain SQL" },
    };
    return names;
}

QString DumpRestorer::formatName(Format format) { return reportName(format); }

DumpRestorer::DumpRestorer(const Staging& staging, PgBinaries binaries)
    : m_staging(staging)
    , m_binaries(std::move(binaries))
{ }

void DumpRestorer::restore(const QString& dumpPath, const QString& database, const std::atomic<bool>* cancel,
    const std::function<void(const QString&)>& progress)
{
    const Format format = detect(dumpPath);
    if (database.isEmpty())
        throw Error(
            u"no staging database named to restore \"%1\" into"_s.arg(dumpPath), u"name a database"_s);
    const QString tool = format == Format::Plain ? u"psql"_s : u"pg_restore"_s;
    const QString program = m_binaries.program(tool);
    if (program.isEmpty())
        throw Error(u"%1 not found: it is needed to restore \"%2\""_s.arg(tool, dumpPath), kInstallToolsHint);
    const QString absolutePath = QFileInfo(dumpPath).absoluteFilePath();
    if (format == Format::Tar && !scanTar(absolutePath).complete)
        throw Error(
            u"dump file \"%1\" (tar format) is cut short: its last member or the end of the archive is "
            "missing"_s.arg(dumpPath),
            kRemakeDumpHint);
    if (isCancelled(cancel))
        throw Cancelled();

    if (format != Format::Plain)
        checkArchiveStatements(program, format, absolutePath, QFileInfo(dumpPath).fileName(), cancel);

    const QString password = createRestoreDatabase(m_staging, database, dumpPath);
    try {
        RestoreProcess process(dumpPath, format, program, progress);
        process.start(
            toolArguments(format, restoreConnectionString(m_staging, database, password), absolutePath));
        process.runToEnd(cancel);
        process.checkSucceeded(database);
    } catch (...) {
        dropDatabaseQuietly(m_staging, database);
        throw;
    }
}

} // namespace pgr
