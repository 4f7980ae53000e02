// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "error.h"
#include "loader.h"
#include "options.h"
#include "pipeline.h"
#include "progress.h"
#include "project.h"
#include "settings.h"
#include "staging.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

namespace {

void addLoadOptions(QCommandLineParser& parser)
{
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
}

// The sides given on the command line, in the order they are loaded.
QList<SideToLoad> sidesToLoad(const QCommandLineParser& parser)
{
    // The target's schema is where one-schema sides are matched.
    const QString logicalSchema
        = parser.isSet(u"target-schema"_s) ? parser.value(u"target-schema"_s) : u"public"_s;
    QList<SideToLoad> sides;
    for (const Side side : kAllSides) {
        const QString option = sideName(side);
        if (!parser.isSet(option))
            continue;
        SideSource source = SideSource::interpret(parser.value(option), parser.value(option + u"-schema"_s));
        if (!source.schema.isEmpty())
            source.logicalSchema = logicalSchema;
        sides.append({ side, source });
    }
    return sides;
}

Pipeline::Callbacks loadCallbacks(ProgressLine& line, const QString& name)
{
    Pipeline::Callbacks callbacks;
    callbacks.opened = [](const Project& project, bool created) {
        if (!created)
            reportInterruptedWork(project);
    };
    callbacks.loading = [&line](const LoadProgress& progress, const PipelineStep&) {
        const QString what = !progress.message.isEmpty()
            ? progress.message
            : u"%1: %2 (%3/%4 tables, %5 rows)"_s.arg(sideName(progress.side), progress.table,
                QString::number(progress.tablesDone), QString::number(progress.tablesTotal),
                QString::number(progress.rowsDone));
        line.update(Pipeline::fractionOf(progress), what);
    };
    callbacks.loaded = [&line](Side side, const SideSource& source, const Loader::Result& result) {
        line.finish();
        out() << sideName(side).leftJustified(7) << ' ' << result.tables << " tables, " << result.rows
              << " rows in " << QString::number(result.seconds, 'f', 1) << " s from " << source.description()
              << " (" << source.kindName() << ')' << Qt::endl;
    };
    callbacks.droppedEmptyProject = [name] {
        err() << "Removed the project \"" << name << "\" this load had created: nothing was loaded into it."
              << Qt::endl;
    };
    return callbacks;
}

} // namespace

int loadCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    addLoadOptions(parser);
    Pipeline::Request request;
    if (!parse(parser, arguments) || !requiredOption(parser, "load", u"project"_s, u"NAME"_s, request.project)
        || !stagingFolderOption(parser, "load")
        || !intOption(parser, "load", u"parallel"_s, 1, 64, request.loadParallelism))
        return 2;
    if (!parser.isSet(u"base"_s) && !parser.isSet(u"source"_s) && !parser.isSet(u"target"_s)) {
        err() << "pgreconcile-cli load: give --project NAME and at least one of --base, --source, --target"
              << Qt::endl;
        return 2;
    }
    Project::checkName(request.project);
    const std::atomic<bool>* interrupted = installInterruptFlag(); // also ends a connect attempt
    auto staging = openStaging(parser); // and sets the connect timeout
    request.reviewer = Settings().reviewerName();
    request.sides = sidesToLoad(parser);
    request.diff = false;
    ProgressLine line;
    try {
        Pipeline(*staging, interrupted, loadCallbacks(line, request.project)).run(request);
    } catch (const Error&) {
        line.finish();
        throw;
    }
    out() << "Project \"" << request.project << "\" is in " << staging->description()
          << ". Next: pgreconcile-cli diff --project " << request.project << Qt::endl;
    return 0;
}

} // namespace pgr::cli
