// The cases of the conv-arithmetic guide (Dumoulin and Visin), with the sizes of its figures, and
// the lecture's small example: the view's "example" list, the screenshot tool's shots and the
// tests' cases all come from here.
#pragma once

#include "convarithmodel.h"

#include <string>
#include <vector>

namespace ds::widgets {

struct ConvArithPreset {
    std::string name; // e.g. "Strides and padding (5×5, k3, s2, p1)"
    ConvArithSetup setup;
    // Row-major numbers for the input and the kernel; empty keeps the defaults.
    std::vector<double> input, kernel;
};

const std::vector<ConvArithPreset> &convArithPresets();

} // namespace ds::widgets
