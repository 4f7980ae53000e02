// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projecttables.h"
#include "vocabulary.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <chrono>
#include <optional>

namespace pgr {

class PgConnection;
class PgTransaction;
class Project;
class Selection;
class SelectionSql;

// How long an action that writes decisions waits for another one (lockDecisions).
inline constexpr std::chrono::milliseconds kDecisionLockWait { 5000 };

// Thin names for reportName / fromReportName of an Action.
inline QString actionName(Action action) { return reportName(action); }
inline std::optional<Action> actionFromName(const QString& name) { return fromReportName<Action>(name); }

// One change as stored by the latest diff; key is JSON text as PostgreSQL renders it.
struct ChangeId
{
    int tableId = 0;
    QString table; // schema.table
    QString key;
    ChangeClass changeClass = ChangeClass::Conflict;
    std::optional<ChangeKind> kind; // none for a two-way change
};

// The outcome of one user action.
struct DecisionOutcome
{
    qint64 batchId = 0;
    qint64 decided = 0; // changes whose decision was written (or undone / redone)
    QStringList skipped; // why some selected changes were left alone (bulk re-key)
    // Re-key: collisions of child rows that move with their re-keyed parent, "schema.table: n".
    QStringList followed;
    qint64 followers = 0; // decisions recorded for rows that follow (Relations), included in decided
    QString voidedApproval; // non-empty when this action voided an approval: says whose and when
    // Rows of the batch the script would now write pointing at a parent the merge leaves absent,
    // or whose children would (Relations::orphans): export refuses until they are decided again.
    QStringList orphans;
};

struct HistoryEntry
{
    enum class Type
    {
        Decision,
        Undo,
        Redo,
        Approval,
    };
    Type type = Type::Decision;
    qint64 id = 0; // decision_id, event_id or approval_id
    qint64 batchId = 0;
    QString by;
    QDateTime at;
    QString table;
    QString key;
    std::optional<ChangeClass> changeClass; // empty for undo, redo and approvals
    std::optional<ChangeKind> kind;
    std::optional<Action> action;
    QString editedRow; // JSON text, edit and merge
    QString note;
    QString origin;
    bool undone = false;
    // approvals
    QString checksum;
    QDateTime voidedAt;
    QString voidedReason;
};

// Records the reviewers' decisions, each user action in one transaction of its own (committed
// before the call returns, so a crash loses nothing), as one batch of the history. Every action
// voids a standing approval. Reads of the review state are in review.h.
class Decisions
{
public:
    // reviewer: who is recorded; empty: Settings().reviewerName().
    explicit Decisions(Project& project, QString reviewer = {});

    const QString& reviewer() const { return m_reviewer; }
    void setReviewer(const QString& reviewer) { m_reviewer = reviewer; }
    // How long an action waits for another decider to finish before it is refused.
    void setLockWait(std::chrono::milliseconds wait) { m_lockWait = wait; }

    // Take source or keep target (or Merge, for a column_merge). changeClass is needed only for
    // a key of a keyless table that has two changes.
    DecisionOutcome decide(const QString& table, const QString& key, Action action, const QString& note = {},
        const QString& changeClass = {});
    // A hand-edited row: a JSON object with every column of the table. PostgreSQL checks it
    // against the staged table's columns and types; nothing is stored when it refuses.
    DecisionOutcome edit(
        const QString& table, const QString& key, const QString& rowJson, const QString& note = {});
    // Insert the source row under a fresh key from target's sequence at apply time. Only for an
    // insert_insert on a single integer key column with a sequence or identity on target; throws
    // saying why not otherwise (Rekey::whyNot tells beforehand).
    DecisionOutcome rekey(const QString& table, const QString& key, const QString& note = {});
    // Map a unique_collision's source row onto the one target row it collides with (Action::
    // MapOntoTarget); throws saying why not where that cannot be done (Relations::whyNotMapped).
    DecisionOutcome mapOntoTarget(const QString& table, const QString& key, const QString& note = {});

