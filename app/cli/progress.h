// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <atomic>
#include <memory>
#include <mutex>

namespace pgr {
class Project;
class Staging;
} // namespace pgr

namespace pgr::cli {

// One self-rewriting progress line on stderr when it is a terminal; silent otherwise (logs and
// pipes get the summary only). Thread-safe, at most ten redraws a second.
class ProgressLine
{
public:
    ProgressLine();
    ~ProgressLine();
    void update(double fraction, const QString& text);
    void finish(); // clears the line

private:
    std::mutex m_mutex;
    QElapsedTimer m_sinceDraw;
    bool m_terminal = false;
    bool m_drawn = false;
};

// Ctrl+C raises this flag (instead of killing the process) so that work stops cleanly: the server
// cancels its queries and nothing is left half-written.
const std::atomic<bool>* installInterruptFlag();

// Project::open, then tells on stderr what a killed or failed run left unfinished on it (and that
// what it left behind was removed), with what to run again.
std::unique_ptr<Project> openProject(const Staging& staging, const QString& name);
void reportInterruptedWork(const Project& project);

} // namespace pgr::cli
