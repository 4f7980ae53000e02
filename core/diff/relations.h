// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decisions.h"

#include <QHash>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace pgr {

class PgConnection;

// Rows are not alone (DESIGN.md): the conflicts that foreign keys create, and the rows whose
// decision follows another row's. Found after the diff of every table and kept in
// pgreconcile.related (core/staging/sql/project_schema.sql):
// - delete_referenced: the source deleted a row that target rows still point at (the target's
//   own new or kept rows, any ON DELETE action); its dependents are listed, level by level.
// - parent_missing: a source insert or update points at a parent the target deleted.
// - rows deleted by cascade on one side, listed under their parent's change.
// - unique_collision: a source insert equals another target row in a unique constraint other
//   than the key (the same customer signed up on both sides).
// - id_collision: in a key of several columns, a source insert whose sequence-fed column
//   (ProjectTable::freshKeyColumn) holds the value of a row the target inserted under another key.
class Relations
{
public:
    // tables: the project's tables as the operation read them (a decision: once, under its lock).
    Relations(PgConnection& db, ProjectTables tables);
    // Reads the project's tables when first needed (the diff's classify, a look at related rows).
    explicit Relations(PgConnection& db);

    // After a diff: reclassifies the changes above as conflicts and lists their related rows.
    void classify();

    // After the decisions of a batch: the rows that follow them get decisions of their own in
    // the same batch (origin "follows"): a delete_referenced taken from the source deletes its
    // dependents; a parent_missing taken from the source brings its parent back; a parent kept
    // or restored keeps or restores the rows its side deleted with it by cascade, and a parent
    // deleted deletes them, unless a person decided them on their own. Returns how many.
    qint64 recordFollowers(qint64 batchId, const QString& reviewer);

    struct Related
    {
        Relation relation = Relation::Dependent;
        QString table; // schema.table
        QString key; // JSON
        QString constraintName;
        int depth = 1;
        std::optional<DecisionState> state; // the related row's change's; empty when it has no change
        std::optional<Action> action;
    };
    // Rows the script writes whose foreign key would point at a parent the merge leaves absent
    // (a source insert kept out, a parent deleted by a decision): "public.t1 [5] → public.t0 [3]
    // (t1_pid_fkey)", at most limit. Decisions re-checked against each other before export.
    // batchId: only where a row of that batch is the child or the parent (a decision re-checked).
    QStringList orphans(int limit, std::optional<qint64> batchId = std::nullopt);
    // The other way round: target rows the merge leaves as they are (no change, a change kept on
    // the target) that point at a parent a decision deletes: "public.t1 [5, 1] stays and points
    // at public.t0 [3], which a decision deletes (t1_pid_fkey)". The script's delete would fail on
    // them, or its guard would (a cascade, SET NULL or SET DEFAULT). batchId as for orphans.
    QStringList keptOrphans(int limit, std::optional<qint64> batchId = std::nullopt);
    // Source rows mapped onto a target row that cannot stand for them any more: a decision
    // deletes that row, or a row to carry over holds the mapped key in its own key. At most limit.
    QStringList mappingProblems(int limit);

    // Whether a unique_collision's source row can be mapped onto the target's row it collides
    // with (map_onto_target), and onto which: the one target row it collides with, in a table
    // with a single-column key, with no source row to carry over whose own key holds its key (that
    // row would have to take the key of one of the target row's children).
    struct Mapping
    {
        QString ontoKey; // JSON: the target row's key
        QString whyNot; // empty: it can be mapped
    };
    Mapping mapping(const ChangeId& change);

    // The rows related to one change, for the window and the CLI.
    QList<Related> relatedTo(int tableId, const QString& key);

private:
    // The target's (or base's) foreign keys between tables diffed three-way, the parent keyed.
    QList<ForeignKeyEdge> foreignKeys(const QString& side);
    const ProjectTables& projectTables(); // read once, unless given
    // Level by level (depth 1, 2, …) over the target's keys until a level finds no rows:
    // rowsFound lists those of one key and depth.
    void levelByLevel(const std::function<qint64(const ForeignKeyEdge&, int)>& rowsFound);
    void listDependents();
    void listMissingParents();
    void listCascades(const QString& side);
    void listUniqueCollisions();
    void listUniqueCollisions(const ProjectTable& table);
    void listIdCollisions();

    PgConnection& m_db;
    std::optional<ProjectTables> m_project;
};

} // namespace pgr
