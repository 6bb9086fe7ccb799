#include "landscaperesult.h"

#include "error.h"
#include "landscapeshape.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ds::app {

void LandscapePath::clear()
{
    m_states.clear();
    m_stride = 1.0;
    m_last = -1.0;
}

void LandscapePath::record(double epoch, const std::function<std::vector<float>()> &weights)
{
    if (m_last >= 0.0 && epoch < m_last + m_stride)
        return;
    m_states.push_back(weights());
    m_last = epoch;
    const std::size_t values = std::max<std::size_t>(1, m_states.back().size());
    const std::size_t most = std::max<std::size_t>(2, std::min(m_maxStates, m_maxValues / values));
    if (m_states.size() > most) { // every other one goes, and the stride doubles
        std::vector<std::vector<float>> kept;
        for (std::size_t i = 0; i < m_states.size(); i += 2)
            kept.push_back(std::move(m_states[i]));
        m_states = std::move(kept);
        m_stride *= 2.0;
    }
}

LandscapeResult computeLandscape(
    Network &net, const LandscapeScore &score, const std::vector<std::vector<float>> &path, const LandscapeRequest &request)
{
    const std::vector<float> theta = net.parametersToHost();
    LandscapeResult out;
    out.request = request;
    if (request.directions == LandscapeRequest::Directions::Line) {
        if (path.empty() || path.front() == theta)
            throw Error("the line starts where the run started: train a little, then look again");
        const std::vector<float> &start = path.front();
        // grid - 1 steps from the start to now, and as many more beyond each as the range asks,
        // so that t = 0 and t = 1 are points of the line: its value at 1 is the loss now.
        const int perUnit = std::max(2, request.grid - 1);
        const int beyond = int(std::lround(0.5 * std::max(0.0, request.range) * perUnit));
        out.lineFrom = -double(beyond) / perUnit;
        out.lineTo = 1.0 + double(beyond) / perUnit;
        out.line = sampleLine(net, score, theta, start, theta, perUnit + 2 * beyond + 1, out.lineFrom, out.lineTo);
        double norm2 = 0.0;
        for (std::size_t k = 0; k < theta.size(); ++k)
            norm2 += (double(theta[k]) - start[k]) * (double(theta[k]) - start[k]);
        for (const std::vector<float> &state : path) {
            double along = 0.0;
            for (std::size_t k = 0; k < theta.size(); ++k)
                along += (double(state[k]) - start[k]) * (double(theta[k]) - start[k]);
            out.pathT.push_back(along / norm2);
        }
        out.curvature = out.roughness = out.basinShare = std::numeric_limits<double>::quiet_NaN(); // a plane's numbers
        return out;
    }
    std::vector<float> d1, d2;
    double range = request.range;
    if (request.directions == LandscapeRequest::Directions::Path) {
        std::vector<std::vector<float>> moved;
        for (const std::vector<float> &p : path)
            if (p != theta)
                moved.push_back(p);
        if (moved.size() < 2)
            throw Error("the path has no plane yet: train a little, then look again");
        PathPlane plane = pathPlane(moved, theta);
        d1 = std::move(plane.d1);
        d2 = std::move(plane.d2);
        out.explained1 = plane.explained1;
        out.explained2 = plane.explained2;
        // Wide enough for the whole path, with the asked margin around it.
        double reach = 0.0;
        for (const auto &[a, b] : plane.path)
            reach = std::max({reach, std::abs(a), std::abs(b)});
        range = std::max(reach, 1e-3) * (1.0 + std::max(0.0, request.range));
    } else {
        d1 = filterNormalizedDirection(net, theta, request.seed * 2 + 1);
        d2 = filterNormalizedDirection(net, theta, request.seed * 2 + 2);
    }
    if (!path.empty())
        out.path = projectOntoPlane(path, theta, d1, d2);
    out.grid = sampleLandscape(net, score, theta, d1, d2, request.grid, range);
    out.curvature = centreCurvature(out.grid);
    out.roughness = landscapeRoughness(out.grid);
    out.basinShare = centreBasinShare(out.grid);
    return out;
}

void LandscapeRecompute::set(const LandscapeRequest &request, int every, long long epoch)
{
    m_request = request;
    m_every = std::max(0, every);
    m_next = m_every > 0 ? (epoch / m_every + 1) * m_every : 0;
}

bool LandscapeRecompute::due(long long epoch)
{
    if (m_every <= 0)
        return false;
    if (epoch < m_next - m_every) { // taken back: count from here
        m_next = (epoch / m_every + 1) * m_every;
        return false;
    }
    if (epoch < m_next)
        return false;
    m_next = (epoch / m_every + 1) * m_every;
    return true;
}

} // namespace ds::app
