// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"
#include "project.h"

#include <memory>
#include <mutex>

namespace pgr {
class Staging;
}

namespace pgr::ui {

// One long-lived connection to a project for a view that queries it again and again (the list,
// the rows, the counts): its jobs take turns on it, one at a time as libpq wants, on whichever
// pool thread runs them. After a failure it is opened afresh for the next job.
class ProjectConnection
{
public:
    ProjectConnection(std::shared_ptr<Staging> staging, QString project)
        : m_staging(std::move(staging))
        , m_project(std::move(project))
    { }

    // Runs work(Project&) on the calling thread, the connection being its own meanwhile.
    template<typename Work>
    auto with(Work work) -> decltype(work(std::declval<Project&>()))
    {
        const std::lock_guard lock(m_mutex);
        try {
            if (!m_opened)
                m_opened = Project::open(*m_staging, m_project);
            auto result = work(*m_opened);
            // The next job reads what is committed by then, not an older snapshot.
            if (m_opened->connection().inTransaction())
                m_opened->connection().rollback();
            return result;
        } catch (...) {
            m_opened.reset(); // a failed or cancelled statement may leave it unusable
            throw;
        }
    }

    const QString& project() const { return m_project; }

private:
    std::mutex m_mutex;
    std::shared_ptr<Staging> m_staging;
    QString m_project;
    std::unique_ptr<Project> m_opened;
};

} // namespace pgr::ui
