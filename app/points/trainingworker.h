// TrainingWorker: owns the network on the training thread (moveToThread). It trains in chunks —
// tick() runs a few milliseconds of steps and re-posts itself with a queued call — so commands
// (play, pause, a new learning rate, reset) slot in between chunks without locks. It publishes a
// Snapshot at most once per display frame, and only after the window has shown the previous one,
// so fast training never floods the event loop and a slow paint never slows training.
#pragma once

#include "onnxmodel.h"
#include "playgroundconfig.h"
#include "snapshot.h"
#include "torchexport.h"
#include "trainedrun.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace ds {
class Backend;
class Network;
class Trainer;
} // namespace ds

namespace ds::app {

class SnapshotBuilder;

class TrainingWorker : public QObject {
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
    void play();
    void pause();
    void togglePlay();
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
    // The window has painted the last snapshot; the next may be published.
    void snapshotShown();

signals:
    void snapshotReady(std::shared_ptr<const ds::app::Snapshot> snapshot);
    void runningChanged(bool running);
    void failed(const QString &message);
    // A config could not be applied; training goes on under this one (the last that worked), which
    // the window shows instead of the rejected one.
    void configReverted(const ds::app::PlaygroundConfig &config);

private:
    void rebuild();
    // A Trainer, test data and snapshot builder for m_config's points around m_network.
    void attachData();
    void tick();
    void scheduleTick();
    void requestSnapshot();
    void publish();
    void stop(const std::string &why);
    void goBackToLastGood(); // after a loss that is not a number: says where, restores m_lastGood
    bool checkStopRule(float testLoss);

    PlaygroundConfig m_config;
    std::shared_ptr<const PlaygroundConfig> m_publishedConfig; // m_config as snapshots carry it (set in setConfig)
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<Network> m_network;
    std::unique_ptr<Trainer> m_trainer;
    std::unique_ptr<SnapshotBuilder> m_builder;
    TrainingData m_testData;
    std::vector<std::shared_ptr<Snapshot>> m_pool; // published snapshots, reused once released

    bool m_running = false;
    bool m_tickQueued = false;
    bool m_awaitingPaint = false; // a snapshot is out and not yet painted
    bool m_snapshotWanted = false; // something changed while one was out
    bool m_stopped = false;
    std::string m_message;
    bool m_diverged = false;
    // The run as it was at the last snapshot whose loss was a number: a diverging run goes back to it.
    std::optional<TrainedRun> m_lastGood;
    QElapsedTimer m_sinceSnapshot;
    QElapsedTimer m_sincePlay;
    double m_epochsAtPlay = 0.0;
    double m_secondsPerEpoch = 0.0;
    float m_bestTestLoss = 0.0f;
    long long m_bestEpoch = 0;
};

} // namespace ds::app

Q_DECLARE_METATYPE(ds::app::PlaygroundConfig)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::app::Snapshot>)
