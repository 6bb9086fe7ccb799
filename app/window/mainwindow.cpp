#include "mainwindow.h"

#include "backends.h"
#include "colorscale.h"
#include "controls/captioned.h"
#include "controls/trainingbar.h"
#include "arithmetic/convarithview.h"
#include "featuretoggles.h"
#include "images/cnnview.h"
#include "model/modelview.h"
#include "networkdiagram.h"
#include "points/controlbar.h"
#include "points/datapanel.h"
#include "controls/landscapepanel.h"
#include "points/outputpanel.h"
#include "points/snapshotimages.h"
#include "training/threadpriority.h"
#include "training/trainingworker.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QEventLoop>
#include <QFile>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTimer>
#include <QToolButton>

// Q_INIT_RESOURCE must run in the global namespace; the icons live in a static library, whose
// resources are not registered by themselves.
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace ds::app {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    initResources();
    qRegisterMetaType<PlaygroundConfig>();
    qRegisterMetaType<std::shared_ptr<const Snapshot>>();
    setWindowTitle("Deepscope");
    setAcceptDrops(true);
    buildLayout();
    buildMenus();
    connectWorker();
    qApp->installEventFilter(this);
    setConfig(PlaygroundConfig {});
    markSaved(PlaygroundDocument {}); // a new playground is as good as saved until it is edited
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(this);
    m_thread.quit();
    m_thread.wait();
}

