// SPDX-License-Identifier: GPL-3.0-or-later
#include "project.h"

#include "error.h"
#include "interruptedwork.h"
#include "resourcetext.h"
#include "staging.h"

#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// 2: the views moved to project_views.sql; review_all and the decision functions added.
// 3: pgreconcile.changes without its foreign key to pgreconcile.tables (project_schema.sql).
// 4: the conflicts foreign keys create: kinds delete_referenced and parent_missing, pgreconcile.related,
//    decisions of origin "follows" (project_upgrade.sql).
// 5: decisions.mapped_onto (action map_onto_target). 6: the id_collision kind.
// 7: pgreconcile.work, work that runs and work that was interrupted (core/staging/interruptedwork.h).
constexpr int kFormatVersion = 7;
const QString kDatabasePrefix = u"pgreconcile_"_s;

QString resourceSql(const QString& name) { return resourceText(u":/pgreconcile/sql/"_s + name); }

} // namespace

Project::Project(const Staging& staging, QString name)
    : m_staging(staging)
    , m_name(std::move(name))
    , m_connection(staging.connect(databaseFor(m_name)))
{ }

void Project::checkName(const QString& name)
{
    static const QRegularExpression valid(u"^[a-z0-9][a-z0-9_-]{0,39}$"_s);
    if (!valid.match(name).hasMatch())
        throw Error(u"\"%1\" is not a valid project name"_s.arg(name),
            u"use 1 to 40 lowercase letters, digits, '_' or '-', starting with a letter or digit, e.g. "
            "\"orders-2026-11\""_s);
}

QString Project::databaseFor(const QString& name) { return kDatabasePrefix + name; }

bool Project::exists(const Staging& staging, const QString& name)
{
    checkName(name);
    return databaseExists(*staging.connect(u"postgres"_s), databaseFor(name));
}

std::unique_ptr<Project> Project::create(
    const Staging& staging, const QString& name, const QString& createdBy)
{
    checkName(name);
    auto admin = staging.connect(u"postgres"_s);
    if (exists(staging, name))
        throw Error(u"a review project named \"%1\" exists already"_s.arg(name),
            u"open it, choose another name, or drop it with \"pgreconcile-cli drop --project %1\""_s.arg(
                name));
    const QString database = admin->quoteName(databaseFor(name));
    admin->exec(
        u"CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"_s.arg(database));
    try {
        auto connection = staging.connect(databaseFor(name));
        PgTransaction tx(*connection);
        connection->exec(resourceSql(u"project_schema.sql"_s));
        connection->exec(resourceSql(u"project_upgrade.sql"_s));
        connection->exec(resourceSql(u"project_views.sql"_s));
        connection->exec(
            u"INSERT INTO pgreconcile.project (name, format_version, created_by) VALUES ($1, $2, $3)"_s,
            { name, kFormatVersion, createdBy });
        connection->exec(u"COMMENT ON DATABASE %1 IS %2"_s.arg(
            database, connection->quoteLiteral(u"pgreconcile review project"_s)));
        tx.commit();
    } catch (...) {
        dropDatabase(*admin, databaseFor(name));
        throw;
    }
    return open(staging, name);
}

std::unique_ptr<Project> Project::open(const Staging& staging, const QString& name)
{
    if (!exists(staging, name))
        throw Error(u"there is no review project named \"%1\" in %2"_s.arg(name, staging.description()),
            u"list the projects with \"pgreconcile-cli projects\", or create this one with \"pgreconcile-cli "
            u"load "
            "--project %1 ...\""_s.arg(name));
    std::unique_ptr<Project> project(new Project(staging, name));
    project->checkCreationFinished();
    const PgResult format = project->connection().exec(u"SELECT format_version FROM pgreconcile.project"_s);
    if (format.rowCount() != 1 || format.toInt64(0, 0) > kFormatVersion)
        throw Error(u"the review project \"%1\" was made by a newer pgreconcile (format %2)"_s.arg(name).arg(
                        format.rowCount() ? format.text(0, 0) : u"unknown"_s),
            u"open it with the pgreconcile release that made it"_s);
    if (format.toInt64(0, 0) < kFormatVersion) {
        // An older release's project: its tables are brought up to date, its views made again.
        PgConnection& db = project->connection();
        PgTransaction tx(db);
        db.exec(u"ALTER TABLE pgreconcile.changes DROP CONSTRAINT IF EXISTS changes_table_id_fkey"_s);
        db.exec(resourceSql(u"project_upgrade.sql"_s));
        db.exec(resourceSql(u"project_views.sql"_s));
        db.exec(u"UPDATE pgreconcile.project SET format_version = $1"_s, { kFormatVersion });
        tx.commit();
    }
    project->m_interruptedWork = recoverInterruptedWork(*project);
    return project;
}

