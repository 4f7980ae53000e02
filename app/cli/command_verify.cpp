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

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

namespace {

// A live target whose apply's transaction is known: the rows the apply wrote beyond its decisions
// and the target's own writes since the review, apart.
void printWriters(const VerifyResult& result)
{
    if (!result.live)
        return;
    if (result.applyTransaction.isEmpty()) {
        out() << "Cannot tell the apply's rows from the target's own writes: " << result.applyTransactionNote
              << '.' << Qt::endl;
        return;
    }
    out() << "Rows told apart by the transaction that wrote them: " << result.applyTransactionNote << '.'
          << Qt::endl;
    if (result.byAcceptedTriggers() > 0)
        out() << result.byAcceptedTriggers()
              << " other row(s) are the doing of accepted triggers (or, for a deleted row, cannot be told "
                 "apart from "
                 "the target's own writes): not a failure."
              << Qt::endl;
    out() << result.changedSinceReview()
          << " row(s) were changed by the target itself since the review, not by the apply: not a failure"
          << (result.changedSinceReview() > 0 ? " (--verbose lists them)." : ".") << Qt::endl;
}

// The whole-state check's verdict: every row no decision writes, in every table of the review.
QString collateralLine(const VerifyResult& result)
{
    const QString unchanged = QString::number(result.unchanged());
    const bool toldApart = result.live && !result.applyTransaction.isEmpty();
    if (result.collateral() == 0 && result.changedSinceReview() == 0 && result.byAcceptedTriggers() == 0)
        return u"Every other row is as the staged target holds it (%1 rows compared)."_s.arg(unchanged);
    if (result.collateral() == 0)
        return u"No collateral row: %1 other rows are as the staged target holds them, the rest are told "
               u"apart "
               "below."_s.arg(unchanged);
    if (toldApart)
        return u"%1 other row(s) were changed by the apply beyond its decisions, or cannot be told from the "
               u"target's "
               "own writes (%2 rows unchanged)."_s.arg(QString::number(result.collateral()), unchanged);
    return u"%1 other row(s) changed, are gone or appeared with no decision for them (%2 rows unchanged)."_s
        .arg(QString::number(result.collateral()), unchanged);
}

} // namespace

void printVerifyResult(const VerifyResult& result, bool verbose)
{
    out() << u"table"_s.leftJustified(28) << u"in place"_s.leftJustified(10) << u"missing"_s.leftJustified(9)
          << u"differs"_s.leftJustified(9) << u"not deleted"_s.leftJustified(13)
          << u"not checked"_s.leftJustified(13)
          << (result.live ? "collateral  since review\n" : "collateral\n");
    for (const VerifyTable& table : result.tables) {
        out() << table.table.leftJustified(28) << QString::number(table.inPlace).leftJustified(10)
              << QString::number(table.missing).leftJustified(9)
              << QString::number(table.differs).leftJustified(9)
              << QString::number(table.stillPresent).leftJustified(13)
              << QString::number(table.notChecked).leftJustified(13);
        if (result.live)
            out() << QString::number(table.collateral).leftJustified(12) << table.changedSinceReview << '\n';
        else
            out() << table.collateral << '\n';
        for (const QString& problem : table.problems)
            out() << "    " << problem << '\n';
        for (const QString& reason : table.notCheckedReasons)
            out() << "    not checked: " << reason << '\n';
        for (const QString& problem : table.collateralProblems)
            out() << "    collateral: " << problem << '\n';
        for (const QString& row : table.byAcceptedTriggersRows)
            out() << "    accepted triggers: " << row << '\n';
        for (const QString& row : verbose ? table.changedSinceReviewRows : QStringList())
            out() << "    since the review: " << row << '\n';
    }
    const qint64 decided = result.problems() - result.collateral();
    out() << (decided == 0 ? u"Every decided change is in place"_s
                           : u"%1 decided change(s) are NOT as reviewed"_s.arg(decided))
          << " (" << result.checked() << " checked)." << Qt::endl;
    // The whole-state check: every row no decision writes, in every table of the review.
    out() << collateralLine(result) << Qt::endl;
    printWriters(result);
}

QJsonObject verifyResultJson(const VerifyResult& result)
{
    QJsonObject tables;
    for (const VerifyTable& table : result.tables) {
        tables.insert(table.table,
            QJsonObject { { u"in_place"_s, table.inPlace }, { u"missing"_s, table.missing },
                { u"differs"_s, table.differs }, { u"still_present"_s, table.stillPresent },
                { u"not_checked"_s, table.notChecked },
                { u"problems"_s, QJsonArray::fromStringList(table.problems) },
                { u"not_checked_reasons"_s, QJsonArray::fromStringList(table.notCheckedReasons) },
                { u"unchanged"_s, table.unchanged }, { u"collateral"_s, table.collateral },
                { u"collateral_problems"_s, QJsonArray::fromStringList(table.collateralProblems) },
                { u"changed_since_review"_s, table.changedSinceReview },
                { u"changed_since_review_rows"_s, QJsonArray::fromStringList(table.changedSinceReviewRows) },
                { u"by_accepted_triggers"_s, table.byAcceptedTriggers },
                { u"by_accepted_triggers_rows"_s,
                    QJsonArray::fromStringList(table.byAcceptedTriggersRows) } });
    }
    return QJsonObject { { u"tables"_s, tables }, { u"checked"_s, result.checked() },
        { u"problems"_s, result.problems() }, { u"unchanged"_s, result.unchanged() },
        { u"collateral"_s, result.collateral() }, { u"passed"_s, result.problems() == 0 },
        { u"live_target"_s, result.live },
        { u"apply_transaction"_s,
            result.applyTransaction.isEmpty() ? QJsonValue() : QJsonValue(result.applyTransaction) },
        { u"apply_transaction_note"_s, result.applyTransactionNote },
        { u"changed_since_review"_s, result.changedSinceReview() },
        { u"by_accepted_triggers"_s, result.byAcceptedTriggers() } };
}

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
