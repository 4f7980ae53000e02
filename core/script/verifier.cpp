// SPDX-License-Identifier: GPL-3.0-or-later
#include "verifier.h"

#include "decisions.h"
#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"
#include "project.h"
#include "projecttables.h"
#include "rekey.h"
#include "scriptwriter.h"
#include "vocabulary.h"
#include "wholestate.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

constexpr int kBatch = 1000;
// Each batch of a keyless table's row values costs one scan of the live table: larger batches.
constexpr int kKeylessBatch = 10000;
constexpr int kMaxListed = 20;

using Texts = QList<QByteArray>; // one per column; a null QByteArray is SQL NULL

enum class Outcome
{
    InPlace,
    Missing,
    Differs,
    StillPresent,
    NotChecked
};

// What the live target holds for one re-keyed row: the keys of the rows with its reviewed
// values, other than its old key and other than keys the target already had at the review.
struct RekeyFind
{
    QStringList newer; // greater than the old key, as keys from the target's sequence are
    QStringList older;
    QString why; // not empty: it cannot be looked for
    bool mapped = false; // a row mapped onto the target's row newer holds (map_onto_target): not a new row
    QString newKey() const { return newer.size() == 1 ? newer.first() : QString(); }
};
using RekeyFinds = QHash<QString, QHash<QString, RekeyFind>>; // table → old key text → what was found

// Strings only: a JSON number would pass through a double.
QString jsonTexts(const QStringList& texts)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(texts)).toJson(QJsonDocument::Compact));
}

Texts texts(const PgResult& rows, int row, int first, int count)
{
    Texts values;
    values.reserve(count);
    for (int c = 0; c < count; ++c)
        values.append(rows.isNull(row, first + c) ? QByteArray() : rows.utf8(row, first + c));
    return values;
}

bool sameText(const QByteArray& a, const QByteArray& b) { return a.isNull() == b.isNull() && a == b; }

bool sameTexts(const Texts& a, const Texts& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!sameText(a[i], b[i]))
            return false;
    }
    return true;
}

void list(QStringList& lines, const QString& line)
{
    if (lines.size() < kMaxListed)
        lines.append(line);
}

void count(VerifyTable& report, Outcome outcome)
{
    switch (outcome) {
    case Outcome::InPlace:
        ++report.inPlace;
        break;
    case Outcome::Missing:
        ++report.missing;
        break;
    case Outcome::Differs:
        ++report.differs;
        break;
    case Outcome::StillPresent:
        ++report.stillPresent;
        break;
    case Outcome::NotChecked:
        ++report.notChecked;
        break;
    }
}

// A table of the review as the check reads it: its names in staging and in the database checked.
CheckedTable checkedTable(PgConnection& db, PgConnection& target, const ProjectTable& table)
{
    return { &table, table.qualifiedName(),
        target.quoteName(table.schema) + u'.' + target.quoteName(table.name), table.staged(db, u"target"_s) };
}

// The rows found holding re-keyed rows' values (found: old key, key, whether newer), but for
// keys the staged target already had (known): those hold the target's own rows.
void recordFound(
    PgConnection& db, const QString& known, const PgResult& found, QHash<QString, RekeyFind>& finds)
{
    QStringList candidates;
    for (int r = 0; r < found.rowCount(); ++r)
        candidates.append(found.text(r, 1));
    QSet<QString> staged;
    if (!candidates.isEmpty()) {
        const PgResult present = db.exec(known, { jsonTexts(candidates) });
        for (int r = 0; r < present.rowCount(); ++r)
            staged.insert(present.text(r, 0));
    }
    for (int r = 0; r < found.rowCount(); ++r) {
        if (staged.contains(found.text(r, 1)))
            continue;
        RekeyFind& find = finds[found.text(r, 0)];
        (found.toBool(r, 2) ? find.newer : find.older).append(found.text(r, 1));
    }
}

