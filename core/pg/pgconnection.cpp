// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgconnection.h"

#include "conninfo.h"
#include "error.h"

#include <QDeadlineTimer>
#include <cerrno>
#include <libpq-fe.h>
#include <poll.h>
#include <pqxx/pqxx>
#include <pqxx/tablewriter>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// Notices (e.g. "table does not exist, skipping") are expected chatter, not output.
class QuietNotices : public pqxx::errorhandler
{
public:
    explicit QuietNotices(pqxx::connection_base& connection)
        : pqxx::errorhandler(connection)
    { }
    bool operator()(const char[]) noexcept override { return false; }
};

QString firstLineOf(const char* text)
{
    QString message = QString::fromUtf8(text).trimmed();
    if (message.startsWith(u"ERROR:"_s))
        message = message.mid(6).trimmed();
    return message;
}

std::atomic<int> g_connectTimeout { PgConnection::kDefaultConnectTimeout };
std::atomic<const std::atomic<bool>*> g_connectCancel { nullptr };

// A connection attempt that failed: libpq's reason and what to do about it. Not a pqxx exception,
// so that libpqxx passes it on untouched.
struct ConnectFailed : std::exception
{
    ConnectFailed(QString reason, QString hint)
        : reason(std::move(reason))
        , hint(std::move(hint))
        , utf8(this->reason.toUtf8())
    { }
    const char* what() const noexcept override { return utf8.constData(); }
    QString reason;
    QString hint;
    QByteArray utf8;
};

QString hintFor(const QString& reason)
{
    if (reason.contains(u"password authentication failed"_s) || reason.contains(u"no password supplied"_s))
        return u"put the password in ~/.pgpass (chmod 600) or PGPASSWORD; pgreconcile never stores it"_s;
    if (reason.contains(u"does not exist"_s))
        return u"check the database name, or create the database first"_s;
    return u"check that the server is running and reachable, and the user and database names; passwords "
           "come from PGPASSWORD, ~/.pgpass or a service file"_s;
}

// The connect_timeout the connection string sets, else the process-wide one.
int timeoutFor(const std::string& conninfo)
{
    try {
        const int own
            = ConnectionInfo::parse(QString::fromStdString(conninfo)).value(u"connect_timeout"_s).toInt();
        if (own > 0)
            return own;
    } catch (const Error&) {
        // libpq reports the malformed string itself below.
    }
    return g_connectTimeout.load();
}

// libpq's non-blocking connect, polled in short slices: a server that accepts the TCP connection
// and never answers times out, and a raised cancel flag (Ctrl+C) ends the wait at once. PQconnectdb
// would block in the kernel, deaf to both.
PGconn* connectPolled(const std::string& conninfo)
{
    PGconn* connection = PQconnectStart(conninfo.c_str());
    if (!connection)
        throw ConnectFailed(u"out of memory"_s, {});
    auto fail = [&](QString reason, QString hint) {
        PQfinish(connection);
        throw ConnectFailed(std::move(reason), std::move(hint));
    };
    if (PQstatus(connection) == CONNECTION_BAD) {
        const QString reason = firstLineOf(PQerrorMessage(connection));
        fail(reason, hintFor(reason));
    }
    const int seconds = timeoutFor(conninfo);
    const QDeadlineTimer deadline { std::chrono::seconds(seconds) };
    PostgresPollingStatusType status = PGRES_POLLING_WRITING;
    while (status != PGRES_POLLING_OK) {
        if (status == PGRES_POLLING_FAILED) {
            const QString reason = firstLineOf(PQerrorMessage(connection));
            fail(reason, hintFor(reason));
        }
        pollfd socket { PQsocket(connection), short(status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0 };
        const int ready = ::poll(&socket, 1, int(std::min<qint64>(100, deadline.remainingTime())));
        if (const std::atomic<bool>* cancel = g_connectCancel.load(); cancel && cancel->load()) {
            PQfinish(connection);
            throw Cancelled();
        }
        if (ready > 0 || socket.fd < 0 || (ready < 0 && errno != EINTR)) {
            status = PQconnectPoll(connection);
            continue;
        }
        if (deadline.hasExpired()) {
            const QString server = u"%1:%2"_s.arg(
                QString::fromUtf8(PQhost(connection)), QString::fromUtf8(PQport(connection)));
            fail(u"no answer from %1 within %2 s"_s.arg(server).arg(seconds),
                u"check that %1 is a running PostgreSQL server (not another program or a firewall holding "
                u"the port); "
                "on a slow network allow longer with --connect-timeout SECONDS or connect_timeout in the URI"_s
                    .arg(server));
        }
    }
    return connection;
}

// libpqxx's own connection, made by connectPolled.
class PolledConnect : public pqxx::connectionpolicy
{
public:
    explicit PolledConnect(const std::string& options)
        : pqxx::connectionpolicy(options)
    { }
    handle do_startconnect(handle orig) override { return orig ? orig : connectPolled(options()); }
};

using PqxxConnection = pqxx::basic_connection_base<PolledConnect>;

QString shortened(const QString& sql)
{
    QString oneLine = sql.simplified();
    if (oneLine.size() > 160)
        oneLine = oneLine.left(157) + u"..."_s;
    return oneLine;
}

} // namespace

