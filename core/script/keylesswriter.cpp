// SPDX-License-Identifier: GPL-3.0-or-later
#include "keylesswriter.h"

#include "pgconnection.h"
#include "scriptquoter.h"
#include "vocabulary.h"

#include <QIODevice>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

KeylessWriter::KeylessWriter(PgConnection& db, QIODevice& out, const ScriptQuoter& quote)
    : m_db(db)
    , m_out(out)
    , m_quote(quote)
{ }

void KeylessWriter::write(const Table& table, ScriptWriter::Summary& summary)
{
    const PgResult rows = m_db.exec(
        u"SELECT r.key::text, r.change_class, r.kind, r.occurrences FROM pgreconcile.review_all r "
        "WHERE r.table_id = $1 AND r.action = 'take_source' ORDER BY r.key"_s,
        { table.id });
    if (rows.rowCount() == 0)
        return;
    QHash<QString, qint64> copies = reviewedCopies(table, rows.text(0, 0));
    writeGuardOnce();
    for (int row = 0; row < rows.rowCount(); ++row) {
        const QString rowValue = rows.text(row, 0);
        const qint64 n = rows.toInt64(row, 3);
        // Three-way: the source's kind of change. Two-way: copies only the source has are
        // added to the target, copies only the target has are removed.
        const bool insert = storedOptional<ChangeKind>(rows.text(row, 2)) == ChangeKind::Insert
            || storedValue<ChangeClass>(rows.text(row, 1)) == ChangeClass::OnlyInSource;
        m_out.write(rowStatements(table, rowValue, n, insert, copies.value(rowValue)));
        summary.statements[table.name + (insert ? u"/insert"_s : u"/delete"_s)] += n;
        summary.rows += n;
        // A second change of the same row value (source_only and target_only) finds this one done.
        copies[rowValue] += insert ? n : -n;
    }
}

// How many copies of each row value the review saw on the target: the script's guard finds as
// many there, or the target changed since (an extra copy, one gone) and it rolls back.
QHash<QString, qint64> KeylessWriter::reviewedCopies(const Table& table, const QString& firstRowValue)
{
    QStringList columns;
    const PgResult names = m_db.exec(u"SELECT k FROM jsonb_object_keys($1::jsonb) k"_s, { firstRowValue });
    for (int k = 0; k < names.rowCount(); ++k)
        columns.append(u"r."_s + m_db.quoteName(names.text(k, 0)));
    const PgResult copies
        = m_db.exec(u"SELECT x.key::text, count(*) FROM (SELECT to_jsonb(x) AS key FROM (SELECT %1 "
                    u"FROM target.%2 r) x) x "
                    "WHERE x.key IN (SELECT r.key FROM pgreconcile.review_all r WHERE r.table_id = $1 "
                    "AND r.action = 'take_source') "
                    "GROUP BY 1"_s.arg(columns.join(u", "_s), m_db.quoteName(table.staged)),
            { table.id });
    QHash<QString, qint64> reviewed;
    for (int k = 0; k < copies.rowCount(); ++k)
        reviewed.insert(copies.text(k, 0), copies.toInt64(k, 1));
    return reviewed;
}

// The guard and the insert or delete of n copies of one row value.
QByteArray KeylessWriter::rowStatements(
    const Table& table, const QString& rowValue, qint64 copies, bool insert, qint64 reviewed)
{
    // The key is the row (its compared columns) as JSON; populate the target's row type from it.
    const QByteArray value = rowValue.toUtf8();
    const QByteArray json = m_quote.literal(value) + "::jsonb";
    QByteArrayList columns, values, matches;
    const PgResult present = m_db.exec(u"SELECT k FROM jsonb_object_keys($1::jsonb) k"_s, { rowValue });
    QSet<QString> inKey;
    for (int k = 0; k < present.rowCount(); ++k)
        inKey.insert(present.text(k, 0));
    for (const Column& column : table.columns) {
        if (!inKey.contains(column.name))
            continue;
        const QByteArray name = m_quote.identifier(column.name.toUtf8());
        const QByteArray field = "(" + json + " ->> " + m_quote.literal(column.name.toUtf8()) + ")";
        columns.append(name);
        values.append(field + "::" + column.type.toUtf8());
        matches.append(
            "t." + name + "::text IS NOT DISTINCT FROM (" + field + "::" + column.type.toUtf8() + ")::text");
    }
    const QByteArray target = qualifiedName(table, m_quote);
    const QByteArray n = QByteArray::number(copies);
    const QByteArray tableName = m_quote.literal(table.name.toUtf8());
    QByteArray sql = "SELECT pg_temp.pgr_expect_copies((SELECT count(*) FROM " + target + " t WHERE "
        + matches.join(" AND ") + "), " + QByteArray::number(reviewed) + ", " + tableName + ", "
        + m_quote.literal(value) + ");\n";
    if (insert)
        sql += "WITH done AS (INSERT INTO " + target + " (" + columns.join(", ") + ") SELECT "
            + values.join(", ") + " FROM generate_series(1, " + n + ") RETURNING 1)\n";
    else
        sql += "WITH done AS (DELETE FROM " + target + " WHERE ctid IN (SELECT t.ctid FROM " + target
            + " t WHERE " + matches.join(" AND ") + " LIMIT " + n + ") RETURNING 1)\n";
    sql += "SELECT pg_temp.pgr_expect((SELECT count(*) FROM done), " + n + ", "
        + m_quote.literal(insert ? "insert" : "delete") + ", " + tableName + ", " + m_quote.literal(value)
        + ");\n\n";
    return sql;
}

void KeylessWriter::writeGuardOnce()
{
    if (m_guardWritten)
        return;
    m_guardWritten = true;
    m_out.write("CREATE FUNCTION pg_temp.pgr_expect_copies(copies bigint, reviewed bigint, tbl "
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

} // namespace pgr::script