void MainWindow::buildLayout()
{
    auto *central = new QWidget(this);
    auto *outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    m_bar = new ControlBar(central);
    m_bar->setAutoFillBackground(true);
    m_bar->setBackgroundRole(QPalette::AlternateBase);
    outer->addWidget(m_bar);

    auto *columns = new QHBoxLayout;
    columns->setContentsMargins(16, 12, 16, 12);
    columns->setSpacing(28); // space, not lines, separates the panels
    outer->addLayout(columns, 1);

    m_data = new DataPanel(central); // 200 px wide at the normal text size
    columns->addWidget(m_data);

    // The caption and the toggles in one widget, so that hiding the features (a classroom
    // control) leaves no caption behind.
    m_featureColumn = new QWidget(central);
    auto *featureColumn = new QVBoxLayout(m_featureColumn);
    featureColumn->setContentsMargins(0, 0, 0, 0);
    featureColumn->addWidget(captionLabel("Features", m_featureColumn));
    m_features = new widgets::FeatureToggles(m_featureColumn);
    featureColumn->addWidget(m_features, 1);
    columns->addWidget(m_featureColumn);

    auto *networkColumn = new QVBoxLayout;
    m_networkCaption = captionLabel("Network", central);
    networkColumn->addWidget(m_networkCaption);
    // A deep network (the 16-layer lessons) needs more width than a 1366-px screen leaves beside
    // the other columns and a lesson: the diagram then scrolls instead of widening the window.
    auto *diagramScroll = new QScrollArea(central);
    diagramScroll->setObjectName("diagramScroll");
    diagramScroll->setFrameShape(QFrame::NoFrame);
    diagramScroll->setWidgetResizable(true);
    m_diagram = new widgets::NetworkDiagram(diagramScroll);
    diagramScroll->setWidget(m_diagram);
    networkColumn->addWidget(diagramScroll, 1);
    columns->addLayout(networkColumn, 3);

    m_output = new OutputPanel(central);
    // The output grows with the window, up to a size where the map reads well on a projector.
    m_output->setMaximumWidth(520);
    columns->addWidget(m_output, 1);

    // Three modes: the 2D playground, CNNs on images, and how a convolution slides. Their tabs sit
    // in the menu bar's corner, so they cost no height (the playground needs all of 768 px). The
    // image half starts (loads its digits, starts its work) only when first shown.
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(central);
    m_cnn = new CnnView(m_pages);
    m_pages->addWidget(m_cnn);
    m_modeBar = new QTabBar(this);
    m_modeBar->setObjectName("modes");
    m_modeBar->setDrawBase(false);
    m_modeBar->addTab("Points");
    m_modeBar->addTab("Images (CNN)");
    m_arithmetic = new widgets::ConvArithmeticView(m_pages);
    m_pages->addWidget(m_arithmetic);
    // Its diagram is part of the playground file: a change is unsaved until saved.
    connect(m_arithmetic, &widgets::ConvArithmeticView::setupChanged, this, &MainWindow::refreshModified);
    m_modeBar->addTab("Convolution arithmetic");
    m_modeBar->setTabToolTip(2,
        "See how a convolution, a transposed convolution or a pooling window walks over "
        "its input (Ctrl+3)");
    // The fourth: a trained model from elsewhere, opened on its own (no playground holds it).
    m_model = new ModelView(m_pages);
    m_pages->addWidget(m_model);
    m_modeBar->addTab("Model");
    m_modeBar->setTabToolTip(3,
        "Open an ONNX image classifier (ResNet, MobileNet, your own) and look inside it: its graph, "
        "its first filters, what it makes of your pictures (Ctrl+4)");
    connect(m_model, &ModelView::statusMessage, this, [this](const QString &m) { m_status->setText(m); });
    connect(m_model, &ModelView::modelOpened, this, [this] { m_status->clear(); });
    connect(m_model, &ModelView::fineTuneRequested, this, [this](const QString &path) {
        QString error;
        if (!importOnnxFile(path, &error))
            QMessageBox::warning(this, "Cannot fine-tune this model here", error);
    });
    m_modeBar->setTabToolTip(0, "Classify 2-D points with a small network, as in TensorFlow Playground (Ctrl+1)");
    m_modeBar->setTabToolTip(1, "Train a convolutional network on images and look inside it (Ctrl+2)");
    connect(m_modeBar, &QTabBar::currentChanged, this, [this](int i) { showMode(i); });
    menuBar()->setCornerWidget(m_modeBar, Qt::TopRightCorner);
    connect(m_cnn, &CnnView::edited, this, &MainWindow::countEdit);
    connect(m_cnn, &CnnView::dataSetWanted, this, [this](const QString &id) { getDataSets(id); });
    connect(m_cnn, &CnnView::snapshotPainted, this, &MainWindow::refreshModified); // its run went on
    connect(m_cnn, &CnnView::failureCleared, this, [this](const QString &m) {
        if (m_status->text() == m) // the window's line still shows it (in either mode)
            m_status->clear();
        if (m_lastError == m)
            m_lastError.clear();
    });
    connect(m_cnn, &CnnView::statusMessage, this, [this](const QString &m) {
        m_lastError = m; // the Images mode says only what went wrong here
        m_status->setText(m);
    });
    // "See how it slides" on a conv or pool layer: the arithmetic view with that layer's sizes, and
    // the receptive field of the stack up to it.
    connect(m_cnn, &CnnView::inspectLayer, this,
        [this](const LayerSpec &l, const Shape &in, const ModelSpec &spec, int index) {
            if (l.kind == LayerKind::Conv2D)
                m_arithmetic->showConvolution(in[1], in[2], l.kernel, l.stride, l.padding, l.dilation);
            else
                m_arithmetic->showPooling(l.kind == LayerKind::MaxPool2D, in[1], in[2], l.kernel, l.stride, l.padding);
            std::vector<widgets::ConvWindow> stack;
            for (int i = 0; i <= index; ++i) {
                const LayerSpec &s = spec.layers[std::size_t(i)];
                if (hasWindow(s.kind))
                    stack.push_back({s.kernel, s.stride, s.padding, s.kind == LayerKind::Conv2D ? s.dilation : 1,
                        s.kind != LayerKind::Conv2D});
            }
            if (!spec.input.empty() && spec.input.size() == 3)
                m_arithmetic->setReceptiveFieldStack(stack, spec.input[1], spec.input[2]);
            showMode(ConvArithmeticMode);
        });
    for (int mode = 0; mode < 4; ++mode) {
        auto *shortcut = new QAction(this);
        shortcut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + mode)));
        connect(shortcut, &QAction::triggered, this, [this, mode] { showMode(mode); });
        addAction(shortcut);
    }
    setCentralWidget(m_pages);

    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);

    // The features' maps never change: draw them once from a tiny snapshot-like grid.
    std::vector<QString> names, tips;
    std::vector<QImage> maps;
    const char *featureTips[] = {"The point's horizontal position", "The point's vertical position",
        "Horizontal position squared: large far left and far right", "Vertical position squared",
        "The product of the two: its sign says which quadrant", "A wave along the horizontal axis",
        "A wave along the vertical axis"};
    for (int f = 0; f < data::kFeatureCount; ++f) {
        const auto feature = data::Feature(1u << f);
        names.push_back(QString::fromStdString(data::featureName(feature)));
        tips.push_back(featureTips[f]);
        const int g = 32;
        std::vector<float> v(std::size_t(g) * g);
        float range = 0.0f;
        for (int r = 0; r < g; ++r)
            for (int c = 0; c < g; ++c) {
                const float x = -6.0f + 12.0f * c / (g - 1), y = 6.0f - 12.0f * r / (g - 1);
                v[std::size_t(r) * g + c] = data::featureValue(feature, x, y);
                range = std::max(range, std::fabs(v[std::size_t(r) * g + c]));
            }
        maps.push_back(widgets::heatmapImage(v.data(), g, g, range));
    }
    m_features->setFeatures(names, maps, tips);
}

