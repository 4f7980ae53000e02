// SPDX-License-Identifier: GPL-3.0-or-later
#include "triggers.h"

#include "error.h"
#include "jsontext.h"
#include "pgconnection.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr {

TargetTriggers::TargetTriggers(PgConnection& project)
    : m_db(project)
{ }

QList<TargetTriggers::Finding> TargetTriggers::on(PgConnection& database, const QStringList& tables)
{
    const PgResult rows = database.exec(
        u"SELECT format('%s.%s.%s', n.nspname, c.relname, t.tgname), pg_get_triggerdef(t.oid) "
        "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = "
        "c.relnamespace "
        "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
        "AND n.nspname || '.' || c.relname IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY 1"_s,
        { jsonFromStrings(tables) });
    QList<Finding> findings;
    for (int row = 0; row < rows.rowCount(); ++row)
        findings.append({ rows.text(row, 0), rows.text(row, 1), {}, false, {} });
    return findings;
}

void TargetTriggers::record(const QList<Finding>& findings)
{
    PgTransaction tx(m_db);
    m_db.exec(u"DELETE FROM pgreconcile.trigger_findings"_s);
    for (const Finding& finding : findings) {
        m_db.exec(
            u"INSERT INTO pgreconcile.trigger_findings (name, definition, effects) VALUES ($1, $2, $3)"_s,
            { finding.name, finding.definition, finding.effects });
    }
    tx.commit();
}

QList<TargetTriggers::Finding> TargetTriggers::lastDryRun()
{
    const PgResult rows = m_db.exec(
        u"SELECT f.name, f.definition, f.effects, a.name IS NOT NULL, coalesce(a.accepted_by, '') "
        "FROM pgreconcile.trigger_findings f "
        "LEFT JOIN pgreconcile.accepted_triggers a USING (name) ORDER BY f.name"_s);
    QList<Finding> findings;
    for (int row = 0; row < rows.rowCount(); ++row)
        findings.append({ rows.text(row, 0), rows.text(row, 1), rows.text(row, 2), rows.toBool(row, 3),
            rows.text(row, 4) });
    return findings;
}

QStringList TargetTriggers::accepted()
{
    const PgResult rows = m_db.exec(u"SELECT name FROM pgreconcile.accepted_triggers ORDER BY name"_s);
    QStringList names;
    for (int row = 0; row < rows.rowCount(); ++row)
        names.append(rows.text(row, 0));
    return names;
}

void TargetTriggers::accept(const QStringList& names, const QString& by)
{
    PgTransaction tx(m_db);
    for (const QString& name : names) {
        if (m_db.exec(u"SELECT 1 FROM pgreconcile.trigger_findings WHERE name = $1"_s, { name }).rowCount()
            == 0)
            throw Error(u"the last dry run found no trigger %1 on the tables the script writes"_s.arg(name),
                u"name it as schema.table.trigger; \"pgreconcile-cli triggers --project P\" lists them (run "
                u"export --dry-run "
                "first)"_s);
        m_db.exec(
            u"INSERT INTO pgreconcile.accepted_triggers (name, accepted_by) VALUES ($1, $2) "
            "ON CONFLICT (name) DO UPDATE SET accepted_by = EXCLUDED.accepted_by, accepted_at = now()"_s,
            { name, by });
    }
    tx.commit();
}

void TargetTriggers::revoke(const QStringList& names)
{
    for (const QString& name : names)
        m_db.exec(u"DELETE FROM pgreconcile.accepted_triggers WHERE name = $1"_s, { name });
}

} // namespace pgr
