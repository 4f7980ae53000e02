// SPDX-License-Identifier: GPL-3.0-or-later
#include "uniquevalueorder.h"

#include "error.h"
#include "scripttable.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

void UniqueValueOrder::add(const UniqueValuePair& pair, const QString& constraint, const QStringList& columns)
{
    const QString what
        = u"%1 (%2) = (%3), constraint %4"_s.arg(m_table, columns.join(u", "_s), pair.values, constraint);
    if (pair.staysTaken)
        throw Error(u"the merge would write %1 %2 and keep %3 with the same unique value: %4"_s.arg(
                        m_table, pair.takerKey, pair.holderKey, what),
            u"edit one of those rows to a value no other row holds, or keep the target's row"_s);
    if (pair.holderStep < pair.takerStep)
        return;
    if (pair.holderStep != kUpdate || pair.takerStep != kUpdate)
        throw Error(u"%1 %2 takes a unique value that %3 frees only later in the script: %4"_s.arg(
                        m_table, pair.takerKey, pair.holderKey, what),
            u"edit one of those rows to a value no other row holds, or make %1 DEFERRABLE on the target"_s
                .arg(constraint));
    m_takersOf[pair.holderKey].append(pair.takerKey);
    m_ranked += { pair.holderKey, pair.takerKey };
    m_rankedBy = constraint;
}

QHash<QString, int> UniqueValueOrder::ranks() const
{
    // Longest path from a row that only frees: a cycle never settles, which is a swap.
    QHash<QString, int> rank;
    for (int round = 0; round <= m_ranked.size(); ++round) {
        bool changed = false;
        for (auto it = m_takersOf.cbegin(); it != m_takersOf.cend(); ++it) {
            for (const QString& taker : it.value()) {
                if (rank.value(taker) < rank.value(it.key()) + 1) {
                    rank[taker] = rank.value(it.key()) + 1;
                    changed = true;
                }
            }
        }
        if (!changed)
            break;
        if (round == m_ranked.size())
            refuseSwap(rank);
    }
    return rank;
}

void UniqueValueOrder::refuseSwap(const QHash<QString, int>& rank) const
{
    QStringList swapped;
    for (auto r = rank.cbegin(); r != rank.cend(); ++r) {
        if (r.value() >= m_ranked.size())
            swapped.append(r.key());
    }
    std::sort(swapped.begin(), swapped.end());
    throw Error(u"updates of %1 %2 swap values of constraint %3 among themselves, which "
                u"PostgreSQL refuses "
                "row by row unless the constraint is deferred"_s.arg(
                    m_table, swapped.mid(0, 20).join(u", "_s), m_rankedBy),
        u"edit one of those rows to a value no other row holds (and set it by hand after the "
        u"merge), or "
        "make %1 DEFERRABLE on the target"_s.arg(m_rankedBy));
}

} // namespace pgr::script
