// What went wrong, for a person: the message of any exception a worker catches. ds::Error already
// speaks to the user; the standard library's own (std::bad_alloc, std::filesystem::filesystem_error)
// say it in their terms, and an escaped one would abort the app, so the workers catch them all.
#pragma once

#include <exception>
#include <new>
#include <string>

namespace ds::app {

inline std::string errorMessage(const std::exception &e)
{
    if (dynamic_cast<const std::bad_alloc *>(&e))
        return "not enough memory for this: the data or the network is too large for this machine";
    return e.what();
}

} // namespace ds::app
