// SPDX-License-Identifier: GPL-3.0-or-later
// Rows are not alone (DESIGN.md): what the merge does to rows of related tables. Each case builds
// three databases, diffs and decides them, writes the script, applies it with psql to a copy of
// the target and compares every row of every table of the copy with the state expected, written
// by hand here.
#include "decisions.h"
#include "differ.h"
#include "dryrun.h"
#include "error.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "review.h"
#include "scriptwriter.h"
#include "sides.h"
#include "staging.h"
#include "verifier.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::Sides;
using pgr::test::TestCluster;

namespace {

void addFormats()
{
    QTest::addColumn<int>("format");
    QTest::newRow("copy") << int(ScriptWriter::Format::Copy);
    QTest::newRow("values") << int(ScriptWriter::Format::Values);
}

// Every row of every table in the public schema, in one text: the whole state of a database.
QString wholeState(const QString& database)
{
    auto db = TestCluster::instance().staging().connect(database);
    const PgResult tables = db->exec(
        u"SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"_s);
    QString state;
    for (int row = 0; row < tables.rowCount(); ++row) {
        state += tables.text(row, 0) + u": "_s
            + db->exec(u"SELECT coalesce(string_agg(r::text, '; ' ORDER BY r::text), '') FROM %1 r"_s.arg(tables.text(row, 0)))
                  .text(0, 0)
            + u'\n';
    }
    return state;
}

QString copyOf(const QString& database, const QString& name)
{
    auto admin = TestCluster::instance().staging().connect(u"postgres"_s);
    admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(name)));
    admin->exec(u"CREATE DATABASE %1 TEMPLATE %2"_s.arg(admin->quoteName(name), admin->quoteName(database)));
    return name;
}

// Writes the script in the format and applies it with psql to a fresh copy of the target.
// Returns psql's exit code; output gets what it said.
int exportAndApply(Project& project, const Sides& sides, int format, const QString& copy, QString* output)
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
    copyOf(sides.database(Side::Target), copy);
    QProcess psql;
    psql.setProcessChannelMode(QProcess::MergedChannels);
    psql.start(PgBinaries::locate().program(u"psql"_s),
        { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, script, u"-d"_s,
            TestCluster::instance().staging().connectionString(copy) });
    psql.waitForFinished(120000);
    *output = QString::fromUtf8(psql.readAll());
    return psql.exitCode();
}

const QString kParentChild = uR"(
CREATE TABLE parent (id int PRIMARY KEY, name text);
CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent ON DELETE %1, v text);
INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c');
INSERT INTO child VALUES (10, 1, 'x'), (11, 3, 'y');
)"_s;

} // namespace

