// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "interruptedwork.h"
#include "pgconnection.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <memory>

namespace pgr {

class Staging;

// A review project: one staging database, pgreconcile_<name>, holding schemas base, source and
// target (the sides' copies) and pgreconcile (the project's own tables, core/staging/sql/project_schema.sql).
class Project
{
public:
    struct Summary
    {
        QString name;
        QString database;
        QDateTime createdAt;
        QString createdBy;
        QStringList sides; // loaded sides
        qint64 tables = 0;
        qint64 changes = 0;
    };

    // Names are lowercase letters, digits, '_' and '-', at most 40; throws pgr::Error otherwise.
    static void checkName(const QString& name);
    static QString databaseFor(const QString& name);

    static bool exists(const Staging& staging, const QString& name);
    // Throws when a project of that name exists.
    static std::unique_ptr<Project> create(
        const Staging& staging, const QString& name, const QString& createdBy);
    // Throws with the list command as a hint when there is no such project.
    static std::unique_ptr<Project> open(const Staging& staging, const QString& name);
    static std::unique_ptr<Project> openOrCreate(
        const Staging& staging, const QString& name, const QString& createdBy);
    static void drop(const Staging& staging, const QString& name);
    // For a load that created the project and failed: drops it when no side was ever loaded into
    // it, so no empty project is left behind. Returns whether it dropped it; never throws.
    static bool dropIfNothingLoaded(const Staging& staging, const QString& name) noexcept;
    static QList<Summary> list(const Staging& staging);

    const QString& name() const { return m_name; }
    QString database() const { return databaseFor(m_name); }
    const Staging& staging() const { return m_staging; }
    // The project's main connection (one thread). Workers open their own with connect().
    PgConnection& connection() { return *m_connection; }
    std::unique_ptr<PgConnection> connect() const;
    // Work on this project that a killed or failed run left unfinished, found when it was opened
    // (what it left behind is removed by then); empty when everything finished.
    const QList<InterruptedWork>& interruptedWork() const { return m_interruptedWork; }

private:
    Project(const Staging& staging, QString name);
    // Throws, removing the database, when a killed run left the project's database without its tables.
    void checkCreationFinished();
    const Staging& m_staging;
    QString m_name;
    std::unique_ptr<PgConnection> m_connection;
    QList<InterruptedWork> m_interruptedWork;
};

// Reads that scan whole tables through pgreconcile.review_all run inside one of these: a
// transaction (its own read-only one when none is open) whose planner may not use nested loops,
// which on stale statistics would make review_all's join quadratic, and whose sorts get memory.
class BulkRead
{
public:
    explicit BulkRead(PgConnection& db);
    ~BulkRead();
    BulkRead(const BulkRead&) = delete;
    BulkRead& operator=(const BulkRead&) = delete;

private:
    PgConnection& m_db;
    bool m_ownTransaction = false;
};

} // namespace pgr
