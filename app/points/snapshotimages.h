// Turns a Snapshot's numbers into the images the widgets paint: one heatmap per neuron, and the
// output map (the diverging scale for one output; class colours, paler where the network is
// unsure, for several).
#pragma once

#include "core/snapshot.h"

#include <QImage>

#include <vector>

namespace ds::app {

// Map of neuron `neuron` of diagram column `column`. Input features are scaled by their own
// largest magnitude (X1 spans -6..6, X1² 0..36); neuron outputs use the fixed range -1..1.
QImage neuronImage(const Snapshot &s, int column, int neuron, bool discretize = false);
// The network's output over the plane.
QImage outputImage(const Snapshot &s, int numClasses, bool discretize);
// The same from output maps alone (grid x grid values per output neuron, one after another): a
// race lane's.
QImage outputImage(const float *maps, int grid, int numClasses, bool discretize);

} // namespace ds::app
