// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"
#include "jobtracker.h"
#include "pipeline.h"

#include <QObject>
#include <memory>

namespace pgr {
class Staging;
}

namespace pgr::ui {

// The window's handle on core's Pipeline (load, then diff): runs it off the UI thread, turns its
// progress into throttled signals, and stops it on cancel(). One job per run.
class PipelineJob final : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString project;
        QString reviewer;
        // Sides to (re)load; a side left empty is kept as the project has it.
        QString base, source, target;
        bool diff = true;
    };

    PipelineJob(std::shared_ptr<Staging> staging, Request request, QObject* parent = nullptr);
    ~PipelineJob() override;

    // Loads side from source as given (its kind and schema chosen by the caller) instead of
    // interpreting the request's text for that side. Call before start().
    void setSource(Side side, const SideSource& source);

    void start();
    void cancel() { m_jobs.cancel(); }

Q_SIGNALS:
    // permille of the whole job, and what it is doing
    void progress(int permille, const QString& text);
    // Table by table: the step ("base", "source" or "target" while loading, "diff" while
    // comparing), the table being copied or just compared (empty between tables), and how many
    // tables of the step are done, of how many.
    void tableProgress(const QString& step, const QString& table, int tablesDone, int tablesTotal);
    void succeeded();
    // error.isCancellation() when the job was cancelled
    void failed(const pgr::Error& error);

private:
    static QList<SideToLoad> sidesToLoad(const Request& request, const QList<SideToLoad>& sources);
    static Pipeline::Callbacks callbacks(PipelineJob* job, const JobControl& control);

    std::shared_ptr<Staging> m_staging;
    Request m_request;
    QList<SideToLoad> m_sources;
    JobTracker m_jobs { this };
};

} // namespace pgr::ui
