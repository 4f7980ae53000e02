// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo.h"
#include "differ.h"
#include "error.h"
#include "pgconnection.h"
#include "sides.h"
#include "staging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>
#include <tuple>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::Sides;

namespace {

struct Change
{
    QString changeClass;
    QString kind;
    QString sourceColumns;
    QString targetColumns;
};

// The stored change of a table's key (a JSON array such as [7]), or an empty Change when none.
Change changeOf(Project& project, const QString& table, const QString& key)
{
    const PgResult result = project.connection().exec(
        u"SELECT c.change_class, coalesce(c.kind, ''), coalesce(array_to_string(c.source_columns, ','), ''), "
        "coalesce(array_to_string(c.target_columns, ','), '') FROM pgreconcile.changes c "
        "JOIN pgreconcile.tables t USING (table_id) WHERE t.table_name = $1 AND c.key = $2::jsonb"_s,
        { table, key });
    if (result.rowCount() == 0)
        return {};
    return { result.text(0, 0), result.text(0, 1), result.text(0, 2), result.text(0, 3) };
}

QJsonObject tableReport(Project& project, const DiffOptions& options, const QString& table)
{
    Differ differ(project, options);
    return Differ::report(project.name(), differ.run())[u"tables"_s].toObject()[table].toObject();
}

} // namespace

class TestDiffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classifiesEveryClassAndKind_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("changeClass");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("sourceColumns");
        QTest::addColumn<QString>("targetColumns");
        QTest::newRow("unchanged is not stored")
            << u"[1]"_s << QString() << QString() << QString() << QString();
        QTest::newRow("target_only update") << u"[2]"_s << u"target_only"_s << u"update"_s << u""_s << u"a"_s;
        QTest::newRow("target_only delete") << u"[11]"_s << u"target_only"_s << u"delete"_s << u""_s << u""_s;
        QTest::newRow("target_only insert") << u"[16]"_s << u"target_only"_s << u"insert"_s << u""_s << u""_s;
        QTest::newRow("source_only update") << u"[3]"_s << u"source_only"_s << u"update"_s << u"a"_s << u""_s;
        QTest::newRow("source_only delete") << u"[4]"_s << u"source_only"_s << u"delete"_s << u""_s << u""_s;
        QTest::newRow("source_only insert") << u"[13]"_s << u"source_only"_s << u"insert"_s << u""_s << u""_s;
        QTest::newRow("same_change update")
            << u"[5]"_s << u"same_change"_s << u"update"_s << u"a"_s << u"a"_s;
        QTest::newRow("same_change delete") << u"[6]"_s << u"same_change"_s << u"delete"_s << u""_s << u""_s;
        QTest::newRow("same_change insert") << u"[14]"_s << u"same_change"_s << u"insert"_s << u""_s << u""_s;
        QTest::newRow("column_merge") << u"[7]"_s << u"column_merge"_s << u"update"_s << u"a"_s << u"b"_s;
        QTest::newRow("update_update") << u"[8]"_s << u"conflict"_s << u"update_update"_s << u"a"_s << u"a"_s;
        QTest::newRow("update_update overlapping")
            << u"[12]"_s << u"conflict"_s << u"update_update"_s << u"a,c"_s << u"a"_s;
        QTest::newRow("update_delete") << u"[9]"_s << u"conflict"_s << u"update_delete"_s << u"b"_s << u""_s;
        QTest::newRow("delete_update") << u"[10]"_s << u"conflict"_s << u"delete_update"_s << u""_s << u"b"_s;
        QTest::newRow("insert_insert") << u"[15]"_s << u"conflict"_s << u"insert_insert"_s << u""_s << u""_s;
        QTest::newRow("NULL to value is a change")
            << u"[17]"_s << u"source_only"_s << u"update"_s << u"c"_s << u""_s;
        QTest::newRow("NULL stays NULL") << u"[18]"_s << QString() << QString() << QString() << QString();
    }
    void classifiesEveryClassAndKind()
    {
        static std::unique_ptr<Project> project;
        if (!project) {
            Sides sides(u"classes"_s);
            sides.onAll(u"CREATE TABLE t (id int PRIMARY KEY, a text, b int, c text);"
                        "INSERT INTO t SELECT g, 'a' || g, g, 'c' || g FROM generate_series(1, 12) g;"
                        "INSERT INTO t VALUES (17, 'a17', 17, NULL), (18, 'a18', 18, NULL)"_s);
            sides.onSource(
                u"UPDATE t SET a = 'src' WHERE id = 3; DELETE FROM t WHERE id = 4; INSERT INTO t VALUES (13, "
                u"'new', 0, 'x');"
                "UPDATE t SET a = 'both' WHERE id = 5; DELETE FROM t WHERE id = 6; INSERT INTO t VALUES (14, "
                "'same', 1, 'y');"
                "UPDATE t SET a = 'merge-a' WHERE id = 7; UPDATE t SET a = 's8' WHERE id = 8;"
                "UPDATE t SET b = -9 WHERE id = 9; DELETE FROM t WHERE id = 10; INSERT INTO t VALUES (15, "
                "'s15', 1, 'x');"
                "UPDATE t SET a = 'x', c = 'y' WHERE id = 12; UPDATE t SET c = 'now' WHERE id = 17"_s);
            sides.onTarget(u"UPDATE t SET a = 'tgt' WHERE id = 2; DELETE FROM t WHERE id = 11; INSERT INTO t "
                           u"VALUES (16, 't16', 2, 'z');"
                           "UPDATE t SET a = 'both' WHERE id = 5; DELETE FROM t WHERE id = 6; INSERT INTO t "
                           "VALUES (14, 'same', 1, 'y');"
                           "UPDATE t SET b = -7 WHERE id = 7; UPDATE t SET a = 't8' WHERE id = 8;"
                           "DELETE FROM t WHERE id = 9; UPDATE t SET b = -10 WHERE id = 10; INSERT INTO t "
                           "VALUES (15, 't15', 1, 'x');"
                           "UPDATE t SET a = 'x' WHERE id = 12"_s);
            project = sides.load();
            Differ(*project, {}).run();
        }
        QFETCH(QString, key);
        QFETCH(QString, changeClass);
        QFETCH(QString, kind);
        QFETCH(QString, sourceColumns);
        QFETCH(QString, targetColumns);
        const Change change = changeOf(*project, u"t"_s, key);
        QCOMPARE(change.changeClass, changeClass);
        QCOMPARE(change.kind, kind);
        QCOMPARE(change.sourceColumns, sourceColumns);
        QCOMPARE(change.targetColumns, targetColumns);
    }

    void twoWayWithoutBase()
    {
        Sides sides(u"twoway"_s);
        sides.onAll(
            u"CREATE TABLE t (id bigint PRIMARY KEY, v text); INSERT INTO t SELECT g, 'v' FROM generate_series(1, 5) g"_s);
        sides.onSource(u"INSERT INTO t VALUES (6, 'only source'); UPDATE t SET v = 'changed' WHERE id = 2"_s);
        sides.onTarget(u"DELETE FROM t WHERE id = 3; INSERT INTO t VALUES (7, 'only target'), (8, 'x')"_s);
        auto project = sides.load(true);
        const QJsonObject report = tableReport(*project, {}, u"public.t"_s);
        QCOMPARE(report[u"mode"_s].toString(), u"two_way"_s);
        QCOMPARE(report[u"only_in_source"_s].toInteger(), 2); // 6, and 3 which target deleted
        QCOMPARE(report[u"only_in_target"_s].toInteger(), 2);
        QCOMPARE(report[u"differs"_s].toInteger(), 1);
        QCOMPARE(changeOf(*project, u"t"_s, u"[2]"_s).changeClass, u"differs"_s);
        QCOMPARE(changeOf(*project, u"t"_s, u"[2]"_s).sourceColumns, u"v"_s);
    }

    void tablesWithoutKeyAreMultisets()
    {
        Sides sides(u"keyless"_s);
        sides.onAll(
            u"CREATE TABLE log (line text, n int); INSERT INTO log VALUES ('a', 1), ('a', 1), ('b', 2), ('c', NULL)"_s);
        sides.onSource(u"INSERT INTO log VALUES ('a', 1), ('new', 5); DELETE FROM log WHERE line = 'b'"_s);
        sides.onTarget(u"INSERT INTO log VALUES ('a', 1), ('t', 6); DELETE FROM log WHERE line = 'c'"_s);
        auto project = sides.load();
        const QJsonObject report = tableReport(*project, {}, u"public.log"_s);
        QVERIFY(report[u"keyless"_s].toBool());
        QCOMPARE(report[u"key_origin"_s].toString(), u"none"_s);
        QCOMPARE(report[u"same_change"_s].toInteger(), 1); // a third ('a', 1) on both
        QCOMPARE(report[u"source_only"_s].toObject()[u"insert"_s].toInteger(), 1);
        QCOMPARE(report[u"source_only"_s].toObject()[u"delete"_s].toInteger(), 1);
        QCOMPARE(report[u"target_only"_s].toInteger(), 2);
        QCOMPARE(report[u"drift"_s].toArray().first().toObject()[u"kind"_s].toString(), u"no_key"_s);
    }

    void aUserKeyTurnsAKeylessTableIntoAKeyedOne()
    {
        Sides sides(u"userkey"_s);
        sides.onAll(
            u"CREATE TABLE k (code text NOT NULL UNIQUE, v int); INSERT INTO k VALUES ('x', 1), ('y', 2)"_s);
        sides.onSource(u"UPDATE k SET v = 10 WHERE code = 'x'"_s);
        auto project = sides.load();
        DiffOptions options;
        options.keys.insert(u"k"_s, { u"code"_s });
        const QJsonObject report = tableReport(*project, options, u"public.k"_s);
        QCOMPARE(report[u"key_origin"_s].toString(), u"user"_s);
        QCOMPARE(report[u"source_only"_s].toObject()[u"update"_s].toInteger(), 1);
        QCOMPARE(changeOf(*project, u"k"_s, u"[\"x\"]"_s).kind, u"update"_s);
        // Remembered for the next run without the option.
        QCOMPARE(tableReport(*project, {}, u"public.k"_s)[u"key_origin"_s].toString(), u"user"_s);
        // A "key" that is not unique is refused, naming the duplicate.
        Sides dup(u"dupkey"_s);
        dup.onAll(u"CREATE TABLE k (code text, v int); INSERT INTO k VALUES ('x', 1), ('x', 2)"_s);
        auto duplicated = dup.load();
        DiffOptions bad;
        bad.keys.insert(u"public.k"_s, { u"code"_s });
        const auto results = Differ(*duplicated, bad).run();
        QCOMPARE(results.size(), 1);
        QVERIFY2(results.first().error.contains(u"not unique"_s), qPrintable(results.first().error));
        QVERIFY(results.first().error.contains(u"[\"x\"]"_s));
    }

    void ignoredColumnsAreNotCompared()
    {
        Sides sides(u"ignore"_s);
        sides.onAll(
            u"CREATE TABLE c (id int PRIMARY KEY, name text, updated_at timestamptz);"
            "INSERT INTO c VALUES (1, 'a', '2026-01-01 00:00+00'), (2, 'b', '2026-01-01 00:00+00')"_s);
        sides.onSource(u"UPDATE c SET updated_at = now(); UPDATE c SET name = 'B' WHERE id = 2"_s);
        auto project = sides.load();
        DiffOptions options;
        options.ignoredColumns = { u"c.updated_at"_s };
        const QJsonObject report = tableReport(*project, options, u"public.c"_s);
        QCOMPARE(report[u"source_only"_s].toObject()[u"update"_s].toInteger(), 1);
        QCOMPARE(report[u"ignored_columns"_s].toArray().first().toString(), u"updated_at"_s);
        QCOMPARE(
            tableReport(*project, {}, u"public.c"_s)[u"source_only"_s].toObject()[u"update"_s].toInteger(),
            2);
        DiffOptions typo;
        typo.ignoredColumns = { u"c.updatd_at"_s };
        try {
            Differ(*project, typo).run();
            QFAIL("a misspelt --ignore-column was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"c.updatd_at"_s), qPrintable(error.message()));
        }
    }

    void schemaDriftIsReportedAndTheCommonColumnsCompared()
    {
        Sides sides(u"drift"_s);
        sides.onAll(
            u"CREATE TABLE d (id int PRIMARY KEY, a text, n int); INSERT INTO d VALUES (1, 'x', 1), (2, 'y', 2)"_s);
        sides.onSource(u"ALTER TABLE d ADD COLUMN extra text; UPDATE d SET a = 'changed' WHERE id = 1;"
                       "CREATE TABLE only_source (id int PRIMARY KEY)"_s);
        sides.onTarget(u"ALTER TABLE d ALTER COLUMN n TYPE bigint; UPDATE d SET n = 20 WHERE id = 2"_s);
        auto project = sides.load();
        Differ differ(*project, {});
        const QJsonObject tables = Differ::report(project->name(), differ.run())[u"tables"_s].toObject();
        const QJsonObject d = tables[u"public.d"_s].toObject();
        QStringList kinds;
        for (const auto& entry : d[u"drift"_s].toArray())
            kinds.append(
                entry.toObject()[u"kind"_s].toString() + u':' + entry.toObject()[u"column"_s].toString());
        QVERIFY2(kinds.contains(u"column_missing:extra"_s), qPrintable(kinds.join(u' ')));
        QVERIFY2(kinds.contains(u"type_differs:n"_s), qPrintable(kinds.join(u' ')));
        QCOMPARE(d[u"source_only"_s].toObject()[u"update"_s].toInteger(), 1);
        QCOMPARE(d[u"target_only"_s].toInteger(), 1); // int 2 vs bigint 20 compared across types
        const QJsonObject onlySource = tables[u"public.only_source"_s].toObject();
        QCOMPARE(onlySource[u"mode"_s].toString(), u"skipped"_s);
        QCOMPARE(onlySource[u"drift"_s].toArray().first().toObject()[u"kind"_s].toString(),
            u"table_only_in_source"_s);
    }

    void valuesCompareByPostgresEquality_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("baseValue");
        QTest::addColumn<QString>("equalValue"); // another spelling of the same value: no change
        QTest::addColumn<QString>("otherValue"); // a different value: a change
        QTest::newRow("numeric scale") << u"numeric"_s << u"1.0"_s << u"1.00"_s << u"1.01"_s;
        QTest::newRow("numeric(20,6)") << u"numeric(20,6)"_s << u"12345678901234.123456"_s
                                       << u"12345678901234.1234560"_s << u"12345678901234.123457"_s;
        QTest::newRow("bigint above 2^53")
            << u"bigint"_s << u"9007199254740993"_s << u"9007199254740993"_s << u"9007199254740992"_s;
        QTest::newRow("jsonb key order")
            << u"jsonb"_s << u"{\"a\": 1, \"b\": [1, 2]}"_s << u"{\"b\": [1, 2], \"a\": 1.0}"_s
            << u"{\"a\": 1, \"b\": [2, 1]}"_s;
        QTest::newRow("json by text") << u"json"_s << u"{\"a\": 1}"_s << u"{\"a\": 1}"_s << u"{\"a\":1}"_s;
        QTest::newRow("timestamptz offsets") << u"timestamptz"_s << u"2026-03-01 12:00:00+00"_s
                                             << u"2026-03-01 13:00:00+01"_s << u"2026-03-01 12:00:01+00"_s;
        QTest::newRow("int array") << u"int[]"_s << u"{1,2,NULL}"_s << u"{1,2,NULL}"_s << u"{1,2}"_s;
        QTest::newRow("text array") << u"text[]"_s << u"{a,\"b c\"}"_s << u"{\"a\",\"b c\"}"_s << u"{a,b}"_s;
        QTest::newRow("bytea") << u"bytea"_s << u"\\x00ff"_s << u"\\x00FF"_s << u"\\x00fe"_s;
        QTest::newRow("text vs empty") << u"text"_s << u""_s << u""_s << u" "_s;
        QTest::newRow("boolean") << u"boolean"_s << u"true"_s << u"yes"_s << u"false"_s;
        QTest::newRow("uuid") << u"uuid"_s << u"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"_s
                              << u"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"_s
                              << u"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12"_s;
        QTest::newRow("interval") << u"interval"_s << u"1 day"_s << u"24 hours"_s << u"2 days"_s;
        QTest::newRow("enum") << u"mood"_s << u"happy"_s << u"happy"_s << u"sad"_s;
        QTest::newRow("domain") << u"depth"_s << u"2.50"_s << u"2.5"_s << u"2.51"_s;
        QTest::newRow("composite by text") << u"pair"_s << u"(1,x)"_s << u"(1,x)"_s << u"(2,x)"_s;
        QTest::newRow("point by text") << u"point"_s << u"(1,2)"_s << u"(1,2)"_s << u"(1,3)"_s;
        QTest::newRow("xml by text") << u"xml"_s << u"<a>1</a>"_s << u"<a>1</a>"_s << u"<a>2</a>"_s;
        QTest::newRow("inet") << u"inet"_s << u"10.0.0.1"_s << u"10.0.0.1/32"_s << u"10.0.0.2"_s;
        QTest::newRow("varchar") << u"varchar(20)"_s << u"abc"_s << u"abc"_s << u"abd"_s;
        QTest::newRow("char padding") << u"char(5)"_s << u"ab"_s << u"ab   "_s << u"abc"_s;
        QTest::newRow("date") << u"date"_s << u"2026-01-02"_s << u"2026-01-02"_s << u"2026-01-03"_s;
    }
    void valuesCompareByPostgresEquality()
    {
        QFETCH(QString, type);
        QFETCH(QString, baseValue);
        QFETCH(QString, equalValue);
        QFETCH(QString, otherValue);
        static int counter = 0;
        Sides sides(u"types%1"_s.arg(++counter));
        const QString setup = u"CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE DOMAIN depth AS "
                              u"numeric(8,2) CHECK (VALUE >= 0);"
                              "CREATE TYPE pair AS (n int, s text);"
                              "CREATE TABLE v (id int PRIMARY KEY, x %1);"_s.arg(type);
        sides.onAll(setup);
        for (const Side side : kAllSides) {
            auto db = pgr::test::TestCluster::instance().staging().connect(sides.database(side));
            const bool isSource = side == Side::Source;
            db->exec(u"INSERT INTO v VALUES (1, $1::%1), (2, $2::%1), (3, NULL)"_s.arg(type),
                { isSource ? equalValue : baseValue, isSource ? otherValue : baseValue });
        }
        auto project = sides.load();
        const QJsonObject report = tableReport(*project, {}, u"public.v"_s);
        QCOMPARE(report[u"source_only"_s].toObject()[u"update"_s].toInteger(), 1);
        QCOMPARE(changeOf(*project, u"v"_s, u"[2]"_s).kind, u"update"_s);
        QCOMPARE(changeOf(*project, u"v"_s, u"[1]"_s).changeClass, QString());
        // Only types without an equality of their own are compared by text.
        // (A composite is staged as text: its equality already is that of its text.)
        const bool byText = type == u"json"_s || type == u"xml"_s || type == u"point"_s;
        QCOMPARE(report[u"compared_by_text"_s].toArray().contains(u"x"_s), byText);
    }

    void namesThatNeedQuoting()
    {
        Sides sides(u"quoting"_s);
        sides.onAll(
            u"CREATE SCHEMA \"My Schema\"; CREATE TABLE \"My Schema\".\"Order \"\"Lines\"\"\" "
            "(\"Id\" int PRIMARY KEY, \"select\" text, \"Ünïcode ✓\" text, \"Rate %2 %1\" int);"
            "INSERT INTO \"My Schema\".\"Order \"\"Lines\"\"\" VALUES (1, 'a', 'b', 1), (2, 'c', 'd', 2)"_s);
        sides.onSource(
            u"UPDATE \"My Schema\".\"Order \"\"Lines\"\"\" SET \"Ünïcode ✓\" = 'changed' WHERE \"Id\" = 2;"
            "UPDATE \"My Schema\".\"Order \"\"Lines\"\"\" SET \"Rate %2 %1\" = 10 WHERE \"Id\" = 1"_s);
        auto project = sides.load();
        const QJsonObject report = tableReport(*project, {}, u"My Schema.Order \"Lines\""_s);
        QCOMPARE(report[u"key"_s].toArray().first().toString(), u"Id"_s);
        QCOMPARE(report[u"source_only"_s].toObject()[u"update"_s].toInteger(), 2);
        QCOMPARE(changeOf(*project, u"Order \"Lines\""_s, u"[2]"_s).sourceColumns, u"Ünïcode ✓"_s);
        // A name that looks like a placeholder stays a name.
        QCOMPARE(changeOf(*project, u"Order \"Lines\""_s, u"[1]"_s).sourceColumns, u"Rate %2 %1"_s);
    }

    void bigTablesAreDiffedInKeyRangesWithTheSameResult()
    {
        Sides sides(u"split"_s);
        sides.onAll(
            u"CREATE TABLE t (id int PRIMARY KEY, a text, b int, c text);"
            "INSERT INTO t SELECT g, 'a' || g, g, 'c' || g FROM generate_series(1, 12) g;"
            "CREATE TABLE k (code text PRIMARY KEY, v int); INSERT INTO k VALUES ('a', 1), ('b', 2);"
            "CREATE TABLE u (id int PRIMARY KEY, v int); INSERT INTO u SELECT g, g FROM generate_series(1, 9) g"_s);
        sides.onSource(
            u"UPDATE t SET a = 'src' WHERE id = 3; DELETE FROM t WHERE id = 4; INSERT INTO t VALUES (13, "
            u"'new', 0, 'x');"
            "UPDATE t SET a = 'both' WHERE id = 5; DELETE FROM t WHERE id = 6; INSERT INTO t VALUES (14, "
            "'same', 1, 'y');"
            "UPDATE t SET a = 'merge-a' WHERE id = 7; UPDATE t SET a = 's8' WHERE id = 8;"
            "UPDATE t SET b = -9 WHERE id = 9; DELETE FROM t WHERE id = 10; INSERT INTO t VALUES (15, 's15', "
            "1, 'x');"
            "INSERT INTO t VALUES (-5, 'negative', 0, 'n'), (2000000000, 'far', 0, 'f'); UPDATE k SET v = 9;"
            // The source lost u's key constraint: its id may be NULL there.
            "ALTER TABLE u DROP CONSTRAINT u_pkey; UPDATE u SET v = -v WHERE id IN (2, 8)"_s);
        sides.onTarget(
            u"UPDATE t SET a = 'tgt' WHERE id = 2; DELETE FROM t WHERE id = 11; INSERT INTO t VALUES (16, "
            u"'t16', 2, 'z');"
            "UPDATE t SET a = 'both' WHERE id = 5; DELETE FROM t WHERE id = 6; INSERT INTO t VALUES (14, "
            "'same', 1, 'y');"
            "UPDATE t SET b = -7 WHERE id = 7; UPDATE t SET a = 't8' WHERE id = 8;"
            "DELETE FROM t WHERE id = 9; UPDATE t SET b = -10 WHERE id = 10; INSERT INTO t VALUES (15, 't15', 1, 'x')"_s);
        auto project = sides.load();
        auto everything = [&] {
            return project->connection()
                .exec(u"SELECT string_agg(concat_ws(' ', table_id, key, change_class, kind, source_columns, "
                      u"target_columns), "
                      "E'\\n' ORDER BY table_id, key, change_class) FROM pgreconcile.changes"_s)
                .text(0, 0);
        };
        DiffOptions whole;
        whole.splitRows = 0;
        Differ(*project, whole).run();
        const QString expected = everything();
        QVERIFY(expected.count(u'\n') >= 15);

        DiffOptions split;
        split.splitRows = 1; // every table with an integer key, however small
        split.parallelism = 3;
        Differ differ(*project, split);
        const QList<TablePlan> plans = planTables(project->connection(), split);
        QHash<QString, QList<DiffPart>> parts;
        for (const TablePlan& plan : plans)
            parts.insert(plan.name, differ.splitTable(project->connection(), plan, 3));
        QCOMPARE(parts.value(u"k"_s).size(), 0); // a text key is not split
        const QList<DiffPart>& ranges = parts.value(u"t"_s);
        QCOMPARE(ranges.size(), 3);
        QVERIFY(ranges.first().lower.isEmpty()); // open below
        QVERIFY(!ranges.first().nullKeys); // a primary key on every side: no NULLs to take along
        QCOMPARE(parts.value(u"u"_s).size(), 3);
        QVERIFY(parts.value(u"u"_s)
                    .first()
                    .nullKeys); // the source's id may be NULL: the first part takes those rows
        QVERIFY(ranges.last().upper.isEmpty()); // open above
        QCOMPARE(ranges[0].upper, ranges[1].lower); // no gap, no overlap
        QCOMPARE(ranges[1].upper, ranges[2].lower);
        const QList<TableDiffResult> results = differ.run();
        for (const TableDiffResult& result : results)
            QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(everything(), expected);
        // The parts are gone once swapped in.
        QCOMPARE(project->connection()
                     .exec(u"SELECT count(*) FROM pg_tables WHERE tablename LIKE 'diff\\_part%'"_s)
                     .toInt64(0, 0),
            0);
        // A rerun in parts replaces, not adds.
        differ.run();
        QCOMPARE(everything(), expected);

        // More parts than workers when a part would hold more than partRows rows.
        DiffOptions small = split;
        small.parallelism = 2;
        small.partRows = 4;
        Differ smallParts(*project, small);
        for (const TablePlan& plan : plans) {
            if (plan.name != u"t"_s)
                continue;
            const QList<DiffPart> many = smallParts.splitTable(project->connection(), plan, 2);
            QVERIFY2(many.size() >= 4, qPrintable(QString::number(many.size())));
            QCOMPARE(many.size() % 2, 0); // as many parts for each worker
            for (int i = 1; i < many.size(); ++i)
                QCOMPARE(many[i - 1].upper, many[i].lower);
            QVERIFY(many.first().lower.isEmpty() && many.last().upper.isEmpty());
        }
        for (const TableDiffResult& result : smallParts.run())
            QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(everything(), expected);
    }

    void rerunReplacesTheTablesResults()
    {
        Sides sides(u"rerun"_s);
        sides.onAll(
            u"CREATE TABLE r (id int PRIMARY KEY, v int); INSERT INTO r SELECT g, g FROM generate_series(1, 100) g"_s);
        sides.onSource(u"UPDATE r SET v = -v WHERE id <= 10"_s);
        auto project = sides.load();
        QCOMPARE(tableReport(*project, {}, u"public.r"_s)[u"changes"_s].toInteger(), 10);
        QCOMPARE(tableReport(*project, {}, u"public.r"_s)[u"changes"_s].toInteger(), 10); // not doubled
        project->connection().exec(u"UPDATE source.\"public.r\" SET v = v WHERE id <= 5; "
                                   "UPDATE source.\"public.r\" SET v = -v WHERE id BETWEEN 1 AND 5"_s);
        QCOMPARE(tableReport(*project, {}, u"public.r"_s)[u"changes"_s].toInteger(), 5);
    }

    void cancelStopsTheServerAndKeepsEarlierResults()
    {
        Sides sides(u"cancel"_s);
        sides.onAll(
            u"CREATE TABLE big (id int PRIMARY KEY, v text); INSERT INTO big SELECT g, 'v' FROM generate_series(1, 10) g"_s);
        sides.onSource(u"UPDATE big SET v = 'changed' WHERE id = 1"_s);
        auto project = sides.load();
        QCOMPARE(tableReport(*project, {}, u"public.big"_s)[u"changes"_s].toInteger(), 1);
        // Make the staged copies big enough for the diff to be caught in the middle.
        project->connection().exec(
            u"INSERT INTO base.\"public.big\" SELECT g, repeat('x', 200) FROM generate_series(11, 3000000) g;"
            "INSERT INTO source.\"public.big\" SELECT * FROM base.\"public.big\" WHERE id > 10;"
            "INSERT INTO target.\"public.big\" SELECT * FROM base.\"public.big\" WHERE id > 10"_s);
        auto watcher = project->connect();
        // Whole, and in two key ranges at once.
        DiffOptions whole;
        whole.splitRows = 0;
        DiffOptions split;
        split.splitRows = 1;
        split.parallelism = 2;
        for (const auto& [options, running, queries] :
            { std::tuple { whole, u"INSERT INTO pgreconcile.changes%"_s, 1 },
                std::tuple { split, u"INSERT INTO pgreconcile.\"diff\\_part%"_s, 2 } }) {
            std::atomic<bool> cancel { false };
            bool cancelled = false;
            QThread* worker = QThread::create([&, options = options] {
                try {
                    Differ(*project, options, &cancel).run();
                } catch (const Cancelled&) {
                    cancelled = true;
                }
            });
            worker->start();
            const QString active
                = u"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE %1"_s.arg(
                    watcher->quoteLiteral(running));
            QTRY_VERIFY_WITH_TIMEOUT(watcher->exec(active).toInt64(0, 0) == queries, 30000);
            cancel = true;
            QVERIFY(worker->wait(30000));
            delete worker;
            QVERIFY(cancelled);
            QCOMPARE(watcher->exec(active).toInt64(0, 0), 0);
            // The run before stays in place until a run completes; no part is left behind.
            QCOMPARE(watcher->exec(u"SELECT count(*) FROM pgreconcile.changes"_s).toInt64(0, 0), 1);
            QCOMPARE(watcher->exec(u"SELECT count(*) FROM pg_tables WHERE tablename LIKE 'diff\\_part%'"_s)
                         .toInt64(0, 0),
                0);
        }
    }

    void theDemoHasTheCountsItWasBuiltFor()
    {
        auto& staging = pgr::test::TestCluster::instance().staging();
        DemoBuilder(staging).build(DemoBuilder::Mode::ReuseOrCreate);
        for (const bool twoWay : { false, true }) {
            const QString name = twoWay ? u"demo-two-way"_s : u"demo-three-way"_s;
            if (Project::exists(staging, name))
                Project::drop(staging, name);
            auto project = Project::create(staging, name, u"tester"_s);
            Loader loader(*project);
            if (!twoWay)
                loader.load(Side::Base, SideSource::interpret(u"demo_base"_s));
            loader.load(Side::Source, SideSource::interpret(u"demo_source"_s));
            loader.load(Side::Target, SideSource::interpret(u"demo_target"_s));
            const QJsonObject tables
                = Differ::report(name, Differ(*project, {}).run())[u"tables"_s].toObject();
            const QString mismatch
                = pgr::test::demoCountsMismatch(tables, twoWay ? u"two_way"_s : u"three_way"_s);
            QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        }
    }
};

QTEST_GUILESS_MAIN(TestDiffer)
#include "tst_differ.moc"
