// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace pgr::ui {

// The result of work run off the UI thread: a value, or the error whole (message, hint, SQLSTATE).
template<typename T>
struct Outcome
{
    std::optional<T> value;
    std::optional<Error> error;

    // The user asked the work to stop: not a failure to report.
    bool cancelled() const { return error && error->isCancellation(); }
    QString errorText() const { return error ? error->fullText() : QString(); }
};

// The window's end of a tracker's jobs: jobs post to the context only while it exists.
struct JobLink
{
    std::mutex mutex;
    QObject* context = nullptr;

    template<typename Function>
    void post(Function function)
    {
        const std::lock_guard lock(mutex);
        if (context)
            QMetaObject::invokeMethod(context, std::move(function), Qt::QueuedConnection);
    }
};

// What a job sees of its tracker: whether it should stop (the user cancelled, a newer job
// superseded it, or the window went away), and a way to report progress.
class JobControl
{
public:
    struct Generation
    {
        std::atomic<bool> cancel { false };
        std::shared_ptr<JobLink> link;
        std::function<void(int, const QString&)> onProgress;
    };

    explicit JobControl(std::shared_ptr<Generation> generation)
        : m_generation(std::move(generation))
    { }

    bool isCancelled() const { return m_generation->cancel.load(); }
    // For core work that polls a flag itself (Loader, Differ, DryRun).
    const std::atomic<bool>* flag() const { return &m_generation->cancel; }
    // Runs function on the context's thread, unless the job is stale by then.
    template<typename Function>
    void post(Function function) const
    {
        std::shared_ptr<Generation> generation = m_generation;
        generation->link->post([generation, function = std::move(function)]() mutable {
            if (!generation->cancel)
                function();
        });
    }
    // permille of the job; reaches the tracker's progress handler unless the job is stale by then.
    void progress(int permille, const QString& text) const
    {
        std::shared_ptr<Generation> generation = m_generation;
        post([generation, permille, text] {
            if (generation->onProgress)
                generation->onProgress(permille, text);
        });
    }

private:
    std::shared_ptr<Generation> m_generation;
};

// The threads the window's jobs run on. Most of their time is spent waiting for the database, so
// more of them than cores; the application waits for them as it exits (the pool is its child).
inline QThreadPool* jobPool()
{
    static QPointer<QThreadPool> pool;
    if (!pool) {
        pool = new QThreadPool(QCoreApplication::instance());
        pool->setMaxThreadCount(std::max(8, QThread::idealThreadCount()));
    }
    return pool;
}

// The one way the window runs work off the UI thread, after KDAB hotspot's JobTracker. A tracker
// is one stream of requests, a member of the object (context) that shows their results: starting
// a job supersedes the ones before it, whose results are dropped here, in one place, and whose
// cancel flag is raised. Results reach done() on the context's thread, never after the context is
// gone. The UI thread never waits for a job.
class JobTracker
{
public:
    explicit JobTracker(QObject* context)
        : m_link(std::make_shared<JobLink>())
    {
        m_link->context = context;
    }
    ~JobTracker()
    {
        dropAll();
        const std::lock_guard lock(m_link->mutex);
        m_link->context = nullptr;
    }
    JobTracker(const JobTracker&) = delete;
    JobTracker& operator=(const JobTracker&) = delete;

    // Called with the progress a running, current job reports.
    void setProgressHandler(std::function<void(int, const QString&)> handler)
    {
        m_onProgress = std::move(handler);
    }

    // work(const JobControl&) -> T runs on the thread pool; done(Outcome<T>) on the context's
    // thread, unless a later start() or dropAll() made the job stale.
    template<typename Work, typename Done>
    void start(Work work, Done done)
    {
        dropAll();
        add(std::move(work), std::move(done));
    }

    // Like start(), but beside the jobs already running (pages of one list): they stay current.
    template<typename Work, typename Done>
    void add(Work work, Done done)
    {
        using T = std::invoke_result_t<Work, const JobControl&>;
        if (!m_current) {
            m_current = std::make_shared<JobControl::Generation>();
            m_current->link = m_link;
            m_current->onProgress = m_onProgress;
        }
        std::shared_ptr<JobControl::Generation> generation = m_current;
        ++m_running;
        (void)QtConcurrent::run(
            jobPool(), [this, generation, work = std::move(work), done = std::move(done)]() mutable {
                Outcome<T> outcome = runCatching<T>(work, JobControl(generation));
                generation->link->post(
                    [this, generation, outcome = std::move(outcome), done = std::move(done)]() mutable {
                        if (generation != m_current)
                            return; // superseded or dropped: its result is stale
                        --m_running;
                        done(std::move(outcome));
                    });
            });
    }

    // Asks the current jobs to stop; their outcomes (a cancellation, usually) are still delivered.
    void cancel()
    {
        if (m_current)
            m_current->cancel = true;
    }

    // Asks the current jobs to stop and drops their results.
    void dropAll()
    {
        if (m_current)
            m_current->cancel = true;
        m_current.reset();
        m_running = 0;
    }

    bool isRunning() const { return m_running > 0; }
    // Whether cancel() was called since the current jobs started.
    bool cancelRequested() const { return m_current && m_current->cancel; }

private:
    template<typename T, typename Work>
    static Outcome<T> runCatching(Work& work, const JobControl& control)
    {
        try {
            return { work(control), std::nullopt };
        } catch (const Error& error) {
            return { std::nullopt, error };
        } catch (const std::exception& error) {
            return { std::nullopt, Error(QString::fromUtf8(error.what())) };
        }
    }

    std::shared_ptr<JobLink> m_link;
    std::shared_ptr<JobControl::Generation> m_current;
    std::function<void(int, const QString&)> m_onProgress;
    int m_running = 0;
};

} // namespace pgr::ui
