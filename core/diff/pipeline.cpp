// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipeline.h"

#include "error.h"
#include "project.h"
#include "staging.h"

#include <QScopeGuard>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

double PipelineStep::overall(double within) const
{
    return (index + std::clamp(within, 0.0, 1.0)) / std::max(1, count);
}

QString Pipeline::Result::firstFailure() const
{
    for (const TableDiffResult& result : diffed) {
        if (!result.error.isEmpty())
            return result.plan.qualifiedName() + u": "_s + result.error;
    }
    return {};
}

Pipeline::Status Pipeline::status(const Staging& staging, const QString& project)
{
    Status status;
    if (!Project::exists(staging, project))
        return status;
    auto opened = Project::open(staging, project);
    status.exists = true;
    status.interrupted = opened->interruptedWork();
    status.diffed
        = opened->connection().exec(u"SELECT EXISTS (SELECT FROM pgreconcile.table_diffs)"_s).toBool(0, 0);
    return status;
}

Pipeline::Pipeline(const Staging& staging, const std::atomic<bool>* cancel, Callbacks callbacks)
    : m_staging(staging)
    , m_cancel(cancel)
    , m_callbacks(std::move(callbacks))
{ }

double Pipeline::fractionOf(const LoadProgress& progress)
{
    return progress.rowsEstimated > 0 ? double(progress.rowsDone) / double(progress.rowsEstimated)
                                      : double(progress.tablesDone) / std::max(1, progress.tablesTotal);
}

double Pipeline::fractionOf(const DiffProgress& progress)
{
    return double(progress.tablesDone) / std::max(1, progress.tablesTotal);
}

Pipeline::Result Pipeline::run(const Request& request)
{
    // Every side readable before any is copied: a side refused after another was loaded would
    // leave the project half-loaded (and none is made for a run refused).
    checkReadable(request.sides);
    const bool creating = request.mayCreate && !Project::exists(m_staging, request.project);
    auto project = creating ? Project::create(m_staging, request.project, request.reviewer)
                            : Project::open(m_staging, request.project);
    // A project this run made and could not fill is not left behind empty.
    auto dropIfEmpty = qScopeGuard([&] {
        if (!creating || std::uncaught_exceptions() == 0)
            return;
        project.reset();
        if (Project::dropIfNothingLoaded(m_staging, request.project) && m_callbacks.droppedEmptyProject)
            m_callbacks.droppedEmptyProject();
    });
    if (m_callbacks.opened)
        m_callbacks.opened(*project, creating);
    load(*project, request);
    Result result;
    if (request.diff)
        result.diffed = diff(*project, request);
    return result;
}

void Pipeline::checkReadable(const QList<SideToLoad>& sides) const
{
    for (const SideToLoad& toLoad : sides) {
        try {
            Loader::checkReadable(toLoad.side, toLoad.source);
        } catch (const Error& error) {
            throw error.withContext(u"loading the "_s + sideName(toLoad.side));
        }
    }
}

void Pipeline::load(Project& project, const Request& request)
{
    PipelineStep step { 0, int(request.sides.size()) + (request.diff ? 1 : 0) };
    Loader loader(project, m_cancel, [&](const LoadProgress& progress) {
        if (m_callbacks.loading)
            m_callbacks.loading(progress, step);
    });
    loader.setParallelism(request.loadParallelism);
    for (const SideToLoad& toLoad : request.sides) {
        Loader::Result loaded;
        try {
            loaded = loader.load(toLoad.side, toLoad.source);
        } catch (const Error& error) {
            throw error.withContext(u"loading the "_s + sideName(toLoad.side));
        }
        if (m_callbacks.loaded)
            m_callbacks.loaded(toLoad.side, toLoad.source, loaded);
        ++step.index;
    }
}

QList<TableDiffResult> Pipeline::diff(Project& project, const Request& request)
{
    const int steps = int(request.sides.size()) + 1;
    const PipelineStep step { steps - 1, steps };
    if (m_callbacks.diffStarted)
        m_callbacks.diffStarted(step);
    Differ differ(project, request.diffOptions, m_cancel, [&](const DiffProgress& progress) {
        if (m_callbacks.diffing)
            m_callbacks.diffing(progress, step);
    });
    return differ.run();
}

} // namespace pgr
