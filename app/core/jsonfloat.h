// A float as the JSON number that reads back as the same float and looks like what was typed:
// 0.03f is 0.0299999993 as a double, which a file would show; its shortest float spelling "0.03",
// parsed as a double, is written as 0.03 and reads back as 0.03f exactly.
#pragma once

#include <charconv>
#include <cstdlib>
#include <string>

namespace ds::app {

inline double jsonFloat(float value)
{
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text - 1, value).ptr;
    *end = '\0';
    return std::strtod(text, nullptr);
}

} // namespace ds::app