    // How many changes bulk() would decide, without deciding anything: the selection's changes
    // in the states of its scope (by default only the undecided ones) that the action applies to.
    qint64 preview(const Selection& selection, Action action);
    // Decides them, all or nothing. expected: the number a preview showed the reviewer; when the
    // changes selected now are another number (someone decided meanwhile), nothing is decided and
    // the error says so. outcome.decided is always the count of the same query.
    DecisionOutcome bulk(const Selection& selection, Action action, const QString& note = {},
        std::optional<qint64> expected = std::nullopt);

    // Undo marks the latest batch in force undone; redo puts back the batch undone last, as long as
    // nothing was decided since. Both throw when there is nothing to undo or redo.
    DecisionOutcome undo();
    DecisionOutcome redo();

    // The audit trail: every decision, undo, redo and approval, oldest first; or, for one change,
    // its decisions only.
    QList<HistoryEntry> history(const std::optional<ChangeId>& change = std::nullopt);

    // The merged row of a column_merge (JSON object text).
    QString mergedRow(const ProjectTable& table, const QString& key);

    // The change of a table and key, throwing a clear error for an unknown key.
    ChangeId change(const ProjectTable& table, const QString& key, const QString& changeClass = {});

private:
    // A decision a person took on one change, as recordOne writes it.
    struct PersonDecision
    {
        ChangeId change;
        Action action = Action::TakeSource;
        QString note;
        QString editedRow; // JSON: edit and merge
        QString mappedOnto; // JSON: map_onto_target
    };

    // The change a person decides, found under the decision lock with the project's tables, read
    // once there for the whole action.
    struct LockedChange
    {
        ProjectTables tables;
        ProjectTable table;
        ChangeId change;
    };

    qint64 newBatch();
    // Takes the decision lock (what: the action, for whoever waits), then finds the change and
    // checks that action applies to it. Call in the action's transaction.
    LockedChange lockChange(const QString& what, const QString& tableName, const QString& key, Action action,
        const QString& changeClass = {});
    // Records one change's decision as a batch of its own, with the rows that follow it, voids
    // the approval (why: the reason it gives), commits tx and re-checks the batch.
    DecisionOutcome recordOne(
        PgTransaction& tx, const ProjectTables& tables, const PersonDecision& decision, const QString& why);
    // Marks a batch undone or in force again (undo, redo), commits tx.
    DecisionOutcome markBatch(PgTransaction& tx, qint64 batchId, bool undone);
    // The rows that follow the batch's decisions get theirs (Rekey, Relations).
    void recordFollowers(DecisionOutcome& outcome, const ProjectTables& tables);
    // After the batch is committed: its rows re-checked against the other decisions (orphans).
    void recheck(DecisionOutcome& outcome, const ProjectTables& tables);
    QString voidApproval(const QString& reason);
    void checkDecidable(const ChangeId& change, Action action);
    // The SQL of the changes a bulk decision touches (SelectionSql::bulkRows).
    SelectionSql bulkSql(
        const ProjectTables& tables, const Selection& selection, Action action, QStringList& skipped);
    // Takes the project's decision lock for this transaction (lockDecisions).
    void lock(const QString& what);

    Project& m_project;
    PgConnection& m_db;
    QString m_reviewer;
    std::chrono::milliseconds m_lockWait = kDecisionLockWait;
};

// Decisions on a project are serialized: every action that writes them (decide, edit, re-key,
// bulk, undo, redo, approve) first takes this lock for its transaction (connection db must be in
// one, before its first query). It waits at most wait for another decider, then throws
// pgr::Error naming the project and, where PostgreSQL still shows it, who holds the lock.
// what: this action, shown to the one that waits for it.
void lockDecisions(PgConnection& db, const QString& project, const QString& what,
    std::chrono::milliseconds wait = kDecisionLockWait);

// Extracts PostgreSQL's own message from an error of the adapter (without label and statement).
QString postgresMessage(const QString& adapterMessage);

} // namespace pgr
