// CnnView's layout and the commands it sends; cnnviewsnapshot.cpp paints what comes back.
#include "cnnview.h"

#include "core/downloadcatalog.h"

#include "cnnpresets.h"
#include "confusionmatrix.h"
#include "controls/backendbox.h"
#include "controls/captioned.h"
#include "controls/graphnodes.h"
#include "controls/landscapepanel.h"
#include "controls/floorwidthpanel.h"
#include "controls/trainingbar.h"
#include "digitcanvas.h"
#include "featuremaps.h"
#include "filtergrid.h"
#include "graphdiagram.h"
#include "imagegallery.h"
#include "layereditor.h"
#include "losschart.h"
#include "probabilitybars.h"
#include "training/threadpriority.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEventLoop>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace ds::app {
using namespace ds::widgets;

namespace {

const double kLearningRates[] = {0.0001, 0.0003, 0.001, 0.002, 0.003, 0.01, 0.03, 0.1, 0.3};
const int kBatchSizes[] = {8, 16, 20, 32, 64, 128, 256};
const OptimizerKind kOptimizers[] = {OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Nesterov,
    OptimizerKind::AdaGrad, OptimizerKind::RmsProp, OptimizerKind::Adam, OptimizerKind::AdamW};

} // namespace

CnnView::CnnView(QWidget *parent) : QWidget(parent)
{
    qRegisterMetaType<ImageDataChoice>();
    qRegisterMetaType<ImageSessionConfig>();
    qRegisterMetaType<ImageDataInfo>();
    qRegisterMetaType<std::shared_ptr<const ImageSnapshot>>();
    qRegisterMetaType<std::vector<float>>();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(buildControls());
    auto *body = new QSplitter(Qt::Horizontal, this);
    body->addWidget(buildLeftPanel());
    body->addWidget(buildCentre());
    body->setStretchFactor(0, 0);
    body->setStretchFactor(1, 1);
    body->setSizes({360, 1000});
    layout->addWidget(body, 1);

    m_worker = new ImageWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, [] { lowerThisThreadsPriority(); }); // runs on that thread
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ImageWorker::loadProgress, this, [this](double f) {
        m_progress->setVisible(f < 1.0);
        m_progress->setValue(int(f * 1000));
    });
    connect(m_worker, &ImageWorker::dataLoaded, this, &CnnView::showData);
    connect(m_landscape, &LandscapePanel::requested, m_worker, &ImageWorker::computeLandscape);
    connect(m_landscape, &LandscapePanel::recomputeChanged, m_worker, &ImageWorker::setLandscapeRecompute);
    m_landscape->setRecomputeChoices({1, 2, 5});
    connect(m_worker, &ImageWorker::landscapeReady, m_landscape, &LandscapePanel::showResult);
    connect(m_worker, &ImageWorker::landscapeFailed, m_landscape, &LandscapePanel::showFailure);
    connect(m_worker, &ImageWorker::snapshotReady, this, &CnnView::showSnapshot);
    connect(m_worker, &ImageWorker::runningChanged, this, &CnnView::setRunning);
    connect(m_worker, &ImageWorker::backendChanged, this, [this](const QString &id, const QString &name) {
        const QSignalBlocker quiet(m_backend);
        m_backend->setCurrentIndex(m_backend->findData(id));
        m_backend->setToolTip("Training on " + name + ". Switching keeps the weights");
        m_config.backend = id.toStdString(); // where it trains now, whatever was asked
    });
    connect(m_worker, &ImageWorker::failed, this, [this](const QString &m) {
        // Data that is not downloaded yet: the document's config waits for it (it applies when the
        // set arrives, refreshDataSets), and the data panel offers the download.
        const auto wanted = askedSet();
        const bool missing = wanted && !isDownloaded(*wanted);
        if (missing) {
            m_getData->setText(QString("%1 is not downloaded yet. <a href=\"%2\">Get %1 (%3)…</a>")
                                   .arg(wanted->title.toHtmlEscaped(), wanted->id, megabytesText(wanted->bytes())));
            m_getData->show();
            showSource();
        } else {
            // A document's config waiting for data that failed to load is dropped with its run:
            // the view stays on what it shows, and config() reports that again.
            m_loadFailed = m_loadFailed || m_pending.has_value();
            m_pending.reset();
            m_pendingRun.reset();
        }
        m_progress->hide();
        // The data panel says it when data is missing; the bar's label is for other failures.
        m_status->setText(missing ? QString() : m);
        m_status->setToolTip(missing ? QString() : m);
        m_failure = m;
        m_failureSerial = m_configSerial;
        emit statusMessage(m);
    });
    m_thread.setObjectName("image training");
    m_thread.start();
}

