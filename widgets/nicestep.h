// Axis steps and ends a person reads at a glance: 1, 2 or 5 times a power of ten.
#pragma once

#include <cmath>

namespace ds::widgets {

// The nice step closest to `rough` (1 for a step that is not positive).
inline double niceStep(double rough)
{
    if (!(rough > 0))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double r = rough / magnitude;
    return (r < 1.5 ? 1.0 : r < 3.5 ? 2.0 : r < 7.5 ? 5.0 : 10.0) * magnitude;
}

// The smallest nice number (1, 2 or 5 times a power of ten) at or above `value` (1 for a value
// that is not positive): an axis end that moves only in round steps.
inline double niceCeiling(double value)
{
    if (!(value > 0))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    const double r = value / magnitude;
    return (r <= 1.0 ? 1.0 : r <= 2.0 ? 2.0 : r <= 5.0 ? 5.0 : 10.0) * magnitude;
}

} // namespace ds::widgets
