// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

// The one adapter over libpqxx: nothing outside this file pair includes a pqxx header, so moving
// to libpqxx 7 touches only here. One PgConnection per thread; cancel() alone may be called from
// another thread.

namespace pgr {

// A query parameter in text form, or SQL NULL.
class SqlParam
{
public:
    SqlParam(std::nullopt_t) { }
    SqlParam(const QString& text)
        : m_text(text.toUtf8())
    { }
    SqlParam(const char16_t* text)
        : SqlParam(QString::fromUtf16(text))
    { }
    SqlParam(qint64 number)
        : m_text(QByteArray::number(number))
    { }
    SqlParam(int number)
        : m_text(QByteArray::number(number))
    { }
    SqlParam(bool flag)
        : m_text(flag ? "t" : "f")
    { }
    // NULL for an empty text: an optional column left unset.
    static SqlParam nullIfEmpty(const QString& text)
    {
        return text.isEmpty() ? SqlParam(std::nullopt) : text;
    }

    const std::optional<QByteArray>& text() const { return m_text; }

private:
    std::optional<QByteArray> m_text;
};

class PgResult
{
public:
    PgResult();
    int rowCount() const;
    int columnCount() const;
    QString columnName(int column) const;
    // Index of a column by name; throws pgr::Error when absent.
    int column(const char* name) const;
    bool isNull(int row, int column) const;
    QString text(int row, int column) const;
    QByteArray utf8(int row, int column) const;
    qint64 toInt64(int row, int column) const;
    bool toBool(int row, int column) const;
    // Rows touched by INSERT/UPDATE/DELETE.
    qint64 affectedRows() const;

    struct Impl;

private:
    friend class PgConnection;
    explicit PgResult(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> m_impl;
};

class PgConnection
{
public:
    // label names the server in every error ("staging", "source", …).
    PgConnection(const QString& connectionString, const QString& label);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    const QString& label() const { return m_label; }

    // How long a connection may take to be made when its connection string sets no
    // connect_timeout; for every connection of the process (and, through PGCONNECT_TIMEOUT,
    // its client programs). 0 or less restores the default.
    static constexpr int kDefaultConnectTimeout = 10;
    static void setConnectTimeout(int seconds);
    static int connectTimeout();
    // A flag (Ctrl+C's) that ends any connection attempt under way with pgr::Cancelled.
    static void setConnectCancel(const std::atomic<bool>* flag);

    // Simple query protocol: several statements separated by semicolons are allowed.
    PgResult exec(const QString& sql);
    // Extended protocol with text parameters $1, $2, …
    PgResult exec(const QString& sql, const QList<SqlParam>& params);

    // Transactions are explicit statements; PgTransaction below is the usual way to use them.
    void begin(const QString& mode = {});
    void commit();
    void rollback() noexcept;
    bool inTransaction() const { return m_inTransaction; }

    // COPY in text form, line by line, without interpreting the rows. copyQuery is everything
    // between COPY and TO STDOUT / FROM STDIN (a quoted table with a column list, or "(SELECT …)").
    // The reader gets one row (without its newline) at a time. An exception from the reader
    // cancels the COPY on the server and leaves the connection usable.
    void copyOut(const QString& copyQuery, const std::function<void(const std::string& row)>& reader);
    // The value of a one-column row of copyOut, its COPY text escapes (\\, \t, \n …) undone.
    static void decodeCopyText(const std::string& row, QByteArray& value);

    // Thread-safe: asks the server to cancel what this connection is running now.
    void cancel();

    QString quoteName(const QString& identifier) const;
    // "a", "B c": each name quoted, joined by commas (a column list, a key).
    QString quoteNames(const QStringList& identifiers) const;
    QString quoteLiteral(const QString& value) const;
    int serverVersion() const;

    struct Impl;

private:
    friend class PgCopyIn;
    [[noreturn]] void rethrow(const QString& sql) const;
    std::unique_ptr<Impl> m_impl;
    QString m_label;
    bool m_inTransaction = false;
};

// COPY … FROM STDIN, row by row in COPY's text format. Call finish() to complete it; a writer
// destroyed without finish() leaves rows that the enclosing transaction must roll back.
class PgCopyIn
{
public:
    // target: a quoted table name, optionally followed by a quoted column list.
    PgCopyIn(PgConnection& connection, const QString& target);
    ~PgCopyIn();
    PgCopyIn(const PgCopyIn&) = delete;
    PgCopyIn& operator=(const PgCopyIn&) = delete;
    void writeRow(const std::string& row);
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    PgConnection& m_connection;
};

// Quotes exactly as libpq does (PQescapeLiteral, PQescapeIdentifier), over a connection of its
// own, for SQL that leaves pgreconcile: the merge script. A literal with a backslash comes out as
// E'…', valid whatever standard_conforming_strings says where the script runs.
class LibpqQuoter
{
public:
    explicit LibpqQuoter(const QString& connectionString);
    ~LibpqQuoter();
    LibpqQuoter(const LibpqQuoter&) = delete;
    LibpqQuoter& operator=(const LibpqQuoter&) = delete;
    QByteArray literal(const QByteArray& utf8) const;
    QByteArray identifier(const QByteArray& utf8) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Rolls back on scope exit unless commit() was called.
class PgTransaction
{
public:
    explicit PgTransaction(PgConnection& connection, const QString& mode = {});
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    void commit();

private:
    PgConnection& m_connection;
    bool m_open = true;
};

} // namespace pgr