CnnView::~CnnView()
{
    m_worker->cancelLoad();
    m_thread.quit();
    m_thread.wait();
}

void CnnView::start()
{
    if (m_started)
        return;
    m_started = true;
    load({});
    // The first preset is the mode's default, not an edit: showing the tab changes no document.
    const bool wasApplying = std::exchange(m_applying, true);
    applyPreset(-1);
    m_applying = wasApplying;
}

QWidget *CnnView::buildControls()
{
    auto *bar = new QWidget(this);
    bar->setAutoFillBackground(true);
    bar->setBackgroundRole(QPalette::AlternateBase);
    auto *l = new QHBoxLayout(bar);
    // Tight enough that the bar, the page and a lesson's panel fit a 1366-pixel laptop screen.
    l->setContentsMargins(10, 8, 10, 8);
    l->setSpacing(8);

    // Paces a class can follow: LeNet-5 learns its digits within the first epoch.
    m_bar = new TrainingBar("Train one epoch, then pause (Right arrow)",
        {{"1 epoch / 10 s", 0.1}, {"1 epoch / 30 s", 1.0 / 30.0}, {"1 epoch / min", 1.0 / 60.0}}, bar);
    m_bar->setDetailSample("00,000 images/s"); // what training adds after the time per epoch
    connect(m_bar, &TrainingBar::playClicked, this, &CnnView::togglePlay);
    connect(m_bar, &TrainingBar::stepClicked, this, &CnnView::stepEpoch);
    // Reset moves to the next seeds (new weights, a new order); replay starts the same ones again.
    connect(m_bar, &TrainingBar::resetClicked, this, [this] {
        edit([](ImagesConfig &c) {
            c.seed += 1;
            c.shuffleSeed += 1;
        });
        m_bar->showSeed(m_config.seed);
    });
    connect(m_bar, &TrainingBar::replayClicked, this, [this] {
        QMetaObject::invokeMethod(m_worker, [w = m_worker] {
            w->reset();
            w->play();
        });
    });
    connect(m_bar, &TrainingBar::seedChanged, this,
        [this](int seed) { edit([seed](ImagesConfig &c) { c.seed = std::uint64_t(seed); }); });
    connect(m_bar, &TrainingBar::paceChanged, this,
        [this](double pace) { edit([pace](ImagesConfig &c) { c.epochsPerSecond = pace; }); });
    l->addWidget(m_bar);

    m_learningRate = new QComboBox(bar);
    for (double r : kLearningRates)
        m_learningRate->addItem(QString::number(r), r);
    m_learningRate->setToolTip("Step size of the optimizer; it decays along a cosine to the last epoch");
    l->addWidget(classroomControl(captioned("Learning rate", m_learningRate, bar), "learningRate", "Learning rate"));
    m_optimizer = new QComboBox(bar);
    for (OptimizerKind k : kOptimizers)
        m_optimizer->addItem(QString::fromStdString(nameOf(k)), int(k));
    m_optimizer->setToolTip("How the gradient becomes a step");
    l->addWidget(classroomControl(captioned("Optimizer", m_optimizer, bar), "optimizer", "Optimizer"));
    m_batch = new QComboBox(bar);
    m_batch->setObjectName("batch");
    for (int b : kBatchSizes)
        m_batch->addItem(QString::number(b), b);
    m_batch->setToolTip("Images per update");
    l->addWidget(classroomControl(captioned("Batch", m_batch, bar), "batch", "Batch"));
    m_epochs = new QSpinBox(bar);
    m_epochs->setObjectName("epochs");
    m_epochs->setRange(1, 500);
    m_epochs->setToolTip("Training pauses after this many epochs and shows the test results");
    l->addWidget(classroomControl(captioned("Epochs", m_epochs, bar), "epochs", "Epochs"));
    m_augment = new QCheckBox("Shift, rotate", bar);
    m_augment->setToolTip("Augmentation: every epoch sees each training image moved by up to 2 pixels and turned "
                          "by up to 10 degrees");
    l->addWidget(classroomControl(captioned("Augment", m_augment, bar), "augment", "Augment"));
    m_backend = new QComboBox(bar);
    m_backend->setObjectName("backend");
    fillBackendBox(m_backend);
    m_backend->setToolTip("Where the arithmetic runs: the CPU, or an NVIDIA GPU. Switching keeps the weights");
    connect(m_backend, &QComboBox::currentIndexChanged, this, [this] {
        const QString id = m_backend->currentData().toString();
        QMetaObject::invokeMethod(m_worker, [w = m_worker, id] { w->setBackend(id); });
    });
    l->addWidget(classroomControl(captioned("Backend", m_backend, bar), "backend", "Backend"));
    l->addStretch(1);
    m_status = new QLabel(bar);
    m_status->setWordWrap(true);
    m_status->setMaximumWidth(360);
    // It gives way when the window is narrow: the window's status line says the same.
    m_status->setMinimumWidth(0);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    l->addWidget(m_status);
    showControls();

    // Each control edits its field of m_config; the batch also reaches the editor, whose estimate
    // and refusal of a network too large follow it (before the config is sent, so that a refused
    // one is not).
    connect(m_learningRate, &QComboBox::currentIndexChanged, this, [this] {
        edit([r = m_learningRate->currentData().toDouble()](ImagesConfig &c) { c.learningRate = float(r); });
    });
    connect(m_optimizer, &QComboBox::currentIndexChanged, this, [this] {
        edit([k = m_optimizer->currentData().toInt()](ImagesConfig &c) { c.optimizer = OptimizerKind(k); });
    });
    connect(m_batch, &QComboBox::currentIndexChanged, this, [this] {
        const int batch = m_batch->currentData().toInt();
        m_editor->setBatchSize(batch);
        edit([batch](ImagesConfig &c) { c.batchSize = batch; });
    });
    connect(m_augment, &QCheckBox::toggled, this, [this](bool on) { edit([on](ImagesConfig &c) { c.augment = on; }); });
    connect(m_epochs, &QSpinBox::valueChanged, this, [this](int e) {
        QMetaObject::invokeMethod(m_worker, [w = m_worker, e] { w->setEpochLimit(e); });
        edit([e](ImagesConfig &c) { c.epochs = e; });
    });
    return bar;
}

