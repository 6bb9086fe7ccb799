// TrainingWorker: runs a PointsSession on the training thread (moveToThread). Play, pause, the pace
// and the snapshot handshake are TrainingLoop's (shared with the images); the session trains,
// applies configs and keeps the stop rules; this class turns the window's commands into session
// calls and publishes a Snapshot at most once per display frame.
#pragma once

#include "core/pointssession.h"
#include "landscapemetatypes.h"
#include "trainingloop.h"

#include <memory>

namespace ds::app {

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
    // rate, activations, regularization, optimizer, batch size, backend) applies in place
    // (continuesRun in pointssession.h).
    void setConfig(const ds::app::PlaygroundConfig &config);
    void step(); // one epoch, paused
    void reset(); // new weights from the seed, epoch 0, paused
    // Sets the weight from neuron `from` of diagram column `column` to neuron `to` of the next.
    void setWeight(int column, int from, int to, float value);
    // Trains `epochs` epochs at once, paused, then publishes (for rendering without a display);
    // the stop rules end it early as they end a run.
    void trainEpochs(long epochs);
    // Puts a saved run back (after setConfig with the config it was saved under): the weights,
    // the shuffle, the counters and the optimizer state, paused. A run that does not fit the
    // network says why through failed() and changes nothing.
    void restoreRun(const ds::app::TrainedRun &run);
    // The loss landscape around the weights now (PointsSession::landscape), between two frames of
    // training: landscapeReady answers, or landscapeFailed says why.
    void computeLandscape(const ds::app::LandscapeRequest &request);
    // Computes it again, as `request` says, every `everyEpochs` epochs while training (0: never);
    // each is answered like computeLandscape.
    void setLandscapeRecompute(const ds::app::LandscapeRequest &request, int everyEpochs);

signals:
    void snapshotReady(std::shared_ptr<const ds::app::Snapshot> snapshot);
    // A config could not be applied; training goes on under this one (the last that worked), which
    // the window shows instead of the rejected one.
    void configReverted(const ds::app::PlaygroundConfig &config);
    // trainEpochs is done: the snapshot with these updates is the one that shows it.
    void epochsTrained(long long updates);
    void landscapeReady(std::shared_ptr<const ds::app::LandscapeResult> result);
    void landscapeFailed(const QString &why);

private:
    bool canTrain() const override { return m_session.hasNetwork(); }
    void aboutToPlay() override { m_session.resume(); }
    double epochProgress() const override { return m_session.epochProgress(); }
    long updatesPerEpoch() const override { return m_session.updatesPerEpoch(); }
    void trainUpdates(long updates) override;
    void publish() override;
    // Trains through the session; an engine error ends the run and is reported.
    void trainSafely(long updates);

    PointsSession m_session;
    LandscapeRecompute m_recompute;
    std::vector<std::shared_ptr<Snapshot>> m_pool; // published snapshots, reused once released
};

} // namespace ds::app

Q_DECLARE_METATYPE(ds::app::PlaygroundConfig)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::app::Snapshot>)
