// SPDX-License-Identifier: GPL-3.0-or-later
#include "dumpcheck.h"

#include "error.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <optional>
#include <pg_query.h>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

const QString kNeverWritten = u"pg_dump never writes it"_s;

StatementVerdict refused(QString kind, QString reason = kNeverWritten)
{
    StatementVerdict verdict;
    verdict.action = StatementVerdict::Action::Refuse;
    verdict.kind = std::move(kind);
    verdict.reason = std::move(reason);
    return verdict;
}

StatementVerdict skipped(QString kind)
{
    StatementVerdict verdict;
    verdict.action = StatementVerdict::Action::Skip;
    verdict.kind = std::move(kind);
    return verdict;
}

QString stringValue(const QJsonValue& node)
{
    return node.toObject()[u"String"_s].toObject()[u"sval"_s].toString();
}

// An A_Const's value as text ("on", "42", "true"), or a null string for anything else.
QString constantText(const QJsonValue& node)
{
    const QJsonObject value = node.toObject()[u"A_Const"_s].toObject();
    if (value.isEmpty())
        return {};
    if (value.contains(u"sval"_s))
        return value[u"sval"_s].toObject()[u"sval"_s].toString(u""_s);
    if (value.contains(u"boolval"_s))
        return value[u"boolval"_s].toObject()[u"boolval"_s].toBool() ? u"true"_s : u"false"_s;
    if (value.contains(u"ival"_s))
        return QString::number(value[u"ival"_s].toObject()[u"ival"_s].toInteger());
    return u""_s;
}

bool isConstant(const QJsonValue& node)
{
    const QJsonObject object = node.toObject();
    if (object.contains(u"TypeCast"_s))
        return isConstant(object[u"TypeCast"_s].toObject()[u"arg"_s]);
    return object.contains(u"A_Const"_s);
}

bool isOidColumn(const QJsonValue& node)
{
    const QJsonArray fields = node.toObject()[u"ColumnRef"_s].toObject()[u"fields"_s].toArray();
    return fields.size() == 1 && stringValue(fields[0]) == u"oid"_s;
}

// pg_dump calls functions at the top level only to set the search path, sequences and large objects:
// "SELECT pg_catalog.setval('s', 42, true);". Anything else is a function call it never writes.
StatementVerdict selectStatement(const QJsonObject& select)
{
    const QJsonArray targets = select[u"targetList"_s].toArray();
    const QJsonObject call = targets.size() == 1
        ? targets[0].toObject()[u"ResTarget"_s].toObject()[u"val"_s].toObject()[u"FuncCall"_s].toObject()
        : QJsonObject();
    const QJsonArray name = call[u"funcname"_s].toArray();
    QString function = name.isEmpty() ? QString() : stringValue(name.last());
    const QString shown = name.size() == 2 ? stringValue(name[0]) + u'.' + function : function;
    const StatementVerdict refusal = refused(
        u"a top-level SELECT%1"_s.arg(function.isEmpty() ? QString() : u" of "_s + shown + u"()"_s),
        u"pg_dump calls only set_config('search_path', …), setval and the large-object functions at the top level"_s);
    if (call.isEmpty() || (name.size() == 2 && stringValue(name[0]) != u"pg_catalog"_s) || name.size() > 2)
        return refusal;
    static const QStringList allowed = { u"set_config"_s, u"setval"_s, u"lo_create"_s, u"lo_open"_s,
        u"lowrite"_s, u"lo_close"_s, u"lo_unlink"_s };
    if (!allowed.contains(function) || call.contains(u"agg_filter"_s) || call.contains(u"over"_s))
        return refusal;
    const QJsonArray arguments = call[u"args"_s].toArray();
    for (const QJsonValue& argument : arguments) {
        if (!isConstant(argument) && !(function == u"lo_unlink"_s && isOidColumn(argument)))
            return refusal;
    }
    // set_config('role', …) would be SET ROLE.
    if (function == u"set_config"_s
        && (arguments.isEmpty() || constantText(arguments[0]) != u"search_path"_s))
        return refusal;
    // --clean: SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '16401'
    QStringList keys = select.keys();
    keys.removeAll(u"targetList"_s);
    keys.removeAll(u"limitOption"_s);
    keys.removeAll(u"op"_s);
    if (function == u"lo_unlink"_s && keys.contains(u"fromClause"_s)) {
        const QJsonArray from = select[u"fromClause"_s].toArray();
        const QJsonObject where = select[u"whereClause"_s].toObject()[u"A_Expr"_s].toObject();
        if (from.size() != 1
            || from[0].toObject()[u"RangeVar"_s].toObject()[u"relname"_s] != u"pg_largeobject_metadata"_s
            || !isOidColumn(where[u"lexpr"_s]) || !isConstant(where[u"rexpr"_s]))
            return refusal;
        keys.removeAll(u"fromClause"_s);
        keys.removeAll(u"whereClause"_s);
    }
    return keys.isEmpty() ? StatementVerdict() : refusal;
}

