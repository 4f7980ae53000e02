// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptwriter.h"

#include "error.h"
#include "interruptedwork.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "project.h"
#include "review.h"
#include "settings.h"
#include "staging.h"
#include "triggers.h"
#include "vocabulary.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryFile>
#include <future>
#include <memory>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

struct Column
{
    QString name;
    QString type; // the target's own type, for casts
    QString identity;
    QString sequence;
    bool inSource = true;
};

struct ForeignKey
{
    QString name;
    QStringList columns;
    QString refTable; // schema.table
    QStringList refColumns;
    bool deferrable = false;
    QString
        onDelete; // pg_constraint.confdeltype: a no action, r restrict, c cascade, n set null, d set default
};

// A foreign key of another table (or of the table itself) that points at a table's rows and
// whose ON DELETE action changes the rows pointing at a deleted one.
struct Table;
struct Reference
{
    const Table* child = nullptr;
    ForeignKey key;
};

struct Table
{
    int id = 0;
    QString name; // schema.table
    QString schema;
    QString table;
    QString staged;
    QStringList key; // empty: keyless
    QList<Column> columns;
    QList<ForeignKey> foreignKeys;
    bool hasIdentity = false;
    // The key column a re-keyed row takes a fresh value in (ReviewTable::freshKeyColumn): the
    // single key column, or a composite key's one sequence-fed column; pg_temp.pgr_rekey maps its
    // old values to new ones.
    QString freshKeyColumn;
    bool rekeyed = false; // some of its rows are re-keyed
    bool mapped = false; // some of its source rows are mapped onto the target's rows (map_onto_target)
    // Whether rows pointing at this table's key may have to point elsewhere (pg_temp.pgr_rekeyed).
    bool keyMoves() const { return (rekeyed || mapped) && !freshKeyColumn.isEmpty(); }
    // Columns that hold a re-keyed table's key, directly or through other tables' keys
    // (a grandchild's composite key that includes its parent's parent id): column → that table.
    QHash<QString, QString> followsRekey;
    // Foreign keys pointing here whose ON DELETE action (cascade, set null, set default) would
    // touch the rows that point at a row the script deletes.
    QList<Reference> touchedOnDelete;
};

enum class Operation
{
    Delete,
    Update,
    Insert
};

// When each row of the script is written (docs: "Order"). The steps run in this order; within
// one, tables go parents first (deletes: children first).
constexpr int kEarlyUpdate = 0; // updates that re-point a row away from a row the script deletes
constexpr int kDelete = 1;
constexpr int kUpdate = 2; // + the row's rank: an update that takes a unique value another frees
constexpr int kInsert = 1000000;
constexpr int kLateUpdate = 1000001; // updates pointing at a row of their own table the script inserts

QString operationName(Operation operation)
{
    return operation == Operation::Delete ? u"delete"_s
        : operation == Operation::Update  ? u"update"_s
                                          : u"insert"_s;
}

int columnIndex(const Table& table, const QString& name)
{
    for (int i = 0; i < table.columns.size(); ++i) {
        if (table.columns[i].name == name)
            return i;
    }
    return -1;
}

QByteArray qualifiedName(const Table& table, const LibpqQuoter& quote)
{
    return quote.identifier(table.schema.toUtf8()) + '.' + quote.identifier(table.table.toUtf8());
}

// A condition: the row c of table has the key of the row w as reviewed (w.<prefix>N, text).
QByteArray sameReviewedKey(const Table& table, const LibpqQuoter& quote, const QByteArray& prefix)
{
    QByteArrayList parts;
    for (const QString& key : table.key) {
        const int i = columnIndex(table, key);
        parts.append("c." + quote.identifier(key.toUtf8()) + " = w." + prefix + QByteArray::number(i)
            + "::" + table.columns[i].type.toUtf8());
    }
    return parts.join(" AND ");
}

// A statement's guard against ON DELETE actions: a call of pgr_no_dependents with up to 20 keys
// of the rows of reference's table that point at a row the statement deletes and that the script
// does not delete itself. deleted: a FROM item of the parent's deleted rows named v, whose column
// i as reviewed (text) is v.<prefix>i; childDeleted: a condition that the row c is one of the
// rows the script deletes (empty: none of them is left by then).
QByteArray dependentsCheck(const Table& parent, const Reference& reference, const LibpqQuoter& quote,
    const QByteArray& deleted, const QByteArray& prefix, const QByteArray& childDeleted)
{
    const Table& child = *reference.child;
    QByteArrayList match;
    for (int i = 0; i < reference.key.columns.size() && i < reference.key.refColumns.size(); ++i) {
        const int p = columnIndex(parent, reference.key.refColumns[i]);
        if (p < 0)
            continue;
        match.append("c." + quote.identifier(reference.key.columns[i].toUtf8()) + " = v." + prefix
            + QByteArray::number(p) + "::" + parent.columns[p].type.toUtf8());
    }
    QByteArrayList keyParts;
    for (const QString& key : child.key)
        keyParts.append("c." + quote.identifier(key.toUtf8()));
    const QByteArray label = child.key.isEmpty() ? QByteArray("row_to_json(c)::text")
                                                 : "jsonb_build_array(" + keyParts.join(", ") + ")::text";
    const QByteArray what = reference.key.onDelete == u"c"_s ? "delete"
        : reference.key.onDelete == u"n"_s                   ? "set to NULL"
                                                             : "set to their default";
    return "pg_temp.pgr_no_dependents(" + quote.literal(parent.name.toUtf8()) + ", "
        + quote.literal(child.name.toUtf8()) + ", " + quote.literal(reference.key.name.toUtf8()) + ", '"
        + what + "', (SELECT string_agg(d.k, ', ') FROM (SELECT DISTINCT " + label + " AS k FROM "
        + qualifiedName(child, quote) + " c JOIN " + deleted + " ON " + match.join(" AND ")
        + (childDeleted.isEmpty() ? QByteArray() : " WHERE NOT (" + childDeleted + ")") + " LIMIT 20) d))";
}

// Emits guarded, batched statements for one table and operation.
class StatementWriter
{
public:
    StatementWriter(
        QIODevice& out, const LibpqQuoter& quote, const Table& table, Operation operation, int batchSize)
        : m_out(out)
        , m_quote(quote)
        , m_table(table)
        , m_operation(operation)
        , m_batchSize(batchSize)
    {
        m_target = ident(table.schema) + '.' + ident(table.table);
    }

    // finalTexts/targetTexts: one entry per column (null QByteArray for SQL NULL).
    void add(const QString& keyJson, bool rekey, const QList<QByteArray>& finalTexts,
        const QList<QByteArray>& targetTexts)
    {
        QByteArray tuple = "  (";
        bool first = true;
        auto append = [&](const QByteArray& value) {
            if (!first)
                tuple += ", ";
            first = false;
            tuple += value;
        };
        // k0.. in the key's order, which keyCondition() follows (not the columns' order).
        for (const QString& keyColumn : m_table.key) {
            if (m_operation != Operation::Insert)
                append(
                    literal(columnIndex(m_table, keyColumn), targetTexts[columnIndex(m_table, keyColumn)]));
        }
        if (m_operation != Operation::Delete) {
            for (int i = 0; i < m_table.columns.size(); ++i) {
                const Column& column = m_table.columns[i];
                if (m_operation == Operation::Update
                    && (m_table.key.contains(column.name) || column.identity == u"a"_s))
                    continue;
                if (rekey && m_table.rekeyed && column.name == m_table.freshKeyColumn) {
                    // The fresh key the script took from the target's sequence for this row.
                    append("pg_temp.pgr_rekeyed(" + m_quote.literal(m_table.name.toUtf8()) + ", "
                        + m_quote.literal(targetTextOrFinal(finalTexts[i])) + ")::" + column.type.toUtf8());
                    continue;
                }
                append(mapped(column, literal(i, finalTexts[i]), finalTexts[i]));
            }
        }
        if (m_operation != Operation::Insert) {
            for (int i = 0; i < m_table.columns.size(); ++i)
                append(literal(i, targetTexts[i]));
        }
        tuple += ')';
        m_tuples.append(tuple);
        m_keys.append(keyJson);
        if (m_tuples.size() >= m_batchSize)
            flush();
    }

