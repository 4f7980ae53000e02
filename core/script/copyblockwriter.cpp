// SPDX-License-Identifier: GPL-3.0-or-later
#include "copyblockwriter.h"

#include "error.h"
#include "guardsql.h"
#include "pgconnection.h"
#include "scriptquoter.h"

#include <QIODevice>

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

CopyBlockWriter::CopyBlockWriter(QIODevice& out, const ScriptQuoter& quote, const Table& table)
    : m_out(out)
    , m_quote(quote)
    , m_table(table)
{
    m_target = ident(table.schema) + '.' + ident(table.table);
    m_rows = "pg_temp.pgr_rows_" + QByteArray::number(table.id);
}

void CopyBlockWriter::writeData(PgConnection& db, const QString& plannedRows, const std::atomic<bool>* cancel)
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
    m_out.write(dataHead());

    if (cancel && cancel->load())
        throw Cancelled();
    QByteArray buffer;
    buffer.reserve(kFlushBytes + 64 * 1024);
    qint64 seen = 0;
    db.copyOut(select, [&](const std::string& row) {
        countRow(row);
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

QByteArray CopyBlockWriter::dataHead() const
{
    const int n = int(m_table.columns.size());
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
    return head;
}

void CopyBlockWriter::countRow(const std::string& row)
{
    if (!row.empty())
        ++m_count[row.front()][std::stoi(row.substr(row.rfind('\t') + 1))];
}

qint64 CopyBlockWriter::count(Operation operation, int step) const
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

QByteArray CopyBlockWriter::rekeyStatement(const Column& keyColumn) const
{
    const qint64 rekeyed = m_count.value('r').value(kInsert);
    if (rekeyed == 0)
        return {};
    const int k = columnIndex(m_table, keyColumn.name);
    return "-- " + QByteArray::number(rekeyed) + " row(s) of " + m_table.name.toUtf8()
        + " take a fresh key from the target's sequence\n"
          "INSERT INTO pg_temp.pgr_rekey SELECT "
        + literal(m_table.name) + ", v.f" + QByteArray::number(k) + ", nextval(" + literal(keyColumn.sequence)
        + "::regclass)::text FROM " + m_rows + " v WHERE v.op = 'r' ORDER BY v.f" + QByteArray::number(k)
        + ";\n\n";
}

QByteArray CopyBlockWriter::statement(Operation operation, int step) const
{
    const qint64 expected = count(operation, step);
    const QByteArray inStep = " AND v.step = " + QByteArray::number(step);
    if (expected == 0)
        return {};
    const QByteArray n = QByteArray::number(expected);
    QByteArray sql
        = "-- " + operationName(operation).toUtf8() + ' ' + n + " row(s) of " + m_table.name.toUtf8();
    if (operation == Operation::Insert) {
        sql += ", each only where its key is free\n";
    } else {
        sql += ", each only if the target row is still as reviewed\n";
        if (operation == Operation::Delete)
            sql += dependentsStatement();
    }
    // The keys that did not apply, and why, computed only when the count is off (a lazy
    // subquery): the target rows as they are now, before this statement.
    sql += "WITH done AS (" + modifyingStatement(operation, inStep) + ")\nSELECT pg_temp.pgr_expect(c.n, " + n
        + ", " + literal(operationName(operation)) + ", " + literal(m_table.name) + ", CASE WHEN c.n <> " + n
        + " THEN (" + explanation(operation, inStep) + ") END)\nFROM (SELECT count(*) AS n FROM done) c;\n\n";
    return sql;
}

QByteArray CopyBlockWriter::modifyingStatement(Operation operation, const QByteArray& inStep) const
{
    switch (operation) {
    case Operation::Delete:
        return "DELETE FROM " + m_target + " AS t USING " + m_rows + " v WHERE v.op = 'd'" + inStep + " AND "
            + reviewedKeyMatch() + " AND " + guard() + " RETURNING 1";
    case Operation::Update: {
        QByteArrayList sets;
        for (int i = 0; i < m_table.columns.size(); ++i) {
            if (updateSets(m_table, m_table.columns[i]))
                sets.append(ident(m_table.columns[i].name) + " = " + finalValue(i, false));
        }
        return "UPDATE " + m_target + " AS t SET " + sets.join(", ") + " FROM " + m_rows
            + " v WHERE v.op = 'u'" + inStep + " AND " + reviewedKeyMatch() + " AND " + guard()
            + " RETURNING 1";
    }
    case Operation::Insert: {
        QByteArrayList columns, values, keyFree;
        for (int i = 0; i < m_table.columns.size(); ++i) {
            columns.append(ident(m_table.columns[i].name));
            values.append(finalValue(i, true));
            if (m_table.key.contains(m_table.columns[i].name))
                keyFree.append("t." + ident(m_table.columns[i].name) + " = " + finalValue(i, true));
        }
        return "INSERT INTO " + m_target + " (" + columns.join(", ") + ")"
            + (m_table.hasIdentity ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + values.join(", ")
            + " FROM " + m_rows + " v WHERE v.op IN ('i', 'r')" + inStep + " AND NOT EXISTS (SELECT 1 FROM "
            + m_target + " t WHERE " + keyFree.join(" AND ") + ") RETURNING 1";
    }
    }
    return {};
}

QByteArray CopyBlockWriter::ident(const QString& name) const { return m_quote.identifier(name.toUtf8()); }

QByteArray CopyBlockWriter::literal(const QString& text) const { return m_quote.literal(text.toUtf8()); }

QByteArray CopyBlockWriter::type(int i) const { return m_table.columns[i].type.toUtf8(); }

// Column i's final value: its new key for a row under a fresh key, a re-keyed parent's new
// key for a column that follows one, otherwise as reviewed.
QByteArray CopyBlockWriter::finalValue(int i, bool insert) const
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

QByteArray CopyBlockWriter::reviewedKeyMatch() const
{
    QByteArrayList parts;
    for (const QString& key : m_table.key) {
        const int i = columnIndex(m_table, key);
        parts.append("t." + ident(key) + " = v.r" + QByteArray::number(i) + "::" + type(i));
    }
    return parts.join(" AND ");
}

QByteArray CopyBlockWriter::guard() const { return reviewedRowGuard(m_table, m_quote, "r", {}); }

// Before the delete: no ON DELETE action may touch a row the script does not delete itself
// (a table's own deleted rows, and those of tables on a cycle, are in their COPY blocks).
QByteArray CopyBlockWriter::dependentsStatement() const
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
QByteArray CopyBlockWriter::explanation(Operation operation, const QByteArray& inStep) const
{
    QByteArrayList keyTexts, names, now, reviewed;
    for (const QString& key : m_table.key) {
        const int i = columnIndex(m_table, key);
        keyTexts.append(
            (operation == Operation::Insert ? "v.f" : "v.r") + QByteArray::number(i) + "::" + type(i));
    }
    const QByteArray key = "jsonb_build_array(" + keyTexts.join(", ") + ")::text";
    if (operation == Operation::Insert)
        return keyTaken(key, inStep);
    for (int i = 0; i < m_table.columns.size(); ++i) {
        names.append(literal(m_table.columns[i].name));
        now.append("t." + ident(m_table.columns[i].name) + "::text");
        reviewed.append("v.r" + QByteArray::number(i));
    }
    const QByteArray op = operation == Operation::Delete ? "'d'" : "'u'";
    return "SELECT string_agg(m.line, '; ') FROM (SELECT " + key
        + " || CASE WHEN t IS NULL THEN ': row is gone' ELSE ': ' || "
          "(SELECT string_agg(u.name, ', ') FROM unnest(ARRAY["
        + names.join(", ") + "], ARRAY[" + now.join(", ") + "], ARRAY[" + reviewed.join(", ")
        + "]) AS u (name, now, reviewed) WHERE u.now IS DISTINCT FROM u.reviewed) || ' changed' END AS "
          "line "
          "FROM "
        + m_rows + " v LEFT JOIN " + m_target + " t ON " + reviewedKeyMatch() + " WHERE v.op = " + op + inStep
        + " AND (t IS NULL OR NOT " + guard() + ") LIMIT 20) m";
}

// An insert's rows whose key the target holds already.
QByteArray CopyBlockWriter::keyTaken(const QByteArray& key, const QByteArray& inStep) const
{
    QByteArrayList taken;
    for (const QString& column : m_table.key)
        taken.append("t." + ident(column) + " = " + finalValue(columnIndex(m_table, column), true));
    return "SELECT string_agg(" + key + " || ': key already taken', '; ') FROM (SELECT * FROM " + m_rows
        + " v WHERE v.op IN ('i', 'r')" + inStep + " AND EXISTS (SELECT 1 FROM " + m_target + " t WHERE "
        + taken.join(" AND ") + ") LIMIT 20) AS v";
}

} // namespace pgr::script