struct PgResult::Impl
{
    pqxx::result result;
};

struct PgConnection::Impl
{
    std::unique_ptr<PqxxConnection> connection;
    std::unique_ptr<QuietNotices> notices;
};

PgResult::PgResult()
    : m_impl(std::make_shared<Impl>())
{ }

PgResult::PgResult(std::shared_ptr<const Impl> impl)
    : m_impl(std::move(impl))
{ }

int PgResult::rowCount() const { return int(m_impl->result.size()); }

int PgResult::columnCount() const { return int(m_impl->result.columns()); }

QString PgResult::columnName(int column) const
{
    return QString::fromUtf8(m_impl->result.column_name(pqxx::row::size_type(column)));
}

int PgResult::column(const char* name) const
{
    try {
        return int(m_impl->result.column_number(name));
    } catch (const std::exception&) {
        throw Error(u"the query result has no column \"%1\""_s.arg(QString::fromUtf8(name)));
    }
}

bool PgResult::isNull(int row, int column) const { return m_impl->result[row][column].is_null(); }

QString PgResult::text(int row, int column) const
{
    const auto field = m_impl->result[row][column];
    return QString::fromUtf8(field.c_str(), qsizetype(field.size()));
}

QByteArray PgResult::utf8(int row, int column) const
{
    const auto field = m_impl->result[row][column];
    return QByteArray(field.c_str(), qsizetype(field.size()));
}

qint64 PgResult::toInt64(int row, int column) const
{
    const auto field = m_impl->result[row][column];
    return field.is_null() ? 0 : field.as<long long>();
}

bool PgResult::toBool(int row, int column) const
{
    const auto field = m_impl->result[row][column];
    return !field.is_null() && field.as<bool>();
}

qint64 PgResult::affectedRows() const { return qint64(m_impl->result.affected_rows()); }

PgConnection::PgConnection(const QString& connectionString, const QString& label)
    : m_impl(std::make_unique<Impl>())
    , m_label(label)
{
    try {
        m_impl->connection = std::make_unique<PqxxConnection>(connectionString.toStdString());
    } catch (const Error& e) {
        if (e.isCancellation())
            throw Error(u"cancelled while connecting to %1"_s.arg(label), {}, e.sqlstate());
        throw;
    } catch (const ConnectFailed& e) {
        throw Error(u"cannot connect to %1: %2"_s.arg(label, e.reason), e.hint, u"08006"_s);
    } catch (const std::exception& e) {
        const QString reason = firstLineOf(e.what());
        throw Error(u"cannot connect to %1: %2"_s.arg(label, reason), hintFor(reason), u"08006"_s);
    }
    m_impl->notices = std::make_unique<QuietNotices>(*m_impl->connection);
    m_impl->connection->set_client_encoding("UTF8");
    // Staged values are compared and rendered in one fixed zone and style, whatever the server says.
    exec(u"SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET IntervalStyle = 'postgres'; "
         "SET extra_float_digits = 3"_s);
}

PgConnection::~PgConnection() = default;

void PgConnection::setConnectTimeout(int seconds)
{
    g_connectTimeout = seconds > 0 ? seconds : kDefaultConnectTimeout;
}