void MainWindow::connectWorker()
{
    m_worker = new TrainingWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, [] { lowerThisThreadsPriority(); }); // runs on that thread
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TrainingWorker::snapshotReady, this, &MainWindow::onSnapshot);
    // The loss landscape: asked by the Inside view, computed on the training thread.
    connect(m_output->landscapePanel(), &LandscapePanel::requested, m_worker, &TrainingWorker::computeLandscape);
    connect(m_output->landscapePanel(), &LandscapePanel::recomputeChanged, m_worker, &TrainingWorker::setLandscapeRecompute);
    m_output->landscapePanel()->setRecomputeChoices({100, 500, 2000});
    connect(m_worker, &TrainingWorker::landscapeReady, m_output->landscapePanel(), &LandscapePanel::showResult);
    connect(m_worker, &TrainingWorker::landscapeFailed, m_output->landscapePanel(), &LandscapePanel::showFailure);
    connect(m_worker, &TrainingWorker::runningChanged, m_bar, &ControlBar::setRunning);
    connect(m_worker, &TrainingWorker::failed, this, &MainWindow::showError);
    connect(m_worker, &TrainingWorker::configReverted, this, [this](const PlaygroundConfig &config) {
        m_config = config; // what the worker trains; the controls follow
        showConfig();
        updateTitle();
    });
    m_thread.start();

    connect(m_bar, &ControlBar::playClicked, m_worker, &TrainingWorker::togglePlay);
    connect(m_bar, &ControlBar::stepClicked, m_worker, &TrainingWorker::step);
    // Reset moves to the next seed (new weights, shown in the seed box); replay starts the same
    // seed again from epoch 0 and plays it.
    connect(m_bar, &ControlBar::resetClicked, this, [this] {
        editConfig([](PlaygroundConfig &c) { c.seed += 1; });
        QMetaObject::invokeMethod(m_worker, &TrainingWorker::reset, Qt::QueuedConnection);
    });
    connect(m_bar, &ControlBar::replayClicked, m_worker, [w = m_worker] {
        w->reset();
        w->play();
    });
    connect(
        m_bar, &ControlBar::changed, this, [this] { editConfig([this](PlaygroundConfig &c) { m_bar->applyTo(c); }); });
    connect(
        m_data, &DataPanel::changed, this, [this] { editConfig([this](PlaygroundConfig &c) { m_data->applyTo(c); }); });
    connect(
        m_data, &DataPanel::regenerateClicked, this, [this] { editConfig([](PlaygroundConfig &c) { ++c.dataSeed; }); });
    connect(m_output, &OutputPanel::changed, this,
        [this] { editConfig([this](PlaygroundConfig &c) { m_output->applyTo(c); }); });
    connect(m_output, &OutputPanel::pointAdded, this, [this](float x, float y, float value) {
        editConfig([&](PlaygroundConfig &c) { c.drawnPoints.push_back({x, y, value}); });
    });
    connect(m_features, &widgets::FeatureToggles::toggled, this, [this](int index, bool on) {
        if (!on && (m_config.features & ~(1u << index)) == 0) {
            m_features->setEnabledMask(m_config.features); // keep at least one input
            showError("the network needs at least one input feature");
            return;
        }
        editConfig(
            [&](PlaygroundConfig &c) { c.features = on ? c.features | (1u << index) : c.features & ~(1u << index); });
    });

    // The diagram's edits.
    connect(m_diagram, &widgets::NetworkDiagram::addLayerRequested, this, [this] {
        editConfig([](PlaygroundConfig &c) {
            // As deep as a file may be: a lesson's 16 layers can be built again by hand.
            if (c.hiddenLayers.size() < std::size_t(PlaygroundConfig::kMaxHiddenLayers))
                c.hiddenLayers.push_back(c.hiddenLayers.empty() ? 4 : c.hiddenLayers.back());
        });
    });
    connect(m_diagram, &widgets::NetworkDiagram::removeLayerRequested, this, [this] {
        editConfig([](PlaygroundConfig &c) {
            if (!c.hiddenLayers.empty())
                c.hiddenLayers.pop_back();
        });
    });
    connect(m_diagram, &widgets::NetworkDiagram::addNeuronRequested, this, [this](int layer) {
        editConfig([layer](PlaygroundConfig &c) {
            if (layer >= 0 && layer < int(c.hiddenLayers.size())
                && c.hiddenLayers[std::size_t(layer)] < PlaygroundConfig::kMaxNeuronsByHand)
                ++c.hiddenLayers[std::size_t(layer)];
        });
    });
    connect(m_diagram, &widgets::NetworkDiagram::removeNeuronRequested, this, [this](int layer) {
        editConfig([layer](PlaygroundConfig &c) {
            if (layer >= 0 && layer < int(c.hiddenLayers.size()) && c.hiddenLayers[std::size_t(layer)] > 1)
                --c.hiddenLayers[std::size_t(layer)];
        });
    });
    // One activation per layer: right-click a hidden layer.
    m_diagram->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_diagram, &QWidget::customContextMenuRequested, this, &MainWindow::showLayerMenu);
    connect(m_diagram, &widgets::NetworkDiagram::neuronHovered, this, [this](int column, int index) {
        m_hoverColumn = column;
        m_hoverNeuron = index;
        if (m_snapshot)
            m_output->showSnapshot(m_snapshot, *m_snapshot->config, m_hoverColumn, m_hoverNeuron);
    });
    connect(m_diagram, &widgets::NetworkDiagram::linkClicked, this, [this](int column, int from, int to, float weight) {
        bool ok = false;
        const double value = QInputDialog::getDouble(this, "Edit weight",
            QString("Weight from neuron %1 to neuron %2 (layer %3 to %4):")
                .arg(from + 1)
                .arg(to + 1)
                .arg(column)
                .arg(column + 1),
            double(weight), -100.0, 100.0, 3, &ok);
        if (ok) {
            QMetaObject::invokeMethod(
                m_worker, [w = m_worker, column, from, to, value] { w->setWeight(column, from, to, float(value)); });
            countEdit();
        }
    });
}

