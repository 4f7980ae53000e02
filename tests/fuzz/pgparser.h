// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// PostgreSQL's own parser (libpg_query, PostgreSQL 15's grammar) as the fuzzers' oracle: SQL that
// pgreconcile generates must parse, and the values it quoted must read back as they were.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <cstdio>
#include <cstdlib>
#include <pg_query.h>

namespace fuzz {

// Prints what went wrong and aborts: libFuzzer saves the input as a crash.
[[noreturn]] inline void fail(const char* what, const QByteArray& detail)
{
    std::fprintf(stderr, "\nFUZZ FAILURE: %s\n%s\n", what, detail.constData());
    std::fflush(stderr);
    std::abort();
}

struct Parsed
{
    bool ok = false;
    QByteArray error; // the parser's message when !ok
    QJsonObject tree;
};

inline Parsed parse(const QByteArray& sql)
{
    Parsed parsed;
    const PgQueryParseResult result = pg_query_parse(sql.constData());
    if (result.error) {
        parsed.error = result.error->message;
    } else {
        QJsonParseError jsonError;
        const QJsonDocument document = QJsonDocument::fromJson(result.parse_tree, &jsonError);
        if (jsonError.error != QJsonParseError::NoError)
            fail("libpg_query's parse tree is not JSON", sql + "\n" + result.parse_tree);
        parsed.ok = true;
        parsed.tree = document.object();
    }
    pg_query_free_parse_result(result);
    return parsed;
}

// Every string the tree holds: constants ({"sval": {"sval": …}}) and names ({"String": {"sval": …}}).
inline void collectStrings(const QJsonValue& value, QStringList& out)
{
    if (value.isArray()) {
        for (const QJsonValue& item : value.toArray())
            collectStrings(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("sval") && it.value().isString())
                out.append(it.value().toString());
            else
                collectStrings(it.value(), out);
        }
    }
}

inline QStringList strings(const QJsonObject& tree)
{
    QStringList out;
    collectStrings(tree, out);
    return out;
}

// PostgreSQL cuts names to NAMEDATALEN - 1 = 63 bytes, at a character boundary (a table or column
// cannot have a longer name, so what is quoted reads back cut).
inline QString truncatedName(const QString& name)
{
    QByteArray utf8 = name.toUtf8();
    if (utf8.size() <= 63)
        return name;
    qsizetype end = 63;
    while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80)
        --end;
    utf8.truncate(end);
    return QString::fromUtf8(utf8);
}

// The statements of the tree: a query that quoting broke open may parse as two.
inline qsizetype statementCount(const QJsonObject& tree)
{
    return tree.value(QLatin1String("stmts")).toArray().size();
}

} // namespace fuzz
