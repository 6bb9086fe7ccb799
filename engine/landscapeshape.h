// Numbers that say what shape a sampled loss landscape has (the two lessons on it quote them):
// how sharp the minimum at the centre is, how rough the surface is, and how much of the map drains
// into the centre's basin. Plain functions of the grid, so that they hold whatever sampled it.
#pragma once

#include "landscape.h"

namespace ds {

// The curvature at the centre (the trained weights): the second difference of the loss along a
// and along b at the grid's own step, averaged, per unit² of a and b. Along filter-normalized
// directions this is the sharpness that Keskar et al. compare (a larger value: a sharper minimum).
// NaN when the centre or its four neighbours have no finite loss.
double centreCurvature(const LandscapeGrid &grid);

// How rough the surface is: the total variation along every row and every column over what it
// would be if each fell once to its lowest point and rose once from there (the sum of the ends'
// heights above the line's minimum). 1 for a single smooth basin seen from any row or column, more
// for every extra rise and fall (a chaotic surface: 2 or more). NaN for a flat or empty grid.
double landscapeRoughness(const LandscapeGrid &grid);

// The share of grid points (0..1) from which always stepping to the lowest of the eight
// neighbours ends in the same place as from the centre: 1 when the whole map is one basin.
double centreBasinShare(const LandscapeGrid &grid);

} // namespace ds