int PgConnection::connectTimeout() { return g_connectTimeout.load(); }

void PgConnection::setConnectCancel(const std::atomic<bool>* flag) { g_connectCancel = flag; }

void PgConnection::rethrow(const QString& sql) const
{
    try {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const pqxx::sql_error& e) {
        const QString state = QString::fromStdString(e.sqlstate());
        QString message = firstLineOf(e.what());
        if (!sql.isEmpty() && state != u"57014"_s)
            message += u"\n  in: "_s + shortened(sql);
        throw Error(u"%1: %2"_s.arg(m_label, message), {}, state);
    } catch (const pqxx::broken_connection& e) {
        throw Error(u"lost the connection to %1: %2"_s.arg(m_label, firstLineOf(e.what())),
            u"check that the server is still running, then retry"_s, u"08006"_s);
    } catch (const std::exception& e) {
        if (!m_impl->connection->is_open())
            throw Error(u"lost the connection to %1: %2"_s.arg(m_label, firstLineOf(e.what())),
                u"check that the server is still running, then retry"_s, u"08006"_s);
        throw Error(u"%1: %2"_s.arg(m_label, firstLineOf(e.what())));
    }
}

PgResult PgConnection::exec(const QString& sql)
{
    try {
        pqxx::nontransaction tx(*m_impl->connection);
        auto impl = std::make_shared<PgResult::Impl>();
        impl->result = tx.exec(sql.toStdString());
        return PgResult(std::move(impl));
    } catch (...) {
        rethrow(sql);
    }
}

PgResult PgConnection::exec(const QString& sql, const QList<SqlParam>& params)
{
    try {
        std::vector<std::optional<std::string>> values;
        values.reserve(size_t(params.size()));
        for (const SqlParam& param : params) {
            if (param.text())
                values.emplace_back(param.text()->toStdString());
            else
                values.emplace_back(std::nullopt);
        }
        pqxx::nontransaction tx(*m_impl->connection);
        auto impl = std::make_shared<PgResult::Impl>();
        impl->result = tx.exec_params(sql.toStdString(), pqxx::prepare::make_dynamic_params(values));
        return PgResult(std::move(impl));
    } catch (...) {
        rethrow(sql);
    }
}

void PgConnection::begin(const QString& mode)
{
    exec(mode.isEmpty() ? u"BEGIN"_s : u"BEGIN "_s + mode);
    m_inTransaction = true;
}

void PgConnection::commit()
{
    m_inTransaction = false;
    exec(u"COMMIT"_s);
}

void PgConnection::rollback() noexcept
{
    m_inTransaction = false;
    try {
        exec(u"ROLLBACK"_s);
    } catch (const std::exception&) {
        // A broken connection has nothing left to roll back.
    }
}

void PgConnection::copyOut(const QString& copyQuery, const std::function<void(const std::string&)>& reader)
{
    try {
        pqxx::nontransaction tx(*m_impl->connection);
        // stream_from pastes its argument after COPY: a quoted name, or a parenthesised query.
        pqxx::stream_from stream(tx, copyQuery.toStdString());
        std::string row;
        try {
            while (stream.get_raw_line(row))
                reader(row);
        } catch (...) {
            // Stop the server sending the rest; the stream's destructor drains what is under way.
            // A server that is gone cannot be cancelled: the first error is the one to report.
            try {
                m_impl->connection->cancel_query();
            } catch (const std::exception&) { }
            throw;
        }
        stream.complete();
    } catch (...) {
        rethrow(u"COPY "_s + copyQuery + u" TO STDOUT"_s);
    }
}

void PgConnection::decodeCopyText(const std::string& row, QByteArray& value)
{
    value.clear();
    value.reserve(qsizetype(row.size()));
    // The row may come with its newline (libpqxx versions differ); a newline in a value is escaped.
    const std::size_t size = !row.empty() && row.back() == '\n' ? row.size() - 1 : row.size();
    for (std::size_t i = 0; i < size; ++i) {
        char c = row[i];
        if (c == '\\' && i + 1 < size) {
            // COPY TO writes only these escapes; any other escaped character stands for itself.
            switch (c = row[++i]) {
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case 't':
                c = '\t';
                break;
            case 'v':
                c = '\v';
                break;
            default:
                break;
            }
        }
        value.append(c);
    }
}

