// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "options.h"
#include "settings.h"
#include "staging.h"
#include "stagingcluster.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

int stagingCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Shows, starts or stops the embedded staging cluster."_s);
    parser.addPositionalArgument(u"action"_s,
        u"status (default), start or stop. start makes the cluster first where the folder has none: the one "
        u"way to "
        "make one in a folder that does not exist yet (other commands refuse a --staging-folder that holds "
        "no "
        "cluster and is not empty, so that a mistyped path gets no cluster of its own)."_s);
    parser.addOption({ u"staging-folder"_s, u"Folder of the embedded staging cluster."_s, u"DIR"_s });
    if (!parse(parser, arguments))
        return 2;
    const QString action = parser.positionalArguments().value(0, u"status"_s);
    if (!stagingFolderOption(parser, "staging", action == u"start"_s))
        return 2;
    QString folder = parser.value(u"staging-folder"_s);
    if (folder.isEmpty())
        folder = Settings().stagingFolder();
    if (folder.isEmpty())
        folder = StagingCluster::defaultFolder();

    if (action == u"start"_s) {
        StagingCluster cluster(folder);
        cluster.startPinned();
        out() << "The staging cluster runs in " << folder << " until \"pgreconcile-cli staging stop\"\n"
              << "  connect: psql \"" << cluster.connectionString() << "\"" << Qt::endl;
        return 0;
    }
    StagingCluster cluster(folder);
    if (action == u"stop"_s) {
        cluster.stop();
        out() << "Stopped the staging cluster in " << folder << Qt::endl;
        return 0;
    }
    if (action != u"status"_s) {
        err() << "pgreconcile-cli staging: unknown action \"" << action << "\" (use status, start or stop)"
              << Qt::endl;
        return 2;
    }
    out() << "folder:  " << folder << '\n'
          << "created: " << (cluster.isCreated() ? "yes" : "no") << '\n'
          << "running: " << (cluster.isRunning() ? "yes" : "no") << '\n'
          << "socket:  " << cluster.socketDirectory() << '\n'
          << "log:     " << cluster.logFile() << Qt::endl;
    return 0;
}

} // namespace pgr::cli
