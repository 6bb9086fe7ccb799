// The Points mode's 3-D view: the network's output over the input plane as a surface (what a
// regression network learns is a surface), with the data points at their heights (their target
// values) around it, coloured as on the map. Pure functions of a snapshot and the config, so that
// they are tested without OpenGL.
#pragma once

#include "core/playgroundconfig.h"
#include "core/snapshot.h"
#include "surfaceplot.h"

#include <vector>

namespace ds::app {

// The output neuron's map, every `stride`-th grid point (a 100×100 map is more than a turning
// surface needs); empty when the output is not one neuron (a classifier of three or more classes
// has one per class).
widgets::SurfaceGrid outputSurface(const Snapshot &s, int stride = 2);

// The training points (and the test points when they are shown) at (x1, value, x2).
std::vector<widgets::SurfaceMarker> dataMarkers(const PlaygroundConfig &config);

} // namespace ds::app
