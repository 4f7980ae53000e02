// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "conninfo.h"
#include "error.h"
#include "options.h"
#include "privatefile.h"
#include "progress.h"
#include "project.h"
#include "staging.h"
#include "verifier.h"
#include "verifyreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

void printVerifyResult(const VerifyResult& result, bool verbose)
{
    out() << VerifyReport(result).text(verbose) << Qt::flush;
}

QJsonObject verifyResultJson(const VerifyResult& result) { return VerifyReport(result).json(); }

int verifyCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Reads the live target after the merge script ran and reports, per decided change, whether the "
        u"target now "
        "holds the reviewed row, and every other row of the review's tables that is not as the staged target "
        "holds "
        "it. Such a row written by the merge script's transaction (found from the xmin of the rows its "
        "decisions "
        "wrote) is collateral: a cascade, a rule or a trigger. One written by another transaction, or "
        "deleted where "
        "no trigger the script fires could have, is the target's own change since the review, counted apart. "
        "Exit status 1 when any change is not in place or any collateral row is found."_s);
    addStagingOptions(parser);
    parser.addOption({ u"project"_s, u"Name of the review project."_s, u"NAME"_s });
    parser.addOption({ u"target"_s, u"libpq URI of the target the script was applied to."_s, u"URI"_s });
    parser.addOption(
        { u"json"_s, u"Also write the report as JSON to FILE (- for standard output)."_s, u"FILE"_s });
    parser.addOption(
        { u"verbose"_s, u"Also list the rows the target changed since the review (20 per table)."_s });
    QString name, uri;
    if (!parse(parser, arguments) || !requiredOption(parser, "verify", u"project"_s, u"NAME"_s, name)
        || !requiredOption(parser, "verify", u"target"_s, u"URI"_s, uri)
        || !stagingFolderOption(parser, "verify"))
        return 2;
    const std::atomic<bool>* interrupted = installInterruptFlag();
    auto staging = openStaging(parser);
    auto project = openProject(*staging, name);
    const auto info = ConnectionInfo::parse(uri);
    const VerifyResult result
        = Verifier(*project, interrupted)
              .verify(info.toConnectionString(), u"target (%1)"_s.arg(info.toDisplayString()),
                  Verifier::Checked::LiveTarget);
    printVerifyResult(result, parser.isSet(u"verbose"_s));
    if (parser.isSet(u"json"_s)) {
        const QByteArray json = QJsonDocument(verifyResultJson(result)).toJson(QJsonDocument::Indented);
        if (parser.value(u"json"_s) == u"-"_s) {
            out() << QString::fromUtf8(json) << Qt::flush;
        } else {
            QSaveFile file(parser.value(u"json"_s));
            if (!openPrivately(file) || file.write(json) != json.size() || !file.commit())
                throw Error(u"cannot write %1: %2"_s.arg(parser.value(u"json"_s), file.errorString()));
        }
    }
    return result.problems() == 0 ? 0 : 1;
}

} // namespace pgr::cli
