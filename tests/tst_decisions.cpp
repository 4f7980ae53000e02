// SPDX-License-Identifier: GPL-3.0-or-later
#include "changequery.h"
#include "decisions.h"
#include "demo.h"
#include "differ.h"
#include "error.h"
#include "pgconnection.h"
#include "rekey.h"
#include "review.h"
#include "selection.h"
#include "settings.h"
#include "sides.h"
#include "staging.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <latch>
#include <thread>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::CliRun;
using pgr::test::Sides;

namespace {

struct InForce
{
    QString state;
    QString action;
    QString origin;
    QString editedRow;
};

// What pgreconcile.review says about a change of a table (by its table name).
InForce inForce(Project& project, const QString& table, const QString& key, const QString& changeClass = {})
{
    const PgResult result = project.connection().exec(
        u"SELECT r.state, coalesce(r.action, ''), coalesce(r.origin, ''), coalesce(r.edited_row::text, '') "
        "FROM pgreconcile.review r JOIN pgreconcile.tables t USING (table_id) "
        "WHERE t.table_name = $1 AND r.key = $2::jsonb AND ($3 = '' OR r.change_class = $3)"_s,
        { table, key, changeClass });
    if (result.rowCount() != 1)
        return { u"missing (%1 rows)"_s.arg(result.rowCount()), {}, {}, {} };
    return { result.text(0, 0), result.text(0, 1), result.text(0, 2), result.text(0, 3) };
}

qint64 count(Project& project, const QString& sql) { return project.connection().exec(sql).toInt64(0, 0); }

// The three-way classes of tst_differ, on a table whose key has a sequence (so re-key applies).
void classesSetup(Sides& sides)
{
    sides.onAll(u"CREATE TABLE t (id serial PRIMARY KEY, a text, b int NOT NULL, c text);"
                "INSERT INTO t SELECT g, 'a' || g, g, 'c' || g FROM generate_series(1, 12) g;"
                "SELECT setval('t_id_seq', 12)"_s);
    sides.onSource(
        u"UPDATE t SET a = 'src' WHERE id = 3; DELETE FROM t WHERE id = 4; INSERT INTO t VALUES (13, 'new', "
        u"0, 'x');"
        "UPDATE t SET a = 'both' WHERE id = 5; UPDATE t SET a = 'merge-a' WHERE id = 7; UPDATE t SET a = "
        "'s8' WHERE id = 8;"
        "UPDATE t SET b = -9 WHERE id = 9; DELETE FROM t WHERE id = 10; INSERT INTO t VALUES (15, 's15', 1, 'x')"_s);
    sides.onTarget(
        u"UPDATE t SET a = 'tgt' WHERE id = 2; UPDATE t SET a = 'both' WHERE id = 5;"
        "UPDATE t SET b = -7 WHERE id = 7; UPDATE t SET a = 't8' WHERE id = 8;"
        "DELETE FROM t WHERE id = 9; UPDATE t SET b = -10 WHERE id = 10; INSERT INTO t VALUES (15, 't15', 1, 'x')"_s);
}

QString editedRow(int id) { return u"{\"id\": %1, \"a\": \"edited\", \"b\": 42, \"c\": null}"_s.arg(id); }

// Every change of a table with its state, action and origin: what a bulk decision may change.
QMap<QString, QString> statesOf(Project& project, const QString& table)
{
    const PgResult rows = project.connection().exec(
        u"SELECT r.key::text, r.state || ' ' || coalesce(r.action, '-') || ' ' || coalesce(r.origin, '-') "
        "FROM pgreconcile.review r JOIN pgreconcile.tables t USING (table_id) WHERE t.table_name = $1"_s,
        { table });
    QMap<QString, QString> states;
    for (int row = 0; row < rows.rowCount(); ++row)
        states.insert(rows.text(row, 0), rows.text(row, 1));
    return states;
}

QStringList keysOf(const PgResult& rows)
{
    QStringList keys;
    for (int row = 0; row < rows.rowCount(); ++row)
        keys.append(rows.text(row, 0));
    return keys;
}

// "[2] [5] [8]": the keys of a list of ids, as the list shows them.
QStringList keyList(std::initializer_list<int> ids)
{
    QStringList keys;
    for (int id : ids)
        keys.append(u"[%1]"_s.arg(id));
    return keys;
}

QStringList keyRange(int from, int to)
{
    QStringList keys;
    for (int id = from; id <= to; ++id)
        keys.append(u"[%1]"_s.arg(id));
    return keys;
}

// A table with every state: 1..12 conflicts (undecided), 13..18 source_only and 19..24
// column_merge (their defaults), 25..27 target_only (nothing to decide), 28 a conflict a person
// decided before. Source sets country = PL on 2, 5, 8, 14, 20 and 28.
void statesSetup(Sides& sides)
{
    sides.onAll(u"CREATE TABLE f (id int PRIMARY KEY, country text, n int, note text);"
                "INSERT INTO f SELECT g, 'DE', g, 'n' || g FROM generate_series(1, 30) g"_s);
    sides.onSource(
        u"UPDATE f SET n = -id WHERE id <= 12 OR id = 28; UPDATE f SET n = id + 3000 WHERE id BETWEEN 13 AND "
        u"18;"
        "UPDATE f SET n = id + 2000 WHERE id BETWEEN 19 AND 24; UPDATE f SET country = 'PL' WHERE id IN (2, 5, 8, 14, 20, 28)"_s);
    sides.onTarget(u"UPDATE f SET n = id + 1000 WHERE id <= 12 OR id = 28; UPDATE f SET note = 'merged ' || "
                   u"id WHERE id BETWEEN 19 AND 24;"
                   "UPDATE f SET note = 't only' WHERE id BETWEEN 25 AND 27"_s);
}

} // namespace