// The data pipeline after loading, and what a data change does to the weights: transfer
// learning on a small, differently looking set (the images turned over, only a few to train on).
QWidget *CnnView::buildPipelineRow(QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    m_invert = new QCheckBox("Inverted", box);
    m_invert->setObjectName("invert");
    m_invert->setToolTip("Every image turned over (1 − pixel): white digits on black become black on white");
    grid->addWidget(m_invert, 0, 0);
    grid->addWidget(new QLabel("Train on", box), 0, 1, Qt::AlignRight);
    m_trainImages = new QComboBox(box);
    m_trainImages->setObjectName("trainImages");
    m_trainImages->setToolTip("Only the first so many training images: what a small data set can teach");
    m_trainImages->addItem("all", 0);
    for (int n : {100, 300, 1000, 3000})
        m_trainImages->addItem(QLocale::c().toString(n).replace(',', "\u2009"), n);
    grid->addWidget(m_trainImages, 0, 2);
    m_keepWeights = new QCheckBox("Keep the weights when the data changes", box);
    m_keepWeights->setObjectName("keepWeights");
    m_keepWeights->setToolTip("Transfer learning: new data goes on from the trained network (when it fits the "
                              "images) instead of new random weights. Reset still starts afresh");
    grid->addWidget(m_keepWeights, 1, 0, 1, 3);
    grid->setColumnStretch(0, 1);
    const auto reload = [this](const std::function<void(ImageDataChoice &)> &change) {
        if (m_applying)
            return;
        ImageDataChoice choice = m_config.data;
        change(choice);
        load(choice, m_config.keepWeights);
        emit edited();
    };
    connect(m_invert, &QCheckBox::toggled, this, [reload](bool on) { reload([on](ImageDataChoice &d) { d.invert = on; }); });
    connect(m_trainImages, &QComboBox::activated, this, [this, reload](int i) {
        const int n = m_trainImages->itemData(i).toInt();
        reload([n](ImageDataChoice &d) { d.trainImages = n; });
    });
    connect(m_keepWeights, &QCheckBox::toggled, this, [this](bool on) {
        edit([on](ImagesConfig &c) { c.keepWeights = on; });
        if (!m_applying)
            emit edited();
    });
    return box;
}

