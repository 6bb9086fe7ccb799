// ImageWorker: owns the image data and the ImageSession on the image training thread
// (moveToThread), like TrainingWorker does for the points: it loads data sets with progress and
// trains through TrainingLoop (play, pause, the pace, the snapshot handshake, shared with the
// points), publishing ImageSnapshots at most a few times a second.
#pragma once

#include "core/imagesconfig.h"
#include "core/imagesnapshot.h"
#include "landscapemetatypes.h"
#include "core/torchexport.h"
#include "onnxmodel.h"
#include "trainingloop.h"

#include <QElapsedTimer>
#include <QStringList>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace ds {
class Backend;
}

namespace ds::app {

class ImageWorker : public TrainingLoop {
    Q_OBJECT
public:
    explicit ImageWorker(QObject *parent = nullptr);
    ~ImageWorker() override;

    // Asks a load in progress to stop (thread-safe; the load then fails with "cancelled").
    void cancelLoad() { m_cancel = true; }
    // The network as trained and its place in the run, for saving; empty before the first update.
    // Call it on the worker's thread (a blocking queued call from the view).
    std::optional<TrainedRun> trainedRun() const;
    // The same as of the last snapshot, from any thread without waiting for the worker: saving
    // must not stall the window while the image thread builds a session or a test report.
    std::optional<TrainedRun> lastPublishedRun() const;
    // The network for an export (modelexport.h), on the worker's thread; throws ds::Error when
    // there is none.
    onnx::OnnxModel model();
    // The playground for the PyTorch script (torchexport.h); throws ds::Error like model().
    TorchExport torchExport();

public slots:
    // `generation` comes back in the ImageDataInfo, so that the view can tell an older load's
    // data from the one it asked for last.
    // With `keepWeights`, a trained network that fits the new images (same shape and classes)
    // keeps its weights in the new session (transfer learning); otherwise they are new.
    void load(const ds::app::ImageDataChoice &choice, int generation = 0, bool keepWeights = false);
    // A new network (new weights); the trainer settings and augmentation apply in place. A config
    // that cannot be built (failed() says why) leaves no network: nothing trains a network other
    // than the one asked for. `serial` comes back in every snapshot after it.
    void setSessionConfig(const ds::app::ImageSessionConfig &config, int serial = 0);
    // Goes on training on another backend ("cpu", "cuda") with the same weights and place in the
    // run; on failure stays where it was. Either way backendChanged says where it is.
    void setBackend(const QString &id);
    void setEpochLimit(int epochs); // pause after this many epochs (0: never)
    // Puts a saved run back into the session built from its config, paused; failed() says why
    // when it does not fit, and nothing changes.
    // `serial` comes back in every snapshot after it, so that the view can leave unpainted the
    // session built from the run's config before the run is in it.
    void restoreRun(const ds::app::TrainedRun &run, int serial = 0);
    void stepEpoch();
    // Trains `epochs` epochs at once, paused, with the curve points the run would have (one at the
    // end too) and a test report after; for the command line and renders. The config's epoch
    // limit, pace and schedule are left as they are. epochsTrained(updates) follows, with the
    // updates of the snapshot that carries the report.
    void trainEpochs(long epochs);
    void reset();
    void setProbe(int testIndex);
    void setFilterLayer(int convolution); // whose filters the snapshots carry (0: the first conv layer)
    // On: snapshots carry the first layer's top patches (ImageSession::topPatches), found again
    // once per epoch while training and after every change while paused.
    void setShowPatches(bool on);
    void setDrawing(const std::vector<float> &pixels); // empty: no drawing
    // The loss landscape around the weights now, on the curves' slice of training images, with
    // the path of the weights at the curve points: landscapeReady answers, or landscapeFailed.
    void computeLandscape(const ds::app::LandscapeRequest &request);
    // Computes it again, as `request` says, every `everyEpochs` epochs while training (0: never);
    // each is answered like computeLandscape.
    void setLandscapeRecompute(const ds::app::LandscapeRequest &request, int everyEpochs);

signals:
    void loadProgress(double fraction);
    void dataLoaded(const ds::app::ImageDataInfo &info);
    void snapshotReady(std::shared_ptr<const ds::app::ImageSnapshot> snapshot);
    void backendChanged(const QString &id, const QString &name);
    void epochsTrained(long long updates);
    void landscapeReady(std::shared_ptr<const ds::app::LandscapeResult> result);
    void landscapeFailed(const QString &why);

private:
    void rebuild();
    bool canTrain() const override { return m_session != nullptr; }
    void aboutToPlay() override;
    void didPause() override { requestReport(); } // a pause shows the test results
    double epochProgress() const override;
    long updatesPerEpoch() const override;
    void trainUpdates(long updates) override;
    void publish() override;
    void requestReport(); // a snapshot with the test report, once paused
    void addCurvePoint();
    bool curvePointDue() const; // a quarter epoch since the last curve point
    void finish(const std::string &why);

    // As loaded, unnormalized, shared with the session; its test part is m_rawTest.
    std::shared_ptr<const data::ImageSplit> m_raw = std::make_shared<const data::ImageSplit>();
    std::shared_ptr<const data::ImageSet> m_rawTest;
    ImageSessionConfig m_config;
    int m_configSerial = 0;
    int m_restoreSerial = 0;
    bool m_haveConfig = false;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<ImageSession> m_session;
    bool m_weightsGiven = false; // the session's weights came from a file, not from its seed
    std::optional<TrainedRun> m_lastGood; // the run at the last curve point whose loss was a number
    mutable std::mutex m_publishedRunMutex;
    std::optional<TrainedRun> m_publishedRun; // trainedRun() at the last publish()
    TrainingData m_trainProbe; // a fixed slice of the training images for the curves
    std::atomic<bool> m_cancel {false};

    int m_epochLimit = 5;
    bool m_reportWanted = false;
    std::string m_message;
    std::vector<CurvePoint> m_pendingPoints;
    bool m_curvesReset = true;
    double m_lastPointEpoch = -1.0;
    int m_probe = 0;
    int m_filterLayer = 0;
    bool m_showPatches = false;
    std::shared_ptr<const TopPatches> m_patches; // of m_session at m_patchesUpdates; reset with it
    long long m_patchesUpdates = -1;
    std::vector<float> m_drawing;
    std::shared_ptr<const TestReport> m_report;
    QElapsedTimer m_sinceCurvePoint;
    LandscapePath m_path; // the weights at the curve points, for the landscape
    LandscapeRecompute m_recompute;
};

} // namespace ds::app

Q_DECLARE_METATYPE(ds::app::ImageDataChoice)
Q_DECLARE_METATYPE(ds::app::ImageSessionConfig)
Q_DECLARE_METATYPE(ds::app::ImageDataInfo)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::app::ImageSnapshot>)
