// SPDX-License-Identifier: GPL-3.0-or-later
#include "selection.h"

#include "error.h"
#include "pgconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

const QStringList kOrdering = { u"<"_s, u"<="_s, u">"_s, u">="_s };

// Whether text is one JSON value. Only checked here: the text itself goes to the server, never a
// number read through a double.
bool isJsonValue(const QString& text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson((u'[' + text + u']').toUtf8(), &error);
    return error.error == QJsonParseError::NoError && document.array().size() == 1;
}

// A key as the user typed it: a scalar stands for a one-column key, as the list shows [10].
QString normalisedKey(const QString& json)
{
    const QString trimmed = json.trimmed();
    const bool composite = trimmed.startsWith(u'[') || trimmed.startsWith(u'{');
    return SelectionSql::quoteLiteral(composite ? trimmed : u'[' + trimmed + u']') + u"::jsonb"_s;
}

QString unquoted(const QString& text, QChar quote)
{
    if (text.size() >= 2 && text.startsWith(quote) && text.endsWith(quote))
        return text.mid(1, text.size() - 2).replace(QString(2, quote), QString(quote));
    return text;
}

std::optional<FilterTerm> parseKeyRange(const QString& text)
{
    const qsizetype dots = text.indexOf(u".."_s);
    if (dots < 0)
        return std::nullopt;
    const QString from = text.left(dots).trimmed();
    const QString to = text.mid(dots + 2).trimmed();
    if (from.isEmpty() && to.isEmpty())
        return std::nullopt;
    if ((!from.isEmpty() && !isJsonValue(from)) || (!to.isEmpty() && !isJsonValue(to)))
        return std::nullopt;
    return FilterTerm::keyRange(from, to);
}

std::optional<FilterTerm> parseComparison(const QString& text)
{
    // A column in double quotes may hold anything; a bare one none of the operators' characters.
    static const QRegularExpression form(
        u"^\\s*(\"(?:[^\"]|\"\")+\"|[^=<>!\"]+?)\\s*(<=|>=|<>|!=|=|<|>)\\s*(.*?)\\s*$"_s,
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QString op = match.captured(2) == u"!="_s ? u"<>"_s : match.captured(2);
    return FilterTerm::compare(unquoted(match.captured(1), u'"'), op, match.captured(3));
}

QString actionCondition(Action action)
{
    if (action == Action::Merge)
        return u" AND c.change_class = 'column_merge'"_s;
    if (action == Action::Rekey)
        return u" AND c.change_class = 'conflict' AND c.kind IN ('insert_insert', 'id_collision') AND NOT "
               u"EXISTS (SELECT 1 FROM pgreconcile.related x "
               "WHERE x.table_id = c.table_id AND x.key = c.key AND x.relation = 'same_unique_values')"_s;
    if (action == Action::MapOntoTarget)
        return u" AND c.kind = 'unique_collision'"_s;
    // A row moving with its re-keyed parent is not taken or merged as it is (Decisions::checkDecidable).
    const QString moving = u" AND NOT (c.kind IS NOT DISTINCT FROM 'insert_insert' AND c.origin IS NOT "
                           u"DISTINCT FROM 'follows' "
                           "AND c.action IS NOT DISTINCT FROM 'rekey')"_s;
    // A unique collision cannot be taken from the source as it is.
    if (action == Action::TakeSource)
        return u" AND c.kind IS DISTINCT FROM 'unique_collision'"_s + moving;
    return action == Action::KeepTarget ? QString() : moving;
}

QString scopeCondition(Selection::Scope scope, Action action)
{
    switch (scope) {
    case Selection::Scope::Undecided:
        // A column merge's default is the merge: recording it explicitly overwrites nothing.
        return action == Action::Merge ? u"c.state IN ('undecided', 'default')"_s
                                       : u"c.state = 'undecided'"_s;
    case Selection::Scope::UndecidedAndDefaults:
        return u"c.state IN ('undecided', 'default')"_s;
    case Selection::Scope::Everything:
        break;
    }
    return u"c.state <> 'none'"_s;
}

} // namespace

// FilterTerm

FilterTerm FilterTerm::text(const QString& value)
{
    FilterTerm term;
    term.value = value;
    return term;
}

FilterTerm FilterTerm::compare(const QString& column, const QString& op, const QString& value)
{
    FilterTerm term;
    term.type = Type::Compare;
    term.column = column;
    term.op = op;
    term.value = value;
    return term;
}

