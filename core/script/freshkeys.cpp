// SPDX-License-Identifier: GPL-3.0-or-later
#include "freshkeys.h"

#include "error.h"
#include "pgconnection.h"
#include "scriptquoter.h"
#include "scriptwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

namespace {

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

// pg_temp.pgr_rekey maps a composite key's old id alone (payment_id 3 → 5): a row the script
// writes whose foreign key holds that id with other values in the other key columns (a payment
// of another date) would be re-pointed too. Refused, naming the rows (direct references only;
// deeper ones would fail on their foreign key at apply and roll back).
void checkIdsFollowTheirOwnRow(PgConnection& db, const ProjectTables& project, const QList<Table>& tables)
{
    QHash<int, const Table*> byId;
    for (const Table& table : tables)
        byId.insert(table.id, &table);
    for (const Table& child : tables) {
        for (const ForeignKeyEdge& fk : child.foreignKeys) {
            const Table* parent = byId.value(fk.parentId);
            if (child.key.isEmpty() || !parent || !parent->rekeyed || parent->key.size() < 2
                || !fk.refColumns.contains(parent->freshKeyColumn))
                continue;
            const QStringList& types = parent->keyTypes;
            QStringList names;
            const QString rows = ScriptWriter::finalRowsSql(db, *project.byId(child.id), &names);
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

FreshKeys::FreshKeys(PgConnection& db, const ProjectTables& project, QList<Table>& tables,
    const ScriptQuoter& quote, bool valuesFormat, const QString& projectName)
    : m_quote(quote)
{
    const QHash<qint64, QByteArrayList> rekeyedKeys = readRekeyedValues(db, tables);
    QSet<qint64> withRekeys;
    for (auto it = rekeyedKeys.cbegin(); it != rekeyedKeys.cend(); ++it)
        withRekeys.insert(it.key());
    markRekeyed(tables, withRekeys);
    for (Table& table : tables) {
        const QByteArrayList keys = rekeyedKeys.value(table.id);
        if (!keys.isEmpty() && table.rekeyed) // else none, or they move with their re-keyed parent
            planTable(db, table, keys, valuesFormat);
    }
    readMappings(db, tables);
    markRekeyFollowers(tables);
    checkIdsFollowTheirOwnRow(db, project, tables);
    checkMovesWithAParent(tables, withRekeys, m_anyRekeyed, projectName);
}

QByteArray FreshKeys::preamble() const
{
    if (!m_anyRekeyed && m_mappings.isEmpty())
        return {};
    QByteArray preamble
        = "CREATE TEMP TABLE pgr_rekey (tbl text, old_key text, new_key text, PRIMARY KEY (tbl, "
          "old_key)) ON COMMIT DROP;\n"
          "CREATE FUNCTION pg_temp.pgr_rekeyed(tbl text, old_key text) RETURNS text LANGUAGE sql "
          "STABLE AS\n"
          "  $pgr$ SELECT coalesce((SELECT r.new_key FROM pg_temp.pgr_rekey r WHERE r.tbl = $1 AND "
          "r.old_key = $2), $2) $pgr$;\n";
    preamble += m_mappings;
    if (!m_rekeys.isEmpty())
        preamble
            += "-- fresh keys from the target's sequences for rows inserted under a new key\n" + m_rekeys;
    return preamble;
}

// A re-keyed table's fresh keys: from the sequence of its fresh-key column (a temporary one
// without), past every key the target holds and every key the script inserts.
void FreshKeys::planTable(PgConnection& db, Table& table, const QByteArrayList& oldValues, bool valuesFormat)
{
    Column* keyColumn = nullptr;
    for (Column& column : table.columns) {
        if (column.name == table.freshKeyColumn)
            keyColumn = &column;
    }
    if (!keyColumn)
        throw Error(u"%1 has re-keyed rows, but no column of its key (%2) takes a fresh value"_s.arg(
                        table.name, table.key.join(u", "_s)),
            u"decide those rows another way (take source, keep target or edit)"_s);
    checkDistinctOldValues(table, oldValues);
    m_anyRekeyed = true;
    // Without a sequence of its own, a temporary one counts on from the highest key.
    QByteArray created;
    if (keyColumn->sequence.isEmpty()) {
        keyColumn->sequence = u"pg_temp.pgr_fresh_keys_%1"_s.arg(table.id);
        created = "CREATE TEMP SEQUENCE IF NOT EXISTS pgr_fresh_keys_" + QByteArray::number(table.id) + ";\n";
    }
    // Fresh keys start past every key the target holds and every key the script inserts
    // (the source's own new rows may lie beyond the target's sequence).
    const PgResult inserted
        = db.exec(u"SELECT coalesce(max((key ->> $2::int)::numeric), 0) FROM pgreconcile.review_all "
                  "WHERE table_id = $1 AND action IN ('take_source', 'edit', 'merge')"_s,
            { table.id, int(table.key.indexOf(table.freshKeyColumn)) });
    const QByteArray sequence = keyColumn->sequence.toUtf8();
    m_advanceSequences[table.id] = "-- fresh keys of " + table.name.toUtf8()
        + " start past the keys the target has and the script inserts\n" + created + "SELECT setval("
        + m_quote.literal(sequence) + "::regclass, GREATEST((SELECT last_value FROM " + sequence
        + "), (SELECT max(" + m_quote.identifier(keyColumn->name.toUtf8()) + ") FROM "
        + qualifiedName(table, m_quote) + ")::numeric, " + inserted.utf8(0, 0) + ")::bigint);\n";
    if (!valuesFormat)
        return; // the COPY format takes them from its data block
    m_rekeys += m_advanceSequences[table.id];
    for (const QByteArray& key : oldValues) {
        m_rekeys += "INSERT INTO pg_temp.pgr_rekey VALUES (" + m_quote.literal(table.name.toUtf8()) + ", "
            + m_quote.literal(key) + ", nextval(" + m_quote.literal(keyColumn->sequence.toUtf8())
            + "::regclass)::text);\n";
    }
}

// The source rows mapped onto the target's rows they collide with (map_onto_target): marks their
// tables and records the script's lines that record each mapping, old key → the target row's key,
// where the rows that reference them look their key up (pg_temp.pgr_rekeyed).
void FreshKeys::readMappings(PgConnection& db, QList<Table>& tables)
{
    const PgResult rows
        = db.exec(u"SELECT table_id, key ->> 0, mapped_onto ->> 0 FROM pgreconcile.review_all "
                  "WHERE action = 'map_onto_target' ORDER BY table_id, key"_s);
    for (Table& table : tables) {
        for (int row = 0; row < rows.rowCount(); ++row) {
            if (rows.toInt64(row, 0) != table.id)
                continue;
            if (!table.mapped)
                m_mappings += "-- rows of " + table.name.toUtf8()
                    + " mapped onto the target's rows: their references follow\n";
            table.mapped = true;
            m_mappings += "INSERT INTO pg_temp.pgr_rekey VALUES (" + m_quote.literal(table.name.toUtf8())
                + ", " + m_quote.literal(rows.utf8(row, 1)) + ", " + m_quote.literal(rows.utf8(row, 2))
                + ");\n";
        }
    }
}

void FreshKeys::checkMovesWithAParent(
    const QList<Table>& tables, const QSet<qint64>& withRekeys, bool anyRekeyed, const QString& projectName)
{
    for (const Table& table : tables) {
        if (withRekeys.contains(table.id) && !table.rekeyed && !anyRekeyed)
            throw Error(
                u"rows of %1 are decided to move with a re-keyed parent, but no parent row is re-keyed any more"_s
                    .arg(table.name),
                u"decide those rows again (\"pgreconcile-cli review --project %1 --list\" lists them)"_s.arg(
                    projectName));
    }
}

} // namespace pgr::script