// Looks every re-keyed row of a table up on the live target by its reviewed values: the columns
// that are neither its key nor follow a re-key (those hold keys only the apply knew). One scan of
// the target table per batch, as a hash join on the row's text.
void findRekeyed(PgConnection& db, PgConnection& target, const CheckedTable& table,
    const QHash<QString, QString>& following, QHash<QString, RekeyFind>& finds,
    const std::atomic<bool>* cancel)
{
    QStringList columns;
    const QString select = ScriptWriter::finalRowsSql(db, *table.project, &columns, true);
    const int n = int(columns.size());
    // The other key columns (payment_date of (payment_date, payment_id)) are values it is found by.
    const int keyIndex = int(columns.indexOf(table.project->freshKeyColumn));
    QList<int> matched;
    QStringList liveTexts;
    for (int c = 0; c < n; ++c) {
        if (c != keyIndex && !following.contains(columns[c])) {
            matched.append(c);
            liveTexts.append(u"t."_s + target.quoteName(columns[c]) + u"::text"_s);
        }
    }
    if (table.project->freshKeyColumn.isEmpty() || keyIndex < 0)
        return; // a re-key needs a column that takes a fresh value: verifyKeyed says so
    QString why;
    if (matched.isEmpty())
        why = u"it has no column besides its key (and keys that follow re-keys) to be recognised by"_s;

    db.exec(u"DECLARE pgr_verify_rekey NO SCROLL CURSOR FOR SELECT * FROM (%1) AS x (%2) WHERE x.action = "
            u"'rekey' "
            "ORDER BY x.key"_s.arg(select, ScriptWriter::finalRowsAliases(n)));
    const QString keyName = target.quoteName(table.project->freshKeyColumn);
    const QString keyType = table.targetType(table.project->freshKeyColumn);
    // x.e: [old key, [its values' texts]].
    const QString lookup = u"SELECT x.e ->> 0, t.%1::text, t.%1 > (x.e ->> 0)::%2 FROM "
                           u"jsonb_array_elements($1::jsonb) AS x (e) "
                           "JOIN %3 t ON jsonb_build_array(%4) = x.e -> 1 AND t.%1 <> (x.e ->> 0)::%2"_s.arg(
                               keyName, keyType, table.qualified, liveTexts.join(u", "_s));
    // Keys the target already had at the review hold the target's own rows, not a fresh key's.
    const QString known
        = u"SELECT s.%1::text FROM %2 s WHERE s.%1 IN (SELECT pgr_k::%3 FROM jsonb_array_elements_text($1::jsonb) pgr_k)"_s
              .arg(db.quoteName(table.project->freshKeyColumn), table.staged,
                  table.stagedType(table.project->freshKeyColumn));
    for (;;) {
        if (cancel && cancel->load())
            throw Cancelled();
        const PgResult batch = db.exec(u"FETCH %1 FROM pgr_verify_rekey"_s.arg(kBatch));
        QJsonArray probes;
        for (int r = 0; r < batch.rowCount(); ++r) {
            const QString old = batch.text(r, 4 + keyIndex);
            RekeyFind& find = finds[old];
            find.why = why;
            if (!why.isEmpty())
                continue;
            QJsonArray values;
            for (const int c : std::as_const(matched))
                values.append(batch.isNull(r, 4 + c) ? QJsonValue() : QJsonValue(batch.text(r, 4 + c)));
            probes.append(QJsonArray { old, values });
        }
        if (!probes.isEmpty()) {
            const PgResult found = target.exec(
                lookup, { QString::fromUtf8(QJsonDocument(probes).toJson(QJsonDocument::Compact)) });
            recordFound(db, known, found, finds);
        }
        if (batch.rowCount() < kBatch)
            break;
    }
    db.exec(u"CLOSE pgr_verify_rekey"_s);
}

// One row the target should hold (or not) under a key.
struct Probe
{
    QStringList at; // the key columns' texts
    bool present = true;
    Texts want; // present: every column's text
    QString label; // how the problem names it
    bool written = false; // the script wrote the row: where in place, its xmin is the apply's
    // Absent, under a key the target did not have: a row found there may be another one that
    // moved to that key with its re-keyed parent (decided once every row was looked at).
    bool freeKey = false;
};

struct Change
{
    QList<Probe> probes; // checked in order; the first that fails decides the outcome
    Outcome outcome = Outcome::InPlace; // set when it is decided before any lookup
    QString problem;
};

// What the check of a keyed table reads: the final rows' columns, where the key and the columns
// that follow re-keys stand among them, and the live lookup.
struct KeyedCheck
{
    KeyedCheck(const CheckedTable& checked, const RekeyFinds& found)
        : table(checked)
        , finds(found)
    { }

