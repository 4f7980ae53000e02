// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scripttable.h"

#include <QByteArrayList>

class QIODevice;

// The VALUES format: one table's rows of one operation as multi-row statements of batchSize
// rows, plain SQL any client can run. Each statement carries its rows as literals, is guarded by
// the target rows as reviewed and checks how many rows it touched (pg_temp.pgr_expect), naming
// the keys that were not found as reviewed.
namespace pgr::script {

class StatementWriter
{
public:
    StatementWriter(
        QIODevice& out, const ScriptQuoter& quote, const Table& table, Operation operation, int batchSize);

    // finalTexts/targetTexts: one entry per column (null QByteArray for SQL NULL). rekey: the row
    // is inserted under a fresh key.
    void add(bool rekey, const QList<QByteArray>& finalTexts, const QList<QByteArray>& targetTexts);
    // Writes the rows added since the last statement as one statement.
    void flush();

    qint64 rows() const { return m_rows; }

private:
    QByteArray ident(const QString& name) const;
    QByteArray literal(int column, const QByteArray& text) const;
    QByteArray finalValue(int column, bool rekey, const QByteArray& text) const;
    QByteArrayList valueColumns() const;
    QByteArray modifyingStatement() const;
    QByteArray missingKeys() const;
    QByteArray dependentsChecks() const;
    QByteArray keyCondition() const;
    QByteArray returningKey() const;

    QIODevice& m_out;
    const ScriptQuoter& m_quote;
    const Table& m_table;
    Operation m_operation;
    int m_batchSize;
    QByteArray m_target;
    QByteArrayList m_tuples;
    qint64 m_rows = 0;
};

} // namespace pgr::script
