// SPDX-License-Identifier: GPL-3.0-or-later
#include "dumplexer.h"

#include "error.h"

#include <QRegularExpression>
#include <algorithm>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Characters that may continue an identifier (a '$' after one of them is not a dollar quote).
bool isIdentifierChar(char c) { return isWordChar(c) || c == '$' || static_cast<unsigned char>(c) >= 0x80; }

bool startsIdentifier(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
        || static_cast<unsigned char>(c) >= 0x80;
}

// The statement's first word is COPY (after blanks and comments).
bool startsWithCopy(QByteArrayView s)
{
    qsizetype i = 0;
    const qsizetype n = s.size();
    while (i < n) {
        if (isSpace(s[i])) {
            ++i;
        } else if (s[i] == '-' && i + 1 < n && s[i + 1] == '-') {
            i = s.indexOf('\n', i);
            if (i < 0)
                return false;
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            i = s.indexOf("*/", i + 2);
            if (i < 0)
                return false;
            i += 2;
        } else {
            break;
        }
    }
    return i + 4 <= n && s.sliced(i, 4).toByteArray().toUpper() == "COPY"
        && (i + 4 == n || !isWordChar(s[i + 4]));
}

} // namespace

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
        QByteArrayView content = line;
        while (!content.isEmpty() && (content.back() == '\n' || content.back() == '\r'))
            content.chop(1);
        if (content == "\\.")
            m_state = State::Between;
        return;
    }
    const qsizetype n = line.size();
    qsizetype i = 0;
    qsizetype segment = 0; // where this line's part of the current statement begins
    auto next = [&](qsizetype at) { return at + 1 < n ? line[at + 1] : '\0'; };
    while (i < n) {
        const char c = line[i];
        switch (m_state) {
        case State::Between:
            if (isSpace(c)) {
                ++i;
            } else if (c == '-' && next(i) == '-') {
                const QByteArrayView comment = line.sliced(i);
                if (comment.trimmed() == "-- PostgreSQL database dump complete")
                    m_complete = true;
                else if (comment.startsWith("-- Data for Name: "))
                    dataComment(comment);
                return;
            } else if (c == '\\') {
                m_pieces.append({ DumpPiece::Kind::MetaCommand, line.sliced(i).toByteArray(), m_lineNumber });
                return;
            } else {
                m_state = State::Statement;
                m_statement.clear();
                m_statementLine = m_lineNumber;
                m_parenDepth = 0;
                m_beginDepth = 0;
                m_identifierCount = 0;
                m_identifiers.fill('\0');
                segment = i;
            }
            break;
        case State::Statement:
            if (c == '\'') {
                // standard_conforming_strings is on: the checker refuses a dump that turns it off.
                m_backslashEscapes = i > 0 && (line[i - 1] == 'E' || line[i - 1] == 'e')
                    && (i < 2 || !isIdentifierChar(line[i - 2]));
                m_state = State::SingleQuote;
                ++i;
            } else if (c == '"') {
                m_state = State::DoubleQuote;
                ++i;
            } else if (c == '-' && next(i) == '-') {
                i = n; // a comment to the end of the line
            } else if (c == '/' && next(i) == '*') {
                m_state = State::BlockComment;
                m_commentDepth = 1;
                i += 2;
            } else if (c == '$' && (i == 0 || !isIdentifierChar(line[i - 1])) && startsDollarQuote(line, i)) {
                m_state = State::DollarQuote;
                i += m_dollarTag.size();
            } else if (c == '\\') {
                openStatementMetaCommand(line.sliced(i));
            } else if (c == '(') {
                ++m_parenDepth;
                ++i;
            } else if (c == ')') {
                if (m_parenDepth > 0)
                    --m_parenDepth;
                ++i;
            } else if (startsIdentifier(c) && (i == 0 || !isIdentifierChar(line[i - 1]))) {
                qsizetype end = i + 1;
                while (end < n && isIdentifierChar(line[end]))
                    ++end;
                identifier(line.sliced(i, end - i));
                i = end;
            } else if (c == ';' && (m_parenDepth > 0 || m_beginDepth > 0)) {
                ++i; // inside parentheses or a BEGIN ATOMIC … END body, as psql sees it
            } else if (c == ';') {
                ++i;
                m_statement.append(line.sliced(segment, i - segment));
                endStatement(line.sliced(i));
                if (m_state == State::CopyData)
                    return; // the data begins on the next line
                segment = i;
            } else {
                ++i;
            }
            break;
        case State::SingleQuote:
            if (c == '\\' && m_backslashEscapes) {
                i += 2;
            } else if (c == '\'') {
                if (next(i) == '\'') {
                    i += 2;
                } else {
                    m_state = State::Statement;
                    ++i;
                }
            } else {
                ++i;
            }
            break;
        case State::DoubleQuote:
            if (c == '"') {
                if (next(i) == '"') {
                    i += 2;
                } else {
                    m_state = State::Statement;
                    ++i;
                }
            } else {
                ++i;
            }
            break;
        case State::DollarQuote: {
            const qsizetype end = line.indexOf(m_dollarTag, i);
            if (end < 0) {
                i = n;
            } else {
                i = end + m_dollarTag.size();
                m_state = State::Statement;
            }
            break;
        }
        case State::BlockComment:
            if (c == '/' && next(i) == '*') {
                ++m_commentDepth;
                i += 2;
            } else if (c == '*' && next(i) == '/') {
                if (--m_commentDepth == 0)
                    m_state = State::Statement;
                i += 2;
            } else {
                ++i;
            }
            break;
        case State::CopyData:
            Q_UNREACHABLE();
        }
    }
    if (m_state != State::Between)
        m_statement.append(line.sliced(segment));
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

// $tag$ at line[at]: remembers the tag.
bool DumpLexer::startsDollarQuote(QByteArrayView line, qsizetype at)
{
    qsizetype end = at + 1;
    if (end < line.size() && startsIdentifier(line[end])) {
        ++end;
        while (end < line.size() && (startsIdentifier(line[end]) || (line[end] >= '0' && line[end] <= '9')))
            ++end;
    }
    if (end >= line.size() || line[end] != '$')
        return false;
    m_dollarTag = line.sliced(at, end + 1 - at).toByteArray();
    return true;
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
    while (end < text.size() && end < 40 && !isSpace(text[end]))
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
