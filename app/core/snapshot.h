// Snapshot: what the training thread publishes for the window to paint, at most once per display
// frame. Immutable once published (shared as std::shared_ptr<const Snapshot>); plain C++ so that
// the benchmarks can build one without Qt.
#pragma once

#include "network.h"
#include "optimizerrace.h"
#include "playgroundconfig.h"
#include "trainer.h"

#include <memory>

#include <vector>

namespace ds::app {

struct Snapshot {
    // The config the numbers below were made under (features, shape, classes, activations). A
    // view paints a snapshot with this, never with the window's latest config, which may already
    // have moved on (a feature unticked while this snapshot was on its way).
    std::shared_ptr<const PlaygroundConfig> config;
    long long epoch = 0;
    long long updates = 0;
    double epochProgress = 0.0;
    Metrics train, test;
    bool hasTest = true; // false when there are no test points (a drawn set trains on all of them)
    double secondsPerEpoch = 0.0; // recent average while training; 0 before any
    float learningRate = 0.0f; // the step size of this epoch, after the schedule
    bool running = false;
    bool stopped = false; // the stop rule ended training
    bool diverged = false; // the loss stopped being a number; the weights shown are the last good ones
    // Per weighted layer (hidden layers, then the output): gradient size and output spread, as
    // of the last update and the pass over the training points (Network::layerStatistics).
    std::vector<LayerStatistics> layerStats;
    // The other optimizers of a race (config->race), each from the same start; the main
    // network's numbers are `train` and `test` above.
    std::vector<RaceLane> race;
    std::string message; // why training stopped or what went wrong, for the status line

    // Maps over the input plane: grid x grid values per neuron, row-major with row 0 at the top
    // (x2 = +6) and column 0 at x1 = -6. Column 0 of the diagram is the input features, then one
    // per hidden layer, the last is the output (one neuron, or one per class).
    int grid = 0;
    std::vector<int> columnSizes;
    std::vector<std::vector<float>> maps; // maps[c] holds columnSizes[c] * grid * grid values

    // Parameters by diagram column: weights[c] (columnSizes[c] x columnSizes[c + 1]) row-major,
    // from neuron i of column c to neuron j of column c + 1; biases[c] for column c + 1.
    std::vector<std::vector<float>> weights;
    std::vector<std::vector<float>> biases;

    // The training points as each diagram column sees them, for the layer view:
    // pointActivations[c] is (points, columnSizes[c]) row-major; pointValues their class or value.
    std::vector<std::vector<float>> pointActivations;
    std::vector<float> pointValues;

    const float *map(int column, int neuron) const
    {
        return maps[std::size_t(column)].data() + std::size_t(neuron) * std::size_t(grid) * std::size_t(grid);
    }
};

} // namespace ds::app