QWidget *CnnView::buildLeftPanel()
{
    auto *panel = new FloorWidthPanel(320, this);
    auto *l = new QVBoxLayout(panel);
    l->setContentsMargins(12, 10, 6, 10);
    l->addWidget(captionLabel("Data", panel));
    m_source = new QComboBox(panel);
    m_source->setToolTip("The images to train on: the bundled digits, a set Deepscope downloads (File → Get data "
                         "sets…), or files and folders of your own");
    // As wide as the panel, not as its longest entry ("Kuzushiji-MNIST (70,000) — get 21 MB…").
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_source->setMinimumContentsLength(16);
    fillSources();
    connect(m_source, &QComboBox::activated, this, [this](int i) {
        const QString key = m_source->itemData(i).toString();
        if (key.startsWith("download:"))
            useDownloadedSet(key.mid(9));
        else
            openDataSet(key.toInt());
        showSource(); // what is loaded, also when its file dialog was cancelled
    });
    l->addWidget(classroomControl(m_source, "dataSet", "Data set"));
    m_getData = new QLabel(panel);
    m_getData->setObjectName("getData");
    m_getData->setWordWrap(true);
    m_getData->hide();
    connect(m_getData, &QLabel::linkActivated, this, [this](const QString &id) { emit dataSetWanted(id); });
    l->addWidget(m_getData);
    m_progress = new QProgressBar(panel);
    m_progress->setRange(0, 1000);
    m_progress->hide();
    l->addWidget(m_progress);
    m_dataInfo = new QLabel(panel);
    m_dataInfo->setWordWrap(true);
    l->addWidget(m_dataInfo);
    l->addWidget(classroomControl(buildPipelineRow(panel), "dataPipeline", "Inverted, train on, keep weights"));

    l->addSpacing(8);
    l->addWidget(captionLabel("Network", panel));
    m_preset = new QComboBox(panel);
    m_preset->setToolTip("Start from a known network; edit its layers below");
    m_preset->setPlaceholderText("Custom layers");
    connect(m_preset, &QComboBox::activated, this, &CnnView::applyPreset);
    l->addWidget(classroomControl(m_preset, "presets", "Presets"));
    m_editor = new LayerEditor(panel);
    connect(m_editor, &LayerEditor::specChanged, this,
        [this](const ModelSpec &spec) { edit([spec](ImagesConfig &c) { c.spec = spec; }); });
    connect(m_editor, &LayerEditor::validityChanged, this, [this](bool ok) {
        m_bar->playButton()->setEnabled(ok);
        m_bar->stepButton()->setEnabled(ok);
    });
    connect(m_editor, &LayerEditor::inspectLayerRequested, this, [this](int i) {
        const ModelSpec spec = m_editor->spec();
        const std::vector<LayerCheck> checks = spec.check();
        const Shape in = i == 0 ? spec.input : checks[std::size_t(i - 1)].output;
        if (i >= 0 && i < int(spec.layers.size()) && in.size() == 3)
            emit inspectLayer(spec.layers[std::size_t(i)], in, spec, i);
    });
    l->addWidget(classroomControl(m_editor, "layers", "Layers"), 1);
    return panel;
}

