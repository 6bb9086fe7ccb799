// CnnView: the image half of the playground. Left: the data set and the network (presets and
// the layer editor). Top: play, step, reset and the training settings. Centre: the loss and
// accuracy curves and the layer-1 filters, live; below, tabs for the predictions on a sample of
// test images, the feature maps of a chosen image, a canvas to draw a digit on, and after a run
// the confusion matrix and the worst mistakes. Talks to the ImageWorker on its own thread
// through queued calls only.
#pragma once

#include "core/imagesnapshot.h"
#include "training/imageworker.h"

#include <QThread>
#include <QWidget>

#include <functional>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QSpinBox;
class QTabWidget;

namespace ds::widgets {
class ConfusionMatrix;
class DigitCanvas;
class FeatureMaps;
class FilterGrid;
class GraphDiagram;
class PatchGrid;
class ImageGallery;
class LossChart;
class ProbabilityBars;
} // namespace ds::widgets

namespace ds::app {

struct DownloadableSet;
class LandscapePanel;
class LayerEditor;
class TrainingBar;

class CnnView : public QWidget {
    Q_OBJECT
public:
    explicit CnnView(QWidget *parent = nullptr);
    ~CnnView() override;

    // Starts the worker on the bundled digits (once; later calls do nothing).
    void start();
    bool isRunning() const { return m_running; }
    bool isStarted() const { return m_started; }
    ImageWorker *worker() const { return m_worker; } // for tests: lives on the image thread
    TrainingBar *trainingBar() const { return m_bar; }
    std::shared_ptr<const ImageSnapshot> lastSnapshot() const { return m_last; }
    // Trains `epochs` epochs from where it is and returns once the test results are painted
    // (for rendering without a display); false after `timeoutMs`, a failure or a run that
    // stopped short (a diverging loss). 0 epochs waits for the data and the first snapshot. The
    // config (its epochs, the schedule's horizon, the pace) is left as it is. It waits on the
    // worker's signals, never by polling.
    bool trainAndWait(int epochs, int timeoutMs = 600000);
    // The lower tabs: 0 predictions, 1 feature maps, 2 draw, 3 results, 4 graph, 5 landscape.
    void showTab(int index);

    // The Images mode as a value (cnnviewconfig.cpp): the view keeps one, the controls show it and
    // edit it, and every edit sends it to the image thread. setConfig shows a document's, loads
    // its data when that differs from what is loaded (or starts the view on it), and sends it; the
    // layers wait for the data whose shape they need.
    ImagesConfig config() const;
    void setConfig(const ImagesConfig &config);
    // The trained CNN and its place in the run as of the last snapshot (empty before training;
    // asking never waits for the image thread), and back: restoreRun waits for a config's data to
    // load when it must, then restores after the session is built.
    // How many updates the shown network has trained; -1 while that is not known: not started,
    // its images loading, or the last snapshot is of an earlier config (the window's unsaved mark).
    long long shownUpdates() const;

    std::optional<TrainedRun> trainedRun() const;
    void restoreRun(const TrainedRun &run);
    // The network for an export, from the image thread; throws ds::Error when there is none.
    onnx::OnnxModel model() const;
    // The loss and accuracy charts' history as one CSV.
    QByteArray historyCsv() const;
    // The loaded images' (C, H, W); empty before the first load.
    Shape dataShape() const;
    int dataClasses() const { return int(m_info.classNames.size()); } // 0 before any data
    int dataTestCount() const { return m_info.testCount; }
    int dataTrainCount() const { return m_info.trainCount; }

public slots:
    void togglePlay();
    void stepEpoch();
    void reset();
    void openDataSet(int source); // ImageDataChoice::Source, asks for the files
    // A downloaded set (downloadcatalog.h) as the data; one not here yet asks for it (dataSetWanted).
    void useDownloadedSet(const QString &id);
    // The data list again, after a set came down.
    void refreshDataSets();

signals:
    // The user asked to see how a conv or pool layer slides: its spec, its input (C, H, W), the
    // whole network and the layer's index (for the receptive field of the stack up to it).
    void inspectLayer(const ds::LayerSpec &layer, const ds::Shape &input, const ds::ModelSpec &spec, int index);
    void statusMessage(const QString &text);
    // The user picked a data set that is not downloaded yet (or the playground asks for one):
    // the window offers to get it.
    void dataSetWanted(const QString &id);
    void snapshotPainted(); // for tests and screenshots
    void edited(); // the user changed a setting, the data or the layers
    void failureCleared(const QString &message); // a problem shown by statusMessage is over

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // A document's images are loading or its saved run is on its way: no other network is shown
    // meanwhile, only what is coming.
    void showLoading(const QString &what);
    void clearResults(); // the Results tab back to "appear when training pauses"
    bool hasNetwork() const; // the last snapshot is of a built network (trainAndWait)
    // Runs the event loop until `done` holds or `timeoutMs` pass; whether it holds.
    bool waitUntil(const std::function<bool()> &done, int timeoutMs);
    void fitSample(); // the predictions' thumbnails to fill their tab
    QWidget *buildFilterPanel(QWidget *parent); // cnnviewfilters.cpp
    QWidget *m_sampleViewport = nullptr;
    QWidget *buildControls();
    QWidget *buildLeftPanel();
    QWidget *buildPipelineRow(QWidget *parent); // inverted, train on, keep the weights
    QWidget *buildCentre();
    void applyPreset(int index);
    // Applies an edit to m_config, then sends it (the controls' one way in).
    void edit(const std::function<void(ImagesConfig &)> &change);
    void sendConfig();
    void showGraph(); // the Graph tab from m_config's layers
    void showControls(); // m_config in the controls, without echoing edits
    // keepWeights: a trained network that fits the new images goes on with its weights (the data
    // controls pass the config's choice; a document's data always starts afresh).
    void load(const ImageDataChoice &choice, bool keepWeights = false);
    void showData(const ds::app::ImageDataInfo &info);
    void showSnapshot(std::shared_ptr<const ds::app::ImageSnapshot> s);
    void showReport(const TestReport &report);
    void setRunning(bool running);
    QImage testImage(int index) const;
    QStringList classNames() const;

