// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scripttable.h"

#include <QHash>
#include <atomic>

class QIODevice;

namespace pgr {
class PgConnection;
}

// The COPY format: each keyed table's rows travel as one COPY data block into a temporary table
// (op, the row as it ends f0.., the target row as reviewed r0..), produced by the staging server
// itself, and one set-based guarded statement per operation applies them. psql reads the data
// from the script; nothing is quoted by hand because COPY's text format is the server's own.
namespace pgr::script {

class CopyBlockWriter
{
public:
    CopyBlockWriter(QIODevice& out, const ScriptQuoter& quote, const Table& table);

    // Streams the table's rows from staging into the script (plannedRows: ScriptPlan::rowsSql);
    // counts them per operation and step.
    void writeData(PgConnection& db, const QString& plannedRows, const std::atomic<bool>* cancel);
    // The block's text before its rows: what it holds, its temporary table and the COPY command.
    QByteArray dataHead() const;
    // Counts one row of the block (COPY text: op first, step last) as writeData does.
    void countRow(const std::string& row);

    qint64 count(Operation operation, int step) const;

    // Fresh keys from the target's sequence for the rows inserted under a new key.
    QByteArray rekeyStatement(const Column& keyColumn) const;

    // The guarded, counted statement of one operation's rows of one step.
    QByteArray statement(Operation operation, int step) const;

private:
    static constexpr qsizetype kFlushBytes = 1 << 20;

    QByteArray ident(const QString& name) const;
    QByteArray literal(const QString& text) const;
    QByteArray type(int i) const;
    QByteArray finalValue(int i, bool insert) const;
    QByteArray modifyingStatement(Operation operation, const QByteArray& inStep) const;
    QByteArray reviewedKeyMatch() const;
    QByteArray guard() const;
    QByteArray dependentsStatement() const;
    QByteArray explanation(Operation operation, const QByteArray& inStep) const;
    QByteArray keyTaken(const QByteArray& key, const QByteArray& inStep) const;

    QIODevice& m_out;
    const ScriptQuoter& m_quote;
    const Table& m_table;
    QByteArray m_target;
    QByteArray m_rows;
    QHash<char, QHash<int, qint64>> m_count; // op → step → rows
};

} // namespace pgr::script
