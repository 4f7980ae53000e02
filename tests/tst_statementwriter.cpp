// SPDX-License-Identifier: GPL-3.0-or-later
// The merge script's pure parts, without a server: the statements of the VALUES format, the COPY
// blocks' text and statements, the order of the tables and of the update steps that free and
// take unique values, the tables' roles under re-keys and ON DELETE actions, and the script's
// front. The writers are fed hand-made tables and a quoter that quotes as libpq does.
#include "copyblockwriter.h"
#include "error.h"
#include "scriptheader.h"
#include "scriptplan.h"
#include "scriptquoter.h"
#include "selection.h"
#include "statementwriter.h"
#include "uniquevalueorder.h"

#include <QBuffer>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using namespace pgr::script;

namespace {

// libpq's quoting without a connection (SelectionSql's, tested in tst_selection).
class PlainQuoter final : public ScriptQuoter
{
public:
    QByteArray literal(const QByteArray& utf8) const override
    {
        return SelectionSql::quoteLiteral(QString::fromUtf8(utf8)).toUtf8();
    }
    QByteArray identifier(const QByteArray& utf8) const override
    {
        return SelectionSql::quoteName(QString::fromUtf8(utf8)).toUtf8();
    }
};

// public."Odd ""T""" (id integer key, name text, made integer GENERATED ALWAYS AS IDENTITY).
Table oddTable()
{
    Table table;
    table.id = 3;
    table.schema = u"public"_s;
    table.table = u"Odd \"T\""_s;
    table.name = u"public.Odd \"T\""_s;
    table.key = { u"id"_s };
    table.columns = { { u"id"_s, u"integer"_s, {}, u"public.odd_id_seq"_s, true },
        { u"name"_s, u"text"_s, {}, {}, true }, { u"made"_s, u"integer"_s, u"a"_s, {}, true } };
    table.hasIdentity = true;
    return table;
}

// The same, with rows re-keyed in id.
Table rekeyedOddTable()
{
    Table table = oddTable();
    table.rekeyed = true;
    table.freshKeyColumn = u"id"_s;
    return table;
}

// A foreign key of column to parent's (schema.table) refColumn; linked() sets the tables' ids.
ForeignKeyEdge foreignKey(const QString& name, const QString& column, const QString& parent,
    bool deferrable = false, const QString& onDelete = u"a"_s, const QString& refColumn = u"id"_s)
{
    ForeignKeyEdge key;
    key.name = name;
    key.columns = { column };
    key.refSchema = parent.section(u'.', 0, 0);
    key.refTable = parent.section(u'.', 1);
    key.refColumns = { refColumn };
    key.deferrable = deferrable;
    key.onDelete = onDelete;
    return key;
}

// The tables numbered by their place (where they have no id yet) and their foreign keys tied to
// them by those ids, as ProjectTables reads them.
QList<Table> linked(QList<Table> tables)
{
    for (int i = 0; i < tables.size(); ++i)
        tables[i].id = tables[i].id == 0 ? i + 1 : tables[i].id;
    for (Table& table : tables) {
        for (ForeignKeyEdge& key : table.foreignKeys) {
            key.childId = table.id;
            for (const Table& parent : std::as_const(tables))
                key.parentId = parent.name == key.parentName() ? parent.id : key.parentId;
        }
    }
    return tables;
}

Table namedTable(const QString& name, const QList<ForeignKeyEdge>& keys = {})
{
    Table table;
    table.name = u"public."_s + name;
    table.schema = u"public"_s;
    table.table = name;
    table.key = { u"id"_s };
    table.columns
        = { { u"id"_s, u"integer"_s, {}, {}, true }, { u"parent_id"_s, u"integer"_s, {}, {}, true } };
    table.foreignKeys = keys;
    return table;
}

QStringList names(const QList<Table>& tables, const QList<int>& order)
{
    QStringList result;
    for (const int index : order)
        result.append(tables[index].table);
    return result;
}

QString written(const std::function<void(QIODevice&)>& write)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    write(buffer);
    return QString::fromUtf8(buffer.data());
}

} // namespace

class TestStatementWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anUpdateIsGuardedByTheTargetRowAsReviewed()
    {
        const PlainQuoter quote;
        const Table table = oddTable();
        const QString sql = written([&](QIODevice& out) {
            StatementWriter writer(out, quote, table, Operation::Update, 500);
            writer.add(false, { "7", "it's", "1" }, { "7", "old", QByteArray() });
            writer.flush();
            QCOMPARE(writer.rows(), 1);
        });
        QCOMPARE(sql,
            u"-- update 1 row(s) of public.Odd \"T\"\n"
            "WITH v (k0, n0, o0, o1, o2) AS (VALUES\n"
            "  ('7'::integer, 'it''s'::text, '7'::integer, 'old'::text, NULL::integer)),\n"
            "done AS (UPDATE \"public\".\"Odd \"\"T\"\"\" AS t SET \"name\" = v.n0 FROM v WHERE t.\"id\" = "
            "v.k0 "
            "AND ROW(t.\"id\"::text, t.\"name\"::text, t.\"made\"::text) IS NOT DISTINCT FROM "
            "ROW(v.o0::text, v.o1::text, v.o2::text) RETURNING t.\"id\")\n"
            "SELECT pg_temp.pgr_expect((SELECT count(*) FROM done), 1, 'update', 'public.Odd \"T\"', "
            "(SELECT string_agg(jsonb_build_array(v.k0)::text, ', ') FROM v WHERE NOT EXISTS "
            "(SELECT 1 FROM done d WHERE d.\"id\" = v.k0)));\n\n"_s);
    }

    void aDeleteChecksTheRowsAnOnDeleteActionWouldTouch()
    {
        const PlainQuoter quote;
        Table table = oddTable();
        Table child = namedTable(
            u"child"_s, { foreignKey(u"child_fk"_s, u"parent_id"_s, table.name, false, u"c"_s) });
        table.touchedOnDelete.append({ &child, child.foreignKeys.first() });
        const QString sql = written([&](QIODevice& out) {
            StatementWriter writer(out, quote, table, Operation::Delete, 2);
            writer.add(false, {}, { "7", "a\\b", "1" });
            writer.add(false, {}, { "8", "b", "2" }); // a full batch: written at once
            writer.flush(); // nothing left
        });
        QCOMPARE(sql,
            u"-- delete 2 row(s) of public.Odd \"T\"\n"
            "WITH v (k0, o0, o1, o2) AS (VALUES\n"
            "  ('7'::integer, '7'::integer, E'a\\\\b'::text, '1'::integer),\n"
            "  ('8'::integer, '8'::integer, 'b'::text, '2'::integer)),\n"
            "done AS (DELETE FROM \"public\".\"Odd \"\"T\"\"\" AS t USING v WHERE t.\"id\" = v.k0 AND "
            "ROW(t.\"id\"::text, t.\"name\"::text, t.\"made\"::text) IS NOT DISTINCT FROM "
            "ROW(v.o0::text, v.o1::text, v.o2::text) RETURNING t.\"id\")\n"
            "SELECT pg_temp.pgr_no_dependents('public.Odd \"T\"', 'public.child', 'child_fk', 'delete', "
            "(SELECT string_agg(d.k, ', ') FROM (SELECT DISTINCT jsonb_build_array(c.\"id\")::text AS k FROM "
            "\"public\".\"child\" c JOIN v ON c.\"parent_id\" = v.o0::integer LIMIT 20) d)), "
            "pg_temp.pgr_expect((SELECT count(*) FROM done), 2, 'delete', 'public.Odd \"T\"', "
            "(SELECT string_agg(jsonb_build_array(v.k0)::text, ', ') FROM v WHERE NOT EXISTS "
            "(SELECT 1 FROM done d WHERE d.\"id\" = v.k0)));\n\n"_s);
    }

    void anInsertTakesFreshAndFollowedKeys()
    {
        const PlainQuoter quote;
        Table table = rekeyedOddTable();
        table.followsRekey.insert(u"made"_s, u"public.maker"_s);
        const QString sql = written([&](QIODevice& out) {
            StatementWriter writer(out, quote, table, Operation::Insert, 500);
            writer.add(true, { "7", QByteArray(), "4" }, {});
            writer.add(false, { "8", "x", QByteArray() }, {});
            writer.flush();
        });
        QCOMPARE(sql,
            u"-- insert 2 row(s) of public.Odd \"T\"\n"
            "WITH v (n0, n1, n2) AS (VALUES\n"
            "  (pg_temp.pgr_rekeyed('public.Odd \"T\"', '7')::integer, NULL::text, "
            "pg_temp.pgr_rekeyed('public.maker', '4')::integer),\n"
            "  ('8'::integer, 'x'::text, NULL::integer)),\n"
            "done AS (INSERT INTO \"public\".\"Odd \"\"T\"\"\" (\"id\", \"name\", \"made\") OVERRIDING "
            "SYSTEM VALUE "
            "SELECT v.n0, v.n1, v.n2 FROM v RETURNING 1)\n"
            "SELECT pg_temp.pgr_expect((SELECT count(*) FROM done), 2, 'insert', 'public.Odd \"T\"', NULL);\n\n"_s);
    }

    void aCopyBlockCarriesItsRowsAndCountsThemByStep()
    {
        const PlainQuoter quote;
        Table table = rekeyedOddTable();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CopyBlockWriter block(buffer, quote, table);
        QCOMPARE(QString::fromUtf8(block.dataHead()),
            u"-- public.Odd \"T\": op (d delete, u update, i insert, r insert under a fresh key), the row as "
            u"it "
            "ends (f0 \"id\", f1 \"name\", f2 \"made\"), the target row as reviewed (r0..), the step that "
            "writes "
            "it\n"
            "CREATE TEMP TABLE pgr_rows_3 (op text, f0 text, f1 text, f2 text, r0 text, r1 text, r2 text, "
            "step "
            "int) ON COMMIT DROP;\nCOPY pg_temp.pgr_rows_3 FROM STDIN;\n"_s);
        block.countRow("u\t7\tnew\t1\t7\told\t1\t2\n");
        block.countRow("u\t8\tnew\t1\t8\told\t1\t3\n");
        block.countRow("i\t9\tx\t1\t\\N\t\\N\t\\N\t1000000\n");
        block.countRow("r\t10\ty\t1\t\\N\t\\N\t\\N\t1000000\n");
        QCOMPARE(block.count(Operation::Update, kUpdate), 1);
        QCOMPARE(block.count(Operation::Update, kUpdate + 1), 1);
        QCOMPARE(block.count(Operation::Insert, kInsert), 2);
        QCOMPARE(block.count(Operation::Delete, kDelete), 0);
        QVERIFY(block.statement(Operation::Delete, kDelete).isEmpty());
        QCOMPARE(QString::fromUtf8(block.rekeyStatement(table.columns.first())),
            u"-- 1 row(s) of public.Odd \"T\" take a fresh key from the target's sequence\n"
            "INSERT INTO pg_temp.pgr_rekey SELECT 'public.Odd \"T\"', v.f0, "
            "nextval('public.odd_id_seq'::regclass)"
            "::text FROM pg_temp.pgr_rows_3 v WHERE v.op = 'r' ORDER BY v.f0;\n\n"_s);
        QCOMPARE(QString::fromUtf8(block.statement(Operation::Update, kUpdate + 1)),
            u"-- update 1 row(s) of public.Odd \"T\", each only if the target row is still as reviewed\n"
            "WITH done AS (UPDATE \"public\".\"Odd \"\"T\"\"\" AS t SET \"name\" = v.f1::text FROM "
            "pg_temp.pgr_rows_3 v WHERE v.op = 'u' AND v.step = 3 AND t.\"id\" = v.r0::integer AND "
            "ROW(t.\"id\"::text, t.\"name\"::text, t.\"made\"::text) IS NOT DISTINCT FROM ROW(v.r0, v.r1, "
            "v.r2) "
            "RETURNING 1)\n"
            "SELECT pg_temp.pgr_expect(c.n, 1, 'update', 'public.Odd \"T\"', CASE WHEN c.n <> 1 THEN ("
            "SELECT string_agg(m.line, '; ') FROM (SELECT jsonb_build_array(v.r0::integer)::text || CASE "
            "WHEN "
            "t IS NULL THEN ': row is gone' ELSE ': ' || (SELECT string_agg(u.name, ', ') FROM "
            "unnest(ARRAY['id', "
            "'name', 'made'], ARRAY[t.\"id\"::text, t.\"name\"::text, t.\"made\"::text], ARRAY[v.r0, v.r1, "
            "v.r2]) "
            "AS u (name, now, reviewed) WHERE u.now IS DISTINCT FROM u.reviewed) || ' changed' END AS line "
            "FROM "
            "pg_temp.pgr_rows_3 v LEFT JOIN \"public\".\"Odd \"\"T\"\"\" t ON t.\"id\" = v.r0::integer WHERE "
            "v.op = 'u' AND v.step = 3 AND (t IS NULL OR NOT ROW(t.\"id\"::text, t.\"name\"::text, "
            "t.\"made\"::text) IS NOT DISTINCT FROM ROW(v.r0, v.r1, v.r2)) LIMIT 20) m) END)\n"
            "FROM (SELECT count(*) AS n FROM done) c;\n\n"_s);
        QCOMPARE(QString::fromUtf8(block.statement(Operation::Insert, kInsert)),
            u"-- insert 2 row(s) of public.Odd \"T\", each only where its key is free\n"
            "WITH done AS (INSERT INTO \"public\".\"Odd \"\"T\"\"\" (\"id\", \"name\", \"made\") OVERRIDING "
            "SYSTEM "
            "VALUE SELECT pg_temp.pgr_rekeyed('public.Odd \"T\"', v.f0)::integer, v.f1::text, v.f2::integer "
            "FROM "
            "pg_temp.pgr_rows_3 v WHERE v.op IN ('i', 'r') AND v.step = 1000000 AND NOT EXISTS (SELECT 1 "
            "FROM "
            "\"public\".\"Odd \"\"T\"\"\" t WHERE t.\"id\" = pg_temp.pgr_rekeyed('public.Odd \"T\"', "
            "v.f0)::integer) "
            "RETURNING 1)\n"
            "SELECT pg_temp.pgr_expect(c.n, 2, 'insert', 'public.Odd \"T\"', CASE WHEN c.n <> 2 THEN (SELECT "
            "string_agg(jsonb_build_array(v.f0::integer)::text || ': key already taken', '; ') FROM (SELECT "
            "* FROM "
            "pg_temp.pgr_rows_3 v WHERE v.op IN ('i', 'r') AND v.step = 1000000 AND EXISTS (SELECT 1 FROM "
            "\"public\".\"Odd \"\"T\"\"\" t WHERE t.\"id\" = pg_temp.pgr_rekeyed('public.Odd \"T\"', "
            "v.f0)::integer) "
            "LIMIT 20) AS v) END)\n"
            "FROM (SELECT count(*) AS n FROM done) c;\n\n"_s);
    }

    void tablesGoParentsFirst()
    {
        const QList<Table> tables
            = linked({ namedTable(u"line"_s, { foreignKey(u"l"_s, u"parent_id"_s, u"public.order"_s) }),
                namedTable(u"order"_s, { foreignKey(u"o"_s, u"parent_id"_s, u"public.customer"_s) }),
                namedTable(u"customer"_s) });
        bool defer = true;
        QCOMPARE(names(tables, parentsFirst(tables, &defer)),
            QStringList({ u"customer"_s, u"order"_s, u"line"_s }));
        QVERIFY(!defer);
    }

    void aCycleIsDeferredOrRefused()
    {
        QList<Table> tables
            = linked({ namedTable(u"a"_s, { foreignKey(u"ab"_s, u"parent_id"_s, u"public.b"_s, true) }),
                namedTable(u"b"_s, { foreignKey(u"ba"_s, u"parent_id"_s, u"public.a"_s) }) });
        bool defer = false;
        QCOMPARE(names(tables, parentsFirst(tables, &defer)), QStringList({ u"a"_s, u"b"_s }));
        QVERIFY(defer); // a points at b, which comes after it
        tables[0].foreignKeys[0].deferrable = false;
        try {
            parentsFirst(tables, &defer);
            QFAIL("a cycle that cannot be deferred was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(u"public.a, public.b"_s), qPrintable(error.message()));
            QVERIFY(error.hint().contains(u"DEFERRABLE"_s));
        }
    }

    void aSelfReferenceOrdersItsBatchesByDepth()
    {
        Table table = namedTable(u"node"_s);
        QCOMPARE(ScriptPlan::orderedSql(table, u"ROWS"_s, Operation::Insert),
            u"SELECT * FROM (ROWS) AS z ORDER BY key"_s);
        table.foreignKeys = { foreignKey(u"up"_s, u"parent_id"_s, table.name) };
        table = linked({ table }).first();
        // Updates go by key; inserts parents first (ASC), deletes children first (DESC).
        QCOMPARE(ScriptPlan::orderedSql(table, u"ROWS"_s, Operation::Update),
            u"SELECT * FROM (ROWS) AS z ORDER BY key"_s);
        const QString inserts = ScriptPlan::orderedSql(table, u"ROWS"_s, Operation::Insert);
        QVERIFY2(inserts.startsWith(u"WITH RECURSIVE z AS (ROWS), "_s), qPrintable(inserts));
        QVERIFY2(inserts.contains(u"(p.f0 = c.f1)"_s), qPrintable(inserts));
        QVERIFY2(inserts.endsWith(u"ORDER BY m.depth ASC NULLS LAST, z.key"_s), qPrintable(inserts));
        const QString deletes = ScriptPlan::orderedSql(table, u"ROWS"_s, Operation::Delete);
        QVERIFY2(deletes.contains(u"(p.r0 = c.r1)"_s), qPrintable(deletes));
        QVERIFY2(deletes.endsWith(u"ORDER BY m.depth DESC NULLS LAST, z.key"_s), qPrintable(deletes));
        // A deferrable NO ACTION key is checked at COMMIT: no order needed.
        table.foreignKeys[0].deferrable = true;
        QCOMPARE(ScriptPlan::orderedSql(table, u"ROWS"_s, Operation::Insert),
            u"SELECT * FROM (ROWS) AS z ORDER BY key"_s);
    }

    void updatesThatFreeAValueComeBeforeThoseThatTakeIt()
    {
        UniqueValueOrder order(u"public.t"_s);
        QVERIFY(order.isEmpty());
        // [3] takes what [2] frees, which takes what [1] frees; [9] takes a value [4] freed earlier.
        order.add({ u"[3]"_s, kUpdate, u"[2]"_s, kUpdate, false, u"b"_s }, u"t_u"_s, { u"u"_s });
        order.add({ u"[2]"_s, kUpdate, u"[1]"_s, kUpdate, false, u"a"_s }, u"t_u"_s, { u"u"_s });
        order.add({ u"[9]"_s, kInsert, u"[4]"_s, kUpdate, false, u"c"_s }, u"t_u"_s, { u"u"_s });
        const QHash<QString, int> ranks = order.ranks();
        QCOMPARE(ranks.value(u"[1]"_s), 0);
        QCOMPARE(ranks.value(u"[2]"_s), 1);
        QCOMPARE(ranks.value(u"[3]"_s), 2);
        QVERIFY(!ranks.contains(u"[9]"_s));
    }

    void aSwapOrAValueThatStaysTakenIsRefused()
    {
        UniqueValueOrder swap(u"public.t"_s);
        swap.add({ u"[1]"_s, kUpdate, u"[2]"_s, kUpdate, false, u"a"_s }, u"t_u"_s, { u"u"_s });
        swap.add({ u"[2]"_s, kUpdate, u"[1]"_s, kUpdate, false, u"b"_s }, u"t_u"_s, { u"u"_s });
        try {
            swap.ranks();
            QFAIL("a swap was accepted");
        } catch (const Error& error) {
            QVERIFY2(
                error.message().contains(u"swap values of constraint t_u"_s), qPrintable(error.message()));
            QVERIFY2(error.message().contains(u"[1], [2]"_s), qPrintable(error.message()));
        }
        UniqueValueOrder kept(u"public.t"_s);
        QVERIFY_THROWS_EXCEPTION(
            Error, kept.add({ u"[1]"_s, kInsert, u"[2]"_s, 0, true, u"a"_s }, u"t_u"_s, { u"u"_s }));
        UniqueValueOrder late(u"public.t"_s);
        QVERIFY_THROWS_EXCEPTION(
            Error, late.add({ u"[1]"_s, kUpdate, u"[2]"_s, kInsert, false, u"a"_s }, u"t_u"_s, { u"u"_s }));
    }

    void childrenFollowARekeyedParent()
    {
        QList<Table> tables = { namedTable(u"parent"_s),
            namedTable(
                u"child"_s, { foreignKey(u"c"_s, u"parent_id"_s, u"public.parent"_s, false, u"c"_s) }) };
        // The grandchild's key includes the child's column that follows the parent.
        Table grandchild = namedTable(u"grandchild"_s);
        grandchild.key = { u"parent_id"_s, u"id"_s };
        grandchild.foreignKeys
            = { foreignKey(u"g"_s, u"parent_id"_s, u"public.child"_s, false, u"a"_s, u"parent_id"_s) };
        tables.append(grandchild);
        // Re-key decisions on a row whose key holds its re-keyed parent's id: it moves with it.
        Table part = namedTable(u"part"_s, { foreignKey(u"p"_s, u"parent_id"_s, u"public.parent"_s) });
        part.key = { u"parent_id"_s, u"id"_s };
        tables.append(part);
        tables = linked(tables);
        for (Table& table : tables)
            table.freshKeyColumn = u"id"_s;
        markRekeyed(tables, { 1, 4 });
        markTouchedOnDelete(tables);
        markRekeyFollowers(tables);
        QVERIFY(tables[0].rekeyed);
        QVERIFY(!tables[3].rekeyed);
        QCOMPARE(tables[1].followsRekey.value(u"parent_id"_s), u"public.parent"_s);
        QCOMPARE(tables[2].followsRekey.value(u"parent_id"_s), u"public.parent"_s);
        QCOMPARE(tables[3].followsRekey.value(u"parent_id"_s), u"public.parent"_s);
        QCOMPARE(tables[0].touchedOnDelete.size(), 1); // the cascade; NO ACTION touches nothing
        QCOMPARE(tables[0].touchedOnDelete.first().child, &tables[1]);
    }

    void theHeaderSaysWhatFromWhereAndHowToApply()
    {
        ScriptHeader header;
        header.project = u"demo"_s;
        header.sides
            = { { u"source"_s, u"demo_source"_s, u"database"_s, u"old"_s, u"2026-12-06 10:00:00+00"_s } };
        header.writtenAt = QDateTime(QDate(2026, 12, 6), QTime(11, 0), Qt::UTC);
        header.writtenBy = u"Dana"_s;
        header.checksum = u"abc"_s;
        header.decisionCounts = { u"public.t take_source: 2"_s };
        header.copyFormat = false;
        QCOMPARE(header.text(),
            u"-- pgreconcile merge script\n"
            "-- project:   demo\n"
            "-- source:    demo_source (database, schema old), loaded 2026-12-06 10:00:00+00\n"
            "-- written:   2026-12-06T11:00:00Z by Dana with pgreconcile\n"
            "-- decisions: md5 abc\n"
            "-- approval:  DRAFT (not approved)\n"
            "-- decisions per table:\n"
            "--   public.t take_source: 2\n"
            "-- Apply with: psql -v ON_ERROR_STOP=1 -f THIS_FILE \"TARGET URI\"\n"
            "-- It changes the target in one transaction or not at all: a row changed on the target since "
            "the\n"
            "-- review fails the script, naming the table, the key and what changed.\n\n"_s);
    }

    void thePreambleOpensTheTransaction()
    {
        const PlainQuoter quote;
        ScriptPreamble preamble { false, u"10s"_s, true, true, {} };
        const QString values = QString::fromUtf8(preamble.text(quote));
        QVERIFY2(values.startsWith(
                     u"SET client_encoding = 'UTF8';\nBEGIN;\nSET LOCAL lock_timeout = '10s';\n"
                     "SET LOCAL session_replication_role = replica; -- triggers off (needs superuser)\n"
                     "SET CONSTRAINTS ALL DEFERRED;"_s),
            qPrintable(values));
        preamble.copyFormat = true;
        const QString copy = QString::fromUtf8(preamble.text(quote));
        QVERIFY2(copy.startsWith(u"\\set ON_ERROR_STOP on\n"_s), qPrintable(copy));
        QVERIFY(copy.contains(u"SET LOCAL work_mem = '128MB';\n"_s));
        QVERIFY(copy.contains(u"CREATE FUNCTION pg_temp.pgr_expect("_s));
        QVERIFY(copy.contains(u"CREATE FUNCTION pg_temp.pgr_no_dependents("_s));
    }
};

QTEST_GUILESS_MAIN(TestStatementWriter)
#include "tst_statementwriter.moc"
