// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reportname.h"

#include <QString>
#include <optional>

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

// A name a reviewer typed (--class, --kind): empty gives nullopt (every value); an unknown one
// throws pgr::Error listing the names.
std::optional<ChangeClass> changeClassNamed(const QString& name);
std::optional<ChangeKind> changeKindNamed(const QString& name);

} // namespace pgr
