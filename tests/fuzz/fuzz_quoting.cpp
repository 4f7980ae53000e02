// SPDX-License-Identifier: GPL-3.0-or-later
// Literal and identifier quoting: what pgreconcile quotes must read back, through PostgreSQL's own
// parser, as exactly the value it was given, and nothing more.
//  - SelectionSql::quoteLiteral / quoteName (core/review/selection.cpp): filters and key ranges, sent to
//    staging.
//  - libpq's PQescapeLiteral / PQescapeIdentifier: what the merge script is quoted with
//    (LibpqQuoter in core/pg/pgconnection.cpp). LibpqQuoter itself needs a connection to staging;
//    the fuzzer calls the same two functions over a PGconn that never connected (libpq needs one
//    only for the client encoding: valid UTF-8 is quoted alike, and the input here always is).

#include "pgparser.h"
#include "selection.h"

#include <QString>
#include <cstdint>
#include <libpq-fe.h>

namespace {

// The adapters: the one place each quoting function is named.
QByteArray selectionLiteral(const QString& value) { return pgr::SelectionSql::quoteLiteral(value).toUtf8(); }
QByteArray selectionName(const QString& name) { return pgr::SelectionSql::quoteName(name).toUtf8(); }

PGconn* offlineConnection()
{
    static PGconn* connection = PQconnectStart("host=/nonexistent-pgreconcile-fuzz port=1 connect_timeout=1");
    return connection;
}

QByteArray scriptQuote(const QByteArray& utf8, bool identifier)
{
    char* quoted = identifier ? PQescapeIdentifier(offlineConnection(), utf8.constData(), size_t(utf8.size()))
                              : PQescapeLiteral(offlineConnection(), utf8.constData(), size_t(utf8.size()));
    if (!quoted)
        fuzz::fail("libpq refused to quote valid UTF-8", utf8);
    QByteArray result(quoted);
    PQfreemem(quoted);
    return result;
}

// The one expression of "SELECT <expression>".
QJsonObject selectedValue(const QByteArray& quoted, const char* what)
{
    const QByteArray sql = "SELECT " + quoted;
    const fuzz::Parsed parsed = fuzz::parse(sql);
    if (!parsed.ok)
        fuzz::fail(what, "does not parse: " + parsed.error + "\nSQL: " + sql);
    const QJsonArray statements = parsed.tree.value(u"stmts").toArray();
    const QJsonArray targets = statements.at(0)
                                   .toObject()
                                   .value(u"stmt")
                                   .toObject()
                                   .value(u"SelectStmt")
                                   .toObject()
                                   .value(u"targetList")
                                   .toArray();
    if (statements.size() != 1 || targets.size() != 1)
        fuzz::fail(what, "does not read back as one value\nSQL: " + sql);
    return targets.at(0).toObject().value(u"ResTarget").toObject().value(u"val").toObject();
}

void checkLiteral(const QByteArray& quoted, const QString& value, const char* what)
{
    const QJsonObject constant = selectedValue(quoted, what).value(u"A_Const").toObject();
    if (!constant.contains(u"sval"))
        fuzz::fail(what, "is not read back as a string constant\nSQL: SELECT " + quoted);
    const QString read = constant.value(u"sval").toObject().value(u"sval").toString();
    if (read != value)
        fuzz::fail(what,
            "reads back as another value\nSQL: SELECT " + quoted + "\nread: " + read.toUtf8()
                + "\nwant: " + value.toUtf8());
}

void checkName(const QByteArray& quoted, const QString& name, const char* what)
{
    const QJsonArray fields
        = selectedValue(quoted, what).value(u"ColumnRef").toObject().value(u"fields").toArray();
    const QString read = fields.at(0).toObject().value(u"String").toObject().value(u"sval").toString();
    if (fields.size() != 1 || read != fuzz::truncatedName(name))
        fuzz::fail(what,
            "reads back as another name\nSQL: SELECT " + quoted + "\nread: " + read.toUtf8()
                + "\nwant: " + name.toUtf8());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // Any bytes, read as UTF-8 as Qt reads a value (invalid sequences become U+FFFD): values in
    // pgreconcile are QStrings or server text, both valid UTF-8.
    const QString value = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    // PostgreSQL's text holds no NUL (the server refuses it in every value), and libpq's C strings end there.
    if (value.contains(QChar(0)))
        return 0;
    checkLiteral(selectionLiteral(value), value, "SelectionSql::quoteLiteral");
    checkLiteral(scriptQuote(value.toUtf8(), false), value, "PQescapeLiteral (the merge script's literals)");
    // A name is never empty in PostgreSQL ("zero-length delimited identifier").
    if (!value.isEmpty()) {
        checkName(selectionName(value), value, "SelectionSql::quoteName");
        checkName(scriptQuote(value.toUtf8(), true), value, "PQescapeIdentifier (the merge script's names)");
    }
    return 0;
}