FilterTerm FilterTerm::keyRange(const QString& from, const QString& to)
{
    FilterTerm term;
    term.type = Type::KeyRange;
    term.keyFrom = from;
    term.keyTo = to;
    return term;
}

std::optional<FilterTerm> FilterTerm::parse(const QString& input)
{
    const QString trimmed = input.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    if (const auto range = parseKeyRange(trimmed))
        return range;
    if (trimmed.size() >= 2 && trimmed.startsWith(u'"') && trimmed.endsWith(u'"')
        && !parseComparison(trimmed))
        return text(unquoted(trimmed, u'"'));
    if (const auto comparison = parseComparison(trimmed))
        return comparison;
    return text(trimmed);
}

QString FilterTerm::describe() const
{
    switch (type) {
    case Type::Text:
        return u'"' + value + u'"';
    case Type::Compare:
        return u"%1 %2 %3"_s.arg(column, op, value);
    case Type::KeyRange:
        break;
    }
    return u"keys %1..%2"_s.arg(keyFrom, keyTo);
}

// Selection

Selection& Selection::filter(const QString& text)
{
    if (const auto term = FilterTerm::parse(text))
        terms.append(*term);
    return *this;
}

QString Selection::describe() const
{
    QStringList parts;
    parts.append(tables.isEmpty() ? u"every table"_s : tables.join(u", "_s));
    if (changeClass)
        parts.append(reportName(*changeClass));
    if (kind)
        parts.append(reportName(*kind));
    for (const FilterTerm& term : terms)
        parts.append(term.describe());
    return parts.join(u", "_s);
}

void Selection::validate() const
{
    for (const FilterTerm& term : terms) {
        if (term.type == FilterTerm::Type::Compare
            && !(term.op == u"="_s || term.op == u"<>"_s || kOrdering.contains(term.op)))
            throw Error(u"\"%1\" is no comparison"_s.arg(term.op), u"compare with =, <>, <, <=, > or >="_s);
        if (term.type != FilterTerm::Type::KeyRange)
            continue;
        for (const QString& end : { term.keyFrom, term.keyTo }) {
            if (!end.isEmpty() && !isJsonValue(end))
                throw Error(u"the key %1 of the key range is not valid JSON"_s.arg(end),
                    u"write the key as a JSON array of the key column values, e.g. [7] or [\"ABC\", 2]"_s);
        }
    }
}

// SelectionTable

QList<SelectionTable> SelectionTable::read(const ProjectTables& project, const Selection& selection)
{
    QList<SelectionTable> tables;
    if (selection.tables.isEmpty()) {
        for (const ProjectTable& table : project.tables())
            tables.append({ table, {} });
    } else {
        for (const QString& name : selection.tables)
            tables.append({ project.find(name), {} });
    }
    for (SelectionTable& table : tables) {
        for (const QString& side : { u"source"_s, u"target"_s }) {
            // Generated columns are not staged (no staged type): nothing to compare on.
            for (const ProjectColumn& column : table.table.columns.value(side)) {
                if (!column.stagedType.isEmpty())
                    table.columns[side].insert(column.name, column.stagedType);
            }
        }
    }
    return tables;
}

// SelectionSql

SelectionSql::SelectionSql(Selection selection, QList<SelectionTable> tables)
    : m_selection(std::move(selection))
    , m_tables(std::move(tables))
{
    m_selection.validate();
    checkTerms();
}

PgResult SelectionSql::exec(PgConnection& db, const QString& sql, const QList<SqlParam>& params) const
{
    try {
        return db.exec(sql, params);
    } catch (const Error& error) {
        // Class 22: data exceptions (a value its type does not take); 42883: no such operator.
        if (!error.sqlstate().startsWith(u"22"_s) && error.sqlstate() != u"42883"_s)
            throw;
        throw Error(u"the filter %1 cannot be applied: %2"_s.arg(
                        m_selection.describe(), postgresMessage(error.message())),
            u"compare with a value the column's type takes (a number, a date as 2026-01-31); "
            "= and <> compare any column by its text"_s,
            error.sqlstate());
    }
}

