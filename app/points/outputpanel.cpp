#include "outputpanel.h"

#include "colorscale.h"
#include "controls/captioned.h"
#include "controls/curvehistory.h"
#include "controls/landscapepanel.h"
#include "core/pointsfields.h"
#include "layerprojection.h"
#include "losschart.h"
#include "outputmap.h"
#include "outputsurface.h"
#include "racepanel.h"
#include "snapshotimages.h"
#include "surfaceplot.h"
#include "weighthistograms.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ds::app {
namespace {

QString lossText(const char *what, const Metrics &m)
{
    // Three decimals, or three digits in powers of ten for a loss that has blown up (1.2e+31,
    // not thirty-two digits running off the panel).
    const double loss = double(m.loss);
    QString s = QString("%1 loss <b>%2</b>").arg(what, QString::number(loss, std::abs(loss) < 1000 ? 'f' : 'g', 3));
    if (m.accuracy >= 0)
        s += QString(" &nbsp;·&nbsp; %1 %").arg(double(m.accuracy) * 100.0, 0, 'f', 1);
    return s;
}

} // namespace

OutputPanel::OutputPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_title = captionLabel("Output", this);
    layout->addWidget(m_title);
    m_testLoss = new QLabel(this);
    m_trainLoss = new QLabel(this);
    m_testLoss->setToolTip("Loss and accuracy on points the network never trains on");
    m_trainLoss->setToolTip("Loss and accuracy on the points it trains on");
    layout->addWidget(m_testLoss);
    layout->addWidget(m_trainLoss);

    m_map = new widgets::OutputMap(this);
    m_map->setToolTip("What the network outputs at each point of the plane; click to add a training point");
    m_map->setMinimumSize(190, 190);
    // The same output as a surface in 3-D (what a regression network learns is a surface), in
    // the map's place while "3-D" is ticked.
    m_mapStack = new QStackedWidget(this);
    m_mapStack->addWidget(m_map);
    m_surface = new widgets::SurfacePlot(m_mapStack);
    m_surface->setObjectName("outputSurface");
    m_mapStack->addWidget(m_surface);
    layout->addWidget(m_mapStack, 3);
    connect(m_map, &widgets::OutputMap::pointAdded, this,
        [this](float x, float y) { emit pointAdded(x, y, float(m_clickClass->currentData().toDouble())); });

    auto *toggles = new QGridLayout;
    m_showTest = new QCheckBox("Show test data", this);
    m_showTest->setToolTip("Draw the held-out test points too (hollow)");
    m_discretize = new QCheckBox("Discretize output", this);
    m_discretize->setToolTip("Show only which side of the boundary each point falls on");
    m_clickClass = new QComboBox(this);
    m_clickClass->setObjectName("clickClass");
    m_clickClass->setToolTip("The class (or value) of the point a click on the map adds");
    toggles->addWidget(m_showTest, 0, 0);
    toggles->addWidget(m_discretize, 0, 1);
    m_show3d = new QCheckBox("3-D", this);
    m_show3d->setObjectName("outputIn3d");
    m_show3d->setToolTip("The output over the plane as a surface in 3-D, with the data points at their values "
                         "(drag with the right button to turn it)");
    toggles->addWidget(captioned("Click adds", m_clickClass, this), 1, 0);
    toggles->addWidget(m_show3d, 1, 1, Qt::AlignBottom);
    layout->addLayout(toggles);
    connect(m_show3d, &QCheckBox::toggled, this, [this](bool on) {
        m_mapStack->setCurrentIndex(on ? 1 : 0);
        if (on && m_last)
            showSurface(*m_last);
    });
    for (QCheckBox *b : {m_showTest, m_discretize})
        connect(b, &QCheckBox::toggled, this, [this] {
            if (!m_showing)
                emit changed();
        });

    m_charts = new QTabWidget(this);
    m_charts->setDocumentMode(true);
    // Five tabs need 302 px, the column may have 300 (a lesson beside it on a 1366-px screen):
    // the bar scrolls rather than squeezing the whole column below what it needs.
    m_charts->setUsesScrollButtons(true);
    m_charts->setElideMode(Qt::ElideRight);
    m_chart = new widgets::LossChart(m_charts);
    m_chart->setSeriesNames({"Training loss", "Test loss"});
    m_chart->setToolTip("Loss by epoch: training (solid) and test");
    m_chart->setYLabel("loss");
    m_accuracy = new widgets::LossChart(m_charts);
    m_accuracy->setSeriesNames({"Training accuracy", "Test accuracy"});
    m_accuracy->setToolTip("Share of points classified correctly, by epoch: training (solid) and test");
    m_accuracy->setYLabel("accuracy %");
    m_charts->addTab(m_chart, "Loss");
    m_charts->addTab(m_accuracy, "Accuracy");

    // The layer view: the data as a hidden layer sees it, on two of its neurons.
    auto *view = new QWidget(m_charts);
    auto *viewLayout = new QVBoxLayout(view);
    viewLayout->setContentsMargins(0, 4, 0, 0);
    auto *pickers = new QHBoxLayout;
    m_viewLayer = new QComboBox(view);
    m_viewLayer->setToolTip("The hidden layer whose view of the data is shown");
    m_viewX = new QComboBox(view);
    m_viewX->setToolTip("The neuron whose output is the horizontal axis");
    m_viewY = new QComboBox(view);
    m_viewY->setToolTip("The neuron whose output is the vertical axis");
    pickers->addWidget(m_viewLayer);
    pickers->addWidget(m_viewX);
    pickers->addWidget(m_viewY);
    viewLayout->addLayout(pickers);
    m_layerView = new widgets::LayerProjection(view);
    m_layerView->setToolTip("Training points and the input plane's grid lines, mapped through the network up to "
                            "this layer: watch the layer pull the classes apart");
    viewLayout->addWidget(m_layerView, 1);
    m_charts->addTab(view, "Layer");
    m_charts->setTabToolTip(2, "The layer view: the data as one hidden layer sees it");
    connect(m_viewLayer, &QComboBox::currentIndexChanged, this, [this] {
        fillNeuronBoxes();
        redrawLayerView();
    });
    for (QComboBox *box : {m_viewX, m_viewY})
        connect(box, &QComboBox::activated, this, &OutputPanel::redrawLayerView);
    connect(m_charts, &QTabWidget::currentChanged, this, &OutputPanel::redrawLayerView);
    connect(m_charts, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == 3 && m_inside->currentWidget() == m_weights && m_last)
            showWeights(*m_last);
    });
    // Inside: each weighted layer's gradient size or output spread by epoch, one line per layer —
    // the vanishing-gradient picture of a deep sigmoid network — its weights now, and the
    // learning rate the schedule gives each epoch.
    auto *inside = new QWidget(m_charts);
    auto *insideLayout = new QVBoxLayout(inside);
    insideLayout->setContentsMargins(0, 4, 0, 0);
    m_insideWhat = new QComboBox(inside);
    m_insideWhat->addItem("Gradient size by layer");
    m_insideWhat->addItem("Output spread by layer");
    m_insideWhat->addItem("Weights by layer");
    m_insideWhat->addItem("Learning rate by epoch");
    m_insideWhat->addItem("Loss landscape");
    m_insideWhat->setToolTip("Gradient size: the root mean square of a layer's weight gradients at the last update. "
                             "Output spread: the standard deviation of what the layer passes on, over the training "
                             "points. Layers whose gradients are thousands of times smaller than the last one's "
                             "hardly learn. Weights: how each layer's weights are spread now. Learning rate: the "
                             "step size the schedule gives each epoch. Loss landscape: the loss around the "
                             "weights now, with the path training took.");
    insideLayout->addWidget(m_insideWhat);
    m_inside = new QStackedWidget(inside);
    m_gradients = new widgets::LossChart(m_inside);
    m_gradients->setDistinctColours(true);
    m_gradients->setLogScale(true);
    m_gradients->setYLabel("gradient RMS");
    m_spread = new widgets::LossChart(m_inside);
    m_spread->setDistinctColours(true);
    // On a log axis, as the gradients: a deep layer's spread a hundred times below the first's
    // (what "Initialization and depth" asks a student to read) is a flat line on a linear one.
    m_spread->setLogScale(true);
    m_spread->setYLabel("output std");
    m_weights = new widgets::WeightHistograms(m_inside);
    m_weights->setToolTip("Each layer's weights as a histogram, on one axis (σ: their standard deviation)");
    m_rate = new widgets::LossChart(m_inside);
    m_rate->setSeriesNames({"Learning rate"});
    m_rate->setYLabel("learning rate");
    m_landscape = new LandscapePanel(m_inside);
    for (QWidget *page : std::initializer_list<QWidget *> {m_gradients, m_spread, m_weights, m_rate, m_landscape})
        m_inside->addWidget(page);
    insideLayout->addWidget(m_inside, 1);
    connect(m_insideWhat, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_inside->setCurrentIndex(i);
        if (i == 2 && m_last)
            showWeights(*m_last);
    });
    m_charts->addTab(inside, "Inside");
    m_race = new RacePanel(m_charts);
    connect(m_race, &RacePanel::changed, this, [this] {
        if (!m_showing)
            emit changed();
    });
    m_charts->addTab(m_race, "Race");
    m_charts->setUsesScrollButtons(false); // five short names fit the column; a hidden "Loss" tab was missed

    m_charts->setMinimumHeight(150);
    // Only the tab shown asks for room (the race's and the inside's controls are taller than a
    // chart), so that the Points page fits a laptop's 768 pixels.
    const auto onlyShownTabAsksRoom = [this](int shown) {
        for (int i = 0; i < m_charts->count(); ++i)
            m_charts->widget(i)->setSizePolicy(i == shown ? QSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred)
                                                          : QSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored));
    };
    onlyShownTabAsksRoom(m_charts->currentIndex());
    connect(m_charts, &QTabWidget::currentChanged, this, onlyShownTabAsksRoom);

    layout->addWidget(m_charts, 2);
    m_logScale = new QCheckBox("Log scale", this);
    m_logScale->setToolTip("A logarithmic loss axis shows slow late progress");
    connect(m_logScale, &QCheckBox::toggled, m_chart, &widgets::LossChart::setLogScale);
    layout->addWidget(m_logScale);
    // It sets the Loss chart's axis: shown with that chart only.
    connect(m_charts, &QTabWidget::currentChanged, m_logScale, [this](int tab) { m_logScale->setVisible(tab == 0); });
}

