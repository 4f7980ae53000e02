// SPDX-License-Identifier: GPL-3.0-or-later
#include "wholestate.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "projecttables.h"
#include "triggers.h"
#include "verifier.h"

#include <future>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

QString CheckedTable::targetType(const QString& column) const
{
    const ProjectColumn* found = project->column(QStringLiteral("target"), column);
    return found ? found->typeName : QString();
}

QString CheckedTable::stagedType(const QString& column) const
{
    const ProjectColumn* found = project->column(QStringLiteral("target"), column);
    return found ? found->stagedType : QString();
}

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
        const QString value
            = values[c].isNull() ? u"null"_s : jsonFromStrings({ values[c] }).mid(1).chopped(1);
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
    // Columns after the payload, where the select has them: the live row's xmin, or how many
    // copies the apply wrote. Null past the last.
    QByteArray column(int c) const
    {
        return c < m_batch.columnCount() ? m_batch.utf8(m_row, c) : QByteArray();
    }
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
        const int order = intended.atEnd() ? 1 : checked.atEnd() ? -1 : intended.key().compare(checked.key());
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

void list(qint64& count, QStringList& lines, const QString& line)
{
    ++count;
    if (lines.size() < kMaxListed)
        lines.append(line);
}

void collateral(VerifyTable& report, const QString& line)
{
    list(report.collateral, report.collateralProblems, line);
}

QString someNames(const QStringList& names)
{
    return names.size() <= 3 ? names.join(u", "_s) : names.mid(0, 3).join(u", "_s) + u", …"_s;
}

// FrozenTransactionId: a row frozen before PostgreSQL 9.4 (or pg_upgraded from then) shows it in
// place of its writer's id. Freezing since keeps the row's own xmin, which the check relies on.
const QByteArray kFrozen = QByteArrayLiteral("2");

} // namespace

namespace {

// The one transaction id the rows the decisions wrote carry, or why there is none.
QByteArray applyTransaction(const QHash<QByteArray, qint64>& writtenBy, QString* note)
{
    QList<std::pair<qint64, QByteArray>> ids;
    qint64 frozen = 0;
    for (auto it = writtenBy.cbegin(); it != writtenBy.cend(); ++it) {
        if (it.key() == kFrozen)
            frozen += it.value();
        else
            ids.append({ it.value(), it.key() });
    }
    const QString fallBack
        = u": every row changed beyond the decisions counts as collateral, the target's own "
          "writes since the review with it"_s;
    if (ids.size() == 1) {
        *note = u"the apply's transaction %1 (the xmin of %2 row(s) the decisions wrote)"_s.arg(
            QString::fromLatin1(ids.first().second), QString::number(ids.first().first));
        return ids.first().second;
    }
    if (ids.isEmpty()) {
        *note
            = (frozen > 0
                      ? u"the rows the decisions wrote show xmin 2 (frozen the pre-9.4 way): their transaction id is gone"_s
                      : u"no row the decisions wrote (inserted or updated) is in place to show the apply's "
                        "transaction id"_s)
            + fallBack;
        return {};
    }
    std::sort(ids.begin(), ids.end(), std::greater<>());
    QStringList found;
    for (const auto& [rows, id] : std::as_const(ids).mid(0, 5))
        found.append(u"%1 on %2 row(s)"_s.arg(QString::fromLatin1(id), QString::number(rows)));
    *note
        = u"the rows the decisions wrote carry %1 transaction ids (%2): the target rewrote some of them with "
          "the same values, and which is the apply's cannot be told"_s.arg(
              QString::number(ids.size()), found.join(u", "_s))
        + fallBack;
    return {};
}

} // namespace