    const CheckedTable& table;
    const RekeyFinds& finds;
    QStringList columns;
    QString select; // the decided changes' final rows (ScriptWriter::finalRowsSql)
    QList<int> keyIndex; // each key column's place among columns
    QHash<int, QString> follows; // columns that follow a re-key → the re-keyed table whose key they hold
    QSet<QStringList> freshKeys; // the keys re-keyed rows of this table were found under
    QString lookup; // the live rows under a JSON array of keys, with their xmin last
    QString keyTexts; // the key columns' texts of a change's key, for the cursor

    int width() const { return int(columns.size()); }
};

KeyedCheck keyedCheck(PgConnection& db, PgConnection& target, const CheckedTable& table,
    const QHash<QString, QString>& following, const RekeyFinds& finds)
{
    KeyedCheck check { table, finds };
    check.select = ScriptWriter::finalRowsSql(db, *table.project, &check.columns, true);
    QStringList keyColumns, keyElements, keyTexts, valueTexts;
    for (int i = 0; i < table.project->key.size(); ++i) {
        check.keyIndex.append(int(check.columns.indexOf(table.project->key[i])));
        keyColumns.append(target.quoteName(table.project->key[i]));
        keyElements.append(keyElement(u"pgr_k"_s, i, table.targetType(table.project->key[i])));
        keyTexts.append(
            keyElement(u"x.key::jsonb"_s, i, table.stagedType(table.project->key[i])) + u"::text"_s);
    }
    check.keyTexts = keyTexts.join(u", "_s);
    for (const QString& column : std::as_const(check.columns))
        valueTexts.append(target.quoteName(column) + u"::text"_s);
    for (auto it = following.cbegin(); it != following.cend(); ++it) {
        if (const int index = int(check.columns.indexOf(it.key())); index >= 0)
            check.follows.insert(index, it.value());
    }
    // Each key travels as an array of its columns' texts, cast to the target's own types. The
    // row's xmin comes last: the apply's transaction id, where the script wrote the row.
    check.lookup
        = u"SELECT %1, xmin::text FROM %2 WHERE (%3) IN (SELECT %4 FROM jsonb_array_elements($1::jsonb) pgr_k)"_s
              .arg(valueTexts.join(u", "_s), table.qualified, keyColumns.join(u", "_s),
                  keyElements.join(u", "_s));
    for (const RekeyFind& find : finds.value(table.name)) {
        if (!find.newKey().isEmpty())
            check.freshKeys.insert({ find.newKey() });
    }
    return check;
}

// A row re-keyed itself: looked for under the new key its reviewed values were found under.
// Returns whether the probe moved there; otherwise change says why not.
bool placeRekeyed(
    const KeyedCheck& check, const QString& label, Probe& probe, Change& change, AccountedRows& accounted)
{
    const CheckedTable& table = check.table;
    // The fresh-key column's place in the key and among the columns.
    const int fresh = int(table.project->key.indexOf(table.project->freshKeyColumn));
    if (fresh < 0) {
        ++accounted.unplaced;
        change.outcome = Outcome::NotChecked;
        change.problem
            = u"%1 re-keyed: cannot be looked for, no column of its key takes a fresh value"_s.arg(label);
        return false;
    }
    const RekeyFind find = check.finds.value(table.name)
                               .value(QString::fromUtf8(probe.want.value(check.keyIndex.value(fresh))));
    if (!find.why.isEmpty()) {
        ++accounted.unplaced;
        change.outcome = Outcome::NotChecked;
        change.problem = u"%1 re-keyed: cannot be looked for, %2"_s.arg(label, find.why);
    } else if (find.newer.isEmpty()) {
        change.outcome = Outcome::Missing;
        change.problem = u"%1 re-keyed: no row with its reviewed values under a new key%2"_s.arg(label,
            find.older.isEmpty() ? QString()
                                 : u" (only under older keys: %1)"_s.arg(find.older.mid(0, 5).join(u", "_s)));
    } else if (find.newer.size() > 1) {
        change.outcome = Outcome::Differs;
        change.problem
            = u"%1 re-keyed: %2 rows hold its reviewed values under new keys (%3), one expected"_s.arg(
                label, QString::number(find.newer.size()), find.newer.mid(0, 5).join(u", "_s));
    } else {
        probe.want[check.keyIndex[fresh]] = find.newKey().toUtf8();
        probe.at[fresh] = find.newKey();
        return true;
    }
    return false;
}

