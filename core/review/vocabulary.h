// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>
#include <optional>
#include <span>
#include <type_traits>

namespace pgr {

// The review's vocabulary (DESIGN.md). Each value has one report name: as the project database
// stores it (core/staging/sql) and as the CLI, the JSON reports and the script header print it.
// Those names are interfaces; the table of each enum in vocabulary.cpp is their one home.

// The class of a change (DESIGN.md, "Three-way classification"; the last three: two-way).
enum class ChangeClass
{
    TargetOnly,
    SourceOnly,
    SameChange,
    ColumnMerge,
    Conflict,
    OnlyInSource,
    OnlyInTarget,
    Differs,
};

// What each side did to a row, and the conflicts foreign keys create (core/diff/relations.h).
enum class ChangeKind
{
    Insert,
    Update,
    Delete,
    UpdateUpdate,
    UpdateDelete,
    DeleteUpdate,
    InsertInsert,
    DeleteReferenced,
    ParentMissing,
    UniqueCollision,
    IdCollision,
};

// pgreconcile.decision_state: nothing to decide, decided, the class's default applies, undecided.
enum class DecisionState
{
    None,
    Decided,
    Default,
    Undecided,
};

// What a reviewer chose for a change (DESIGN.md, "decision"). Merge is the column_merge default
// made explicit: the base row with source's changed columns from source and target's from target.
enum class Action
{
    TakeSource,
    KeepTarget,
    Edit,
    Merge,
    Rekey,
    // A unique_collision's source row is the target's row it collides with (the same customer
    // signed up on both sides): not inserted; the source rows that reference it are carried
    // over pointing at the target's row.
    MapOntoTarget,
};

// How a row is related to a change through keys (core/diff/relations.h, pgreconcile.related).
enum class Relation
{
    Dependent, // a target row that still points at a row the source deleted (delete_referenced)
    MissingParent, // a parent the target deleted that a source row points at (parent_missing)
    CascadedOnSource, // a row the source deleted with this one by cascade
    CascadedOnTarget, // a row the target deleted with this one by cascade
    CollidingRow, // the target's row a source insert equals in a unique constraint
    SameUniqueValues, // the target's own row under the same key, with the same unique values
    CollidingId, // the target's row inserted with the same sequence-fed id under another key
};

// Constrains the generic functions below to enums (differ.cpp has a reportName of its own).
template<class E>
concept VocabularyEnum = std::is_enum_v<E>;

template<class E>
struct ReportName
{
    E value;
    QStringView name;
};

// Every value of E with its report name, in declaration order.
template<class E>
std::span<const ReportName<E>> reportNames();
template<>
std::span<const ReportName<ChangeClass>> reportNames<ChangeClass>();
template<>
std::span<const ReportName<ChangeKind>> reportNames<ChangeKind>();
template<>
std::span<const ReportName<DecisionState>> reportNames<DecisionState>();
template<>
std::span<const ReportName<Action>> reportNames<Action>();
template<>
std::span<const ReportName<Relation>> reportNames<Relation>();

template<VocabularyEnum E>
QString reportName(E value)
{
    for (const ReportName<E>& entry : reportNames<E>()) {
        if (entry.value == value)
            return entry.name.toString();
    }
    return {};
}

// An empty value gives an empty name (an undecided change's action, a two-way change's kind).
template<VocabularyEnum E>
QString reportName(const std::optional<E>& value)
{
    return value ? reportName(*value) : QString();
}

// nullopt for a name that is not one of E's.
template<class E>
std::optional<E> fromReportName(QStringView name)
{
    for (const ReportName<E>& entry : reportNames<E>()) {
        if (entry.name == name)
            return entry.value;
    }
    return std::nullopt;
}

[[noreturn]] void throwUnknownStoredName(QStringView name);

// A name read from the project database, whose CHECK constraints hold only E's names: converted
// once, where the row is read. Throws pgr::Error for another (a project of a newer release).
template<class E>
E storedValue(QStringView name)
{
    if (const std::optional<E> value = fromReportName<E>(name))
        return *value;
    throwUnknownStoredName(name);
}

// The same for a column that may be NULL or empty (a two-way change's kind, an undecided action).
template<class E>
std::optional<E> storedOptional(QStringView name)
{
    if (name.isEmpty())
        return std::nullopt;
    return storedValue<E>(name);
}

// A name a reviewer typed (--class, --kind): empty gives nullopt (every value); an unknown one
// throws pgr::Error listing the names.
std::optional<ChangeClass> changeClassNamed(const QString& name);
std::optional<ChangeKind> changeKindNamed(const QString& name);

// Every report name of E, for messages ("the classes are: …").
template<class E>
QString reportNameList(QStringView separator = u", ")
{
    QString list;
    for (const ReportName<E>& entry : reportNames<E>())
        list += (list.isEmpty() ? QString() : separator.toString()) + entry.name.toString();
    return list;
}

} // namespace pgr
