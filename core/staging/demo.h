// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace pgr {

class Staging;

// The built-in demo: three databases demo_base, demo_source and demo_target in staging, a
// geotechnical lab's data that diverged after a migration (docs/demo.md tells the story).
// The SQL lives in core/staging/demo/*.sql, compiled in as resources.
class DemoBuilder
{
public:
    enum class Mode
    {
        ReuseOrCreate, // keep complete demo databases, rebuild missing or half-built ones
        Recreate, // always drop and rebuild
    };

    struct Database
    {
        QString name;
        QString connectionString;
        QList<QPair<QString, qint64>> rowCounts; // schema-qualified table, rows
    };

    struct Result
    {
        bool reused = false;
        QList<Database> databases; // base, source, target
    };

    static const QStringList& databaseNames();

    explicit DemoBuilder(const Staging& staging);
    Result build(Mode mode);

private:
    bool isComplete();
    void create();
    QList<QPair<QString, qint64>> rowCounts(const QString& database);

    const Staging& m_staging;
};

} // namespace pgr
