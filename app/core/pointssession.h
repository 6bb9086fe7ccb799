// PointsSession: the 2-D playground's training without Qt — the points a config makes, a network
// on a backend, its trainer, the optimizer race, and the rules that end a run (an epoch limit, a
// test loss that stops improving, a loss that stops being a number). It is to the points what
// ImageSession is to the images: the training thread's TrainingWorker drives one between its
// commands and frames, and the tests drive one directly. Not thread-safe: one thread uses it.
#pragma once

#include "landscaperesult.h"
#include "onnxmodel.h"
#include "playgroundconfig.h"
#include "snapshot.h"
#include "torchexport.h"
#include "trainedrun.h"

#include <cmath>
#include <memory>
#include <optional>
#include <string>

namespace ds {
class Backend;
class Network;
class Trainer;
} // namespace ds

namespace ds::app {

class OptimizerRace;
class SnapshotBuilder;

// Whether `b` goes on training the run of `a`: they agree on every field that starts a new run in
// the Points field table (document/pointsfields.cpp: the data set, the network's shape, seed,
// initialization and race), and, while racing, on the main optimizer (every lane then starts
// again from the same new weights). The rest (learning rate, activations, regularization,
// optimizer, batch size, drawn points, backend, the stop rules) applies in place, keeping the
// weights: drawing on the map goes on training the same network, as in ConvNetJS.
bool continuesRun(const PlaygroundConfig &a, const PlaygroundConfig &b);

class PointsSession {
public:
    static constexpr int kGrid = PlaygroundConfig::kMapGrid;

    PointsSession();
    ~PointsSession();

    // Takes a config: a new run (weights from the seed, epoch 0) unless continuesRun(old, new),
    // else in place. Throws ds::Error when it is invalid or cannot be built (a device that fails,
    // a network too large); the session then keeps the config it had, with a network.
    void apply(const PlaygroundConfig &config);
    const PlaygroundConfig &config() const { return m_config; }
    bool hasNetwork() const { return m_trainer != nullptr; }
    void reset(); // new weights from the seed, epoch 0; throws ds::Error like apply

    // Trains up to `updates` updates and returns how many it made: fewer when a rule ended the
    // run (stopped() and message() then say which). The rules are checked at every epoch's end,
    // whoever drives the session and at any pace: the epoch limit when the run reaches it, the
    // patience when the test loss has not improved for that many epochs. Throws what the engine
    // throws (a device error); the caller records it with stop().
    long train(long updates);
    bool stopped() const { return m_stopped; }
    bool diverged() const { return m_diverged; }
    const std::string &message() const { return m_message; }
    void stop(const std::string &why); // ends the run with this message (an error, say)
    void resume(); // play after a stop: the run goes on and the patience counts from here

    // Evaluates the network and fills everything a Snapshot holds but the training loop's own
    // fields (running, seconds per epoch). A training loss that is not a number takes the run back
    // to the last snapshot whose loss was one and ends it (diverged()).
    void fill(Snapshot &s);

    long long epoch() const;
    long long updates() const;
    long updatesPerEpoch() const;
    double epochProgress() const;

    // The network as trained and its place in the run, for saving; empty before the first update.
    std::optional<TrainedRun> trainedRun() const;
    // Puts a saved run back (the session holding the config it was saved under). Throws ds::Error
    // when it does not fit, and nothing changes.
    void restoreRun(const TrainedRun &run);
    // The network for an export (modelexport.h); throws ds::Error when there is none.
    onnx::OnnxModel model() const;
    TorchExport torchExport() const; // the playground for the PyTorch script; throws like model()
    // Sets the weight from neuron `from` of diagram column `column` to neuron `to` of the next;
    // false when there is no such weight.
    bool setWeight(int column, int from, int to, float value);
    // The training loss around the current weights (landscape.h), with the path of weights saved
    // at the snapshots since the run began (at most kPathLength, evenly thinned). The weights and
    // the run are left as they were. Throws ds::Error when there is no network, or for the path's
    // plane before two states differ from the current one.
    LandscapeResult landscape(const LandscapeRequest &request);
    static constexpr std::size_t kPathLength = 200;
    std::size_t pathLength() const { return m_path.size(); }

private:
    void rebuild();
    // A Trainer, test data and snapshot builder for m_config's points around m_network, and the
    // race (if any) from its weights.
    void attachData();
    void startRace(); // the optimizers of m_config.race, each from m_network's weights now
    void moveToBackend(const PlaygroundConfig &config); // same weights and place in the run
    void advance(long updates); // the main network and every racer
    void goBackToLastGood(); // after a loss that is not a number: says where, restores m_lastGood
    bool testLossStalled(); // the patience rule, at an epoch's end

    PlaygroundConfig m_config;
    std::shared_ptr<const PlaygroundConfig> m_sharedConfig; // m_config as snapshots carry it
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<Network> m_network;
    std::unique_ptr<Trainer> m_trainer;
    std::unique_ptr<SnapshotBuilder> m_builder;
    std::unique_ptr<OptimizerRace> m_race;
    TrainingData m_testData;

    bool m_stopped = false;
    bool m_diverged = false;
    std::string m_message;
    // The run at the snapshot with the lowest training loss so far: a diverging run goes back to it.
    std::optional<TrainedRun> m_lastGood;
    float m_bestTrainLoss = INFINITY;
    LandscapePath m_path {kPathLength}; // weights at snapshots, oldest first
    float m_bestTestLoss = 0.0f;
    long long m_bestEpoch = 0;
};

} // namespace ds::app
