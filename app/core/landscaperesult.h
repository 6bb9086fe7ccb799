// A loss landscape as the Points mode asks for one and shows it: the request (which directions,
// how fine a grid, how far out) and the result (the grid, the training path projected onto its
// plane, how much of the path's variance the plane explains). Plain values: the worker computes
// them (PointsSession::landscape) and the Landscape view paints them.
#pragma once

#include "landscape.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ds::app {

struct LandscapeRequest {
    // Random: filter-normalized Gaussian directions (Li et al.); Path: the training path's two
    // principal components.
    enum class Directions { Random, Path };
    Directions directions = Directions::Random;
    int grid = 31; // points per side
    double range = 1.0; // random directions: a, b in [-range, range]; the path's plane: a margin around the path (0.25: a quarter more)
    std::uint64_t seed = 1; // random directions' seed
    bool operator==(const LandscapeRequest &) const = default;
};

struct LandscapeResult {
    LandscapeRequest request;
    LandscapeGrid grid;
    std::vector<std::pair<double, double>> path; // the saved states' (a, b), oldest first; the last is near (0, 0)
    double explained1 = 0.0, explained2 = 0.0; // Path: the share of the path's variance along each axis
    long long epoch = 0; // of the weights at the centre
    bool classification = true; // accuracy means something
};

} // namespace ds::app
