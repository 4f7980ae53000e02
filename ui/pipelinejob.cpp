// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipelinejob.h"

#include "error.h"
#include "project.h"
#include "staging.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QScopeGuard>
#include <QtConcurrent>

namespace pgr::ui {

PipelineJob::PipelineJob(std::shared_ptr<Staging> staging, Request request, QObject* parent)
    : QObject(parent)
    , m_staging(std::move(staging))
    , m_request(std::move(request))
{ }

PipelineJob::~PipelineJob() { m_cancel = true; }

void PipelineJob::setSource(Side side, const SideSource& source)
{
    m_sources.removeIf([side](const QPair<Side, SideSource>& given) { return given.first == side; });
    m_sources.append({ side, source });
}

void PipelineJob::start()
{
    (void)QtConcurrent::run([this] { run(); });
}

void PipelineJob::run()
{
    QString error;
    // Signals cross to the UI thread queued; at most one progress signal every 100 ms.
    QElapsedTimer throttle;
    throttle.start();
    auto report = [this, &throttle](double fraction, const QString& text, bool force = false) {
        if (!force && throttle.elapsed() < 100)
            return;
        throttle.restart();
        Q_EMIT progress(int(std::clamp(fraction, 0.0, 1.0) * 1000), text);
    };
    bool creating = false;
    try {
        creating = !Project::exists(*m_staging, m_request.project);
        auto project = Project::openOrCreate(*m_staging, m_request.project, m_request.reviewer);
        // A project this job made and could not fill is not left behind empty.
        auto dropIfEmpty = qScopeGuard([&] {
            if (creating && std::uncaught_exceptions() > 0) {
                project.reset();
                Project::dropIfNothingLoaded(*m_staging, m_request.project);
            }
        });
        const QList<QPair<Side, QString>> sides = { { Side::Base, m_request.base },
            { Side::Source, m_request.source }, { Side::Target, m_request.target } };
        QList<QPair<Side, SideSource>> toLoad;
        for (const auto& [side, text] : sides) {
            const auto given = std::find_if(m_sources.cbegin(), m_sources.cend(),
                [side](const QPair<Side, SideSource>& source) { return source.first == side; });
            if (given != m_sources.cend())
                toLoad.append(*given);
            else if (!text.isEmpty())
                toLoad.append({ side, SideSource::interpret(text) });
        }
        // The per-table line changes only when the step, the table or the count of done tables does.
        QString lastStep, lastTable;
        int lastDone = -1;
        auto reportTable = [&](const QString& step, const QString& table, int done, int total) {
            if (step == lastStep && table == lastTable && done == lastDone)
                return;
            lastStep = step;
            lastTable = table;
            lastDone = done;
            Q_EMIT tableProgress(step, table, done, total);
        };
        int stepsTotal = int(toLoad.size()) + (m_request.diff ? 1 : 0);
        int step = 0;
        for (const auto& [side, source] : toLoad) {
            Loader loader(*project, &m_cancel, [&, step](const LoadProgress& progress) {
                if (progress.tablesTotal > 0)
                    reportTable(
                        sideName(progress.side), progress.table, progress.tablesDone, progress.tablesTotal);
                const double within = progress.rowsEstimated > 0
                    ? double(progress.rowsDone) / double(progress.rowsEstimated)
                    : double(progress.tablesDone) / std::max(1, progress.tablesTotal);
                report((step + within) / stepsTotal,
                    progress.message.isEmpty()
                        ? tr("Loading the %1: %2 (%3 of %4 tables)")
                              .arg(sideName(progress.side), progress.table,
                                  QString::number(progress.tablesDone), QString::number(progress.tablesTotal))
                        : progress.message);
            });
            report(double(step) / stepsTotal, tr("Loading the %1…").arg(sideName(side)), true);
            loader.load(side, source);
            ++step;
        }
        if (m_request.diff) {
            report(double(step) / stepsTotal, tr("Comparing the tables…"), true);
            Differ differ(*project, {}, &m_cancel, [&, step](const DiffProgress& progress) {
                reportTable(
                    QStringLiteral("diff"), progress.table, progress.tablesDone, progress.tablesTotal);
                report((step + double(progress.tablesDone) / std::max(1, progress.tablesTotal)) / stepsTotal,
                    tr("Compared %1 (%2 of %3 tables)")
                        .arg(progress.table, QString::number(progress.tablesDone),
                            QString::number(progress.tablesTotal)));
            });
            for (const TableDiffResult& result : differ.run()) {
                if (!result.error.isEmpty() && error.isEmpty())
                    error = tr("%1: %2").arg(result.plan.qualifiedName(), result.error);
            }
        }
        report(1.0, tr("Done"), true);
    } catch (const Cancelled&) {
        error = QStringLiteral("cancelled");
    } catch (const Error& e) {
        error = e.fullText();
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    Q_EMIT finished(error);
}

} // namespace pgr::ui