// The columns holding a re-keyed row's old key take its new key. Returns whether a key column
// did (the probe moved); change says why a row cannot be placed.
bool followRekeys(const KeyedCheck& check, const QString& label, const Texts& finals, Probe& probe,
    Change& change, AccountedRows& accounted)
{
    bool moved = false;
    for (auto it = check.follows.cbegin(); it != check.follows.cend() && change.problem.isEmpty(); ++it) {
        const QString old = QString::fromUtf8(finals.at(it.key()));
        const auto origin = check.finds.constFind(it.value());
        if (finals.at(it.key()).isNull() || origin == check.finds.cend() || !origin->contains(old))
            continue; // not a re-keyed row's key: written as it is
        const auto rekeyed = origin->constFind(old);
        if (rekeyed->newKey().isEmpty()) {
            // No new row: nothing can hold its new key. Several, or not looked for: unknown.
            const bool gone = rekeyed->why.isEmpty() && rekeyed->newer.isEmpty();
            change.outcome = gone ? Outcome::Missing : Outcome::NotChecked;
            if (!gone && check.keyIndex.contains(it.key()))
                ++accounted.unplaced; // somewhere under a key of the parent's new rows
            const QString what = gone    ? u"was not found"_s
                : rekeyed->why.isEmpty() ? u"was found %1 times"_s.arg(rekeyed->newer.size())
                                         : u"cannot be looked for"_s;
            change.problem = u"%1 follows %2 [%3], whose new row %4"_s.arg(label, it.value(), old, what);
            break;
        }
        probe.want[it.key()] = rekeyed->newKey().toUtf8();
        if (const int i = int(check.keyIndex.indexOf(it.key())); i >= 0) {
            probe.at[i] = rekeyed->newKey();
            moved = true;
        }
    }
    return moved;
}

// What the target should hold for one decided change of the cursor's batch (row r).
Change changeOf(const KeyedCheck& check, const PgResult& batch, int r, AccountedRows& accounted)
{
    const int n = check.width();
    const QString label = batch.text(r, 0);
    const std::optional<Action> action = storedOptional<Action>(batch.text(r, 1));
    const bool finalPresent = batch.toBool(r, 2), targetPresent = batch.toBool(r, 3);
    const Texts finals = texts(batch, r, 4, n), reviewed = texts(batch, r, 4 + n, n);
    QStringList at;
    for (int i = 0; i < check.keyIndex.size(); ++i)
        at.append(batch.text(r, 4 + 2 * n + i));
    Change change;
    if (!finalPresent) {
        // A key the target did not have and keeps free may be where a fresh key put a re-keyed
        // row, which its own probe checks.
        if (targetPresent || !check.freshKeys.contains(at))
            change.probes.append({ at, false, {}, label, false, !targetPresent });
        return change;
    }
    Probe probe { at, true, finals, label };
    // A row that moves with its re-keyed parent takes its key from the parent's new key
    // (followRekeys); only a row re-keyed itself is looked for.
    bool movesWithParent = false;
    for (const int i : check.keyIndex)
        movesWithParent = movesWithParent || check.follows.contains(i);
    probe.written = action != Action::KeepTarget
        && (!targetPresent || action == Action::Rekey || !sameTexts(finals, reviewed));
    bool moved
        = action == Action::Rekey && !movesWithParent && placeRekeyed(check, label, probe, change, accounted);
    if (probe.written && change.problem.isEmpty())
        moved = followRekeys(check, label, finals, probe, change, accounted) || moved;
    if (moved) {
        probe.label = u"%1 (now under %2)"_s.arg(label, probe.at.join(u", "_s));
        accounted.keys.insert(probe.at);
    }
    if (change.problem.isEmpty())
        change.probes.append(probe);
    // The collision's winner keeps the old key, untouched.
    if (action == Action::Rekey && targetPresent && change.outcome != Outcome::NotChecked)
        change.probes.append(
            { at, true, reviewed, u"%1 (the target's own row under the old key)"_s.arg(label) });
    return change;
}