    void flush()
    {
        if (m_tuples.isEmpty())
            return;
        QByteArray sql;
        sql += "-- " + operationName(m_operation).toUtf8() + ' ' + QByteArray::number(m_tuples.size())
            + " row(s) of " + m_table.name.toUtf8() + '\n';
        sql += "WITH v (" + valueColumns().join(", ") + ") AS (VALUES\n" + m_tuples.join(",\n") + "),\n";
        const QByteArray keyMatch = keyCondition();
        const QByteArray guard = guardCondition();
        const QByteArray returning = returningKey();
        switch (m_operation) {
        case Operation::Delete:
            sql += "done AS (DELETE FROM " + m_target + " AS t USING v WHERE " + keyMatch + " AND " + guard
                + " RETURNING " + returning + ")\n";
            break;
        case Operation::Update: {
            QByteArrayList sets;
            int n = 0;
            for (const Column& column : m_table.columns) {
                if (m_table.key.contains(column.name) || column.identity == u"a"_s)
                    continue;
                sets.append(ident(column.name) + " = v.n" + QByteArray::number(n++));
            }
            sql += "done AS (UPDATE " + m_target + " AS t SET " + sets.join(", ") + " FROM v WHERE "
                + keyMatch + " AND " + guard + " RETURNING " + returning + ")\n";
            break;
        }
        case Operation::Insert: {
            QByteArrayList columns, values;
            for (int i = 0; i < m_table.columns.size(); ++i) {
                columns.append(ident(m_table.columns[i].name));
                values.append("v.n" + QByteArray::number(i));
            }
            sql += "done AS (INSERT INTO " + m_target + " (" + columns.join(", ") + ")"
                + (m_table.hasIdentity ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + values.join(", ")
                + " FROM v RETURNING 1)\n";
            break;
        }
        }
        // Which reviewed rows were not found as reviewed: named in the error, if any.
        QByteArray missing = "NULL";
        if (m_operation != Operation::Insert) {
            QByteArrayList keyParts;
            QByteArrayList doneMatch;
            int k = 0;
            for (const QString& column : m_table.key) {
                keyParts.append("v.k" + QByteArray::number(k));
                doneMatch.append("d." + ident(column) + " = v.k" + QByteArray::number(k));
                ++k;
            }
            missing = "(SELECT string_agg(jsonb_build_array(" + keyParts.join(", ")
                + ")::text, ', ') FROM v WHERE NOT EXISTS "
                  "(SELECT 1 FROM done d WHERE "
                + doneMatch.join(" AND ") + "))";
        }
        // The rows pointing at the deleted ones are read in the statement's snapshot, before any
        // ON DELETE action ran; an error rolls the whole script back.
        QByteArray dependents;
        if (m_operation == Operation::Delete) {
            for (const Reference& reference : m_table.touchedOnDelete) {
                const bool self = reference.child == &m_table && !m_table.key.isEmpty();
                dependents += dependentsCheck(m_table, reference, m_quote, "v", "o",
                                  self ? "EXISTS (SELECT 1 FROM v w WHERE "
                                          + sameReviewedKey(m_table, m_quote, "o") + ")"
                                       : QByteArray())
                    + ", ";
            }
        }
        sql += "SELECT " + dependents + "pg_temp.pgr_expect((SELECT count(*) FROM done), "
            + QByteArray::number(m_tuples.size()) + ", "
            + m_quote.literal(operationName(m_operation).toUtf8()) + ", "
            + m_quote.literal(m_table.name.toUtf8()) + ", " + missing + ");\n\n";
        m_out.write(sql);
        m_rows += m_tuples.size();
        m_tuples.clear();
        m_keys.clear();
    }

    qint64 rows() const { return m_rows; }

private:
    QByteArray ident(const QString& name) const { return m_quote.identifier(name.toUtf8()); }

    QByteArray literal(int column, const QByteArray& text) const
    {
        const QByteArray type = m_table.columns[column].type.toUtf8();
        if (text.isNull())
            return "NULL::" + type;
        return m_quote.literal(text) + "::" + type;
    }

    static QByteArray targetTextOrFinal(const QByteArray& text) { return text; }

    QByteArray mapped(const Column& column, const QByteArray& literalText, const QByteArray& raw) const
    {
        // A column holding a re-keyed row's old key takes its new key.
        const QString parent = m_table.followsRekey.value(column.name);
        if (parent.isEmpty() || raw.isNull())
            return literalText;
        return "pg_temp.pgr_rekeyed(" + m_quote.literal(parent.toUtf8()) + ", " + m_quote.literal(raw)
            + ")::" + column.type.toUtf8();
    }

    QByteArrayList valueColumns() const
    {
        QByteArrayList names;
        if (m_operation != Operation::Insert) {
            for (int k = 0; k < m_table.key.size(); ++k)
                names.append("k" + QByteArray::number(k));
        }
        if (m_operation != Operation::Delete) {
            int n = 0;
            for (const Column& column : m_table.columns) {
                if (m_operation == Operation::Update
                    && (m_table.key.contains(column.name) || column.identity == u"a"_s))
                    continue;
                names.append("n" + QByteArray::number(n++));
            }
        }
        if (m_operation != Operation::Insert) {
            for (int i = 0; i < m_table.columns.size(); ++i)
                names.append("o" + QByteArray::number(i));
        }
        return names;
    }

    QByteArray keyCondition() const
    {
        QByteArrayList parts;
        int k = 0;
        for (const QString& column : m_table.key)
            parts.append("t." + ident(column) + " = v.k" + QByteArray::number(k++));
        return parts.join(" AND ");
    }

    // The target row exactly as reviewed: every column, compared by its text so that types
    // without an equality operator (json, point) guard too, and NULL matches NULL.
    QByteArray guardCondition() const
    {
        QByteArrayList left, right;
        for (int i = 0; i < m_table.columns.size(); ++i) {
            left.append("t." + ident(m_table.columns[i].name) + "::text");
            right.append("v.o" + QByteArray::number(i) + "::text");
        }
        return "ROW(" + left.join(", ") + ") IS NOT DISTINCT FROM ROW(" + right.join(", ") + ")";
    }

    QByteArray returningKey() const
    {
        QByteArrayList parts;
        for (const QString& column : m_table.key)
            parts.append("t." + ident(column));
        return parts.join(", ");
    }

    QIODevice& m_out;
    const LibpqQuoter& m_quote;
    const Table& m_table;
    Operation m_operation;
    int m_batchSize;
    QByteArray m_target;
    QByteArrayList m_tuples;
    QStringList m_keys;
    qint64 m_rows = 0;
};

// The COPY format: each keyed table's rows travel as one COPY data block into a temporary table
// (op, the row as it ends f0.., the target row as reviewed r0..), produced by the staging server
// itself, and one set-based guarded statement per operation applies them. psql reads the data
// from the script; nothing is quoted by hand because COPY's text format is the server's own.
class CopyBlockWriter
{
public:
    CopyBlockWriter(QIODevice& out, const LibpqQuoter& quote, const Table& table)
        : m_out(out)
        , m_quote(quote)
        , m_table(table)
    {
        m_target = ident(table.schema) + '.' + ident(table.table);
        m_rows = "pg_temp.pgr_rows_" + QByteArray::number(table.id);
    }

    // Streams the table's rows from staging into the script (plannedRows: ScriptPlan::rowsSql);
    // counts them per operation and step.
    void writeData(PgConnection& db, const QString& plannedRows, const std::atomic<bool>* cancel)
    {
        const int n = int(m_table.columns.size());
        QStringList finals, reviewed;
        for (int i = 0; i < n; ++i)
            finals.append(u"f%1"_s.arg(i));
        for (int i = 0; i < n; ++i)
            reviewed.append(u"r%1"_s.arg(i));
        // The rows come in the server's order: the statements do not depend on it, and sorting a
        // million of them took longer than everything else in the query.
        const QString select = u"(SELECT op, %1, %2, step FROM (%3) AS z)"_s.arg(
            finals.join(u", "_s), reviewed.join(u", "_s), plannedRows);

        QByteArray head = "-- " + m_table.name.toUtf8()
            + ": op (d delete, u update, i insert, r insert under a fresh key), the row as it ends (";
        for (int i = 0; i < n; ++i)
            head += (i ? ", f" : "f") + QByteArray::number(i) + ' ' + ident(m_table.columns[i].name);
        head += "), the target row as reviewed (r0..), the step that writes it\n";
        head += "CREATE TEMP TABLE pgr_rows_" + QByteArray::number(m_table.id) + " (op text";
        for (int i = 0; i < n; ++i)
            head += ", f" + QByteArray::number(i) + " text";
        for (int i = 0; i < n; ++i)
            head += ", r" + QByteArray::number(i) + " text";
        head += ", step int) ON COMMIT DROP;\nCOPY " + m_rows + " FROM STDIN;\n";
        m_out.write(head);

        if (cancel && cancel->load())
            throw Cancelled();
        QByteArray buffer;
        buffer.reserve(kFlushBytes + 64 * 1024);
        qint64 seen = 0;
        db.copyOut(select, [&](const std::string& row) {
            if (!row.empty())
                ++m_count[row.front()][std::stoi(row.substr(row.rfind('\t') + 1))];
            buffer.append(row.data(), qsizetype(row.size()));
            if (row.empty() || row.back() != '\n')
                buffer.append('\n');
            if (buffer.size() >= kFlushBytes) {
                m_out.write(buffer);
                buffer.clear();
            }
            if (++seen % 10000 == 0 && cancel && cancel->load())
                throw Cancelled();
        });
        buffer.append("\\.\nANALYZE " + m_rows + ";\n\n");
        m_out.write(buffer);
    }

    qint64 count(Operation operation, int step) const
    {
        switch (operation) {
        case Operation::Delete:
            return m_count.value('d').value(step);
        case Operation::Update:
            return m_count.value('u').value(step);
        case Operation::Insert:
            return m_count.value('i').value(step) + m_count.value('r').value(step);
        }
        return 0;
    }

    // Fresh keys from the target's sequence for the rows inserted under a new key.
    QByteArray rekeyStatement(const Column& keyColumn) const
    {
        const qint64 rekeyed = m_count.value('r').value(kInsert);
        if (rekeyed == 0)
            return {};
        const int k = keyIndex(keyColumn.name);
        return "-- " + QByteArray::number(rekeyed) + " row(s) of " + m_table.name.toUtf8()
            + " take a fresh key from the target's sequence\n"
              "INSERT INTO pg_temp.pgr_rekey SELECT "
            + literal(m_table.name) + ", v.f" + QByteArray::number(k) + ", nextval("
            + literal(keyColumn.sequence) + "::regclass)::text FROM " + m_rows
            + " v WHERE v.op = 'r' ORDER BY v.f" + QByteArray::number(k) + ";\n\n";
    }

