// SPDX-License-Identifier: GPL-3.0-or-later
// The selection's pure logic, without a server: how the filter box's text is read, and that the
// list, its count, the bulk preview and the bulk decision put the same conditions on the changes.
#include "error.h"
#include "selection.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;

namespace {

// public.orders (id int, name text, status text, "Odd ""Name""" numeric) and a keyless log (at date, line
// text).
QList<SelectionTable> tables()
{
    SelectionTable orders;
    orders.table.tableId = 7;
    orders.table.schema = u"public"_s;
    orders.table.name = u"orders"_s;
    orders.table.stagedName = u"public.orders"_s;
    orders.table.key = { u"id"_s };
    orders.table.keyTypes = { { u"source"_s, { u"integer"_s } }, { u"target"_s, { u"integer"_s } } };
    orders.table.diffed = true;
    const QMap<QString, QString> columns = { { u"id"_s, u"integer"_s }, { u"name"_s, u"text"_s },
        { u"status"_s, u"text"_s }, { u"Odd \"Name\""_s, u"numeric(8,2)"_s } };
    orders.columns = { { u"source"_s, columns }, { u"target"_s, columns } };
    SelectionTable log;
    log.table.tableId = 9;
    log.table.schema = u"public"_s;
    log.table.name = u"log"_s;
    log.table.stagedName = u"public.log"_s;
    log.table.diffed = true;
    log.columns = { { u"source"_s, { { u"at"_s, u"date"_s }, { u"line"_s, u"text"_s } } },
        { u"target"_s, { { u"at"_s, u"date"_s }, { u"line"_s, u"text"_s } } } };
    return { orders, log };
}

Selection filtered(const QString& text)
{
    Selection selection;
    return selection.filter(text);
}

} // namespace

