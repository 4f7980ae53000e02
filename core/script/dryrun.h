// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "triggers.h"
#include "verifier.h"

#include <QString>
#include <atomic>

namespace pgr {

class Error;
class RunningWork;

class Project;

struct DryRunResult
{
    QString copiedFrom; // how the fresh copy of the target was made
    bool applied = false; // psql ran the script to COMMIT
    QString psqlOutput; // what psql said (the error, when it failed)
    VerifyResult verify; // the copy against the review, when applied
    // The target's own triggers on the tables the script writes (or that changed), with what
    // they changed; triggersExplain: the script applied to a second copy with the triggers off
    // gave exactly the reviewed state, so every difference in verify is the triggers' doing.
    QList<TargetTriggers::Finding> triggers;
    bool triggersExplain = false;
    QStringList unacceptedTriggers() const;
    bool passed() const
    {
        return applied && (verify.problems() == 0 || (triggersExplain && unacceptedTriggers().isEmpty()));
    }
};

// Applies a merge script to a fresh copy of the target inside staging (a template copy of a
// staging database, or the target's dump restored, or a pg_dump of the live target restored),
// with psql exactly as a user would, then verifies the copy against the review. The copy is
// dropped afterwards; the real target is only read.
class DryRun
{
public:
    DryRun(Project& project, const std::atomic<bool>* cancel = nullptr);
    DryRunResult run(const QString& scriptPath);

    // The live target's password, typed by the user for this run: the project never stores one,
    // so a password that was only in the load's URI is asked for again. Kept in memory; the
    // pg_dump that copies the target reads it from a private passfile.
    void setTargetPassword(const QString& password) { m_targetPassword = password; }
    // The run stopped because copying the live target needs its password (or a right one).
    static bool needsTargetPassword(const Error& error);

private:
    DryRunResult runOnCopy(const QString& scriptPath);
    QString makeCopy(const QString& database);
    // The live target's connection string, with the password typed for this run if any.
    QString liveTarget(const QString& origin) const;
    // Runs psql on the script against database; extraOptions go to the server (PGOPTIONS).
    bool applyWithPsql(
        const QString& scriptPath, const QString& database, const QString& extraOptions, QString* output);
    void explainByTriggers(const QString& scriptPath, const QString& copy, DryRunResult& result);

    Project& m_project;
    const std::atomic<bool>* m_cancel;
    RunningWork* m_work = nullptr; // the dry run under way: its copies and files are recorded there first
    QString m_targetPassword;
};

} // namespace pgr
