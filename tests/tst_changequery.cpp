// SPDX-License-Identifier: GPL-3.0-or-later
#include "changequery.h"
#include "decisions.h"
#include "differ.h"
#include "error.h"
#include "pgconnection.h"
#include "sides.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::Sides;

// The change list's queries: which changes a filter shows, in key order, page by page.
class TestChangeQuery : public QObject
{
    Q_OBJECT
    std::unique_ptr<Sides> m_sides;
    std::unique_ptr<Project> m_project;
    int m_orders = 0;
    int m_log = 0;

    // The list of one table, one class (or every one), filtered by the filter box's text.
    static Selection list(const QString& table, std::optional<ChangeClass> changeClass, const QString& filter)
    {
        Selection selection;
        selection.tables = { table };
        selection.changeClass = changeClass;
        return selection.filter(filter);
    }

    // The project's tables, as a request of the window reads them.
    ProjectTables tables() const { return ProjectTables::read(m_project->connection()); }

    // The keys a filter shows; a count that disagrees with the rows shows as an extra entry.
    QStringList keys(const Selection& filter)
    {
        QStringList keys;
        for (const ChangeRow& row : ChangeQuery::page(m_project->connection(), tables(), filter, 0, 1000))
            keys.append(row.key);
        if (const qint64 count = ChangeQuery::count(m_project->connection(), tables(), filter);
            count != keys.size())
            keys.append(u"count() says %1"_s.arg(count));
        return keys;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sides = std::make_unique<Sides>(u"cq"_s);
        m_sides->onAll(
            u"CREATE TABLE orders (id int PRIMARY KEY, customer text, status text, \"Odd Name\" int);"
            "INSERT INTO orders SELECT g, 'customer ' || g, 'open', g FROM generate_series(1, 40) g;"
            "CREATE TABLE log (at date, line text);"
            "INSERT INTO log VALUES ('2026-01-01', 'boot'), ('2026-01-02', 'ok')"_s);
        m_sides->onSource(u"UPDATE orders SET status = 'shipped' WHERE id IN (3, 4, 5);"
                          "UPDATE orders SET customer = 'ACME corp' WHERE id = 6;"
                          "DELETE FROM orders WHERE id = 7;"
                          "INSERT INTO orders VALUES (41, 'new one', 'shipped', 1);"
                          "INSERT INTO log VALUES ('2026-01-03', 'shipped')"_s);
        m_sides->onTarget(u"UPDATE orders SET status = 'cancelled' WHERE id = 5;"
                          "UPDATE orders SET \"Odd Name\" = 99 WHERE id = 8"_s);
        m_project = m_sides->load();
        Differ(*m_project, {}).run();
        const PgResult ids = m_project->connection().exec(
            u"SELECT table_name, table_id FROM pgreconcile.tables ORDER BY table_name"_s);
        QCOMPARE(ids.rowCount(), 2);
        m_log = int(ids.toInt64(0, 1));
        m_orders = int(ids.toInt64(1, 1));
    }

    void everyChangeInKeyOrder()
    {
        QCOMPARE(keys(list(u"orders"_s, {}, {})),
            QStringList({ u"[3]"_s, u"[4]"_s, u"[5]"_s, u"[6]"_s, u"[7]"_s, u"[8]"_s, u"[41]"_s }));
        QCOMPARE(keys(list(u"orders"_s, ChangeClass::Conflict, {})), QStringList({ u"[5]"_s }));
    }

    void freeTextSearchesTheKeyAndBothRows()
    {
        QCOMPARE(keys(list(u"orders"_s, {}, u"acme"_s)), QStringList({ u"[6]"_s })); // any case, source row
        QCOMPARE(keys(list(u"orders"_s, {}, u"cancelled"_s)), QStringList({ u"[5]"_s })); // target row
        QCOMPARE(keys(list(u"orders"_s, {}, u"41"_s)), QStringList({ u"[41]"_s })); // the key (and its row)
        QCOMPARE(keys(list(u"orders"_s, {}, u"no such text"_s)), QStringList());
    }

