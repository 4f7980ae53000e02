// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

// The front of the merge script. The header: comments that say what it is, from where, when, by
// whom, with how many decisions and whether they were approved, and how to apply it. The
// preamble: the transaction and the functions the statements call to check their counts
// (pgr_expect) and that no ON DELETE action touches an undecided row (pgr_no_dependents).
namespace pgr::script {

class ScriptQuoter;

struct ScriptHeader
{
    struct Side
    {
        QString side; // base, source, target
        QString origin;
        QString originKind;
        QString originSchema; // empty: the whole database
        QString loadedAt;
    };

    QString project;
    QList<Side> sides;
    QDateTime writtenAt;
    QString writtenBy;
    QString checksum;
    QString approvedBy; // empty: a draft
    QStringList acceptedTriggers;
    QStringList decisionCounts; // "public.t take_source: 12"
    bool copyFormat = true;

    QString text() const;
};

struct ScriptPreamble
{
    bool copyFormat = true;
    QString lockTimeout;
    bool disableTriggers = false;
    bool deferConstraints = false;
    QByteArray freshKeys; // FreshKeys::preamble()

    QByteArray text(const ScriptQuoter& quote) const;
};

} // namespace pgr::script
