// TrainingWorker: owns the points' network on the training thread (moveToThread). Play, pause,
// the pace and the snapshot handshake are TrainingLoop's (shared with the images); this class
// trains the points, applies configs and publishes a Snapshot at most once per display frame.
#pragma once

#include "onnxmodel.h"
#include "playgroundconfig.h"
#include "snapshot.h"
#include "torchexport.h"
#include "trainedrun.h"
#include "trainingloop.h"

#include <memory>

namespace ds {
class Backend;
class Network;
class Trainer;
} // namespace ds

namespace ds::app {

class OptimizerRace;
class SnapshotBuilder;

class TrainingWorker : public TrainingLoop {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject *parent = nullptr);
    ~TrainingWorker() override;

    static constexpr int kGrid = PlaygroundConfig::kMapGrid;

    // The network as trained and its place in the run, for saving; empty before the first update.
    // Call it on the worker's thread (a blocking queued call from the window).
    std::optional<TrainedRun> trainedRun() const;
    // The network for an export (modelexport.h), on the worker's thread; throws ds::Error when
    // there is none.
    onnx::OnnxModel model() const;
    // The playground for the PyTorch script (torchexport.h); throws ds::Error like model().
    TorchExport torchExport();

public slots:
    // A new data set or network shape rebuilds the network (new weights); the rest (learning
    // rate, activations, regularization, optimizer, batch size, backend) applies in place.
    void setConfig(const ds::app::PlaygroundConfig &config);
    void step(); // one epoch, paused
    void reset(); // new weights from the seed, epoch 0, paused
    // Sets the weight from neuron `from` of diagram column `column` to neuron `to` of the next.
    void setWeight(int column, int from, int to, float value);
    // Trains `epochs` epochs at once, paused, then publishes (for rendering without a display).
    void trainEpochs(long epochs);
    // Puts a saved run back (after setConfig with the config it was saved under): the weights,
    // the shuffle, the counters and the optimizer state, paused. A run that does not fit the
    // network says why through failed() and changes nothing.
    void restoreRun(const ds::app::TrainedRun &run);

signals:
    void snapshotReady(std::shared_ptr<const ds::app::Snapshot> snapshot);
    // A config could not be applied; training goes on under this one (the last that worked), which
    // the window shows instead of the rejected one.
    void configReverted(const ds::app::PlaygroundConfig &config);

private:
    void rebuild();
    // A Trainer, test data and snapshot builder for m_config's points around m_network, and the
    // race (if any) from its weights.
    void attachData();
    // The optimizers of m_config.race, each from m_network's weights now (none when not racing).
    void startRace();
    // `updates` updates of the main network and of every racer.
    void advance(long updates);
    bool canTrain() const override { return m_trainer != nullptr; }
    void aboutToPlay() override;
    double epochProgress() const override;
    long updatesPerEpoch() const override;
    void trainUpdates(long updates) override;
    void publish() override;
    void stop(const std::string &why);
    void goBackToLastGood(); // after a loss that is not a number: says where, restores m_lastGood
    bool checkStopRule(float testLoss);

    PlaygroundConfig m_config;
    std::shared_ptr<const PlaygroundConfig> m_publishedConfig; // m_config as snapshots carry it (set in setConfig)
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<Network> m_network;
    std::unique_ptr<Trainer> m_trainer;
    std::unique_ptr<SnapshotBuilder> m_builder;
    std::unique_ptr<OptimizerRace> m_race;
    TrainingData m_testData;
    std::vector<std::shared_ptr<Snapshot>> m_pool; // published snapshots, reused once released

    bool m_stopped = false;
    std::string m_message;
    bool m_diverged = false;
    // The run as it was at the last snapshot whose loss was a number: a diverging run goes back to it.
    std::optional<TrainedRun> m_lastGood;
    float m_bestTestLoss = 0.0f;
    long long m_bestEpoch = 0;
};

} // namespace ds::app

Q_DECLARE_METATYPE(ds::app::PlaygroundConfig)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::app::Snapshot>)