    QThread m_thread;
    ImageWorker *m_worker = nullptr;
    bool m_started = false;
    bool m_running = false;
    ImageDataInfo m_info;
    ImagesConfig m_config; // the mode as shown; its data is what was last asked to load
    int m_loadGeneration = 0; // of that load: data from an earlier one is not shown
    int m_configSerial = 0; // of the last config sent: trainAndWait waits for its snapshot
    int m_restoreSerial = 0; // of the last saved run sent: snapshots from before it are not shown
    bool m_loadingShown = false; // showLoading's message is up
    bool m_loadFailed = false; // the images asked for last did not load (trainAndWait stops waiting)
    QString m_failure; // the worker's last failed() message while it is shown
    int m_failureSerial = 0; // the config serial it came under
    std::optional<ImagesConfig> m_pending; // a config whose layers wait for its data to load
    std::optional<TrainedRun> m_pendingRun; // a run waiting for that config
    // A restored run's curves, drawn with the first snapshot of its epoch.
    std::optional<std::pair<long long, std::vector<CurveSeries>>> m_restoredCurves;
    bool m_applying = false; // setConfig is filling the controls: no edits to report
    std::shared_ptr<const ImageSnapshot> m_last;
    int m_snapshotsPainted = 0;
    const TestReport *m_shownReport = nullptr;

    TrainingBar *m_bar = nullptr;
    QLabel *m_status = nullptr, *m_dataInfo = nullptr;
    QLabel *m_getData = nullptr; // "Get CIFAR-10 (170 MB)…" when the data asked for is not downloaded
    void fillSources(); // the data list, downloadable sets with their state (cnnviewdata.cpp)
    void showSource(); // the list's entry for m_config.data
    // The downloadable set m_config.data asks for, if it asks for one (a set of the catalog).
    std::optional<DownloadableSet> askedSet() const;
    QComboBox *m_learningRate = nullptr, *m_optimizer = nullptr, *m_batch = nullptr, *m_preset = nullptr;
    QComboBox *m_source = nullptr;
    QSpinBox *m_epochs = nullptr;
    QCheckBox *m_augment = nullptr;
    QCheckBox *m_invert = nullptr, *m_keepWeights = nullptr;
    QComboBox *m_trainImages = nullptr;
    QComboBox *m_backend = nullptr;
    QProgressBar *m_progress = nullptr;
    LayerEditor *m_editor = nullptr;
    widgets::LossChart *m_loss = nullptr, *m_accuracy = nullptr;
    widgets::FilterGrid *m_filters = nullptr;
    widgets::PatchGrid *m_patches = nullptr; // the first layer's top patches, instead of the filters
    QComboBox *m_filterLayer = nullptr;
    QTabWidget *m_tabs = nullptr;
    widgets::ImageGallery *m_sample = nullptr, *m_mistakes = nullptr;
    widgets::FeatureMaps *m_probeMaps = nullptr, *m_drawingMaps = nullptr;
    widgets::ProbabilityBars *m_probeBars = nullptr, *m_drawingBars = nullptr;
    widgets::DigitCanvas *m_canvas = nullptr;
    QLabel *m_drawHint = nullptr;
    widgets::ConfusionMatrix *m_confusion = nullptr;
    widgets::GraphDiagram *m_graph = nullptr;
    ModelSpec m_graphSpec; // what m_graph draws
    LandscapePanel *m_landscape = nullptr;
    QLabel *m_reportCaption = nullptr;
};

} // namespace ds::app
