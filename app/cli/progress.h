// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QString>

#include <atomic>
#include <mutex>

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

} // namespace pgr::cli