namespace {

QStringList names(const PgResult& rows)
{
    QStringList list;
    for (int row = 0; row < rows.rowCount(); ++row)
        list.append(rows.text(row, 0));
    return list;
}

// The tables the script writes (schema.table), from the decisions.
QStringList scriptWrites(PgConnection& project, const ProjectTables& tables)
{
    const PgResult written = project.exec(u"SELECT DISTINCT table_id FROM pgreconcile.review_all "
                                          "WHERE action IS NOT NULL AND action <> 'keep_target'"_s);
    QStringList qualified;
    for (int row = 0; row < written.rowCount(); ++row) {
        if (const ProjectTable* table = tables.byId(int(written.toInt64(row, 0))))
            qualified.append(table->qualifiedName());
    }
    return qualified;
}

// Those tables and the ones their foreign key actions reach, transitively: where the apply's
// own statements write, and so fire triggers.
QStringList reachedByCascades(PgConnection& target, const QStringList& tables)
{
    return names(
        target.exec(u"WITH RECURSIVE reached (rel) AS ("
                    "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname || '.' || c.relname IN (SELECT jsonb_array_elements_text($1::jsonb)) "
                    "UNION SELECT k.conrelid FROM pg_constraint k JOIN reached r ON k.confrelid = r.rel "
                    "WHERE k.contype = 'f' "
                    "AND (k.confupdtype IN ('c', 'n', 'd') OR k.confdeltype IN ('c', 'n', 'd'))) "
                    "SELECT n.nspname || '.' || c.relname FROM reached r JOIN pg_class c ON c.oid = r.rel "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY 1"_s,
            { jsonFromStrings(tables) }));
}

// The target's enabled triggers, on any table (a trigger's writes fire others), whose function
// may write in a subtransaction: a PL/pgSQL block with EXCEPTION WHEN, or another language
// (PL/Python, PL/Perl run each query in one).
QStringList subtransactionTriggers(PgConnection& target)
{
    return names(target.exec(
        u"SELECT format('%s.%s.%s', n.nspname, c.relname, t.tgname) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_language l ON l.oid = p.prolang "
        "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
        "AND (l.lanname NOT IN ('plpgsql', 'sql', 'internal') OR p.prosrc ~* '\\mexception\\s+when\\M') ORDER BY 1"_s));
}

// Tables with a foreign key that cascades, sets null or sets default.
QSet<QString> cascadedTables(PgConnection& target)
{
    const QStringList tables
        = names(target.exec(u"SELECT DISTINCT n.nspname || '.' || c.relname FROM pg_constraint k JOIN "
                            u"pg_class c ON c.oid = k.conrelid "
                            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' "
                            "AND (k.confupdtype IN ('c', 'n', 'd') OR k.confdeltype IN ('c', 'n', 'd'))"_s));
    return QSet<QString>(tables.begin(), tables.end());
}

} // namespace

RowWriters RowWriters::onLiveTarget(PgConnection& project, PgConnection& target, const ProjectTables& tables,
    const QHash<QByteArray, qint64>& writtenBy, QString* note)
{
    RowWriters writers;
    writers.live = true;
    writers.applyXid = applyTransaction(writtenBy, note);
    const QStringList accepted = TargetTriggers(project).accepted();
    for (const TargetTriggers::Finding& trigger :
        TargetTriggers::on(target, reachedByCascades(target, scriptWrites(project, tables)))) {
        writers.triggers.append(trigger.name);
        if (!accepted.contains(trigger.name))
            writers.unaccepted.append(trigger.name);
    }
    if (!writers.triggers.isEmpty())
        writers.subtransactions = subtransactionTriggers(target);
    writers.cascaded = cascadedTables(target);
    return writers;
}

WholeStateCheck::WholeStateCheck(
    PgConnection& project, PgConnection& checked, const std::atomic<bool>* cancel, RowWriters writers)
    : m_project(project)
    , m_checked(checked)
    , m_cancel(cancel)
    , m_writers(std::move(writers))
{ }

WholeStateCheck::Writer WholeStateCheck::writer(const QByteArray& xmin) const
{
    if (!m_writers.tellApart())
        return Writer::Unknown;
    if (xmin == m_writers.applyXid)
        return Writer::Apply;
    if (xmin == kFrozen)
        return Writer::Frozen;
    // Transaction ids compare modulo 2^32 (as PostgreSQL's TransactionIdFollows): a subtransaction's
    // id is always newer than its parent's.
    const auto newer = qint32(xmin.toUInt() - m_writers.applyXid.toUInt()) > 0;
    return newer && !m_writers.subtransactions.isEmpty() ? Writer::ApplyOrLater : Writer::Other;
}

void WholeStateCheck::written(const CheckedTable& table, VerifyTable& report, const QString& what,
    const QString& noDecision, const QByteArray& xmin, Writer by)
{
    switch (by) {
    case Writer::Unknown:
        collateral(report, u"%1 (%2)"_s.arg(what, noDecision));
        return;
    case Writer::Other:
        list(report.changedSinceReview, report.changedSinceReviewRows,
            xmin.isEmpty() ? u"%1 (not by the apply)"_s.arg(what)
                           : u"%1 (by transaction %2, not the apply)"_s.arg(what, QString::fromLatin1(xmin)));
        return;
    case Writer::Frozen:
        collateral(report,
            u"%1 (%2; its xmin shows FrozenTransactionId: who wrote it cannot be told)"_s.arg(
                what, noDecision));
        return;
    case Writer::ApplyOrLater: {
        const QString writer = xmin.isEmpty() ? u"a transaction after the apply's began"_s
                                              : u"transaction %1"_s.arg(QString::fromLatin1(xmin));
        byApply(table, report, what,
            u"%1; cannot tell: %2 is the target's own since the review, or a subtransaction of the apply's "
            u"(%3) "
            "opened by a trigger: %4"_s.arg(noDecision, writer, QString::fromLatin1(m_writers.applyXid),
                someNames(m_writers.subtransactions)));
        return;
    }
    case Writer::Apply: {
        const QString who = m_writers.triggers.isEmpty()
            ? u"no trigger on the tables the script writes: a cascade or a rule"_s
            : u"triggers that could have written it: %1"_s.arg(someNames(m_writers.triggers));
        byApply(table, report, what,
            u"%1; by the apply, transaction %2; %3"_s.arg(
                noDecision, QString::fromLatin1(m_writers.applyXid), who));
        return;
    }
    }
}