void MainWindow::showLayerMenu(const QPoint &pos)
{
    int layer = -1;
    for (int h = 0; h < int(m_config.hiddenLayers.size()); ++h) {
        const QRectF node = m_diagram->nodeRect(h + 1, 0);
        if (node.isValid() && pos.x() >= node.left() - 12 && pos.x() <= node.right() + 12)
            layer = h;
    }
    if (layer < 0)
        return;
    QMenu menu(this);
    menu.addSection(QString("Activation of hidden layer %1").arg(layer + 1));
    const ActivationKind current = m_config.hiddenActivation(layer);
    for (const auto &a : activationNames()) {
        QAction *action = menu.addAction(a.name);
        action->setCheckable(true);
        action->setChecked(a.kind == current);
        connect(action, &QAction::triggered, this, [this, layer, kind = a.kind] {
            editConfig([&](PlaygroundConfig &c) {
                // Spell out every layer's activation, then change this one.
                std::vector<ActivationKind> per(c.hiddenLayers.size());
                for (std::size_t i = 0; i < per.size(); ++i)
                    per[i] = c.hiddenActivation(int(i));
                per[std::size_t(layer)] = kind;
                c.layerActivations = per;
            });
        });
    }
    menu.addSeparator();
    menu.addAction("Same activation for all layers", this,
        [this] { editConfig([](PlaygroundConfig &c) { c.layerActivations.clear(); }); });
    menu.exec(m_diagram->mapToGlobal(pos));
}

void MainWindow::editConfig(const std::function<void(PlaygroundConfig &)> &edit)
{
    PlaygroundConfig c = m_config;
    edit(c);
    if (c == m_config)
        return;
    const std::string error = c.validationError();
    if (!error.empty()) {
        showError(QString::fromStdString(error));
        showConfig(); // put the controls back as they were
        return;
    }
    setConfig(c);
    refreshModified();
}