    // The guarded, counted statement of one operation's rows of one step.
    QByteArray statement(Operation operation, int step) const
    {
        const qint64 expected = count(operation, step);
        const QByteArray inStep = " AND v.step = " + QByteArray::number(step);
        if (expected == 0)
            return {};
        const QByteArray n = QByteArray::number(expected);
        QByteArray sql
            = "-- " + operationName(operation).toUtf8() + ' ' + n + " row(s) of " + m_table.name.toUtf8();
        QByteArray done;
        switch (operation) {
        case Operation::Delete:
            sql += ", each only if the target row is still as reviewed\n";
            sql += dependentsStatement();
            done = "DELETE FROM " + m_target + " AS t USING " + m_rows + " v WHERE v.op = 'd'" + inStep
                + " AND " + reviewedKeyMatch() + " AND " + guard() + " RETURNING 1";
            break;
        case Operation::Update: {
            sql += ", each only if the target row is still as reviewed\n";
            QByteArrayList sets;
            for (int i = 0; i < m_table.columns.size(); ++i) {
                const Column& column = m_table.columns[i];
                if (m_table.key.contains(column.name) || column.identity == u"a"_s)
                    continue;
                sets.append(ident(column.name) + " = " + finalValue(i, false));
            }
            done = "UPDATE " + m_target + " AS t SET " + sets.join(", ") + " FROM " + m_rows
                + " v WHERE v.op = 'u'" + inStep + " AND " + reviewedKeyMatch() + " AND " + guard()
                + " RETURNING 1";
            break;
        }
        case Operation::Insert: {
            sql += ", each only where its key is free\n";
            QByteArrayList columns, values, keyFree;
            for (int i = 0; i < m_table.columns.size(); ++i) {
                columns.append(ident(m_table.columns[i].name));
                values.append(finalValue(i, true));
                if (m_table.key.contains(m_table.columns[i].name))
                    keyFree.append("t." + ident(m_table.columns[i].name) + " = " + finalValue(i, true));
            }
            done = "INSERT INTO " + m_target + " (" + columns.join(", ") + ")"
                + (m_table.hasIdentity ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + values.join(", ")
                + " FROM " + m_rows + " v WHERE v.op IN ('i', 'r')" + inStep
                + " AND NOT EXISTS (SELECT 1 FROM " + m_target + " t WHERE " + keyFree.join(" AND ")
                + ") RETURNING 1";
            break;
        }
        }
        // The keys that did not apply, and why, computed only when the count is off (a lazy
        // subquery): the target rows as they are now, before this statement.
        sql += "WITH done AS (" + done + ")\nSELECT pg_temp.pgr_expect(c.n, " + n + ", "
            + literal(operationName(operation)) + ", " + literal(m_table.name) + ", CASE WHEN c.n <> " + n
            + " THEN (" + explanation(operation, inStep)
            + ") END)\nFROM (SELECT count(*) AS n FROM done) c;\n\n";
        return sql;
    }

private:
    static constexpr qsizetype kFlushBytes = 1 << 20;

    QByteArray ident(const QString& name) const { return m_quote.identifier(name.toUtf8()); }
    QByteArray literal(const QString& text) const { return m_quote.literal(text.toUtf8()); }
    QByteArray type(int i) const { return m_table.columns[i].type.toUtf8(); }

    int keyIndex(const QString& name) const
    {
        for (int i = 0; i < m_table.columns.size(); ++i) {
            if (m_table.columns[i].name == name)
                return i;
        }
        return -1;
    }

    // Column i's final value: its new key for a row under a fresh key, a re-keyed parent's new
    // key for a column that follows one, otherwise as reviewed.
    QByteArray finalValue(int i, bool insert) const
    {
        const Column& column = m_table.columns[i];
        const QByteArray f = "v.f" + QByteArray::number(i);
        if (insert && m_table.rekeyed && column.name == m_table.freshKeyColumn)
            return "pg_temp.pgr_rekeyed(" + literal(m_table.name) + ", " + f + ")::" + type(i);
        const QString parent = m_table.followsRekey.value(column.name);
        if (!parent.isEmpty())
            return "pg_temp.pgr_rekeyed(" + literal(parent) + ", " + f + ")::" + type(i);
        return f + "::" + type(i);
    }

    QByteArray reviewedKeyMatch() const
    {
        QByteArrayList parts;
        for (const QString& key : m_table.key) {
            const int i = keyIndex(key);
            parts.append("t." + ident(key) + " = v.r" + QByteArray::number(i) + "::" + type(i));
        }
        return parts.join(" AND ");
    }

    // The target row exactly as reviewed: every column by its text, so that types without an
    // equality operator (json, point) guard too, and NULL matches NULL.
    QByteArray guard() const
    {
        QByteArrayList now, reviewed;
        for (int i = 0; i < m_table.columns.size(); ++i) {
            now.append("t." + ident(m_table.columns[i].name) + "::text");
            reviewed.append("v.r" + QByteArray::number(i));
        }
        return "ROW(" + now.join(", ") + ") IS NOT DISTINCT FROM ROW(" + reviewed.join(", ") + ")";
    }

    // Before the delete: no ON DELETE action may touch a row the script does not delete itself
    // (a table's own deleted rows, and those of tables on a cycle, are in their COPY blocks).
    QByteArray dependentsStatement() const
    {
        QByteArrayList checks;
        for (const Reference& reference : m_table.touchedOnDelete) {
            const Table& child = *reference.child;
            const QByteArray childDeleted = child.key.isEmpty()
                ? QByteArray()
                : "EXISTS (SELECT 1 FROM pg_temp.pgr_rows_" + QByteArray::number(child.id)
                    + " w WHERE w.op = 'd' AND " + sameReviewedKey(child, m_quote, "r") + ")";
            checks.append(dependentsCheck(m_table, reference, m_quote,
                "(SELECT * FROM " + m_rows + " WHERE op = 'd') v", "r", childDeleted));
        }
        if (checks.isEmpty())
            return {};
        return "SELECT " + checks.join(",\n       ") + ";\n";
    }

    // Up to 20 keys that did not apply, each with what is different on the target now.
    QByteArray explanation(Operation operation, const QByteArray& inStep) const
    {
        QByteArrayList keyTexts, names, now, reviewed;
        for (const QString& key : m_table.key) {
            const int i = keyIndex(key);
            keyTexts.append(
                (operation == Operation::Insert ? "v.f" : "v.r") + QByteArray::number(i) + "::" + type(i));
        }
        for (int i = 0; i < m_table.columns.size(); ++i) {
            names.append(literal(m_table.columns[i].name));
            now.append("t." + ident(m_table.columns[i].name) + "::text");
            reviewed.append("v.r" + QByteArray::number(i));
        }
        const QByteArray key = "jsonb_build_array(" + keyTexts.join(", ") + ")::text";
        if (operation == Operation::Insert) {
            QByteArrayList taken;
            for (const QString& column : m_table.key)
                taken.append("t." + ident(column) + " = " + finalValue(keyIndex(column), true));
            return "SELECT string_agg(" + key + " || ': key already taken', '; ') FROM (SELECT * FROM "
                + m_rows + " v WHERE v.op IN ('i', 'r')" + inStep + " AND EXISTS (SELECT 1 FROM " + m_target
                + " t WHERE " + taken.join(" AND ") + ") LIMIT 20) AS v";
        }
        const QByteArray op = operation == Operation::Delete ? "'d'" : "'u'";
        return "SELECT string_agg(m.line, '; ') FROM (SELECT " + key
            + " || CASE WHEN t IS NULL THEN ': row is gone' ELSE ': ' || "
              "(SELECT string_agg(u.name, ', ') FROM unnest(ARRAY["
            + names.join(", ") + "], ARRAY[" + now.join(", ") + "], ARRAY[" + reviewed.join(", ")
            + "]) AS u (name, now, reviewed) WHERE u.now IS DISTINCT FROM u.reviewed) || ' changed' END AS "
              "line "
              "FROM "
            + m_rows + " v LEFT JOIN " + m_target + " t ON " + reviewedKeyMatch() + " WHERE v.op = " + op
            + inStep + " AND (t IS NULL OR NOT " + guard() + ") LIMIT 20) m";
    }

    QIODevice& m_out;
    const LibpqQuoter& m_quote;
    const Table& m_table;
    QByteArray m_target;
    QByteArray m_rows;
    QHash<char, QHash<int, qint64>> m_count; // op → step → rows
};

QList<Table> readTables(PgConnection& db)
{
    QHash<int, QString> freshKeyColumns;
    for (const ReviewTable& table : ReviewTable::all(db))
        freshKeyColumns.insert(table.tableId, table.freshKeyColumn);
    QList<Table> tables;
    const PgResult rows
        = db.exec(u"SELECT t.table_id, t.schema_name, t.table_name, t.staged_name, to_json(d.key_columns) "
                  "FROM pgreconcile.tables t JOIN pgreconcile.table_diffs d USING (table_id) "
                  "WHERE d.mode <> 'skipped' ORDER BY t.schema_name, t.table_name"_s);
    for (int row = 0; row < rows.rowCount(); ++row) {
        Table table;
        table.id = int(rows.toInt64(row, 0));
        table.schema = rows.text(row, 1);
        table.table = rows.text(row, 2);
        table.name = table.schema + u'.' + table.table;
        table.staged = rows.text(row, 3);
        if (!rows.isNull(row, 4))
            table.key = stringsFromJson(rows.utf8(row, 4));
        table.freshKeyColumn = freshKeyColumns.value(table.id);
        const PgResult columns = db.exec(
            u"SELECT c.column_name, c.type_name, c.identity, coalesce(c.sequence_name, ''), "
            "EXISTS (SELECT 1 FROM pgreconcile.columns s WHERE s.table_id = c.table_id AND s.side = 'source' "
            "        AND s.column_name = c.column_name AND NOT s.generated) "
            "FROM pgreconcile.columns c WHERE c.table_id = $1 AND c.side = 'target' AND NOT c.generated ORDER BY c.ordinal"_s,
            { table.id });
        for (int c = 0; c < columns.rowCount(); ++c) {
            table.columns.append({ columns.text(c, 0), columns.text(c, 1), columns.text(c, 2),
                columns.text(c, 3), columns.toBool(c, 4) });
            table.hasIdentity = table.hasIdentity || !columns.text(c, 2).isEmpty();
        }
        const PgResult keys
            = db.exec(u"SELECT name, to_json(columns), ref_schema || '.' || ref_table, is_deferrable, "
                      u"to_json(ref_columns), on_delete "
                      "FROM pgreconcile.foreign_keys WHERE table_id = $1 AND side = 'target' ORDER BY name"_s,
                { table.id });
        for (int k = 0; k < keys.rowCount(); ++k)
            table.foreignKeys.append({ keys.text(k, 0), stringsFromJson(keys.utf8(k, 1)), keys.text(k, 2),
                stringsFromJson(keys.utf8(k, 4)), keys.toBool(k, 3), keys.text(k, 5) });
        tables.append(table);
    }
    return tables;
}

// Parents before children over the foreign keys checked at once. A deferrable key imposes no
// order: the script defers it (SET CONSTRAINTS ALL DEFERRED, *deferNeeded) where the order breaks
// it, so one deferrable key per cycle is enough. A cycle of keys none of which is deferrable is
// refused, naming its tables.
QList<int> parentsFirst(const QList<Table>& tables, bool* deferNeeded)
{
    QHash<QString, int> indexOf;
    for (int i = 0; i < tables.size(); ++i)
        indexOf.insert(tables[i].name, i);
    QList<QSet<int>> parents(tables.size());
    for (int i = 0; i < tables.size(); ++i) {
        for (const ForeignKey& key : tables[i].foreignKeys) {
            const int parent = indexOf.value(key.refTable, -1);
            if (parent >= 0 && parent != i && !key.deferrable)
                parents[i].insert(parent);
        }
    }
    QList<int> order;
    QSet<int> placed;
    for (bool progress = true; progress;) {
        progress = false;
        for (int i = 0; i < tables.size(); ++i) {
            if (!placed.contains(i) && (parents[i] - placed).isEmpty()) {
                order.append(i);
                placed.insert(i);
                progress = true;
            }
        }
    }
    QStringList cycle;
    for (int i = 0; i < tables.size(); ++i) {
        if (!placed.contains(i))
            cycle.append(tables[i].name);
    }
    if (!cycle.isEmpty())
        throw Error(u"the foreign keys of %1 form a cycle that cannot be deferred"_s.arg(cycle.join(u", "_s)),
            u"make one foreign key on the cycle DEFERRABLE on the target (ALTER TABLE … ALTER CONSTRAINT … "
            "DEFERRABLE), or apply those tables' changes by hand"_s);
    QHash<int, int> position;
    for (int p = 0; p < order.size(); ++p)
        position.insert(order[p], p);
    *deferNeeded = false;
    for (int i = 0; i < tables.size(); ++i) {
        for (const ForeignKey& key : tables[i].foreignKeys) {
            const int parent = indexOf.value(key.refTable, -1);
            if (parent >= 0 && key.deferrable && position.value(parent) >= position.value(i))
                *deferNeeded = true; // a parent after its child, or the table itself
        }
    }
    return order;
}

// A key whose order the script must respect at once: a deferrable NO ACTION key is checked at
// COMMIT when deferred, but PostgreSQL never defers RESTRICT or an ON DELETE action.
bool checkedAtOnce(const ForeignKey& key) { return !key.deferrable || key.onDelete != u"a"_s; }

// Which step each row of the script belongs to, as SQL over the staged review, so that both
// formats write the same rows in the same order.
class ScriptPlan
{
public:
    ScriptPlan(PgConnection& db, const QList<Table>& tables)
        : m_db(db)
        , m_tables(tables)
    { }

    // The table's rows in the script: op (d delete, u update, i insert, r insert under a fresh
    // key), key, f0.. (the row as it ends), r0.. (the target row as reviewed), step.
    QString rowsSql(const Table& table)
    {
        return u"SELECT v.*, %1 AS step FROM (%2) AS v"_s.arg(stepSql(table), opRowsSql(table));
    }

    // The update steps a table's rows use: kUpdate to kUpdate + maxRank.
    int maxRank(const Table& table) const { return m_maxRank.value(table.id); }

    // Rows that take a unique value (other than the key's) the target holds in another row must
    // come after the row that frees it; updates that free and take among themselves are ranked,
    // a swap or a value that stays taken is refused naming the rows and the way out.
    void orderUniqueValues();

    // Values format: one statement kind's rows of a table in the order its batches need: a
    // self-referencing table's inserts parents first, its deletes children first.
    QString orderedSql(const Table& table, const QString& filteredRows, Operation operation) const;

private:
    const Table* byName(const QString& name) const
    {
        for (const Table& table : m_tables) {
            if (table.name == name)
                return &table;
        }
        return nullptr;
    }