QString SelectionSql::quoteName(const QString& name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

QString SelectionSql::quoteLiteral(const QString& value)
{
    QString quoted = value;
    quoted.replace(u'\'', u"''"_s);
    if (!value.contains(u'\\'))
        return u'\'' + quoted + u'\'';
    return u"E'"_s + quoted.replace(u'\\', u"\\\\"_s) + u'\'';
}

void SelectionSql::checkTerms() const
{
    if (m_tables.isEmpty())
        return;
    const bool one = m_tables.size() == 1;
    const QString name = m_tables.first().table.qualifiedName();
    for (const FilterTerm& term : std::as_const(m_selection.terms)) {
        if (term.type == FilterTerm::Type::Compare) {
            const bool found
                = std::any_of(m_tables.begin(), m_tables.end(), [&](const SelectionTable& table) {
                      return table.columns.value(u"source"_s).contains(term.column)
                          || table.columns.value(u"target"_s).contains(term.column);
                  });
            if (found)
                continue;
            const QString hint
                = u"check the spelling (names are case-sensitive); to look for the text itself, "
                  "put it in double quotes: \"%1\""_s.arg(term.describe());
            if (one)
                throw Error(u"%1 has no column \"%2\""_s.arg(name, term.column),
                    u"its columns are %1; %2"_s.arg(
                        m_tables.first().columns.value(u"target"_s).keys().join(u", "_s), hint));
            throw Error(u"no table of the selection has a column \"%1\""_s.arg(term.column), hint);
        }
        if (term.type == FilterTerm::Type::KeyRange
            && std::all_of(m_tables.begin(), m_tables.end(),
                [](const SelectionTable& table) { return table.table.keyless(); }))
            throw Error(one ? u"%1 has no key, so a key range cannot select its changes"_s.arg(name)
                            : u"no table of the selection has a key, so a key range cannot select changes"_s,
                u"filter by a column value or a text instead"_s);
    }
}

QString SelectionSql::keyMatch(const SelectionTable& table, const QString& side) const
{
    const QString alias = side == u"source"_s ? u"s"_s : u"t"_s;
    QStringList columns;
    for (const QString& column : table.table.key)
        columns.append(alias + u'.' + quoteName(column));
    return keyMatchSql(columns, table.table.keyTypes.value(side), u"c.key"_s);
}

QString SelectionSql::joins(int index, bool forMerge) const
{
    const SelectionTable& table = m_tables[index];
    const bool byRow = forMerge
        || std::any_of(m_selection.terms.begin(), m_selection.terms.end(),
            [](const FilterTerm& term) { return term.type != FilterTerm::Type::KeyRange; });
    if (!byRow || table.table.keyless())
        return {};
    // The key is unique on each side, so these joins find at most one row each.
    return u" LEFT JOIN \"source\".%1 s ON %2 LEFT JOIN \"target\".%1 t ON %3"_s.arg(
        quoteName(table.table.stagedName), keyMatch(table, u"source"_s), keyMatch(table, u"target"_s));
}

QString SelectionSql::compareCondition(const SelectionTable& table, const FilterTerm& term) const
{
    const bool ordering = kOrdering.contains(term.op);
    QStringList sides;
    for (const QString& side : { u"source"_s, u"target"_s }) {
        const QMap<QString, QString> columns = table.columns.value(side);
        if (!columns.contains(term.column))
            continue;
        // A keyless table's change is the row itself (its JSON object); a keyed one's rows are s, t.
        const QString value = table.table.keyless()
            ? u"(c.key ->> %1)"_s.arg(quoteLiteral(term.column))
            : (side == u"source"_s ? u"s."_s : u"t."_s) + quoteName(term.column);
        // = and <> compare the text the list shows (any type, json and point too); the order of
        // numbers and dates is the type's own.
        const QString type = columns.value(term.column);
        if (ordering)
            sides.append(u"%1::%2 %3 CAST(%4 AS %2)"_s.arg(value, type, term.op, quoteLiteral(term.value)));
        else
            sides.append(u"%1::text %2 %3"_s.arg(value, term.op, quoteLiteral(term.value)));
        if (table.table.keyless())
            break; // one row: one test
    }
    if (sides.isEmpty())
        return u"false"_s;
    return u'(' + sides.join(u" OR "_s) + u')';
}

QString SelectionSql::termCondition(const SelectionTable& table, const FilterTerm& term) const
{
    switch (term.type) {
    case FilterTerm::Type::Text: {
        const QString needle = u"lower(%1)"_s.arg(quoteLiteral(term.value));
        QStringList places { u"c.key::text"_s };
        if (!table.table.keyless())
            places << u"s::text"_s << u"t::text"_s;
        for (QString& place : places)
            place = u"strpos(lower(%1), %2) > 0"_s.arg(place, needle);
        return u'(' + places.join(u" OR "_s) + u')';
    }
    case FilterTerm::Type::Compare:
        return compareCondition(table, term);
    case FilterTerm::Type::KeyRange:
        break;
    }
    if (table.table.keyless())
        return u"false"_s;
    QStringList bounds;
    if (!term.keyFrom.isEmpty())
        bounds.append(u"c.key >= "_s + normalisedKey(term.keyFrom));
    if (!term.keyTo.isEmpty())
        bounds.append(u"c.key <= "_s + normalisedKey(term.keyTo));
    return bounds.isEmpty() ? u"true"_s : bounds.join(u" AND "_s);
}

QString SelectionSql::where(int index) const
{
    const SelectionTable& table = m_tables[index];
    QStringList conditions { u"c.table_id = %1"_s.arg(table.table.tableId) };
    if (m_selection.changeClass)
        conditions.append(u"c.change_class = "_s + quoteLiteral(reportName(*m_selection.changeClass)));
    if (m_selection.kind)
        conditions.append(u"c.kind = "_s + quoteLiteral(reportName(*m_selection.kind)));
    for (const FilterTerm& term : m_selection.terms)
        conditions.append(termCondition(table, term));
    return conditions.join(u" AND "_s);
}

QString SelectionSql::listed() const
{
    if (m_tables.size() != 1)
        throw Error(u"the change list shows one table at a time, not %1"_s.arg(m_tables.size()),
            u"choose a table in the tree"_s);
    return u"FROM pgreconcile.changes c"_s + joins(0) + u" WHERE "_s + where(0);
}

QString SelectionSql::count() const { return u"SELECT count(*) "_s + listed(); }

QString SelectionSql::page(bool afterKey) const
{
    // The page is chosen from the changes alone; only its rows then look up their decision in
    // force (the latest not undone, as pgreconcile.current_decisions says) through
    // decisions_by_change, so neither a deep OFFSET nor the view's ranking of every decision of
    // the project costs a lookup per skipped row. State and action by the review's own functions.
    QString inner = u"SELECT c.* "_s + listed();
    // (key, class): a keyless table's row value can be a change of two classes.
    inner += afterKey
        ? u" AND (c.key, c.change_class) > ($1::jsonb, $2) ORDER BY c.key, c.change_class LIMIT $3"_s
        : u" ORDER BY c.key, c.change_class OFFSET $1 LIMIT $2"_s;
    return u"SELECT c.key::text, c.change_class, coalesce(c.kind, ''), to_json(c.source_columns), "
           "to_json(c.target_columns), c.occurrences, "
           "pgreconcile.decision_state(c.change_class, d.action), "
           "coalesce(pgreconcile.effective_action(c.change_class, d.action), ''), "
           "coalesce(jsonb_pretty(d.edited_row), '') FROM ("_s
        + inner
        + u") c LEFT JOIN LATERAL (SELECT x.action, x.edited_row FROM pgreconcile.decisions x "
          "WHERE x.table_id = c.table_id AND x.key = c.key AND x.change_class = c.change_class AND NOT "
          "x.undone "
          "ORDER BY x.decision_id DESC LIMIT 1) d ON true ORDER BY c.key, c.change_class"_s;
}

QString SelectionSql::position() const
{
    return u"SELECT count(*) FILTER (WHERE (c.key, c.change_class) < ($1::jsonb, $2)), "
           "coalesce(bool_or(c.key = $1::jsonb AND c.change_class = $2), false) "_s
        + listed();
}

QString SelectionSql::bulkRows(Action action) const
{
    QStringList parts;
    for (int index = 0; index < m_tables.size(); ++index) {
        const SelectionTable& table = m_tables[index];
        if (!table.table.diffed || (action == Action::Merge && table.table.keyless()))
            continue;
        const QString edited = action == Action::Merge ? mergedRowSql(u"t"_s, u"s"_s, u"c.source_columns"_s)
                                                       : u"NULL::jsonb"_s;
        parts.append(
            u"SELECT c.table_id, c.key, c.change_class, c.kind, %1 AS edited_row FROM pgreconcile.review c"_s
                .arg(edited)
            + joins(index, action == Action::Merge) + u" WHERE "_s + where(index) + u" AND "_s
            + scopeCondition(m_selection.scope, action) + actionCondition(action));
    }
    if (parts.isEmpty())
        return u"SELECT NULL::int AS table_id, NULL::jsonb AS key, NULL::text AS change_class, NULL::text AS "
               u"kind, "
               "NULL::jsonb AS edited_row WHERE false"_s;
    return parts.join(u"\nUNION ALL\n"_s);
}

QString SelectionSql::bulkCount(Action action) const
{
    return u"SELECT count(*) FROM ("_s + bulkRows(action) + u") q"_s;
}

} // namespace pgr