void MainWindow::setConfig(const PlaygroundConfig &config)
{
    m_config = config;
    // A playground made on a machine with a GPU opens here on the CPU when the GPU is off.
    if (m_config.backend != "cpu")
        for (const BackendInfo &b : probeBackends())
            if (b.id == m_config.backend && !b.available) {
                showError(QString::fromStdString("the GPU is off here (" + b.reason + "): training on the CPU"));
                m_config.backend = "cpu";
            }
    showConfig();
    QMetaObject::invokeMethod(m_worker, "setConfig", Qt::QueuedConnection, Q_ARG(ds::app::PlaygroundConfig, m_config));
    updateTitle();
}

void MainWindow::showConfig()
{
    m_bar->showConfig(m_config);
    m_data->showConfig(m_config);
    m_output->showConfig(m_config);
    m_features->setEnabledMask(m_config.features);
    const std::size_t params
        = m_config.modelSpec().validationError().empty() ? m_config.modelSpec().parameterCount() : 0;
    m_networkCaption->setText(QString("NETWORK — %1 HIDDEN LAYER%2, %3 PARAMETERS")
                                  .arg(m_config.hiddenLayers.size())
                                  .arg(m_config.hiddenLayers.size() == 1 ? "" : "S")
                                  .arg(QLocale::c().toString(qulonglong(params))));
}

void MainWindow::onSnapshot(std::shared_ptr<const Snapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    paintSnapshot();
    refreshModified(); // training on changes the document when it keeps the trained run
    // Tell the worker only after painting, so that it never publishes faster than we paint.
    QMetaObject::invokeMethod(m_worker, &TrainingWorker::snapshotShown, Qt::QueuedConnection);
    emit snapshotShown(m_snapshot->epoch);
}

void MainWindow::paintSnapshot()
{
    const Snapshot &s = *m_snapshot;
    const PlaygroundConfig &config = *s.config; // what these numbers belong to
    m_bar->showProgress(s);
    m_bar->setRunning(s.running);
    m_output->showSnapshot(m_snapshot, config, m_hoverColumn, m_hoverNeuron);

    widgets::DiagramState d;
    d.maxHiddenLayers = PlaygroundConfig::kMaxHiddenLayers; // the buttons' limits are the window's
    d.maxNeurons = PlaygroundConfig::kMaxNeuronsByHand;
    for (int i = 0; i < s.columnSizes[0]; ++i) {
        int bit = 0, seen = -1;
        for (; bit < data::kFeatureCount; ++bit)
            if ((config.features & (1u << bit)) && ++seen == i)
                break;
        d.inputNames.push_back(QString::fromStdString(data::featureName(data::Feature(1u << bit))));
        d.inputMaps.push_back(neuronImage(s, 0, i));
    }
    for (int c = 1; c < int(s.columnSizes.size()); ++c) {
        std::vector<QImage> column;
        for (int n = 0; n < s.columnSizes[std::size_t(c)]; ++n)
            column.push_back(neuronImage(s, c, n, config.discretizeOutput && c + 1 == int(s.columnSizes.size())));
        d.neuronMaps.push_back(std::move(column));
    }
    d.weights = s.weights;
    d.biases = s.biases;
    for (std::size_t l = 0; l < config.hiddenLayers.size(); ++l) {
        d.layerActivations.push_back(QString::fromStdString(nameOf(config.hiddenActivation(int(l)))));
        // As PlaygroundConfig::modelSpec() places them.
        d.layerSkips.push_back(config.residual && l > 0 && config.hiddenLayers[l] == config.hiddenLayers[l - 1]);
    }
    m_diagram->setState(d);
    m_status->setText(QString::fromStdString(s.message));
}

void MainWindow::showError(const QString &message)
{
    m_lastError = message;
    m_status->setText(message);
    statusBar()->setStyleSheet("color: #b3261e;");
    QTimer::singleShot(6000, this, [this] { statusBar()->setStyleSheet(QString()); });
}

