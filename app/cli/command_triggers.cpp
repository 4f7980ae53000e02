// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "error.h"
#include "progress.h"
#include "project.h"
#include "settings.h"
#include "staging.h"
#include "triggers.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

int triggersCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Lists the target's own triggers the merge script fires, with what they changed in the last dry run "
        "(export --dry-run), and accepts their effects by name: a dry run whose only differences are the "
        "effects of accepted triggers passes."_s);
    addProjectOptions(parser);
    parser.addOptions({
        { u"accept"_s, u"Accept a trigger's effects (repeatable)."_s, u"SCHEMA.TABLE.TRIGGER"_s },
        { u"accept-all"_s, u"Accept the effects of every trigger the last dry run found."_s },
        { u"revoke"_s, u"Take an acceptance back (repeatable)."_s, u"SCHEMA.TABLE.TRIGGER"_s },
        { u"by"_s, u"Who accepts (default: the reviewer from the settings)."_s, u"NAME"_s },
    });
    QString name;
    if (!parseProjectCommand(parser, arguments, name))
        return 2;
    auto staging = openStaging(parser);
    auto project = openProject(*staging, name);
    TargetTriggers triggers(project->connection());
    const QString by = parser.isSet(u"by"_s) ? parser.value(u"by"_s) : Settings().reviewerName();
    QStringList accept = parser.values(u"accept"_s);
    if (parser.isSet(u"accept-all"_s)) {
        for (const TargetTriggers::Finding& finding : triggers.lastDryRun())
            accept.append(finding.name);
    }
    if (!accept.isEmpty())
        triggers.accept(accept, by);
    triggers.revoke(parser.values(u"revoke"_s));

    const QList<TargetTriggers::Finding> findings = triggers.lastDryRun();
    if (findings.isEmpty()) {
        out() << "The last dry run of project \"" << name
              << "\" found no trigger of the target on the tables the script "
              << "writes (run pgreconcile-cli export --project " << name << " --out FILE --dry-run first)."
              << Qt::endl;
        return 0;
    }
    for (const TargetTriggers::Finding& finding : findings) {
        out() << (finding.accepted ? "accepted  " : "          ") << finding.name << '\n'
              << "          " << finding.definition << '\n'
              << "          changed: "
              << (finding.effects.isEmpty() ? u"nothing the dry run saw"_s : finding.effects) << '\n';
    }
    out().flush();
    return 0;
}

} // namespace pgr::cli
