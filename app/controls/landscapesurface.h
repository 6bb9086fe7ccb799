// A loss landscape as a 3-D surface (widgets/surfaceplot.h): the grid's losses as heights over
// (a, b), linear or log10, and the training path as a trail of markers lying on the surface (each
// state's loss read off the grid between its four nearest points), from a white start to the red
// dot of the weights now. Pure functions of the result, so that they are tested without OpenGL.
#pragma once

#include "core/landscaperesult.h"
#include "surfaceplot.h"

#include <vector>

namespace ds::app {

widgets::SurfaceGrid landscapeSurface(const LandscapeResult &result, bool logLoss);

// The path's states and, between two states, `between` markers more, so that it reads as a line;
// states outside the grid are left out.
std::vector<widgets::SurfaceMarker> landscapePathMarkers(const LandscapeResult &result, bool logLoss, int between = 3);

// The loss at (a, b), interpolated between the grid's four nearest points (NaN outside it).
float landscapeLossAt(const LandscapeGrid &grid, double a, double b);

} // namespace ds::app