void Project::checkCreationFinished()
{
    if (!m_connection->exec(u"SELECT to_regclass('pgreconcile.project')"_s).isNull(0, 0))
        return;
    // Made by a process killed between CREATE DATABASE and its first commit, unless that
    // process is still connected to it, creating it now.
    const PgResult others = m_connection->exec(
        u"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"_s);
    if (others.toInt64(0, 0) > 0)
        throw Error(u"the review project \"%1\" is being created by another process"_s.arg(m_name),
            u"wait a moment and try again"_s);
    m_connection.reset();
    dropDatabase(*m_staging.connect(u"postgres"_s), databaseFor(m_name));
    throw Error(
        u"the review project \"%1\" was left half-made by an interrupted run (its creation never finished); "
        "it held nothing and was removed"_s.arg(m_name),
        u"load it again: \"pgreconcile-cli load --project %1 ...\""_s.arg(m_name));
}

std::unique_ptr<Project> Project::openOrCreate(
    const Staging& staging, const QString& name, const QString& createdBy)
{
    return exists(staging, name) ? open(staging, name) : create(staging, name, createdBy);
}

void Project::drop(const Staging& staging, const QString& name)
{
    if (!exists(staging, name))
        throw Error(u"there is no review project named \"%1\""_s.arg(name),
            u"list the projects with \"pgreconcile-cli projects\""_s);
    dropDatabase(*staging.connect(u"postgres"_s), databaseFor(name));
}

bool Project::dropIfNothingLoaded(const Staging& staging, const QString& name) noexcept
{
    try {
        if (!exists(staging, name))
            return false;
        if (staging.connect(databaseFor(name))
                ->exec(u"SELECT count(*) FROM pgreconcile.sides"_s)
                .toInt64(0, 0)
            > 0)
            return false;
        drop(staging, name);
        return true;
    } catch (const Error&) {
        return false; // the next open finds it, and says what was interrupted
    }
}

QList<Project::Summary> Project::list(const Staging& staging)
{
    auto admin = staging.connect(u"postgres"_s);
    const PgResult databases = admin->exec(
        u"SELECT datname FROM pg_database WHERE datname LIKE 'pgreconcile\\_%' ORDER BY datname"_s);
    QList<Summary> projects;
    for (int row = 0; row < databases.rowCount(); ++row) {
        Summary summary;
        summary.database = databases.text(row, 0);
        summary.name = summary.database.mid(kDatabasePrefix.size());
        try {
            auto connection = staging.connect(summary.database);
            const PgResult info = connection->exec(
                u"SELECT p.created_at, p.created_by, "
                "(SELECT string_agg(side, ',' ORDER BY array_position(ARRAY['base','source','target'], "
                "side)) FROM pgreconcile.sides), "
                "(SELECT count(*) FROM pgreconcile.tables), (SELECT count(*) FROM pgreconcile.changes) "
                "FROM pgreconcile.project p"_s);
            if (info.rowCount() != 1)
                continue;
            summary.createdAt = QDateTime::fromString(info.text(0, 0).left(19), Qt::ISODate);
            summary.createdAt.setTimeZone(QTimeZone::utc());
            summary.createdBy = info.text(0, 1);
            summary.sides = info.text(0, 2).split(u',', Qt::SkipEmptyParts);
            summary.tables = info.toInt64(0, 3);
            summary.changes = info.toInt64(0, 4);
        } catch (const Error&) {
            continue; // a database that only looks like a project
        }
        projects.append(summary);
    }
    return projects;
}

std::unique_ptr<PgConnection> Project::connect() const { return m_staging.connect(database()); }

BulkRead::BulkRead(PgConnection& db)
    : m_db(db)
{
    if (!m_db.inTransaction()) {
        // One snapshot for every statement of the read (the checksum reads table by table).
        m_db.begin(u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
        m_ownTransaction = true;
    }
    // Sorts of a million rows (checksum, script order) fit in memory; staging is the user's own server.
    m_db.exec(u"SET LOCAL enable_nestloop = off; SET LOCAL work_mem = '256MB'"_s);
}

BulkRead::~BulkRead()
{
    if (m_ownTransaction) {
        m_db.rollback();
        return;
    }
    try {
        // The caller's transaction goes on planning as before.
        m_db.exec(u"SET LOCAL enable_nestloop = on; SET LOCAL work_mem = DEFAULT"_s);
    } catch (const std::exception&) {
        // The transaction failed meanwhile: the caller rolls it back, which resets the setting.
    }
}

} // namespace pgr
