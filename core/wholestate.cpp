// SPDX-License-Identifier: GPL-3.0-or-later
#include "wholestate.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "verifier.h"


#include <future>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// Rows per fetch: up to kBatch, fewer when rows are wide, so that a batch stays near kBatchBytes
// (a table of documents or images must not bring gigabytes at once).
constexpr int kBatch = 5000;
constexpr qint64 kBatchBytes = 8 * 1024 * 1024;
constexpr int kMaxListed = 20;

// Rows as a text[] of their columns' texts, in PostgreSQL's array output: it takes any number
// of columns, keeps NULL apart from the text 'NULL', and renders and sorts a third faster than
// the same array as JSON (a million rows: 1.2 s instead of 1.9 s).
QString textArray(const QStringList& elements)
{
    return u"ARRAY[%1]::text[]::text COLLATE \"C\""_s.arg(elements.join(u", "_s));
}

QStringList columnTexts(PgConnection& db, const QString& alias, const QStringList& columns)
{
    QStringList texts;
    for (const QString& column : columns)
        texts.append(u"%1.%2::text"_s.arg(alias, db.quoteName(column)));
    return texts;
}

// The elements of a one-dimensional text[] as PostgreSQL writes it ({a,"b c",NULL,"x\\"y"}); a
// null QString is SQL NULL, an unquoted NULL.
QStringList elements(const QByteArray& array)
{
    QStringList values;
    const qsizetype end = array.lastIndexOf('}');
    qsizetype i = array.indexOf('{') + 1;
    if (i <= 0 || end <= i)
        return values;
    QByteArray element;
    bool quoted = false, inQuotes = false;
    const auto flush = [&] {
        if (!quoted && element == "NULL")
            values.append(QString());
        else
            values.append(element.isEmpty() ? u""_s : QString::fromUtf8(element));
        element.clear();
        quoted = false;
    };
    for (; i < end; ++i) {
        const char c = array.at(i);
        if (inQuotes && c == '\\' && i + 1 < end) {
            element += array.at(++i);
        } else if (c == '"') {
            inQuotes = !inQuotes;
            quoted = true;
        } else if (!inQuotes && c == ',') {
            flush();
        } else {
            element += c;
        }
    }
    flush();
    return values;
}

QString keyLabel(const QByteArray& key)
{
    QStringList values = elements(key);
    for (QString& value : values) {
        if (value.isNull())
            value = u"NULL"_s;
    }
    return u'[' + values.join(u", "_s) + u']';
}

QString rowLabel(const QStringList& columns, const QByteArray& row)
{
    const QStringList values = elements(row);
    QStringList pairs;
    for (qsizetype c = 0; c < columns.size() && c < values.size(); ++c) {
        const QString value = values[c].isNull() ? u"null"_s : jsonFromStrings({ values[c] }).mid(1).chopped(1);
        pairs.append(jsonFromStrings({ columns[c] }).mid(1).chopped(1) + u": "_s + value);
    }
    return u'{' + pairs.join(u", "_s) + u'}';
}

QString copies(qint64 n) { return n == 1 ? u"1 copy"_s : u"%1 copies"_s.arg(n); }

// One side's rows from a cursor, a batch at a time: (key text, payload). A NULL payload marks a
// key that a decision writes: the check of the decided changes owns it.
class RowStream
{
public:
    RowStream(PgConnection& db, const QString& cursor, const QString& select, const std::atomic<bool>* cancel)
        : m_db(db)
        , m_cursor(cursor)
        , m_cancel(cancel)
    {
        m_db.exec(u"DECLARE %1 NO SCROLL CURSOR FOR %2"_s.arg(m_cursor, select));
    }
    // The first fetch waits for the whole sort: merge() runs both sides' at once.
    void start() { fetch(); }
    bool atEnd() const { return m_row >= m_batch.rowCount(); }
    const QByteArray& key() const { return m_key; }
    bool decided() const { return m_batch.isNull(m_row, 1); }
    QByteArray payload() const { return m_batch.utf8(m_row, 1); }
    void next()
    {
        if (++m_row < m_batch.rowCount())
            m_key = m_batch.utf8(m_row, 0);
        else if (m_batch.rowCount() == m_asked)
            fetch();
    }
    void close() { m_db.exec(u"CLOSE %1"_s.arg(m_cursor)); }

private:
    void fetch()
    {
        if (m_cancel && m_cancel->load())
            throw Cancelled();
        m_asked = m_next;
        m_batch = m_db.exec(u"FETCH %1 FROM %2"_s.arg(m_asked).arg(m_cursor));
        m_row = 0;
        if (m_batch.rowCount() > 0)
            m_key = m_batch.utf8(0, 0);
        // The width of a row from a sample of the batch: copying each row to measure it would
        // double the client's work.
        const int rows = m_batch.rowCount(), step = std::max(1, rows / 16);
        qint64 bytes = 0, sampled = 0;
        for (int r = 0; r < rows; r += step, ++sampled)
            bytes += m_batch.utf8(r, 0).size() + m_batch.utf8(r, 1).size();
        if (sampled > 0)
            m_next = int(std::clamp<qint64>(kBatchBytes * sampled / std::max<qint64>(1, bytes), 1, kBatch));
    }

