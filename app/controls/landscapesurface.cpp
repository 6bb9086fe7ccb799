#include "landscapesurface.h"

#include "lossscale.h"

#include <algorithm>
#include <cmath>

namespace ds::app {

using widgets::shownLoss;

widgets::SurfaceGrid landscapeSurface(const LandscapeResult &result, bool logLoss)
{
    const LandscapeGrid &g = result.grid;
    widgets::SurfaceGrid s;
    s.columns = s.rows = g.size;
    s.x0 = s.z0 = -g.range;
    s.x1 = s.z1 = g.range;
    s.heights.reserve(g.loss.size());
    for (float l : g.loss)
        s.heights.push_back(std::isfinite(l) ? shownLoss(l, logLoss) : NAN);
    s.xTitle = "a";
    s.zTitle = "b";
    s.yTitle = logLoss ? "log10 loss" : "loss";
    return s;
}

float landscapeLossAt(const LandscapeGrid &g, double a, double b)
{
    if (g.size < 2 || !(std::abs(a) <= g.range) || !(std::abs(b) <= g.range))
        return NAN;
    const double step = 2.0 * g.range / (g.size - 1);
    const double x = (a + g.range) / step, y = (b + g.range) / step;
    const int c = std::min(int(x), g.size - 2), r = std::min(int(y), g.size - 2);
    const double fx = x - c, fy = y - r;
    const double low = (1 - fx) * g.lossAt(r, c) + fx * g.lossAt(r, c + 1);
    const double high = (1 - fx) * g.lossAt(r + 1, c) + fx * g.lossAt(r + 1, c + 1);
    return float((1 - fy) * low + fy * high);
}

std::vector<widgets::SurfaceMarker> landscapePathMarkers(const LandscapeResult &result, bool logLoss, int between)
{
    std::vector<widgets::SurfaceMarker> out;
    const auto &path = result.path;
    // Lifted a little above the surface, so that the trail is not hidden inside it.
    const auto [lo, hi] = result.grid.lossRange();
    const float lift = std::isfinite(lo) && hi > lo ? 0.025f * (shownLoss(hi, logLoss) - shownLoss(lo, logLoss)) : 0.0f;
    auto add = [&](double a, double b, QColor colour, float size) {
        const float l = landscapeLossAt(result.grid, a, b);
        if (std::isfinite(l))
            out.push_back({QVector3D(float(a), shownLoss(l, logLoss) + lift, float(b)), colour, size});
    };
    const QColor trail(255, 255, 255), start(255, 255, 255);
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto [a, b] = path[i];
        add(a, b, i == 0 ? start : trail, i == 0 ? 1.8f : 1.0f);
        if (i + 1 < path.size())
            for (int k = 1; k <= between; ++k) {
                const double t = double(k) / (between + 1);
                add(a + t * (path[i + 1].first - a), b + t * (path[i + 1].second - b), trail, 0.6f);
            }
    }
    add(0.0, 0.0, QColor(230, 30, 30), 2.5f); // the weights now, at the centre
    return out;
}

} // namespace ds::app
