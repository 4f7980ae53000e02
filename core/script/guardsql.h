// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scripttable.h"

#include <QByteArray>

// The guards of the merge script (DESIGN.md), shared by the VALUES and the COPY formats: an UPDATE
// or DELETE finds the target row as reviewed, and no cascade, SET NULL or SET DEFAULT may touch a
// row that is not a decided change.
namespace pgr::script {

// The target row t exactly as reviewed (v.<prefix>N<suffix>): every column compared by its text,
// so that types without an equality operator (json, point) guard too, and NULL matches NULL.
QByteArray reviewedRowGuard(
    const Table& table, const ScriptQuoter& quote, const QByteArray& prefix, const QByteArray& suffix);

// A condition: the row c of table has the key of the row w as reviewed (w.<prefix>N, text).
QByteArray sameReviewedKey(const Table& table, const ScriptQuoter& quote, const QByteArray& prefix);

// A statement's guard against ON DELETE actions: a call of pgr_no_dependents with up to 20 keys
// of the rows of reference's table that point at a row the statement deletes and that the script
// does not delete itself. deleted: a FROM item of the parent's deleted rows named v, whose column
// i as reviewed (text) is v.<prefix>i; childDeleted: a condition that the row c is one of the
// rows the script deletes (empty: none of them is left by then).
QByteArray dependentsCheck(const Table& parent, const Reference& reference, const ScriptQuoter& quote,
    const QByteArray& deleted, const QByteArray& prefix, const QByteArray& childDeleted);

} // namespace pgr::script
