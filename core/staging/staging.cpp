// SPDX-License-Identifier: GPL-3.0-or-later
#include "staging.h"

#include "conninfo.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr {

std::unique_ptr<Staging> Staging::open(const Choice& choice)
{
    std::unique_ptr<Staging> staging(new Staging);
    if (choice.uri.isEmpty()) {
        const QString folder = choice.folder.isEmpty() ? StagingCluster::defaultFolder() : choice.folder;
        staging->m_cluster
            = std::make_unique<StagingCluster>(folder, StagingCluster::Options { .durable = choice.durable });
        staging->m_cluster->ensureStarted();
    } else {
        ConnectionInfo::parse(choice.uri); // a clear error for a malformed URI, before anything else
        staging->m_uri = choice.uri;
        staging->connect(ConnectionInfo::parse(choice.uri).database()); // fails early, naming the server
    }
    return staging;
}

Staging::~Staging() = default;

QString Staging::connectionString(const QString& database) const
{
    if (m_cluster)
        return m_cluster->connectionString(database.isEmpty() ? u"postgres"_s : database);
    ConnectionInfo info = ConnectionInfo::parse(m_uri);
    if (!database.isEmpty())
        info = info.withDatabase(database);
    return info.toConnectionString();
}

std::unique_ptr<PgConnection> Staging::connect(const QString& database) const
{
    return std::make_unique<PgConnection>(connectionString(database),
        u"staging database \"%1\""_s.arg(database.isEmpty() ? u"postgres"_s : database));
}

QString Staging::description() const
{
    if (m_cluster)
        return u"embedded cluster in %1"_s.arg(m_cluster->folder());
    return ConnectionInfo::parse(m_uri).toDisplayString();
}

bool databaseExists(PgConnection& admin, const QString& database)
{
    return admin.exec(u"SELECT 1 FROM pg_database WHERE datname = $1"_s, { database }).rowCount() == 1;
}

void dropDatabase(PgConnection& admin, const QString& database)
{
    admin.exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin.quoteName(database)));
}

} // namespace pgr
