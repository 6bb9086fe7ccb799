// The message of the ds::Error that f throws, or "" when it throws none.
#pragma once

#include "error.h"

#include <QString>

template <typename F> QString errorOf(F &&f)
{
    try {
        f();
    } catch (const ds::Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}
