// SPDX-License-Identifier: GPL-3.0-or-later
#include "progress.h"

#include "cli.h"
#include "interruptedwork.h"
#include "pgconnection.h"
#include "project.h"

#include <csignal>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

namespace {

std::atomic<bool> g_interrupted { false };

extern "C" void onInterrupt(int)
{
    if (g_interrupted.exchange(true))
        std::_Exit(130); // a second Ctrl+C: the user insists
}

constexpr int kBarWidth = 28;

} // namespace

ProgressLine::ProgressLine()
    : m_terminal(::isatty(STDERR_FILENO) == 1)
{ }

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(double fraction, const QString& text)
{
    if (!m_terminal)
        return;
    std::lock_guard lock(m_mutex);
    if (m_drawn && m_sinceDraw.isValid() && m_sinceDraw.elapsed() < 100)
        return;
    m_sinceDraw.start();
    fraction = std::clamp(fraction, 0.0, 1.0);
    const int filled = int(fraction * kBarWidth);
    QString line = u"\r["_s + QString(filled, u'#') + QString(kBarWidth - filled, u' ') + u"] "_s
        + QString::number(int(fraction * 100)).rightJustified(3) + u"% "_s + text;
    if (line.size() > 110)
        line = line.left(107) + u"..."_s;
    err() << line.leftJustified(111) << Qt::flush;
    m_drawn = true;
}

void ProgressLine::finish()
{
    std::lock_guard lock(m_mutex);
    if (m_terminal && m_drawn)
        err() << u'\r' << QString(111, u' ') << u'\r' << Qt::flush;
    m_drawn = false;
}

const std::atomic<bool>* installInterruptFlag()
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    PgConnection::setConnectCancel(&g_interrupted); // a connection attempt hears Ctrl+C too
    return &g_interrupted;
}

std::unique_ptr<Project> openProject(const Staging& staging, const QString& name)
{
    auto project = Project::open(staging, name);
    reportInterruptedWork(*project);
    return project;
}

void reportInterruptedWork(const Project& project)
{
    for (const InterruptedWork& work : project.interruptedWork())
        err() << describeInterruptedWork(work) << Qt::endl;
}

} // namespace pgr::cli