class TestDecisions : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

    // The real CLI, against the test cluster, with settings of its own (set up in initTestCase).
    pgr::test::CliRunner m_cli;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_config.isValid());
        m_cli.isolateSettings(m_config.path()).useTestCluster().setTimeout(120000);
    }

    void defaultsFollowTheClass()
    {
        Sides sides(u"dec_defaults"_s);
        classesSetup(sides);
        auto project = sides.load();
        Differ(*project, {}).run();
        QCOMPARE(inForce(*project, u"t"_s, u"[3]"_s).state, u"default"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[3]"_s).action, u"take_source"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[13]"_s).action, u"take_source"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[7]"_s).action, u"merge"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[8]"_s).state, u"undecided"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[15]"_s).state, u"undecided"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[2]"_s).state, u"none"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[5]"_s).state, u"none"_s);
        QCOMPARE(
            count(*project, u"SELECT count(*) FROM pgreconcile.decisions"_s), 0); // defaults are not stored

        Review review(*project);
        const ReviewState state = review.state();
        QCOMPARE(state.tables.size(), 1);
        QCOMPARE(state.total.byDefault, 4); // 3, 4, 13 and the merge 7
        QCOMPARE(state.total.undecided, 4); // 8, 9, 10, 15
        QCOMPARE(state.total.flagged, 1); // the merge, for a look
        QCOMPARE(state.total.noDecision, 2);
        QCOMPARE(review.exportBlocker(), u"4 conflicts are undecided: 4 in public.t"_s);
        // The merged row: base, with source's a and target's b.
        Decisions decisions(*project, u"tester"_s);
        QVERIFY(project->connection()
                    .exec(u"SELECT $1::jsonb = '{\"id\": 7, \"a\": \"merge-a\", \"b\": -7, \"c\": \"c7\"}'"_s,
                        { decisions.mergedRow(
                            ProjectTables::read(project->connection()).find(u"t"_s), u"[7]"_s) })
                    .toBool(0, 0));
        // Next undecided, in key order, and past the last one nothing.
        auto next = review.nextUndecided();
        QVERIFY(next);
        QCOMPARE(next->key, u"[8]"_s);
        next = review.nextUndecided(next);
        QCOMPARE(next->key, u"[9]"_s);
        next = review.nextUndecided(next);
        QCOMPARE(next->key, u"[10]"_s);
        next = review.nextUndecided(next);
        QCOMPARE(next->key, u"[15]"_s);
        QVERIFY(!review.nextUndecided(next));
        decisions.decide(u"t"_s, u"[9]"_s, Action::KeepTarget);
        QCOMPARE(review.nextUndecided()->key, u"[8]"_s);
        QCOMPARE(review.nextUndecided(review.nextUndecided())->key, u"[10]"_s);
        // Deciding the merge explicitly takes the flag away.
        decisions.decide(u"t"_s, u"[7]"_s, Action::Merge);
        QCOMPARE(review.state().total.flagged, 0);
    }

    void everyDecisionOnEveryClass_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("refusal"); // empty: accepted
        const QString noDecision = u"needs no decision"_s;
        const QString noMerge = u"cannot be merged"_s;
        const QString noRekey = u"re-keying is for insert_insert"_s;
        struct Case
        {
            const char* name;
            int key;
            QStringList refusals; // take_source, keep_target, merge, rekey, edit
        };
        const QList<Case> cases = {
            { "target_only", 2, { noDecision, noDecision, noDecision, noDecision, noDecision } },
            { "same_change", 5, { noDecision, noDecision, noDecision, noDecision, noDecision } },
            { "source_only update", 3, { {}, {}, noMerge, noRekey, {} } },
            { "source_only delete", 4, { {}, {}, noMerge, noRekey, {} } },
            { "source_only insert", 13, { {}, {}, noMerge, noRekey, {} } },
            { "column_merge", 7, { {}, {}, {}, noRekey, {} } },
            { "update_update", 8, { {}, {}, noMerge, noRekey, {} } },
            { "update_delete", 9, { {}, {}, noMerge, noRekey, {} } },
            { "delete_update", 10, { {}, {}, noMerge, noRekey, {} } },
            { "insert_insert", 15, { {}, {}, noMerge, {}, {} } },
        };
        const QStringList actions = { u"take_source"_s, u"keep_target"_s, u"merge"_s, u"rekey"_s, u"edit"_s };
        for (const Case& c : cases) {
            for (int i = 0; i < actions.size(); ++i) {
                QTest::addRow("%s %s", c.name, qPrintable(actions[i]))
                    << u"[%1]"_s.arg(c.key) << actions[i] << c.refusals[i];
            }
        }
    }
    void everyDecisionOnEveryClass()
    {
        static std::unique_ptr<Project> project;
        if (!project) {
            Sides sides(u"dec_kinds"_s);
            classesSetup(sides);
            project = sides.load();
            Differ(*project, {}).run();
        }
        QFETCH(QString, key);
        QFETCH(QString, action);
        QFETCH(QString, refusal);
        Decisions decisions(*project, u"tester"_s);
        const qint64 before = count(*project, u"SELECT count(*) FROM pgreconcile.decisions"_s);
        try {
            if (action == u"edit"_s)
                decisions.edit(u"public.t"_s, key, editedRow(key.mid(1).chopped(1).toInt()), u"by hand"_s);
            else
                decisions.decide(u"public.t"_s, key, *actionFromName(action), u"a note"_s);
            QVERIFY2(refusal.isEmpty(), qPrintable(u"accepted, expected: "_s + refusal));
        } catch (const Error& error) {
            QVERIFY2(!refusal.isEmpty() && error.message().contains(refusal), qPrintable(error.fullText()));
            QCOMPARE(count(*project, u"SELECT count(*) FROM pgreconcile.decisions"_s), before);
            return;
        }
        const InForce now = inForce(*project, u"t"_s, key);
        QCOMPARE(now.state, u"decided"_s);
        QCOMPARE(now.action, action);
        QCOMPARE(now.origin, u"person"_s);
        const PgResult stored = project->connection().exec(
            u"SELECT decided_by, note, decided_at <= clock_timestamp(), batch_id FROM pgreconcile.decisions "
            "ORDER BY decision_id DESC LIMIT 1"_s);
        QCOMPARE(stored.text(0, 0), u"tester"_s);
        QCOMPARE(stored.text(0, 1), action == u"edit"_s ? u"by hand"_s : u"a note"_s);
        QVERIFY(stored.toBool(0, 2));
        if (action == u"edit"_s)
            QVERIFY(project->connection()
                        .exec(u"SELECT $1::jsonb = $2::jsonb"_s,
                            { now.editedRow, editedRow(key.mid(1).chopped(1).toInt()) })
                        .toBool(0, 0));
    }

    void twoWayAndKeylessClasses()
    {
        Sides sides(u"dec_twoway"_s);
        sides.onAll(u"CREATE TABLE t (id bigint PRIMARY KEY, v text); INSERT INTO t SELECT g, 'v' FROM "
                    u"generate_series(1, 5) g;"
                    "CREATE TABLE log (line text, n int); INSERT INTO log VALUES ('a', 1)"_s);
        sides.onSource(u"INSERT INTO t VALUES (6, 'only source'); UPDATE t SET v = 'changed' WHERE id = 2;"
                       "INSERT INTO log VALUES ('s', 2)"_s);
        sides.onTarget(u"INSERT INTO t VALUES (7, 'only target'); INSERT INTO log VALUES ('t', 3)"_s);
        auto project = sides.load(true);
        Differ(*project, {}).run();
        Decisions decisions(*project, u"tester"_s);
        Review review(*project);
        QCOMPARE(review.state().total.undecided, 5); // all two-way changes wait for a person
        for (const QString& key : { u"[6]"_s, u"[7]"_s, u"[2]"_s }) {
            QCOMPARE(inForce(*project, u"t"_s, key).state, u"undecided"_s);
            decisions.decide(u"t"_s, key, Action::TakeSource);
            QCOMPARE(inForce(*project, u"t"_s, key).action, u"take_source"_s);
            decisions.decide(u"t"_s, key, Action::KeepTarget);
            QCOMPARE(inForce(*project, u"t"_s, key).action, u"keep_target"_s);
            QVERIFY_THROWS_EXCEPTION(Error, decisions.decide(u"t"_s, key, Action::Merge));
            QVERIFY_THROWS_EXCEPTION(Error, decisions.rekey(u"t"_s, key));
        }
        decisions.edit(u"t"_s, u"[2]"_s, u"{\"id\": 2, \"v\": \"hand\"}"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[2]"_s).action, u"edit"_s);
        // A keyless table names a change by its row; an edit has no key to keep, so it is refused.
        const QString row = u"{\"n\": 2, \"line\": \"s\"}"_s;
        decisions.decide(u"log"_s, row, Action::TakeSource);
        QCOMPARE(inForce(*project, u"log"_s, row).action, u"take_source"_s);
        try {
            decisions.edit(u"log"_s, row, row);
            QFAIL("an edit of a keyless table's row was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"without a key"_s), qPrintable(error.message()));
        }
        decisions.decide(u"log"_s, u"{\"n\": 3, \"line\": \"t\"}"_s, Action::KeepTarget);
        QCOMPARE(review.state().total.undecided, 0);
        QVERIFY(review.exportBlocker().isEmpty());
    }

    void editsAreCheckedByPostgres()
    {
        Sides sides(u"dec_edit"_s);
        sides.onAll(u"CREATE TABLE e (id bigint PRIMARY KEY, n int NOT NULL, amount numeric(20,6), at "
                    u"timestamptz, tags text[]);"
                    "INSERT INTO e VALUES (9007199254740993, 1, 1.5, '2026-01-01 00:00+00', '{a}')"_s);
        sides.onSource(u"UPDATE e SET n = 2"_s);
        sides.onTarget(u"UPDATE e SET n = 3"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        Decisions decisions(*project, u"tester"_s);
        const QString key = u"[9007199254740993]"_s;
        auto refused = [&](const QString& row, const QString& expected) -> QString {
            try {
                decisions.edit(u"e"_s, key, row);
            } catch (const Error& error) {
                if (!error.message().contains(expected))
                    return u"wrong message: "_s + error.fullText();
                return QString();
            }
            return u"accepted"_s;
        };
        // A wrong type: PostgreSQL's own message, and nothing stored.
        QCOMPARE(
            refused(
                u"{\"id\": 9007199254740993, \"n\": \"three\", \"amount\": 1, \"at\": null, \"tags\": null}"_s,
                u"invalid input syntax for type integer: \"three\""_s),
            QString());
        QCOMPARE(
            refused(
                u"{\"id\": 9007199254740993, \"n\": 1, \"amount\": 1, \"at\": \"yesterday-ish\", \"tags\": null}"_s,
                u"timestamp with time zone"_s),
            QString());
        QCOMPARE(
            refused(u"{\"id\": 9007199254740993, \"n\": 1, \"amount\": 1e30, \"at\": null, \"tags\": null}"_s,
                u"numeric field overflow"_s),
            QString());
        QCOMPARE(
            refused(
                u"{\"id\": 9007199254740993, \"n\": 1, \"amount\": 1, \"at\": null, \"tags\": null, \"colour\": 1}"_s,
                u"does not have: colour"_s),
            QString());
        QCOMPARE(refused(u"{\"id\": 9007199254740993, \"n\": 1}"_s, u"lacks the columns amount, at, tags"_s),
            QString());
        QCOMPARE(
            refused(u"{\"id\": 9007199254740993, \"n\": null, \"amount\": 1, \"at\": null, \"tags\": null}"_s,
                u"NOT NULL on target: n"_s),
            QString());
        QCOMPARE(
            refused(u"{\"id\": 9007199254740992, \"n\": 1, \"amount\": 1, \"at\": null, \"tags\": null}"_s,
                u"changes the key"_s),
            QString());
        QCOMPARE(refused(u"[1, 2]"_s, u"not an object"_s), QString());
        QCOMPARE(refused(u"{\"id\": "_s, u"not valid JSON"_s), QString());
        QCOMPARE(count(*project, u"SELECT count(*) FROM pgreconcile.decisions"_s), 0);
        QCOMPARE(inForce(*project, u"e"_s, key).state, u"undecided"_s);
        // A good edit is stored as PostgreSQL renders it, exactly (no double on the way).
        decisions.edit(u"e"_s, key,
            u"{\"id\": 9007199254740993, \"n\": 7, \"amount\": \"12345678901234.123456\", \"at\": "
            u"\"2026-03-01 13:00+01\", "
            "\"tags\": [\"x\", \"y z\"]}"_s,
            u"agreed with the lab"_s);
        const InForce now = inForce(*project, u"e"_s, key);
        QCOMPARE(now.action, u"edit"_s);
        const PgResult row = project->connection().exec(
            u"SELECT $1::jsonb ->> 'id', $1::jsonb ->> 'amount', $1::jsonb ->> 'at', $1::jsonb -> 'tags' = '[\"x\", \"y z\"]'"_s,
            { now.editedRow });
        QCOMPARE(row.text(0, 0), u"9007199254740993"_s);
        QCOMPARE(row.text(0, 1), u"12345678901234.123456"_s);
        QCOMPARE(row.text(0, 2), u"2026-03-01T12:00:00+00:00"_s);
        QVERIFY(row.toBool(0, 3));
    }

    void aDecisionSurvivesARediff()
    {
        Sides sides(u"dec_rediff"_s);
        classesSetup(sides);
        auto project = sides.load();
        Differ(*project, {}).run();
        Decisions decisions(*project, u"tester"_s);
        decisions.decide(u"t"_s, u"[8]"_s, Action::KeepTarget, u"target is right"_s);
        decisions.edit(u"t"_s, u"[9]"_s, editedRow(9));
        Differ(*project, {}).run();
        QCOMPARE(inForce(*project, u"t"_s, u"[8]"_s).action, u"keep_target"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[9]"_s).action, u"edit"_s);
        // Reloading a side keeps the decisions too (the table keeps its id).
        Loader(*project).load(Side::Target, SideSource::interpret(sides.database(Side::Target)));
        // Until the next diff there are no changes, and the review must not look finished.
        QVERIFY2(Review(*project).exportBlocker().contains(u"1 table has not been diffed: public.t"_s),
            qPrintable(Review(*project).exportBlocker()));
        Differ(*project, {}).run();
        QCOMPARE(inForce(*project, u"t"_s, u"[8]"_s).action, u"keep_target"_s);
        QCOMPARE(Review(*project).state().total.undecided, 2);
    }

    void undoAndRedo()
    {
        Sides sides(u"dec_undo"_s);
        classesSetup(sides);
        auto project = sides.load();
        Differ(*project, {}).run();
        Decisions decisions(*project, u"tester"_s);
        QVERIFY_THROWS_EXCEPTION(Error, decisions.undo());
        QVERIFY_THROWS_EXCEPTION(Error, decisions.redo());
        decisions.decide(u"t"_s, u"[8]"_s, Action::KeepTarget); // batch A
        decisions.decide(u"t"_s, u"[8]"_s, Action::TakeSource); // batch B: replaces A
        Selection conflicts;
        conflicts.changeClass = ChangeClass::Conflict;
        const DecisionOutcome bulk = decisions.bulk(conflicts, Action::KeepTarget); // batch C: 9, 10, 15
        QCOMPARE(bulk.decided, 3);
        QCOMPARE(inForce(*project, u"t"_s, u"[10]"_s).action, u"keep_target"_s);

        QCOMPARE(decisions.undo().decided, 3); // C, whole
        QCOMPARE(inForce(*project, u"t"_s, u"[10]"_s).state, u"undecided"_s);
        QCOMPARE(inForce(*project, u"t"_s, u"[8]"_s).action, u"take_source"_s);
        decisions.undo(); // B: A is in force again
        QCOMPARE(inForce(*project, u"t"_s, u"[8]"_s).action, u"keep_target"_s);
        decisions.redo(); // B
        QCOMPARE(inForce(*project, u"t"_s, u"[8]"_s).action, u"take_source"_s);
        QCOMPARE(decisions.redo().decided, 3); // C
        QCOMPARE(inForce(*project, u"t"_s, u"[10]"_s).action, u"keep_target"_s);
        QVERIFY_THROWS_EXCEPTION(Error, decisions.redo());
        // A new decision after an undo ends what can be redone.
        decisions.undo();
        decisions.decide(u"t"_s, u"[9]"_s, Action::TakeSource);
        try {
            decisions.redo();
            QFAIL("redo after a new decision");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"decisions were made after the undo"_s),
                qPrintable(error.message()));
        }
        // The trail keeps it all.
        const QList<HistoryEntry> history = decisions.history();
        int undos = 0, redos = 0, undone = 0;
        for (const HistoryEntry& entry : history) {
            undos += entry.type == HistoryEntry::Type::Undo;
            redos += entry.type == HistoryEntry::Type::Redo;
            undone += entry.type == HistoryEntry::Type::Decision && entry.undone;
        }
        QCOMPARE(undos, 3);
        QCOMPARE(redos, 2);
        QCOMPARE(undone, 3);
        QCOMPARE(history.first().action, Action::KeepTarget);
        QCOMPARE(history.first().by, u"tester"_s);
        // One change's own trail: A, B (both in force or replaced), nothing else.
        const ChangeId eight
            = decisions.change(ProjectTables::read(project->connection()).find(u"t"_s), u"[8]"_s);
        const QList<HistoryEntry> ofEight = decisions.history(eight);
        QCOMPARE(ofEight.size(), 2);
        QCOMPARE(ofEight.last().action, Action::TakeSource);
        // Without a name, the reviewer comes from the settings.
        QCOMPARE(Decisions(*project).reviewer(), Settings().reviewerName());
    }

    void bulkWithFiltersAndPreview()
    {
        Sides sides(u"dec_bulk"_s);
        sides.onAll(
            u"CREATE TABLE s (id serial PRIMARY KEY, name text, country text, n int);"
            "INSERT INTO s SELECT g, 'name ' || g, 'DE', g FROM generate_series(1, 40) g;"
            "CREATE TABLE o (code text PRIMARY KEY, v int); INSERT INTO o SELECT 'c' || g, g FROM generate_series(1, 5) g"_s);
        // 1..20 update_update; 21..30 update_delete; 31..40 source_only.
        sides.onSource(
            u"UPDATE s SET n = -n WHERE id <= 30; UPDATE s SET country = 'NL' WHERE id % 2 = 0 AND id <= 20;"
            "UPDATE s SET n = 0 WHERE id > 30; UPDATE o SET v = -v"_s);
        sides.onTarget(u"UPDATE s SET n = n + 1000 WHERE id <= 20; UPDATE s SET name = 'has a NeEdLe' WHERE "
                       u"id IN (3, 4, 25);"
                       "DELETE FROM s WHERE id BETWEEN 21 AND 30 AND id <> 25; UPDATE o SET v = v * 10"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        Decisions decisions(*project, u"tester"_s);
        auto run = [&](const Selection& selection, Action action) {
            const qint64 preview = decisions.preview(selection, action);
            const qint64 before = count(*project, u"SELECT count(*) FROM pgreconcile.decisions"_s);
            const DecisionOutcome outcome = decisions.bulk(selection, action);
            // The preview counts exactly what the bulk decision writes.
            if (outcome.decided != preview
                || count(*project, u"SELECT count(*) FROM pgreconcile.decisions"_s) - before != preview)
                return qint64(-1);
            return preview;
        };
        Selection byColumn;
        byColumn.tables = { u"s"_s };
        byColumn.terms = { FilterTerm::compare(u"country"_s, u"="_s, u"NL"_s) };
        QCOMPARE(run(byColumn, Action::TakeSource), 10);
        QCOMPARE(inForce(*project, u"s"_s, u"[2]"_s).origin, u"bulk"_s);
        QCOMPARE(inForce(*project, u"s"_s, u"[2]"_s).action, u"take_source"_s);
        QCOMPARE(inForce(*project, u"s"_s, u"[1]"_s).state, u"undecided"_s);

        Selection byRange;
        byRange.changeClass = ChangeClass::Conflict;
        byRange.kind = ChangeKind::UpdateUpdate;
        byRange.tables = { u"public.s"_s };
        byRange.terms = { FilterTerm::keyRange(u"[5]"_s, u"12"_s) }; // a scalar stands for a one-column key
        QCOMPARE(run(byRange, Action::KeepTarget), 4); // 5, 7, 9, 11: the even ones were decided above
        QCOMPARE(inForce(*project, u"s"_s, u"[6]"_s).action, u"take_source"_s);
        byRange.scope = Selection::Scope::Everything;
        QCOMPARE(decisions.preview(byRange, Action::KeepTarget), 8);

        Selection bySearch;
        bySearch.terms = { FilterTerm::text(u"needle"_s) }; // in target's row, any case
        QCOMPARE(run(bySearch, Action::KeepTarget), 1); // 3; 4 was decided, 25 is a column merge
        QCOMPARE(inForce(*project, u"s"_s, u"[3]"_s).action, u"keep_target"_s);
        QCOMPARE(inForce(*project, u"s"_s, u"[25]"_s).state, u"default"_s);
        QCOMPARE(inForce(*project, u"s"_s, u"[25]"_s).action, u"merge"_s);

        Selection byKind;
        byKind.changeClass = ChangeClass::Conflict;
        byKind.kind = ChangeKind::UpdateDelete;
        QCOMPARE(run(byKind, Action::KeepTarget), 9);
        // Project-wide: the rest of the conflicts in both tables, and the source_only defaults.
        Selection rest;
        rest.changeClass = ChangeClass::Conflict;
        QCOMPARE(run(rest, Action::TakeSource), 5 + 5); // s: 1, 13, 15, 17, 19; o: 5
        QCOMPARE(Review(*project).state().total.undecided, 0);
        // Nothing is undecided: defaults are overwritten only when asked to.
        Selection sourceOnly;
        sourceOnly.changeClass = ChangeClass::SourceOnly;
        QCOMPARE(decisions.preview(sourceOnly, Action::KeepTarget), 0);
        sourceOnly.scope = Selection::Scope::UndecidedAndDefaults;
        QCOMPARE(decisions.preview(sourceOnly, Action::KeepTarget), 10);
        QCOMPARE(run(Selection {}, Action::TakeSource), 0);
        Selection defaults;
        defaults.scope = Selection::Scope::UndecidedAndDefaults;
        QCOMPARE(run(defaults, Action::TakeSource), 10 + 1); // the source_only ones and 25
        // A preview that no longer holds: nothing is decided.
        Selection everything;
        everything.scope = Selection::Scope::Everything;
        const qint64 all = decisions.preview(everything, Action::KeepTarget);
        QVERIFY_THROWS_EXCEPTION(Error, decisions.bulk(everything, Action::KeepTarget, {}, all - 1));
        QCOMPARE(run(everything, Action::KeepTarget), all);

        // Mistakes are named.
        Selection badColumn;
        badColumn.tables = { u"s"_s };
        badColumn.filter(u"colour = x"_s);
        QVERIFY_THROWS_EXCEPTION(Error, decisions.preview(badColumn, Action::TakeSource));
        // An unknown class is refused where it is named (the CLI's --class, below).
        QVERIFY_THROWS_EXCEPTION(Error, changeClassNamed(u"conflicts"_s));
        Selection noDecision;
        noDecision.changeClass = ChangeClass::TargetOnly;
        QVERIFY_THROWS_EXCEPTION(Error, decisions.preview(noDecision, Action::TakeSource));
        Selection textKey;
        textKey.tables = { u"o"_s };
        try {
            decisions.preview(textKey, Action::Rekey);
            QFAIL("a text key was re-keyed");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"only integer keys"_s), qPrintable(error.message()));
        }
    }

    // For every filter form, the list (its count and its rows), the bulk preview and the bulk
    // decision agree: the decided changes are exactly the listed ones in the scope's states, and
    // nothing else changes (defaults stay defaults, an earlier decision stays).
    void theListIsWhatABulkDecisionDecides_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("overwrite");
        QTest::addColumn<QStringList>("listed");
        QTest::addColumn<QStringList>("decided");
        const QStringList pl = keyList({ 2, 5, 8, 14, 20, 28 });
        QTest::newRow("column = value") << u"country = PL"_s << false << pl << keyList({ 2, 5, 8 });
        QTest::newRow("free text") << u"pl"_s << false << pl << keyList({ 2, 5, 8 });
        QTest::newRow("column <> value") << u"country <> DE"_s << false << pl << keyList({ 2, 5, 8 });
        // By the column's type: as text, "13" >= "1005" would list the unchanged target rows too.
        QTest::newRow("column >= value")
            << u"n >= 1005"_s << false << keyRange(5, 24) + keyList({ 28 }) << keyRange(5, 12);
        QTest::newRow("column < value")
            << u"n < 0"_s << false << keyRange(1, 12) + keyList({ 28 }) << keyRange(1, 12);
        QTest::newRow("key range") << u"[10]..[20]"_s << false << keyRange(10, 20) << keyList({ 10, 11, 12 });
        QTest::newRow("open key range") << u"..3"_s << false << keyRange(1, 3) << keyRange(1, 3);
        QTest::newRow("only defaults") << u"merged"_s << false << keyRange(19, 24) << QStringList();
        QTest::newRow("nothing to decide") << u"\"t only\""_s << false << keyRange(25, 27) << QStringList();
        QTest::newRow("overwriting") << u"country = PL"_s << true << pl << pl;
    }

    void theListIsWhatABulkDecisionDecides()
    {
        QFETCH(QString, filter);
        QFETCH(bool, overwrite);
        QFETCH(QStringList, listed);
        QFETCH(QStringList, decided);
        static std::unique_ptr<Sides> sides;
        static std::unique_ptr<Project> project;
        if (!project) {
            sides = std::make_unique<Sides>(u"dec_select"_s);
            statesSetup(*sides);
            project = sides->load();
            Differ(*project, {}).run();
            Decisions(*project, u"person"_s).decide(u"f"_s, u"[28]"_s, Action::KeepTarget);
            QCOMPARE(inForce(*project, u"f"_s, u"[14]"_s).state, u"default"_s);
            QCOMPARE(inForce(*project, u"f"_s, u"[20]"_s).action, u"merge"_s);
            QCOMPARE(inForce(*project, u"f"_s, u"[25]"_s).state, u"none"_s);
        }
        Selection selection;
        selection.tables = { u"f"_s };
        selection.filter(filter);
        if (overwrite)
            selection.scope = Selection::Scope::Everything;
        PgConnection& db = project->connection();
        QStringList shown;
        for (const ChangeRow& row : ChangeQuery::page(db, ProjectTables::read(db), selection, 0, 1000))
            shown.append(row.key);
        QCOMPARE(shown, listed);
        QCOMPARE(ChangeQuery::count(db, ProjectTables::read(db), selection), listed.size());

        const QMap<QString, QString> before = statesOf(*project, u"f"_s);
        Decisions decisions(*project, u"bulk"_s);
        const qint64 preview = decisions.preview(selection, Action::TakeSource);
        QCOMPARE(preview, decided.size());
        const DecisionOutcome outcome = decisions.bulk(selection, Action::TakeSource, {}, preview);
        QCOMPARE(outcome.decided, preview);
        QStringList written = keysOf(
            db.exec(u"SELECT key::text AS k FROM pgreconcile.decisions WHERE batch_id = $1 ORDER BY key"_s,
                { outcome.batchId }));
        QCOMPARE(written, decided);
        const QMap<QString, QString> after = statesOf(*project, u"f"_s);
        for (auto it = before.begin(); it != before.end(); ++it) {
            const QString expected = decided.contains(it.key()) ? u"decided take_source bulk"_s : it.value();
            QVERIFY2(after.value(it.key()) == expected,
                qPrintable(u"%1 was %2, is %3"_s.arg(it.key(), it.value(), after.value(it.key()))));
        }
        if (outcome.decided > 0)
            decisions.undo();
        QCOMPARE(statesOf(*project, u"f"_s), before);
    }

    // Two deciders at once, each with its own connection, one taking the source for every change,
    // the other keeping the target: each writes its batch whole, one after the other.
    void concurrentDecidersNeverInterleave_data()
    {
        QTest::addColumn<bool>("overwrite");
        QTest::newRow("undecided only") << false;
        QTest::newRow("both overwrite") << true;
    }

    void concurrentDecidersNeverInterleave()
    {
        QFETCH(bool, overwrite);
        const int changes = 4000;
        const QString prefix = overwrite ? u"dec_race_all"_s : u"dec_race"_s;
        Sides sides(prefix);
        sides.onAll(
            u"CREATE TABLE r (id int PRIMARY KEY, v int); INSERT INTO r SELECT g, g FROM generate_series(1, %1) g"_s
                .arg(changes));
        sides.onSource(u"UPDATE r SET v = -v"_s);
        sides.onTarget(u"UPDATE r SET v = v + 1"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        const QString name = project->name();
        std::latch start(2);
        struct Result
        {
            qint64 decided = -1;
            qint64 batch = 0;
            QString error;
        };
        Result results[2];
        auto decider = [&](int which) {
            Result& result = results[which];
            try {
                auto own = Project::open(pgr::test::TestCluster::instance().staging(), name);
                Decisions decisions(*own, which == 0 ? u"source-taker"_s : u"target-keeper"_s);
                decisions.setLockWait(std::chrono::seconds(60));
                Selection everything;
                if (overwrite)
                    everything.scope = Selection::Scope::Everything;
                start.arrive_and_wait();
                const DecisionOutcome outcome
                    = decisions.bulk(everything, which == 0 ? Action::TakeSource : Action::KeepTarget);
                result.decided = outcome.decided;
                result.batch = outcome.batchId;
            } catch (const Error& error) {
                result.error = error.fullText();
            }
        };
        std::thread first(decider, 0);
        std::thread second(decider, 1);
        first.join();
        second.join();
        for (const Result& result : results)
            QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        PgConnection& db = project->connection();
        // Each batch is whole (every change or, once all are decided, none), and no other
        // decision was written between its first and its last.
        const PgResult batches = db.exec(
            u"SELECT b.batch_id, b.n, (SELECT count(*) FROM pgreconcile.decisions o WHERE o.batch_id <> "
            u"b.batch_id "
            "AND o.decision_id BETWEEN b.lo AND b.hi) FROM (SELECT batch_id, count(*) AS n, min(decision_id) "
            "AS lo, "
            "max(decision_id) AS hi FROM pgreconcile.decisions GROUP BY batch_id) b ORDER BY b.batch_id"_s);
        QCOMPARE(batches.rowCount(), overwrite ? 2 : 1);
        for (int row = 0; row < batches.rowCount(); ++row) {
            QCOMPARE(batches.toInt64(row, 1), qint64(changes));
            QCOMPARE(batches.toInt64(row, 2), 0);
        }
        if (!overwrite) {
            QCOMPARE(results[0].decided + results[1].decided, qint64(changes));
            QVERIFY(results[0].decided == 0 || results[1].decided == 0);
        }
        // In force: all from one decider, the last to write.
        const PgResult inForceNow = db.exec(
            u"SELECT count(DISTINCT action), count(DISTINCT decided_by), count(*) FROM pgreconcile.review WHERE state = 'decided'"_s);
        QCOMPARE(inForceNow.toInt64(0, 0), 1);
        QCOMPARE(inForceNow.toInt64(0, 1), 1);
        QCOMPARE(inForceNow.toInt64(0, 2), qint64(changes));
        QCOMPARE(Decisions(*project).history().size(), overwrite ? 2 * changes : changes);
    }

    // The issue's own case: two pgreconcile-cli decide --all at once, one taking the source, one
    // keeping the target. One decides every change in one batch; the other finds nothing
    // undecided left, or is refused (its preview no longer holds, or the first took longer than
    // its wait): never a mix.
    void twoCliDecidersAtOnce()
    {
        const int changes = 3000;
        Sides sides(u"dec_cli_race"_s);
        sides.onAll(
            u"CREATE TABLE r (id int PRIMARY KEY, v int); INSERT INTO r SELECT g, g FROM generate_series(1, %1) g"_s
                .arg(changes));
        sides.onSource(u"UPDATE r SET v = -v"_s);
        sides.onTarget(u"UPDATE r SET v = v + 1"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        QProcess deciders[2];
        const QStringList sidesTaken = { u"source"_s, u"target"_s };
        for (int which = 0; which < 2; ++which) {
            m_cli.start(deciders[which],
                { u"decide"_s, u"--project"_s, project->name(), u"--all"_s, u"--take"_s, sidesTaken[which],
                    u"--by"_s, sidesTaken[which] + u"-cli"_s });
        }
        QStringList outputs;
        for (QProcess& decider : deciders) {
            QVERIFY(decider.waitForFinished(120000));
            const QString output
                = QString::fromUtf8(decider.readAllStandardOutput() + decider.readAllStandardError());
            outputs.append(output);
            // Refused, if at all, by the lock or because its preview no longer holds.
            QVERIFY2(decider.exitCode() == 0 || output.contains(u"another decision on project"_s)
                    || output.contains(u"not the %1 previewed; nothing was decided"_s.arg(changes)),
                qPrintable(output));
        }
        const QString both = outputs.join(u"\n"_s);
        QVERIFY2(both.contains(u"Decided %1 changes"_s.arg(changes)), qPrintable(both));
        const PgResult written = project->connection().exec(
            u"SELECT count(*), count(DISTINCT batch_id), count(DISTINCT action) FROM pgreconcile.decisions"_s);
        QCOMPARE(written.toInt64(0, 0), qint64(changes));
        QCOMPARE(written.toInt64(0, 1), 1);
        QCOMPARE(written.toInt64(0, 2), 1);
    }

    // A decider that finds the project's decisions being written waits a bounded time, then is
    // refused with the project and the holder named; nothing of it is written.
    void aBusyProjectRefusesAfterABoundedWait()
    {
        Sides sides(u"dec_busy"_s);
        classesSetup(sides);
        auto project = sides.load();
        Differ(*project, {}).run();
        const QString name = project->name();
        auto holder = pgr::test::TestCluster::instance().staging().connect(Project::databaseFor(name));
        holder->begin();
        lockDecisions(*holder, name, u"bulk keep_target by holder"_s);
        Decisions decisions(*project, u"kim"_s);
        decisions.setLockWait(std::chrono::milliseconds(700));
        Selection conflicts;
        conflicts.changeClass = ChangeClass::Conflict;
        const QList<std::function<void()>> actions = {
            [&] { decisions.decide(u"t"_s, u"[8]"_s, Action::TakeSource); },
            [&] { decisions.edit(u"t"_s, u"[8]"_s, editedRow(8)); },
            [&] { decisions.rekey(u"t"_s, u"[15]"_s); },
            [&] { decisions.bulk(conflicts, Action::TakeSource); },
            [&] { decisions.undo(); },
            [&] { decisions.redo(); },
        };
        for (const auto& action : actions) {
            QElapsedTimer waited;
            waited.start();
            try {
                action();
                QFAIL("decided while another decider held the project");
            } catch (const Error& error) {
                QVERIFY2(
                    error.message().startsWith(
                        u"another decision on project \"%1\" is being written (pgreconcile: bulk keep_target by holder, process"_s
                            .arg(name)),
                    qPrintable(error.message()));
                QCOMPARE(error.hint(), u"try again when it is done"_s);
            }
            QVERIFY2(waited.elapsed() >= 600 && waited.elapsed() < 5000,
                qPrintable(QString::number(waited.elapsed())));
        }
        // The CLI says so too, after its own few seconds; approving waits for the lock as well.
        const CliRun run = m_cli.run({ u"decide"_s, u"--project"_s, name, u"--all"_s, u"--class"_s,
            u"conflict"_s, u"--take"_s, u"source"_s, u"--by"_s, u"kim"_s });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"another decision on project \"%1\" is being written"_s.arg(name))
                && run.err.contains(u"try again"_s),
            qPrintable(run.err));
        try {
            Review(*project).approve(u"carol"_s);
            QFAIL("approved while another decider held the project");
        } catch (const Error& error) {
            // Refused by the lock, before it could look at what is undecided.
            QVERIFY2(
                error.message().startsWith(u"another decision on project"_s), qPrintable(error.message()));
        }
        QCOMPARE(count(*project, u"SELECT count(*) FROM pgreconcile.decisions"_s), 0);
        holder->rollback();
        QCOMPARE(decisions.decide(u"t"_s, u"[8]"_s, Action::TakeSource).decided, 1);
    }

    void rekeyCarriesTheChildrenTwoLevelsDeep()
    {
        Sides sides(u"dec_rekey"_s);
        sides.onAll(u"CREATE TABLE parent (id serial PRIMARY KEY, name text);"
                    "CREATE TABLE child (parent_id int REFERENCES parent, n int, note text, PRIMARY KEY "
                    "(parent_id, n));"
                    "CREATE TABLE grandchild (parent_id int, n int, m int, PRIMARY KEY (parent_id, n, m), "
                    "  FOREIGN KEY (parent_id, n) REFERENCES child);"
                    "CREATE TABLE sibling (id serial PRIMARY KEY, parent_id int REFERENCES parent);"
                    "CREATE TABLE nephew (id serial PRIMARY KEY, sibling_id int REFERENCES sibling);"
                    "CREATE TABLE plain (id int PRIMARY KEY, v text);"
                    "INSERT INTO parent VALUES (1, 'one'), (2, 'two'); SELECT setval('parent_id_seq', 2);"
                    "INSERT INTO child VALUES (1, 1, 'base')"_s);
        sides.onSource(u"INSERT INTO parent VALUES (3, 'source three'), (4, 'source four');"
                       "INSERT INTO child VALUES (3, 1, 's'), (3, 2, 's'), (4, 1, 's');"
                       "INSERT INTO grandchild VALUES (3, 1, 1), (3, 2, 1), (4, 1, 1);"
                       "INSERT INTO sibling VALUES (10, 3); INSERT INTO nephew VALUES (20, 10);"
                       "INSERT INTO plain VALUES (1, 's'); INSERT INTO child VALUES (2, 5, 'collides')"_s);
        sides.onTarget(u"INSERT INTO parent VALUES (3, 'target three'), (4, 'target four'); INSERT INTO "
                       u"plain VALUES (1, 't');"
                       "INSERT INTO child VALUES (2, 5, 'target')"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        Review review(*project);
        // Before: the carried-over children of the collisions 3 and 4 are flagged.
        QList<Flag> flags = review.flags();
        QStringList flagged;
        for (const Flag& flag : std::as_const(flags))
            flagged.append(flag.change.table + u' ' + flag.change.key);
        flagged.sort();
        QCOMPARE(flagged,
            (QStringList { u"public.child [3, 1]"_s, u"public.child [3, 2]"_s, u"public.child [4, 1]"_s,
                u"public.sibling [10]"_s }));
        QCOMPARE(review.state().total.flagged, 4);

        Decisions decisions(*project, u"tester"_s);
        decisions.rekey(u"parent"_s, u"[3]"_s, u"two sequences"_s);
        QCOMPARE(inForce(*project, u"parent"_s, u"[3]"_s).action, u"rekey"_s);
        const QList<Rekey::Follower> followers
            = Rekey(project->connection(), ProjectTables::read(project->connection()))
                  .followers(ProjectTables::read(project->connection()).find(u"parent"_s), u"[3]"_s);
        QStringList moved;
        for (const Rekey::Follower& follower : followers)
            moved.append(u"%1 %2 %3"_s.arg(follower.depth).arg(follower.table, follower.key));
        moved.sort();
        // The nephew stays: its sibling moves to the new parent but keeps its own id.
        QCOMPARE(moved,
            (QStringList { u"1 public.child [3, 1]"_s, u"1 public.child [3, 2]"_s, u"1 public.sibling [10]"_s,
                u"2 public.grandchild [3, 1, 1]"_s, u"2 public.grandchild [3, 2, 1]"_s }));
        flags = review.flags();
        QCOMPARE(flags.size(), 1); // child [4, 1]: its parent 4 is still an undecided collision
        QCOMPARE(flags.first().change.key, u"[4, 1]"_s);
        QVERIFY2(flags.first().reason.contains(u"public.parent [4]"_s), qPrintable(flags.first().reason));
        // Kept as on target: still flagged until the child itself is decided.
        decisions.decide(u"parent"_s, u"[4]"_s, Action::KeepTarget);
        QCOMPARE(review.flags().size(), 1);
        decisions.decide(
            u"child"_s, u"[4, 1]"_s, Action::KeepTarget, u"belongs to source's 4, which is dropped"_s);
        QCOMPARE(review.flags().size(), 0);

        // Where no fresh key can be made, re-key is refused saying why.
        auto whyNot = [&](const QString& table, const QString& key) -> QString {
            try {
                decisions.rekey(table, key);
            } catch (const Error& error) {
                return error.message();
            }
            return u"accepted"_s;
        };
        // An integer key without a sequence counts on from the highest key (tst_relatedtables applies it).
        QCOMPARE(whyNot(u"plain"_s, u"[1]"_s), u"accepted"_s);
        QVERIFY2(whyNot(u"child"_s, u"[2, 5]"_s).contains(u"several columns"_s),
            qPrintable(whyNot(u"child"_s, u"[2, 5]"_s)));
        QVERIFY2(whyNot(u"child"_s, u"[3, 1]"_s).contains(u"re-keying is for insert_insert"_s),
            qPrintable(whyNot(u"child"_s, u"[3, 1]"_s)));
    }

    void approvalIsVoidedByALaterDecision()
    {
        Sides sides(u"dec_approve"_s);
        classesSetup(sides);
        auto project = sides.load();
        Differ(*project, {}).run();
        Review review(*project);
        Decisions decisions(*project, u"tester"_s);
        QVERIFY(!review.approval());
        try {
            review.approve(u"carol"_s);
            QFAIL("approved with undecided conflicts");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"4 conflicts are undecided: 4 in public.t"_s),
                qPrintable(error.message()));
        }
        Selection conflicts;
        conflicts.changeClass = ChangeClass::Conflict;
        decisions.bulk(conflicts, Action::KeepTarget);
        const QString before = review.checksum();
        QCOMPARE(review.checksum(), before); // stable
        const Approval approval = review.approve(u"carol"_s, u"looks right"_s);
        QCOMPARE(approval.by, u"carol"_s);
        QCOMPARE(approval.checksum, before);
        QVERIFY(approval.valid);
        QVERIFY(review.approval()->valid);

        const DecisionOutcome later = decisions.decide(u"t"_s, u"[8]"_s, Action::TakeSource);
        QVERIFY2(later.voidedApproval.contains(u"carol"_s), qPrintable(later.voidedApproval));
        const Approval voided = *review.approval();
        QVERIFY(!voided.valid);
        QVERIFY(voided.voidedAt.isValid());
        QVERIFY2(voided.whyInvalid.contains(u"t [8]"_s), qPrintable(voided.whyInvalid));
        QVERIFY(review.checksum() != before);
        // Undoing it restores the decisions approved, but the approval stays void: approve again.
        decisions.undo();
        QCOMPARE(review.checksum(), before);
        QVERIFY(!review.approval()->valid);
        QVERIFY(review.approve(u"dave"_s).valid);
        int approvals = 0;
        for (const HistoryEntry& entry : decisions.history())
            approvals += entry.type == HistoryEntry::Type::Approval;
        QCOMPARE(approvals, 2);
    }

    // The checksum is read table by table and digested here; it must stay the md5 of every line
    // sorted as a whole, as documented and as approvals made by older releases hold it.
    void checksumIsTheDigestOfTheSortedLines()
    {
        Sides sides(u"dec_checksum"_s);
        sides.onAll(u"CREATE SCHEMA \"b\"; CREATE SCHEMA \"a b\";"
                    "CREATE TABLE \"b\".\"a\" (k text PRIMARY KEY, v text);"
                    "CREATE TABLE \"a b\".\"Tab\tName\" (id int PRIMARY KEY, v text);"
                    "CREATE TABLE public.t (id int PRIMARY KEY, v text);"
                    "INSERT INTO \"b\".\"a\" VALUES (E'back\\\\slash', '1'), (E'tab\\there', '2'), "
                    "(E'new\\nline', '3'),"
                    " ('quote\"d', '4'), ('😀', '5'), ('a', '6'), (E'a\\t', '7');"
                    "INSERT INTO \"a b\".\"Tab\tName\" SELECT g, 'v' || g FROM generate_series(1, 30) g;"
                    "INSERT INTO public.t SELECT g, 'v' || g FROM generate_series(1, 30) g"_s);
        sides.onSource(
            u"UPDATE \"b\".\"a\" SET v = 's' || v; INSERT INTO \"b\".\"a\" VALUES (E'new\\\\one', 'x');"
            "UPDATE \"a b\".\"Tab\tName\" SET v = 'src' WHERE id % 3 = 0; DELETE FROM public.t WHERE id > 25;"
            "UPDATE public.t SET v = 'both' WHERE id < 5"_s);
        sides.onTarget(
            u"UPDATE \"b\".\"a\" SET v = 't' || v WHERE v > '4';"
            "UPDATE \"a b\".\"Tab\tName\" SET v = 'tgt' WHERE id % 5 = 0; UPDATE public.t SET v = 'both' WHERE id < 5"_s);
        auto project = sides.load();
        for (const auto& result : Differ(*project, {}).run())
            QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        Decisions decisions(*project, u"tester"_s);
        decisions.edit(
            u"b.a"_s, u"[\"tab\\there\"]"_s, u"{\"k\": \"tab\\there\", \"v\": \"a\\\\b\\nc \\\"q\\\" ✓\"}"_s);
        Selection conflicts;
        conflicts.changeClass = ChangeClass::Conflict;
        decisions.bulk(conflicts, Action::TakeSource);

        PgConnection& db = project->connection();
        const PgResult lines
            = db.exec(u"SELECT count(DISTINCT table_id), count(*) FILTER (WHERE edited_row IS NOT NULL) "
                      "FROM pgreconcile.review_all WHERE state <> 'none'"_s);
        QCOMPARE(lines.toInt64(0, 0), 3); // every table has lines, edits among them
        QCOMPARE(lines.toInt64(0, 1), 1);
        const QString reference
            = db.exec(
                    u"SELECT md5(coalesce(string_agg(line, E'\\n' ORDER BY line COLLATE \"C\"), '')) FROM ("
                    "SELECT concat_ws(E'\\t', to_jsonb(t.schema_name)::text, to_jsonb(t.table_name)::text, "
                    "r.key::text, "
                    "to_jsonb(r.change_class)::text, coalesce(to_jsonb(r.kind)::text, 'null'), "
                    "to_jsonb(r.action)::text, "
                    "coalesce(r.edited_row::text, 'null')) AS line "
                    "FROM pgreconcile.review_all r JOIN pgreconcile.tables t USING (table_id) WHERE r.state <> 'none') lines"_s)
                  .text(0, 0);
        Review review(*project);
        QCOMPARE(review.checksum(), reference);
        const Approval approval = review.approve(u"carol"_s);
        QCOMPARE(approval.checksum, reference);

        // Read table by table, it needs one snapshot: a READ COMMITTED caller is told so.
        PgTransaction readCommitted(db);
        QVERIFY_THROWS_EXCEPTION(Error, Review::checksumOver(db));
    }

    void namesThatNeedQuoting()
    {
        Sides sides(u"dec_quoting"_s);
        sides.onAll(
            u"CREATE SCHEMA \"My Schema\"; CREATE TABLE \"My Schema\".\"Order \"\"Lines\"\" 100%\" "
            "(\"Id %\" serial PRIMARY KEY, \"select\" text, \"Ünïcode ✓\" text);"
            "INSERT INTO \"My Schema\".\"Order \"\"Lines\"\" 100%\" VALUES (1, 'a', 'b'), (2, 'c', 'd')"_s);
        sides.onSource(
            u"UPDATE \"My Schema\".\"Order \"\"Lines\"\" 100%\" SET \"Ünïcode ✓\" = 's' WHERE \"Id %\" <= 2;"
            "INSERT INTO \"My Schema\".\"Order \"\"Lines\"\" 100%\" VALUES (3, 'new', 'x')"_s);
        sides.onTarget(
            u"UPDATE \"My Schema\".\"Order \"\"Lines\"\" 100%\" SET \"Ünïcode ✓\" = 't' WHERE \"Id %\" <= 2;"
            "INSERT INTO \"My Schema\".\"Order \"\"Lines\"\" 100%\" VALUES (3, 'other', 'y')"_s);
        auto project = sides.load();
        const auto results = Differ(*project, {}).run();
        QVERIFY2(results.first().error.isEmpty(), qPrintable(results.first().error));
        const QString table = u"My Schema.Order \"Lines\" 100%"_s;
        Decisions decisions(*project, u"tester"_s);
        decisions.edit(table, u"[1]"_s, u"{\"Id %\": 1, \"select\": \"x\", \"Ünïcode ✓\": \"both\"}"_s);
        Selection selection;
        selection.tables = { table };
        selection.filter(u"\"Ünïcode ✓\" = t"_s);
        QCOMPARE(decisions.preview(selection, Action::KeepTarget), 1); // 2; 1 is decided
        QCOMPARE(decisions.bulk(selection, Action::KeepTarget).decided, 1);
        decisions.rekey(table, u"[3]"_s);
        const ReviewState state = Review(*project).state();
        QCOMPARE(state.total.undecided, 0);
        QCOMPARE(state.tables.first().table, table);
        QCOMPARE(Decisions(*project).history().size(), 3);
    }

    void decisionsSurviveSigkill()
    {
        Sides sides(u"dec_kill"_s);
        sides.onAll(
            u"CREATE TABLE k (id serial PRIMARY KEY, v int); INSERT INTO k SELECT g, g FROM generate_series(1, 20) g"_s);
        sides.onSource(u"UPDATE k SET v = -v; INSERT INTO k SELECT g, g FROM generate_series(21, 2000) g"_s);
        sides.onTarget(u"UPDATE k SET v = v + 100 WHERE id <= 10"_s);
        const QString name = u"dec-kill"_s;
        {
            auto project = sides.load();
            Differ(*project, {}).run();
        }
        // Each CLI run is one committed decision.
        for (int id = 1; id <= 5; ++id) {
            const CliRun run = m_cli.run({ u"decide"_s, u"--project"_s, name, u"--table"_s, u"public.k"_s,
                u"--key"_s, u"[%1]"_s.arg(id), u"--take"_s, id % 2 ? u"source"_s : u"target"_s, u"--note"_s,
                u"note %1"_s.arg(id), u"--by"_s, u"kim"_s });
            QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
            QVERIFY2(run.out.contains(u"Decided public.k [%1]"_s.arg(id)), qPrintable(run.out));
        }
        // A bulk decision killed in the middle of its transaction: held on a lock after it wrote
        // its rows and before it commits.
        auto holder = pgr::test::TestCluster::instance().staging().connect(Project::databaseFor(name));
        holder->begin();
        holder->exec(u"LOCK TABLE pgreconcile.approvals IN EXCLUSIVE MODE"_s);
        QProcess bulk;
        QVERIFY(m_cli.start(bulk,
            { u"decide"_s, u"--project"_s, name, u"--all"_s, u"--class"_s, u"source_only"_s,
                u"--include-defaults"_s, u"--take"_s, u"target"_s, u"--by"_s, u"kim"_s }));
        auto watcher = pgr::test::TestCluster::instance().staging().connect(u"postgres"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            watcher->exec(u"SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
                          "AND wait_event_type = 'Lock' AND query LIKE 'UPDATE pgreconcile.approvals%'"_s,
                       { Project::databaseFor(name) })
                    .toInt64(0, 0)
                == 1,
            60000);
        ::kill(pid_t(bulk.processId()), SIGKILL);
        QVERIFY(bulk.waitForFinished(10000));
        QCOMPARE(bulk.exitStatus(), QProcess::CrashExit);
        holder->rollback();
        QTRY_VERIFY_WITH_TIMEOUT(
            watcher->exec(u"SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
                          "AND query LIKE 'UPDATE pgreconcile.approvals%'"_s,
                       { Project::databaseFor(name) })
                    .toInt64(0, 0)
                == 0,
            30000);
        holder.reset();

        // Reopened: every committed decision is there, and nothing of the killed one.
        auto project = Project::open(pgr::test::TestCluster::instance().staging(), name);
        for (int id = 1; id <= 5; ++id) {
            const InForce now = inForce(*project, u"k"_s, u"[%1]"_s.arg(id));
            QCOMPARE(now.action, id % 2 ? u"take_source"_s : u"keep_target"_s);
        }
        QCOMPARE(count(*project, u"SELECT count(*) FROM pgreconcile.decisions"_s), 5);
        QCOMPARE(
            count(*project,
                u"SELECT count(*) FROM pgreconcile.decisions WHERE decided_by = 'kim' AND note LIKE 'note _'"_s),
            5);
        QCOMPARE(Review(*project).state().total.undecided, 5);
        // The CLI's history shows them.
        const CliRun history = m_cli.run({ u"history"_s, u"--project"_s, name, u"--json"_s });
        QCOMPARE(history.exitCode, 0);
        QVERIFY2(history.out.contains(u"\"note\": \"note 5\""_s), qPrintable(history.out));
        QVERIFY(history.out.contains(u"\"key\": [3]"_s));
    }

    void cliErrorsNameTheProblem()
    {
        Sides sides(u"dec_clierr"_s);
        classesSetup(sides);
        {
            auto project = sides.load();
            Differ(*project, {}).run();
        }
        const QString name = u"dec-clierr"_s;
        const auto decide = [&](const QStringList& more) {
            return m_cli.run(QStringList { u"decide"_s, u"--project"_s, name, u"--by"_s, u"kim"_s } + more);
        };
        CliRun run = decide({ u"--table"_s, u"nope"_s, u"--key"_s, u"[1]"_s, u"--take"_s, u"source"_s });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"no table \"nope\""_s), qPrintable(run.err));
        run = decide({ u"--table"_s, u"t"_s, u"--key"_s, u"[99]"_s, u"--take"_s, u"source"_s });
        QVERIFY2(run.err.contains(u"no change with the key [99]"_s), qPrintable(run.err));
        run = decide({ u"--all"_s, u"--class"_s, u"conflicts"_s, u"--take"_s, u"source"_s });
        QVERIFY2(run.err.contains(u"no change class \"conflicts\""_s), qPrintable(run.err));
        run = decide({ u"--table"_s, u"t"_s, u"--key"_s, u"[8]"_s, u"--take"_s, u"both"_s });
        QCOMPARE(run.exitCode, 2);
        run = decide({ u"--table"_s, u"t"_s, u"--key"_s, u"[8]"_s, u"--edit"_s,
            u"{\"id\": 8, \"a\": \"x\", \"b\": \"many\", \"c\": null}"_s });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"invalid input syntax for type integer: \"many\""_s), qPrintable(run.err));
        run = decide(
            { u"--table"_s, u"t"_s, u"--key"_s, u"[15]"_s, u"--rekey"_s, u"--note"_s, u"sequences"_s });
        QCOMPARE(run.exitCode, 0);
        run = decide({ u"--all"_s, u"--class"_s, u"conflict"_s, u"--take"_s, u"target"_s, u"--preview"_s });
        QVERIFY2(run.out.contains(u"Preview: 3 changes"_s), qPrintable(run.out));
        QVERIFY2(
            run.out.contains(u"Left as they are: 1 change of the selection"_s), qPrintable(run.out)); // 15
        // The window's filter text, read as the window reads it: b < 0 by number, on either side
        // (7, a column merge on its default; 9 and 10, undecided conflicts).
        run = decide({ u"--all"_s, u"--table"_s, u"t"_s, u"--filter"_s, u"b < 0"_s, u"--take"_s, u"target"_s,
            u"--preview"_s });
        QVERIFY2(
            run.out.contains(u"Preview: 2 changes"_s) && run.out.contains(u"Left as they are: 1 change"_s),
            qPrintable(run.out + run.err));
        run = decide({ u"--all"_s, u"--where"_s, u"b<0"_s, u"--include-defaults"_s, u"--take"_s, u"target"_s,
            u"--preview"_s });
        QVERIFY2(run.out.contains(u"Preview: 3 changes"_s), qPrintable(run.out + run.err));
        run = decide({ u"--all"_s, u"--where"_s, u"colour=red"_s, u"--take"_s, u"target"_s });
        QVERIFY2(run.exitCode == 1 && run.err.contains(u"public.t has no column \"colour\""_s),
            qPrintable(run.err));
        run = m_cli.run({ u"approve"_s, u"--project"_s, name, u"--by"_s, u"carol"_s });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"3 conflicts are undecided: 3 in public.t"_s), qPrintable(run.err));
        run = decide({ u"--all"_s, u"--class"_s, u"conflict"_s, u"--take"_s, u"target"_s });
        QVERIFY2(run.out.contains(u"Decided 3 changes"_s), qPrintable(run.out));
        run = m_cli.run({ u"approve"_s, u"--project"_s, name, u"--by"_s, u"carol"_s, u"--note"_s, u"ok"_s });
        QCOMPARE(run.exitCode, 0);
        run = decide({ u"--undo"_s });
        QVERIFY2(run.out.contains(u"Undid batch"_s) && run.out.contains(u"approval by carol"_s),
            qPrintable(run.out));
        run = m_cli.run({ u"review"_s, u"--project"_s, name });
        QVERIFY2(run.out.contains(u"3 undecided"_s) && run.out.contains(u"is void"_s), qPrintable(run.out));
        run = m_cli.run({ u"history"_s, u"--project"_s, name });
        QVERIFY2(run.out.contains(u"rekey"_s) && run.out.contains(u"note: sequences"_s)
                && run.out.contains(u"[undone]"_s) && run.out.contains(u"approve"_s),
            qPrintable(run.out));
    }

    void theDemoIsFullyDecidedFromTheCli()
    {
        auto& staging = pgr::test::TestCluster::instance().staging();
        DemoBuilder(staging).build(DemoBuilder::Mode::ReuseOrCreate);
        const QString name = u"dec-demo"_s;
        if (Project::exists(staging, name))
            Project::drop(staging, name);
        {
            auto project = Project::create(staging, name, u"tester"_s);
            Loader loader(*project);
            loader.load(Side::Base, SideSource::interpret(u"demo_base"_s));
            loader.load(Side::Source, SideSource::interpret(u"demo_source"_s));
            loader.load(Side::Target, SideSource::interpret(u"demo_target"_s));
            Differ(*project, {}).run();
        }
        CliRun run = m_cli.run({ u"review"_s, u"--project"_s, name });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(u"81 undecided"_s), qPrintable(run.out));
        run = m_cli.run({ u"decide"_s, u"--project"_s, name, u"--all"_s, u"--class"_s, u"conflict"_s,
            u"--kind"_s, u"insert_insert"_s, u"--rekey"_s, u"--by"_s, u"kim"_s });
        QCOMPARE(run.exitCode, 0);
        // lab_results has a composite key that holds the sample's id: its collisions are the
        // samples' and move with them, each recorded as a decision of its own.
        QVERIFY2(!run.out.contains(u"Skipped public.lab_results"_s), qPrintable(run.out));
        QVERIFY2(
            run.out.contains(u"re-keyed parents (insert_insert of child rows): public.lab_results: 15"_s),
            qPrintable(run.out));
        QVERIFY2(run.out.contains(u"Decided 40 changes: rekey"_s), qPrintable(run.out));
        run = m_cli.run({ u"decide"_s, u"--project"_s, name, u"--all"_s, u"--class"_s, u"conflict"_s,
            u"--take"_s, u"source"_s, u"--by"_s, u"kim"_s, u"--note"_s, u"source wins the rest"_s });
        QCOMPARE(run.exitCode, 0);
        // The rest, but the project the ERP sync created on both sides (a unique collision).
        QVERIFY2(run.out.contains(u"Preview: 40 changes"_s), qPrintable(run.out));
        QVERIFY2(run.out.contains(u"Skipped public.projects: 1 unique_collision left undecided"_s),
            qPrintable(run.out));
        run = m_cli.run({ u"decide"_s, u"--project"_s, name, u"--table"_s, u"projects"_s, u"--key"_s,
            u"[900]"_s, u"--take"_s, u"target"_s, u"--by"_s, u"kim"_s });
        QCOMPARE(run.exitCode, 0);
        // Kept out alone, the project leaves the borehole the source drilled for it pointing at nothing.
        run = m_cli.run({ u"review"_s, u"--project"_s, name });
        QVERIFY2(run.out.contains(u"public.boreholes [3101] → public.projects [900]"_s), qPrintable(run.out));
        QVERIFY2(!run.out.contains(u"Ready to export."_s), qPrintable(run.out));
        run = m_cli.run({ u"decide"_s, u"--project"_s, name, u"--table"_s, u"projects"_s, u"--key"_s,
            u"[900]"_s, u"--map-onto-target"_s, u"--by"_s, u"kim"_s });
        QVERIFY2(run.exitCode == 0 && run.out.contains(u"map_onto_target"_s), qPrintable(run.out + run.err));
        run = m_cli.run({ u"review"_s, u"--project"_s, name });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(u"0 undecided"_s), qPrintable(run.out));
        QVERIFY2(run.out.contains(u"Ready to export."_s), qPrintable(run.out));
        run = m_cli.run({ u"approve"_s, u"--project"_s, name, u"--by"_s, u"carol"_s });
        QCOMPARE(run.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestDecisions)
#include "tst_decisions.moc"