void PgConnection::cancel()
{
    try {
        m_impl->connection->cancel_query();
    } catch (const std::exception&) {
        // Nothing running, or the connection is gone: nothing to cancel.
    }
}

QString PgConnection::quoteName(const QString& identifier) const
{
    return QString::fromStdString(m_impl->connection->quote_name(identifier.toStdString()));
}

QString PgConnection::quoteNames(const QStringList& identifiers) const
{
    QStringList quoted;
    quoted.reserve(identifiers.size());
    for (const QString& identifier : identifiers)
        quoted.append(quoteName(identifier));
    return quoted.join(u", "_s);
}

QString PgConnection::quoteLiteral(const QString& value) const
{
    return QString::fromStdString(m_impl->connection->quote(value.toStdString()));
}

int PgConnection::serverVersion() const { return m_impl->connection->server_version(); }

// pqxx 6.4's only public way to write raw COPY lines is the deprecated tablewriter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
struct PgCopyIn::Impl
{
    explicit Impl(pqxx::connection_base& connection, const std::string& target)
        : tx(connection)
        , writer(tx, target)
    { }
    pqxx::nontransaction tx;
    pqxx::tablewriter writer;
};

PgCopyIn::PgCopyIn(PgConnection& connection, const QString& target)
    : m_connection(connection)
{
    try {
        m_impl = std::make_unique<Impl>(*connection.m_impl->connection, target.toStdString());
    } catch (...) {
        connection.rethrow(u"COPY "_s + target + u" FROM STDIN"_s);
    }
}
#pragma GCC diagnostic pop

PgCopyIn::~PgCopyIn() = default;

void PgCopyIn::writeRow(const std::string& row)
{
    try {
        m_impl->writer.write_raw_line(row);
    } catch (...) {
        m_connection.rethrow({});
    }
}

void PgCopyIn::finish()
{
    try {
        m_impl->writer.complete();
        m_impl.reset(); // ends pqxx's transaction object: the connection takes other statements again
    } catch (...) {
        m_connection.rethrow({});
    }
}

struct LibpqQuoter::Impl
{
    PGconn* connection = nullptr;
};

LibpqQuoter::LibpqQuoter(const QString& connectionString)
    : m_impl(std::make_unique<Impl>())
{
    try {
        m_impl->connection = connectPolled(connectionString.toStdString());
    } catch (const ConnectFailed& e) {
        throw Error(u"cannot connect to staging to quote the script: %1"_s.arg(e.reason), e.hint);
    }
    PQsetClientEncoding(m_impl->connection, "UTF8");
}

LibpqQuoter::~LibpqQuoter()
{
    if (m_impl->connection)
        PQfinish(m_impl->connection);
}

QByteArray LibpqQuoter::literal(const QByteArray& utf8) const
{
    char* quoted = PQescapeLiteral(m_impl->connection, utf8.constData(), size_t(utf8.size()));
    if (!quoted)
        throw Error(u"libpq cannot quote a value: %1"_s.arg(firstLineOf(PQerrorMessage(m_impl->connection))),
            u"the value is not valid UTF-8"_s);
    QByteArray result(quoted);
    PQfreemem(quoted);
    return result;
}

QByteArray LibpqQuoter::identifier(const QByteArray& utf8) const
{
    char* quoted = PQescapeIdentifier(m_impl->connection, utf8.constData(), size_t(utf8.size()));
    if (!quoted)
        throw Error(
            u"libpq cannot quote an identifier: %1"_s.arg(firstLineOf(PQerrorMessage(m_impl->connection))));
    QByteArray result(quoted);
    PQfreemem(quoted);
    return result;
}

PgTransaction::PgTransaction(PgConnection& connection, const QString& mode)
    : m_connection(connection)
{
    m_connection.begin(mode);
}

PgTransaction::~PgTransaction()
{
    if (m_open)
        m_connection.rollback();
}

void PgTransaction::commit()
{
    m_open = false;
    m_connection.commit();
}

} // namespace pgr
