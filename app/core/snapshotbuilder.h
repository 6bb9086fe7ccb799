// SnapshotBuilder: evaluates a network over the grid of the input plane and copies out what the
// window draws: every neuron's map and every weight. Owned by the training thread; plain C++.
#pragma once

#include "network.h"
#include "playgroundconfig.h"
#include "snapshot.h"

namespace ds::app {

class SnapshotBuilder {
public:
    // The features of the grid's points (and of the training points, for the layer view) are
    // computed once here. grid >= 2.
    SnapshotBuilder(const PlaygroundConfig &config, int grid);

    int grid() const { return m_grid; }
    // Fills the maps, weights, biases and point activations from the network (evaluation mode).
    // A recycled snapshot keeps its vectors' storage, so a frame allocates nothing.
    void fill(Network &network, Snapshot &s);
    // The network's output neurons over the grid, one map after another (as fill() puts them in
    // Snapshot::maps.back()): a race lane's boundary.
    std::vector<float> outputMaps(Network &network);

private:
    // Runs the network on `inputs` and copies each diagram column's (rows, units) outputs into
    // m_columns (hidden layers and output; not the inputs).
    void columnOutputs(Network &network, const Tensor &inputs);
    void upload(Backend &backend); // the grid's and the points' features, once per backend

    int m_grid;
    int m_featureCount;
    std::vector<float> m_gridFeatures; // (grid * grid, features), row-major
    std::vector<float> m_pointFeatures; // (training points, features), for the layer view
    std::vector<float> m_pointValues;
    Backend *m_uploadedTo = nullptr; // the backend the inputs below live on
    Tensor m_gridInputs, m_pointInputs;
    std::vector<std::vector<float>> m_columns; // scratch, reused every frame
    std::vector<float> m_params;
};

} // namespace ds::app
