// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace pgr {

// The lexical rules of SQL text as psql reads a dump (psqlscan.l), one line at a time: the pieces
// DumpLexer is made of. Pure functions of the text; positions are byte offsets into the line.

bool isSqlSpace(char c);
// Characters that may continue an identifier (a '$' after one of them is not a dollar quote).
bool isIdentifierChar(char c);
bool startsIdentifier(char c);
// line[at] begins a word: it starts an identifier and does not continue one.
bool beginsWord(QByteArrayView line, qsizetype at);

// The statement's first word is COPY (after blanks and comments).
bool startsWithCopy(QByteArrayView statement);
// The "\." line that ends a COPY's data (with its line ending or without).
bool endsCopyData(QByteArrayView line);
// The quote at line[at] opens an escape string, E'…', in which a backslash escapes the next character.
bool opensEscapeString(QByteArrayView line, qsizetype at);
// The "$tag$" or "$$" that opens a dollar quote at line[at], or an empty array.
QByteArray dollarQuoteTagAt(QByteArrayView line, qsizetype at);

// Inside a string or quoted identifier that quote closes ('\'' or '"'), from line[from]: where
// the closing quote ends (a doubled quote does not close), or line.size() when the line ends
// first.
struct QuotedEnd
{
    qsizetype at = 0;
    bool closed = false;
};
QuotedEnd endOfQuoted(QByteArrayView line, qsizetype from, char quote, bool backslashEscapes);
// Inside a block comment of the given depth (comments nest), from line[from]: where it ends, or
// line.size() with depth left above 0.
qsizetype endOfBlockComment(QByteArrayView line, qsizetype from, int& depth);

} // namespace pgr
