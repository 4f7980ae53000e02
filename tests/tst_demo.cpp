// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo.h"
#include "pgconnection.h"
#include "testsupport.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using pgr::DemoBuilder;
using pgr::test::TestCluster;

class TestDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildsTheDivergedDatabasesWithTheDocumentedCounts()
    {
        DemoBuilder builder(TestCluster::instance().staging());
        const auto result = builder.build(DemoBuilder::Mode::Recreate);
        QVERIFY(!result.reused);
        QCOMPARE(result.databases.size(), 3);
        const QJsonObject expected = pgr::test::readJson(u"demo_expected.json"_s)[u"row_counts"_s].toObject();
        QCOMPARE(expected.size(), 3);
        for (const auto& database : result.databases) {
            const QJsonObject tables = expected[database.name].toObject();
            QVERIFY2(!tables.isEmpty(), qPrintable(database.name));
            QCOMPARE(database.rowCounts.size(), tables.size());
            for (const auto& [table, rows] : database.rowCounts) {
                QVERIFY2(
                    tables.contains(table), qPrintable(database.name + u": unexpected table "_s + table));
                QCOMPARE(rows, tables[table].toInteger());
            }
        }
    }

    void theSidesReallyDiverged()
    {
        auto& staging = TestCluster::instance().staging();
        DemoBuilder(staging).build(DemoBuilder::Mode::ReuseOrCreate);
        // The id collision: both sides handed out the same new project ids to different projects.
        auto source = staging.connect(u"demo_source"_s);
        auto target = staging.connect(u"demo_target"_s);
        const QString newest = u"SELECT id, code FROM projects WHERE id > 800 ORDER BY id LIMIT 1"_s;
        const auto s = source->exec(newest);
        const auto t = target->exec(newest);
        QCOMPARE(s.rowCount(), 1);
        QCOMPARE(t.rowCount(), 1);
        QCOMPARE(s.text(0, 0), t.text(0, 0));
        QVERIFY(s.text(0, 1) != t.text(0, 1));
        // Odd identifiers and values are there to be diffed.
        QVERIFY(source->exec(u"SELECT count(*) FROM \"FieldNotes\" WHERE \"NoteText\" IS NOT NULL"_s)
                    .toInt64(0, 0)
            > 0);
        QVERIFY(source->exec(u"SELECT count(*) FROM customers WHERE external_ref > 9007199254740992"_s)
                    .toInt64(0, 0)
            > 0);
    }

    void runningItTwiceReusesThenRecreates()
    {
        auto& staging = TestCluster::instance().staging();
        DemoBuilder builder(staging);
        builder.build(DemoBuilder::Mode::ReuseOrCreate);
        QVERIFY(builder.build(DemoBuilder::Mode::ReuseOrCreate).reused);
        // A half-built demo (one database missing) is rebuilt, not reused.
        staging.connect(u"postgres"_s)->exec(u"DROP DATABASE demo_target WITH (FORCE)"_s);
        const auto rebuilt = builder.build(DemoBuilder::Mode::ReuseOrCreate);
        QVERIFY(!rebuilt.reused);
        QCOMPARE(rebuilt.databases.size(), 3);
        QVERIFY(!builder.build(DemoBuilder::Mode::Recreate).reused);
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
