// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo.h"

#include "error.h"
#include "resourcetext.h"
#include "staging.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// Bump when the demo's SQL changes, so existing demo databases are rebuilt instead of reused.
const QString kMarker = u"pgreconcile demo v1"_s;

QString demoSql(const QString& name) { return resourceText(u":/pgreconcile/demo/"_s + name); }

} // namespace

const QStringList& DemoBuilder::databaseNames()
{
    static const QStringList names = { u"demo_base"_s, u"demo_source"_s, u"demo_target"_s };
    return names;
}

DemoBuilder::DemoBuilder(const Staging& staging)
    : m_staging(staging)
{ }

DemoBuilder::Result DemoBuilder::build(Mode mode)
{
    Result result;
    result.reused = mode == Mode::ReuseOrCreate && isComplete();
    if (!result.reused)
        create();
    for (const QString& name : databaseNames())
        result.databases.append({ name, m_staging.connectionString(name), rowCounts(name) });
    return result;
}

bool DemoBuilder::isComplete()
{
    auto admin = m_staging.connect(u"postgres"_s);
    // The marker comment is written last, so a half-built demo (crash, cancel) has none.
    const PgResult found
        = admin->exec(u"SELECT count(*) FROM pg_database d "
                      "WHERE d.datname = ANY($1::text[]) AND shobj_description(d.oid, 'pg_database') = $2"_s,
            { u"{demo_base,demo_source,demo_target}"_s, kMarker });
    return found.toInt64(0, 0) == databaseNames().size();
}

void DemoBuilder::create()
{
    auto admin = m_staging.connect(u"postgres"_s);
    for (const QString& name : databaseNames())
        dropDatabase(*admin, name);
    admin->exec(u"CREATE DATABASE demo_base"_s);
    {
        auto base = m_staging.connect(u"demo_base"_s);
        base->exec(demoSql(u"schema.sql"_s));
        base->exec(demoSql(u"base_data.sql"_s));
        base->exec(u"VACUUM ANALYZE"_s);
    }
    // Both sides start as exact copies of the base, as at cut-over.
    admin->exec(u"CREATE DATABASE demo_source TEMPLATE demo_base"_s);
    admin->exec(u"CREATE DATABASE demo_target TEMPLATE demo_base"_s);
    m_staging.connect(u"demo_source"_s)->exec(demoSql(u"source_changes.sql"_s));
    m_staging.connect(u"demo_target"_s)->exec(demoSql(u"target_changes.sql"_s));
    for (const QString& name : databaseNames())
        admin->exec(
            u"COMMENT ON DATABASE %1 IS %2"_s.arg(admin->quoteName(name), admin->quoteLiteral(kMarker)));
}

QList<QPair<QString, qint64>> DemoBuilder::rowCounts(const QString& database)
{
    auto connection = m_staging.connect(database);
    const PgResult tables = connection->exec(
        u"SELECT n.nspname || '.' || c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1"_s);
    QList<QPair<QString, qint64>> counts;
    for (int row = 0; row < tables.rowCount(); ++row) {
        const PgResult count = connection->exec(u"SELECT count(*) FROM "_s + tables.text(row, 1));
        counts.append({ tables.text(row, 0), count.toInt64(0, 0) });
    }
    return counts;
}

} // namespace pgr
