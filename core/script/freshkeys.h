// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scripttable.h"

#include <QHash>

namespace pgr {
class PgConnection;
}

// Rows that do not keep their key: re-keyed rows (the source row inserted under a fresh key from
// the target's sequence) and source rows mapped onto the target's rows they collide with. The
// script records each old key → new key in pg_temp.pgr_rekey, where the rows that follow them
// (children follow a re-keyed parent) look their new key up. Reads the decisions, marks the
// tables (rekeyed, mapped, followsRekey) and refuses what the script cannot carry out.
namespace pgr::script {

class FreshKeys
{
public:
    // valuesFormat: the fresh keys are taken in the preamble (the COPY format takes them from
    // its data blocks, CopyBlockWriter::rekeyStatement).
    FreshKeys(PgConnection& db, const ProjectTables& project, QList<Table>& tables, const ScriptQuoter& quote,
        bool valuesFormat, const QString& projectName);

    // The preamble's part: pg_temp.pgr_rekey and its lookup, the mappings and (VALUES format)
    // the fresh keys. Empty when no row changes its key.
    QByteArray preamble() const;
    // The statement that starts a re-keyed table's sequence past every key it may collide with.
    QByteArray advanceSequence(int tableId) const { return m_advanceSequences.value(tableId); }

private:
    void planTable(PgConnection& db, Table& table, const QByteArrayList& oldValues, bool valuesFormat);
    void readMappings(PgConnection& db, QList<Table>& tables);
    static void checkMovesWithAParent(const QList<Table>& tables, const QSet<qint64>& withRekeys,
        bool anyRekeyed, const QString& projectName);

    const ScriptQuoter& m_quote;
    bool m_anyRekeyed = false;
    QHash<int, QByteArray> m_advanceSequences;
    QByteArray m_rekeys; // VALUES format: the fresh keys taken from the sequences
    QByteArray m_mappings;
};

} // namespace pgr::script