void OutputPanel::showConfig(const PlaygroundConfig &c)
{
    m_showing = true;
    m_charts->setTabEnabled(1, c.problem() == data::ProblemType::Classification);
    if (c.hiddenLayers != m_hiddenSizes) {
        m_hiddenSizes = c.hiddenLayers;
        const int keep = m_viewLayer->currentIndex();
        m_viewLayer->clear();
        for (std::size_t l = 0; l < c.hiddenLayers.size(); ++l)
            m_viewLayer->addItem(QString("Layer %1").arg(l + 1));
        m_viewLayer->setCurrentIndex(std::clamp(keep, 0, int(c.hiddenLayers.size()) - 1));
        fillNeuronBoxes();
    }
    m_charts->setTabEnabled(2, !c.hiddenLayers.empty());
    m_race->showConfig(c);
    m_showTest->setChecked(c.showTestData);
    m_discretize->setChecked(c.discretizeOutput);
    // Refilled for the problem, keeping what was chosen: adding a point is a config change, and
    // the next click must add the same class again.
    const QVariant chosen = m_clickClass->currentData();
    const QSignalBlocker quiet(m_clickClass);
    m_clickClass->clear();
    if (c.problem() == data::ProblemType::Regression) {
        for (double v : {1.0, 0.5, 0.0, -0.5, -1.0})
            m_clickClass->addItem(QString("value %1").arg(v), v);
    } else {
        for (int k = 0; k < std::max(2, c.numClasses()); ++k) {
            QPixmap swatch(12, 12);
            swatch.fill(widgets::classColor(k, c.numClasses()));
            m_clickClass->addItem(QIcon(swatch), QString("class %1").arg(k), double(k));
        }
    }
    if (const int again = m_clickClass->findData(chosen); again >= 0)
        m_clickClass->setCurrentIndex(again);
    std::vector<widgets::MapPoint> points;
    const data::Points2D pts = c.points();
    for (const auto &p : pts.train)
        points.push_back({p.x, p.y, p.value, false});
    for (const auto &p : pts.test)
        points.push_back({p.x, p.y, p.value, true});
    m_map->setPoints(std::move(points), c.numClasses());
    m_map->setShowTestPoints(c.showTestData);
    m_showing = false;
}

