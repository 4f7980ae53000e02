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
// PostgreSQL renders them on each side.
struct VerifyTable
{
    QString table;
    qint64 inPlace = 0; // holds the reviewed row (or, for a delete, none)
    qint64 missing = 0; // the reviewed row is not there
    qint64 differs = 0; // a row with the key is there, with other values
    qint64 stillPresent = 0; // should have been deleted
    qint64 notChecked = 0; // re-keyed rows (their new key is the target's) and tables without a key
    QStringList problems; // "[42] differs in: name, score", at most 20
};

struct VerifyResult
{
    QList<VerifyTable> tables;
    qint64 problems() const;
    qint64 checked() const;
};

class Verifier
{
public:
    Verifier(Project& project, const std::atomic<bool>* cancel = nullptr);
    // targetConnection: a libpq connection string of the database that should now hold the result.
    VerifyResult verify(const QString& targetConnection, const QString& label = QStringLiteral("target"));

private:
    Project& m_project;
    const std::atomic<bool>* m_cancel;
};

} // namespace pgr
