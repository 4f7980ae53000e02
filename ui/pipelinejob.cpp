// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipelinejob.h"

#include "staging.h"

#include <QElapsedTimer>

namespace pgr::ui {

namespace {

// Signals cross to the UI thread queued: at most one progress line every 100 ms, and a table
// line only when the step, the table or the count of done tables changes.
class ProgressThrottle
{
public:
    bool lineDue(bool force)
    {
        if (!force && m_timer.isValid() && m_timer.elapsed() < 100)
            return false;
        m_timer.start();
        return true;
    }
    bool tableChanged(const QString& step, const QString& table, int done)
    {
        if (step == m_step && table == m_table && done == m_done)
            return false;
        m_step = step;
        m_table = table;
        m_done = done;
        return true;
    }

private:
    QElapsedTimer m_timer;
    QString m_step, m_table;
    int m_done = -1;
};

} // namespace

PipelineJob::PipelineJob(std::shared_ptr<Staging> staging, Request request, QObject* parent)
    : QObject(parent)
    , m_staging(std::move(staging))
    , m_request(std::move(request))
{ }

PipelineJob::~PipelineJob() = default;

void PipelineJob::setSource(Side side, const SideSource& source)
{
    m_sources.removeIf([side](const SideToLoad& given) { return given.side == side; });
    m_sources.append({ side, source });
}

QList<SideToLoad> PipelineJob::sidesToLoad(const Request& request, const QList<SideToLoad>& sources)
{
    const QList<QPair<Side, QString>> sides = { { Side::Base, request.base },
        { Side::Source, request.source }, { Side::Target, request.target } };
    QList<SideToLoad> toLoad;
    for (const auto& [side, text] : sides) {
        const auto given = std::find_if(sources.cbegin(), sources.cend(),
            [side](const SideToLoad& source) { return source.side == side; });
        if (given != sources.cend())
            toLoad.append(*given);
        else if (!text.isEmpty())
            toLoad.append({ side, SideSource::interpret(text) });
    }
    return toLoad;
}

Pipeline::Callbacks PipelineJob::callbacks(PipelineJob* job, const JobControl& control)
{
    // Runs on the worker: job is touched only in what control.post() runs on its thread.
    auto throttle = std::make_shared<ProgressThrottle>();
    auto report = [job, control, throttle](double fraction, const QString& text, bool force = false) {
        if (throttle->lineDue(force))
            control.post([job, fraction, text] { Q_EMIT job->progress(int(fraction * 1000), text); });
    };
    auto reportTable
        = [job, control, throttle](const QString& step, const QString& table, int done, int total) {
              if (throttle->tableChanged(step, table, done))
                  control.post([=] { Q_EMIT job->tableProgress(step, table, done, total); });
          };
    Pipeline::Callbacks callbacks;
    callbacks.loading = [=](const LoadProgress& progress, const PipelineStep& step) {
        if (progress.tablesTotal > 0)
            reportTable(sideName(progress.side), progress.table, progress.tablesDone, progress.tablesTotal);
        report(step.overall(Pipeline::fractionOf(progress)),
            progress.message.isEmpty()
                ? tr("Loading the %1: %2 (%3 of %4 tables)")
                      .arg(sideName(progress.side), progress.table, QString::number(progress.tablesDone),
                          QString::number(progress.tablesTotal))
                : progress.message);
    };
    callbacks.diffStarted
        = [=](const PipelineStep& step) { report(step.overall(0), tr("Comparing the tables…"), true); };
    callbacks.diffing = [=](const DiffProgress& progress, const PipelineStep& step) {
        reportTable(QStringLiteral("diff"), progress.table, progress.tablesDone, progress.tablesTotal);
        report(step.overall(Pipeline::fractionOf(progress)),
            tr("Compared %1 (%2 of %3 tables)")
                .arg(progress.table, QString::number(progress.tablesDone),
                    QString::number(progress.tablesTotal)));
    };
    return callbacks;
}

void PipelineJob::start()
{
    Pipeline::Request request;
    request.project = m_request.project;
    request.reviewer = m_request.reviewer;
    request.diff = m_request.diff;
    std::shared_ptr<Staging> staging = m_staging;
    m_jobs.start(
        [job = this, staging, request, given = m_request, sources = m_sources](
            const JobControl& control) mutable {
            request.sides = sidesToLoad(given, sources);
            const QString failure
                = Pipeline(*staging, control.flag(), callbacks(job, control)).run(request).firstFailure();
            if (!failure.isEmpty())
                throw Error(failure);
            return true;
        },
        [this](const Outcome<bool>& outcome) {
            if (outcome.error) {
                Q_EMIT failed(*outcome.error);
                return;
            }
            Q_EMIT progress(1000, tr("Done"));
            Q_EMIT succeeded();
        });
}

} // namespace pgr::ui
