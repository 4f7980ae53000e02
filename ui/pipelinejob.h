// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "differ.h"
#include "loader.h"

#include <QObject>
#include <atomic>
#include <memory>

namespace pgr {
class Staging;
}

namespace pgr::ui {

// Loads the sides of a review and diffs it, off the UI thread, reporting progress through queued
// signals and stopping on cancel(). One job per run; a finished job is not restarted.
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
    void cancel() { m_cancel = true; }

Q_SIGNALS:
    // permille of the whole job, and what it is doing
    void progress(int permille, const QString& text);
    // Table by table: the step ("base", "source" or "target" while loading, "diff" while
    // comparing), the table being copied or just compared (empty between tables), and how many
    // tables of the step are done, of how many.
    void tableProgress(const QString& step, const QString& table, int tablesDone, int tablesTotal);
    // error is empty on success, "cancelled" when cancelled
    void finished(const QString& error);

private:
    void run();

    std::shared_ptr<Staging> m_staging;
    Request m_request;
    QList<QPair<Side, SideSource>> m_sources;
    std::atomic<bool> m_cancel { false };
};

} // namespace pgr::ui
