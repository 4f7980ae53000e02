// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

// Rows that take a unique value (other than the key's) the target holds in another row must come
// after the row that frees it. PostgreSQL checks a unique constraint that is not deferred row by
// row, so an update that takes a value another update frees runs in a later statement (a higher
// rank); a swap, or a value that stays taken, is refused naming the rows and the way out. Pure:
// ScriptPlan feeds it the pairs the server found.
namespace pgr::script {

// A row the script writes (the taker) whose unique value another row holds (the holder).
struct UniqueValuePair
{
    QString takerKey;
    int takerStep = 0;
    QString holderKey;
    int holderStep = 0; // 0: the script does not write the holder
    bool staysTaken = false; // the holder keeps the value (or is the taker itself)
    QString values; // the value, for messages: "a, b"
};

class UniqueValueOrder
{
public:
    explicit UniqueValueOrder(const QString& tableName)
        : m_table(tableName)
    { }

    // Throws pgr::Error where no order of the statements helps.
    void add(const UniqueValuePair& pair, const QString& constraint, const QStringList& columns);
    bool isEmpty() const { return m_ranked.isEmpty(); }
    // The rank of each update that frees or takes a value (key → rank, from 0); throws for a swap.
    QHash<QString, int> ranks() const;

private:
    [[noreturn]] void refuseSwap(const QHash<QString, int>& rank) const;

    QString m_table;
    QHash<QString, QStringList> m_takersOf; // holder's key → the keys of the updates taking its values
    QSet<QString> m_ranked;
    QString m_rankedBy; // the constraint they free and take values of
};

} // namespace pgr::script