// The live rows under the probes' keys, each key's texts → its columns' texts and xmin.
QHash<QStringList, Texts> lookUp(PgConnection& target, const KeyedCheck& check, const QList<Change>& changes)
{
    QSet<QStringList> wanted;
    QStringList keys;
    for (const Change& change : changes) {
        for (const Probe& probe : change.probes) {
            if (!wanted.contains(probe.at)) {
                wanted.insert(probe.at);
                keys.append(jsonTexts(probe.at));
            }
        }
    }
    QHash<QStringList, Texts> found;
    if (keys.isEmpty())
        return found;
    const PgResult rows = target.exec(check.lookup, { QString(u'[' + keys.join(u", "_s) + u']') });
    for (int r = 0; r < rows.rowCount(); ++r) {
        QStringList at;
        for (const int i : check.keyIndex)
            at.append(rows.text(r, i));
        found.insert(at, texts(rows, r, 0, check.width() + 1));
    }
    return found;
}

// How one probe compares with the live row under its key (actual: nullptr when there is none).
Outcome judgeProbe(const KeyedCheck& check, const Probe& probe, const Texts* actual, QString& problem)
{
    if (!probe.present) {
        if (!actual)
            return Outcome::InPlace;
        problem = u"%1 should be deleted but is still there"_s.arg(probe.label);
        return Outcome::StillPresent;
    }
    if (!actual) {
        problem = u"%1 is missing"_s.arg(probe.label);
        return Outcome::Missing;
    }
    QStringList different;
    for (int c = 0; c < check.width(); ++c) {
        if (!sameText(actual->at(c), probe.want.at(c)))
            different.append(check.columns[c]);
    }
    if (different.isEmpty())
        return Outcome::InPlace;
    problem = u"%1 differs in: %2"_s.arg(probe.label, different.join(u", "_s));
    return Outcome::Differs;
}

// Counts one change in the report: its own outcome, else that of its first probe that fails.
void judge(const KeyedCheck& check, const Change& change, const QHash<QStringList, Texts>& found,
    VerifyTable& report, AccountedRows& accounted)
{
    Outcome outcome = change.outcome;
    if (!change.problem.isEmpty())
        list(outcome == Outcome::NotChecked ? report.notCheckedReasons : report.problems, change.problem);
    for (const Probe& probe : change.probes) {
        const auto actual = found.constFind(probe.at);
        QString problem;
        const Outcome result = judgeProbe(check, probe, actual == found.cend() ? nullptr : &*actual, problem);
        if (result == Outcome::InPlace && probe.present && probe.written)
            ++accounted.writtenBy[actual->at(check.width())];
        if (result != Outcome::InPlace) {
            list(report.problems, problem);
            if (outcome == Outcome::InPlace)
                outcome = result;
        }
    }
    count(report, outcome);
}

void verifyKeyed(PgConnection& db, PgConnection& target, const CheckedTable& table,
    const QHash<QString, QString>& following, const RekeyFinds& finds, VerifyTable& report,
    AccountedRows& accounted, const std::atomic<bool>* cancel)
{
    const KeyedCheck check = keyedCheck(db, target, table, following, finds);
    QList<Probe> occupied; // absent under a key the target did not have, but a row is there
    db.exec(
        u"DECLARE pgr_verify NO SCROLL CURSOR FOR SELECT x.*, %1 FROM (%2) AS x (%3) ORDER BY x.key"_s.arg(
            check.keyTexts, check.select, ScriptWriter::finalRowsAliases(check.width())));
    for (;;) {
        if (cancel && cancel->load())
            throw Cancelled();
        const PgResult batch = db.exec(u"FETCH %1 FROM pgr_verify"_s.arg(kBatch));
        QList<Change> changes;
        for (int r = 0; r < batch.rowCount(); ++r)
            changes.append(changeOf(check, batch, r, accounted));
        const QHash<QStringList, Texts> found = lookUp(target, check, changes);
        for (const Change& change : std::as_const(changes)) {
            const bool freeKeyTaken = change.problem.isEmpty() && change.probes.size() == 1
                && change.probes.first().freeKey && found.contains(change.probes.first().at);
            if (freeKeyTaken)
                occupied.append(change.probes.first());
            else
                judge(check, change, found, report, accounted);
        }
        if (batch.rowCount() < kBatch)
            break;
    }
    db.exec(u"CLOSE pgr_verify"_s);
    // A key kept free that holds a row: in place when a row moved there with its re-keyed parent.
    for (const Probe& probe : std::as_const(occupied)) {
        if (accounted.keys.contains(probe.at)) {
            count(report, Outcome::InPlace);
        } else {
            list(report.problems, u"%1 should be deleted but is still there"_s.arg(probe.label));
            count(report, Outcome::StillPresent);
        }
    }
}