QWidget *CnnView::buildCentre()
{
    auto *split = new QSplitter(Qt::Vertical, this);
    auto *top = new QWidget(split);
    auto *tl = new QHBoxLayout(top);
    tl->setContentsMargins(6, 8, 12, 4);
    auto *charts = new QTabWidget(top);
    m_loss = new LossChart(charts);
    m_loss->setSeriesNames({"training", "validation"});
    m_loss->setYLabel("loss");
    m_accuracy = new LossChart(charts);
    m_accuracy->setSeriesNames({"training", "validation"});
    m_accuracy->setYLabel("accuracy %");
    charts->addTab(m_loss, "Loss");
    charts->addTab(m_accuracy, "Accuracy");
    tl->addWidget(classroomControl(charts, "charts", "Charts"), 3);
    QWidget *filterBox = buildFilterPanel(top);
    tl->addWidget(classroomControl(filterBox, "filters", "Filters"), 2);
    split->addWidget(top);

    m_tabs = new QTabWidget(split);
    auto *sampleScroll = new QScrollArea(m_tabs);
    m_sample = new ImageGallery(sampleScroll);
    m_sample->setObjectName("predictions");
    m_sample->setPlaceholderText("Predictions on test images appear here");
    sampleScroll->setWidget(m_sample);
    sampleScroll->setWidgetResizable(true);
    m_sampleViewport = sampleScroll->viewport();
    m_sampleViewport->installEventFilter(this); // the thumbnails grow to fill it (fitSample)
    connect(m_sample, &ImageGallery::itemClicked, this, [this](int i) {
        if (!m_last || i < 0 || i >= int(m_last->sample.size()))
            return;
        const int index = m_last->sample[std::size_t(i)].index;
        QMetaObject::invokeMethod(m_worker, [w = m_worker, index] { w->setProbe(index); });
        m_tabs->setCurrentIndex(1);
    });
    m_tabs->addTab(sampleScroll, "Predictions");

    auto *probe = new QWidget(m_tabs);
    auto *pl = new QHBoxLayout(probe);
    m_probeMaps = new FeatureMaps(probe);
    pl->addWidget(m_probeMaps, 3);
    m_probeBars = new ProbabilityBars(probe);
    m_probeBars->setMinimumWidth(220);
    pl->addWidget(m_probeBars, 1);
    m_tabs->addTab(probe, "Feature maps");

    auto *draw = new QWidget(m_tabs);
    auto *dl = new QHBoxLayout(draw);
    auto *canvasColumn = new QVBoxLayout;
    m_canvas = new DigitCanvas(draw);
    m_canvas->setMinimumSize(140, 140);
    m_canvas->setToolTip("Draw a digit with the mouse; right-click or Delete clears it");
    canvasColumn->addWidget(m_canvas, 1);
    auto *clear = new QPushButton("Clear", draw);
    connect(clear, &QPushButton::clicked, m_canvas, &DigitCanvas::clear);
    canvasColumn->addWidget(clear);
    m_drawHint = new QLabel(draw);
    m_drawHint->setWordWrap(true);
    canvasColumn->addWidget(m_drawHint);
    dl->addLayout(canvasColumn, 2);
    m_drawingBars = new ProbabilityBars(draw);
    dl->addWidget(m_drawingBars, 2);
    m_drawingMaps = new FeatureMaps(draw);
    dl->addWidget(m_drawingMaps, 4);
    connect(m_canvas, &DigitCanvas::drawingChanged, this, [this](const std::vector<float> &pixels) {
        QMetaObject::invokeMethod(m_worker, [w = m_worker, pixels] { w->setDrawing(pixels); });
    });
    m_tabs->addTab(draw, "Draw a digit");

    // The network drawn as a graph: branches side by side (an imported ResNet's shortcuts);
    // clicking a node picks its row in the layer editor.
    auto *graphScroll = new QScrollArea(m_tabs);
    m_graph = new GraphDiagram(graphScroll);
    graphScroll->setWidget(m_graph);
    connect(m_graph, &GraphDiagram::nodeClicked, m_editor, &LayerEditor::selectRow);

    auto *results = new QWidget(m_tabs);
    auto *rl = new QHBoxLayout(results);
    m_confusion = new ConfusionMatrix(results);
    rl->addWidget(m_confusion, 1);
    auto *worstColumn = new QVBoxLayout;
    m_reportCaption = new QLabel("The test results appear when training pauses.", results);
    m_reportCaption->setWordWrap(true);
    worstColumn->addWidget(m_reportCaption);
    auto *worstScroll = new QScrollArea(results);
    m_mistakes = new ImageGallery(worstScroll);
    m_mistakes->setObjectName("mistakes");
    m_mistakes->setPlaceholderText("The most confident mistakes appear here");
    worstScroll->setWidget(m_mistakes);
    worstScroll->setWidgetResizable(true);
    worstColumn->addWidget(worstScroll, 1);
    rl->addLayout(worstColumn, 1);
    m_tabs->addTab(results, "Results");
    m_tabs->addTab(graphScroll, "Graph");
    // The loss around the weights (Li et al. 2018), computed on the image thread on the curves'
    // training images.
    m_landscape = new LandscapePanel(m_tabs); // connected to the worker once it exists
    m_tabs->addTab(m_landscape, "Landscape");
    split->addWidget(classroomControl(m_tabs, "predictionsAndMaps", "Predictions and maps"));
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({300, 330});
    return split;
}

