// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projecttables.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <atomic>

namespace pgr {

class PgConnection;
struct VerifyTable;

// A table of the review as the verification reads it: the project's table (its key, fresh-key
// column and columns) and its names, quoted, on both sides.
struct CheckedTable
{
    const ProjectTable* project = nullptr;
    QString name; // schema.table
    QString qualified; // quoted, in the database checked
    QString staged; // quoted, in the project's schema target

    QString targetType(const QString& column) const; // the target's own type
    QString stagedType(const QString& column) const; // its type in staging
    QStringList ordered() const { return project->stagedColumns(QStringLiteral("target")); }
};

// What the check of the decided changes found beyond their own keys, so that the whole-state
// check does not take those rows for collateral ones.
struct AccountedRows
{
    QSet<QStringList> keys; // each key column's text: re-keyed rows and rows that moved with them
    // Decided rows written under a key nobody could find (a re-keyed row that cannot be looked
    // for, or a row following one): as many rows that appeared are taken for them.
    qint64 unplaced = 0;
    // The transaction ids (xmin) of the decided rows the script wrote (inserted, updated,
    // re-keyed) that are still as it left them, with how many rows carry each.
    QHash<QByteArray, qint64> writtenBy;
};

// Who wrote the rows the whole-state check finds changed. On a dry run's copy only the apply
// wrote: every such row is collateral. On a live target the merge script, one transaction, left
// its transaction id in the xmin of every row it wrote, cascades and triggers included; rows
// with another xmin are the target's own writes since the review.
struct RowWriters
{
    bool live = false;
    QByteArray applyXid; // empty: unknown, every difference counts as collateral
    // The target's enabled triggers on the tables the script writes, or that their foreign key
    // actions reach: the triggers the apply fires itself.
    QStringList triggers;
    QStringList unaccepted; // those of them that no reviewer accepted
    // Where the apply fires triggers: the target's triggers (any table: one trigger's writes fire
    // others) whose function may write in a subtransaction (a PL/pgSQL block with EXCEPTION,
    // PL/Python and other languages that run each query in one). Such rows carry an id newer
    // than the apply's.
    QStringList subtransactions;
    QSet<QString> cascaded; // tables (schema.table) with a foreign key that cascades, sets null or default
    bool tellApart() const { return live && !applyXid.isEmpty(); }

    // On a live target: the apply's transaction id from the xmin of the rows the decisions wrote
    // (writtenBy, all tables'), the target's triggers the script fires, which are accepted, and
    // the tables a foreign key action reaches. note: what was found, or why the id is unknown.
    static RowWriters onLiveTarget(PgConnection& project, PgConnection& target, const ProjectTables& tables,
        const QHash<QByteArray, qint64>& writtenBy, QString* note);
};

// The whole-state check (docs/decisions-and-script.md, "Dry run and verify"): every row of a
// table that no decision writes must be in the database checked as the staged target holds it,
// and no other row may be there. Both sides stream their rows ordered by the key's text and are
// merged here, so memory stays flat whatever the table's size. Runs inside the caller's
// snapshots (a cursor on each connection).
class WholeStateCheck
{
public:
    WholeStateCheck(PgConnection& project, PgConnection& checked, const std::atomic<bool>* cancel,
        RowWriters writers = {});
    void run(const CheckedTable& table, AccountedRows accounted, VerifyTable& report);

private:
    void runKeyed(const CheckedTable& table, AccountedRows& accounted, VerifyTable& report);
    void runKeyless(const CheckedTable& table, VerifyTable& report);
    enum class Writer
    {
        Unknown, // a dry run's copy, or the apply's transaction is not known
        Apply,
        // An id newer than the apply's where a trigger the script fires may write in a
        // subtransaction: the target's own, or the apply's subtransaction's.
        ApplyOrLater,
        Frozen, // xmin shows FrozenTransactionId: its writer cannot be told
        Other // another transaction: the target's own write since the review
    };
    Writer writer(const QByteArray& xmin) const;
    void byApply(const CheckedTable& table, VerifyTable& report, const QString& what, const QString& how);
    // A row no decision writes that changed or appeared (what: "[3] changed in: name"), by the
    // transaction xmin (empty where a keyless row's copies have no single one).
    void written(const CheckedTable& table, VerifyTable& report, const QString& what,
        const QString& noDecision, const QByteArray& xmin, Writer by);
    void gone(VerifyTable& report, const QString& what, const QString& noDecision);

    PgConnection& m_project;
    PgConnection& m_checked;
    const std::atomic<bool>* m_cancel;
    RowWriters m_writers;
};

} // namespace pgr
