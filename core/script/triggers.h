// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace pgr {

class PgConnection;

// The target's own triggers that the merge script fires (DESIGN.md, issue #12): what they do to
// the rows (an updated_at stamped, an audit row written) is not the script's doing. The dry run
// reports it apart, by trigger, and passes only where a reviewer accepted each trigger by name
// (schema.table.trigger), remembered in the project and named in the script's header.
class TargetTriggers
{
public:
    struct Finding
    {
        QString name; // schema.table.trigger
        QString definition; // pg_get_triggerdef
        QString effects; // what the last dry run saw it change; empty: nothing
        bool accepted = false;
        QString acceptedBy; // who accepted it (lastDryRun), empty while not accepted
    };

    explicit TargetTriggers(PgConnection& project);

    // The enabled triggers of database (a copy of the target, or the target) on the tables given
    // (schema.table), not those PostgreSQL makes for its own constraints.
    static QList<Finding> on(PgConnection& database, const QStringList& tables);

    // The last dry run's findings, replacing the ones before.
    void record(const QList<Finding>& findings);
    // With who accepted each (the window shows it beside the effects).
    QList<Finding> lastDryRun();
    QStringList accepted();
    // Throws naming a trigger the last dry run did not find (a typo must not accept nothing).
    void accept(const QStringList& names, const QString& by);
    void revoke(const QStringList& names);

private:
    PgConnection& m_db;
};

} // namespace pgr