class TestSelection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("type"); // -1: no term
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        const int text = int(FilterTerm::Type::Text);
        const int compare = int(FilterTerm::Type::Compare);
        const int range = int(FilterTerm::Type::KeyRange);
        QTest::newRow("blank") << u"   "_s << -1 << QString() << QString() << QString() << QString()
                               << QString();
        QTest::newRow("free text") << u" acme corp "_s << text << QString() << QString() << u"acme corp"_s
                                   << QString() << QString();
        QTest::newRow("equals") << u"country = PL"_s << compare << u"country"_s << u"="_s << u"PL"_s
                                << QString() << QString();
        QTest::newRow("equals, no spaces") << u"status=shipped"_s << compare << u"status"_s << u"="_s
                                           << u"shipped"_s << QString() << QString();
        QTest::newRow("empty value") << u"note ="_s << compare << u"note"_s << u"="_s << QString()
                                     << QString() << QString();
        QTest::newRow("name with spaces")
            << u"Odd Name = 99"_s << compare << u"Odd Name"_s << u"="_s << u"99"_s << QString() << QString();
        QTest::newRow("quoted name") << u"\"a<b\"\"c\" >= 5"_s << compare << u"a<b\"c"_s << u">="_s << u"5"_s
                                     << QString() << QString();
        QTest::newRow("value with =")
            << u"expr = a=b"_s << compare << u"expr"_s << u"="_s << u"a=b"_s << QString() << QString();
        QTest::newRow("not equal") << u"status <> open"_s << compare << u"status"_s << u"<>"_s << u"open"_s
                                   << QString() << QString();
        QTest::newRow("!= is <>") << u"status != open"_s << compare << u"status"_s << u"<>"_s << u"open"_s
                                  << QString() << QString();
        QTest::newRow("less") << u"n < 10"_s << compare << u"n"_s << u"<"_s << u"10"_s << QString()
                              << QString();
        QTest::newRow("less or equal")
            << u"n <= -1.5"_s << compare << u"n"_s << u"<="_s << u"-1.5"_s << QString() << QString();
        QTest::newRow("greater") << u"at > 2026-01-02"_s << compare << u"at"_s << u">"_s << u"2026-01-02"_s
                                 << QString() << QString();
        QTest::newRow("key range") << u"[10]..[20]"_s << range << QString() << QString() << QString()
                                   << u"[10]"_s << u"[20]"_s;
        QTest::newRow("scalar range")
            << u"10 .. 20"_s << range << QString() << QString() << QString() << u"10"_s << u"20"_s;
        QTest::newRow("open end") << u"[10].."_s << range << QString() << QString() << QString() << u"[10]"_s
                                  << QString();
        QTest::newRow("open start") << u"..[\"b\", 2]"_s << range << QString() << QString() << QString()
                                    << QString() << u"[\"b\", 2]"_s;
        QTest::newRow("text keys") << u"\"a\"..\"c\""_s << range << QString() << QString() << QString()
                                   << u"\"a\""_s << u"\"c\""_s;
        QTest::newRow("dots in text")
            << u"wait..."_s << text << QString() << QString() << u"wait..."_s << QString() << QString();
        QTest::newRow("not JSON ends")
            << u"a..b"_s << text << QString() << QString() << u"a..b"_s << QString() << QString();
        QTest::newRow("quoted text") << u"\"status = open\""_s << text << QString() << QString()
                                     << u"status = open"_s << QString() << QString();
        QTest::newRow("operator alone")
            << u"= 5"_s << text << QString() << QString() << u"= 5"_s << QString() << QString();
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(int, type);
        const std::optional<FilterTerm> term = FilterTerm::parse(text);
        QCOMPARE(term.has_value(), type >= 0);
        if (!term)
            return;
        QCOMPARE(int(term->type), type);
        QTEST(term->column, "column");
        QTEST(term->op, "op");
        QTEST(term->value, "value");
        QTEST(term->keyFrom, "from");
        QTEST(term->keyTo, "to");
    }

    // The condition each filter form puts on public.orders: the list's count and page, the bulk
    // preview and the bulk decision all carry it.
    void oneConditionEverywhere_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<bool>("joins");
        QTest::newRow("text") << u"Ac'me"_s
                              << u"(strpos(lower(c.key::text), lower('Ac''me')) > 0 OR "
                                 u"strpos(lower(s::text), lower('Ac''me')) > 0 "
                                 "OR strpos(lower(t::text), lower('Ac''me')) > 0)"_s
                              << true;
        QTest::newRow("equals, by text")
            << u"status = a\\b"_s << u"(s.\"status\"::text = E'a\\\\b' OR t.\"status\"::text = E'a\\\\b')"_s
            << true;
        QTest::newRow("not equal") << u"status <> x"_s
                                   << u"(s.\"status\"::text <> 'x' OR t.\"status\"::text <> 'x')"_s << true;
        QTest::newRow("ordered by type")
            << u"\"Odd \"\"Name\"\"\" >= 5"_s
            << u"(s.\"Odd \"\"Name\"\"\"::numeric(8,2) >= CAST('5' AS numeric(8,2)) OR t.\"Odd \"\"Name\"\"\"::numeric(8,2) >= CAST('5' AS numeric(8,2)))"_s
            << true;
        QTest::newRow("key range") << u"10..[20]"_s << u"c.key >= '[10]'::jsonb AND c.key <= '[20]'::jsonb"_s
                                   << false;
    }

    void oneConditionEverywhere()
    {
        QFETCH(QString, filter);
        QFETCH(QString, condition);
        QFETCH(bool, joins);
        Selection selection = filtered(filter);
        selection.tables = { u"public.orders"_s };
        selection.changeClass = ChangeClass::Conflict;
        const SelectionSql sql(selection, { tables().first() });
        const QString where = u"c.table_id = 7 AND c.change_class = 'conflict' AND "_s + condition;
        QCOMPARE(sql.where(0), where);
        QCOMPARE(sql.joins(0).contains(
                     u"LEFT JOIN \"source\".\"public.orders\" s ON (s.\"id\" = (c.key ->> 0)::integer)"_s),
            joins);
        for (const QString& statement : { sql.count(), sql.page(false), sql.page(true), sql.position(),
                 sql.bulkRows(Action::TakeSource), sql.bulkCount(Action::KeepTarget) }) {
            QVERIFY2(statement.contains(where), qPrintable(statement));
            QCOMPARE(statement.contains(sql.joins(0)), true);
        }
    }

    // A bulk decision takes from the selection the states of its scope; the list shows them all.
    void scopes_data()
    {
        QTest::addColumn<int>("scope");
        QTest::addColumn<int>("action");
        QTest::addColumn<QString>("states");
        QTest::newRow("undecided") << int(Selection::Scope::Undecided) << int(Action::TakeSource)
                                   << u"c.state = 'undecided'"_s;
        QTest::newRow("undecided, keep")
            << int(Selection::Scope::Undecided) << int(Action::KeepTarget) << u"c.state = 'undecided'"_s;
        // Recording a column merge's own default overwrites nothing.
        QTest::newRow("merge") << int(Selection::Scope::Undecided) << int(Action::Merge)
                               << u"c.state IN ('undecided', 'default')"_s;
        QTest::newRow("and defaults") << int(Selection::Scope::UndecidedAndDefaults)
                                      << int(Action::TakeSource) << u"c.state IN ('undecided', 'default')"_s;
        QTest::newRow("everything") << int(Selection::Scope::Everything) << int(Action::KeepTarget)
                                    << u"c.state <> 'none'"_s;
    }

    void scopes()
    {
        QFETCH(int, scope);
        QFETCH(int, action);
        QFETCH(QString, states);
        Selection selection;
        selection.scope = Selection::Scope(scope);
        const SelectionSql sql(selection, tables());
        const QString rows = sql.bulkRows(Action(action));
        QVERIFY2(rows.contains(u" AND "_s + states), qPrintable(rows));
        QVERIFY(!sql.where(0).contains(u"state"_s));
        QVERIFY(!rows.contains(u"c.state IN ('undecided', 'default')"_s) || states.contains(u"default"_s));
        // One part per table, each from the review (which knows the state); a merge has no keyless part.
        QCOMPARE(rows.count(u"FROM pgreconcile.review c"_s), Action(action) == Action::Merge ? 1 : 2);
        QCOMPARE(sql.bulkCount(Action(action)), u"SELECT count(*) FROM ("_s + rows + u") q"_s);
    }

    void keylessTables()
    {
        Selection selection = filtered(u"line = boot"_s);
        const SelectionSql sql(selection, { tables().last() });
        QCOMPARE(sql.where(0), u"c.table_id = 9 AND ((c.key ->> 'line')::text = 'boot')"_s);
        QCOMPARE(sql.joins(0), QString());
        selection.terms = { *FilterTerm::parse(u"at > 2026-01-01"_s) };
        QCOMPARE(SelectionSql(selection, { tables().last() }).where(0),
            u"c.table_id = 9 AND ((c.key ->> 'at')::date > CAST('2026-01-01' AS date))"_s);
        // In a project-wide selection a key range leaves keyless tables out.
        selection.terms = { FilterTerm::keyRange(u"1"_s, {}) };
        QCOMPARE(SelectionSql(selection, tables()).where(1), u"c.table_id = 9 AND false"_s);
    }

    // Mistakes are refused with the object named, never turned silently into another filter.
    void mistakesAreNamed_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("changeClass");
        QTest::addColumn<bool>("keylessOnly");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown column")
            << u"colour = red"_s << QString() << false << u"public.orders has no column \"colour\""_s;
        QTest::newRow("unknown class")
            << QString() << u"conflicts"_s << false << u"there is no change class \"conflicts\""_s;
        QTest::newRow("range without key")
            << u"[1]..[2]"_s << QString() << true << u"public.log has no key"_s;
    }

    void mistakesAreNamed()
    {
        QFETCH(QString, filter);
        QFETCH(QString, changeClass);
        QFETCH(bool, keylessOnly);
        QFETCH(QString, message);
        Selection selection = filtered(filter);
        try {
            selection.changeClass = changeClassNamed(changeClass);
            const SelectionSql sql(selection, { keylessOnly ? tables().last() : tables().first() });
            QFAIL(qPrintable(u"accepted: "_s + sql.count()));
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
            QVERIFY(!error.hint().isEmpty());
        }
    }

    void quoting()
    {
        QCOMPARE(SelectionSql::quoteName(u"a\"b"_s), u"\"a\"\"b\""_s);
        QCOMPARE(SelectionSql::quoteLiteral(u"it's"_s), u"'it''s'"_s);
        // E'' is read the same whatever standard_conforming_strings says.
        QCOMPARE(SelectionSql::quoteLiteral(u"a\\'b"_s), u"E'a\\\\''b'"_s);
    }
};

QTEST_GUILESS_MAIN(TestSelection)
#include "tst_selection.moc"
