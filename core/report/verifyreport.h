// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "verifier.h"

#include <QJsonObject>
#include <QStringList>

namespace pgr {

// The one formatter of a verification (verify after an apply, or the dry run's check of the
// copy): the CLI's table and verdict, its --json report, and the totals the window shows.
class VerifyReport
{
public:
    explicit VerifyReport(const VerifyResult& result);

    qint64 inPlace() const { return m_inPlace; }
    qint64 notChecked() const { return m_notChecked; }
    // Decided changes not as reviewed, then rows no decision writes that changed, as "table: what".
    const QStringList& mismatches() const { return m_mismatches; }
    // Why changes were not checked, as "table: why".
    const QStringList& whyNotChecked() const { return m_whyNotChecked; }
    // Decided changes not as reviewed (collateral rows apart).
    qint64 notAsReviewed() const;

    // The per-table table, the verdict and the collateral line, for a terminal.
    QString text(bool verbose = false) const;
    QJsonObject json() const;

private:
    QString tableText(bool verbose) const;
    QString collateralLine() const;
    QString writersText() const;

    const VerifyResult& m_result;
    qint64 m_inPlace = 0;
    qint64 m_notChecked = 0;
    QStringList m_mismatches;
    QStringList m_whyNotChecked;
};

} // namespace pgr
