// SPDX-License-Identifier: GPL-3.0-or-later
// The whole-state dry run (DESIGN.md, "Merge script"): after the script is applied, every row of
// every table of the review is compared with the intended state, not only the decided changes.
// A row no decision writes that a trigger, a rule or a cascade changed is "collateral", named by
// table and key, and the dry run fails on it.
#include "decisions.h"
#include "differ.h"
#include "dryrun.h"
#include "error.h"
#include "pgbinaries.h"
#include "review.h"
#include "scriptwriter.h"
#include "sides.h"
#include "staging.h"
#include "triggers.h"
#include "verifier.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::CliRun;
using pgr::test::Sides;
using pgr::test::TestCluster;

namespace {

const QString kItems = uR"(
CREATE TABLE item (id int PRIMARY KEY, name text, updated_at text);
CREATE TABLE audit (id serial PRIMARY KEY, item_id int, what text);
CREATE TABLE counter (id int PRIMARY KEY, hits int);
CREATE TABLE log (line text, n int);
INSERT INTO item VALUES (1, 'a', NULL), (2, 'b', NULL), (3, 'c', 'base');
INSERT INTO counter VALUES (1, 0), (2, 0);
INSERT INTO log VALUES ('base', 1), ('base', 2);
)"_s;

DryRunResult exportAndDryRun(Project& project, int format)
{
    QTemporaryDir dir;
    const QString script = dir.filePath(u"merge.sql"_s);
    QFile file(script);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(script));
    ScriptWriter::Options options;
    options.format = ScriptWriter::Format(format);
    ScriptWriter(project, options).write(file);
    file.close();
    return DryRun(project).run(script);
}

const VerifyTable* tableIn(const VerifyResult& result, const QString& name)
{
    for (const VerifyTable& table : result.tables) {
        if (table.table == name)
            return &table;
    }
    return nullptr;
}

QString report(const VerifyResult& result)
{
    QStringList lines;
    for (const VerifyTable& table : result.tables) {
        for (const QString& line : table.problems + table.notCheckedReasons)
            lines.append(table.table + u": "_s + line);
        for (const QString& line : table.collateralProblems)
            lines.append(table.table + u": collateral: "_s + line);
    }
    return lines.join(u'\n');
}

QString sinceReview(const VerifyResult& result)
{
    QStringList lines;
    for (const VerifyTable& table : result.tables) {
        for (const QString& line : table.changedSinceReviewRows)
            lines.append(table.table + u": since the review: "_s + line);
        for (const QString& line : table.byAcceptedTriggersRows)
            lines.append(table.table + u": accepted triggers: "_s + line);
    }
    return lines.join(u'\n');
}

// The merge script applied with psql to the target itself, as a user would in production.
void applyToTarget(Project& project, Sides& sides)
{
    QTemporaryDir dir;
    const QString script = dir.filePath(u"merge.sql"_s);
    QFile file(script);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(script));
    ScriptWriter(project, {}).write(file);
    file.close();
    QProcess psql;
    psql.setProcessChannelMode(QProcess::MergedChannels);
    psql.start(PgBinaries::locate().program(u"psql"_s),
        { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, script, u"-d"_s,
            TestCluster::instance().staging().connectionString(sides.database(Side::Target)) });
    if (!psql.waitForFinished(60000) || psql.exitCode() != 0)
        qFatal("psql failed: %s", psql.readAll().constData());
}

VerifyResult verifyLive(Project& project, Sides& sides)
{
    return Verifier(project).verify(
        TestCluster::instance().staging().connectionString(sides.database(Side::Target)), u"target"_s,
        Verifier::Checked::LiveTarget);
}

void onTarget(Sides& sides, const QString& sql)
{
    TestCluster::instance().staging().connect(sides.database(Side::Target))->exec(sql);
}

std::unique_ptr<Project> diffed(Sides& sides)
{
    auto project = sides.load();
    Differ(*project, {}).run();
    return project;
}

} // namespace

