// SPDX-License-Identifier: GPL-3.0-or-later
// Keys and filters as the reviewer types them: the filter box and the CLI's --where, --key-from,
// --key-to and --search (FilterTerm::parse, core/review/selection.cpp), and the SQL a selection of them
// puts on the change list and on a bulk decision (SelectionSql). That SQL must parse with
// PostgreSQL's own parser as one statement, and every value typed must read back from it intact.
//
// decide --key '[900]' and diff --key T=C take no client-side parsing worth the name: the JSON key
// goes to the server as a bind parameter ($1::jsonb, Decisions::checkKeyJson), and T=C is split
// at '=' and ',' in app/cli/command_diff.cpp, its names quoted by libpq (fuzz_quoting covers that).

#include "error.h"
#include "pgparser.h"
#include "selection.h"

#include <QString>
#include <cstdint>

using namespace Qt::Literals::StringLiterals;

namespace {

// The adapter: the one place the parsing function is named.
std::optional<pgr::FilterTerm> parseFilter(const QString& text) { return pgr::FilterTerm::parse(text); }

pgr::SelectionTable table(bool keyless, const pgr::FilterTerm& term)
{
    pgr::SelectionTable selected;
    selected.table.tableId = 7;
    selected.table.schema = u"public"_s;
    selected.table.name = u"orders"_s;
    selected.table.stagedName = u"public.orders"_s;
    selected.table.diffed = true;
    if (!keyless) {
        selected.table.key = { u"tenant"_s, u"id"_s };
        selected.table.keyTypes[u"source"_s] = { u"text"_s, u"integer"_s };
        selected.table.keyTypes[u"target"_s] = { u"text"_s, u"integer"_s };
    }
    // The compared column exists, so that its SQL is written rather than refused.
    for (const QString& side : { u"source"_s, u"target"_s }) {
        selected.columns[side].insert(u"total"_s, u"numeric"_s);
        if (term.type == pgr::FilterTerm::Type::Compare)
            selected.columns[side].insert(term.column, u"text"_s);
    }
    return selected;
}

void checkSql(const QString& sql, const QStringList& values, const QString& filter)
{
    const QByteArray utf8 = sql.toUtf8();
    const fuzz::Parsed parsed = fuzz::parse(utf8);
    if (!parsed.ok)
        fuzz::fail("a filter's SQL does not parse",
            "filter: " + filter.toUtf8() + "\nerror: " + parsed.error + "\nSQL: " + utf8);
    if (fuzz::statementCount(parsed.tree) != 1)
        fuzz::fail(
            "a filter's SQL is more than one statement", "filter: " + filter.toUtf8() + "\nSQL: " + utf8);
    const QStringList strings = fuzz::strings(parsed.tree);
    for (const QString& value : values) {
        if (!strings.contains(value))
            fuzz::fail("a filter's value does not read back from its SQL",
                "filter: " + filter.toUtf8() + "\nvalue: " + value.toUtf8() + "\nSQL: " + utf8);
    }
}

// What the term's SQL must hold as constants or names.
QStringList expectedValues(const pgr::FilterTerm& term, bool keyless)
{
    switch (term.type) {
    case pgr::FilterTerm::Type::Text:
        return { term.value };
    case pgr::FilterTerm::Type::Compare:
        // A keyless table's column is a key of its JSON row (a literal), a keyed one's a name.
        return { term.value, keyless ? term.column : fuzz::truncatedName(term.column) };
    case pgr::FilterTerm::Type::KeyRange:
        break;
    }
    if (keyless)
        return {};
    QStringList values;
    for (const QString& end : { term.keyFrom, term.keyTo }) {
        const QString trimmed = end.trimmed();
        if (!trimmed.isEmpty())
            values.append(
                trimmed.startsWith(u'[') || trimmed.startsWith(u'{') ? trimmed : u'[' + trimmed + u']');
    }
    return values;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
        return 0;
    const bool keyless = data[0] & 1;
    const QString filter = QString::fromUtf8(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    // libpq sends SQL as a C string; the server takes no NUL in text (see fuzz_quoting).
    if (filter.contains(QChar(0)))
        return 0;
    const std::optional<pgr::FilterTerm> term = parseFilter(filter);
    if (!term)
        return 0;
    pgr::Selection selection;
    selection.terms.append(*term);
    selection.scope = (data[0] & 2) ? pgr::Selection::Scope::Everything : pgr::Selection::Scope::Undecided;
    try {
        const pgr::SelectionSql sql(selection, { table(keyless, *term) });
        const QStringList values = expectedValues(*term, keyless);
        // The list's page and position wrap the same conditions as its count; a bulk decision's
        // differ by action only in constant conditions, and a merge's in its joins.
        checkSql(sql.count(), values, filter);
        checkSql(sql.bulkCount(pgr::Action::TakeSource), values, filter);
        checkSql(sql.bulkCount(pgr::Action::Merge), keyless ? QStringList() : values, filter);
    } catch (const pgr::Error&) {
        // Refused with a message (a key range end that is not JSON, a key range on a keyless
        // table): what a reviewer sees, not a failure.
    }
    return 0;
}
