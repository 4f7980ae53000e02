// SPDX-License-Identifier: GPL-3.0-or-later
#include "dumplexer.h"

#include "error.h"
#include "sqllexing.h"

#include <QRegularExpression>
#include <algorithm>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

DumpLexer::DumpLexer(CopyDataFollows copyDataFollows)
    : m_copyDataFollows(std::move(copyDataFollows))
{ }

void DumpLexer::feed(QByteArrayView data)
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = data.indexOf('\n', start);
        if (newline < 0) {
            m_partialLine.append(data.sliced(start));
            return;
        }
        const QByteArrayView line = data.sliced(start, newline + 1 - start);
        if (m_partialLine.isEmpty()) {
            processLine(line);
        } else {
            m_partialLine.append(line);
            processLine(m_partialLine);
            m_partialLine.clear();
        }
        start = newline + 1;
    }
}

void DumpLexer::finish()
{
    if (!m_partialLine.isEmpty()) {
        const QByteArray last = std::exchange(m_partialLine, {});
        processLine(last);
    }
    if (m_state != State::Between && m_state != State::CopyData && !m_statement.trimmed().isEmpty())
        m_pieces.append({ DumpPiece::Kind::Statement, m_statement, m_statementLine });
    m_statement.clear();
}

void DumpLexer::appendCopyData(QByteArrayView line)
{
    if (line.isEmpty())
        return;
    // A block's lines of one chunk make one piece: data is passed on as it comes, never held whole.
    if (!m_pieces.isEmpty() && m_pieces.back().kind == DumpPiece::Kind::CopyData)
        m_pieces.back().text.append(line);
    else
        m_pieces.append({ DumpPiece::Kind::CopyData, line.toByteArray(), m_lineNumber });
}

void DumpLexer::processLine(QByteArrayView line)
{
    ++m_lineNumber;
    if (m_state == State::CopyData) {
        appendCopyData(line);
        if (endsCopyData(line))
            m_state = State::Between;
        return;
    }
    qsizetype at = 0;
    qsizetype segment = 0; // where this line's part of the current statement begins
    while (at < line.size() && m_state != State::CopyData) {
        switch (m_state) {
        case State::Between:
            at = scanBetween(line, at, segment);
            break;
        case State::Statement:
            at = scanStatement(line, at, segment);
            break;
        case State::SingleQuote:
        case State::DoubleQuote: {
            const bool single = m_state == State::SingleQuote;
            const QuotedEnd end = endOfQuoted(line, at, single ? '\'' : '"', single && m_backslashEscapes);
            if (end.closed)
                m_state = State::Statement;
            at = end.at;
            break;
        }
        case State::DollarQuote: {
            const qsizetype end = line.indexOf(m_dollarTag, at);
            if (end >= 0)
                m_state = State::Statement;
            at = end < 0 ? line.size() : end + m_dollarTag.size();
            break;
        }
        case State::BlockComment:
            at = endOfBlockComment(line, at, m_commentDepth);
            if (m_commentDepth == 0)
                m_state = State::Statement;
            break;
        case State::CopyData:
            Q_UNREACHABLE();
        }
    }
    // The data of a COPY begins on the next line; what followed its ';' went with it.
    if (m_state != State::Between && m_state != State::CopyData)
        m_statement.append(line.sliced(segment));
}

// Between statements: blanks, a comment line, a psql command, or the first character of a statement.
qsizetype DumpLexer::scanBetween(QByteArrayView line, qsizetype at, qsizetype& segment)
{
    const char c = line[at];
    if (isSqlSpace(c))
        return at + 1;
    if (c == '-' && at + 1 < line.size() && line[at + 1] == '-') {
        const QByteArrayView comment = line.sliced(at);
        if (comment.trimmed() == "-- PostgreSQL database dump complete")
            m_complete = true;
        else if (comment.startsWith("-- Data for Name: "))
            dataComment(comment);
        return line.size();
    }
    if (c == '\\') {
        m_pieces.append({ DumpPiece::Kind::MetaCommand, line.sliced(at).toByteArray(), m_lineNumber });
        return line.size();
    }
    beginStatement();
    segment = at;
    return at; // read again, as the statement's first character
}

void DumpLexer::beginStatement()
{
    m_state = State::Statement;
    m_statement.clear();
    m_statementLine = m_lineNumber;
    m_parenDepth = 0;
    m_beginDepth = 0;
    m_identifierCount = 0;
    m_identifiers.fill('\0');
}