// A row the apply (may have) written beyond its decisions: collateral, unless only accepted
// triggers could have written it. A cascade of the script's own statements leaves the same
// transaction id: only a table no foreign key action reaches can be put down to the triggers.
void WholeStateCheck::byApply(
    const CheckedTable& table, VerifyTable& report, const QString& what, const QString& how)
{
    if (!m_writers.triggers.isEmpty() && m_writers.unaccepted.isEmpty()
        && !m_writers.cascaded.contains(table.name))
        list(report.byAcceptedTriggers, report.byAcceptedTriggersRows,
            u"%1 (by the apply; accepted triggers: %2)"_s.arg(what, someNames(m_writers.triggers)));
    else
        collateral(report, u"%1 (%2)"_s.arg(what, how));
}

// A deleted row carries no transaction id. The script's own deletes cannot cascade to a row
// without a decision (its guard aborts): only a trigger it fires could have deleted one.
void WholeStateCheck::gone(VerifyTable& report, const QString& what, const QString& noDecision)
{
    if (!m_writers.tellApart()) {
        collateral(report, u"%1 (%2)"_s.arg(what, noDecision));
    } else if (m_writers.triggers.isEmpty()) {
        list(report.changedSinceReview, report.changedSinceReviewRows,
            u"%1 (deleted since the review: the script deletes no row without a decision)"_s.arg(what));
    } else if (m_writers.unaccepted.isEmpty()) {
        list(report.byAcceptedTriggers, report.byAcceptedTriggersRows,
            u"%1 (cannot tell: deleted since the review, or by an accepted trigger: %2)"_s.arg(
                what, someNames(m_writers.triggers)));
    } else {
        collateral(report,
            u"%1 (%2; cannot tell: deleted since the review, or by a trigger the script fires: %3)"_s.arg(
                what, noDecision, someNames(m_writers.unaccepted)));
    }
}

void WholeStateCheck::run(const CheckedTable& table, AccountedRows accounted, VerifyTable& report)
{
    if (table.project->key.isEmpty())
        runKeyless(table, report);
    else
        runKeyed(table, accounted, report);
}

void WholeStateCheck::runKeyed(const CheckedTable& table, AccountedRows& accounted, VerifyTable& report)
{
    QStringList fromChange;
    for (qsizetype i = 0; i < table.project->key.size(); ++i)
        fromChange.append(
            keyElement(u"r.key"_s, int(i), table.stagedType(table.project->key[i])) + u"::text"_s);
    // The staged target's rows, and in their place a marker for every key a decision writes
    // (also keys the target did not have: a decided insert).
    RowStream intended(m_project, u"pgr_whole_intended"_s,
        u"SELECT DISTINCT ON (k) k, v FROM ("
        "SELECT %1 AS k, %2 AS v, 1 AS o FROM %3 s "
        "UNION ALL SELECT %4, NULL, 0 FROM pgreconcile.review_all r WHERE r.table_id = %5 AND r.action IS "
        "NOT NULL"
        ") u ORDER BY k, o"_s.arg(textArray(columnTexts(m_project, u"s"_s, table.project->key)),
            textArray(columnTexts(m_project, u"s"_s, table.ordered())), table.staged, textArray(fromChange),
            QString::number(table.project->tableId)),
        m_cancel);
    // A live target: each row's xmin, read in the same scan (and snapshot) as the row itself.
    RowStream checked(m_checked, u"pgr_whole_checked"_s,
        u"SELECT %1 AS k, %2%3 FROM %4 t ORDER BY 1"_s.arg(
            textArray(columnTexts(m_checked, u"t"_s, table.project->key)),
            textArray(columnTexts(m_checked, u"t"_s, table.ordered())),
            m_writers.tellApart() ? u", t.xmin"_s : QString(), table.qualified),
        m_cancel);
    const auto by
        = [&](const RowStream& have) { return m_writers.tellApart() ? have.column(2) : QByteArray(); };
    const auto same = [&](const RowStream& want, const RowStream& have) {
        const QByteArray wanted = want.payload(), found = have.payload();
        if (wanted == found) {
            ++report.unchanged;
            return;
        }
        const QStringList a = elements(wanted), b = elements(found);
        QStringList different;
        for (qsizetype c = 0; c < table.ordered().size(); ++c) {
            if (a.value(c) != b.value(c) || a.value(c).isNull() != b.value(c).isNull())
                different.append(table.ordered()[c]);
        }
        written(table, report, u"%1 changed in: %2"_s.arg(keyLabel(want.key()), different.join(u", "_s)),
            u"no decision writes it"_s, by(have), writer(by(have)));
    };
    const auto gone = [&](const RowStream& want) {
        this->gone(report, u"%1 is gone"_s.arg(keyLabel(want.key())), u"no decision deletes it"_s);
    };
    const auto appeared = [&](const RowStream& have) {
        if (!accounted.keys.isEmpty() && accounted.keys.contains(elements(have.key())))
            return;
        if (accounted.unplaced > 0) {
            // One of the decided rows that could not be looked for: not checked, already said why.
            --accounted.unplaced;
            return;
        }
        written(table, report, u"%1 appeared"_s.arg(keyLabel(have.key())), u"no decision inserts it"_s,
            by(have), writer(by(have)));
    };
    merge(intended, checked, same, gone, appeared);
}