StatementVerdict copyStatement(const QJsonObject& copy)
{
    const bool from = copy[u"is_from"_s].toBool();
    if (copy[u"is_program"_s].toBool())
        return refused(from ? u"COPY … FROM PROGRAM"_s : u"COPY … TO PROGRAM"_s);
    if (copy.contains(u"filename"_s))
        return refused(u"COPY to or from a server file"_s, u"pg_dump writes only COPY … FROM stdin"_s);
    if (!from)
        return refused(u"COPY … TO STDOUT"_s, u"pg_dump writes only COPY … FROM stdin"_s);
    StatementVerdict verdict;
    verdict.copyFromStdin = true;
    return verdict;
}

StatementVerdict setStatement(const QJsonObject& set)
{
    const QString name = set[u"name"_s].toString();
    const QString kind = set[u"kind"_s].toString();
    if (name == u"role"_s || name == u"session_authorization"_s)
        return skipped(u"SET ROLE"_s); // staging keeps its own role
    if (name == u"default_tablespace"_s)
        return skipped(u"SET default_tablespace"_s);
    // The lexer, like psql, reads strings as standard: a dump that turned it off would split otherwise.
    if (name == u"standard_conforming_strings"_s && kind == u"VAR_SET_VALUE"_s) {
        const QJsonArray arguments = set[u"args"_s].toArray();
        const QString value = arguments.size() == 1 ? constantText(arguments[0]).toLower() : QString();
        if (value != u"on"_s && value != u"true"_s)
            return refused(u"SET standard_conforming_strings = off"_s,
                u"pg_dump always writes \"on\"; strings with backslash escapes are not checked"_s);
    }
    return {};
}

QString objectType(const QJsonObject& statement, const QString& field) { return statement[field].toString(); }

StatementVerdict databaseDdl(QString kind, QString database)
{
    StatementVerdict verdict = skipped(std::move(kind));
    verdict.database = database.isEmpty() ? u"?"_s : std::move(database);
    return verdict;
}

// Ways out of the database or into the server that take no look at the statement's details.
std::optional<StatementVerdict> neverWrittenStatement(const QString& type)
{
    static const QHash<QString, QString> kinds = {
        { u"AlterRoleStmt"_s, u"ALTER ROLE"_s },
        { u"DropRoleStmt"_s, u"DROP ROLE"_s },
        { u"ReassignOwnedStmt"_s, u"REASSIGN OWNED"_s },
        { u"DropOwnedStmt"_s, u"DROP OWNED"_s },
        { u"AlterSystemStmt"_s, u"ALTER SYSTEM"_s },
        { u"CreateTableSpaceStmt"_s, u"CREATE TABLESPACE"_s },
        { u"DropTableSpaceStmt"_s, u"DROP TABLESPACE"_s },
        { u"AlterTableSpaceOptionsStmt"_s, u"ALTER TABLESPACE"_s },
        { u"AlterTableMoveAllStmt"_s, u"ALTER TABLESPACE"_s },
        { u"LoadStmt"_s, u"LOAD"_s },
        { u"DoStmt"_s, u"DO block"_s },
        { u"CallStmt"_s, u"CALL"_s },
        { u"CheckPointStmt"_s, u"CHECKPOINT"_s },
        { u"ExecuteStmt"_s, u"EXECUTE"_s },
        { u"PrepareStmt"_s, u"PREPARE"_s },
    };
    const auto kind = kinds.constFind(type);
    if (kind == kinds.constEnd())
        return std::nullopt;
    return refused(*kind);
}

// Roles: staging keeps its own, a dump may not make or change any.
std::optional<StatementVerdict> roleStatement(const QString& type, const QJsonObject& node)
{
    if (type == u"CreateRoleStmt"_s) {
        const QString which = node[u"stmt_type"_s].toString();
        return refused(which == u"ROLESTMT_USER"_s ? u"CREATE USER"_s
                : which == u"ROLESTMT_GROUP"_s     ? u"CREATE GROUP"_s
                                                   : u"CREATE ROLE"_s);
    }
    if (type == u"AlterRoleSetStmt"_s) {
        // pg_dump --create writes "ALTER ROLE r IN DATABASE d SET …" for the database's settings.
        if (node.contains(u"database"_s))
            return databaseDdl(u"ALTER ROLE … IN DATABASE"_s, node[u"database"_s].toString());
        return refused(u"ALTER ROLE … SET"_s);
    }
    if (type == u"GrantRoleStmt"_s)
        return refused(node[u"is_grant"_s].toBool() ? u"GRANT role TO role"_s : u"REVOKE role FROM role"_s);
    return std::nullopt;
}

