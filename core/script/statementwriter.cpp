// SPDX-License-Identifier: GPL-3.0-or-later
#include "statementwriter.h"

#include "guardsql.h"
#include "scriptquoter.h"

#include <QIODevice>

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

StatementWriter::StatementWriter(
    QIODevice& out, const ScriptQuoter& quote, const Table& table, Operation operation, int batchSize)
    : m_out(out)
    , m_quote(quote)
    , m_table(table)
    , m_operation(operation)
    , m_batchSize(batchSize)
{
    m_target = ident(table.schema) + '.' + ident(table.table);
}

void StatementWriter::add(
    bool rekey, const QList<QByteArray>& finalTexts, const QList<QByteArray>& targetTexts)
{
    QByteArrayList values;
    // k0.. in the key's order, which keyCondition() follows (not the columns' order).
    for (const QString& keyColumn : m_table.key) {
        if (m_operation != Operation::Insert)
            values.append(
                literal(columnIndex(m_table, keyColumn), targetTexts[columnIndex(m_table, keyColumn)]));
    }
    if (m_operation != Operation::Delete) {
        for (int i = 0; i < m_table.columns.size(); ++i) {
            if (m_operation != Operation::Update || updateSets(m_table, m_table.columns[i]))
                values.append(finalValue(i, rekey, finalTexts[i]));
        }
    }
    if (m_operation != Operation::Insert) {
        for (int i = 0; i < m_table.columns.size(); ++i)
            values.append(literal(i, targetTexts[i]));
    }
    m_tuples.append("  (" + values.join(", ") + ')');
    if (m_tuples.size() >= m_batchSize)
        flush();
}

void StatementWriter::flush()
{
    if (m_tuples.isEmpty())
        return;
    QByteArray sql;
    sql += "-- " + operationName(m_operation).toUtf8() + ' ' + QByteArray::number(m_tuples.size())
        + " row(s) of " + m_table.name.toUtf8() + '\n';
    sql += "WITH v (" + valueColumns().join(", ") + ") AS (VALUES\n" + m_tuples.join(",\n") + "),\n";
    sql += "done AS (" + modifyingStatement() + ")\n";
    sql += "SELECT " + dependentsChecks() + "pg_temp.pgr_expect((SELECT count(*) FROM done), "
        + QByteArray::number(m_tuples.size()) + ", " + m_quote.literal(operationName(m_operation).toUtf8())
        + ", " + m_quote.literal(m_table.name.toUtf8()) + ", " + missingKeys() + ");\n\n";
    m_out.write(sql);
    m_rows += m_tuples.size();
    m_tuples.clear();
}

QByteArray StatementWriter::ident(const QString& name) const { return m_quote.identifier(name.toUtf8()); }

QByteArray StatementWriter::literal(int column, const QByteArray& text) const
{
    const QByteArray type = m_table.columns[column].type.toUtf8();
    if (text.isNull())
        return "NULL::" + type;
    return m_quote.literal(text) + "::" + type;
}

// Column i's value as the row ends: its fresh key for a row re-keyed, a re-keyed parent's new
// key for a column that holds its old one, otherwise as reviewed.
QByteArray StatementWriter::finalValue(int i, bool rekey, const QByteArray& text) const
{
    const Column& column = m_table.columns[i];
    QString rekeyedTable = m_table.followsRekey.value(column.name);
    if (rekey && m_table.rekeyed && column.name == m_table.freshKeyColumn)
        rekeyedTable = m_table.name; // the fresh key the script took from the target's sequence
    else if (rekeyedTable.isEmpty() || text.isNull())
        return literal(i, text);
    return "pg_temp.pgr_rekeyed(" + m_quote.literal(rekeyedTable.toUtf8()) + ", " + m_quote.literal(text)
        + ")::" + column.type.toUtf8();
}

