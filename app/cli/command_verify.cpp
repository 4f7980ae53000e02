// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "conninfo.h"
#include "error.h"
#include "progress.h"
#include "project.h"
#include "staging.h"
#include "verifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

void printVerifyResult(const VerifyResult& result)
{
    out() << u"table"_s.leftJustified(28) << u"in place"_s.leftJustified(10) << u"missing"_s.leftJustified(9)
          << u"differs"_s.leftJustified(9) << u"not deleted"_s.leftJustified(13)
          << u"not checked"_s.leftJustified(13) << "collateral\n";
    for (const VerifyTable& table : result.tables) {
        out() << table.table.leftJustified(28) << QString::number(table.inPlace).leftJustified(10)
              << QString::number(table.missing).leftJustified(9) << QString::number(table.differs).leftJustified(9)
              << QString::number(table.stillPresent).leftJustified(13)
              << QString::number(table.notChecked).leftJustified(13) << table.collateral << '\n';
        for (const QString& problem : table.problems)
            out() << "    " << problem << '\n';
        for (const QString& reason : table.notCheckedReasons)
            out() << "    not checked: " << reason << '\n';
        for (const QString& problem : table.collateralProblems)
            out() << "    collateral: " << problem << '\n';
    }
    const qint64 decided = result.problems() - result.collateral();
    out() << (decided == 0 ? u"Every decided change is in place"_s
                           : u"%1 decided change(s) are NOT as reviewed"_s.arg(decided))
          << " (" << result.checked() << " checked)." << Qt::endl;
    // The whole-state check: every row no decision writes, in every table of the review.
    out() << (result.collateral() == 0
                     ? u"Every other row is as the staged target holds it (%1 rows compared)."_s.arg(
                           result.unchanged())
                     : u"%1 other row(s) changed, are gone or appeared with no decision for them (%2 rows "
                       "unchanged)."_s.arg(QString::number(result.collateral()), QString::number(result.unchanged())))
          << Qt::endl;
}

QJsonObject verifyResultJson(const VerifyResult& result)
{
    QJsonObject tables;
    for (const VerifyTable& table : result.tables) {
        tables.insert(table.table,
            QJsonObject { { u"in_place"_s, table.inPlace }, { u"missing"_s, table.missing }, { u"differs"_s, table.differs },
                { u"still_present"_s, table.stillPresent }, { u"not_checked"_s, table.notChecked },
                { u"problems"_s, QJsonArray::fromStringList(table.problems) },
                { u"not_checked_reasons"_s, QJsonArray::fromStringList(table.notCheckedReasons) },
                { u"unchanged"_s, table.unchanged }, { u"collateral"_s, table.collateral },
                { u"collateral_problems"_s, QJsonArray::fromStringList(table.collateralProblems) } });
    }
    return QJsonObject { { u"tables"_s, tables }, { u"checked"_s, result.checked() }, { u"problems"_s, result.problems() },
        { u"unchanged"_s, result.unchanged() }, { u"collateral"_s, result.collateral() },
        { u"passed"_s, result.problems() == 0 } };
}

int verifyCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Reads the live target after the merge script ran and reports, per decided change, whether the target now "
        "holds the reviewed row, and every other row of the review's tables that is not as the staged target holds "
        "it (collateral: a cascade, a rule, a trigger, or a write since the apply). Exit status 1 when any change is "
        "not in place or any collateral row is found."_s);
    addStagingOptions(parser);
    parser.addOption({ u"project"_s, u"Name of the review project."_s, u"NAME"_s });
    parser.addOption({ u"target"_s, u"libpq URI of the target the script was applied to."_s, u"URI"_s });
    parser.addOption({ u"json"_s, u"Also write the report as JSON to FILE (- for standard output)."_s, u"FILE"_s });
    if (!parse(parser, arguments))
        return 2;
    const QString name = parser.value(u"project"_s);
    const QString uri = parser.value(u"target"_s);
    if (name.isEmpty() || uri.isEmpty()) {
        err() << "pgreconcile-cli verify: give --project NAME and --target URI" << Qt::endl;
        return 2;
    }
    const std::atomic<bool>* interrupted = installInterruptFlag();
    auto staging = openStaging(parser);
    auto project = Project::open(*staging, name);
    const auto info = ConnectionInfo::parse(uri);
    const VerifyResult result = Verifier(*project, interrupted)
                                    .verify(info.toConnectionString(), u"target (%1)"_s.arg(info.toDisplayString()));
    printVerifyResult(result);
    if (parser.isSet(u"json"_s)) {
        const QByteArray json = QJsonDocument(verifyResultJson(result)).toJson(QJsonDocument::Indented);
        if (parser.value(u"json"_s) == u"-"_s) {
            out() << QString::fromUtf8(json) << Qt::flush;
        } else {
            QSaveFile file(parser.value(u"json"_s));
            if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
                throw Error(u"cannot write %1: %2"_s.arg(parser.value(u"json"_s), file.errorString()));
        }
    }
    return result.problems() == 0 ? 0 : 1;
}

} // namespace pgr::cli
