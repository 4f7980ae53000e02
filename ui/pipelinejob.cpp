// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipelinejob.h"

#include "error.h"
#include "project.h"
#include "staging.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QtConcurrent>

namespace pgr::ui {

PipelineJob::PipelineJob(std::shared_ptr<Staging> staging, Request request, QObject* parent)
    : QObject(parent)
    , m_staging(std::move(staging))
    , m_request(std::move(request))
{
}

PipelineJob::~PipelineJob()
{
    m_cancel = true;
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
    try {
        auto project = Project::openOrCreate(*m_staging, m_request.project, m_request.reviewer);
        const QList<QPair<Side, QString>> sides
            = { { Side::Base, m_request.base }, { Side::Source, m_request.source }, { Side::Target, m_request.target } };
        int stepsTotal = m_request.diff ? 1 : 0;
        for (const auto& side : sides)
            stepsTotal += side.second.isEmpty() ? 0 : 1;
        int step = 0;
        for (const auto& [side, text] : sides) {
            if (text.isEmpty())
                continue;
            Loader loader(*project, &m_cancel, [&, step](const LoadProgress& progress) {
                const double within = progress.rowsEstimated > 0
                    ? double(progress.rowsDone) / double(progress.rowsEstimated)
                    : double(progress.tablesDone) / std::max(1, progress.tablesTotal);
                report((step + within) / stepsTotal,
                    progress.message.isEmpty()
                        ? tr("Loading the %1: %2 (%3 of %4 tables)")
                              .arg(sideName(progress.side), progress.table, QString::number(progress.tablesDone),
                                  QString::number(progress.tablesTotal))
                        : progress.message);
            });
            report(double(step) / stepsTotal, tr("Loading the %1…").arg(sideName(side)), true);
            loader.load(side, SideSource::interpret(text));
            ++step;
        }
        if (m_request.diff) {
            report(double(step) / stepsTotal, tr("Comparing the tables…"), true);
            Differ differ(*project, {}, &m_cancel, [&, step](const DiffProgress& progress) {
                report((step + double(progress.tablesDone) / std::max(1, progress.tablesTotal)) / stepsTotal,
                    tr("Compared %1 (%2 of %3 tables)")
                        .arg(progress.table, QString::number(progress.tablesDone), QString::number(progress.tablesTotal)));
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
