// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QIODevice>
#include <QMap>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>

namespace pgr {

class PgConnection;
class Project;
struct ProjectTable;
class Review;

// Writes the merge script: SQL that applies every decision of a review to the target in one
// transaction, or nothing (docs/decisions-and-script.md shows its two formats). Every UPDATE and DELETE is
// guarded by the target row as reviewed and every statement checks how many rows it touched, so a target that
// moved since the review makes the script fail and roll back instead of overwriting. Statements follow the
// foreign keys (deletes children first; then, parents first, each table's updates and inserts). Literals are
// quoted by libpq and cast to the target's own column types. The parts it drives live beside it in
// core/script/ (namespace pgr::script): scriptTables takes the tables from ProjectTables, ScriptPlan and
// FreshKeys plan them, StatementWriter (VALUES), CopyBlockWriter (COPY) and KeylessWriter write the rows,
// ScriptHeader the front.
class ScriptWriter
{
public:
    enum class Format
    {
        // Each table's rows as a COPY data block into a temporary table, applied by one guarded
        // statement per operation: the fastest to write and to apply; needs psql to apply.
        Copy,
        // Multi-row VALUES statements of batchSize rows: plain SQL any client can run.
        Values
    };

    struct Options
    {
        Format format = Format::Copy;
        int batchSize = 500; // rows per statement (multi-row VALUES)
        bool disableTriggers = false; // SET session_replication_role = replica, where the role allows
        QString lockTimeout = QStringLiteral("10s");
        QString writtenBy; // empty: the reviewer from settings
    };

    struct Summary
    {
        QMap<QString, qint64> statements; // "public.t/insert" → rows
        qint64 rows = 0;
        qint64 bytes = 0;
        QString checksum; // of the decisions the script was written from
        QString approvedBy; // empty: a draft
    };

    ScriptWriter(Project& project, Options options, const std::atomic<bool>* cancel = nullptr);

    // Throws pgr::Error while conflicts are undecided (naming how many and where), for a foreign-key
    // cycle that cannot be deferred, and for a re-key it cannot carry out.
    Summary write(QIODevice& out);

    // The SELECT of every decided change's final row: table_id-specific, used by the writer and the
    // verification. Columns: key, final_present, target_present, then each column's final text and
    // each column's reviewed target text, in the order of columns (the target's staged ones).
    // withKeptRows adds the changes decided "keep target" (their final row is the reviewed target row).
    // It reads pgreconcile.review_all: run it inside a BulkRead. Throws pgr::Error for a table
    // without a key or a diff. The first form reads the project's tables itself.
    static QString finalRowsSql(
        PgConnection& db, int tableId, QStringList* columns, bool withKeptRows = false);
    static QString finalRowsSql(
        PgConnection& db, const ProjectTable& table, QStringList* columns, bool withKeptRows = false);
    // Names for finalRowsSql's columns, for "(SELECT …) AS x (names)": key, action, final_present,
    // target_present, f0.. (the row as it ends), t0.. (the target row as reviewed).
    static QString finalRowsAliases(int columns);

private:
    Summary writeScript(QIODevice& out);
    void refuseWhileUndecided(Review& review) const;
    QString header(PgConnection& db, const Summary& summary, const QStringList& decisionCounts) const;
    Project& m_project;
    Options m_options;
    const std::atomic<bool>* m_cancel;
};

} // namespace pgr
