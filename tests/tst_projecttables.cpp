// SPDX-License-Identifier: GPL-3.0-or-later
// The project's tables read once: the foreign-key graph's pure logic without a server (parents
// first, self-references, cycles, composite keys, what follows a re-keyed parent), then a real
// project read back.
#include "differ.h"
#include "error.h"
#include "projecttables.h"
#include "sides.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::Sides;

namespace {

ForeignKeyEdge edge(
    int child, int parent, const QStringList& columns, const QStringList& refColumns, bool deferrable = false)
{
    ForeignKeyEdge key;
    key.childId = child;
    key.parentId = parent;
    key.name = u"fk_%1_%2"_s.arg(child).arg(parent);
    key.columns = columns;
    key.refColumns = refColumns;
    key.deferrable = deferrable;
    key.onDelete = u"a"_s;
    return key;
}

} // namespace

class TestProjectTables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Tables are listed children first; the order puts every parent before its children and
    // keeps the given order otherwise.
    void parentsComeFirst()
    {
        // 1 lines → 2 orders → 3 customers; 4 stands alone.
        const ForeignKeyGraph graph(
            { edge(1, 2, { u"order_id"_s }, { u"id"_s }), edge(2, 3, { u"customer_id"_s }, { u"id"_s }) });
        const ForeignKeyGraph::Order order = graph.parentsFirst({ 1, 2, 3, 4 });
        QCOMPARE(order.tables, QList<int>({ 3, 4, 2, 1 }));
        QVERIFY(order.cycle.isEmpty());
        QVERIFY(!order.deferNeeded);
    }

    // A key pointing at its own table imposes no order on others; deferrable, it needs deferring.
    void selfReference()
    {
        const ForeignKeyGraph checkedAtOnce({ edge(1, 1, { u"manager_id"_s }, { u"id"_s }) });
        const ForeignKeyGraph::Order order = checkedAtOnce.parentsFirst({ 1 });
        QCOMPARE(order.tables, QList<int>({ 1 }));
        QVERIFY(order.cycle.isEmpty());
        QVERIFY(!order.deferNeeded);
        const ForeignKeyGraph deferrable({ edge(1, 1, { u"manager_id"_s }, { u"id"_s }, true) });
        QVERIFY(deferrable.parentsFirst({ 1 }).deferNeeded);
    }

    // Two tables pointing at each other: refused (listed as a cycle) unless one key is
    // deferrable, which then is deferred.
    void cycleOfTwoTables()
    {
        const ForeignKeyGraph stuck(
            { edge(1, 2, { u"b_id"_s }, { u"id"_s }), edge(2, 1, { u"a_id"_s }, { u"id"_s }) });
        const ForeignKeyGraph::Order refused = stuck.parentsFirst({ 1, 2, 3 });
        QCOMPARE(refused.tables, QList<int>({ 3 }));
        QCOMPARE(refused.cycle, QList<int>({ 1, 2 }));

        const ForeignKeyGraph deferrable(
            { edge(1, 2, { u"b_id"_s }, { u"id"_s }), edge(2, 1, { u"a_id"_s }, { u"id"_s }, true) });
        const ForeignKeyGraph::Order order = deferrable.parentsFirst({ 1, 2 });
        QCOMPARE(order.tables, QList<int>({ 2, 1 }));
        QVERIFY(order.cycle.isEmpty());
        QVERIFY(order.deferNeeded);
    }

    // Keys to tables outside the list (or outside the review) are ignored; children and parents
    // of a table are its edges either way.
    void childrenAndParents()
    {
        const ForeignKeyGraph graph({ edge(1, 2, { u"a"_s }, { u"id"_s }),
            edge(3, 2, { u"b"_s }, { u"id"_s }), edge(3, 0, { u"c"_s }, { u"id"_s }) });
        QCOMPARE(graph.childrenOf(2).size(), 2);
        QCOMPARE(graph.parentsOf(3).size(), 2);
        QVERIFY(graph.childrenOf(0).isEmpty());
        QCOMPARE(graph.parentsFirst({ 1, 3 }).tables, QList<int>({ 1, 3 }));
    }

    // Children follow a re-keyed parent: refund's (payment_date, payment_id) points at payment's
    // composite key, only payment_id takes a fresh value, so only refund.payment_id follows;
    // a grandchild whose key holds refund.payment_id follows transitively.
    void followersOfAComposite()
    {
        const int payment = 1, refund = 2, note = 3, other = 4;
        const ForeignKeyGraph graph({
            edge(refund, payment, { u"payment_date"_s, u"payment_id"_s },
                { u"payment_date"_s, u"payment_id"_s }),
            edge(note, refund, { u"refund_payment"_s }, { u"payment_id"_s }),
            edge(other, refund, { u"refund_date"_s }, { u"payment_date"_s }),
        });
        const auto follows = graph.followers({ { payment, u"payment_id"_s } });
        QCOMPARE(follows.value(refund), (QHash<QString, int> { { u"payment_id"_s, payment } }));
        QCOMPARE(follows.value(note), (QHash<QString, int> { { u"refund_payment"_s, payment } }));
        QVERIFY(!follows.contains(other));
        QVERIFY(!follows.contains(payment));
        QVERIFY(graph.followers({}).isEmpty());
    }

    // A side stages a column it has that is not generated (the script takes the source's value
    // only from such a column).
    void aColumnIsStagedWhereTheSideHasItNotGenerated()
    {
        ProjectTable table;
        ProjectColumn plain;
        plain.name = u"reason"_s;
        ProjectColumn generated = plain;
        generated.name = u"doubled"_s;
        generated.generated = true;
        table.columns.insert(u"source"_s, { plain, generated });
        table.columns.insert(u"target"_s, { plain });
        QVERIFY(table.stagesColumn(u"source"_s, u"reason"_s));
        QVERIFY(!table.stagesColumn(u"source"_s, u"doubled"_s));
        QVERIFY(!table.stagesColumn(u"target"_s, u"doubled"_s));
        QVERIFY(!table.stagesColumn(u"base"_s, u"reason"_s));
        QCOMPARE(table.stagedColumns(u"source"_s), QStringList({ u"reason"_s }));
    }

    // The SQL helpers: each key column matched to its element of the key, cast to its type (a
    // column without a type compares by its text); the merged row lays source's columns over target's.
    void sqlHelpers()
    {
        QCOMPARE(keyElement(u"c.key"_s, 1, u"integer"_s), u"(c.key ->> 1)::integer"_s);
        QCOMPARE(keyMatchSql({ u"s.\"a\""_s, u"s.b"_s }, { u"date"_s }, u"c.key"_s),
            u"(s.\"a\" = (c.key ->> 0)::date AND s.b::text = (c.key ->> 1))"_s);
        QCOMPARE(mergedRowSql(u"t"_s, u"s"_s, u"c.source_columns"_s),
            u"(to_jsonb(t) || coalesce((SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(to_jsonb(s)) "
            u"e "
            "WHERE e.key = ANY(c.source_columns)), '{}'))"_s);
    }

    // A real project: the tables, their keys and key types per side, the fresh-key column of a
    // composite key and its sequence, the columns per side (staged or generated), the columns the
    // diff compared, and the target's foreign keys.
    void readsAProject()
    {
        Sides sides(u"projecttables"_s);
        sides.onAll(uR"(
CREATE SEQUENCE payment_payment_id_seq;
CREATE TABLE payment (payment_date date, payment_id int NOT NULL DEFAULT nextval('payment_payment_id_seq'),
                      amount numeric(5,2), PRIMARY KEY (payment_date, payment_id));
CREATE TABLE refund (id serial PRIMARY KEY, payment_date date, payment_id int, reason text,
                     FOREIGN KEY (payment_date, payment_id) REFERENCES payment ON DELETE CASCADE,
                     CONSTRAINT one_reason_a_day UNIQUE (payment_date, reason));
)"_s);
        sides.onSource(u"ALTER TABLE refund ADD COLUMN doubled int GENERATED ALWAYS AS (id * 2) STORED"_s);
        auto project = sides.load();
        Differ(*project, {}).run();
        const ProjectTables tables = ProjectTables::read(project->connection());
        QCOMPARE(tables.tables().size(), 2);
        const ProjectTable& payment = tables.find(u"payment"_s);
        QCOMPARE(payment.qualifiedName(), u"public.payment"_s);
        QVERIFY(payment.diffed);
        QCOMPARE(payment.mode, u"three_way"_s);
        QCOMPARE(payment.key, QStringList({ u"payment_date"_s, u"payment_id"_s }));
        QCOMPARE(payment.keyTypes.value(u"source"_s), QStringList({ u"date"_s, u"integer"_s }));
        QCOMPARE(payment.freshKeyColumn, u"payment_id"_s);
        QCOMPARE(payment.freshKeySequence, u"public.payment_payment_id_seq"_s);
        QVERIFY(payment.onSide(u"base"_s) && payment.onSide(u"source"_s) && payment.onSide(u"target"_s));
        QCOMPARE(payment.primaryKeys.value(u"target"_s), payment.key);
        const ProjectTable& refund = *tables.byName(u"public.refund"_s);
        QCOMPARE(refund.freshKeyColumn, u"id"_s);
        QVERIFY(refund.column(u"source"_s, u"doubled"_s)->generated);
        QVERIFY(!refund.column(u"target"_s, u"doubled"_s));
        QCOMPARE(refund.stagedColumns(u"source"_s),
            QStringList({ u"id"_s, u"payment_date"_s, u"payment_id"_s, u"reason"_s }));
        QCOMPARE(refund.column(u"target"_s, u"id"_s)->sequence, u"public.refund_id_seq"_s);
        QVERIFY(refund.stagesColumn(u"source"_s, u"reason"_s));
        QVERIFY(!refund.stagesColumn(u"source"_s, u"doubled"_s)); // generated: not staged
        QVERIFY(!refund.stagesColumn(u"target"_s, u"doubled"_s)); // not there
        QVERIFY(refund.comparedColumns.contains(u"reason"_s));
        QVERIFY(!refund.comparedColumns.contains(u"doubled"_s)); // the source's generated column
        QCOMPARE(payment.keyColumnsOf(project->connection(), u"s"_s),
            QStringList({ u"s.\"payment_date\""_s, u"s.\"payment_id\""_s }));
        const QList<UniqueKey> unique = refund.uniqueKeysBesideKey(u"target"_s);
        QCOMPARE(unique.size(), 1);
        QCOMPARE(unique.first().name, u"one_reason_a_day"_s);
        QCOMPARE(unique.first().columns, QStringList({ u"payment_date"_s, u"reason"_s }));

        const QList<ForeignKeyEdge> keys = tables.foreignKeys(u"target"_s).parentsOf(refund.tableId);
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.first().parentId, payment.tableId);
        QCOMPARE(keys.first().columns, QStringList({ u"payment_date"_s, u"payment_id"_s }));
        QCOMPARE(keys.first().onDelete, u"c"_s);
        QCOMPARE(tables.foreignKeys(u"target"_s).parentsFirst({ refund.tableId, payment.tableId }).tables,
            QList<int>({ payment.tableId, refund.tableId }));
        QVERIFY_THROWS_EXCEPTION(Error, tables.find(u"nothing"_s));
    }
};

QTEST_GUILESS_MAIN(TestProjectTables)
#include "tst_projecttables.moc"
