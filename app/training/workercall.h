// Runs a function on a worker's thread and waits for it (a blocking queued call), carrying an
// exception it throws back to the caller as ds::Error: how the window asks a training thread for
// an export of the network it owns.
#pragma once

#include "error.h"

#include <QMetaObject>
#include <QObject>

#include <exception>
#include <string>

namespace ds::app {

template <typename Result, typename Worker, typename Fn> Result callOnWorker(Worker *worker, Fn fn)
{
    Result result {};
    std::string error;
    QMetaObject::invokeMethod(
        worker,
        [&] {
            try {
                result = fn(worker);
            } catch (const std::exception &e) {
                error = e.what();
            }
        },
        Qt::BlockingQueuedConnection);
    if (!error.empty())
        throw Error(error);
    return result;
}

} // namespace ds::app