void CnnView::applyPreset(int index)
{
    const Shape input = m_info.channels ? Shape {m_info.channels, m_info.height, m_info.width} : Shape {1, 28, 28};
    const auto presets = cnnPresets(input, m_info.classNames.empty() ? 10 : int(m_info.classNames.size()));
    m_preset->blockSignals(true);
    m_preset->clear();
    for (const CnnPreset &p : presets) {
        m_preset->addItem(p.name);
        m_preset->setItemData(m_preset->count() - 1, p.description, Qt::ToolTipRole);
    }
    if (index < 0) // the first time: LeNet-5, the classic, when it fits
        for (int i = 0; i < presets.size(); ++i)
            if (presets[i].name == "LeNet-5")
                index = i;
    index = std::clamp(index, 0, int(presets.size()) - 1);
    m_preset->setCurrentIndex(index);
    m_preset->blockSignals(false);
    if (presets.empty())
        return;
    m_editor->setInputShape(input);
    m_editor->setSpec(presets[index].spec);
    m_config.preset = presets[index].name.toStdString();
    m_config.spec = m_editor->spec();
    sendConfig();
}

void CnnView::edit(const std::function<void(ImagesConfig &)> &change)
{
    if (m_applying)
        return; // showControls() or setConfig() is filling the controls from m_config
    change(m_config);
    sendConfig();
}

void CnnView::showGraph()
{
    const ModelSpec &spec = m_config.spec;
    if (spec == m_graphSpec)
        return; // every setting's edit comes here; the drawing follows the layers only
    m_graphSpec = spec;
    if (spec.input.size() != 3 || spec.layers.empty() || !spec.validationError().empty()) {
        m_graph->clear();
        return;
    }
    m_graph->setGraph(diagramNodes(graphNodes(spec)),
        QString("input %1×%2×%3").arg(spec.input[0]).arg(spec.input[1]).arg(spec.input[2]), 1);
}

