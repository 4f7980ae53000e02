// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgconnection.h"
#include "stagingcluster.h"

#include <QString>
#include <memory>

namespace pgr {

// Where review state lives: the embedded cluster (the default) or an existing server that the
// user names by libpq URI. Everything else asks it for connections and never cares which.
class Staging
{
public:
    struct Choice
    {
        QString uri; // empty: the embedded cluster
        QString folder; // embedded cluster folder; empty: StagingCluster::defaultFolder()
        bool durable = true;
    };

    // Starts the embedded cluster if needed, or checks that the named server answers.
    static std::unique_ptr<Staging> open(const Choice& choice);
    ~Staging();

    QString connectionString(const QString& database) const;
    std::unique_ptr<PgConnection> connect(const QString& database) const;
    // "embedded cluster in /path" or the server's URI without password.
    QString description() const;
    StagingCluster* cluster() const { return m_cluster.get(); }

private:
    Staging() = default;
    std::unique_ptr<StagingCluster> m_cluster;
    QString m_uri;
};

// The databases of a staging server (projects, scratch copies of dumps, dry runs), through a
// connection to another database of it.
bool databaseExists(PgConnection& admin, const QString& database);
// Drops it if it exists, ending its sessions first (WITH FORCE).
void dropDatabase(PgConnection& admin, const QString& database);

} // namespace pgr