    void columnEqualsValueMatchesThatColumnOnEitherSide()
    {
        QCOMPARE(keys(list(u"orders"_s, {}, u"status = shipped"_s)),
            QStringList({ u"[3]"_s, u"[4]"_s, u"[5]"_s, u"[41]"_s }));
        QCOMPARE(keys(list(u"orders"_s, {}, u"status=cancelled"_s)), QStringList({ u"[5]"_s }));
        // Exact, not a substring: "ship" is no status.
        QCOMPARE(keys(list(u"orders"_s, {}, u"status = ship"_s)), QStringList());
        // A name that needs quoting, and a number compared by its text.
        QCOMPARE(keys(list(u"orders"_s, {}, u"Odd Name = 99"_s)), QStringList({ u"[8]"_s }));
        // A deleted row is still found through the target's row.
        QCOMPARE(keys(list(u"orders"_s, {}, u"customer = customer 7"_s)), QStringList({ u"[7]"_s }));
        // No such column: refused, naming it; in double quotes it is text.
        try {
            ChangeQuery::count(m_project->connection(), tables(), list(u"orders"_s, {}, u"colour = red"_s));
            QFAIL("an unknown column was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"public.orders has no column \"colour\""_s),
                qPrintable(error.message()));
        }
        QCOMPARE(keys(list(u"orders"_s, {}, u"\"colour = red\""_s)), QStringList());
        // Ordered by the column's type: as text, 5, 6 and 7 ("5" > "40") would be listed too.
        QCOMPARE(keys(list(u"orders"_s, {}, u"Odd Name > 40"_s)), QStringList({ u"[8]"_s }));
        // A value the type does not take names the filter.
        try {
            ChangeQuery::count(
                m_project->connection(), tables(), list(u"orders"_s, {}, u"Odd Name > many"_s));
            QFAIL("a text was compared with a number");
        } catch (const Error& error) {
            QVERIFY2(
                error.message().startsWith(
                    u"the filter orders, Odd Name > many cannot be applied: invalid input syntax for type integer"_s),
                qPrintable(error.message()));
        }
    }

    void keylessTablesMatchTheRowItself()
    {
        const QStringList shipped = keys(list(u"log"_s, {}, u"line = shipped"_s));
        QCOMPARE(shipped.size(), 1);
        QVERIFY2(shipped.first().contains(u"2026-01-03"_s), qPrintable(shipped.first()));
        QCOMPARE(keys(list(u"log"_s, {}, u"SHIPPED"_s)).size(), 1);
        QCOMPARE(keys(list(u"log"_s, {}, u"line = boot"_s)).size(), 0);
    }

    void pagesByKeyAndByOffsetAgreeAndPositionsAreRowNumbers()
    {
        const Selection filter = list(u"orders"_s, {}, u"status = shipped"_s);
        PgConnection& db = m_project->connection();
        const ProjectTables tables = this->tables();
        const QList<ChangeRow> first = ChangeQuery::page(db, tables, filter, 0, 2);
        QCOMPARE(first.size(), 2);
        const QList<ChangeRow> byKey = ChangeQuery::page(db, tables, filter, 2, 2, &first.last());
        const QList<ChangeRow> byOffset = ChangeQuery::page(db, tables, filter, 2, 2);
        QCOMPARE(byKey.size(), 2);
        QCOMPARE(byKey.first().key, byOffset.first().key);
        QCOMPARE(byKey.last().key, u"[41]"_s);
        QCOMPARE(ChangeQuery::position(db, tables, filter, u"[41]"_s, ChangeClass::SourceOnly), 3);
        QCOMPARE(
            ChangeQuery::position(db, tables, filter, u"[6]"_s, ChangeClass::SourceOnly), -1); // filtered out
    }

    void rowsCarryTheDecisionInForce()
    {
        Decisions(*m_project, u"tester"_s).decide(u"orders"_s, u"[5]"_s, Action::KeepTarget);
        const QList<ChangeRow> rows
            = ChangeQuery::page(m_project->connection(), tables(), list(u"orders"_s, {}, {}), 0, 100);
        QHash<QString, ChangeRow> byKey;
        for (const ChangeRow& row : rows)
            byKey.insert(row.key, row);
        QCOMPARE(byKey.value(u"[5]"_s).state, DecisionState::Decided);
        QCOMPARE(byKey.value(u"[5]"_s).action, Action::KeepTarget);
        QCOMPARE(byKey.value(u"[3]"_s).state, DecisionState::Default);
        QCOMPARE(byKey.value(u"[3]"_s).action, Action::TakeSource);
        QCOMPARE(byKey.value(u"[8]"_s).state, DecisionState::None);
        QCOMPARE(byKey.value(u"[8]"_s).action, std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestChangeQuery)
#include "tst_changequery.moc"