void CnnView::sendConfig()
{
    showGraph();
    // An invalid network is sent too: the worker drops the one it had and says why, so that the
    // network that trains is always the one the editor shows.
    if (!m_started || m_config.spec.layers.empty())
        return;
    const double pace = m_config.epochsPerSecond;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, pace] {
        if (w->pace() != pace)
            w->setPace(pace);
    });
    const ImageSessionConfig c = m_config.sessionConfig(m_info.channels == 3);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, c, serial = ++m_configSerial] { w->setSessionConfig(c, serial); });
    if (!m_applying)
        emit edited();
}

bool CnnView::waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    // Whatever can make it true arrives as a painted snapshot or a worker's signal: the loop
    // looks again then, and sleeps otherwise.
    QEventLoop loop;
    QTimer limit;
    limit.setSingleShot(true);
    connect(&limit, &QTimer::timeout, &loop, &QEventLoop::quit);
    const auto check = [&] {
        if (done())
            loop.quit();
    };
    const QList<QMetaObject::Connection> watch {connect(this, &CnnView::snapshotPainted, &loop, check),
        connect(this, &CnnView::statusMessage, &loop, check), // after the view took in a failure
        connect(m_worker, &ImageWorker::failed, &loop, check),
        connect(m_worker, &ImageWorker::dataLoaded, &loop, check),
        connect(m_worker, &ImageWorker::epochsTrained, &loop, check)};
    limit.start(timeoutMs);
    loop.exec();
    for (const QMetaObject::Connection &c : watch)
        disconnect(c);
    return done();
}

// The last snapshot shows a network: its predictions of the sample, or, with no test images to
// predict ("testFraction": 0), no message that it could not be built.
bool CnnView::hasNetwork() const
{
    return m_last && (!m_last->sample.empty() || (m_info.testCount == 0 && m_last->message.empty()));
}

bool CnnView::trainAndWait(int epochs, int timeoutMs)
{
    start();
    // The data asked for last has loaded and the worker has built (or refused, with a message)
    // the network last sent: a snapshot of an earlier load's or config's session does not count.
    // Images that failed to load end the wait at once: no snapshot of them will come.
    const bool ready = waitUntil(
        [&] {
            return m_loadFailed
                || (m_last && !m_pending && m_info.generation == m_loadGeneration
                    && m_last->configSerial == m_configSerial && (hasNetwork() || !m_last->message.empty()));
        },
        timeoutMs);
    if (!ready || m_loadFailed || !hasNetwork())
        return false;
    if (epochs <= 0)
        return true;
    const long long target = m_last->epoch + epochs;
    // The worker trains the epochs at once (the config's epochs, pace and schedule untouched),
    // then publishes the test report; the snapshot with the run's last update and the report is
    // the answer.
    bool failed = false;
    long long trainedTo = -1;
    const auto failure = connect(m_worker, &ImageWorker::failed, this, [&] { failed = true; });
    const auto trained = connect(m_worker, &ImageWorker::epochsTrained, this, [&](long long u) { trainedTo = u; });
    QMetaObject::invokeMethod(m_worker, [w = m_worker, epochs] { w->trainEpochs(epochs); });
    const bool answered = waitUntil(
        [&] { return failed || (trainedTo >= 0 && m_last->updates == trainedTo && m_last->report && !m_last->running); },
        timeoutMs);
    disconnect(failure);
    disconnect(trained);
    return answered && !failed && m_last->epoch >= target;
}

void CnnView::showTab(int index)
{
    m_tabs->setCurrentIndex(index);
}

void CnnView::togglePlay()
{
    QMetaObject::invokeMethod(m_worker, &ImageWorker::togglePlay, Qt::QueuedConnection);
}

void CnnView::stepEpoch()
{
    QMetaObject::invokeMethod(m_worker, &ImageWorker::stepEpoch, Qt::QueuedConnection);
}

void CnnView::reset()
{
    QMetaObject::invokeMethod(m_worker, &ImageWorker::reset, Qt::QueuedConnection);
}

void CnnView::setRunning(bool running)
{
    m_running = running;
    m_bar->setRunning(running);
}

} // namespace ds::app
