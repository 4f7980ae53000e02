// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <array>
#include <functional>

namespace pgr {

// One piece of a plain SQL dump, as psql reads it.
struct DumpPiece
{
    enum class Kind
    {
        Statement, // SQL from its first character through the ';' that ends it (or the end of the file)
        CopyData, // lines of data after COPY … FROM stdin, through the "\." line; a long block comes in parts
        MetaCommand // a psql command ("\connect db"), the rest of its line
    };
    Kind kind = Kind::Statement;
    QByteArray text;
    qint64 line = 0; // the line of the file on which it begins, from 1
};

// Cuts a plain dump into statements, COPY data and psql commands, with their line numbers, fed
// chunk by chunk (a dump may be larger than memory). It does not judge SQL: it follows quotes,
// dollar quotes, comments, parentheses and BEGIN ATOMIC bodies only as far as needed to find
// the ';' where psql sends a statement, and where COPY data and psql commands begin, which SQL's
// grammar does not know. The statements are judged by PostgreSQL's parser (dumpcheck.h); COPY data
// is never parsed.
//
// copyDataFollows is asked about each statement that begins with COPY: whether psql then reads
// data lines until "\." (COPY … FROM stdin).
class DumpLexer
{
public:
    using CopyDataFollows = std::function<bool(QByteArrayView statement)>;
    explicit DumpLexer(CopyDataFollows copyDataFollows);

    // Throws pgr::Error (without the file's name: the caller adds it) when a psql command turns up
    // inside a statement that is still open: the dump is damaged.
    void feed(QByteArrayView data);
    // The end of the input: an unterminated last statement becomes a piece (psql runs it too).
    void finish();
    QList<DumpPiece> takePieces() { return std::exchange(m_pieces, {}); }

    // pg_dump ends every plain dump with a closing comment: without it the file was cut short.
    bool isComplete() const { return m_complete && m_state == State::Between; }
    // Tables whose data began since the last call, from pg_dump's "-- Data for Name:" comments.
    QStringList takeStartedTables() { return std::exchange(m_startedTables, {}); }
    qint64 lineCount() const { return m_lineNumber; }

private:
    enum class State
    {
        Between,
        Statement,
        SingleQuote,
        DoubleQuote,
        DollarQuote,
        BlockComment,
        CopyData
    };

    void processLine(QByteArrayView line);
    qsizetype scanBetween(QByteArrayView line, qsizetype at, qsizetype& segment);
    qsizetype scanStatement(QByteArrayView line, qsizetype at, qsizetype& segment);
    void beginStatement();
    void dataComment(QByteArrayView comment);
    void identifier(QByteArrayView word);
    [[noreturn]] void openStatementMetaCommand(QByteArrayView text) const;
    void endStatement(QByteArrayView restOfLine);
    void appendCopyData(QByteArrayView line);

    CopyDataFollows m_copyDataFollows;
    QList<DumpPiece> m_pieces;
    QByteArray m_partialLine;
    QByteArray m_statement;
    QByteArray m_dollarTag;
    State m_state = State::Between;
    int m_commentDepth = 0;
    qint64 m_lineNumber = 0;
    qint64 m_statementLine = 0;
    int m_parenDepth = 0;
    int m_beginDepth = 0;
    qsizetype m_identifierCount = 0;
    std::array<char, 4> m_identifiers {};
    bool m_backslashEscapes = false;
    bool m_complete = false;
    bool m_sawDataComments = false;
    QStringList m_startedTables;
};

} // namespace pgr