void OutputPanel::applyTo(PlaygroundConfig &c) const
{
    c.showTestData = m_showTest->isChecked();
    c.discretizeOutput = m_discretize->isChecked();
    m_race->applyTo(c);
}

void OutputPanel::fillNeuronBoxes()
{
    const int layer = m_viewLayer->currentIndex();
    const int units = layer >= 0 && layer < int(m_hiddenSizes.size()) ? m_hiddenSizes[std::size_t(layer)] : 0;
    for (QComboBox *box : {m_viewX, m_viewY}) {
        const int keep = box->currentIndex();
        box->clear();
        for (int u = 0; u < units; ++u)
            box->addItem(QString("%1 neuron %2").arg(box == m_viewX ? "x:" : "y:").arg(u + 1));
        box->setCurrentIndex(std::clamp(keep < 0 ? (box == m_viewX ? 0 : 1) : keep, 0, std::max(0, units - 1)));
    }
}

void OutputPanel::showLayerView(const Snapshot &s, const PlaygroundConfig &c)
{
    const int column = m_viewLayer->currentIndex() + 1;
    if (column < 1 || column + 1 >= int(s.columnSizes.size()) || s.pointActivations.size() != s.columnSizes.size())
        return;
    const int units = s.columnSizes[std::size_t(column)];
    const int nx = std::clamp(m_viewX->currentIndex(), 0, units - 1),
              ny = std::clamp(m_viewY->currentIndex(), 0, units - 1);
    widgets::Projection pr;
    // Every tenth row and column of the grid, as polylines through the layer.
    const int g = s.grid;
    const float *mx = s.map(column, nx), *my = s.map(column, ny);
    for (int k = 0; k < g; k += std::max(1, g / 10)) {
        std::vector<QPointF> row, col;
        for (int t = 0; t < g; t += 2) {
            row.emplace_back(mx[k * g + t], my[k * g + t]);
            col.emplace_back(mx[t * g + k], my[t * g + k]);
        }
        pr.lattice.push_back(std::move(row));
        pr.lattice.push_back(std::move(col));
    }
    const std::vector<float> &acts = s.pointActivations[std::size_t(column)];
    const bool regression = c.problem() == data::ProblemType::Regression;
    for (std::size_t p = 0; p < s.pointValues.size(); ++p) {
        pr.points.emplace_back(
            acts[p * std::size_t(units) + std::size_t(nx)], acts[p * std::size_t(units) + std::size_t(ny)]);
        const float v = s.pointValues[p];
        pr.colors.push_back(
            regression ? QColor(widgets::divergingColor(v)) : widgets::classColor(int(v), c.numClasses()));
    }
    pr.xLabel = QString("neuron %1 of layer %2").arg(nx + 1).arg(column);
    pr.yLabel = QString("neuron %1").arg(ny + 1);
    m_layerView->setProjection(std::move(pr));
}

