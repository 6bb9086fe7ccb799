// A loss landscape as both modes ask for one and show it: the request (which directions, how
// fine a grid, how far out) and the result (the grid, the training path projected onto its
// plane, how much of the path's variance the plane explains); the path a run keeps for it
// (LandscapePath); and computeLandscape, which the sessions call on their training thread.
#pragma once

#include "landscape.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ds::app {

struct LandscapeRequest {
    // Random: filter-normalized Gaussian directions (Li et al.); Path: the training path's two
    // principal components; Line: the straight line from the run's first saved state through the
    // weights now (Goodfellow et al. 2015), a 1-D slice.
    enum class Directions { Random, Path, Line };
    Directions directions = Directions::Random;
    int grid = 31; // points per side (a line: grid points from the start to now, and more beyond)
    // Random directions: a, b in [-range, range]; the path's plane: a margin around the path (0.25:
    // a quarter more); a line: t from -range / 2 to 1 + range / 2 (0 the start, 1 now).
    double range = 1.0;
    std::uint64_t seed = 1; // random directions' seed
    bool operator==(const LandscapeRequest &) const = default;
};

struct LandscapeResult {
    LandscapeRequest request;
    LandscapeGrid grid; // empty for a line
    std::vector<std::pair<double, double>> path; // the saved states' (a, b), oldest first; the last is near (0, 0)
    // A line: the loss at line.size() evenly spaced t from lineFrom to lineTo on start + t (now -
    // start), and each saved state's t (its projection onto the line), oldest first.
    std::vector<float> line;
    double lineFrom = 0.0, lineTo = 1.0;
    std::vector<double> pathT;
    bool isLine() const { return request.directions == LandscapeRequest::Directions::Line; }
    double explained1 = 0.0, explained2 = 0.0; // Path: the share of the path's variance along each axis
    // Its shape (landscapeshape.h): the curvature at the centre (Random directions: the
    // filter-normalized sharpness), the roughness (1: one smooth basin) and the share of the map
    // that drains into the centre's basin.
    double curvature = 0.0, roughness = 0.0, basinShare = 0.0;
    long long epoch = 0; // of the weights at the centre
    bool classification = true; // accuracy means something
};

// The weights a run passed through, kept at most `maxStates` (and at most `maxValues` floats in
// all, so that a large network keeps fewer), at most once per `stride` epochs: when full, every
// other state goes and the stride doubles, so the path stays evenly spread over the whole run.
class LandscapePath {
public:
    // At most maxStates states, and as many fewer as keep them within maxValues floats (16 MB):
    // LeNet-5's path keeps 67, a Points network's 200. A projection needs dozens, not thousands.
    explicit LandscapePath(std::size_t maxStates = 200, std::size_t maxValues = std::size_t(4) << 20)
        : m_maxStates(maxStates), m_maxValues(maxValues)
    {
    }
    void clear();
    // Keeps the weights `weights()` gives when the stride allows a state at `epoch`; it is called
    // only then, so that a skipped state costs no download of the parameters.
    void record(double epoch, const std::function<std::vector<float>()> &weights);
    const std::vector<std::vector<float>> &states() const { return m_states; }
    std::size_t size() const { return m_states.size(); }

private:
    std::size_t m_maxStates, m_maxValues;
    std::vector<std::vector<float>> m_states;
    double m_stride = 1.0, m_last = -1.0;
};

// When the landscape is computed again while training: every `every` epochs (0: never), counted
// in whole epochs; a run taken back to an earlier epoch (a reset) counts again from there. The
// workers ask due() as they publish, so that it runs on the training thread between two chunks.
class LandscapeRecompute {
public:
    void set(const LandscapeRequest &request, int every, long long epoch);
    // True once each time the run has passed the next multiple of `every`.
    bool due(long long epoch);
    const LandscapeRequest &request() const { return m_request; }

private:
    LandscapeRequest m_request;
    int m_every = 0;
    long long m_next = 0;
};

// The landscape around `net`'s current weights, scored by `score`, with `path` projected onto
// the plane (and, for Path directions, giving it), or along the line from the path's first state
// through now. The weights go back as they were. Throws ds::Error when the path has no plane yet
// (Path directions before two states differ from now) or no start (a line before any training).
LandscapeResult computeLandscape(
    Network &net, const LandscapeScore &score, const std::vector<std::vector<float>> &path, const LandscapeRequest &request);

} // namespace ds::app
