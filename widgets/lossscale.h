// The loss as the landscape's views show it (the map, the line, the 3-D surface): itself, or its
// base-10 logarithm, which shows the floor of a deep valley (a loss of 0 is drawn at 1e-12).
#pragma once

#include <algorithm>
#include <cmath>

namespace ds::widgets {

inline float shownLoss(float loss, bool logScale)
{
    return logScale ? std::log10(std::max(loss, 1e-12f)) : loss;
}

} // namespace ds::widgets
