// SPDX-License-Identifier: GPL-3.0-or-later
// pgreconcile-cli: the command-line front end over the same core as the GUI.
#include "cli.h"
#include "error.h"
#include "pgreconcile-config.h"

#include <QCoreApplication>
#include <csignal>
#include <iterator>

using namespace Qt::Literals::StringLiterals;
using namespace pgr::cli;

namespace {

const Command kCommands[] = {
    { "demo",
        "Create (or reuse) the diverged demo databases demo_base, demo_source and demo_target in staging.",
        demoCommand },
    { "load", "Load the base (optional), source and target of a review into its staging project.",
        loadCommand },
    { "diff", "Compare the loaded sides and classify every changed row (--json for a report).", diffCommand },
    { "decide", "Decide changes: take source or target, edit, merge, re-key; in bulk; undo and redo.",
        decideCommand },
    { "review", "Show where the review stands: decided, undecided and flagged per table.", reviewCommand },
    { "approve", "Approve the review once nothing is undecided.", approveCommand },
    { "history", "Print the audit trail of decisions, undos and approvals (--json).", historyCommand },
    { "export", "Write the merge script that applies the reviewed decisions to the target.", exportCommand },
    { "verify", "Check that the live target holds every reviewed row after the script ran.", verifyCommand },
    { "triggers", "List the target's triggers the script fires and accept their effects by name.",
        triggersCommand },
    { "projects", "List the review projects in staging.", projectsCommand },
    { "drop", "Drop a review project.", dropCommand },
    { "staging", "Show, start or stop the embedded staging cluster (status | start | stop).",
        stagingCommand },
};

void printUsage(QTextStream& stream)
{
    stream << "Usage: pgreconcile-cli COMMAND [options]\n\n"
              "Reconciles two diverged PostgreSQL databases row by row into one reviewed SQL script.\n\n"
              "Commands:\n";
    for (const Command& command : kCommands)
        stream << "  " << QString::fromLatin1(command.name).leftJustified(10) << ' ' << command.summary
               << '\n';
    stream << "\nRun \"pgreconcile-cli COMMAND --help\" for a command's options.\n";
    stream.flush();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pgreconcile"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(PGRECONCILE_VERSION));
    // A pipe closed by `head` must end the program quietly, not kill it mid-message.
    std::signal(SIGPIPE, SIG_IGN);

    const QStringList arguments = app.arguments().mid(1);
    const QString name = arguments.value(0);
    if (name.isEmpty() || name == u"--help"_s || name == u"-h"_s || name == u"help"_s) {
        printUsage(name.isEmpty() ? err() : out());
        return name.isEmpty() ? 2 : 0;
    }
    if (name == u"--version"_s || name == u"version"_s) {
        out() << "pgreconcile-cli " << PGRECONCILE_VERSION << Qt::endl;
        return 0;
    }
    for (const Command& command : kCommands) {
        if (name != QLatin1StringView(command.name))
            continue;
        try {
            return command.run(arguments);
        } catch (const pgr::Error& error) {
            out().flush();
            err() << "pgreconcile-cli " << name << ": " << error.fullText() << Qt::endl;
            return error.isCancellation() ? 130 : 1;
        }
    }
    err() << "pgreconcile-cli: unknown command \"" << name << "\"\n\n";
    printUsage(err());
    return 2;
}
