// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>

namespace pgr {

class Project;

// Checks a target after the merge script ran: for every decided change, does the target now hold
// the row the review decided (or no row, for a delete)? Values are compared by their text as
// PostgreSQL renders them on each side. A re-keyed row is looked for by its values under a key
// other than its old one (the target's own row must still hold the old key), a row that moved
// with it under its parent's new key found that way, and a row of a table without a key by how
// many copies of it the target holds (docs/decisions-and-script.md, "Dry run and verify").
// Every other row of every table of the review must be as the staged target holds it: what
// differs there is "collateral" (a cascade, a rule, a trigger, a default), counted apart.
struct VerifyTable
{
    QString table;
    qint64 inPlace = 0; // holds the reviewed row (or, for a delete, none)
    qint64 missing = 0; // the reviewed row is not there (keyless: fewer copies than reviewed)
    // A row with the key is there, with other values; also more copies of a row than reviewed
    // (a re-keyed row found twice, a keyless row added once too often).
    qint64 differs = 0;
    qint64 stillPresent = 0; // should have been deleted (keyless: more copies left than reviewed)
    qint64 notChecked = 0; // cannot be checked: notCheckedReasons says why
    QStringList problems; // "[42] differs in: name, score", at most 20
    QStringList notCheckedReasons; // why those were not checked, at most 20
    qint64 unchanged = 0; // rows no decision writes, as the staged target holds them
    qint64 collateral = 0; // rows no decision writes that changed, are gone or appeared
    QStringList collateralProblems; // "[12] is gone (no decision deletes it)", at most 20
    // A live target whose apply's transaction is known (VerifyResult::applyTransaction): rows no
    // decision writes that another transaction wrote, or that are gone where no trigger the
    // script fires could have deleted them. The target's own doing since the review: no failure.
    qint64 changedSinceReview = 0;
    QStringList changedSinceReviewRows; // at most 20
    // Rows the apply wrote beyond its decisions that only accepted triggers could have written
    // (core/script/triggers.h): reported apart, no failure, as in the dry run.
    qint64 byAcceptedTriggers = 0;
    QStringList byAcceptedTriggersRows; // at most 20
};

struct VerifyResult
{
    QList<VerifyTable> tables;
    qint64 problems() const; // decided changes not as reviewed, and collateral rows
    qint64 checked() const; // decided changes checked
    qint64 collateral() const;
    qint64 unchanged() const; // other rows compared and found as intended
    qint64 changedSinceReview() const;
    qint64 byAcceptedTriggers() const;
    // A live target: the merge script's transaction id, read from the xmin of the rows its
    // decisions wrote; empty when it cannot be told (applyTransactionNote says why), and then
    // every row changed beyond the decisions counts as collateral.
    bool live = false;
    QString applyTransaction;
    QString applyTransactionNote;
};

class Verifier
{
public:
    // A dry run's copy: nothing but the apply wrote to it, so every row changed beyond the
    // decisions is collateral. A live target keeps taking writes: its own are told apart from the
    // apply's by the transaction id that wrote them.
    enum class Checked
    {
        DryRunCopy,
        LiveTarget
    };

    Verifier(Project& project, const std::atomic<bool>* cancel = nullptr);
    // targetConnection: a libpq connection string of the database that should now hold the result.
    VerifyResult verify(const QString& targetConnection, const QString& label = QStringLiteral("target"),
        Checked checked = Checked::DryRunCopy);

private:
    Project& m_project;
    const std::atomic<bool>* m_cancel;
};

} // namespace pgr
