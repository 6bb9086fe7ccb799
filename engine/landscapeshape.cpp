#include "landscapeshape.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace ds {

double centreCurvature(const LandscapeGrid &g)
{
    if (g.size < 3 || g.loss.size() != std::size_t(g.size) * std::size_t(g.size))
        return std::numeric_limits<double>::quiet_NaN();
    const int c = g.size / 2;
    const double step = 2.0 * g.range / (g.size - 1);
    const double centre = g.lossAt(c, c);
    const double alongA = double(g.lossAt(c, c - 1)) + double(g.lossAt(c, c + 1)) - 2.0 * centre;
    const double alongB = double(g.lossAt(c - 1, c)) + double(g.lossAt(c + 1, c)) - 2.0 * centre;
    const double k = 0.5 * (alongA + alongB) / (step * step);
    return std::isfinite(k) ? k : std::numeric_limits<double>::quiet_NaN();
}

double landscapeRoughness(const LandscapeGrid &g)
{
    const int n = g.size;
    if (n < 2 || g.loss.size() != std::size_t(n) * std::size_t(n))
        return std::numeric_limits<double>::quiet_NaN();
    double variation = 0.0, basin = 0.0;
    for (int line = 0; line < 2 * n; ++line) {
        // Rows first, then columns.
        auto at = [&](int i) { return double(line < n ? g.lossAt(line, i) : g.lossAt(i, line - n)); };
        double lowest = at(0);
        for (int i = 1; i < n; ++i) {
            variation += std::abs(at(i) - at(i - 1));
            lowest = std::min(lowest, at(i));
        }
        basin += at(0) + at(n - 1) - 2.0 * lowest;
    }
    return std::isfinite(variation) && basin > 0.0 ? variation / basin : std::numeric_limits<double>::quiet_NaN();
}

double centreBasinShare(const LandscapeGrid &g)
{
    const int n = g.size;
    if (n < 1 || g.loss.size() != std::size_t(n) * std::size_t(n))
        return std::numeric_limits<double>::quiet_NaN();
    // A loss that is not a number counts as the highest: nothing drains into it.
    auto height = [&](int r, int c) {
        const float l = g.lossAt(r, c);
        return std::isfinite(l) ? double(l) : std::numeric_limits<double>::infinity();
    };
    auto bottom = [&](int r, int c) {
        for (;;) {
            int br = r, bc = c;
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    const int rr = r + dr, cc = c + dc;
                    if (rr >= 0 && rr < n && cc >= 0 && cc < n && height(rr, cc) < height(br, bc))
                        br = rr, bc = cc;
                }
            if (br == r && bc == c)
                return std::pair(r, c);
            r = br, c = bc;
        }
    };
    const auto centre = bottom(n / 2, n / 2);
    int same = 0;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            same += bottom(r, c) == centre;
    return double(same) / (double(n) * double(n));
}

} // namespace ds