QSize OutputPanel::minimumSizeHint() const
{
    // The chart tabs' full names too: a lesson that says "open the Inside tab" must show "Inside",
    // not "Insi…" (the bar elides only where a window is narrower than the screens tested).
    QSize s = QWidget::minimumSizeHint();
    s.setWidth(std::max({s.width(), 300, m_charts->tabBar()->sizeHint().width()}));
    return s;
}

void OutputPanel::clearHistory()
{
    m_chart->clear();
    m_accuracy->clear();
    m_gradients->clear();
    m_spread->clear();
    m_rate->clear();
    m_race->clear();
    m_lastChartEpoch = -1;
    m_restoredCurves.reset();
}

std::vector<CurveSeries> OutputPanel::curves() const
{
    return chartCurves({m_chart, m_accuracy});
}

void OutputPanel::restoreCurves(long long epoch, const std::vector<CurveSeries> &curves)
{
    m_restoredCurves.emplace(epoch, curves);
}

void OutputPanel::redrawLayerView()
{
    if (m_last && m_last->config && m_charts->currentIndex() == 2)
        showLayerView(*m_last, *m_last->config);
}

void OutputPanel::showSnapshot(
    const std::shared_ptr<const Snapshot> &shown, const PlaygroundConfig &c, int hoverColumn, int hoverNeuron)
{
    m_last = shown;
    const Snapshot &s = *shown;
    m_testLoss->setText(s.hasTest ? lossText("Test", s.test) : QString("Test loss <b>—</b> (no test points)"));
    m_trainLoss->setText(lossText("Training", s.train));
    const bool hovering = hoverColumn >= 0 && hoverColumn < int(s.columnSizes.size()) && hoverNeuron >= 0
        && hoverNeuron < s.columnSizes[std::size_t(hoverColumn)];
    m_map->setHeatmap(hovering ? neuronImage(s, hoverColumn, hoverNeuron, c.discretizeOutput)
                               : outputImage(s, c.numClasses(), c.discretizeOutput));
    m_title->setText(
        hovering ? QString("OUTPUT — NEURON %1 OF LAYER %2").arg(hoverNeuron + 1).arg(hoverColumn) : QString("OUTPUT"));
    if (m_charts->currentIndex() == 2) // only drawn while it is looked at
        showLayerView(s, c);
    // A fresh network (a reset, another data set or shape): the history starts again, so that a
    // late snapshot of the previous playground cannot leave its point (and its range) behind. The
    // new run's epoch 0 may never be painted (training started at once): a change of a field that
    // starts a new run says it too. Curves waiting to be restored (an opened file's) stay.
    const bool freshRun = s.epoch < m_lastChartEpoch
        || (m_historyConfig && shown->config != m_historyConfig
            && (s.epoch == 0 || !sameFields(pointsFields(), *shown->config, *m_historyConfig, FieldEffect::NewRun)));
    if (freshRun) {
        const auto restored = m_restoredCurves;
        clearHistory();
        m_restoredCurves = restored;
    }
    m_historyConfig = shown->config;
    if (m_restoredCurves && s.epoch == m_restoredCurves->first) {
        restoreChartCurves({m_chart, m_accuracy}, m_restoredCurves->second);
        m_lastChartEpoch = s.epoch; // the saved curves end here
        m_restoredCurves.reset();
    }
    if (s.epoch != m_lastChartEpoch) {
        // No test points (a drawn set): no test line at 0, which the chart would draw as perfect
        // (it skips NaN).
        const double none = std::numeric_limits<double>::quiet_NaN();
        m_chart->append(double(s.epoch), {double(s.train.loss), s.hasTest ? double(s.test.loss) : none});
        if (s.train.accuracy >= 0) // classification only; floats, as the engine's numbers are (and the CSV writes them)
            m_accuracy->append(double(s.epoch),
                {double(100.0f * s.train.accuracy), s.hasTest ? double(100.0f * s.test.accuracy) : none});
        appendLayerStatistics(s);
        m_rate->append(double(s.epoch), {double(s.learningRate)});
        m_race->append(s);
        m_lastChartEpoch = s.epoch;
    }
    if (m_charts->currentIndex() == 3 && m_inside->currentWidget() == m_weights) // only while looked at
        showWeights(s);
    if (m_show3d->isChecked())
        showSurface(s);
}

