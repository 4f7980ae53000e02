// SPDX-License-Identifier: GPL-3.0-or-later
#include "verifyreport.h"

#include <QJsonArray>
#include <QTextStream>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

VerifyReport::VerifyReport(const VerifyResult& result)
    : m_result(result)
{
    for (const VerifyTable& table : result.tables) {
        m_inPlace += table.inPlace;
        m_notChecked += table.notChecked;
        for (const QString& problem : table.problems)
            m_mismatches.append(table.table + u": "_s + problem);
        for (const QString& reason : table.notCheckedReasons)
            m_whyNotChecked.append(table.table + u": "_s + reason);
        // Rows no decision writes that changed anyway: a cascade, a rule, a trigger.
        for (const QString& problem : table.collateralProblems)
            m_mismatches.append(table.table + u": "_s + problem);
    }
}

qint64 VerifyReport::notAsReviewed() const { return m_result.problems() - m_result.collateral(); }

QString VerifyReport::text(bool verbose) const
{
    QString text = tableText(verbose);
    QTextStream out(&text);
    const qint64 decided = notAsReviewed();
    out << (decided == 0 ? u"Every decided change is in place"_s
                         : u"%1 decided change(s) are NOT as reviewed"_s.arg(decided))
        << " (" << m_result.checked() << " checked).\n";
    // The whole-state check: every row no decision writes, in every table of the review.
    out << collateralLine() << '\n' << writersText();
    out.flush();
    return text;
}

QString VerifyReport::tableText(bool verbose) const
{
    QString text;
    QTextStream out(&text);
    out << u"table"_s.leftJustified(28) << u"in place"_s.leftJustified(10) << u"missing"_s.leftJustified(9)
        << u"differs"_s.leftJustified(9) << u"not deleted"_s.leftJustified(13)
        << u"not checked"_s.leftJustified(13)
        << (m_result.live ? "collateral  since review\n" : "collateral\n");
    for (const VerifyTable& table : m_result.tables) {
        out << table.table.leftJustified(28) << QString::number(table.inPlace).leftJustified(10)
            << QString::number(table.missing).leftJustified(9)
            << QString::number(table.differs).leftJustified(9)
            << QString::number(table.stillPresent).leftJustified(13)
            << QString::number(table.notChecked).leftJustified(13);
        if (m_result.live)
            out << QString::number(table.collateral).leftJustified(12) << table.changedSinceReview << '\n';
        else
            out << table.collateral << '\n';
        for (const QString& problem : table.problems)
            out << "    " << problem << '\n';
        for (const QString& reason : table.notCheckedReasons)
            out << "    not checked: " << reason << '\n';
        for (const QString& problem : table.collateralProblems)
            out << "    collateral: " << problem << '\n';
        for (const QString& row : table.byAcceptedTriggersRows)
            out << "    accepted triggers: " << row << '\n';
        for (const QString& row : verbose ? table.changedSinceReviewRows : QStringList())
            out << "    since the review: " << row << '\n';
    }
    out.flush();
    return text;
}

// The whole-state check's verdict: every row no decision writes, in every table of the review.
QString VerifyReport::collateralLine() const
{
    const VerifyResult& result = m_result;
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

// A live target whose apply's transaction is known: the rows the apply wrote beyond its decisions
// and the target's own writes since the review, apart.
QString VerifyReport::writersText() const
{
    const VerifyResult& result = m_result;
    if (!result.live)
        return {};
    if (result.applyTransaction.isEmpty())
        return u"Cannot tell the apply's rows from the target's own writes: "_s + result.applyTransactionNote
            + u".\n"_s;
    QString text;
    QTextStream out(&text);
    out << "Rows told apart by the transaction that wrote them: " << result.applyTransactionNote << ".\n";
    if (result.byAcceptedTriggers() > 0)
        out << result.byAcceptedTriggers()
            << " other row(s) are the doing of accepted triggers (or, for a deleted row, cannot be told "
               "apart from "
               "the target's own writes): not a failure.\n";
    out << result.changedSinceReview()
        << " row(s) were changed by the target itself since the review, not by the apply: not a failure"
        << (result.changedSinceReview() > 0 ? " (--verbose lists them).\n" : ".\n");
    out.flush();
    return text;
}

QJsonObject VerifyReport::json() const
{
    const VerifyResult& result = m_result;
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

} // namespace pgr
