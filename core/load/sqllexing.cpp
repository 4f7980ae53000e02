// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqllexing.h"

namespace pgr {

namespace {

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char charAfter(QByteArrayView line, qsizetype at) { return at + 1 < line.size() ? line[at + 1] : '\0'; }

} // namespace

bool isSqlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool isIdentifierChar(char c) { return isWordChar(c) || c == '$' || static_cast<unsigned char>(c) >= 0x80; }

bool startsIdentifier(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
        || static_cast<unsigned char>(c) >= 0x80;
}

bool beginsWord(QByteArrayView line, qsizetype at)
{
    return startsIdentifier(line[at]) && (at == 0 || !isIdentifierChar(line[at - 1]));
}

bool startsWithCopy(QByteArrayView s)
{
    qsizetype i = 0;
    const qsizetype n = s.size();
    while (i < n) {
        if (isSqlSpace(s[i])) {
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

bool endsCopyData(QByteArrayView line)
{
    while (!line.isEmpty() && (line.back() == '\n' || line.back() == '\r'))
        line.chop(1);
    return line == "\\.";
}

bool opensEscapeString(QByteArrayView line, qsizetype at)
{
    return at > 0 && (line[at - 1] == 'E' || line[at - 1] == 'e')
        && (at < 2 || !isIdentifierChar(line[at - 2]));
}

QByteArray dollarQuoteTagAt(QByteArrayView line, qsizetype at)
{
    if (at >= line.size() || line[at] != '$' || (at > 0 && isIdentifierChar(line[at - 1])))
        return {};
    qsizetype end = at + 1;
    if (end < line.size() && startsIdentifier(line[end])) {
        ++end;
        while (end < line.size() && (startsIdentifier(line[end]) || (line[end] >= '0' && line[end] <= '9')))
            ++end;
    }
    if (end >= line.size() || line[end] != '$')
        return {};
    return line.sliced(at, end + 1 - at).toByteArray();
}

QuotedEnd endOfQuoted(QByteArrayView line, qsizetype from, char quote, bool backslashEscapes)
{
    qsizetype i = from;
    while (i < line.size()) {
        if (line[i] == '\\' && backslashEscapes)
            i += 2;
        else if (line[i] == quote && charAfter(line, i) == quote)
            i += 2; // a doubled quote stands for itself
        else if (line[i] == quote)
            return { i + 1, true };
        else
            ++i;
    }
    return { line.size(), false };
}

qsizetype endOfBlockComment(QByteArrayView line, qsizetype from, int& depth)
{
    qsizetype i = from;
    while (i < line.size()) {
        if (line[i] == '/' && charAfter(line, i) == '*') {
            ++depth;
            i += 2;
        } else if (line[i] == '*' && charAfter(line, i) == '/') {
            i += 2;
            if (--depth == 0)
                return i;
        } else {
            ++i;
        }
    }
    return line.size();
}

} // namespace pgr