void WholeStateCheck::runKeyless(const CheckedTable& table, VerifyTable& report)
{
    // The columns the diff compared (and the changes' row values hold), in the target's order.
    const QStringList& compared = table.project->comparedColumns;
    QStringList columns, fromChange;
    for (const QString& column : table.ordered()) {
        if (!compared.contains(column))
            continue;
        columns.append(column);
        fromChange.append(
            keyElement(u"r.key"_s, m_project.quoteLiteral(column), table.stagedType(column)) + u"::text"_s);
    }
    if (columns.isEmpty())
        return;
    RowStream intended(m_project, u"pgr_whole_intended"_s,
        u"SELECT DISTINCT ON (k) k, n FROM ("
        "SELECT %1 AS k, count(*)::text AS n, 1 AS o FROM %2 s GROUP BY 1 "
        "UNION ALL SELECT %3, NULL, 0 FROM pgreconcile.review_all r WHERE r.table_id = %4 AND r.action IS "
        "NOT NULL"
        ") u ORDER BY k, o"_s.arg(textArray(columnTexts(m_project, u"s"_s, columns)), table.staged,
            textArray(fromChange), QString::number(table.project->tableId)),
        m_cancel);
    // A live target: how many copies of each row the apply's transaction wrote.
    // Where a trigger may write in a subtransaction, also the copies written after the apply began.
    const QString apply = m_checked.quoteLiteral(QString::fromLatin1(m_writers.applyXid));
    const QString byApply = !m_writers.tellApart() ? QString()
        : m_writers.subtransactions.isEmpty()
        ? u", count(*) FILTER (WHERE t.xmin = %1::xid)::text"_s.arg(apply)
        : u", count(*) FILTER (WHERE t.xmin = %1::xid)::text, count(*) FILTER (WHERE age(t.xmin) < age(%1::xid))::text"_s
              .arg(apply);
    RowStream checked(m_checked, u"pgr_whole_checked"_s,
        u"SELECT %1 AS k, count(*)::text%2 FROM %3 t GROUP BY 1 ORDER BY 1"_s.arg(
            textArray(columnTexts(m_checked, u"t"_s, columns)), byApply, table.qualified),
        m_cancel);
    // The copies of a row no decision writes cannot be told apart: any of them written by the
    // apply makes the extra copies the apply's.
    const auto by = [&](const RowStream& have) {
        if (!m_writers.tellApart())
            return Writer::Unknown;
        if (have.column(2).toLongLong() > 0)
            return Writer::Apply;
        return have.column(3).toLongLong() > 0 ? Writer::ApplyOrLater : Writer::Other;
    };
    const auto same = [&](const RowStream& want, const RowStream& have) {
        const qint64 wanted = want.payload().toLongLong(), found = have.payload().toLongLong();
        if (wanted == found) {
            report.unchanged += wanted;
            return;
        }
        const QString what = u"%1: %2 expected, %3 found"_s.arg(
            rowLabel(columns, want.key()), copies(wanted), copies(found));
        if (found < wanted)
            this->gone(report, what, u"no decision writes it"_s);
        else
            written(table, report, what, u"no decision writes it"_s, {}, by(have));
    };
    const auto gone = [&](const RowStream& want) {
        this->gone(report, u"%1 is gone"_s.arg(rowLabel(columns, want.key())),
            u"%1; no decision deletes it"_s.arg(copies(want.payload().toLongLong())));
    };
    const auto appeared = [&](const RowStream& have) {
        written(table, report, u"%1 appeared"_s.arg(rowLabel(columns, have.key())),
            u"%1; no decision inserts it"_s.arg(copies(have.payload().toLongLong())), {}, by(have));
    };
    merge(intended, checked, same, gone, appeared);
}

} // namespace pgr