// The database itself: pg_dump --create writes these for its own database, before \connect to it.
std::optional<StatementVerdict> databaseStatement(const QString& type, const QJsonObject& node)
{
    if (type == u"CreatedbStmt"_s)
        return databaseDdl(u"CREATE DATABASE"_s, node[u"dbname"_s].toString());
    if (type == u"DropdbStmt"_s)
        return databaseDdl(u"DROP DATABASE"_s, node[u"dbname"_s].toString());
    if (type == u"AlterDatabaseStmt"_s || type == u"AlterDatabaseSetStmt"_s
        || type == u"AlterDatabaseRefreshCollStmt"_s)
        return databaseDdl(u"ALTER DATABASE"_s, node[u"dbname"_s].toString());
    if (type == u"RenameStmt"_s) {
        const QString renamed = objectType(node, u"renameType"_s);
        if (renamed == u"OBJECT_DATABASE"_s)
            return refused(u"ALTER DATABASE … RENAME"_s);
        if (renamed == u"OBJECT_ROLE"_s)
            return refused(u"ALTER ROLE … RENAME"_s);
        if (renamed == u"OBJECT_TABLESPACE"_s)
            return refused(u"ALTER TABLESPACE"_s);
    }
    return std::nullopt;
}

// ALTER TABLE … OWNER TO alone is ownership; mixed with other changes it is not what pg_dump writes.
std::optional<StatementVerdict> alterTableStatement(const QJsonObject& node)
{
    const QJsonArray commands = node[u"cmds"_s].toArray();
    int owners = 0;
    for (const QJsonValue& command : commands)
        owners += command.toObject()[u"AlterTableCmd"_s].toObject()[u"subtype"_s] == u"AT_ChangeOwner"_s;
    if (owners > 0 && owners == commands.size())
        return skipped(u"OWNER TO"_s);
    if (owners > 0)
        return refused(u"ALTER TABLE with OWNER TO among other changes"_s);
    return StatementVerdict();
}

// Ownership, privileges, security labels and replication: pg_dump writes them, staging leaves them
// out (pg_restore's --no-owner, --no-privileges, --no-security-labels, --no-publications, …).
std::optional<StatementVerdict> ownershipStatement(const QString& type, const QJsonObject& node)
{
    if (type == u"AlterOwnerStmt"_s) {
        const QString object = objectType(node, u"objectType"_s);
        if (object == u"OBJECT_DATABASE"_s)
            return databaseDdl(u"ALTER DATABASE"_s, stringValue(node[u"object"_s]));
        if (object == u"OBJECT_TABLESPACE"_s)
            return refused(u"ALTER TABLESPACE"_s);
        return skipped(u"OWNER TO"_s);
    }
    if (type == u"AlterTableStmt"_s)
        return alterTableStatement(node);
    if (type == u"GrantStmt"_s || type == u"AlterDefaultPrivilegesStmt"_s)
        return skipped(u"GRANT"_s);
    if (type == u"SecLabelStmt"_s)
        return skipped(u"SECURITY LABEL"_s);
    if (type == u"CreatePublicationStmt"_s || type == u"AlterPublicationStmt"_s
        || type == u"CreateSubscriptionStmt"_s || type == u"AlterSubscriptionStmt"_s)
        return skipped(u"publication or subscription"_s);
    return std::nullopt;
}

std::optional<StatementVerdict> commentStatement(const QString& type, const QJsonObject& node)
{
    if (type != u"CommentStmt"_s)
        return std::nullopt;
    const QString object = objectType(node, u"objtype"_s);
    if (object == u"OBJECT_DATABASE"_s)
        return databaseDdl(u"COMMENT ON DATABASE"_s, stringValue(node[u"object"_s]));
    if (object == u"OBJECT_PUBLICATION"_s || object == u"OBJECT_SUBSCRIPTION"_s)
        return skipped(u"publication or subscription"_s);
    if (object == u"OBJECT_ROLE"_s || object == u"OBJECT_TABLESPACE"_s)
        return refused(u"COMMENT ON ROLE or TABLESPACE"_s);
    return std::nullopt;
}

