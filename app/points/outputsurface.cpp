#include "outputsurface.h"

#include "colorscale.h"

#include <algorithm>

namespace ds::app {

widgets::SurfaceGrid outputSurface(const Snapshot &s, int stride)
{
    widgets::SurfaceGrid out;
    if (s.grid < 2 || s.columnSizes.empty() || s.columnSizes.back() != 1 || s.maps.size() != s.columnSizes.size())
        return out;
    const int g = s.grid;
    stride = std::clamp(stride, 1, g - 1);
    std::vector<int> at; // the grid indices kept, both ends included
    for (int i = 0; i < g; i += stride)
        at.push_back(i);
    if (at.back() != g - 1)
        at.push_back(g - 1);
    const float *map = s.map(int(s.columnSizes.size()) - 1, 0);
    const double half = data::kDomain;
    out.columns = out.rows = int(at.size());
    out.x0 = out.z0 = -half;
    out.x1 = out.z1 = half;
    // Surface rows run up x2 (the map's row 0 is its top, x2 = +half); columns along x1.
    out.heights.reserve(at.size() * at.size());
    for (auto r = at.rbegin(); r != at.rend(); ++r)
        for (int c : at)
            out.heights.push_back(map[std::size_t(*r) * std::size_t(g) + std::size_t(c)]);
    out.xTitle = "x1";
    out.zTitle = "x2";
    out.yTitle = "output";
    out.colours = widgets::SurfaceGrid::Colours::Diverging; // as the map colours it
    return out;
}

std::vector<widgets::SurfaceMarker> dataMarkers(const PlaygroundConfig &config)
{
    std::vector<widgets::SurfaceMarker> out;
    const data::Points2D points = config.points();
    const bool regression = points.problem == data::ProblemType::Regression;
    auto add = [&](const data::Point2 &p, bool test) {
        QColor colour = regression ? QColor(widgets::divergingColor(p.value)) : widgets::classColor(int(p.value), points.numClasses);
        // A shade darker than the surface under it, which has the same colours; test points paler.
        colour = test ? colour.lighter(130) : colour.darker(125);
        // A class has no height of its own: a two-class point stands at the output that marks
        // it (-1 or +1, the map's two ends).
        const float height = regression ? p.value : (points.numClasses == 2 ? (p.value > 0.5f ? 1.0f : -1.0f) : 0.0f);
        out.push_back({QVector3D(p.x, height, p.y), colour, test ? 0.7f : 0.9f});
    };
    for (const auto &p : points.train)
        add(p, false);
    if (config.showTestData)
        for (const auto &p : points.test)
            add(p, true);
    return out;
}

} // namespace ds::app