// A keyless table's decided row value: its copies on the target must be the staged target's
// plus (insert) or minus (delete) the copies the decision carried over. Row r of the cursor:
// label, kind, class, occurrences, action, value, staged copies.
void countCopies(const PgResult& batch, int r, qint64 actual, VerifyTable& report)
{
    // Two-way changes have no kind: only_in_source means the source holds more copies.
    const bool insert = batch.isNull(r, 1)
        ? storedValue<ChangeClass>(batch.text(r, 2)) == ChangeClass::OnlyInSource
        : storedValue<ChangeKind>(batch.text(r, 1)) == ChangeKind::Insert;
    const qint64 carried
        = storedValue<Action>(batch.text(r, 4)) == Action::TakeSource ? batch.toInt64(r, 3) : 0;
    const qint64 expected = batch.toInt64(r, 6) + (insert ? carried : -carried);
    if (actual == expected) {
        ++report.inPlace;
        return;
    }
    if (actual < expected)
        ++report.missing;
    else if (insert)
        ++report.differs;
    else
        ++report.stillPresent;
    auto many = [](qint64 n) -> QString { return n == 1 ? u"1 copy"_s : u"%1 copies"_s.arg(n); };
    list(report.problems, u"%1: %2 expected, %3 found"_s.arg(batch.text(r, 0), many(expected), many(actual)));
}

// The compared columns of a keyless table: those of the changes' row values, in the target's
// order, as texts of the change's row (r.key), of the staged row (s) and of the live row (t).
struct KeylessColumns
{
    QStringList fromKey, stagedTexts, liveTexts;
    QString whyNot; // not empty: the rows cannot be counted
};

KeylessColumns keylessColumns(PgConnection& db, PgConnection& target, const CheckedTable& table)
{
    QSet<QString> inRow;
    const PgResult names = db.exec(u"SELECT jsonb_object_keys(key) FROM (SELECT key FROM pgreconcile.changes "
                                   "WHERE table_id = $1 LIMIT 1) c"_s,
        { table.project->tableId });
    for (int r = 0; r < names.rowCount(); ++r)
        inRow.insert(names.text(r, 0));
    KeylessColumns columns;
    for (const QString& column : table.ordered()) {
        if (!inRow.remove(column))
            continue;
        columns.fromKey.append(
            keyElement(u"r.key"_s, db.quoteLiteral(column), table.stagedType(column)) + u"::text"_s);
        columns.stagedTexts.append(u"s.%1::text"_s.arg(db.quoteName(column)));
        columns.liveTexts.append(u"t.%1::text"_s.arg(target.quoteName(column)));
    }
    if (columns.fromKey.isEmpty())
        columns.whyNot = u"no compared column to count rows by"_s;
    else if (!inRow.isEmpty())
        columns.whyNot = u"the rows' columns are not the target's: %1"_s.arg(inRow.values().join(u", "_s));
    return columns;
}