// v's columns: k0.. the key as reviewed, n0.. the values written, o0.. the target row as reviewed.
QByteArrayList StatementWriter::valueColumns() const
{
    QByteArrayList names;
    if (m_operation != Operation::Insert) {
        for (int k = 0; k < m_table.key.size(); ++k)
            names.append("k" + QByteArray::number(k));
    }
    if (m_operation != Operation::Delete) {
        int n = 0;
        for (const Column& column : m_table.columns) {
            if (m_operation != Operation::Update || updateSets(m_table, column))
                names.append("n" + QByteArray::number(n++));
        }
    }
    if (m_operation != Operation::Insert) {
        for (int i = 0; i < m_table.columns.size(); ++i)
            names.append("o" + QByteArray::number(i));
    }
    return names;
}

QByteArray StatementWriter::modifyingStatement() const
{
    switch (m_operation) {
    case Operation::Delete:
        return "DELETE FROM " + m_target + " AS t USING v WHERE " + keyCondition() + " AND "
            + reviewedRowGuard(m_table, m_quote, "o", "::text") + " RETURNING " + returningKey();
    case Operation::Update: {
        QByteArrayList sets;
        int n = 0;
        for (const Column& column : m_table.columns) {
            if (updateSets(m_table, column))
                sets.append(ident(column.name) + " = v.n" + QByteArray::number(n++));
        }
        return "UPDATE " + m_target + " AS t SET " + sets.join(", ") + " FROM v WHERE " + keyCondition()
            + " AND " + reviewedRowGuard(m_table, m_quote, "o", "::text") + " RETURNING " + returningKey();
    }
    case Operation::Insert: {
        QByteArrayList columns, values;
        for (int i = 0; i < m_table.columns.size(); ++i) {
            columns.append(ident(m_table.columns[i].name));
            values.append("v.n" + QByteArray::number(i));
        }
        return "INSERT INTO " + m_target + " (" + columns.join(", ") + ")"
            + (m_table.hasIdentity ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + values.join(", ")
            + " FROM v RETURNING 1";
    }
    }
    return {};
}

// Which reviewed rows were not found as reviewed: named in the error, if any.
QByteArray StatementWriter::missingKeys() const
{
    if (m_operation == Operation::Insert)
        return "NULL";
    QByteArrayList keyParts;
    QByteArrayList doneMatch;
    int k = 0;
    for (const QString& column : m_table.key) {
        keyParts.append("v.k" + QByteArray::number(k));
        doneMatch.append("d." + ident(column) + " = v.k" + QByteArray::number(k));
        ++k;
    }
    return "(SELECT string_agg(jsonb_build_array(" + keyParts.join(", ")
        + ")::text, ', ') FROM v WHERE NOT EXISTS "
          "(SELECT 1 FROM done d WHERE "
        + doneMatch.join(" AND ") + "))";
}

// The rows pointing at the deleted ones are read in the statement's snapshot, before any ON
// DELETE action ran; an error rolls the whole script back.
QByteArray StatementWriter::dependentsChecks() const
{
    QByteArray dependents;
    if (m_operation != Operation::Delete)
        return dependents;
    for (const Reference& reference : m_table.touchedOnDelete) {
        const bool self = reference.child == &m_table && !m_table.key.isEmpty();
        dependents
            += dependentsCheck(m_table, reference, m_quote, "v", "o",
                   self ? "EXISTS (SELECT 1 FROM v w WHERE " + sameReviewedKey(m_table, m_quote, "o") + ")"
                        : QByteArray())
            + ", ";
    }
    return dependents;
}

QByteArray StatementWriter::keyCondition() const
{
    QByteArrayList parts;
    int k = 0;
    for (const QString& column : m_table.key)
        parts.append("t." + ident(column) + " = v.k" + QByteArray::number(k++));
    return parts.join(" AND ");
}

QByteArray StatementWriter::returningKey() const
{
    QByteArrayList parts;
    for (const QString& column : m_table.key)
        parts.append("t." + ident(column));
    return parts.join(", ");
}

} // namespace pgr::script