// The verdict on one parsed statement: each family of rules in turn, the first that knows the
// statement decides; what none knows runs.
StatementVerdict judgeNode(const QString& type, const QJsonObject& node)
{
    // Ways out of the database or into the server: never in what pg_dump writes.
    if (type == u"CopyStmt"_s)
        return copyStatement(node);
    if (type == u"SelectStmt"_s)
        return selectStatement(node);
    if (type == u"VariableSetStmt"_s)
        return setStatement(node);
    for (const auto& family : { neverWrittenStatement(type), roleStatement(type, node),
             databaseStatement(type, node), ownershipStatement(type, node), commentStatement(type, node) }) {
        if (family)
            return *family;
    }
    StatementVerdict verdict;
    verdict.drop = type == u"DropStmt"_s;
    return verdict;
}

// The parse tree of one INSERT (a second statement would carry its "stmt_location").
bool isSingleInsert(const char* tree)
{
    const QByteArrayView json(tree);
    const qsizetype at = json.indexOf("\"stmts\":[{\"stmt\":{\"");
    return at >= 0 && json.sliced(at + 19).startsWith("InsertStmt\"") && !json.contains("\"stmt_location\"");
}

} // namespace

QList<StatementVerdict> judgeStatement(QByteArrayView sql)
{
    const QByteArray text = sql.toByteArray(); // NUL-terminated
    PgQueryParseResult result = pg_query_parse(text.constData());
    QList<StatementVerdict> verdicts;
    if (result.error) {
        StatementVerdict verdict = refused(u"a statement that does not parse"_s,
            u"PostgreSQL 15's grammar says: %1"_s.arg(QString::fromUtf8(result.error->message)));
        verdict.offset = std::max(0, result.error->cursorpos - 1);
        verdicts.append(verdict);
    } else if (isSingleInsert(result.parse_tree)) {
        verdicts.append(StatementVerdict()); // the bulk of a dump made with --inserts: no JSON to read
    } else {
        const QJsonArray statements
            = QJsonDocument::fromJson(result.parse_tree).object()[u"stmts"_s].toArray();
        for (const QJsonValue& entry : statements) {
            const QJsonObject statement = entry.toObject()[u"stmt"_s].toObject();
            const QString type = statement.isEmpty() ? QString() : statement.begin().key();
            StatementVerdict verdict = judgeNode(type, statement[type].toObject());
            verdict.offset = entry.toObject()[u"stmt_location"_s].toInt();
            verdicts.append(verdict);
        }
    }
    pg_query_free_parse_result(result);
    return verdicts;
}

PlainDumpChecker::PlainDumpChecker(QString dumpName, Origin origin)
    : m_dumpName(std::move(dumpName))
    , m_origin(origin)
    , m_lexer([](QByteArrayView statement) {
        const QList<StatementVerdict> verdicts = judgeStatement(statement);
        return verdicts.size() == 1 && verdicts[0].copyFromStdin;
    })
{ }

Error PlainDumpChecker::withName(const Error& error) const
{
    return Error(u"%1 %2"_s.arg(subject(), error.message()), error.hint());
}

QString PlainDumpChecker::subject() const
{
    return m_origin == Origin::Archive ? u"archive \"%1\" (its SQL as pg_restore writes it)"_s.arg(m_dumpName)
                                       : u"dump \"%1\""_s.arg(m_dumpName);
}

void PlainDumpChecker::feed(QByteArrayView data, QByteArray& out)
{
    try {
        m_lexer.feed(data);
    } catch (const Error& error) {
        throw withName(error);
    }
    process(out);
}

void PlainDumpChecker::finish(QByteArray& out)
{
    m_lexer.finish();
    if (!m_lexer.isComplete())
        return; // cut short: the caller says so, rather than quote the last, partial statement
    process(out);
    if (m_pendingDatabaseLine > 0)
        refuse(m_pendingDatabaseLine, m_pendingDatabaseKind,
            u"pg_dump writes it only with --create, followed by \\connect to that database"_s);
}

void PlainDumpChecker::process(QByteArray& out)
{
    const QList<DumpPiece> pieces = m_lexer.takePieces();
    for (const DumpPiece& each : pieces)
        piece(each, out);
}

void PlainDumpChecker::piece(const DumpPiece& piece, QByteArray& out)
{
    switch (piece.kind) {
    case DumpPiece::Kind::CopyData:
        write(piece.text, piece.line, true, out);
        break;
    case DumpPiece::Kind::MetaCommand:
        metaCommand(piece, out);
        break;
    case DumpPiece::Kind::Statement:
        statement(piece, out);
        break;
    }
}

