// SPDX-License-Identifier: GPL-3.0-or-later
#include "vocabulary.h"

#include "error.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// The CHECK constraints of pgreconcile.changes and pgreconcile.decisions (core/staging/sql) hold
// the same names; tst_vocabulary compares them.
constexpr ReportName<ChangeClass> kClassNames[] = {
    { ChangeClass::TargetOnly, u"target_only" },
    { ChangeClass::SourceOnly, u"source_only" },
    { ChangeClass::SameChange, u"same_change" },
    { ChangeClass::ColumnMerge, u"column_merge" },
    { ChangeClass::Conflict, u"conflict" },
    { ChangeClass::OnlyInSource, u"only_in_source" },
    { ChangeClass::OnlyInTarget, u"only_in_target" },
    { ChangeClass::Differs, u"differs" },
};

constexpr ReportName<ChangeKind> kKindNames[] = {
    { ChangeKind::Insert, u"insert" },
    { ChangeKind::Update, u"update" },
    { ChangeKind::Delete, u"delete" },
    { ChangeKind::UpdateUpdate, u"update_update" },
    { ChangeKind::UpdateDelete, u"update_delete" },
    { ChangeKind::DeleteUpdate, u"delete_update" },
    { ChangeKind::InsertInsert, u"insert_insert" },
    { ChangeKind::DeleteReferenced, u"delete_referenced" },
    { ChangeKind::ParentMissing, u"parent_missing" },
    { ChangeKind::UniqueCollision, u"unique_collision" },
    { ChangeKind::IdCollision, u"id_collision" },
};

constexpr ReportName<DecisionState> kStateNames[] = {
    { DecisionState::None, u"none" },
    { DecisionState::Decided, u"decided" },
    { DecisionState::Default, u"default" },
    { DecisionState::Undecided, u"undecided" },
};

constexpr ReportName<Action> kActionNames[] = {
    { Action::TakeSource, u"take_source" },
    { Action::KeepTarget, u"keep_target" },
    { Action::Edit, u"edit" },
    { Action::Merge, u"merge" },
    { Action::Rekey, u"rekey" },
    { Action::MapOntoTarget, u"map_onto_target" },
};

// The CHECK constraint related_relation_check of pgreconcile.related (project_upgrade.sql).
constexpr ReportName<Relation> kRelationNames[] = {
    { Relation::Dependent, u"dependent" },
    { Relation::MissingParent, u"missing_parent" },
    { Relation::CascadedOnSource, u"cascaded_on_source" },
    { Relation::CascadedOnTarget, u"cascaded_on_target" },
    { Relation::CollidingRow, u"colliding_row" },
    { Relation::SameUniqueValues, u"same_unique_values" },
    { Relation::CollidingId, u"colliding_id" },
};

// A name a reviewer typed; what: "class" or "kind", as the error says it.
template<class E>
std::optional<E> typedName(const QString& name, const QString& what, const QString& plural)
{
    if (name.isEmpty())
        return std::nullopt;
    if (const std::optional<E> value = fromReportName<E>(name))
        return value;
    throw Error(u"there is no change %1 \"%2\""_s.arg(what, name),
        u"the %1 are: %2"_s.arg(plural, reportNameList<E>()));
}

} // namespace

std::optional<ChangeClass> changeClassNamed(const QString& name)
{
    return typedName<ChangeClass>(name, u"class"_s, u"classes"_s);
}

std::optional<ChangeKind> changeKindNamed(const QString& name)
{
    return typedName<ChangeKind>(name, u"kind"_s, u"kinds"_s);
}

template<>
std::span<const ReportName<ChangeClass>> reportNames<ChangeClass>()
{
    return kClassNames;
}

template<>
std::span<const ReportName<ChangeKind>> reportNames<ChangeKind>()
{
    return kKindNames;
}

template<>
std::span<const ReportName<DecisionState>> reportNames<DecisionState>()
{
    return kStateNames;
}

template<>
std::span<const ReportName<Action>> reportNames<Action>()
{
    return kActionNames;
}

template<>
std::span<const ReportName<Relation>> reportNames<Relation>()
{
    return kRelationNames;
}

} // namespace pgr
