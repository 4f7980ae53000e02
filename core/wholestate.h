// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <atomic>

namespace pgr {

class PgConnection;
struct VerifyTable;

// A table of the review as the verification reads it, on both sides.
struct CheckedTable
{
    int id = 0;
    QString name; // schema.table
    QString qualified; // quoted, in the database checked
    QString staged; // quoted, in the project's schema target
    QStringList key; // empty: keyless
    QHash<QString, QString> targetType; // column → the target's own type
    QHash<QString, QString> stagedType; // column → its type in staging
    QStringList ordered; // the target's columns in order (not generated)
};

// What the check of the decided changes found beyond their own keys, so that the whole-state
// check does not take those rows for collateral ones.
struct AccountedRows
{
    QSet<QStringList> keys; // each key column's text: re-keyed rows and rows that moved with them
    // Decided rows written under a key nobody could find (a re-keyed row that cannot be looked
    // for, or a row following one): as many rows that appeared are taken for them.
    qint64 unplaced = 0;
};

// The whole-state check (docs/decisions-and-script.md, "Dry run and verify"): every row of a
// table that no decision writes must be in the database checked as the staged target holds it,
// and no other row may be there. Both sides stream their rows ordered by the key's text and are
// merged here, so memory stays flat whatever the table's size. Runs inside the caller's
// snapshots (a cursor on each connection).
class WholeStateCheck
{
public:
    WholeStateCheck(PgConnection& project, PgConnection& checked, const std::atomic<bool>* cancel);
    void run(const CheckedTable& table, AccountedRows accounted, VerifyTable& report);

private:
    void runKeyed(const CheckedTable& table, AccountedRows& accounted, VerifyTable& report);
    void runKeyless(const CheckedTable& table, VerifyTable& report);

    PgConnection& m_project;
    PgConnection& m_checked;
    const std::atomic<bool>* m_cancel;
};

} // namespace pgr
