// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <future>
#include <memory>

namespace pgr {
class PgConnection;
class Project;
} // namespace pgr

// The header's account of the decisions, computed beside the script: the checksum reads and
// sorts every change, so a second connection computes it (and the counts) from the snapshot of
// the writer's transaction while the writer streams the rows on its own.
namespace pgr::script {

// What the header says of the decisions: their checksum and their counts per table and action.
struct DecisionsSummary
{
    QString checksum;
    QStringList counts; // "public.t take_source: 12"
};

class ConcurrentSummary
{
public:
    // Exports db's snapshot (db must be in a REPEATABLE READ transaction) and starts at once.
    ConcurrentSummary(const Project& project, PgConnection& db);
    ~ConcurrentSummary();
    ConcurrentSummary(const ConcurrentSummary&) = delete;
    ConcurrentSummary& operator=(const ConcurrentSummary&) = delete;

    DecisionsSummary result() { return m_result.get(); }

private:
    std::unique_ptr<PgConnection> m_db;
    std::future<DecisionsSummary> m_result;
};

} // namespace pgr::script