    PgConnection& m_db;
    QString m_cursor;
    const std::atomic<bool>* m_cancel;
    PgResult m_batch;
    int m_row = 0;
    int m_asked = 0; // rows the last fetch asked for: fewer came, the cursor is done
    int m_next = 100; // the next fetch's, from the width of the rows so far
    QByteArray m_key;
};

// Merges the intended rows with the checked database's, both ordered by key text as the "C"
// collation orders it (bytewise, as QByteArray compares).
template<typename Same, typename Gone, typename Appeared>
void merge(RowStream& intended, RowStream& checked, Same same, Gone gone, Appeared appeared)
{
    // Two servers (or two backends of one) sort at the same time: a million rows take the time
    // of one sort instead of two.
    auto checkedStarted = std::async(std::launch::async, [&checked] { checked.start(); });
    intended.start();
    checkedStarted.get();
    while (!intended.atEnd() || !checked.atEnd()) {
        const int order = intended.atEnd() ? 1
            : checked.atEnd()              ? -1
                                           : intended.key().compare(checked.key());
        if (order == 0) {
            if (!intended.decided())
                same(intended, checked);
            intended.next();
            checked.next();
        } else if (order < 0) {
            if (!intended.decided())
                gone(intended);
            intended.next();
        } else {
            appeared(checked);
            checked.next();
        }
    }
    intended.close();
    checked.close();
}

void collateral(VerifyTable& report, const QString& line)
{
    ++report.collateral;
    if (report.collateralProblems.size() < kMaxListed)
        report.collateralProblems.append(line);
}

} // namespace

WholeStateCheck::WholeStateCheck(PgConnection& project, PgConnection& checked, const std::atomic<bool>* cancel)
    : m_project(project)
    , m_checked(checked)
    , m_cancel(cancel)
{
}

void WholeStateCheck::run(const CheckedTable& table, AccountedRows accounted, VerifyTable& report)
{
    if (table.key.isEmpty())
        runKeyless(table, report);
    else
        runKeyed(table, accounted, report);
}

