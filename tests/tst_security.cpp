// SPDX-License-Identifier: GPL-3.0-or-later
// Connections and secrets: no hang on a silent server or a missing password, Ctrl+C while
// connecting, no password on any command line or in any file, private output files, no TCP
// listener in staging, and SQL injection through every way the user hands text in is inert.
// The real CLI runs as a child process against real PostgreSQL servers.
#include "conninfo.h"
#include "exportdialog.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "project.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QInputDialog>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <arpa/inet.h>
#include <atomic>
#include <csignal>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <set>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using namespace pgr::test;

namespace {

// Distinctive, with the characters a passfile and a URI must escape.
const QString kPassword = u"Open:Sesame\\42'x"_s;
const QString kNeedle = u"Sesame"_s;

// The real CLI reading settings, with no password from the environment or a passfile, its
// standard output and error interleaved.
CliRunner cliRunner(const QString& settings)
{
    CliRunner cli;
    cli.setSettingsFile(settings)
        .removeEnvironment(u"PGPASSWORD"_s)
        .setEnvironment(u"PGPASSFILE"_s, u"/nonexistent/pgpass"_s) // no ~/.pgpass helps by chance
        .mergeChannels();
    return cli;
}

int runAs(
    const QString& user, const QString& program, const QStringList& arguments, QString* output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (::geteuid() == 0)
        process.start(u"runuser"_s, QStringList { u"-u"_s, user, u"--"_s, program } + arguments);
    else
        process.start(program, arguments);
    process.waitForFinished(300000);
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// A TCP port of 127.0.0.1 free now: the kernel's pick for a socket bound to port 0.
int freeTcpPort()
{
    const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
        || ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        qFatal("cannot bind a socket on 127.0.0.1");
    ::close(probe);
    return ntohs(address.sin_port);
}

// A server of the test's own on 127.0.0.1 that asks for a password (SCRAM), as production servers
// do: the staging and the live sides of the password tests.
class PasswordServer
{
public:
    // Laid out as testsupport's clusters are (pgr-test-*/owner.pid, …/staging/data), so that a run
    // killed before its end has the server stopped by the next one.
    PasswordServer()
        : m_dir(QDir::tempPath() + u"/pgr-test-XXXXXX"_s)
    {
        QFile owner(m_dir.filePath(u"owner.pid"_s));
        if (owner.open(QIODevice::WriteOnly))
            owner.write(QByteArray::number(QCoreApplication::applicationPid()) + '\n');
        owner.close();
        m_folder = makeClusterFolder(m_dir, u"staging"_s);
        QDir().mkpath(m_folder);
        if (::geteuid() == 0) {
            const passwd* postgres = ::getpwnam("postgres");
            if (!postgres)
                qFatal("no postgres user to run the password server as");
            (void)::chown(m_folder.toLocal8Bit().constData(), postgres->pw_uid, postgres->pw_gid);
        }
        const QString pwfile = m_folder + u"/pwfile"_s;
        QFile file(pwfile);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write the password file");
        file.write(kPassword.toUtf8() + '\n');
        file.close();
        ::chmod(pwfile.toLocal8Bit().constData(), 0644);
        const PgBinaries binaries = PgBinaries::locate();
        QString output;
        if (runAs(u"postgres"_s, binaries.program(u"initdb"_s),
                { u"-D"_s, dataDirectory(), u"-U"_s, u"pwadmin"_s, u"--pwfile"_s, pwfile,
                    u"--auth-local=trust"_s, u"--auth-host=scram-sha-256"_s, u"-E"_s, u"UTF8"_s,
                    u"--no-sync"_s },
                &output)
            != 0)
            qFatal("initdb of the password server failed: %s", qPrintable(output));
        QFile::remove(pwfile);
        m_port = freeTcpPort();
        if (runAs(u"postgres"_s, binaries.program(u"pg_ctl"_s),
                { u"-D"_s, dataDirectory(), u"-l"_s, m_folder + u"/server.log"_s, u"-w"_s, u"-o"_s,
                    u"-c listen_addresses=127.0.0.1 -c port=%1 -c unix_socket_directories=%2 -c fsync=off"_s
                        .arg(m_port)
                        .arg(m_folder),
                    u"start"_s },
                &output)
            != 0)
            qFatal("the password server did not start: %s", qPrintable(output));
    }
    ~PasswordServer()
    {
        runAs(u"postgres"_s, PgBinaries::locate().program(u"pg_ctl"_s),
            { u"-D"_s, dataDirectory(), u"-m"_s, u"immediate"_s, u"stop"_s });
    }
    QString dataDirectory() const { return m_folder + u"/data"_s; }
    int port() const { return m_port; }
    // postgresql://pwadmin:…@127.0.0.1:port/database, the password percent-encoded.
    QString uri(const QString& database) const
    {
        return u"postgresql://pwadmin:%1@127.0.0.1:%2/%3"_s.arg(
            QString::fromLatin1(QUrl::toPercentEncoding(kPassword)), QString::number(m_port), database);
    }
    QString uriWithoutPassword(const QString& database) const
    {
        return u"postgresql://pwadmin@127.0.0.1:%1/%2"_s.arg(QString::number(m_port), database);
    }
    void exec(const QString& database, const QString& sql) const
    {
        PgConnection(ConnectionInfo::parse(uri(database)).toConnectionString(), u"password server"_s)
            .exec(sql);
    }
    void createDatabase(const QString& database, const QString& sql) const
    {
        exec(u"postgres"_s, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(database));
        exec(u"postgres"_s, u"CREATE DATABASE %1"_s.arg(database));
        exec(database, sql);
    }

private:
    QTemporaryDir m_dir;
    QString m_folder;
    int m_port = 0;
};

// Reads the command line of every process, over and over, while a flow runs: any that holds the
// needle (other than the processes the test itself started with it) is recorded.
class ArgvWatcher
{
public:
    explicit ArgvWatcher(const QString& needle)
        : m_needle(needle.toUtf8())
        , m_thread([this] { watch(); })
    { }
    ~ArgvWatcher() { stop(); }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    // The program the test starts with the password on purpose (the CLI, given the URIs as a user
    // types them): its own command line is the user's doing, its children's are not.
    void exempt(const QString& program)
    {
        std::lock_guard lock(m_mutex);
        m_exempt = program.toLocal8Bit();
    }
    QStringList leaks() const
    {
        std::lock_guard lock(m_mutex);
        return m_leaks;
    }
    // Client programs (psql, pg_dump, pg_restore) seen running: the watcher did see the children.
    QStringList clientsSeen() const
    {
        std::lock_guard lock(m_mutex);
        return QStringList(m_clients.begin(), m_clients.end());
    }

private:
    void watch()
    {
        const qint64 self = ::getpid();
        while (!m_stop) {
            QDirIterator processes(u"/proc"_s, QDir::Dirs | QDir::NoDotAndDotDot);
            while (processes.hasNext()) {
                processes.next();
                bool number = false;
                const qint64 pid = processes.fileName().toLongLong(&number);
                if (!number || pid == self)
                    continue;
                QFile file(processes.filePath() + u"/cmdline"_s);
                if (!file.open(QIODevice::ReadOnly))
                    continue;
                QByteArray line = file.readAll();
                const QString program
                    = QString::fromLocal8Bit(line.left(line.indexOf('\0'))).section(u'/', -1);
                line.replace('\0', ' ');
                std::lock_guard lock(m_mutex);
                if (program == u"psql"_s || program == u"pg_dump"_s || program == u"pg_restore"_s)
                    m_clients.insert(program);
                if (line.contains(m_needle)
                    && !(line.startsWith(QByteArray(m_exempt + ' ')) && !m_exempt.isEmpty())) {
                    const QString leak = u"pid %1: %2"_s.arg(pid).arg(QString::fromLocal8Bit(line));
                    if (!m_leaks.contains(leak))
                        m_leaks.append(leak);
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }

    const QByteArray m_needle;
    mutable std::mutex m_mutex;
    QByteArray m_exempt;
    std::set<QString> m_clients;
    QStringList m_leaks;
    std::atomic<bool> m_stop { false };
    std::thread m_thread;
};

// A TCP listener that never accepts and never answers: the kernel completes the handshake, so a
// client waits for the server's first word forever.
class SilentServer
{
public:
    SilentServer()
    {
        m_socket = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
            || ::listen(m_socket, 16) != 0)
            qFatal("cannot listen on 127.0.0.1");
        socklen_t length = sizeof address;
        ::getsockname(m_socket, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
    }
    ~SilentServer() { ::close(m_socket); }
    int port() const { return m_port; }
    QString uri() const { return u"postgresql://app@127.0.0.1:%1/shop"_s.arg(m_port); }
    // Waits until a client has connected (its connection is queued), up to timeoutMs.
    bool waitForClient(int timeoutMs) const
    {
        pollfd listener { m_socket, POLLIN, 0 };
        return ::poll(&listener, 1, timeoutMs) == 1;
    }

private:
    int m_socket = -1;
    int m_port = 0;
};

int mode(const QString& path)
{
    struct stat info
    {
    };
    return ::stat(path.toLocal8Bit().constData(), &info) == 0 ? int(info.st_mode & 07777) : -1;
}

QString modeText(int value) { return u"0%1"_s.arg(QString::number(value, 8)); }

const QString kShop = uR"(CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE canary (id int PRIMARY KEY); INSERT INTO canary VALUES (1);)"_s;

// Every text file under folder (skipping PostgreSQL's binary data) that holds the needle.
QStringList filesHolding(const QString& folder, const QString& needle)
{
    QStringList found;
    QDirIterator files(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        if (path.contains(u"/base/"_s) || path.contains(u"/global/"_s) || path.contains(u"/pg_wal/"_s))
            continue;
        QFile file(path);
        if (file.size() < 20000000 && file.open(QIODevice::ReadOnly)
            && file.readAll().contains(needle.toUtf8()))
            found.append(path);
    }
    return found;
}

// A database's contents as pg_dump writes them (the test's own pg_dump, given the password).
QString dumpText(const QString& uri)
{
    QProcess dump;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PGPASSWORD"_s, kPassword);
    dump.setProcessEnvironment(environment);
    const ConnectionInfo info = ConnectionInfo::parse(uri);
    QStringList arguments = { u"-w"_s, u"-h"_s, info.value(u"host"_s), u"-p"_s, info.value(u"port"_s),
        u"-U"_s, info.value(u"user"_s), info.database() };
    dump.start(PgBinaries::locate().program(u"pg_dump"_s), arguments);
    dump.waitForFinished(120000);
    return QString::fromUtf8(dump.readAllStandardOutput()) + QString::fromUtf8(dump.readAllStandardError());
}

} // namespace

class TestSecurity : public QObject
{
    Q_OBJECT

    QTemporaryDir m_work;
    QString m_settings;
    std::unique_ptr<PasswordServer> m_passwordServer;
    PasswordServer& passwordServer()
    {
        if (!m_passwordServer)
            m_passwordServer = std::make_unique<PasswordServer>();
        return *m_passwordServer;
    }

    CliRunner m_cli; // against the test cluster, settings in m_settings (set up in initTestCase)

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_settings = m_work.filePath(u"settings.ini"_s);
        m_cli = cliRunner(m_settings);
        m_cli.useTestCluster();
    }
    void cleanupTestCase() { m_passwordServer.reset(); }

    // A server that takes the TCP connection and never answers: the command ends, naming the
    // server and the timeout, with --connect-timeout and with the default of 10 s.
    void aSilentServerTimesOutNamingIt_data()
    {
        QTest::addColumn<QStringList>("timeoutOption");
        QTest::addColumn<int>("setting"); // connection/timeout in the settings file; 0: not set
        QTest::addColumn<int>("seconds");
        QTest::newRow("--connect-timeout 2") << QStringList { u"--connect-timeout"_s, u"2"_s } << 0 << 2;
        QTest::newRow("--connect-timeout over the setting")
            << QStringList { u"--connect-timeout"_s, u"2"_s } << 30 << 2;
        QTest::newRow("the setting") << QStringList {} << 3 << 3;
        QTest::newRow("default") << QStringList {} << 0 << 10;
    }
    void aSilentServerTimesOutNamingIt()
    {
        QFETCH(QStringList, timeoutOption);
        QFETCH(int, setting);
        QFETCH(int, seconds);
        SilentServer silent;
        const QString settings = m_work.filePath(u"timeout-%1.ini"_s.arg(setting));
        if (setting > 0) {
            QFile file(settings);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("[connection]\ntimeout=" + QByteArray::number(setting) + '\n');
        }
        CliRunner cli = m_cli;
        if (setting > 0)
            cli.setSettingsFile(settings);
        const CliRun run
            = cli.run(QStringList { u"load"_s, u"--project"_s, u"silent"_s, u"--source"_s, silent.uri() }
                    + timeoutOption,
                90000);
        QVERIFY2(run.exitCode == 1, qPrintable(run.output()));
        const QString server = u"127.0.0.1:%1"_s.arg(silent.port());
        QVERIFY2(run.output().contains(u"no answer from %1 within %2 s"_s.arg(server).arg(seconds)),
            qPrintable(run.output()));
        QVERIFY2(run.output().contains(u"source"_s) && run.output().contains(u"--connect-timeout"_s),
            qPrintable(run.output()));
    }

    void aConnectTimeoutBelowOneSecondIsRefused_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("0") << u"0"_s;
        QTest::newRow("-3") << u"-3"_s;
        QTest::newRow("words") << u"ten"_s;
    }
    void aConnectTimeoutBelowOneSecondIsRefused()
    {
        QFETCH(QString, value);
        const CliRun run = m_cli.run({ u"projects"_s, u"--connect-timeout"_s, value });
        QVERIFY2(run.exitCode != 0, qPrintable(run.output()));
        QVERIFY2(run.output().contains(
                     u"--connect-timeout is a whole number of seconds, at least 1, not \"%1\""_s.arg(value)),
            qPrintable(run.output()));
    }

    // Ctrl+C or SIGTERM while the CLI waits for a server to answer ends it at once.
    void anInterruptWhileConnectingEndsTheCommand_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
    }
    void anInterruptWhileConnectingEndsTheCommand()
    {
        QFETCH(int, signal);
        SilentServer silent;
        QProcess process;
        QVERIFY(m_cli.start(
            process, { u"load"_s, u"--project"_s, u"interrupted"_s, u"--source"_s, silent.uri() }));
        QVERIFY2(silent.waitForClient(60000), "the CLI never connected to the silent server");
        ::kill(pid_t(process.processId()), signal);
        // Generous, and below the default connect timeout of 10 s: it is meant to take a blink.
        const bool ended = process.waitForFinished(8000);
        if (!ended) {
            process.kill();
            process.waitForFinished();
        }
        const QString output = QString::fromUtf8(process.readAll());
        QVERIFY2(ended, qPrintable(u"still connecting 8 s after the signal: "_s + output));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        QVERIFY2(output.contains(u"cancelled while connecting to source"_s), qPrintable(output));
    }

    // Project NAME from NAME_source and NAME_target on the password server (made by the caller),
    // loaded with the password in the URIs, diffed, every change taken from the source.
    void loadAndTakeTheSource(const QString& name)
    {
        PasswordServer& server = passwordServer();
        const QList<QStringList> steps
            = { { u"load"_s, u"--project"_s, name, u"--source"_s, server.uri(name + u"_source"_s),
                    u"--target"_s, server.uri(name + u"_target"_s) },
                  { u"diff"_s, u"--project"_s, name },
                  { u"decide"_s, u"--project"_s, name, u"--all"_s, u"--take"_s, u"source"_s } };
        for (const QStringList& step : steps) {
            const CliRun run = m_cli.run(step);
            QVERIFY2(run.exitCode == 0, qPrintable(run.output()));
        }
    }

    // Issue #13: the target loaded from a URI with a password and PGPASSWORD unset; the dry run's
    // pg_dump waited for a password on a pipe for good. Now it ends at once, naming the target and
    // the fix; with the password where the load found it (PGPASSWORD here) the dry run passes.
    void aDryRunWithoutTheTargetsPasswordSaysSoAtOnce()
    {
        PasswordServer& server = passwordServer();
        server.createDatabase(
            u"nopw_source"_s, kShop + u"INSERT INTO item VALUES (1, 'one'), (2, 'two'), (3, 'three');"_s);
        server.createDatabase(u"nopw_target"_s, kShop + u"INSERT INTO item VALUES (1, 'one'), (2, 'two');"_s);
        loadAndTakeTheSource(u"nopw"_s);
        if (QTest::currentTestFailed())
            return;
        CliRun run;
        const QString script = m_work.filePath(u"nopw.sql"_s);
        const QStringList exportWithDryRun
            = { u"export"_s, u"--project"_s, u"nopw"_s, u"--out"_s, script, u"--dry-run"_s };
        run = m_cli.run(exportWithDryRun, 60000);
        QVERIFY2(run.exitCode == 1, qPrintable(run.output()));
        QVERIFY2(run.output().contains(
                     u"the dry run cannot copy the target (pwadmin@127.0.0.1:%1/nopw_target): it needs the "
                     "target's password"_s.arg(server.port())),
            qPrintable(run.output()));
        QVERIFY2(run.output().contains(u"set PGPASSWORD, or put the password in ~/.pgpass"_s),
            qPrintable(run.output()));

        CliRunner withPassword = m_cli;
        withPassword.setEnvironment(u"PGPASSWORD"_s, kPassword);
        run = withPassword.run(exportWithDryRun, 120000);
        QVERIFY2(run.exitCode == 0 && run.output().contains(u"DRY RUN PASSED"_s), qPrintable(run.output()));

        // On a terminal the CLI asks for it, as psql does, and the terminal does not show it.
        CliRunner onTerminal = m_cli;
        onTerminal.onTerminal(u"Password for the target: "_s, kPassword.toUtf8() + "\n");
        run = onTerminal.run(exportWithDryRun, 120000);
        QVERIFY2(run.exitCode == 0 && run.output().contains(u"DRY RUN PASSED"_s), qPrintable(run.output()));
        QVERIFY2(!run.output().contains(kPassword), qPrintable(run.output()));
        // A wrong one is refused, asked again, and the right one then passes.
        CliRunner wrongFirst = m_cli;
        wrongFirst.onTerminal(u"Password for the target: "_s, "not-it\n");
        QProcess session;
        QVERIFY(wrongFirst.start(session, exportWithDryRun));
        QByteArray seen;
        for (const QByteArray& answer : QList<QByteArray> { "not-it\n", kPassword.toUtf8() + "\n" }) {
            const qsizetype prompts = seen.count("Password for the target: ");
            QTRY_VERIFY_WITH_TIMEOUT(
                (seen += session.readAll()).count("Password for the target: ") > prompts, 60000);
            session.write(answer);
        }
        QVERIFY(session.waitForFinished(120000));
        seen += session.readAll();
        QVERIFY2(seen.contains("The target refused that password."), seen.constData());
        QVERIFY2(session.exitCode() == 0 && seen.contains("DRY RUN PASSED"), seen.constData());

        // Ctrl+C at the prompt cancels (exit 130), and no dry-run copy is left behind.
        QProcess interrupted;
        QVERIFY(wrongFirst.start(interrupted, exportWithDryRun));
        QByteArray shown;
        QTRY_VERIFY_WITH_TIMEOUT(
            (shown += interrupted.readAll()).contains("Password for the target: "), 60000);
        interrupted.write("\x03");
        QVERIFY(interrupted.waitForFinished(30000));
        shown += interrupted.readAll();
        QVERIFY2(interrupted.exitCode() == 130, shown.constData());
        auto admin = TestCluster::instance().staging().connect(u"postgres"_s);
        QCOMPARE(admin->exec(u"SELECT count(*) FROM pg_database WHERE datname LIKE 'pgrscratch%dryrun'"_s)
                     .toInt64(0, 0),
            0);
    }

    // The window's dry run asks for the live target's password that the project does not keep,
    // runs with it, and keeps it for the dialog's later runs only: nothing is written anywhere.
    void theWindowAsksForTheTargetsPassword()
    {
        PasswordServer& server = passwordServer();
        server.createDatabase(
            u"winpw_source"_s, kShop + u"INSERT INTO item VALUES (1, 'one'), (2, 'two'), (3, 'three');"_s);
        server.createDatabase(
            u"winpw_target"_s, kShop + u"INSERT INTO item VALUES (1, 'one'), (2, 'two');"_s);
        loadAndTakeTheSource(u"winpw"_s);
        if (QTest::currentTestFailed())
            return;
        // This process reads no password from the environment either.
        const QByteArray password = qgetenv("PGPASSWORD");
        const QByteArray passfile = qgetenv("PGPASSFILE");
        qunsetenv("PGPASSWORD");
        qputenv("PGPASSFILE", "/nonexistent/pgpass");
        auto restore = qScopeGuard([&] {
            password.isNull() ? qunsetenv("PGPASSWORD") : qputenv("PGPASSWORD", password);
            passfile.isNull() ? qunsetenv("PGPASSFILE") : qputenv("PGPASSFILE", passfile);
        });
        pgr::Staging& staging = TestCluster::instance().staging();
        pgr::ui::ExportDialog dialog(
            std::shared_ptr<pgr::Staging>(&staging, [](pgr::Staging*) {}), u"winpw"_s);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.findChild<QPushButton*>(u"dryRunButton"_s)->isEnabled(), 60000);
        QSignalSpy finished(&dialog, &pgr::ui::ExportDialog::dryRunFinished);
        dialog.startDryRun();
        QInputDialog* ask = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(ask = dialog.findChild<QInputDialog*>(u"targetPasswordDialog"_s), 60000);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(ask->labelText().contains(u"never stored"_s), qPrintable(ask->labelText()));
        QCOMPARE(ask->textEchoMode(), QLineEdit::Password);
        ask->setTextValue(kPassword);
        ask->accept();
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 2, 120000);
        QVERIFY2(finished.last().first().toBool(), qPrintable(finished.last().value(1).toString()));
        // The next run needs no asking.
        dialog.startDryRun();
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 3, 120000);
        QVERIFY(finished.last().first().toBool());
        QVERIFY(!dialog.findChild<QInputDialog*>(u"targetPasswordDialog"_s));
    }

    // Staging, source and target all ask for a password, given in the URIs: through load, diff,
    // decide, approve, export --dry-run, verify and history no process shows it on its command
    // line (issue #13: psql had password='…' in its argv), and no file, report or project database
    // the tool writes holds it. Output files are 0600 under umask 022.
    void noPasswordOnAnyCommandLineOrInAnyFile()
    {
        PasswordServer& server = passwordServer();
        server.createDatabase(
            u"flow_source"_s, kShop + u"INSERT INTO item VALUES (1, 'uno'), (2, 'two'), (3, 'three');"_s);
        server.createDatabase(
            u"flow_target"_s, kShop + u"INSERT INTO item VALUES (1, 'one'), (2, 'two'), (4, 'four');"_s);
        const mode_t oldUmask = ::umask(022);
        auto restoreUmask = qScopeGuard([&] { ::umask(oldUmask); });
        CliRunner cli = m_cli;
        cli.setStagingArguments({ u"--staging"_s, server.uri(u"postgres"_s) });
        const QString folder = m_work.filePath(u"flow"_s);
        QDir().mkpath(folder);
        const QString script = folder + u"/merge.sql"_s, diffJson = folder + u"/diff.json"_s,
                      verifyJson = folder + u"/verify.json"_s;
        const QList<QStringList> steps = {
            { u"load"_s, u"--project"_s, u"flow"_s, u"--source"_s, u"flow_source"_s, u"--target"_s,
                u"flow_target"_s },
            { u"diff"_s, u"--project"_s, u"flow"_s, u"--json"_s, diffJson },
            { u"decide"_s, u"--project"_s, u"flow"_s, u"--all"_s, u"--take"_s, u"source"_s },
            { u"approve"_s, u"--project"_s, u"flow"_s, u"--by"_s, u"tester"_s },
            { u"export"_s, u"--project"_s, u"flow"_s, u"--out"_s, script, u"--dry-run"_s },
            { u"verify"_s, u"--project"_s, u"flow"_s, u"--target"_s, server.uri(u"flow_target"_s),
                u"--json"_s, verifyJson },
            { u"history"_s, u"--project"_s, u"flow"_s, u"--json"_s },
        };
        ArgvWatcher watcher(kNeedle);
        watcher.exempt(CliRunner::program());
        QStringList outputs;
        for (const QStringList& step : steps) {
            const CliRun run = cli.run(step);
            QVERIFY2(run.exitCode != -1, qPrintable(step.join(u' ') + u":\n"_s + run.output()));
            outputs.append(run.output());
            // verify finds the target as reviewed minus the script (not applied): a report, not a failure.
            if (step.first() != u"verify"_s && step.first() != u"decide"_s)
                QVERIFY2(run.exitCode == 0, qPrintable(step.join(u' ') + u":\n"_s + run.output()));
        }
        watcher.stop();
        QVERIFY2(outputs.join(u'\n').contains(u"DRY RUN PASSED"_s), qPrintable(outputs.join(u'\n')));
        QVERIFY2(watcher.clientsSeen().contains(u"psql"_s), "the watcher never saw the dry run's psql");
        QVERIFY2(watcher.leaks().isEmpty(),
            qPrintable(u"the password on a command line:\n"_s + watcher.leaks().join(u'\n')));

        // Nothing the tool wrote or said holds it: outputs, settings, reports, the project's database.
        for (const QString& output : std::as_const(outputs))
            QVERIFY2(!output.contains(kNeedle), qPrintable(output));
        QStringList holding = filesHolding(folder, kNeedle);
        if (QFile::exists(m_settings))
            holding += filesHolding(QFileInfo(m_settings).absolutePath(), kNeedle);
        holding += filesHolding(TestCluster::instance().folder(), kNeedle);
        holding += filesHolding(QDir::tempPath(), kNeedle).filter(u"pgreconcile"_s);
        QVERIFY2(holding.isEmpty(), qPrintable(holding.join(u'\n')));
        const QString projectDump = dumpText(server.uri(Project::databaseFor(u"flow"_s)));
        QVERIFY2(projectDump.contains(u"pgreconcile"_s), qPrintable(projectDump.left(2000)));
        QVERIFY2(!projectDump.contains(kNeedle), "the project's database holds the password");
        // No temporary passfile outlives the programs it served.
        QVERIFY(QDir(QDir::tempPath())
                    .entryList({ u"pgreconcile-pass-*"_s }, QDir::Files | QDir::Hidden)
                    .isEmpty());
        for (const QString& path : { script, diffJson, verifyJson })
            QVERIFY2(mode(path) == 0600, qPrintable(u"%1 is %2"_s.arg(path, modeText(mode(path)))));
    }

    // Issue #13: the script came out 0644 under umask 022. Every file the tool writes (script,
    // diff and verify reports) is 0600, also when it replaces a 0644 file.
    void outputFilesAreOwnerOnlyUnderUmask022()
    {
        TestCluster& cluster = TestCluster::instance();
        const QString source = cluster.createDatabase(u"perm_source"_s);
        const QString target = cluster.createDatabase(u"perm_target"_s);
        cluster.staging().connect(source)->exec(kShop + u"INSERT INTO item VALUES (1, 'one'), (2, 'two');"_s);
        cluster.staging().connect(target)->exec(kShop + u"INSERT INTO item VALUES (1, 'one');"_s);
        const QString folder = m_work.filePath(u"perm"_s);
        QDir().mkpath(folder);
        const QString script = folder + u"/merge.sql"_s, diffJson = folder + u"/diff.json"_s,
                      verifyJson = folder + u"/verify.json"_s;
        QFile old(script); // an older script, as umask 022 made it
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.close();
        QVERIFY(::chmod(script.toLocal8Bit().constData(), 0644) == 0);
        const mode_t oldUmask = ::umask(022);
        auto restoreUmask = qScopeGuard([&] { ::umask(oldUmask); });
        const QList<QStringList> steps = {
            { u"load"_s, u"--project"_s, u"perm"_s, u"--source"_s, source, u"--target"_s, target },
            { u"diff"_s, u"--project"_s, u"perm"_s, u"--json"_s, diffJson },
            { u"decide"_s, u"--project"_s, u"perm"_s, u"--all"_s, u"--take"_s, u"source"_s },
            { u"export"_s, u"--project"_s, u"perm"_s, u"--out"_s, script },
            { u"verify"_s, u"--project"_s, u"perm"_s, u"--target"_s,
                cluster.staging().connectionString(target), u"--json"_s, verifyJson },
        };
        for (const QStringList& step : steps) {
            const CliRun run = m_cli.run(step);
            if (step.first()
                != u"verify"_s) // the script was not applied: verify reports, and says so by its exit code
                QVERIFY2(run.exitCode == 0, qPrintable(step.join(u' ') + u":\n"_s + run.output()));
        }
        for (const QString& path : { script, diffJson, verifyJson }) {
            QVERIFY2(QFile::exists(path), qPrintable(path));
            QVERIFY2(mode(path) == 0600, qPrintable(u"%1 is %2"_s.arg(path, modeText(mode(path)))));
        }
    }

    // The embedded staging cluster listens on no TCP port: its postmaster holds no listening TCP
    // socket, listen_addresses is empty, and its folder is the owner's alone.
    void theEmbeddedStagingHasNoTcpListener()
    {
        TestCluster& cluster = TestCluster::instance();
        auto connection = cluster.staging().connect(u"postgres"_s);
        QCOMPARE(connection->exec(u"SHOW listen_addresses"_s).text(0, 0), QString());
        QFile pidFile(cluster.folder() + u"/data/postmaster.pid"_s);
        QVERIFY(pidFile.open(QIODevice::ReadOnly));
        const qint64 postmaster = pidFile.readLine().trimmed().toLongLong();
        QVERIFY(postmaster > 0);
        QSet<QString> listening; // socket inodes in state LISTEN (0A)
        for (const QString& table : { u"/proc/net/tcp"_s, u"/proc/net/tcp6"_s }) {
            QFile file(table);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            file.readLine();
            while (!file.atEnd()) {
                const QStringList fields = QString::fromLatin1(file.readLine()).simplified().split(u' ');
                if (fields.size() > 9 && fields.at(3) == u"0A"_s)
                    listening.insert(fields.at(9));
            }
        }
        QDirIterator descriptors(u"/proc/%1/fd"_s.arg(postmaster), QDir::Files | QDir::System);
        int sockets = 0;
        while (descriptors.hasNext()) {
            char link[256] = {};
            if (::readlink(descriptors.next().toLocal8Bit().constData(), link, sizeof link - 1) < 0)
                continue;
            const auto match
                = QRegularExpression(u"^socket:\\[(\\d+)\\]$"_s).match(QString::fromLatin1(link));
            if (!match.hasMatch())
                continue;
            ++sockets;
            QVERIFY2(!listening.contains(match.captured(1)),
                qPrintable(u"the postmaster listens on TCP (socket inode %1)"_s.arg(match.captured(1))));
        }
        QVERIFY2(sockets > 0, "no socket of the postmaster found: the check would see nothing");
        QVERIFY2(mode(cluster.folder()) == 0700, qPrintable(modeText(mode(cluster.folder()))));
        QVERIFY2(mode(cluster.folder() + u"/data"_s) == 0700,
            qPrintable(modeText(mode(cluster.folder() + u"/data"_s))));
    }

    // Quotes, semicolons and backslashes in table and column names and values, a hand edit, a
    // --filter and a --lock-timeout that try to end the statement and drop a table: the script
    // applies to the target as reviewed, and nothing else ran (the canaries live).
    void injectionThroughNamesValuesEditsFiltersAndLockTimeoutIsInert()
    {
        TestCluster& cluster = TestCluster::instance();
        const QString table = u"\"we\"\"ird;tab\\le\""_s;
        const QString column = u"\"na\"\"me'; DROP TABLE canary; --\""_s;
        const QString schema
            = u"CREATE TABLE %1 (id int PRIMARY KEY, %2 text); "
              "CREATE TABLE canary (id int PRIMARY KEY); INSERT INTO canary VALUES (1);"_s.arg(table, column);
        const QString source = cluster.createDatabase(u"inj_source"_s);
        const QString target = cluster.createDatabase(u"inj_target"_s);
        auto sourceDb = cluster.staging().connect(source);
        auto targetDb = cluster.staging().connect(target);
        sourceDb->exec(schema);
        targetDb->exec(schema);
        sourceDb->exec(
            u"INSERT INTO %1 VALUES (1, 'x''); DROP TABLE canary; --'), (2, E'back\\\\slash\\\\'';'), "
            "(3, 'semi;colon\"quote'), (4, 'to be edited')"_s.arg(table));
        targetDb->exec(u"INSERT INTO %1 VALUES (1, 'one'), (4, 'four')"_s.arg(table));
        auto cli = [&](const QStringList& arguments) {
            const CliRun run = m_cli.run(arguments);
            if (run.exitCode != 0)
                qWarning("%s",
                    qPrintable(arguments.join(u' ') + u" → "_s + QString::number(run.exitCode) + u"\n"_s
                        + run.output()));
            return run;
        };
        QCOMPARE(cli({ u"load"_s, u"--project"_s, u"inject"_s, u"--source"_s, source, u"--target"_s, target })
                     .exitCode,
            0);
        QCOMPARE(cli({ u"diff"_s, u"--project"_s, u"inject"_s }).exitCode, 0);
        // A canary in the project's own database, where filters and edits are run.
        auto projectDb = cluster.staging().connect(Project::databaseFor(u"inject"_s));
        projectDb->exec(
            u"CREATE TABLE public.canary (id int PRIMARY KEY); INSERT INTO public.canary VALUES (1)"_s);
        const QString tableName = u"public.we\"ird;tab\\le"_s;
        const QString evil = u"x'; DROP TABLE canary; --"_s;
        // A filter and a search that try to break out of their quotes: they match nothing, run nothing.
        cli({ u"decide"_s, u"--project"_s, u"inject"_s, u"--all"_s, u"--table"_s, tableName, u"--filter"_s,
            evil, u"--take"_s, u"target"_s });
        cli({ u"decide"_s, u"--project"_s, u"inject"_s, u"--all"_s, u"--table"_s, tableName, u"--search"_s,
            evil, u"--take"_s, u"target"_s });
        cli({ u"decide"_s, u"--project"_s, u"inject"_s, u"--all"_s, u"--table"_s, tableName, u"--where"_s,
            u"na\"me'; DROP TABLE canary; --=%1"_s.arg(evil), u"--take"_s, u"target"_s });
        QCOMPARE(projectDb->exec(u"SELECT count(*) FROM public.canary"_s).toInt64(0, 0), 1);
        QCOMPARE(projectDb->exec(u"SELECT count(*) FROM pgreconcile.decisions"_s).toInt64(0, 0),
            0); // matched nothing
        // A hand edit whose value is SQL.
        const QString editedValue = u"'); DROP TABLE canary; --\\"_s;
        const QString edit
            = u"{\"id\": 4, \"na\\\"me'; DROP TABLE canary; --\": \"'); DROP TABLE canary; --\\\\\"}"_s;
        QCOMPARE(cli({ u"decide"_s, u"--project"_s, u"inject"_s, u"--table"_s, tableName, u"--key"_s,
                         u"[4]"_s, u"--edit"_s, edit })
                     .exitCode,
            0);
        cli({ u"decide"_s, u"--project"_s, u"inject"_s, u"--all"_s, u"--take"_s, u"source"_s });
        QCOMPARE(projectDb->exec(u"SELECT count(*) FROM public.canary"_s).toInt64(0, 0), 1);
        QCOMPARE(cli({ u"approve"_s, u"--project"_s, u"inject"_s, u"--by"_s, u"tester"_s }).exitCode, 0);

        // A lock timeout that tries to end the SET: refused, or a script that applies nothing.
        const QString evilScript = m_work.filePath(u"inject-evil.sql"_s);
        const CliRun evilExport = cli({ u"export"_s, u"--project"_s, u"inject"_s, u"--out"_s, evilScript,
            u"--lock-timeout"_s, u"1s'; DROP TABLE canary; --"_s });
        if (evilExport.exitCode == 0) {
            QProcess psql;
            psql.setProcessChannelMode(QProcess::MergedChannels);
            psql.start(PgBinaries::locate().program(u"psql"_s),
                { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, evilScript, u"-d"_s,
                    cluster.staging().connectionString(target) });
            QVERIFY(psql.waitForFinished(60000));
            QVERIFY2(psql.exitCode() != 0, "a lock timeout of SQL applied");
            QCOMPARE(targetDb->exec(u"SELECT count(*) FROM canary"_s).toInt64(0, 0), 1);
            QCOMPARE(targetDb->exec(u"SELECT count(*) FROM %1"_s.arg(table)).toInt64(0, 0), 2); // untouched
        } else {
            QVERIFY2(evilExport.output().contains(u"lock"_s), qPrintable(evilExport.output()));
        }

        // The script applies as reviewed, to a dry-run copy and to the target itself.
        const QString script = m_work.filePath(u"inject.sql"_s);
        const CliRun exported
            = cli({ u"export"_s, u"--project"_s, u"inject"_s, u"--out"_s, script, u"--dry-run"_s });
        QVERIFY2(exported.exitCode == 0 && exported.output().contains(u"DRY RUN PASSED"_s),
            qPrintable(exported.output()));
        QProcess psql;
        psql.setProcessChannelMode(QProcess::MergedChannels);
        psql.start(PgBinaries::locate().program(u"psql"_s),
            { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, script, u"-d"_s,
                cluster.staging().connectionString(target) });
        QVERIFY(psql.waitForFinished(60000));
        QVERIFY2(psql.exitCode() == 0, psql.readAll().constData());
        QCOMPARE(targetDb->exec(u"SELECT count(*) FROM canary"_s).toInt64(0, 0), 1);
        const PgResult rows = targetDb->exec(u"SELECT id, %1 FROM %2 ORDER BY id"_s.arg(column, table));
        QStringList got;
        for (int row = 0; row < rows.rowCount(); ++row)
            got.append(rows.text(row, 0) + u'=' + rows.text(row, 1));
        const QStringList expected = { u"1=x'); DROP TABLE canary; --"_s, u"2=back\\slash\\';"_s,
            u"3=semi;colon\"quote"_s, u"4="_s + editedValue };
        QCOMPARE(got, expected);
    }
};

QTEST_MAIN(TestSecurity)
#include "tst_security.moc"