// Inside a statement, outside quotes and comments: one character or word, or the ';' that ends it.
qsizetype DumpLexer::scanStatement(QByteArrayView line, qsizetype at, qsizetype& segment)
{
    const char c = line[at];
    const char after = at + 1 < line.size() ? line[at + 1] : '\0';
    if (c == '\'') {
        // standard_conforming_strings is on: the checker refuses a dump that turns it off.
        m_backslashEscapes = opensEscapeString(line, at);
        m_state = State::SingleQuote;
    } else if (c == '"') {
        m_state = State::DoubleQuote;
    } else if (c == '-' && after == '-') {
        return line.size(); // a comment to the end of the line
    } else if (c == '/' && after == '*') {
        m_state = State::BlockComment;
        m_commentDepth = 1;
        return at + 2;
    } else if (const QByteArray tag = c == '$' ? dollarQuoteTagAt(line, at) : QByteArray(); !tag.isEmpty()) {
        m_state = State::DollarQuote;
        m_dollarTag = tag;
        return at + tag.size();
    } else if (c == '\\') {
        openStatementMetaCommand(line.sliced(at));
    } else if (c == '(') {
        ++m_parenDepth;
    } else if (c == ')') {
        m_parenDepth = std::max(0, m_parenDepth - 1);
    } else if (beginsWord(line, at)) {
        qsizetype end = at + 1;
        while (end < line.size() && isIdentifierChar(line[end]))
            ++end;
        identifier(line.sliced(at, end - at));
        return end;
    } else if (c == ';' && m_parenDepth == 0 && m_beginDepth == 0) {
        // (Inside parentheses or a BEGIN ATOMIC … END body, as psql sees it, a ';' ends nothing.)
        m_statement.append(line.sliced(segment, at + 1 - segment));
        endStatement(line.sliced(at + 1));
        segment = at + 1;
    }
    return at + 1;
}

// pg_dump heads each table's data with "-- Data for Name: t; Type: TABLE DATA; Schema: s; …",
// whether COPY or INSERT statements follow.
void DumpLexer::dataComment(QByteArrayView comment)
{
    static const QRegularExpression header(u"^-- Data for Name: (.*); Type: TABLE DATA; Schema: (.*?);"_s);
    const auto match = header.match(QString::fromUtf8(comment));
    if (!match.hasMatch())
        return;
    m_sawDataComments = true;
    m_startedTables.append(u'"' + match.captured(2) + u'.' + match.captured(1) + u'"');
}

// psql's heuristic for the body of CREATE FUNCTION … BEGIN ATOMIC … END, whose semicolons do
// not end the statement (psqlscan.l): followed to the letter so that both split alike.
void DumpLexer::identifier(QByteArrayView word)
{
    static const QByteArrayView tracked[] = { "create", "function", "procedure", "or", "replace" };
    const QByteArray lower = word.toByteArray().toLower();
    if (m_identifierCount < qsizetype(m_identifiers.size())
        && std::find(std::begin(tracked), std::end(tracked), QByteArrayView(lower)) != std::end(tracked))
        m_identifiers[m_identifierCount] = lower[0];
    ++m_identifierCount;
    const auto& id = m_identifiers;
    const bool createsRoutine = id[0] == 'c'
        && (id[1] == 'f' || id[1] == 'p' || (id[1] == 'o' && id[2] == 'r' && (id[3] == 'f' || id[3] == 'p')));
    if (!createsRoutine || m_parenDepth != 0)
        return;
    if (lower == "begin")
        ++m_beginDepth;
    else if (lower == "case" && m_beginDepth >= 1)
        ++m_beginDepth;
    else if (lower == "end" && m_beginDepth > 0)
        --m_beginDepth;
}

void DumpLexer::openStatementMetaCommand(QByteArrayView text) const
{
    qsizetype end = 1;
    while (end < text.size() && end < 40 && !isSqlSpace(text[end]))
        ++end;
    const QByteArrayView command = text.first(end);
    throw Error(u"line %1: the statement that begins at line %2 is still open (an unbalanced parenthesis or "
                "quote?) where the psql command \"%3\" follows; the dump is damaged"_s.arg(m_lineNumber)
                    .arg(m_statementLine)
                    .arg(QString::fromUtf8(command)),
        u"make the dump again with pg_dump; if the file was edited by hand, check it near line %1"_s.arg(
            m_statementLine));
}

void DumpLexer::endStatement(QByteArrayView restOfLine)
{
    const bool copy = startsWithCopy(m_statement) && m_copyDataFollows && m_copyDataFollows(m_statement);
    m_pieces.append({ DumpPiece::Kind::Statement, std::exchange(m_statement, {}), m_statementLine });
    m_state = State::Between;
    if (!copy)
        return;
    m_state = State::CopyData;
    if (!m_sawDataComments) {
        static const QRegularExpression table(u"^\\s*COPY\\s+((?:\"(?:[^\"]|\"\")*\"|[^\\s(\"])+)"_s,
            QRegularExpression::CaseInsensitiveOption);
        m_startedTables.append(table.match(QString::fromUtf8(m_pieces.back().text.left(1000))).captured(1));
    }
    // psql reads the data from the next line; what follows the ';' on this one is passed on as it is.
    appendCopyData(restOfLine);
}

} // namespace pgr