void WholeStateCheck::runKeyed(const CheckedTable& table, AccountedRows& accounted, VerifyTable& report)
{
    QStringList fromChange;
    for (qsizetype i = 0; i < table.key.size(); ++i)
        fromChange.append(u"(r.key ->> %1)::%2::text"_s.arg(QString::number(i), table.stagedType.value(table.key[i])));
    // The staged target's rows, and in their place a marker for every key a decision writes
    // (also keys the target did not have: a decided insert).
    RowStream intended(m_project, u"pgr_whole_intended"_s,
        u"SELECT DISTINCT ON (k) k, v FROM ("
        "SELECT %1 AS k, %2 AS v, 1 AS o FROM %3 s "
        "UNION ALL SELECT %4, NULL, 0 FROM pgreconcile.review_all r WHERE r.table_id = %5 AND r.action IS NOT NULL"
        ") u ORDER BY k, o"_s.arg(textArray(columnTexts(m_project, u"s"_s, table.key)),
            textArray(columnTexts(m_project, u"s"_s, table.ordered)), table.staged, textArray(fromChange),
            QString::number(table.id)),
        m_cancel);
    RowStream checked(m_checked, u"pgr_whole_checked"_s,
        u"SELECT %1 AS k, %2 FROM %3 t ORDER BY 1"_s.arg(textArray(columnTexts(m_checked, u"t"_s, table.key)),
            textArray(columnTexts(m_checked, u"t"_s, table.ordered)), table.qualified),
        m_cancel);
    const auto same = [&](const RowStream& want, const RowStream& have) {
        const QByteArray wanted = want.payload(), found = have.payload();
        if (wanted == found) {
            ++report.unchanged;
            return;
        }
        const QStringList a = elements(wanted), b = elements(found);
        QStringList different;
        for (qsizetype c = 0; c < table.ordered.size(); ++c) {
            if (a.value(c) != b.value(c) || a.value(c).isNull() != b.value(c).isNull())
                different.append(table.ordered[c]);
        }
        collateral(report,
            u"%1 changed in: %2 (no decision writes it)"_s.arg(keyLabel(want.key()), different.join(u", "_s)));
    };
    const auto gone = [&](const RowStream& want) {
        collateral(report, u"%1 is gone (no decision deletes it)"_s.arg(keyLabel(want.key())));
    };
    const auto appeared = [&](const RowStream& have) {
        if (!accounted.keys.isEmpty() && accounted.keys.contains(elements(have.key())))
            return;
        if (accounted.unplaced > 0) {
            // One of the decided rows that could not be looked for: not checked, already said why.
            --accounted.unplaced;
            return;
        }
        collateral(report, u"%1 appeared (no decision inserts it)"_s.arg(keyLabel(have.key())));
    };
    merge(intended, checked, same, gone, appeared);
}

void WholeStateCheck::runKeyless(const CheckedTable& table, VerifyTable& report)
{
    // The columns the diff compared (and the changes' row values hold), in the target's order.
    const PgResult diff = m_project.exec(
        u"SELECT to_json(compared_columns) FROM pgreconcile.table_diffs WHERE table_id = $1"_s, { table.id });
    const QStringList compared = diff.rowCount() == 0 ? QStringList() : stringsFromJson(diff.utf8(0, 0));
    QStringList columns, fromChange;
    for (const QString& column : table.ordered) {
        if (!compared.contains(column))
            continue;
        columns.append(column);
        fromChange.append(
            u"(r.key ->> %1)::%2::text"_s.arg(m_project.quoteLiteral(column), table.stagedType.value(column)));
    }
    if (columns.isEmpty())
        return;
    RowStream intended(m_project, u"pgr_whole_intended"_s,
        u"SELECT DISTINCT ON (k) k, n FROM ("
        "SELECT %1 AS k, count(*)::text AS n, 1 AS o FROM %2 s GROUP BY 1 "
        "UNION ALL SELECT %3, NULL, 0 FROM pgreconcile.review_all r WHERE r.table_id = %4 AND r.action IS NOT NULL"
        ") u ORDER BY k, o"_s.arg(textArray(columnTexts(m_project, u"s"_s, columns)), table.staged,
            textArray(fromChange), QString::number(table.id)),
        m_cancel);
    RowStream checked(m_checked, u"pgr_whole_checked"_s,
        u"SELECT %1 AS k, count(*)::text FROM %2 t GROUP BY 1 ORDER BY 1"_s.arg(
            textArray(columnTexts(m_checked, u"t"_s, columns)), table.qualified),
        m_cancel);
    const auto same = [&](const RowStream& want, const RowStream& have) {
        const qint64 wanted = want.payload().toLongLong(), found = have.payload().toLongLong();
        if (wanted == found) {
            report.unchanged += wanted;
            return;
        }
        collateral(report,
            u"%1: %2 expected, %3 found (no decision writes it)"_s.arg(
                rowLabel(columns, want.key()), copies(wanted), copies(found)));
    };
    const auto gone = [&](const RowStream& want) {
        collateral(report,
            u"%1 is gone (%2; no decision deletes it)"_s.arg(
                rowLabel(columns, want.key()), copies(want.payload().toLongLong())));
    };
    const auto appeared = [&](const RowStream& have) {
        collateral(report,
            u"%1 appeared (%2; no decision inserts it)"_s.arg(
                rowLabel(columns, have.key()), copies(have.payload().toLongLong())));
    };
    merge(intended, checked, same, gone, appeared);
}

} // namespace pgr
