// SnapshotBuilder: evaluates a network over the grid of the input plane and copies out what the
// window draws: every neuron's map and every weight. Owned by the training thread; plain C++.
#pragma once

#include "network.h"
#include "playgroundconfig.h"
#include "snapshot.h"

namespace ds::app {

class SnapshotBuilder {
public:
    // The features of the grid's points are computed once here. grid >= 2.
    SnapshotBuilder(const PlaygroundConfig &config, int grid);

    int grid() const { return m_grid; }
    // Fills s.grid, columnSizes, maps, weights and biases from the network (evaluation mode).
    void fill(Network &network, Snapshot &s);

private:
    int m_grid;
    int m_featureCount;
    std::vector<float> m_gridFeatures; // (grid * grid, features), row-major
    Backend *m_uploadedTo = nullptr; // the backend m_gridInputs lives on
    Tensor m_gridInputs;
};

} // namespace ds::app
