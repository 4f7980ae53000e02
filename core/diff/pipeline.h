// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "differ.h"
#include "interruptedwork.h"
#include "loader.h"

#include <atomic>
#include <functional>

namespace pgr {

class Staging;

// A side to load and where from.
struct SideToLoad
{
    Side side = Side::Source;
    SideSource source;
};

// Where a pipeline run is: its step (each side loaded, then the diff) of how many.
struct PipelineStep
{
    int index = 0;
    int count = 1;

    // The share of the whole run done when within (0..1) of this step is done.
    double overall(double within) const;
};

// Load-then-diff, the one way the window and the CLI fill a review: every side checked readable
// before any is copied, the project created when missing (and dropped again when this run made it
// and loaded nothing into it), the sides loaded in order, then the tables compared.
class Pipeline
{
public:
    struct Request
    {
        QString project;
        QString reviewer; // recorded when the project is created
        QList<SideToLoad> sides;
        bool diff = true;
        DiffOptions diffOptions;
        int loadParallelism = 0; // 0: Loader's default
        bool mayCreate = true; // else a missing project is an error
    };
    struct Callbacks
    {
        // The project is open (created when created is true), before anything is loaded.
        std::function<void(const Project&, bool created)> opened;
        std::function<void(const LoadProgress&, const PipelineStep&)> loading;
        std::function<void(Side, const SideSource&, const Loader::Result&)> loaded;
        std::function<void(const PipelineStep&)> diffStarted;
        std::function<void(const DiffProgress&, const PipelineStep&)> diffing;
        // The project this run made was dropped again: nothing was loaded into it.
        std::function<void()> droppedEmptyProject;
    };
    struct Result
    {
        QList<TableDiffResult> diffed; // empty without a diff
        // The first table the diff could not compare, as "schema.table: error"; empty when none.
        QString firstFailure() const;
    };

    // What is known of a project before its review opens: whether it exists and has diff results
    // (else it is loaded and diffed first), and what a killed or failed run left unfinished.
    struct Status
    {
        bool exists = false;
        bool diffed = false;
        QList<InterruptedWork> interrupted;
    };
    static Status status(const Staging& staging, const QString& project);

    Pipeline(const Staging& staging, const std::atomic<bool>* cancel, Callbacks callbacks = {});

    // Throws pgr::Error (its context names the side) or pgr::Cancelled (isCancellation()).
    Result run(const Request& request);

    // The share of a side's load done, by rows where they are estimated, else by tables.
    static double fractionOf(const LoadProgress& progress);
    // The share of a diff done, by tables.
    static double fractionOf(const DiffProgress& progress);

private:
    void checkReadable(const QList<SideToLoad>& sides) const;
    void load(Project& project, const Request& request);
    QList<TableDiffResult> diff(Project& project, const Request& request);

    const Staging& m_staging;
    const std::atomic<bool>* m_cancel;
    Callbacks m_callbacks;
};

} // namespace pgr