// A table without a key: per decided row value, the number of copies the target holds (countCopies).
void verifyKeyless(PgConnection& db, PgConnection& target, const CheckedTable& table, VerifyTable& report,
    const std::atomic<bool>* cancel)
{
    const KeylessColumns columns = keylessColumns(db, target, table);
    if (!columns.whyNot.isEmpty()) {
        report.notChecked += db.exec(u"SELECT count(*) FROM pgreconcile.review_all WHERE table_id = $1 AND "
                                     "action IS NOT NULL"_s,
                                   { table.project->tableId })
                                 .toInt64(0, 0);
        list(report.notCheckedReasons, columns.whyNot);
        return;
    }
    // Each decided row value with the number of copies the staged target holds (one hash join).
    db.exec(
        u"DECLARE pgr_verify_keyless NO SCROLL CURSOR FOR "
        "SELECT k.key, k.kind, k.change_class, k.occurrences, k.action, k.v::text, coalesce(c.n, 0) FROM "
        "(SELECT r.key::text AS key, r.kind, r.change_class, r.occurrences, r.action, jsonb_build_array(%1) "
        "AS v FROM pgreconcile.review_all r WHERE r.table_id = %2 AND r.action IS NOT NULL) k "
        "LEFT JOIN (SELECT jsonb_build_array(%3) AS v, count(*) AS n FROM %4 s GROUP BY 1) c ON c.v = k.v "
        "ORDER BY k.key"_s.arg(columns.fromKey.join(u", "_s), QString::number(table.project->tableId),
            columns.stagedTexts.join(u", "_s), table.staged));
    const QString live
        = u"SELECT x.v::text, count(t.v) FROM (SELECT DISTINCT value AS v FROM "
          u"jsonb_array_elements($1::jsonb)) x "
          "LEFT JOIN (SELECT jsonb_build_array(%1) AS v FROM %2 t) t ON t.v = x.v GROUP BY x.v"_s.arg(
              columns.liveTexts.join(u", "_s), table.qualified);
    for (;;) {
        if (cancel && cancel->load())
            throw Cancelled();
        const PgResult batch = db.exec(u"FETCH %1 FROM pgr_verify_keyless"_s.arg(kKeylessBatch));
        QStringList values;
        for (int r = 0; r < batch.rowCount(); ++r)
            values.append(batch.text(r, 5));
        QHash<QString, qint64> copies;
        if (!values.isEmpty()) {
            const PgResult rows = target.exec(live, { QString(u'[' + values.join(u", "_s) + u']') });
            for (int r = 0; r < rows.rowCount(); ++r)
                copies.insert(rows.text(r, 0), rows.toInt64(r, 1));
        }
        for (int r = 0; r < batch.rowCount(); ++r)
            countCopies(batch, r, copies.value(batch.text(r, 5)), report);
        if (batch.rowCount() < kKeylessBatch)
            break;
    }
    db.exec(u"CLOSE pgr_verify_keyless"_s);
}

// The new keys found for a table's re-keyed rows (several for one row too: verify names them all
// in its "differs"), which the whole-state check must not take for collateral rows.
AccountedRows rekeyedRows(const QHash<QString, RekeyFind>& finds)
{
    AccountedRows accounted;
    for (const RekeyFind& find : finds) {
        if (find.mapped)
            continue; // the target's own row, checked as any other
        for (const QString& key : find.newer)
            accounted.keys.insert({ key });
    }
    return accounted;
}

} // namespace

namespace {

// The sum over the tables of what each table's figure gives.
template<typename Figure>
qint64 total(const QList<VerifyTable>& tables, Figure figure)
{
    qint64 sum = 0;
    for (const VerifyTable& table : tables)
        sum += figure(table);
    return sum;
}

} // namespace

qint64 VerifyResult::problems() const
{
    return total(
        tables, [](const VerifyTable& t) { return t.missing + t.differs + t.stillPresent + t.collateral; });
}

qint64 VerifyResult::checked() const
{
    return total(
        tables, [](const VerifyTable& t) { return t.inPlace + t.missing + t.differs + t.stillPresent; });
}

qint64 VerifyResult::collateral() const
{
    return total(tables, [](const VerifyTable& t) { return t.collateral; });
}

qint64 VerifyResult::changedSinceReview() const
{
    return total(tables, [](const VerifyTable& t) { return t.changedSinceReview; });
}

qint64 VerifyResult::byAcceptedTriggers() const
{
    return total(tables, [](const VerifyTable& t) { return t.byAcceptedTriggers; });
}

qint64 VerifyResult::unchanged() const
{
    return total(tables, [](const VerifyTable& t) { return t.unchanged; });
}

Verifier::Verifier(Project& project, const std::atomic<bool>* cancel)
    : m_project(project)
    , m_cancel(cancel)
{ }

