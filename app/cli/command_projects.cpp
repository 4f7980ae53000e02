// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "options.h"
#include "project.h"
#include "staging.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

int projectsCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Lists the review projects in staging."_s);
    addStagingOptions(parser);
    if (!parse(parser, arguments) || !stagingFolderOption(parser, "projects"))
        return 2;
    auto staging = openStaging(parser);
    const auto projects = Project::list(*staging);
    if (projects.isEmpty()) {
        out()
            << "No review projects in " << staging->description()
            << ". Start one with: pgreconcile-cli load --project NAME --source SRC --target SRC [--base SRC]"
            << Qt::endl;
        return 0;
    }
    out() << u"project"_s.leftJustified(24) << u"sides"_s.leftJustified(20) << u"tables"_s.leftJustified(8)
          << u"changes"_s.leftJustified(10) << "created\n";
    for (const auto& project : projects) {
        out() << project.name.leftJustified(24) << project.sides.join(u',').leftJustified(20)
              << QString::number(project.tables).leftJustified(8)
              << QString::number(project.changes).leftJustified(10) << project.createdAt.toString(Qt::ISODate)
              << " by " << project.createdBy << '\n';
    }
    out().flush();
    return 0;
}

int dropCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Drops a review project with its copies, changes and decisions."_s);
    addProjectOptions(parser);
    QString name;
    if (!parseProjectCommand(parser, arguments, name))
        return 2;
    auto staging = openStaging(parser);
    Project::drop(*staging, name);
    out() << "Dropped the review project \"" << name << "\"." << Qt::endl;
    return 0;
}

} // namespace pgr::cli
