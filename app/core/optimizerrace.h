// OptimizerRace: copies of the playground's network that train beside it, each with another
// optimizer, from the same weights, on the same mini-batches in the same order, so that the loss
// curves compare the update rules alone (SGD against momentum against Adam). Plain C++ on the
// training thread, owned by the TrainingWorker; the main network stays the one drawn.
#pragma once

#include "playgroundconfig.h"
#include "trainedrun.h"
#include "trainer.h"

#include <functional>
#include <memory>
#include <vector>

namespace ds {
class Backend;
class Network;
} // namespace ds

namespace ds::app {

// One optimizer's place in the race, as a snapshot carries it.
struct RaceLane {
    OptimizerKind optimizer = OptimizerKind::Sgd;
    Metrics train, test;
    bool diverged = false; // its loss stopped being a number; it no longer trains
    // Its output neurons over the snapshot's grid, one map after another as Snapshot::maps.back()
    // holds the main network's: each lane's decision boundary, drawn beside the main one.
    std::vector<float> output;
};

class OptimizerRace {
public:
    // One lane per optimizer of config.race other than config.optimizer (the main network's),
    // each a copy of `startWeights` on `backend`. Throws ds::Error like a Network or Trainer.
    OptimizerRace(const PlaygroundConfig &config, Backend &backend, const std::vector<float> &startWeights,
        const TrainingData &train, const TrainingData &test);
    ~OptimizerRace();
    OptimizerRace(const OptimizerRace &) = delete;
    OptimizerRace &operator=(const OptimizerRace &) = delete;

    // The same updates the main network just made, in every lane still finite.
    void step(long updates);
    // Learning rate, schedule, regularization and batch size follow the playground's; each lane
    // keeps its own optimizer.
    void setConfig(const PlaygroundConfig &config);
    // The losses now (a pass over the training and test points per lane), and each lane's output
    // over the plane as `outputMaps` makes it of the lane's network (none without one).
    std::vector<RaceLane> lanes(const std::function<std::vector<float>(Network &)> &outputMaps = {});
    // Every lane's network and place in the run, for saving with the main run, and back. restore
    // checks every lane first (their count, sizes and weights) and changes nothing on ds::Error.
    std::vector<RaceLaneRun> save() const;
    void restore(const std::vector<RaceLaneRun> &lanes);

private:
    struct Runner;
    std::vector<std::unique_ptr<Runner>> m_runners;
    TrainingData m_test;
};

} // namespace ds::app
