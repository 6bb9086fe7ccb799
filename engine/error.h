// ds::Error: the one exception type the engine throws. Its message is meant for a person: it says
// what is wrong and, where it can, what to do about it. The engine never prints and never exits.
#pragma once

#include <stdexcept>
#include <string>

namespace ds {

// Default visibility: the CUDA plugin (built with hidden symbols) throws it into the engine, and
// both must see one type.
class __attribute__((visibility("default"))) Error : public std::runtime_error {
public:
    explicit Error(const std::string &message) : std::runtime_error(message) { }
};

} // namespace ds