class TestRelatedTables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Source deleted parent 3 (and, by cascade, its child 11); target meanwhile added child 12
    // under parent 3. Applied as is, the parent's delete would erase the target's new child
    // through the foreign key's ON DELETE action: the script must refuse, naming the child, and
    // change nothing.
    void aDeleteThatWouldTouchAnUndecidedRowFailsTheScript_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("onDelete");
        for (const QString& action : { u"CASCADE"_s, u"SET NULL"_s, u"SET DEFAULT"_s }) {
            QTest::addRow("copy, %s", qPrintable(action)) << int(ScriptWriter::Format::Copy) << action;
            QTest::addRow("values, %s", qPrintable(action)) << int(ScriptWriter::Format::Values) << action;
        }
    }
    void aDeleteThatWouldTouchAnUndecidedRowFailsTheScript()
    {
        QFETCH(int, format);
        QFETCH(QString, onDelete);
        Sides sides(u"rel_guard"_s);
        sides.onAll(kParentChild.arg(onDelete));
        sides.onSource(u"DELETE FROM child WHERE parent_id = 3; DELETE FROM parent WHERE id = 3"_s);
        sides.onTarget(u"INSERT INTO child VALUES (12, 3, 'new on target')"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        const QString copy = u"rel_guard_copy"_s;
        QString output;
        const QString before = wholeState(sides.database(Side::Target));
        QVERIFY2(exportAndApply(*project, sides, format, copy, &output) != 0, qPrintable(output));
        QVERIFY2(output.contains(u"deleting rows of public.parent"_s) && output.contains(u"public.child: [12]"_s)
                && output.contains(u"child_parent_id_fkey"_s),
            qPrintable(output));
        QCOMPARE(wholeState(copy), before);
    }

    // The usual case must still apply: a parent deleted on the source together with its children
    // (by cascade, and in a self-referencing table), nothing new under it on the target.
    void aParentDeletedWithItsChildrenApplies_data() { addFormats(); }
    void aParentDeletedWithItsChildrenApplies()
    {
        QFETCH(int, format);
        Sides sides(u"rel_cascade"_s);
        sides.onAll(kParentChild.arg(u"CASCADE"_s)
            + uR"(CREATE TABLE node (id int PRIMARY KEY, up int REFERENCES node ON DELETE CASCADE, label text);
                  INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'a.a'), (4, NULL, 'other');)"_s);
        sides.onSource(u"DELETE FROM parent WHERE id = 3; DELETE FROM node WHERE id = 1"_s);
        sides.onTarget(u"INSERT INTO parent VALUES (4, 'd'); UPDATE node SET label = 'other!' WHERE id = 4"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        const QString copy = u"rel_cascade_copy"_s;
        QString output;
        QVERIFY2(exportAndApply(*project, sides, format, copy, &output) == 0, qPrintable(output));
        QCOMPARE(wholeState(copy),
            u"public.child: (10,1,x)\n"
            "public.node: (4,,other!)\n"
            "public.parent: (1,a); (2,b); (4,d)\n"_s);
    }

    // Children follow a re-keyed parent: both sides inserted sample 5 (two sequences handing out
    // one id), each with results under (5, test). Re-keying the source's sample carries its
    // results to the new key; their own collisions under (5, test) were the parent's, and the
    // target's sample 5 and its results stay as they are.
    void childrenFollowTheirReKeyedParent_data() { addFormats(); }
    void childrenFollowTheirReKeyedParent()
    {
        QFETCH(int, format);
        Sides sides(u"rel_rekey"_s);
        sides.onAll(uR"(
            CREATE TABLE sample (id serial PRIMARY KEY, label text);
            CREATE TABLE result (sample_id int REFERENCES sample, test text, value numeric, PRIMARY KEY (sample_id, test));
            CREATE TABLE note (sample_id int, test text, body text, PRIMARY KEY (sample_id, test),
                               FOREIGN KEY (sample_id, test) REFERENCES result);
            INSERT INTO sample (label) SELECT 'base ' || g FROM generate_series(1, 4) g;
            INSERT INTO result VALUES (1, 'pH', 7.0);)"_s);
        sides.onSource(uR"(INSERT INTO sample (label) VALUES ('source five');
            INSERT INTO result VALUES (5, 'pH', 6.5), (5, 'Fe', 0.12);
            INSERT INTO note VALUES (5, 'pH', 'rerun');)"_s);
        sides.onTarget(uR"(INSERT INTO sample (label) VALUES ('target five'), ('target six');
            INSERT INTO result VALUES (5, 'pH', 8.1), (6, 'pH', 7.7);
            INSERT INTO note VALUES (5, 'pH', 'rerun twice');)"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        Decisions decisions(*project, u"tester"_s);
        const DecisionOutcome outcome = decisions.rekey(u"public.sample"_s, u"[5]"_s);
        // The parent, its colliding result and its grandchild's colliding note: one batch, each
        // its own decision.
        QCOMPARE(outcome.decided, 3);
        QCOMPARE(outcome.followed, QStringList({ u"public.note: 1"_s, u"public.result: 1"_s }));
        QCOMPARE(Review(*project).exportBlocker(), QString());
        const QString copy = u"rel_rekey_copy"_s;
        QString output;
        QVERIFY2(exportAndApply(*project, sides, format, copy, &output) == 0, qPrintable(output));
        // sample 7 is the fresh key (the target's sequence had handed out 6).
        QCOMPARE(wholeState(copy),
            u"public.note: (5,pH,\"rerun twice\"); (7,pH,rerun)\n"
            "public.result: (1,pH,7.0); (5,pH,8.1); (6,pH,7.7); (7,Fe,0.12); (7,pH,6.5)\n"
            "public.sample: (1,\"base 1\"); (2,\"base 2\"); (3,\"base 3\"); (4,\"base 4\"); (5,\"target five\"); (6,\"target six\"); (7,\"source five\")\n"_s);
        const VerifyResult verified = Verifier(*project).verify(TestCluster::instance().staging().connectionString(copy));
        QStringList problems;
        for (const VerifyTable& table : verified.tables)
            problems += table.problems + table.notCheckedReasons;
        QVERIFY2(verified.problems() == 0 && problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    }
};

QTEST_GUILESS_MAIN(TestRelatedTables)
#include "tst_relatedtables.moc"
