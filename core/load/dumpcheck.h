// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dumplexer.h"
#include "error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace pgr {

// What the restore does with one statement of a plain dump, judged by PostgreSQL 15's own grammar
// (libpg_query): a dump is untrusted input.
struct StatementVerdict
{
    enum class Action
    {
        Run,
        Skip, // what pg_dump writes but staging leaves out: ownership, privileges, tablespaces, …
        Refuse // what pg_dump never writes; the whole dump is refused
    };
    Action action = Action::Run;
    QString kind; // "COPY … TO PROGRAM", "CREATE ROLE", "psql command \!", …
    QString reason; // Refuse: why pg_dump never writes it, or the parser's error
    qsizetype offset = 0; // where in the piece's text the statement begins
    bool copyFromStdin = false; // COPY … FROM stdin: data lines follow
    bool drop = false; // a DROP statement (a dump made with --clean)
    QString database; // the database that database DDL names
};

// The verdicts on the statements of one piece of SQL (a piece may hold several for the parser).
// A piece that does not parse gets one Refuse verdict. Pure: no server.
QList<StatementVerdict> judgeStatement(QByteArrayView sql);

// Checks a plain dump piece by piece (DumpLexer) and writes what psql is to run: skipped
// statements and psql commands become their newlines, so that psql's line numbers stay the
// file's. Throws pgr::Error naming the line and the statement's kind for what it refuses:
// "dump "NAME" line 12: COPY … TO PROGRAM is not allowed in a dump (…); the dump was refused, nothing
// was loaded".
class PlainDumpChecker
{
public:
    // What is checked: a plain dump, or the SQL pg_restore writes out of an archive (whose line
    // numbers are the written SQL's, not the file's).
    enum class Origin
    {
        PlainDump,
        Archive
    };
    explicit PlainDumpChecker(QString dumpName, Origin origin = Origin::PlainDump);

    // Appends psql's input for data to out.
    void feed(QByteArrayView data, QByteArray& out);
    // The end of the file.
    void finish(QByteArray& out);

    bool isComplete() const { return m_lexer.isComplete(); }
    bool sawDrop() const { return m_sawDrop; }
    QStringList takeStartedTables() { return m_lexer.takeStartedTables(); }

private:
    void process(QByteArray& out);
    void piece(const DumpPiece& piece, QByteArray& out);
    void statement(const DumpPiece& piece, QByteArray& out);
    void metaCommand(const DumpPiece& piece, QByteArray& out);
    void databaseStatement(const StatementVerdict& verdict, qint64 line);
    void write(QByteArrayView text, qint64 line, bool run, QByteArray& out);
    [[noreturn]] void refuse(qint64 line, const QString& kind, const QString& reason) const;
    Error withName(const Error& error) const;
    QString subject() const; // dump "NAME", or archive "NAME" (its SQL as pg_restore writes it)

    QString m_dumpName;
    Origin m_origin;
    DumpLexer m_lexer;
    qint64 m_outputLine = 1;
    bool m_sawDrop = false;
    // pg_dump --create writes DROP/CREATE/ALTER DATABASE of the dump's database, then \connect to it.
    QString m_ownDatabase;
    qint64 m_pendingDatabaseLine = 0; // database DDL not yet followed by \connect
    QString m_pendingDatabaseKind;
    bool m_connected = false;
};

// The whole of a plain dump in memory: psql's input, or pgr::Error for a refusal (for tests and
// fuzzing).
QByteArray checkPlainDump(QByteArrayView dump, const QString& dumpName = QStringLiteral("dump"));

} // namespace pgr