    QString finalRows(const Table& table)
    {
        if (!m_finalRows.contains(table.id))
            m_finalRows.insert(table.id, ScriptWriter::finalRowsSql(m_db, table.id, nullptr));
        return m_finalRows.value(table.id);
    }

    bool hasScriptRows(const Table& table)
    {
        if (!m_hasRows.contains(table.id))
            m_hasRows.insert(table.id,
                m_db.exec(u"SELECT EXISTS (SELECT 1 FROM pgreconcile.review_all WHERE table_id = $1 "
                          "AND action IS NOT NULL AND action <> 'keep_target')"_s,
                        { table.id })
                    .toBool(0, 0));
        return m_hasRows.value(table.id);
    }

    QString opRowsSql(const Table& table)
    {
        const int n = int(table.columns.size());
        QStringList finals, reviewed,
            aliases = { u"key"_s, u"action"_s, u"final_present"_s, u"target_present"_s };
        for (int i = 0; i < n; ++i)
            finals.append(u"f%1"_s.arg(i));
        for (int i = 0; i < n; ++i)
            reviewed.append(u"r%1"_s.arg(i));
        aliases += finals + reviewed;
        // OFFSET 0 keeps the inner query a subquery, so its CASE expressions run once per row.
        return u"SELECT op, key, %1, %2 FROM (SELECT CASE "
               "WHEN action = 'rekey' THEN 'r' "
               "WHEN NOT final_present AND target_present THEN 'd' "
               "WHEN final_present AND NOT target_present THEN 'i' "
               "WHEN final_present AND target_present AND ROW(%1) IS DISTINCT FROM ROW(%2) THEN 'u' END AS "
               "op, "
               "key, %1, %2 FROM (%3 OFFSET 0) AS x (%4)) AS y WHERE op IS NOT NULL"_s.arg(
                   finals.join(u", "_s), reviewed.join(u", "_s), finalRows(table), aliases.join(u", "_s));
    }

    // a.<aPrefix>N = b.<bPrefix>M for the key's columns (child) and the referenced ones (parent).
    static QString keyPairs(const Table& child, const Table& parent, const ForeignKey& key,
        const QString& childSide, const QString& parentSide)
    {
        QStringList parts;
        for (int k = 0; k < key.columns.size() && k < key.refColumns.size(); ++k)
            parts.append(u"%1%2 = %3%4"_s.arg(parentSide)
                             .arg(columnIndex(parent, key.refColumns[k]))
                             .arg(childSide)
                             .arg(columnIndex(child, key.columns[k])));
        return parts.join(u" AND "_s);
    }

    // "(v.<childSide>N, ..) IN (SELECT p.<parentSide>M, .. FROM rows p WHERE ops)": the row points at
    // one of the parent's rows of those operations (an IN list is hashed: one pass over them).
    static QString pointsAt(const Table& child, const Table& parent, const ForeignKey& key,
        const QString& side, const QString& parentRows, const QString& ops)
    {
        QStringList mine, theirs;
        for (int k = 0; k < key.columns.size() && k < key.refColumns.size(); ++k) {
            mine.append(u"v.%1%2"_s.arg(side).arg(columnIndex(child, key.columns[k])));
            theirs.append(u"p.%1%2"_s.arg(side).arg(columnIndex(parent, key.refColumns[k])));
        }
        return u"(%1) IN (SELECT %2 FROM (%3) AS p WHERE p.op IN (%4))"_s.arg(
            mine.join(u", "_s), theirs.join(u", "_s), parentRows, ops);
    }

    QString stepSql(const Table& table)
    {
        // Re-pointed away from a row the script deletes: before that delete (its ON DELETE action
        // or check would find the row still pointing at it).
        QStringList early;
        for (const ForeignKey& key : table.foreignKeys) {
            const Table* parent = byName(key.refTable);
            if (!parent || parent->key.isEmpty() || !checkedAtOnce(key) || !hasScriptRows(*parent))
                continue;
            early.append(pointsAt(table, *parent, key, u"r"_s, opRowsSql(*parent), u"'d'"_s));
        }
        // Pointing at a row of its own table that the script inserts: after the inserts.
        QStringList late;
        for (const ForeignKey& key : table.foreignKeys) {
            if (key.refTable == table.name && !key.deferrable)
                late.append(pointsAt(table, table, key, u"f"_s, opRowsSql(table), u"'i', 'r'"_s));
        }
        const QString ranks = m_ranks.contains(table.id)
            ? u"coalesce((%1::jsonb ->> v.key)::int, 0)"_s.arg(m_db.quoteLiteral(m_ranks.value(table.id)))
            : u"0"_s;
        return u"CASE WHEN v.op = 'd' THEN %1 WHEN v.op IN ('i', 'r') THEN %2%3%4 ELSE %5 + %6 END"_s.arg(
            QString::number(kDelete), QString::number(kInsert),
            early.isEmpty()
                ? QString()
                : u" WHEN "_s + early.join(u" OR "_s) + u" THEN "_s + QString::number(kEarlyUpdate),
            late.isEmpty() ? QString()
                           : u" WHEN "_s + late.join(u" OR "_s) + u" THEN "_s + QString::number(kLateUpdate),
            QString::number(kUpdate), ranks);
    }