void PlainDumpChecker::write(QByteArrayView text, qint64 line, bool run, QByteArray& out)
{
    if (line > m_outputLine) {
        out.append(QByteArray(line - m_outputLine, '\n'));
        m_outputLine = line;
    }
    const qint64 newlines = text.count('\n');
    if (run)
        out.append(text);
    else
        out.append(QByteArray(newlines, '\n'));
    m_outputLine += newlines;
}

void PlainDumpChecker::statement(const DumpPiece& piece, QByteArray& out)
{
    const QList<StatementVerdict> verdicts = judgeStatement(piece.text);
    bool run = false;
    bool skip = false;
    for (const StatementVerdict& verdict : verdicts) {
        qsizetype at = verdict.offset;
        while (at < piece.text.size() && QChar::isSpace(uchar(piece.text[at])))
            ++at;
        const qint64 line = piece.line + piece.text.first(std::min(at, piece.text.size())).count('\n');
        if (verdict.action == StatementVerdict::Action::Refuse)
            refuse(line, verdict.kind, verdict.reason);
        if (!verdict.database.isEmpty())
            databaseStatement(verdict, line);
        else if (m_pendingDatabaseLine > 0)
            refuse(m_pendingDatabaseLine, m_pendingDatabaseKind,
                u"pg_dump writes it only with --create, followed by \\connect to that database"_s);
        m_sawDrop = m_sawDrop || verdict.drop;
        (verdict.action == StatementVerdict::Action::Skip ? skip : run) = true;
    }
    if (run && skip)
        refuse(piece.line, u"statements to leave out and to run in one piece"_s,
            u"pg_dump writes one statement to a line"_s);
    write(piece.text, piece.line, run, out);
}

void PlainDumpChecker::databaseStatement(const StatementVerdict& verdict, qint64 line)
{
    if (m_ownDatabase.isEmpty() && !m_connected)
        m_ownDatabase = verdict.database;
    if (verdict.database != m_ownDatabase)
        refuse(line, verdict.kind,
            u"pg_dump writes it only with --create, for the dump's own database \"%1\""_s.arg(
                m_ownDatabase.isEmpty() ? u"(none)"_s : m_ownDatabase));
    if (!m_connected && m_pendingDatabaseLine == 0) {
        m_pendingDatabaseLine = line;
        m_pendingDatabaseKind = verdict.kind;
    }
}

void PlainDumpChecker::metaCommand(const DumpPiece& piece, QByteArray& out)
{
    // psql's command names: letters, or one other character (\!, \?).
    qsizetype end = 1;
    while (end < piece.text.size()
        && (QChar::isLetterOrNumber(uchar(piece.text[end])) || piece.text[end] == '_'))
        ++end;
    if (end == 1 && end < piece.text.size() && !QChar::isSpace(uchar(piece.text[end])))
        ++end;
    const QByteArray name = piece.text.sliced(1, end - 1);
    if (name == "restrict" || name == "unrestrict") {
        // pg_dump 17.6, 16.10, 15.14 and later guard the script with these. The restore puts psql
        // in restricted mode itself, with a key of its own (DumpRestorer): the dump's go.
        write(piece.text, piece.line, false, out);
    } else if ((name == "connect" || name == "c") && !m_connected) {
        // A dump made with --create connects to the database it created: staging stays in its own.
        m_connected = true;
        m_pendingDatabaseLine = 0;
        write(piece.text, piece.line, false, out);
    } else {
        QByteArray command = piece.text.trimmed();
        if (command.size() > 40)
            command = command.first(40) + "…";
        refuse(piece.line, u"the psql command \\%1"_s.arg(QString::fromUtf8(name)),
            name == "connect" || name == "c" ? u"pg_dump writes \\connect once, with --create"_s
                                             : kNeverWritten);
    }
}

void PlainDumpChecker::refuse(qint64 line, const QString& kind, const QString& reason) const
{
    const QString remake = u"restore only dumps made by pg_dump: make the dump again with pg_dump"_s;
    throw Error(u"%1 line %2: %3 is not allowed in a dump (%4); the dump was refused, nothing was "
                "loaded"_s.arg(subject())
                    .arg(line)
                    .arg(kind, reason),
        m_origin == Origin::Archive ? remake
                                    : remake
                + u", or, if you trust the file and it was edited by hand, remove that statement at line %1"_s
                      .arg(line));
}

QByteArray checkPlainDump(QByteArrayView dump, const QString& dumpName)
{
    PlainDumpChecker checker(dumpName);
    QByteArray out;
    checker.feed(dump, out);
    checker.finish(out);
    return out;
}

} // namespace pgr
