// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scripttable.h"
#include "scriptwriter.h"

class QIODevice;

namespace pgr {
class PgConnection;
}

// Tables without a key are compared as multisets of rows: each distinct row value is added or
// removed as many times as it changed. Each statement is guarded by how many copies of the row
// value the review saw on the target (pg_temp.pgr_expect_copies), in both formats.
namespace pgr::script {

class KeylessWriter
{
public:
    KeylessWriter(PgConnection& db, QIODevice& out, const ScriptQuoter& quote);

    // Writes the table's decided changes and counts them into summary.
    void write(const Table& table, ScriptWriter::Summary& summary);

private:
    QHash<QString, qint64> reviewedCopies(const Table& table, const QString& firstRowValue);
    QByteArray rowStatements(
        const Table& table, const QString& rowValue, qint64 copies, bool insert, qint64 reviewed);
    void writeGuardOnce();

    PgConnection& m_db;
    QIODevice& m_out;
    const ScriptQuoter& m_quote;
    bool m_guardWritten = false;
};

} // namespace pgr::script