    PgConnection& m_db;
    const QList<Table>& m_tables;
    QHash<int, QString> m_finalRows;
    QHash<int, bool> m_hasRows;
    QHash<int, QString> m_ranks; // table id → {"key": rank} of its ranked updates
    QHash<int, int> m_maxRank;
};

QString ScriptPlan::orderedSql(const Table& table, const QString& filteredRows, Operation operation) const
{
    // Rows of one batch may point at each other: PostgreSQL checks a statement's keys at its end.
    const QString side = operation == Operation::Insert ? u"f"_s : u"r"_s;
    QStringList parentOf;
    for (const ForeignKey& key : table.foreignKeys) {
        if (key.refTable == table.name && checkedAtOnce(key))
            parentOf.append(u"("_s + keyPairs(table, table, key, u"c."_s + side, u"p."_s + side) + u')');
    }
    if (parentOf.isEmpty() || operation == Operation::Update)
        return u"SELECT * FROM (%1) AS z ORDER BY key"_s.arg(filteredRows);
    // Depth over the self-reference among these rows (rows on a cycle of them have none: last).
    const QString isParent = parentOf.join(u" OR "_s);
    return u"WITH RECURSIVE z AS (%1), "
           "d (key, depth) AS (SELECT c.key, 0 FROM z c WHERE NOT EXISTS (SELECT 1 FROM z p WHERE p.key <> "
           "c.key AND (%2)) "
           "UNION ALL SELECT c.key, d.depth + 1 FROM d JOIN z p ON p.key = d.key JOIN z c ON c.key <> p.key "
           "AND (%2) "
           "WHERE d.depth < 10000) "
           "SELECT z.* FROM z LEFT JOIN (SELECT key, max(depth) AS depth FROM d GROUP BY key) m ON m.key = "
           "z.key "
           "ORDER BY m.depth %3 NULLS LAST, z.key"_s.arg(
               filteredRows, isParent, operation == Operation::Insert ? u"ASC"_s : u"DESC"_s);
}

void ScriptPlan::orderUniqueValues()
{
    for (const Table& table : m_tables) {
        if (table.key.isEmpty() || !hasScriptRows(table))
            continue;
        const PgResult constraints = m_db.exec(
            u"SELECT u ->> 'name', (u -> 'columns')::text FROM pgreconcile.side_tables s "
            "CROSS JOIN jsonb_array_elements(s.unique_keys) u WHERE s.table_id = $1 AND s.side = 'target'"_s,
            { table.id });
        QHash<QString, QStringList> takersOf; // holder's key → the keys of the updates taking its values
        QSet<QString> ranked;
        QString rankedBy; // the constraint they free and take values of
        for (int c = 0; c < constraints.rowCount(); ++c) {
            const QString name = constraints.text(c, 0);
            const QStringList columns = stringsFromJson(constraints.utf8(c, 1));
            QStringList sorted = columns, key = table.key;
            std::sort(sorted.begin(), sorted.end());
            std::sort(key.begin(), key.end());
            if (sorted == key)
                continue;
            QStringList taken, kept, finalOf, wFinal, notNull, holder, match, keyParts;
            bool known = true;
            for (int k = 0; k < columns.size(); ++k) {
                const int i = columnIndex(table, columns[k]);
                known = known && i >= 0;
                finalOf.append(u"x.f%1"_s.arg(i));
                wFinal.append(u"w.f%1"_s.arg(i));
                notNull.append(u"f%1 IS NOT NULL"_s.arg(i));
                taken.append(u"f%1"_s.arg(i));
                kept.append(u"r%1"_s.arg(i));
                holder.append(u"t.%1::text AS a%2"_s.arg(m_db.quoteName(columns[k])).arg(k));
                match.append(u"h.a%1 = x.f%2"_s.arg(k).arg(i));
            }
            if (!known)
                continue;
            for (const QString& column : table.key)
                keyParts.append(u"t."_s + m_db.quoteName(column));
            const PgResult pairs = m_db.exec(
                u"WITH v AS (%1), "
                "x AS (SELECT * FROM v WHERE op IN ('u', 'i', 'r') AND %2 AND (op <> 'u' OR ROW(%3) IS "
                "DISTINCT FROM ROW(%4))) "
                "SELECT x.key, x.step, h.key, coalesce(w.op, ''), coalesce(w.step, 0), "
                "h.key = x.key OR w.op IS NULL OR w.op = 'r' OR (w.op = 'u' AND ROW(%5) IS NOT DISTINCT FROM "
                "ROW(%6)), concat_ws(', ', %6) "
                "FROM x JOIN (SELECT jsonb_build_array(%7)::text AS key, %8 FROM target.%9 t) h ON %10 "
                "LEFT JOIN v w ON w.key = h.key WHERE h.key <> x.key OR x.op = 'r' "
                "UNION ALL SELECT x.key, x.step, y.key, y.op, y.step, true, concat_ws(', ', %6) FROM x JOIN "
                "x y "
                "ON ROW(%11) = ROW(%6) AND x.key < y.key"_s.arg(rowsSql(table), notNull.join(u" AND "_s),
                    taken.join(u", "_s), kept.join(u", "_s), wFinal.join(u", "_s), finalOf.join(u", "_s),
                    keyParts.join(u", "_s), holder.join(u", "_s), m_db.quoteName(table.staged),
                    match.join(u" AND "_s), QString(finalOf.join(u", "_s)).replace(u"x.f"_s, u"y.f"_s)));
            for (int row = 0; row < pairs.rowCount(); ++row) {
                const QString takerKey = pairs.text(row, 0), holderKey = pairs.text(row, 2),
                              values = pairs.text(row, 6);
                const int takerStep = int(pairs.toInt64(row, 1)), holderStep = int(pairs.toInt64(row, 4));
                const QString what
                    = u"%1 (%2) = (%3), constraint %4"_s.arg(table.name, columns.join(u", "_s), values, name);
                if (pairs.toBool(row, 5))
                    throw Error(
                        u"the merge would write %1 %2 and keep %3 with the same unique value: %4"_s.arg(
                            table.name, takerKey, holderKey, what),
                        u"edit one of those rows to a value no other row holds, or keep the target's row"_s);
                if (holderStep < takerStep)
                    continue;
                if (holderStep != kUpdate || takerStep != kUpdate)
                    throw Error(
                        u"%1 %2 takes a unique value that %3 frees only later in the script: %4"_s.arg(
                            table.name, takerKey, holderKey, what),
                        u"edit one of those rows to a value no other row holds, or make %1 DEFERRABLE on the target"_s
                            .arg(name));
                takersOf[holderKey].append(takerKey);
                ranked += { holderKey, takerKey };
                rankedBy = name;
            }
        }
        if (ranked.isEmpty())
            continue;
        // An update that takes a value another update frees runs in a later statement (PostgreSQL
        // checks a unique constraint that is not deferred row by row); a cycle is a swap.
        QHash<QString, int> rank;
        for (int round = 0; round <= ranked.size(); ++round) {
            bool changed = false;
            for (auto it = takersOf.cbegin(); it != takersOf.cend(); ++it) {
                for (const QString& taker : it.value()) {
                    if (rank.value(taker) < rank.value(it.key()) + 1) {
                        rank[taker] = rank.value(it.key()) + 1;
                        changed = true;
                    }
                }
            }
            if (!changed)
                break;
            if (round == ranked.size()) {
                QStringList swapped;
                for (auto r = rank.cbegin(); r != rank.cend(); ++r) {
                    if (r.value() >= ranked.size())
                        swapped.append(r.key());
                }
                std::sort(swapped.begin(), swapped.end());
                throw Error(u"updates of %1 %2 swap values of constraint %3 among themselves, which "
                            u"PostgreSQL refuses "
                            "row by row unless the constraint is deferred"_s.arg(
                                table.name, swapped.mid(0, 20).join(u", "_s), rankedBy),
                    u"edit one of those rows to a value no other row holds (and set it by hand after the "
                    u"merge), or "
                    "make %1 DEFERRABLE on the target"_s.arg(rankedBy));
            }
        }
        QJsonObject ranks;
        int maxRank = 0;
        for (auto r = rank.cbegin(); r != rank.cend(); ++r) {
            ranks.insert(r.key(), r.value());
            maxRank = std::max(maxRank, r.value());
        }
        m_ranks.insert(table.id, QString::fromUtf8(QJsonDocument(ranks).toJson(QJsonDocument::Compact)));
        m_maxRank.insert(table.id, maxRank);
    }
}

// Which tables take fresh keys from a sequence for their re-keyed rows: those with re-key
// decisions, unless their key holds a column pointing at a table with re-key decisions: their
// rows move with their re-keyed parent instead (children follow a re-keyed parent).
void markRekeyed(QList<Table>& tables, const QSet<qint64>& withRekeys)
{
    QHash<QString, qint64> idOf;
    for (const Table& table : std::as_const(tables))
        idOf.insert(table.name, table.id);
    for (Table& table : tables) {
        if (!withRekeys.contains(table.id))
            continue;
        bool movesWithParent = false;
        for (const ForeignKey& key : std::as_const(table.foreignKeys)) {
            for (const QString& column : key.columns)
                movesWithParent = movesWithParent
                    || (table.key.contains(column) && key.refTable != table.name
                        && withRekeys.contains(idOf.value(key.refTable, -1)));
        }
        table.rekeyed = !movesWithParent;
    }
}

// For each table, the foreign keys pointing at it whose ON DELETE action touches other rows.
// The list of tables must not grow afterwards: references point into it.
void markTouchedOnDelete(QList<Table>& tables)
{
    QHash<QString, Table*> byName;
    for (Table& table : tables)
        byName.insert(table.name, &table);
    for (const Table& child : std::as_const(tables)) {
        for (const ForeignKey& key : child.foreignKeys) {
            Table* parent = byName.value(key.refTable);
            if (parent && (key.onDelete == u"c"_s || key.onDelete == u"n"_s || key.onDelete == u"d"_s))
                parent->touchedOnDelete.append({ &child, key });
        }
    }
}

// Which columns carry a re-keyed table's key: its children's foreign keys, then, through
// composite keys, its grandchildren's, until nothing changes.
void markRekeyFollowers(QList<Table>& tables)
{
    QHash<QString, Table*> byName;
    for (Table& table : tables)
        byName.insert(table.name, &table);
    for (bool changed = true; changed;) {
        changed = false;
        for (Table& table : tables) {
            for (const ForeignKey& key : table.foreignKeys) {
                const Table* parent = byName.value(key.refTable);
                if (!parent)
                    continue;
                for (int i = 0; i < key.columns.size() && i < key.refColumns.size(); ++i) {
                    QString origin;
                    if (parent->keyMoves() && parent->freshKeyColumn == key.refColumns[i])
                        origin = parent->name;
                    else
                        origin = parent->followsRekey.value(key.refColumns[i]);
                    if (!origin.isEmpty() && !table.followsRekey.contains(key.columns[i])) {
                        table.followsRekey.insert(key.columns[i], origin);
                        changed = true;
                    }
                }
            }
        }
    }
}

// The old values of the re-keyed rows' fresh-key column (the single key column, or a composite
// key's sequence-fed one), per table, in the order the fresh values are handed out: one read.
QHash<qint64, QByteArrayList> readRekeyedValues(PgConnection& db, const QList<Table>& tables)
{
    QJsonObject freshIndex; // table id → the index of its fresh-key column in the key
    for (const Table& table : tables) {
        if (!table.freshKeyColumn.isEmpty())
            freshIndex.insert(QString::number(table.id), int(table.key.indexOf(table.freshKeyColumn)));
    }
    // Tables without a fresh-key column are listed too: their rows move with a re-keyed parent.
    const PgResult rows
        = db.exec(u"SELECT r.table_id, r.key ->> coalesce(f.k::int, 0) FROM pgreconcile.review_all r "
                  "LEFT JOIN jsonb_each_text($1::jsonb) f (id, k) ON f.id::int = r.table_id "
                  "WHERE r.action = 'rekey' ORDER BY r.table_id, r.key"_s,
            { QString::fromUtf8(QJsonDocument(freshIndex).toJson(QJsonDocument::Compact)) });
    QHash<qint64, QByteArrayList> values;
    for (int row = 0; row < rows.rowCount(); ++row)
        values[rows.toInt64(row, 0)].append(rows.utf8(row, 1));
    return values;
}

// pg_temp.pgr_rekey maps an old value of the fresh-key column to one new value: two re-keyed
// rows of a composite key with the same id (under different dates) cannot both be mapped.
void checkDistinctOldValues(const Table& table, const QByteArrayList& oldValues)
{
    QSet<QByteArray> seen;
    for (const QByteArray& value : oldValues) {
        if (seen.contains(value))
            throw Error(
                u"%1 has several re-keyed rows with %2 = %3; the rows that reference them could not tell "
                "which new value is theirs"_s.arg(table.name, table.freshKeyColumn, QString::fromUtf8(value)),
                u"re-key one of them; keep the target, take the source or edit the others"_s);
        seen.insert(value);
    }
}

// The source rows mapped onto the target's rows they collide with (map_onto_target): marks their
// tables and returns the script's lines that record each mapping, old key → the target row's key,
// where the rows that reference them look their key up (pg_temp.pgr_rekeyed).
QByteArray readMappings(PgConnection& db, QList<Table>& tables, const LibpqQuoter& quote)
{
    const PgResult rows
        = db.exec(u"SELECT table_id, key ->> 0, mapped_onto ->> 0 FROM pgreconcile.review_all "
                  "WHERE action = 'map_onto_target' ORDER BY table_id, key"_s);
    QByteArray lines;
    for (Table& table : tables) {
        for (int row = 0; row < rows.rowCount(); ++row) {
            if (rows.toInt64(row, 0) != table.id)
                continue;
            if (!table.mapped)
                lines += "-- rows of " + table.name.toUtf8()
                    + " mapped onto the target's rows: their references follow\n";
            table.mapped = true;
            lines += "INSERT INTO pg_temp.pgr_rekey VALUES (" + quote.literal(table.name.toUtf8()) + ", "
                + quote.literal(rows.utf8(row, 1)) + ", " + quote.literal(rows.utf8(row, 2)) + ");\n";
        }
    }
    return lines;
}

// What the header says of the decisions: their checksum and their counts per table and action.
struct DecisionsSummary
{
    QString checksum;
    QStringList counts; // "public.t take_source: 12"
};

// Computes the header's DecisionsSummary on a second connection, from the snapshot of the
// caller's transaction (exported to it), while the caller streams the rows on its own.
class ConcurrentSummary
{
public:
    ConcurrentSummary(const Project& project, PgConnection& db)
    {
        const QString snapshot = db.exec(u"SELECT pg_export_snapshot()"_s).text(0, 0);
        m_db = project.connect();
        m_result = std::async(std::launch::async, [db = m_db.get(), snapshot] {
            PgTransaction tx(*db, u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
            db->exec(u"SET TRANSACTION SNAPSHOT "_s + db->quoteLiteral(snapshot));
            DecisionsSummary summary;
            summary.checksum = Review::checksumOver(*db);
            BulkRead bulk(*db);
            const PgResult counts = db->exec(
                u"SELECT t.schema_name || '.' || t.table_name, r.action, count(*) FROM "
                u"pgreconcile.review_all r "
                "JOIN pgreconcile.tables t USING (table_id) WHERE r.action IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"_s);
            for (int row = 0; row < counts.rowCount(); ++row)
                summary.counts.append(
                    u"%1 %2: %3"_s.arg(counts.text(row, 0), counts.text(row, 1), counts.text(row, 2)));
            return summary;
        });
    }
    ~ConcurrentSummary()
    {
        if (!m_result.valid())
            return;
        // The export failed or was cancelled: stop the query rather than wait for it.
        m_db->cancel();
        m_result.wait();
    }
    ConcurrentSummary(const ConcurrentSummary&) = delete;
    ConcurrentSummary& operator=(const ConcurrentSummary&) = delete;

    DecisionsSummary result() { return m_result.get(); }

private:
    std::unique_ptr<PgConnection> m_db;
    std::future<DecisionsSummary> m_result;
};

// A script of millions of rows may not fit the temporary folder (often in memory): its body
// waits beside the output file when there is one.
std::unique_ptr<QTemporaryFile> temporaryFileBeside(const QIODevice& out)
{
    QStringList folders;
    if (const auto* file = qobject_cast<const QFileDevice*>(&out); file && !file->fileName().isEmpty())
        folders.append(QFileInfo(file->fileName()).absolutePath());
    folders.append(QDir::tempPath());
    for (const QString& folder : folders) {
        auto temporary = std::make_unique<QTemporaryFile>(folder + u"/.pgreconcile-script-XXXXXX"_s);
        if (temporary->open()) {
            // Used through its open handle only: nameless now, it cannot outlive a killed export.
            ::unlink(QFile::encodeName(temporary->fileName()).constData());
            return temporary;
        }
    }
    throw Error(u"cannot create a temporary file for the script in %1"_s.arg(folders.join(u" or "_s)),
        u"make room there or point TMPDIR at a folder with space"_s);
}

// Appends the body, written meanwhile to its temporary file, to the output.
void copyBody(QFileDevice& body, QIODevice& out)
{
    if (body.error() != QFileDevice::NoError || !body.flush() || !body.seek(0))
        throw Error(
            u"cannot write the script's temporary file %1: %2"_s.arg(body.fileName(), body.errorString()),
            u"make room on that disk (the script is about 50 bytes per decided change) and export again"_s);
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = body.read(chunk.data(), chunk.size());
        if (n < 0)
            throw Error(
                u"cannot read the script's temporary file %1: %2"_s.arg(body.fileName(), body.errorString()));
        if (n == 0)
            break;
        if (out.write(chunk.constData(), n) != n)
            throw Error(u"cannot write the script: %1"_s.arg(out.errorString()),
                u"check the output's disk space and permissions"_s);
    }
}

QString headerLine(const QString& text)
{
    QString line = text;
    line.replace(u'\n', u' ');
    return u"-- "_s + line + u'\n';
}

// Whether finalRowsSql looks a table's changes up by key on each side rather than joining them
// to the whole tables: when they are few against its rows and both sides are indexed on the key.
bool lookUpByKey(PgConnection& db, int tableId, const QString& stagedName, const QString& firstKeyColumn)
{
    // Both staged sides need an index that starts with the key: without one a probe is a scan.
    // reltuples is -1 for a table never analyzed: then the hash join, which is never quadratic.
    const PgResult sizes = db.exec(
        u"SELECT (SELECT count(*) FROM pgreconcile.changes WHERE table_id = $1), min(c.reltuples), "
        "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
        "i.indrelid "
        "AND a.attnum = i.indkey[0] WHERE i.indrelid = c.oid AND a.attname = $3)) "
        "FROM pg_class c WHERE c.oid IN (to_regclass(format('source.%I', $2::text)), to_regclass(format('target.%I', $2::text)))"_s,
        { tableId, stagedName, firstKeyColumn });
    const bool bothIndexed = sizes.toInt64(0, 2) == 2;
    return bothIndexed && double(sizes.toInt64(0, 0)) * 5 < sizes.text(0, 1).toDouble();
}

} // namespace

QHash<QString, QHash<QString, QString>> ScriptWriter::rekeyFollowers(PgConnection& db)
{
    QList<Table> tables = readTables(db);
    const PgResult rekeyed
        = db.exec(u"SELECT DISTINCT table_id FROM pgreconcile.review_all WHERE action = 'rekey'"_s);
    QSet<qint64> withRekeys;
    for (int row = 0; row < rekeyed.rowCount(); ++row)
        withRekeys.insert(rekeyed.toInt64(row, 0));
    markRekeyed(tables, withRekeys);
    const PgResult mapped
        = db.exec(u"SELECT DISTINCT table_id FROM pgreconcile.review_all WHERE action = 'map_onto_target'"_s);
    for (int row = 0; row < mapped.rowCount(); ++row) {
        for (Table& table : tables)
            table.mapped = table.mapped || table.id == mapped.toInt64(row, 0);
    }
    markRekeyFollowers(tables);
    QHash<QString, QHash<QString, QString>> followers;
    for (const Table& table : std::as_const(tables)) {
        if (!table.followsRekey.isEmpty())
            followers.insert(table.name, table.followsRekey);
    }
    return followers;
}

ScriptWriter::ScriptWriter(Project& project, Options options, const std::atomic<bool>* cancel)
    : m_project(project)
    , m_options(std::move(options))
    , m_cancel(cancel)
{ }

QString ScriptWriter::finalRowsSql(PgConnection& db, int tableId, QStringList* columnNames, bool withKeptRows)
{
    const PgResult table = db.exec(u"SELECT t.staged_name, to_json(d.key_columns) FROM pgreconcile.tables t "
                                   "JOIN pgreconcile.table_diffs d USING (table_id) WHERE t.table_id = $1"_s,
        { tableId });
    if (table.rowCount() == 0 || table.isNull(0, 1))
        throw Error(u"table %1 has no key or no diff"_s.arg(tableId));
    const QString staged = db.quoteName(table.text(0, 0));
    const QStringList key = stringsFromJson(table.utf8(0, 1));
    const PgResult columns = db.exec(
        u"SELECT c.column_name, c.staged_type, EXISTS (SELECT 1 FROM pgreconcile.columns s WHERE s.table_id "
        u"= c.table_id "
        "AND s.side = 'source' AND s.column_name = c.column_name AND NOT s.generated) "
        "FROM pgreconcile.columns c WHERE c.table_id = $1 AND c.side = 'target' AND NOT c.generated ORDER BY c.ordinal"_s,
        { tableId });
    QStringList keyMatchS, keyMatchT;
    for (int i = 0; i < key.size(); ++i) {
        QString type;
        for (int c = 0; c < columns.rowCount(); ++c) {
            if (columns.text(c, 0) == key[i])
                type = columns.text(c, 1);
        }
        const QString element = u"(r.key ->> %1)::%2"_s.arg(i).arg(type);
        keyMatchS.append(u"s.%1 = %2"_s.arg(db.quoteName(key[i]), element));
        keyMatchT.append(u"t.%1 = %2"_s.arg(db.quoteName(key[i]), element));
    }
    QStringList finals, targets;
    for (int c = 0; c < columns.rowCount(); ++c) {
        const QString name = db.quoteName(columns.text(c, 0));
        const bool inSource = columns.toBool(c, 2);
        if (columnNames)
            columnNames->append(columns.text(c, 0));
        const QString fromSource = inSource ? u"s."_s + name : u"t."_s + name;
        // The row the change ends as: the source's (take source, re-key), the stored row (edit,
        // decided merge), or the target's with the source's changed columns laid over (default merge).
        finals.append(
            u"(CASE WHEN r.action IN ('take_source', 'rekey') THEN %1 WHEN r.action IN ('keep_target', "
            u"'map_onto_target') THEN t.%2 "
            "WHEN r.edited_row IS NOT NULL THEN (jsonb_populate_record(NULL::target.%4, r.edited_row)).%2 "
            "WHEN r.action = 'merge' THEN CASE WHEN %3 = ANY(r.source_columns) THEN %1 ELSE t.%2 END END)::text"_s
                .arg(fromSource, name, db.quoteLiteral(columns.text(c, 0)), staged));
        targets.append(u"t.%1::text"_s.arg(name));
    }
    // A few changes in a big table are looked up by key, an index probe on each side (LATERAL with
    // OFFSET 0 keeps them probes: BulkRead turns nested loops off); many are hash-joined to the
    // whole tables, cheaper once they are more than about a fifth of the rows. 7900 changes in a
    // table of a million rows: 60 ms instead of 600.
    const QString sides = lookUpByKey(db, tableId, table.text(0, 0), key.first())
        ? u"LEFT JOIN LATERAL (SELECT * FROM source.%1 s WHERE %2 OFFSET 0) s ON true "
          "LEFT JOIN LATERAL (SELECT * FROM target.%1 t WHERE %3 OFFSET 0) t ON true"_s
        : u"LEFT JOIN source.%1 s ON %2 LEFT JOIN target.%1 t ON %3"_s;
    return u"SELECT r.key::text AS key, r.action, "
           "CASE WHEN r.action IN ('take_source', 'rekey') THEN s.%1 IS NOT NULL WHEN r.action IN "
           "('keep_target', 'map_onto_target') THEN t.%1 IS NOT NULL "
           "ELSE true END AS final_present, "
           "t.%1 IS NOT NULL AS target_present, %2, %3 "
           "FROM pgreconcile.review_all r %4 "
           "WHERE r.table_id = %5 AND r.action IS NOT NULL%6"_s.arg(db.quoteName(key.first()),
               finals.join(u", "_s), targets.join(u", "_s),
               sides.arg(staged, keyMatchS.join(u" AND "_s), keyMatchT.join(u" AND "_s)),
               QString::number(tableId),
               withKeptRows ? QString() : u" AND r.action NOT IN ('keep_target', 'map_onto_target')"_s);
}

QString ScriptWriter::finalRowsAliases(int columns)
{
    QStringList names = { u"key"_s, u"action"_s, u"final_present"_s, u"target_present"_s };
    for (int i = 0; i < columns; ++i)
        names.append(u"f%1"_s.arg(i));
    for (int i = 0; i < columns; ++i)
        names.append(u"t%1"_s.arg(i));
    return names.join(u", "_s);
}

namespace {

// pg_temp.pgr_rekey maps a composite key's old id alone (payment_id 3 → 5): a row the script
// writes whose foreign key holds that id with other values in the other key columns (a payment
// of another date) would be re-pointed too. Refused, naming the rows (direct references only;
// deeper ones would fail on their foreign key at apply and roll back).
void checkIdsFollowTheirOwnRow(PgConnection& db, const QList<Table>& tables)
{
    QHash<QString, const Table*> byName;
    for (const Table& table : tables)
        byName.insert(table.name, &table);
    QHash<int, ReviewTable> reviewTables;
    for (const Table& child : tables) {
        for (const ForeignKey& fk : child.foreignKeys) {
            const Table* parent = byName.value(fk.refTable);
            if (child.key.isEmpty() || !parent || !parent->rekeyed || parent->key.size() < 2
                || !fk.refColumns.contains(parent->freshKeyColumn))
                continue;
            if (reviewTables.isEmpty()) {
                for (const ReviewTable& table : ReviewTable::all(db))
                    reviewTables.insert(table.tableId, table);
            }
            const QStringList types = reviewTables.value(parent->id).keyTypes.value(u"target"_s);
            QStringList names;
            const QString rows = ScriptWriter::finalRowsSql(db, child.id, &names);
            QStringList sameRow;
            QString idValue;
            for (int c = 0; c < fk.columns.size(); ++c) {
                const int k = int(parent->key.indexOf(fk.refColumns[c]));
                const int f = int(names.indexOf(fk.columns[c]));
                if (k < 0 || f < 0 || k >= types.size())
                    continue;
                sameRow.append(u"(p.key ->> %1)::%2 = x.f%3::%2"_s.arg(k).arg(types[k]).arg(f));
                if (fk.refColumns[c] == parent->freshKeyColumn)
                    idValue = u"x.f%1::%2 IN (SELECT (p.key ->> %3)::%2 FROM pgreconcile.review_all p "
                              "WHERE p.table_id = %4 AND p.action = 'rekey')"_s.arg(f)
                                  .arg(types[k])
                                  .arg(k)
                                  .arg(parent->id);
            }
            if (idValue.isEmpty())
                continue;
            const PgResult stray = db.exec(
                u"SELECT string_agg(x.key, ', ' ORDER BY x.key) FROM (SELECT x.key FROM (%1) x (%2) WHERE "
                u"x.final_present AND %3 "
                "AND NOT EXISTS (SELECT 1 FROM pgreconcile.review_all p WHERE p.table_id = %4 AND p.action = "
                "'rekey' AND %5) "
                "ORDER BY x.key LIMIT 20) x"_s.arg(rows, ScriptWriter::finalRowsAliases(int(names.size())),
                    idValue, QString::number(parent->id), sameRow.join(u" AND "_s)));
            if (!stray.isNull(0, 0))
                throw Error(u"rows of %1 (%2) point through %3 at rows of %4 whose %5 a re-keyed row of "
                            u"another key had; "
                            "the script maps that %5 alone, and would re-point them too"_s.arg(
                                child.name, stray.text(0, 0), fk.name, parent->name, parent->freshKeyColumn),
                    u"keep the target for the re-keyed row (or take the source, keeping its %1), or keep those rows out"_s
                        .arg(parent->freshKeyColumn));
        }
    }
}

} // namespace

ScriptWriter::Summary ScriptWriter::write(QIODevice& out)
{
    const auto* file = qobject_cast<const QFileDevice*>(&out);
    const QString where = file && !file->fileName().isEmpty() ? file->fileName() : u"standard output"_s;
    RunningWork work(m_project, WorkKind::Export, {}, u"exporting the merge script to %1"_s.arg(where),
        u"Export again: no script was written (the file appears only once it is complete)."_s);
    const Summary summary = writeScript(out);
    work.finished();
    return summary;
}

ScriptWriter::Summary ScriptWriter::writeScript(QIODevice& out)
{
    PgConnection& db = m_project.connection();
    // One snapshot of the review for the whole script: checksum, counts and rows agree.
    PgTransaction tx(db, u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
    BulkRead bulk(db);
    Review review(m_project);
    const QString blocker = review.exportBlocker();
    if (!blocker.isEmpty())
        throw Error(u"project \"%1\" cannot export yet: %2"_s.arg(m_project.name(), blocker),
            u"decide them first: \"pgreconcile-cli review --project %1\" lists them, \"pgreconcile-cli "
            u"decide\" "
            "decides"_s.arg(m_project.name()));
    LibpqQuoter quote(m_project.staging().connectionString(m_project.database()));
    Summary summary;
    // The checksum reads and sorts every change; a second connection computes it (and the counts)
    // from this snapshot while this one streams the rows. The header that carries them is written
    // last, in front of the body, which waits in a temporary file.
    ConcurrentSummary decisions(m_project, db);
    const std::unique_ptr<QTemporaryFile> bodyFile = temporaryFileBeside(out);
    QIODevice& body = *bodyFile;

    QList<Table> tables = readTables(db);
    markTouchedOnDelete(tables);
    bool deferNeeded = false;
    const QList<int> order = parentsFirst(tables, &deferNeeded);

    const QHash<qint64, QByteArrayList> rekeyedKeys = readRekeyedValues(db, tables);
    QSet<qint64> withRekeys;
    for (auto it = rekeyedKeys.cbegin(); it != rekeyedKeys.cend(); ++it)
        withRekeys.insert(it.key());
    markRekeyed(tables, withRekeys);
    QHash<QString, bool> rekeyedTables;
    QHash<int, QByteArray> advanceSequences;
    QByteArray rekeys;
    for (Table& table : tables) {
        const QByteArrayList keys = rekeyedKeys.value(table.id);
        if (keys.isEmpty() || !table.rekeyed)
            continue; // none, or they move with their re-keyed parent
        Column* keyColumn = nullptr;
        for (Column& column : table.columns) {
            if (column.name == table.freshKeyColumn)
                keyColumn = &column;
        }
        if (!keyColumn)
            throw Error(u"%1 has re-keyed rows, but no column of its key (%2) takes a fresh value"_s.arg(
                            table.name, table.key.join(u", "_s)),
                u"decide those rows another way (take source, keep target or edit)"_s);
        checkDistinctOldValues(table, keys);
        rekeyedTables.insert(table.name, true);
        // Without a sequence of its own, a temporary one counts on from the highest key.
        QByteArray created;
        if (keyColumn->sequence.isEmpty()) {
            keyColumn->sequence = u"pg_temp.pgr_fresh_keys_%1"_s.arg(table.id);
            created
                = "CREATE TEMP SEQUENCE IF NOT EXISTS pgr_fresh_keys_" + QByteArray::number(table.id) + ";\n";
        }
        // Fresh keys start past every key the target holds and every key the script inserts
        // (the source's own new rows may lie beyond the target's sequence).
        const PgResult inserted
            = db.exec(u"SELECT coalesce(max((key ->> $2::int)::numeric), 0) FROM pgreconcile.review_all "
                      "WHERE table_id = $1 AND action IN ('take_source', 'edit', 'merge')"_s,
                { table.id, int(table.key.indexOf(table.freshKeyColumn)) });
        const QByteArray sequence = keyColumn->sequence.toUtf8();
        advanceSequences[table.id] = "-- fresh keys of " + table.name.toUtf8()
            + " start past the keys the target has and the script inserts\n" + created + "SELECT setval("
            + quote.literal(sequence) + "::regclass, GREATEST((SELECT last_value FROM " + sequence
            + "), (SELECT max(" + quote.identifier(keyColumn->name.toUtf8()) + ") FROM "
            + qualifiedName(table, quote) + ")::numeric, " + inserted.utf8(0, 0) + ")::bigint);\n";
        if (m_options.format != Format::Values)
            continue; // the COPY format takes them from its data block
        rekeys += advanceSequences[table.id];
        for (const QByteArray& key : keys) {
            rekeys += "INSERT INTO pg_temp.pgr_rekey VALUES (" + quote.literal(table.name.toUtf8()) + ", "
                + quote.literal(key) + ", nextval(" + quote.literal(keyColumn->sequence.toUtf8())
                + "::regclass)::text);\n";
        }
    }

    const QByteArray mappings = readMappings(db, tables, quote);
    markRekeyFollowers(tables);
    checkIdsFollowTheirOwnRow(db, tables);
    for (const Table& table : std::as_const(tables)) {
        if (withRekeys.contains(table.id) && !table.rekeyed && rekeyedTables.isEmpty())
            throw Error(
                u"rows of %1 are decided to move with a re-keyed parent, but no parent row is re-keyed any more"_s
                    .arg(table.name),
                u"decide those rows again (\"pgreconcile-cli review --project %1 --list\" lists them)"_s.arg(
                    m_project.name()));
    }

    // Which step writes each row; unique values freed and taken in the right order, or refused.
    ScriptPlan plan(db, tables);
    plan.orderUniqueValues();

    // psql stops at the first error even when the user forgot -v ON_ERROR_STOP=1 (the COPY format
    // needs psql anyway; the VALUES format stays free of psql's commands). The script's text is
    // UTF-8 whatever the applying client's locale.
    QByteArray preamble = m_options.format == Format::Copy ? "\\set ON_ERROR_STOP on\n" : "";
    preamble += "SET client_encoding = 'UTF8';\nBEGIN;\n";
    preamble += "SET LOCAL lock_timeout = " + quote.literal(m_options.lockTimeout.toUtf8()) + ";\n";
    if (m_options.format == Format::Copy) {
        // Each statement joins a whole table's rows: with the default 4MB the hash joins spill to
        // disk (a million updates: 15 s instead of 10 s). For this transaction only.
        preamble += "SET LOCAL work_mem = '128MB';\n";
    }
    if (m_options.disableTriggers)
        preamble += "SET LOCAL session_replication_role = replica; -- triggers off (needs superuser)\n";
    if (deferNeeded)
        preamble += "SET CONSTRAINTS ALL DEFERRED; -- foreign keys on a cycle, checked at COMMIT\n";
    preamble += "CREATE FUNCTION pg_temp.pgr_expect(touched bigint, expected bigint, operation text, tbl "
                "text, missing text)\n"
                "RETURNS void LANGUAGE plpgsql AS $pgr$\n"
                "BEGIN\n"
                "  IF touched <> expected THEN\n"
                "    RAISE EXCEPTION 'pgreconcile: % of % row(s) to % in % are no longer as reviewed', "
                "expected - touched, expected, operation, tbl\n"
                "      USING DETAIL = format('keys: %s', coalesce(missing, '(unknown)')),\n"
                "            HINT = 'The target changed since the review. Nothing was applied. Reload the "
                "target, diff again and review those rows.';\n"
                "  END IF;\n"
                "END $pgr$;\n";
    // No cascade, SET NULL or SET DEFAULT may touch a row that is not a decided change.
    preamble += "CREATE FUNCTION pg_temp.pgr_no_dependents(tbl text, child text, fk text, what text, "
                "dependents text)\n"
                "RETURNS void LANGUAGE plpgsql AS $pgr$\n"
                "BEGIN\n"
                "  IF dependents IS NOT NULL THEN\n"
                "    RAISE EXCEPTION 'pgreconcile: deleting rows of % would % rows of % that no decision "
                "touches (foreign key %)', tbl, what, child, fk\n"
                "      USING DETAIL = format('rows of %s: %s', child, dependents),\n"
                "            HINT = 'Nothing was applied. Those rows point at rows the review deletes: diff "
                "again and decide them with their parent, or keep the parent.';\n"
                "  END IF;\n"
                "END $pgr$;\n";
    if (!rekeyedTables.isEmpty() || !mappings.isEmpty()) {
        preamble += "CREATE TEMP TABLE pgr_rekey (tbl text, old_key text, new_key text, PRIMARY KEY (tbl, "
                    "old_key)) ON COMMIT DROP;\n"
                    "CREATE FUNCTION pg_temp.pgr_rekeyed(tbl text, old_key text) RETURNS text LANGUAGE sql "
                    "STABLE AS\n"
                    "  $pgr$ SELECT coalesce((SELECT r.new_key FROM pg_temp.pgr_rekey r WHERE r.tbl = $1 AND "
                    "r.old_key = $2), $2) $pgr$;\n";
        preamble += mappings;
        if (!rekeys.isEmpty())
            preamble
                += "-- fresh keys from the target's sequences for rows inserted under a new key\n" + rekeys;
    }
    body.write(preamble + '\n');

    // Values format: one step's rows of one operation, as batched statements.
    auto writeStatements = [&](const Table& table, Operation operation, int step) {
        if (table.key.isEmpty())
            return; // keyless tables: see emitKeyless
        const int n = int(table.columns.size());
        const QString ops = operation == Operation::Delete ? u"'d'"_s
            : operation == Operation::Update               ? u"'u'"_s
                                                           : u"'i', 'r'"_s;
        const QString rows
            = u"SELECT * FROM (%1) AS y WHERE op IN (%2) AND step = %3"_s.arg(plan.rowsSql(table), ops)
                  .arg(step);
        db.exec(u"DECLARE pgr_rows NO SCROLL CURSOR FOR "_s + plan.orderedSql(table, rows, operation));
        StatementWriter writer(body, quote, table, operation, m_options.batchSize);
        for (;;) {
            if (m_cancel && m_cancel->load())
                throw Cancelled();
            const PgResult fetched = db.exec(u"FETCH 2000 FROM pgr_rows"_s);
            // op, key, f0.., r0.., step
            for (int row = 0; row < fetched.rowCount(); ++row) {
                QList<QByteArray> finals, targets;
                for (int i = 0; i < n; ++i) {
                    finals.append(fetched.isNull(row, 2 + i) ? QByteArray() : fetched.utf8(row, 2 + i));
                    targets.append(
                        fetched.isNull(row, 2 + n + i) ? QByteArray() : fetched.utf8(row, 2 + n + i));
                }
                writer.add(fetched.text(row, 1), fetched.text(row, 0) == u"r"_s, finals, targets);
            }
            if (fetched.rowCount() < 2000)
                break;
        }
        writer.flush();
        db.exec(u"CLOSE pgr_rows"_s);
        if (writer.rows() > 0) {
            summary.statements[table.name + u'/' + operationName(operation)] += writer.rows();
            summary.rows += writer.rows();
        }
    };

    // The order (docs: "Order"): updates that re-point rows away from rows the script deletes;
    // deletes, children first; then table by table, parents first, its updates (ranked where
    // one frees a unique value another takes), its inserts, and its updates that point at rows
    // of its own it inserts. Every row a statement points at exists by then, re-keyed parents
    // included, and an update frees a unique value before an insert of the same table takes it.
    auto inOrder = [&](const std::function<void(const Table&, Operation, int)>& writeStep) {
        for (const int index : order)
            writeStep(tables[index], Operation::Update, kEarlyUpdate);
        for (auto it = order.rbegin(); it != order.rend(); ++it)
            writeStep(tables[*it], Operation::Delete, kDelete);
        for (const int index : order) {
            for (int rank = 0; rank <= plan.maxRank(tables[index]); ++rank)
                writeStep(tables[index], Operation::Update, kUpdate + rank);
            writeStep(tables[index], Operation::Insert, kInsert);
            writeStep(tables[index], Operation::Update, kLateUpdate);
        }
    };
    if (m_options.format == Format::Values) {
        inOrder(writeStatements);
    } else {
        // All data first, then the statements in the order above.
        QHash<QString, std::shared_ptr<CopyBlockWriter>> blocks;
        for (const int index : order) {
            const Table& table = tables[index];
            if (table.key.isEmpty())
                continue;
            auto block = std::make_shared<CopyBlockWriter>(body, quote, table);
            block->writeData(db, plan.rowsSql(table), m_cancel);
            blocks.insert(table.name, block);
        }
        for (const int index : order) {
            const Table& table = tables[index];
            if (!blocks.contains(table.name) || !table.rekeyed)
                continue;
            body.write(advanceSequences.value(table.id));
            for (const Column& column : table.columns) {
                if (column.name == table.freshKeyColumn)
                    body.write(blocks[table.name]->rekeyStatement(column));
            }
        }
        inOrder([&](const Table& table, Operation operation, int step) {
            if (!blocks.contains(table.name))
                return;
            body.write(blocks[table.name]->statement(operation, step));
            if (const qint64 rows = blocks[table.name]->count(operation, step); rows > 0) {
                summary.statements[table.name + u'/' + operationName(operation)] += rows;
                summary.rows += rows;
            }
        });
    }

    // Keyless tables: each distinct row value is added or removed as many times as it changed.
    bool keylessGuard = false;
    for (const int index : order) {
        const Table& table = tables[index];
        if (!table.key.isEmpty())
            continue;
        const PgResult rows = db.exec(
            u"SELECT r.key::text, r.change_class, r.kind, r.occurrences FROM pgreconcile.review_all r "
            "WHERE r.table_id = $1 AND r.action = 'take_source' ORDER BY r.key"_s,
            { table.id });
        const QByteArray target
            = quote.identifier(table.schema.toUtf8()) + '.' + quote.identifier(table.table.toUtf8());
        // How many copies of each row value the review saw on the target: the script's guard finds
        // as many there, or the target changed since (an extra copy, one gone) and it rolls back.
        QHash<QString, qint64> reviewedCopies;
        if (rows.rowCount() > 0) {
            QStringList columns;
            const PgResult names
                = db.exec(u"SELECT k FROM jsonb_object_keys($1::jsonb) k"_s, { rows.text(0, 0) });
            for (int k = 0; k < names.rowCount(); ++k)
                columns.append(u"r."_s + db.quoteName(names.text(k, 0)));
            const PgResult copies
                = db.exec(u"SELECT x.key::text, count(*) FROM (SELECT to_jsonb(x) AS key FROM (SELECT %1 "
                          u"FROM target.%2 r) x) x "
                          "WHERE x.key IN (SELECT r.key FROM pgreconcile.review_all r WHERE r.table_id = $1 "
                          "AND r.action = 'take_source') "
                          "GROUP BY 1"_s.arg(columns.join(u", "_s), db.quoteName(table.staged)),
                    { table.id });
            for (int k = 0; k < copies.rowCount(); ++k)
                reviewedCopies.insert(copies.text(k, 0), copies.toInt64(k, 1));
            if (!keylessGuard) {
                keylessGuard = true;
                body.write("CREATE FUNCTION pg_temp.pgr_expect_copies(copies bigint, reviewed bigint, tbl "
                           "text, row_value text)\n"
                           "RETURNS void LANGUAGE plpgsql AS $pgr$\n"
                           "BEGIN\n"
                           "  IF copies <> reviewed THEN\n"
                           "    RAISE EXCEPTION 'pgreconcile: % holds % copies of a row the review saw % "
                           "times', tbl, copies, reviewed\n"
                           "      USING DETAIL = format('row: %s', row_value),\n"
                           "            HINT = 'The target changed since the review. Nothing was applied. "
                           "Reload the target, diff "
                           "again and review that table.';\n"
                           "  END IF;\n"
                           "END $pgr$;\n\n");
            }
        }
        for (int row = 0; row < rows.rowCount(); ++row) {
            // The key is the row (its compared columns) as JSON; populate the target's row type from it.
            const QByteArray json = quote.literal(rows.utf8(row, 0)) + "::jsonb";
            QByteArrayList columns, values, matches;
            const PgResult present
                = db.exec(u"SELECT k FROM jsonb_object_keys($1::jsonb) k"_s, { rows.text(row, 0) });
            QSet<QString> inKey;
            for (int k = 0; k < present.rowCount(); ++k)
                inKey.insert(present.text(k, 0));
            for (const Column& column : table.columns) {
                if (!inKey.contains(column.name))
                    continue;
                const QByteArray name = quote.identifier(column.name.toUtf8());
                const QByteArray value = "(" + json + " ->> " + quote.literal(column.name.toUtf8()) + ")";
                columns.append(name);
                values.append(value + "::" + column.type.toUtf8());
                matches.append("t." + name + "::text IS NOT DISTINCT FROM (" + value
                    + "::" + column.type.toUtf8() + ")::text");
            }
            const QByteArray n = QByteArray::number(rows.toInt64(row, 3));
            // Three-way: the source's kind of change. Two-way: copies only the source has are
            // added to the target, copies only the target has are removed.
            const bool insert = storedOptional<ChangeKind>(rows.text(row, 2)) == ChangeKind::Insert
                || storedValue<ChangeClass>(rows.text(row, 1)) == ChangeClass::OnlyInSource;
            const QString operation = insert ? u"insert"_s : u"delete"_s;
            QByteArray sql = "SELECT pg_temp.pgr_expect_copies((SELECT count(*) FROM " + target + " t WHERE "
                + matches.join(" AND ") + "), " + QByteArray::number(reviewedCopies.value(rows.text(row, 0)))
                + ", " + quote.literal(table.name.toUtf8()) + ", " + quote.literal(rows.utf8(row, 0))
                + ");\n";
            if (insert) {
                sql += "WITH done AS (INSERT INTO " + target + " (" + columns.join(", ") + ") SELECT "
                    + values.join(", ") + " FROM generate_series(1, " + n + ") RETURNING 1)\n";
                summary.statements[table.name + u"/insert"_s] += rows.toInt64(row, 3);
            } else {
                sql += "WITH done AS (DELETE FROM " + target + " WHERE ctid IN (SELECT t.ctid FROM " + target
                    + " t WHERE " + matches.join(" AND ") + " LIMIT " + n + ") RETURNING 1)\n";
                summary.statements[table.name + u"/delete"_s] += rows.toInt64(row, 3);
            }
            sql += "SELECT pg_temp.pgr_expect((SELECT count(*) FROM done), " + n + ", "
                + quote.literal(operation.toUtf8()) + ", " + quote.literal(table.name.toUtf8()) + ", "
                + quote.literal(rows.utf8(row, 0)) + ");\n\n";
            body.write(sql);
            summary.rows += rows.toInt64(row, 3);
            // A second change of the same row value (source_only and target_only) finds this one done.
            reviewedCopies[rows.text(row, 0)] += insert ? rows.toInt64(row, 3) : -rows.toInt64(row, 3);
        }
    }

    // Sequences end past the highest key, so the target's next inserts do not collide.
    QByteArray sequences;
    for (const Table& table : tables) {
        bool inserted = false;
        for (auto it = summary.statements.cbegin(); it != summary.statements.cend(); ++it)
            inserted = inserted || it.key() == table.name + u"/insert"_s;
        if (!inserted)
            continue;
        for (const Column& column : table.columns) {
            if (column.sequence.isEmpty()
                || column.sequence.startsWith(u"pg_temp."_s)) // pg_temp: fresh keys of a table without one
                continue;
            const QByteArray target
                = quote.identifier(table.schema.toUtf8()) + '.' + quote.identifier(table.table.toUtf8());
            sequences += "SELECT setval(" + quote.literal(column.sequence.toUtf8())
                + "::regclass, GREATEST((SELECT last_value FROM " + column.sequence.toUtf8()
                + "), (SELECT max(" + quote.identifier(column.name.toUtf8()) + ") FROM " + target
                + ")::bigint));\n";
        }
    }
    if (!sequences.isEmpty())
        body.write("-- sequences past the highest key\n" + sequences + '\n');
    body.write("COMMIT;\n");

    const DecisionsSummary decided = decisions.result();
    summary.checksum = decided.checksum;
    if (const auto approval = review.approval(summary.checksum);
        approval && approval->valid) // valid: of this checksum
        summary.approvedBy = approval->by + u" at "_s + approval->at.toString(Qt::ISODate);

    // The header, in front of the body.
    QString header = u"-- pgreconcile merge script\n"_s;
    header += headerLine(u"project:   "_s + m_project.name());
    const PgResult sides = db.exec(
        u"SELECT side, origin_kind, origin, coalesce(origin_schema, ''), loaded_at FROM pgreconcile.sides "
        "ORDER BY array_position(ARRAY['base','source','target'], side)"_s);
    for (int row = 0; row < sides.rowCount(); ++row) {
        header += headerLine(u"%1 %2 (%3%4), loaded %5"_s.arg(
            QString(sides.text(row, 0) + u':').leftJustified(10), sides.text(row, 2), sides.text(row, 1),
            sides.text(row, 3).isEmpty() ? QString() : u", schema "_s + sides.text(row, 3),
            sides.text(row, 4)));
    }
    header += headerLine(
        u"written:   %1 by %2 with pgreconcile"_s.arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate),
            m_options.writtenBy.isEmpty() ? Settings().reviewerName() : m_options.writtenBy));
    header += headerLine(u"decisions: md5 %1"_s.arg(summary.checksum));
    header += headerLine(summary.approvedBy.isEmpty() ? u"approval:  DRAFT (not approved)"_s
                                                      : u"approval:  approved by "_s + summary.approvedBy);
    if (const QStringList triggers = TargetTriggers(db).accepted(); !triggers.isEmpty())
        header += headerLine(
            u"triggers:  the target's own, effects accepted by the reviewers: "_s + triggers.join(u", "_s));
    header += u"-- decisions per table:\n"_s;
    for (const QString& count : decided.counts)
        header += headerLine(u"  "_s + count);
    header += m_options.format == Format::Copy
        ? u"-- Apply with psql (its COPY data blocks need it): psql -v ON_ERROR_STOP=1 -f THIS_FILE \"TARGET URI\"\n"_s
        : u"-- Apply with: psql -v ON_ERROR_STOP=1 -f THIS_FILE \"TARGET URI\"\n"_s;
    header
        += u"-- It changes the target in one transaction or not at all: a row changed on the target since the\n"_s
           u"-- review fails the script, naming the table, the key and what changed.\n\n"_s;
    out.write(header.toUtf8());
    copyBody(*bodyFile, out);
    tx.commit();
    return summary;
}

} // namespace pgr