class TestWholeState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The source renamed item 1; taking it fires what the target has on item: a trigger that
    // writes an audit row, one that stamps another row (and the row itself), a rule that updates
    // and deletes counters. None of those rows has a decision: each is collateral, by table and key.
    void whatTheTargetDoesToOtherRowsFailsTheDryRun_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("onTarget");
        QTest::addColumn<QStringList>("collateral"); // "table: line"
        QTest::addColumn<QString>("decided"); // a problem of the decided change, if any
        const QList<std::tuple<const char*, QString, QStringList, QString>> cases = {
            { "after update trigger writes an audit row",
                uR"(CREATE FUNCTION audit_item() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN INSERT INTO audit (item_id, what) VALUES (NEW.id, 'updated'); RETURN NULL; END $$;
                    CREATE TRIGGER item_audit AFTER UPDATE ON item FOR EACH ROW EXECUTE FUNCTION audit_item();)"_s,
                { u"public.audit: [1] appeared (no decision inserts it)"_s }, QString() },
            { "before update trigger stamps its row and another",
                uR"(CREATE FUNCTION stamp_item() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        NEW.updated_at := 'stamped';
                        IF pg_trigger_depth() = 1 THEN UPDATE item SET name = 'touched' WHERE id = 3; END IF;
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER item_stamp BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION stamp_item();)"_s,
                { u"public.item: [3] changed in: name, updated_at (no decision writes it)"_s },
                u"public.item: [1] differs in: updated_at"_s },
            // PostgreSQL refuses a rule on a table the script writes (its statements are in WITH,
            // aRuleOnATableTheScriptWritesFailsTheApply): here the rule sits on the audit table.
            { "rule updates and deletes other rows",
                uR"(CREATE FUNCTION audit_item() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN INSERT INTO audit (item_id, what) VALUES (NEW.id, 'updated'); RETURN NULL; END $$;
                    CREATE TRIGGER item_audit AFTER UPDATE ON item FOR EACH ROW EXECUTE FUNCTION audit_item();
                    CREATE RULE audit_counts AS ON INSERT TO audit DO ALSO
                    (UPDATE counter SET hits = hits + 1 WHERE id = 1; DELETE FROM counter WHERE id = 2);)"_s,
                { u"public.audit: [1] appeared (no decision inserts it)"_s,
                    u"public.counter: [1] changed in: hits (no decision writes it)"_s,
                    u"public.counter: [2] is gone (no decision deletes it)"_s },
                QString() },
        };
        for (const auto& [name, sql, lines, decided] : cases) {
            for (const auto& [formatName, format] : { std::pair { "copy", ScriptWriter::Format::Copy },
                     std::pair { "values", ScriptWriter::Format::Values } })
                QTest::addRow("%s, %s", name, formatName) << int(format) << sql << lines << decided;
        }
    }
    void whatTheTargetDoesToOtherRowsFailsTheDryRun()
    {
        QFETCH(int, format);
        QFETCH(QString, onTarget);
        QFETCH(QStringList, collateral);
        QFETCH(QString, decided);
        Sides sides(u"whole_fires"_s);
        sides.onAll(kItems);
        sides.onSource(u"UPDATE item SET name = 'a from source' WHERE id = 1"_s);
        sides.onTarget(onTarget);
        auto project = diffed(sides);
        const DryRunResult dry = exportAndDryRun(*project, format);
        QVERIFY2(dry.applied, qPrintable(dry.psqlOutput));
        QVERIFY(!dry.passed());
        const QString lines = report(dry.verify);
        QCOMPARE(dry.verify.collateral(), collateral.size());
        for (const QString& line : collateral) {
            const QString table = line.section(u": "_s, 0, 0);
            QVERIFY2(
                lines.contains(table + u": collateral: "_s + line.section(u": "_s, 1)), qPrintable(lines));
        }
        // The decided change itself is checked as before: a stamp on its own row is its "differs".
        if (decided.isEmpty()) {
            QCOMPARE(dry.verify.problems(), dry.verify.collateral());
            QCOMPARE(tableIn(dry.verify, u"public.item"_s)->inPlace, 1);
        } else {
            QVERIFY2(lines.contains(decided), qPrintable(lines));
        }
    }

    // A DO ALSO rule on a table the script writes: PostgreSQL refuses it for the script's
    // data-modifying WITH statements, so the apply fails and the dry run with it.
    void aRuleOnATableTheScriptWritesFailsTheApply()
    {
        Sides sides(u"whole_rule"_s);
        sides.onAll(kItems);
        sides.onSource(u"UPDATE item SET name = 'a from source' WHERE id = 1"_s);
        sides.onTarget(
            u"CREATE RULE item_counts AS ON UPDATE TO item DO ALSO UPDATE counter SET hits = hits + 1"_s);
        auto project = diffed(sides);
        const DryRunResult dry = exportAndDryRun(*project, int(ScriptWriter::Format::Copy));
        QVERIFY(!dry.applied && !dry.passed());
        QVERIFY2(dry.psqlOutput.contains(u"DO ALSO rules are not supported"_s), qPrintable(dry.psqlOutput));
    }

    // The plain round trip: inserts, updates and deletes on both sides, a re-keyed row with a
    // child that moves with it, keyless rows, a table nobody changed. Every row is compared and
    // none is collateral.
    void aPlainRoundTripHasNoCollateral_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("copy") << int(ScriptWriter::Format::Copy);
        QTest::newRow("values") << int(ScriptWriter::Format::Values);
    }
    void aPlainRoundTripHasNoCollateral()
    {
        QFETCH(int, format);
        Sides sides(u"whole_plain"_s);
        sides.onAll(kItems + uR"(
            CREATE TABLE sample (id serial PRIMARY KEY, label text);
            CREATE TABLE result (sample_id int REFERENCES sample, test text, value numeric, PRIMARY KEY (sample_id, test));
            CREATE TABLE untouched (id int PRIMARY KEY, v text);
            INSERT INTO sample (label) SELECT 'base ' || g FROM generate_series(1, 4) g;
            INSERT INTO untouched SELECT g, 'v' || g FROM generate_series(1, 50) g;)"_s);
        sides.onSource(uR"(UPDATE item SET name = 'a from source' WHERE id = 1; DELETE FROM item WHERE id = 2;
            INSERT INTO item VALUES (4, 'd', NULL); INSERT INTO log VALUES ('source', 1); DELETE FROM log WHERE n = 2;
            INSERT INTO sample (label) VALUES ('source five'); INSERT INTO result VALUES (5, 'pH', 6.5), (5, 'Fe', 0.12);)"_s);
        sides.onTarget(
            uR"(UPDATE item SET updated_at = 'target' WHERE id = 3; INSERT INTO log VALUES ('target', 9);
            INSERT INTO sample (label) VALUES ('target five'); INSERT INTO result VALUES (5, 'pH', 8.1);
            UPDATE counter SET hits = 7 WHERE id = 2;)"_s);
        auto project = diffed(sides);
        Decisions(*project, u"tester"_s).rekey(u"public.sample"_s, u"[5]"_s);
        QCOMPARE(Review(*project).exportBlocker(), QString());
        const DryRunResult dry = exportAndDryRun(*project, format);
        QVERIFY2(dry.applied, qPrintable(dry.psqlOutput));
        QVERIFY2(dry.passed(), qPrintable(report(dry.verify)));
        QCOMPARE(dry.verify.collateral(), 0);
        // Every table of the review is there, with the rows no decision writes compared.
        QCOMPARE(tableIn(dry.verify, u"public.untouched"_s)->unchanged, 50);
        QCOMPARE(tableIn(dry.verify, u"public.counter"_s)->unchanged, 2);
        QCOMPARE(tableIn(dry.verify, u"public.item"_s)->unchanged, 1); // [3], the target's own update
        QCOMPARE(tableIn(dry.verify, u"public.sample"_s)->unchanged, 4); // [1]..[4]; [5] is decided
        QCOMPARE(tableIn(dry.verify, u"public.log"_s)->unchanged, 2); // ('base', 1), ('target', 9)
        QCOMPARE(dry.verify.tables.size(), 7);
    }

    // A re-keyed row with no column besides its key and a re-keyed parent's to be recognised by:
    // verify says it cannot be looked for; the row it inserted under an unknown key is taken for
    // it, not for a collateral one.
    void aReKeyedRowThatCannotBeLookedForIsNotCollateral()
    {
        Sides sides(u"whole_unplaced"_s);
        sides.onAll(uR"(CREATE TABLE sample (id serial PRIMARY KEY, label text);
            CREATE TABLE tag (id serial PRIMARY KEY, sample_id int REFERENCES sample);
            INSERT INTO sample (label) SELECT 'base ' || g FROM generate_series(1, 4) g;)"_s);
        sides.onSource(
            u"INSERT INTO sample (label) VALUES ('source five'); INSERT INTO tag (sample_id) VALUES (5)"_s);
        sides.onTarget(
            u"INSERT INTO sample (label) VALUES ('target five'); INSERT INTO tag (sample_id) VALUES (4)"_s);
        auto project = diffed(sides);
        Decisions decisions(*project, u"tester"_s);
        decisions.rekey(u"public.sample"_s, u"[5]"_s);
        decisions.rekey(u"public.tag"_s, u"[1]"_s);
        QCOMPARE(Review(*project).exportBlocker(), QString());
        const DryRunResult dry = exportAndDryRun(*project, int(ScriptWriter::Format::Copy));
        QVERIFY2(dry.applied, qPrintable(dry.psqlOutput));
        QVERIFY2(dry.passed(), qPrintable(report(dry.verify)));
        const VerifyTable* tag = tableIn(dry.verify, u"public.tag"_s);
        QCOMPARE(tag->notChecked, 1);
        QCOMPARE(tag->collateral, 0);
    }

    // A table without a key: per distinct row, the count of copies. A trigger adds a new row and
    // a second copy of a row the target had; the decided keyless rows are the verifier's.
    void aKeylessRowThatAppearsIsCollateral_data() { aPlainRoundTripHasNoCollateral_data(); }
    void aKeylessRowThatAppearsIsCollateral()
    {
        QFETCH(int, format);
        Sides sides(u"whole_keyless"_s);
        sides.onAll(kItems);
        sides.onSource(
            u"UPDATE item SET name = 'a from source' WHERE id = 1; INSERT INTO log VALUES ('source', 1)"_s);
        sides.onTarget(uR"(CREATE FUNCTION log_item() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO log VALUES ('touched', NEW.id), ('base', 1); RETURN NULL; END $$;
            CREATE TRIGGER item_log AFTER UPDATE ON item FOR EACH ROW EXECUTE FUNCTION log_item();)"_s);
        auto project = diffed(sides);
        const DryRunResult dry = exportAndDryRun(*project, format);
        QVERIFY2(dry.applied, qPrintable(dry.psqlOutput));
        QVERIFY(!dry.passed());
        const VerifyTable* log = tableIn(dry.verify, u"public.log"_s);
        QVERIFY(log);
        const QString lines = log->collateralProblems.join(u'\n');
        QCOMPARE(log->collateral, 2);
        QVERIFY2(
            lines.contains(uR"({"line": "touched", "n": "1"} appeared (1 copy; no decision inserts it))"_s),
            qPrintable(lines));
        QVERIFY2(lines.contains(uR"({"line": "base", "n": "1"}: 1 copy expected, 2 copies found)"_s),
            qPrintable(lines));
        QCOMPARE(log->inPlace, 1); // ('source', 1), the decided insert
        QCOMPARE(log->unchanged, 1); // ('base', 2)
        QCOMPARE(dry.verify.problems(), 2);
    }

    // verify against a live target: the untouched target has no collateral (its decided changes
    // are simply not there); rows changed, deleted or added since are named ('' is not NULL).
    void verifyNamesRowsChangedOutsideTheDecisions()
    {
        Sides sides(u"whole_live"_s);
        sides.onAll(kItems);
        sides.onSource(u"UPDATE item SET name = 'a from source' WHERE id = 1"_s);
        auto project = diffed(sides);
        auto& staging = TestCluster::instance().staging();
        const QString target = staging.connectionString(sides.database(Side::Target));
        const VerifyResult untouched = Verifier(*project).verify(target);
        QCOMPARE(untouched.collateral(), 0);
        QCOMPARE(untouched.problems(), 1); // [1] not renamed yet
        staging.connect(sides.database(Side::Target))
            ->exec(u"UPDATE item SET name = 'later', updated_at = '' WHERE id = 2; DELETE FROM counter WHERE "
                   u"id = 1;"
                   "INSERT INTO audit (item_id, what) VALUES (2, 'by hand')"_s);
        const VerifyResult changed = Verifier(*project).verify(target);
        const QString lines = report(changed);
        QCOMPARE(changed.collateral(), 3);
        QVERIFY2(lines.contains(
                     u"public.item: collateral: [2] changed in: name, updated_at (no decision writes it)"_s),
            qPrintable(lines));
        QVERIFY2(lines.contains(u"public.counter: collateral: [1] is gone (no decision deletes it)"_s),
            qPrintable(lines));
        QVERIFY2(lines.contains(u"public.audit: collateral: [1] appeared (no decision inserts it)"_s),
            qPrintable(lines));
    }

    // A live target keeps taking writes after the apply. Verify finds the apply's transaction id
    // in the rows its decisions wrote; rows other transactions wrote or deleted since are the
    // target's own: reported apart, not a failure. A dry run's copy counts them as collateral.
    void verifyOfALiveTargetTellsItsOwnLaterWritesApart()
    {
        Sides sides(u"whole_later"_s);
        sides.onAll(kItems);
        sides.onSource(
            u"UPDATE item SET name = 'a from source' WHERE id = 1; INSERT INTO item VALUES (4, 'd', NULL)"_s);
        auto project = diffed(sides);
        // Nothing applied yet: no decided row carries the apply's id, so nothing is told apart.
        onTarget(sides, u"UPDATE item SET name = 'early' WHERE id = 3"_s);
        const VerifyResult before = verifyLive(*project, sides);
        QVERIFY(before.live && before.applyTransaction.isEmpty());
        QVERIFY2(before.applyTransactionNote.contains(u"no row the decisions wrote"_s),
            qPrintable(before.applyTransactionNote));
        QCOMPARE(before.collateral(), 1);
        QCOMPARE(before.changedSinceReview(), 0);

        applyToTarget(*project, sides);
        onTarget(sides, u"INSERT INTO audit (item_id, what) VALUES (2, 'by hand')"_s);
        onTarget(sides, u"DELETE FROM counter WHERE id = 1"_s);
        onTarget(sides, u"INSERT INTO log VALUES ('later', 5); UPDATE counter SET hits = 3 WHERE id = 2"_s);
        const VerifyResult live = verifyLive(*project, sides);
        const QString lines = sinceReview(live);
        QVERIFY2(!live.applyTransaction.isEmpty(), qPrintable(live.applyTransactionNote));
        QVERIFY2(live.applyTransactionNote.contains(u"(the xmin of 2 row(s) the decisions wrote)"_s),
            qPrintable(live.applyTransactionNote));
        QVERIFY2(live.problems() == 0, qPrintable(report(live)));
        QCOMPARE(live.checked(), 2);
        QCOMPARE(live.changedSinceReview(), 5);
        for (const QString& line :
            { u"public.item: since the review: [3] changed in: name (by transaction "_s,
                u"public.audit: since the review: [1] appeared (by transaction "_s,
                u"public.counter: since the review: [1] is gone (deleted since the review: the script "
                u"deletes no row "
                "without a decision)"_s,
                u"public.counter: since the review: [2] changed in: hits (by transaction "_s,
                uR"(public.log: since the review: {"line": "later", "n": "5"} appeared (not by the apply))"_s })
            QVERIFY2(lines.contains(line), qPrintable(line + u"\n"_s + lines));
        QVERIFY(!lines.contains(u"transaction "_s + live.applyTransaction + u","_s));

        // The same target checked as a dry run's copy: every such row is collateral, as before.
        const VerifyResult copy = Verifier(*project).verify(
            TestCluster::instance().staging().connectionString(sides.database(Side::Target)));
        QVERIFY(!copy.live);
        QCOMPARE(copy.collateral(), 5);
        QCOMPARE(copy.changedSinceReview(), 0);

        // VACUUM FREEZE keeps a row's own xmin (PostgreSQL 9.4 on): still told apart.
        onTarget(sides, u"VACUUM FREEZE"_s);
        const VerifyResult frozen = verifyLive(*project, sides);
        QCOMPARE(frozen.applyTransaction, live.applyTransaction);
        QCOMPARE(frozen.collateral(), 0);
        QCOMPARE(frozen.changedSinceReview(), 5);

        // The target rewrote a decided row with the same values: two ids, which is the apply's
        // cannot be told. Verify says so and counts every such row as collateral.
        onTarget(sides, u"UPDATE item SET name = name WHERE id = 4"_s);
        const VerifyResult two = verifyLive(*project, sides);
        QVERIFY(two.applyTransaction.isEmpty());
        QVERIFY2(two.applyTransactionNote.contains(u"carry 2 transaction ids"_s),
            qPrintable(two.applyTransactionNote));
        QCOMPARE(two.problems(), 5);
        QCOMPARE(two.changedSinceReview(), 0);
    }

    // A trigger of the target that the apply fires writes an audit row and updates another row:
    // on the live target they carry the apply's transaction id, so they are collateral of the
    // apply (naming the trigger that could have written them), while a later write is not. Once
    // the trigger is accepted (after the dry run found it), its rows are reported apart and pass.
    void aTriggerTheApplyFiresIsCollateralOnALiveTarget()
    {
        Sides sides(u"whole_livetrigger"_s);
        sides.onAll(kItems);
        sides.onSource(u"UPDATE item SET name = 'a from source' WHERE id = 1"_s);
        sides.onTarget(uR"(CREATE FUNCTION audit_item() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO audit (item_id, what) VALUES (NEW.id, 'updated');
                    UPDATE counter SET hits = hits + 1 WHERE id = 1;
                    INSERT INTO log VALUES ('touched', NEW.id);
                    RETURN NULL;
                END $$;
            CREATE TRIGGER item_audit AFTER UPDATE ON item FOR EACH ROW EXECUTE FUNCTION audit_item();)"_s);
        auto project = diffed(sides);
        const DryRunResult dry = exportAndDryRun(*project, int(ScriptWriter::Format::Copy));
        QVERIFY(!dry.passed() && dry.triggersExplain);
        applyToTarget(*project, sides);
        onTarget(sides, u"UPDATE counter SET hits = 9 WHERE id = 2; INSERT INTO log VALUES ('by hand', 1)"_s);

        const VerifyResult live = verifyLive(*project, sides);
        const QString lines = report(live);
        QVERIFY2(!live.applyTransaction.isEmpty(), qPrintable(live.applyTransactionNote));
        QCOMPARE(live.collateral(), 3);
        QCOMPARE(live.problems(), 3);
        const QString byApply = u"by the apply, transaction %1; triggers that could have written it: "
                                "public.item.item_audit)"_s.arg(live.applyTransaction);
        QVERIFY2(
            lines.contains(u"public.audit: collateral: [1] appeared (no decision inserts it; "_s + byApply),
            qPrintable(lines));
        QVERIFY2(lines.contains(u"public.counter: collateral: [1] changed in: hits (no decision writes it; "_s
                     + byApply),
            qPrintable(lines));
        QVERIFY2(
            lines.contains(
                uR"(public.log: collateral: {"line": "touched", "n": "1"} appeared (1 copy; no decision inserts it; )"_s
                + byApply),
            qPrintable(lines));
        QCOMPARE(live.changedSinceReview(), 2);
        QVERIFY2(sinceReview(live).contains(
                     u"public.counter: since the review: [2] changed in: hits (by transaction "_s),
            qPrintable(sinceReview(live)));
        QVERIFY2(
            sinceReview(live).contains(
                uR"(public.log: since the review: {"line": "by hand", "n": "1"} appeared (not by the apply))"_s),
            qPrintable(sinceReview(live)));

        TargetTriggers(project->connection()).accept({ u"public.item.item_audit"_s }, u"tester"_s);
        const VerifyResult accepted = verifyLive(*project, sides);
        QVERIFY2(accepted.problems() == 0, qPrintable(report(accepted)));
        QCOMPARE(accepted.byAcceptedTriggers(), 3);
        QCOMPARE(accepted.changedSinceReview(), 2);
        QVERIFY2(
            sinceReview(accepted).contains(
                u"public.audit: accepted triggers: [1] appeared (by the apply; accepted triggers: public.item.item_audit)"_s),
            qPrintable(sinceReview(accepted)));
    }

    // A trigger whose function writes inside a PL/pgSQL block with EXCEPTION writes in a
    // subtransaction: its rows carry an id newer than the apply's own. Such a row, and any row
    // written after the apply began, cannot be told from the target's own writes: collateral
    // (naming the trigger), unless the trigger is accepted. A write older than the apply is the
    // target's own.
    void aTriggerWritingInASubtransactionCannotBeToldApart()
    {
        Sides sides(u"whole_livesub"_s);
        sides.onAll(kItems);
        sides.onSource(u"UPDATE item SET name = 'a from source' WHERE id = 1"_s);
        sides.onTarget(uR"(CREATE FUNCTION audit_item() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    BEGIN
                        INSERT INTO audit (item_id, what) VALUES (NEW.id, 'updated');
                    EXCEPTION WHEN unique_violation THEN NULL;
                    END;
                    RETURN NULL;
                END $$;
            CREATE TRIGGER item_audit AFTER UPDATE ON item FOR EACH ROW EXECUTE FUNCTION audit_item();)"_s);
        auto project = diffed(sides);
        const DryRunResult dry = exportAndDryRun(*project, int(ScriptWriter::Format::Copy));
        QVERIFY(!dry.passed() && dry.triggersExplain);
        onTarget(sides, u"UPDATE counter SET hits = 4 WHERE id = 1"_s);
        applyToTarget(*project, sides);
        onTarget(sides, u"UPDATE counter SET hits = 9 WHERE id = 2"_s);

        const VerifyResult live = verifyLive(*project, sides);
        const QString lines = report(live);
        QVERIFY2(!live.applyTransaction.isEmpty(), qPrintable(live.applyTransactionNote));
        QCOMPARE(live.collateral(), 2);
        const QString subtransaction
            = u"is the target's own since the review, or a subtransaction of the apply's (%1) "
              "opened by a trigger: public.item.item_audit)"_s.arg(live.applyTransaction);
        QVERIFY2(
            lines.contains(
                u"public.audit: collateral: [1] appeared (no decision inserts it; cannot tell: transaction "_s),
            qPrintable(lines));
        QVERIFY2(lines.contains(subtransaction), qPrintable(lines));
        QVERIFY2(
            lines.contains(
                u"public.counter: collateral: [2] changed in: hits (no decision writes it; cannot tell: "_s),
            qPrintable(lines));
        QCOMPARE(live.changedSinceReview(), 1);
        QVERIFY2(sinceReview(live).contains(
                     u"public.counter: since the review: [1] changed in: hits (by transaction "_s),
            qPrintable(sinceReview(live)));

        TargetTriggers(project->connection()).accept({ u"public.item.item_audit"_s }, u"tester"_s);
        const VerifyResult accepted = verifyLive(*project, sides);
        QVERIFY2(accepted.problems() == 0, qPrintable(report(accepted)));
        QCOMPARE(accepted.byAcceptedTriggers(), 2);
        QCOMPARE(accepted.changedSinceReview(), 1);
    }

    // A cascade of the script's own update (ON UPDATE CASCADE to a row the target added) carries
    // the apply's transaction id: collateral of the apply on the live target, with no trigger to
    // blame, while a row the target added later is its own.
    void aCascadeOfTheApplyIsCollateralOnALiveTarget()
    {
        Sides sides(u"whole_livecascade"_s);
        sides.onAll(uR"(CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE);
            CREATE TABLE child (id int PRIMARY KEY, parent_code text REFERENCES parent (code) ON UPDATE CASCADE);
            INSERT INTO parent VALUES (1, 'a'), (2, 'b');)"_s);
        sides.onSource(u"UPDATE parent SET code = 'a2' WHERE id = 1"_s);
        sides.onTarget(u"INSERT INTO child VALUES (1, 'a')"_s);
        auto project = diffed(sides);
        QCOMPARE(Review(*project).exportBlocker(), QString());
        applyToTarget(*project, sides);
        onTarget(sides, u"INSERT INTO child VALUES (2, 'b')"_s);
        const VerifyResult live = verifyLive(*project, sides);
        const QString lines = report(live);
        QVERIFY2(!live.applyTransaction.isEmpty(), qPrintable(live.applyTransactionNote));
        QCOMPARE(live.collateral(), 1);
        QVERIFY2(
            lines.contains(
                u"public.child: collateral: [1] changed in: parent_code (no decision writes it; by the "
                "apply, transaction %1; no trigger on the tables the script writes: a cascade or a rule)"_s
                    .arg(live.applyTransaction)),
            qPrintable(lines));
        QCOMPARE(live.changedSinceReview(), 1);
        QVERIFY2(
            sinceReview(live).contains(u"public.child: since the review: [2] appeared (by transaction "_s),
            qPrintable(sinceReview(live)));

        // A trigger on a table the cascade reaches is one the apply fires: it is named.
        onTarget(
            sides, uR"(CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER child_noop BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION noop();)"_s);
        const QString named = report(verifyLive(*project, sides));
        QVERIFY2(
            named.contains(
                u"public.child: collateral: [1] changed in: parent_code (no decision writes it; by the "
                "apply, transaction %1; triggers that could have written it: public.child.child_noop)"_s.arg(
                    live.applyTransaction)),
            qPrintable(named));
    }

    // Keys and values that PostgreSQL's array output quotes: commas, quotes, backslashes, braces,
    // the text 'NULL' beside NULL, '' beside NULL.
    void oddValuesAreComparedExactly()
    {
        Sides sides(u"whole_odd"_s);
        sides.onAll(uR"(CREATE TABLE odd (k text PRIMARY KEY, v text);
            INSERT INTO odd VALUES ('a,b', 'NULL'), ('x"y', NULL), (E'back\\slash', ''), ('NULL', 'v'), (' {sp} ', 'w');)"_s);
        auto project = diffed(sides);
        auto& staging = TestCluster::instance().staging();
        const QString target = staging.connectionString(sides.database(Side::Target));
        const VerifyResult untouched = Verifier(*project).verify(target);
        QCOMPARE(untouched.problems(), 0);
        QCOMPARE(untouched.unchanged(), 5);
        staging.connect(sides.database(Side::Target))
            ->exec(uR"(UPDATE odd SET v = NULL WHERE k IN ('a,b', E'back\\slash');
                       UPDATE odd SET v = 'NULL' WHERE k = 'x"y'; INSERT INTO odd VALUES ('{}', NULL))"_s);
        const VerifyResult changed = Verifier(*project).verify(target);
        const QString lines = report(changed);
        QCOMPARE(changed.collateral(), 4);
        for (const QString& key : { u"[a,b]"_s, u"[x\"y]"_s, u"[back\\slash]"_s })
            QVERIFY2(lines.contains(
                         u"public.odd: collateral: %1 changed in: v (no decision writes it)"_s.arg(key)),
                qPrintable(lines));
        QVERIFY2(lines.contains(u"public.odd: collateral: [{}] appeared (no decision inserts it)"_s),
            qPrintable(lines));
        QCOMPARE(changed.unchanged(), 2);
    }

    // Both sides stream in batches (fewer rows a fetch when rows are wide): differences at the
    // start, across batch boundaries (the two sides' shifted by a missing row) and at the end.
    void manyAndWideRowsAreMergedAcrossBatches()
    {
        Sides sides(u"whole_batches"_s);
        sides.onAll(uR"(CREATE TABLE many (id int PRIMARY KEY, v text);
            INSERT INTO many SELECT g, 'v' || g FROM generate_series(1, 12000) g;
            CREATE TABLE wide (id int PRIMARY KEY, body text);
            INSERT INTO wide SELECT g, repeat(md5(g::text), 4000) FROM generate_series(1, 120) g;)"_s);
        auto project = diffed(sides);
        auto& staging = TestCluster::instance().staging();
        const QString target = staging.connectionString(sides.database(Side::Target));
        QCOMPARE(Verifier(*project).verify(target).collateral(), 0);
        staging.connect(sides.database(Side::Target))
            ->exec(
                u"DELETE FROM many WHERE id IN (1, 150); UPDATE many SET v = 'x' WHERE id IN (5100, 11999);"
                "INSERT INTO many VALUES (12001, 'new'); UPDATE wide SET body = 'short' WHERE id IN (2, 119)"_s);
        const VerifyResult changed = Verifier(*project).verify(target);
        const QString lines = report(changed);
        QCOMPARE(changed.collateral(), 7);
        for (const QString& line :
            { u"public.many: collateral: [1] is gone"_s, u"public.many: collateral: [150] is gone"_s,
                u"public.many: collateral: [5100] changed in: v"_s,
                u"public.many: collateral: [11999] changed in: v"_s,
                u"public.many: collateral: [12001] appeared"_s,
                u"public.wide: collateral: [2] changed in: body"_s,
                u"public.wide: collateral: [119] changed in: body"_s })
            QVERIFY2(lines.contains(line), qPrintable(line + u"\n"_s + lines));
        QCOMPARE(changed.unchanged(), 11996 + 118);
    }

    // The CLI's dry run and verify print the collateral rows apart, and their JSON has them.
    void theCliReportsCollateralRows()
    {
        Sides sides(u"whole_cli"_s);
        sides.onAll(kItems);
        sides.onSource(u"UPDATE item SET name = 'a from source' WHERE id = 1"_s);
        sides.onTarget(uR"(CREATE FUNCTION audit_item() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO audit (item_id, what) VALUES (NEW.id, 'updated'); RETURN NULL; END $$;
            CREATE TRIGGER item_audit AFTER UPDATE ON item FOR EACH ROW EXECUTE FUNCTION audit_item();)"_s);
        const QString name = diffed(sides)->name();
        QTemporaryDir dir;
        // The command-line front end, with settings of its own and the test cluster as its staging.
        pgr::test::CliRunner cli;
        cli.setSettingsFile(dir.filePath(u"pgreconcile.ini"_s)).useTestCluster().setTimeout(120000);
        CliRun run = cli.run(
            { u"export"_s, u"--project"_s, name, u"--out"_s, dir.filePath(u"merge.sql"_s), u"--dry-run"_s });
        QString out = run.output();
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(out.contains(u"not checked  collateral"_s), qPrintable(out));
        QVERIFY2(out.contains(u"    collateral: [1] appeared (no decision inserts it)"_s), qPrintable(out));
        QVERIFY2(out.contains(u"DRY RUN FAILED: 0 mismatch(es), 1 collateral change(s)"_s), qPrintable(out));
        // The script applied to the target itself: verify finds the audit row as well.
        QProcess psql;
        psql.start(PgBinaries::locate().program(u"psql"_s),
            { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, dir.filePath(u"merge.sql"_s), u"-d"_s,
                TestCluster::instance().staging().connectionString(sides.database(Side::Target)) });
        QVERIFY(psql.waitForFinished(60000) && psql.exitCode() == 0);
        // The live target's own write after the apply: counted apart, listed with --verbose.
        onTarget(sides, u"INSERT INTO counter VALUES (3, 1)"_s);
        run = cli.run({ u"verify"_s, u"--project"_s, name, u"--target"_s,
            TestCluster::instance().staging().connectionString(sides.database(Side::Target)), u"--json"_s,
            dir.filePath(u"verify.json"_s), u"--verbose"_s });
        out = run.output();
        QCOMPARE(run.exitCode, 1);
        QFile file(dir.filePath(u"verify.json"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        const QString xid = json.value(u"apply_transaction"_s).toString();
        QVERIFY2(!xid.isEmpty(), qPrintable(json.value(u"apply_transaction_note"_s).toString()));
        QCOMPARE(json.value(u"collateral"_s).toInt(), 1);
        QCOMPARE(json.value(u"problems"_s).toInt(), 1);
        QCOMPARE(json.value(u"changed_since_review"_s).toInt(), 1);
        const QJsonObject audit = json.value(u"tables"_s).toObject().value(u"public.audit"_s).toObject();
        const QString byApply
            = u"[1] appeared (no decision inserts it; by the apply, transaction %1; triggers that "
              "could have written it: public.item.item_audit)"_s.arg(xid);
        QCOMPARE(audit.value(u"collateral"_s).toInt(), 1);
        QCOMPARE(audit.value(u"collateral_problems"_s).toVariant().toStringList(), QStringList { byApply });
        const QJsonObject counter = json.value(u"tables"_s).toObject().value(u"public.counter"_s).toObject();
        QCOMPARE(counter.value(u"changed_since_review"_s).toInt(), 1);
        QVERIFY(counter.value(u"changed_since_review_rows"_s)
                    .toArray()
                    .at(0)
                    .toString()
                    .startsWith(u"[3] appeared (by transaction "_s));
        QCOMPARE(json.value(u"tables"_s)
                     .toObject()
                     .value(u"public.item"_s)
                     .toObject()
                     .value(u"in_place"_s)
                     .toInt(),
            1);
        for (const QString& line : QStringList { u"not checked  collateral  since review"_s,
                 u"    collateral: "_s + byApply, u"    since the review: [3] appeared (by transaction "_s,
                 u"1 row(s) were changed by the target itself since the review, not by the apply"_s })
            QVERIFY2(out.contains(line), qPrintable(line + u"\n"_s + out));
    }

    // The whole-state check reads every table: it stops when asked, like the rest of verify.
    void theCheckHonoursCancel()
    {
        Sides sides(u"whole_cancel"_s);
        sides.onAll(kItems);
        auto project = diffed(sides);
        const std::atomic<bool> cancel = true;
        QVERIFY_THROWS_EXCEPTION(Cancelled,
            Verifier(*project, &cancel)
                .verify(TestCluster::instance().staging().connectionString(sides.database(Side::Target))));
    }
};

QTEST_GUILESS_MAIN(TestWholeState)
#include "tst_wholestate.moc"
