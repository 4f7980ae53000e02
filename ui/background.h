// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent>
#include <functional>
#include <optional>

namespace pgr::ui {

// The result of work run off the UI thread: a value, or the error text to show.
template<typename T>
struct Outcome
{
    std::optional<T> value;
    QString error;
};

// Runs work on the thread pool and hands its outcome to done on context's thread. If context is
// gone by then, the outcome is dropped. The UI thread never waits on the database.
template<typename T>
void runInBackground(QObject* context, std::function<T()> work, std::function<void(Outcome<T>)> done)
{
    auto* watcher = new QFutureWatcher<Outcome<T>>(context);
    QObject::connect(watcher, &QFutureWatcher<Outcome<T>>::finished, context, [watcher, done] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work)]() -> Outcome<T> {
        try {
            return { work(), {} };
        } catch (const pgr::Error& error) {
            return { std::nullopt, error.fullText() };
        } catch (const std::exception& error) {
            return { std::nullopt, QString::fromUtf8(error.what()) };
        }
    }));
}

} // namespace pgr::ui
