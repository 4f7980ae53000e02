// SPDX-License-Identifier: GPL-3.0-or-later
#include "verifier.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "project.h"
#include "scriptwriter.h"

#include <QHash>
#include <QSet>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

constexpr int kBatch = 1000;

struct Expected
{
    bool present = false;
    bool rekeyed = false;
    QList<QByteArray> values;
};

} // namespace

qint64 VerifyResult::problems() const
{
    qint64 total = 0;
    for (const VerifyTable& table : tables)
        total += table.missing + table.differs + table.stillPresent;
    return total;
}

qint64 VerifyResult::checked() const
{
    qint64 total = 0;
    for (const VerifyTable& table : tables)
        total += table.inPlace + table.missing + table.differs + table.stillPresent;
    return total;
}

Verifier::Verifier(Project& project, const std::atomic<bool>* cancel)
    : m_project(project)
    , m_cancel(cancel)
{
}

VerifyResult Verifier::verify(const QString& targetConnection, const QString& label)
{
    PgConnection& db = m_project.connection();
    PgConnection target(targetConnection, label);
    VerifyResult result;
    PgTransaction snapshot(db, u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
    BulkRead bulk(db);
    const PgResult tables = db.exec(
        u"SELECT t.table_id, t.schema_name, t.table_name, to_json(d.key_columns), "
        "(SELECT count(*) FROM pgreconcile.review_all r WHERE r.table_id = t.table_id AND r.action IS NOT NULL) "
        "FROM pgreconcile.tables t JOIN pgreconcile.table_diffs d USING (table_id) WHERE d.mode <> 'skipped' "
        "ORDER BY t.schema_name, t.table_name"_s);
    // Rows that moved with a re-keyed parent live under a key the script took at apply time.
    const auto followers = ScriptWriter::rekeyFollowers(db);
    QHash<QString, QSet<QString>> rekeyedKeys; // table → old keys (text of the single key column)
    const PgResult rekeys = db.exec(u"SELECT t.schema_name || '.' || t.table_name, r.key ->> 0 FROM pgreconcile.review_all r "
                                    "JOIN pgreconcile.tables t USING (table_id) WHERE r.action = 'rekey'"_s);
    for (int row = 0; row < rekeys.rowCount(); ++row)
        rekeyedKeys[rekeys.text(row, 0)].insert(rekeys.text(row, 1));
    for (int row = 0; row < tables.rowCount(); ++row) {
        VerifyTable report;
        report.table = tables.text(row, 1) + u'.' + tables.text(row, 2);
        if (tables.toInt64(row, 4) == 0)
            continue;
        if (tables.isNull(row, 3)) {
            report.notChecked = tables.toInt64(row, 4);
            result.tables.append(report);
            continue;
        }
        const int tableId = int(tables.toInt64(row, 0));
        const QStringList key = stringsFromJson(tables.utf8(row, 3));
        QStringList columns;
        const QString select = ScriptWriter::finalRowsSql(db, tableId, &columns, true);
        // Columns that follow a re-key, with the re-keyed table they follow: a row whose key
        // follows one moved; a column that follows one holds a key only the apply knew.
        QList<QPair<int, QString>> movingKeyColumns;
        QHash<int, QString> followingColumns;
        for (auto it = followers.value(report.table).cbegin(); it != followers.value(report.table).cend(); ++it) {
            const int index = int(columns.indexOf(it.key()));
            if (key.contains(it.key()))
                movingKeyColumns.append({ index, it.value() });
            else if (index >= 0)
                followingColumns.insert(index, it.value());
        }
        // The target's own column types, to read keys back through its index.
        QHash<QString, QString> typeOf;
        const PgResult types = db.exec(u"SELECT column_name, type_name FROM pgreconcile.columns WHERE table_id = $1 "
                                       "AND side = 'target'"_s,
            { tableId });
        for (int t = 0; t < types.rowCount(); ++t)
            typeOf.insert(types.text(t, 0), types.text(t, 1));
        QStringList keyColumns, keyElements, valueTexts;
        for (int i = 0; i < key.size(); ++i) {
            keyColumns.append(target.quoteName(key[i]));
            keyElements.append(u"(x ->> %1)::%2"_s.arg(QString::number(i), typeOf.value(key[i])));
        }
        for (const QString& column : std::as_const(columns))
            valueTexts.append(target.quoteName(column) + u"::text"_s);
        // jsonb_build_array(...)::text renders a key exactly as the project's key::text does.
        const QString lookup = u"SELECT jsonb_build_array(%1)::text, %2 FROM %3.%4 WHERE (%1) IN "
                               "(SELECT %5 FROM jsonb_array_elements($1::jsonb) x)"_s.arg(keyColumns.join(u", "_s),
            valueTexts.join(u", "_s), target.quoteName(tables.text(row, 1)), target.quoteName(tables.text(row, 2)),
            keyElements.join(u", "_s));

        db.exec(u"DECLARE pgr_verify NO SCROLL CURSOR FOR "_s + select + u" ORDER BY 1"_s);
        for (;;) {
            if (m_cancel && m_cancel->load())
                throw Cancelled();
            const PgResult batch = db.exec(u"FETCH %1 FROM pgr_verify"_s.arg(kBatch));
            // Keys stay in the server's jsonb text on both sides: never parsed into doubles.
            QHash<QString, Expected> expected;
            QStringList keys;
            for (int r = 0; r < batch.rowCount(); ++r) {
                Expected entry;
                entry.present = batch.toBool(r, 2);
                entry.rekeyed = batch.text(r, 1) == u"rekey"_s;
                for (int c = 0; c < columns.size(); ++c)
                    entry.values.append(batch.isNull(r, 4 + c) ? QByteArray() : batch.utf8(r, 4 + c));
                const QString keyText = batch.text(r, 0);
                for (const auto& [index, followed] : std::as_const(movingKeyColumns)) {
                    if (index >= 0 && rekeyedKeys.value(followed).contains(QString::fromUtf8(entry.values.value(index))))
                        entry.rekeyed = true; // moved with its re-keyed parent
                }
                if (entry.rekeyed) {
                    ++report.notChecked;
                    continue;
                }
                expected.insert(keyText, entry);
                keys.append(keyText);
            }
            QHash<QString, QList<QByteArray>> found;
            if (!keys.isEmpty()) {
                const PgResult rows = target.exec(lookup, { QString(u'[' + keys.join(u", "_s) + u']') });
                for (int r = 0; r < rows.rowCount(); ++r) {
                    QList<QByteArray> values;
                    for (int c = 0; c < columns.size(); ++c)
                        values.append(rows.isNull(r, 1 + c) ? QByteArray() : rows.utf8(r, 1 + c));
                    found.insert(rows.text(r, 0), values);
                }
            }
            for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
                const auto actual = found.constFind(it.key());
                QString problem;
                if (!it->present) {
                    if (actual == found.cend())
                        ++report.inPlace;
                    else {
                        ++report.stillPresent;
                        problem = u"%1 should be deleted but is still there"_s.arg(it.key());
                    }
                } else if (actual == found.cend()) {
                    ++report.missing;
                    problem = u"%1 is missing"_s.arg(it.key());
                } else {
                    QStringList different;
                    for (int c = 0; c < columns.size(); ++c) {
                        if (followingColumns.contains(c)
                            && rekeyedKeys.value(followingColumns.value(c)).contains(QString::fromUtf8(it->values.at(c))))
                            continue; // points at a re-keyed row's new key
                        if (actual->at(c) != it->values.at(c) || actual->at(c).isNull() != it->values.at(c).isNull())
                            different.append(columns[c]);
                    }
                    if (different.isEmpty())
                        ++report.inPlace;
                    else {
                        ++report.differs;
                        problem = u"%1 differs in: %2"_s.arg(it.key(), different.join(u", "_s));
                    }
                }
                if (!problem.isEmpty() && report.problems.size() < 20)
                    report.problems.append(problem);
            }
            if (batch.rowCount() < kBatch)
                break;
        }
        db.exec(u"CLOSE pgr_verify"_s);
        result.tables.append(report);
    }
    snapshot.commit();
    return result;
}

} // namespace pgr
