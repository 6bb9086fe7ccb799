// Versions of the engine and what it was built with, for `deepscope --version` and `info`.
#pragma once

#include <string>

namespace ds {

std::string deepscopeVersion(); // "0.1.0"
std::string eigenVersion(); // "3.4.0"
std::string simdInstructions(); // what Eigen vectorizes with: "SSE2", "AVX2 FMA", ...

} // namespace ds
