// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "error.h"
#include "loader.h"
#include "options.h"
#include "progress.h"
#include "project.h"
#include "settings.h"
#include "staging.h"

#include <QScopeGuard>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

int loadCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Loads the sides of a review into its staging project, creating the project if needed. Each SRC is "
        u"a "
        "libpq URI (a live server, read in one consistent snapshot), a pg_dump file or folder, or the name "
        "of a "
        "database in staging. Loading a side again replaces its copy and keeps the decisions."_s);
    addStagingOptions(parser);
    parser.addOption({ u"project"_s, u"Name of the review project."_s, u"NAME"_s });
    parser.addOption({ u"base"_s,
        u"The common ancestor (snapshot at cut-over). Optional: without it the diff is two-way."_s,
        u"SRC"_s });
    parser.addOption({ u"source"_s, u"The side whose changes are carried over."_s, u"SRC"_s });
    parser.addOption({ u"target"_s, u"The side the merge script will be applied to."_s, u"SRC"_s });
    for (const auto& side : { u"base"_s, u"source"_s, u"target"_s })
        parser.addOption({ side + u"-schema"_s,
            u"Take only this schema of the %1 database, standing for the whole side (dumps restored side by side)."_s
                .arg(side),
            u"SCHEMA"_s });
    parser.addOption({ u"parallel"_s, u"Tables copied at once, 1 to 64 (default: one per core)."_s, u"N"_s });
    QString name;
    int parallelism = 0;
    if (!parse(parser, arguments) || !requiredOption(parser, "load", u"project"_s, u"NAME"_s, name)
        || !stagingFolderOption(parser, "load")
        || !intOption(parser, "load", u"parallel"_s, 1, 64, parallelism))
        return 2;
    if (!parser.isSet(u"base"_s) && !parser.isSet(u"source"_s) && !parser.isSet(u"target"_s)) {
        err() << "pgreconcile-cli load: give --project NAME and at least one of --base, --source, --target"
              << Qt::endl;
        return 2;
    }
    Project::checkName(name);
    const std::atomic<bool>* interrupted = installInterruptFlag(); // also ends a connect attempt
    auto staging = openStaging(parser); // and sets the connect timeout
    // Every side readable before any is copied: a side refused after another was loaded would
    // leave the project half-loaded (and none is made for a load refused).
    for (const Side side : kAllSides) {
        const QString option = sideName(side);
        if (parser.isSet(option)) {
            try {
                Loader::checkReadable(
                    side, SideSource::interpret(parser.value(option), parser.value(option + u"-schema"_s)));
            } catch (const Error& error) {
                throw error.withContext(u"loading the "_s + option);
            }
        }
    }
    const bool creating = !Project::exists(*staging, name);
    auto project
        = creating ? Project::create(*staging, name, Settings().reviewerName()) : openProject(*staging, name);
    // A project this load made and could not fill is not left behind empty.
    auto dropIfEmpty = qScopeGuard([&] {
        if (!creating || std::uncaught_exceptions() == 0)
            return;
        project.reset();
        if (Project::dropIfNothingLoaded(*staging, name))
            err() << "Removed the project \"" << name
                  << "\" this load had created: nothing was loaded into it." << Qt::endl;
    });

    ProgressLine line;
    Loader loader(*project, interrupted, [&](const LoadProgress& progress) {
        const double fraction = progress.rowsEstimated > 0
            ? double(progress.rowsDone) / double(progress.rowsEstimated)
            : double(progress.tablesDone) / std::max(1, progress.tablesTotal);
        const QString what = !progress.message.isEmpty()
            ? progress.message
            : u"%1: %2 (%3/%4 tables, %5 rows)"_s.arg(sideName(progress.side), progress.table,
                QString::number(progress.tablesDone), QString::number(progress.tablesTotal),
                QString::number(progress.rowsDone));
        line.update(fraction, what);
    });
    loader.setParallelism(parallelism);
    // The target's schema is where one-schema sides are matched.
    const QString logicalSchema
        = parser.isSet(u"target-schema"_s) ? parser.value(u"target-schema"_s) : u"public"_s;
    for (const Side side : kAllSides) {
        const QString option = sideName(side);
        if (!parser.isSet(option))
            continue;
        SideSource source = SideSource::interpret(parser.value(option), parser.value(option + u"-schema"_s));
        if (!source.schema.isEmpty())
            source.logicalSchema = logicalSchema;
        Loader::Result result;
        try {
            result = loader.load(side, source);
        } catch (const Error& error) {
            line.finish();
            throw error.withContext(u"loading the "_s + option);
        }
        line.finish();
        out() << option.leftJustified(7) << ' ' << result.tables << " tables, " << result.rows << " rows in "
              << QString::number(result.seconds, 'f', 1) << " s from " << source.description() << " ("
              << source.kindName() << ')' << Qt::endl;
    }
    out() << "Project \"" << name << "\" is in " << staging->description()
          << ". Next: pgreconcile-cli diff --project " << name << Qt::endl;
    return 0;
}

} // namespace pgr::cli