void OutputPanel::showSurface(const Snapshot &s)
{
    widgets::SurfaceGrid grid = outputSurface(s);
    if (grid.heights.empty()) {
        m_surface->clear();
        m_markedConfig.reset();
        m_surface->setPlaceholderText(QString("The 3-D view shows one output over the plane; this network has %1, one "
                                              "per class: the map shows them")
                                          .arg(s.columnSizes.empty() ? 0 : s.columnSizes.back()));
        return;
    }
    m_surface->setSurface(grid);
    // The points follow the config (data, test points shown), not the training: made again only
    // when a snapshot comes with another config, not at every frame.
    if (s.config && s.config != m_markedConfig) {
        m_surface->setMarkers(dataMarkers(*s.config));
        m_markedConfig = s.config;
    }
}

void OutputPanel::showWeights(const Snapshot &s)
{
    std::vector<widgets::WeightLayer> layers;
    const std::size_t n = s.weights.size();
    for (std::size_t c = 0; c < n; ++c)
        layers.push_back({c + 1 < n ? QString("hidden %1").arg(c + 1) : QString("output"), s.weights[c]});
    m_weights->setLayers(std::move(layers));
}

void OutputPanel::appendLayerStatistics(const Snapshot &s)
{
    const int n = int(s.layerStats.size());
    if (n == 0)
        return;
    if (m_gradients->seriesCount() != n) { // a new shape: one line per layer, short names when many
        QStringList names;
        for (int i = 0; i < n; ++i)
            names << (i + 1 == n ? QString("output")
                    : n > 4      ? QString("L%1").arg(i + 1)
                                 : QString("hidden %1").arg(i + 1));
        m_gradients->setSeriesNames(names);
        m_spread->setSeriesNames(names);
    }
    std::vector<double> gradients, spreads;
    for (const LayerStatistics &l : s.layerStats) {
        gradients.push_back(l.gradientRms);
        spreads.push_back(l.activationStd);
    }
    m_gradients->append(double(s.epoch), gradients);
    m_spread->append(double(s.epoch), spreads);
}

QByteArray OutputPanel::historyCsv() const
{
    return widgets::historyCsv({m_chart, m_accuracy});
}

void OutputPanel::showInside(int view)
{
    m_charts->setCurrentIndex(3);
    m_insideWhat->setCurrentIndex(view);
}

} // namespace ds::app