void MainWindow::trainAndWait(long epochs)
{
    // In up to 100 chunks, each painted, so that the loss chart shows the curve, not one point.
    const long chunk = std::max(1L, epochs / 100);
    long long target = m_snapshot ? m_snapshot->epoch : 0;
    for (long done = 0; done < epochs || (epochs == 0 && done == 0); done += std::max(chunk, 1L)) {
        const long n = std::min(chunk, epochs - done);
        target += n;
        QEventLoop loop;
        bool failed = false;
        long long trainedTo = -1; // the worker's updates when these epochs were done
        // The snapshot painted with the updates the worker reached: one still on its way from
        // before (a config's new network, say) does not count.
        const auto check = [&] {
            // A diverged run went back to earlier weights: it will not reach the target.
            failed = failed || (m_snapshot && m_snapshot->diverged && m_snapshot->epoch < target);
            if (failed || (trainedTo >= 0 && m_snapshot && m_snapshot->updates == trainedTo))
                loop.quit();
        };
        auto shown = connect(this, &MainWindow::snapshotShown, &loop, check);
        auto trained = connect(m_worker, &TrainingWorker::epochsTrained, &loop, [&](long long updates) {
            trainedTo = updates;
            check();
        });
        // A worker that cannot train (no network, an error) publishes nothing more: stop waiting.
        auto failure = connect(m_worker, &TrainingWorker::failed, &loop, [&] {
            failed = true;
            loop.quit();
        });
        QMetaObject::invokeMethod(m_worker, [w = m_worker, n] { w->trainEpochs(n); });
        loop.exec();
        disconnect(shown);
        disconnect(trained);
        disconnect(failure);
        if (epochs == 0 || failed)
            break;
    }
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // Space, Right, R, Shift+R and F drive training from anywhere but a text field, as in a media
    // player.
    auto *target = qobject_cast<QWidget *>(watched);
    if (event->type() == QEvent::KeyPress && target && target->window() == this) {
        auto *key = static_cast<QKeyEvent *>(event);
        QWidget *focus = QApplication::focusWidget();
        const bool typing = qobject_cast<QLineEdit *>(focus) || qobject_cast<QAbstractSpinBox *>(focus);
        // Both modes' bars are the same TrainingBar: its buttons do what the keys ask.
        TrainingBar *bar = m_pages->currentWidget() == m_cnn ? m_cnn->trainingBar()
            : m_pages->currentIndex() == PointsMode          ? m_bar->trainingBar()
                                                             : nullptr;
        if (bar && !typing && key->modifiers() == Qt::ShiftModifier && key->key() == Qt::Key_R) {
            bar->replayButton()->click();
            return true;
        }
        if (bar && !typing && key->modifiers() == Qt::NoModifier) {
            const bool inList = qobject_cast<QComboBox *>(focus);
            QToolButton *button = key->key() == Qt::Key_Space ? bar->playButton()
                : key->key() == Qt::Key_Right && !inList      ? bar->stepButton()
                : key->key() == Qt::Key_R                     ? bar->resetButton()
                : key->key() == Qt::Key_F                     ? bar->fullSpeedButton()
                                                              : nullptr;
            if (button && button->isEnabled()) {
                button->click();
                return true;
            }
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

int MainWindow::mode() const
{
    return m_pages->currentIndex();
}

void MainWindow::showMode(int mode)
{
    if (mode < 0 || mode >= m_pages->count())
        return;
    m_pages->setCurrentIndex(mode);
    // The window is as small as the page shown allows, not as the widest of the four: hidden
    // pages ask for no room (a stacked layout otherwise takes the largest minimum of them all,
    // which kept a lesson's panel and the Images mode off a 1366-pixel screen).
    for (int i = 0; i < m_pages->count(); ++i)
        m_pages->widget(i)->setSizePolicy(i == mode ? QSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred)
                                                    : QSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored));
    if (mode != ModelMode)
        m_documentMode = mode;
    if (mode == PointsMode && m_session)
        fitToScreen(); // the bar's columns were chosen while another page was shown (not for renders)
    if (m_modeBar->currentIndex() != mode)
        m_modeBar->setCurrentIndex(mode);
    if (m_pages->currentWidget() == m_cnn)
        m_cnn->start();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_session && !maybeSave()) {
        event->ignore();
        return;
    }
    QMetaObject::invokeMethod(m_worker, &TrainingWorker::pause, Qt::BlockingQueuedConnection);
    if (m_session) {
        QSettings settings;
        settings.setValue("geometry", saveGeometry());
        settings.setValue("mode", m_pages->currentIndex());
        QFile::remove(autosavePath()); // a clean quit: nothing to recover next time
    }
    event->accept();
}

} // namespace ds::app
