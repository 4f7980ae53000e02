// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decisions.h"
#include "pgconnection.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace pgr {

// One condition of a filter. The filter box gives one (FilterTerm::parse), the CLI one per option;
// a selection holds them all, combined with AND.
struct FilterTerm
{
    enum class Type
    {
        Text, // value found, in any case, in the key, the source row or the target row (their text)
        Compare, // the source or the target row's column compared with value
        KeyRange, // keys from keyFrom to keyTo, inclusive, in the list's order; an empty end is open
    };
    Type type = Type::Text;
    QString column;
    QString op; // Compare: =, <>, <, <=, >, >=
    QString value;
    QString keyFrom; // JSON: [10], ["a", 2], or a scalar for a one-column key
    QString keyTo;

    static FilterTerm text(const QString& value);
    static FilterTerm compare(const QString& column, const QString& op, const QString& value);
    static FilterTerm keyRange(const QString& from, const QString& to);

    // The filter box's text, read once: "FROM..TO" (both ends JSON, one may be empty) is a key
    // range; "column OP value" (OP one of = <> != < <= > >=, a column in double quotes when it
    // holds one of them) a comparison; "\"text\"" the text itself; anything else free text.
    // Empty: nullopt.
    static std::optional<FilterTerm> parse(const QString& input);
    QString describe() const; // as the reviewer would type it
    bool operator==(const FilterTerm&) const = default;
};

// Which changes a list shows and a bulk decision decides: one type for both, so that what the
// reviewer sees is what gets decided. The list shows every state; a bulk decision takes from
// it the states its scope names.
class Selection
{
public:
    enum class Scope
    {
        Undecided, // only changes in state 'undecided' (the default: "for all undecided here")
        UndecidedAndDefaults, // also those following their class's default (source_only, column_merge)
        Everything, // also earlier decisions: overwrites them
    };

    QStringList tables; // "schema.table" or "table"; empty: every table of the project
    std::optional<ChangeClass> changeClass; // empty: every class
    std::optional<ChangeKind> kind; // empty: every kind
    QList<FilterTerm> terms; // all must hold
    Scope scope = Scope::Undecided;

    // Adds the filter box's text as a term (nothing for blank text).
    Selection& filter(const QString& text);
    // "public.orders, conflict, status = shipped": for messages.
    QString describe() const;
    // Throws pgr::Error for an unknown comparison or a key range end that is not JSON (an unknown
    // class or kind is refused where it is named: changeClassNamed, changeKindNamed).
    void validate() const;
};

// What the SQL of a selection needs to know about one table: the project's table, and its
// staged columns a comparison can name.
struct SelectionTable
{
    ProjectTable table;
    QMap<QString, QMap<QString, QString>> columns; // side (source, target) → column → staged type

    // The selection's tables (all of the project's when it names none). Pure.
    static QList<SelectionTable> read(const ProjectTables& project, const Selection& selection);
};

// The SQL of a selection. Pure (identifiers and values are quoted here, values as E'' literals,
// valid whatever standard_conforming_strings says), so it is unit-tested without a server. The
// list's count, its pages, the bulk preview and the bulk decision all put the same conditions
// (where()) on pgreconcile.changes or pgreconcile.review.
class SelectionSql
{
public:
    // Throws pgr::Error naming the problem: a column no table of the selection has, a key range
    // over tables without a key.
    SelectionSql(Selection selection, QList<SelectionTable> tables);

    // The list (one table, every state), alias c over pgreconcile.changes.
    QString count() const;
    // $1: key and $2: class of the row before the page (afterKey), else $1: offset; then the limit.
    QString page(bool afterKey) const;
    // $1 key, $2 class: its row number in the list and whether the list holds it.
    QString position() const;

    // What a bulk decision writes, from pgreconcile.review: table_id, key, change_class, kind,
    // edited_row; only the states of the scope, only changes the action applies to.
    QString bulkRows(Action action) const;
    QString bulkCount(Action action) const;

    // The conditions on table index's changes (alias c; s and t its source and target rows when
    // joins() is not empty): for tests and for the pieces above.
    QString where(int index) const;
    QString joins(int index, bool forMerge = false) const;
    const QList<SelectionTable>& tables() const { return m_tables; }

    // Runs one of the statements above. A value the column's type does not take ("n < abc") or a
    // type without an order (json) is refused naming the filter, not the statement.
    PgResult exec(PgConnection& db, const QString& sql, const QList<SqlParam>& params = {}) const;

    static QString quoteName(const QString& name);
    static QString quoteLiteral(const QString& value);

private:
    QString termCondition(const SelectionTable& table, const FilterTerm& term) const;
    QString compareCondition(const SelectionTable& table, const FilterTerm& term) const;
    QString keyMatch(const SelectionTable& table, const QString& side) const;
    QString listed() const;
    void checkTerms() const;

    Selection m_selection;
    QList<SelectionTable> m_tables;
};

} // namespace pgr