namespace {

// The tables diffed (not skipped), each with how many of its changes are decided and whether
// any is re-keyed.
struct VerifiedTable
{
    CheckedTable info;
    qint64 decided = 0;
    bool rekeyed = false;
};

QList<VerifiedTable> verifiedTables(PgConnection& db, PgConnection& target, const ProjectTables& tables)
{
    const PgResult decided = db.exec(u"SELECT table_id, count(*), bool_or(action = 'rekey') "
                                     "FROM pgreconcile.review_all WHERE action IS NOT NULL GROUP BY 1"_s);
    QHash<int, QPair<qint64, bool>> decidedOf;
    for (int row = 0; row < decided.rowCount(); ++row)
        decidedOf.insert(int(decided.toInt64(row, 0)), { decided.toInt64(row, 1), decided.toBool(row, 2) });
    QList<VerifiedTable> verified;
    for (const ProjectTable& table : tables.tables()) {
        if (table.compared())
            verified.append({ checkedTable(db, target, table), decidedOf.value(table.tableId).first,
                decidedOf.value(table.tableId).second });
    }
    return verified;
}

// Every re-keyed row's new key first, so that the rows that moved with it can be found; then the
// rows mapped onto the target's rows, whose references point at a key known beforehand.
RekeyFinds findRekeyedRows(PgConnection& db, PgConnection& target, const ProjectTables& project,
    const QList<VerifiedTable>& tables, const QHash<QString, QHash<QString, QString>>& followers,
    const std::atomic<bool>* cancel)
{
    RekeyFinds finds;
    for (const VerifiedTable& table : tables) {
        const CheckedTable& info = table.info;
        const bool movesWithParent = !info.project->freshKeyColumn.isEmpty()
            && followers.value(info.name).contains(info.project->freshKeyColumn);
        if (table.rekeyed && !info.project->key.isEmpty() && !movesWithParent)
            findRekeyed(db, target, info, followers.value(info.name), finds[info.name], cancel);
    }
    const PgResult mapped
        = db.exec(u"SELECT table_id, key ->> 0, mapped_onto ->> 0 FROM pgreconcile.review_all "
                  "WHERE action = 'map_onto_target'"_s);
    for (int row = 0; row < mapped.rowCount(); ++row) {
        if (const ProjectTable* table = project.byId(int(mapped.toInt64(row, 0))))
            finds[table->qualifiedName()][mapped.text(row, 1)]
                = RekeyFind { { mapped.text(row, 2) }, {}, {}, true };
    }
    return finds;
}

} // namespace

VerifyResult Verifier::verify(const QString& targetConnection, const QString& label, Checked checked)
{
    PgConnection& db = m_project.connection();
    PgConnection target(targetConnection, label);
    VerifyResult result;
    PgTransaction snapshot(db, u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
    BulkRead bulk(db);
    // The target too is read in one snapshot: a re-keyed row found in one query is there in the next.
    PgTransaction targetSnapshot(target, u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
    const ProjectTables projectTables = ProjectTables::read(db);
    const QList<VerifiedTable> tables = verifiedTables(db, target, projectTables);
    const auto followers = Rekey::followingColumns(db, projectTables);
    const RekeyFinds finds = findRekeyedRows(db, target, projectTables, tables, followers, m_cancel);
    // The decided changes of every table first: the rows they wrote show the apply's transaction
    // id, which the whole-state check of a live target needs from the first table on.
    QList<AccountedRows> accountedRows;
    QHash<QByteArray, qint64> writtenBy;
    for (const VerifiedTable& table : tables) {
        const CheckedTable& info = table.info;
        VerifyTable report;
        report.table = info.name;
        AccountedRows accounted = rekeyedRows(finds.value(info.name));
        if (table.decided > 0 && info.project->key.isEmpty())
            verifyKeyless(db, target, info, report, m_cancel);
        else if (table.decided > 0)
            verifyKeyed(db, target, info, followers.value(info.name), finds, report, accounted, m_cancel);
        for (auto it = accounted.writtenBy.cbegin(); it != accounted.writtenBy.cend(); ++it)
            writtenBy[it.key()] += it.value();
        result.tables.append(report);
        accountedRows.append(std::move(accounted));
    }
    RowWriters writers;
    if (checked == Checked::LiveTarget) {
        writers
            = RowWriters::onLiveTarget(db, target, projectTables, writtenBy, &result.applyTransactionNote);
        result.live = true;
        result.applyTransaction = QString::fromLatin1(writers.applyXid);
    }
    WholeStateCheck wholeState(db, target, m_cancel, writers);
    for (int row = 0; row < tables.size(); ++row)
        wholeState.run(tables[row].info, std::move(accountedRows[row]), result.tables[row]);
    targetSnapshot.commit();
    snapshot.commit();
    return result;
}

} // namespace pgr
