// OutputPanel: the OUTPUT column — test and training loss, the network's output over the plane
// with the data points on it (click to add a point), its toggles and the loss chart.
#pragma once

#include "core/playgroundconfig.h"
#include "core/snapshot.h"
#include "core/trainedrun.h"

#include <QWidget>

#include <memory>

#include <optional>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace ds::widgets {
class LayerProjection;
class LossChart;
class OutputMap;
class SurfacePlot;
class WeightHistograms;
} // namespace ds::widgets

namespace ds::app {

class LandscapePanel;
class RacePanel;

class OutputPanel : public QWidget {
    Q_OBJECT
public:
    explicit OutputPanel(QWidget *parent = nullptr);
    // At least 300 px and the five chart tabs' full names, and what its layout needs (more in
    // presentation mode's larger text).
    QSize minimumSizeHint() const override;

    void showConfig(const PlaygroundConfig &config);
    void applyTo(PlaygroundConfig &config) const;
    // Paints the snapshot; when a neuron is hovered in the diagram, its map replaces the output.
    // Paints `s` under the config it was made with; the panel keeps it, so that the Layer view can
    // draw when opened or re-aimed while training is paused.
    void showSnapshot(
        const std::shared_ptr<const Snapshot> &s, const PlaygroundConfig &config, int hoverColumn, int hoverNeuron);
    void clearHistory();
    // Both charts' curves, for a saved run, and back: restored curves are drawn with the first
    // snapshot of their epoch (the run is restored on the training thread after a rebuild whose
    // own snapshot comes first). clearHistory() drops curves still waiting.
    std::vector<CurveSeries> curves() const;
    void restoreCurves(long long epoch, const std::vector<CurveSeries> &curves);

    widgets::OutputMap *map() const { return m_map; }
    widgets::LossChart *chart() const { return m_chart; }
    widgets::LossChart *accuracyChart() const { return m_accuracy; }
    widgets::LossChart *gradientChart() const { return m_gradients; }
    widgets::LossChart *spreadChart() const { return m_spread; }
    widgets::WeightHistograms *weightHistograms() const { return m_weights; }
    widgets::LossChart *learningRateChart() const { return m_rate; }
    QComboBox *insideChoice() const { return m_insideWhat; }
    RacePanel *racePanel() const { return m_race; }
    LandscapePanel *landscapePanel() const { return m_landscape; }
    void showInside(int view); // 0 gradients, 1 spread, 2 weights, 3 learning rate, 4 landscape
    QByteArray historyCsv() const; // both charts' history as one CSV
    widgets::LayerProjection *layerView() const { return m_layerView; }
    QTabWidget *tabs() const { return m_charts; }
    widgets::SurfacePlot *surface() const { return m_surface; } // the output in 3-D
    QCheckBox *show3d() const { return m_show3d; }

signals:
    void changed();
    void pointAdded(float x, float y, float value);

private:
    QLabel *m_testLoss, *m_trainLoss, *m_title;
    widgets::OutputMap *m_map;
    QTabWidget *m_charts;
    widgets::LossChart *m_chart, *m_accuracy;
    // The Inside tab: per layer by epoch (gradient size, output spread), the weights' histograms
    // now, and the learning rate by epoch; one shown at a time.
    QComboBox *m_insideWhat;
    QStackedWidget *m_inside = nullptr;
    LandscapePanel *m_landscape = nullptr;
    widgets::LossChart *m_gradients, *m_spread, *m_rate;
    widgets::WeightHistograms *m_weights = nullptr;
    RacePanel *m_race = nullptr; // the Race tab
    void appendLayerStatistics(const Snapshot &s);
    void showWeights(const Snapshot &s);
    void showSurface(const Snapshot &s); // only while it is shown
    widgets::SurfacePlot *m_surface = nullptr;
    QStackedWidget *m_mapStack = nullptr;
    QCheckBox *m_show3d = nullptr;
    std::shared_ptr<const PlaygroundConfig> m_markedConfig; // whose data points the surface shows
    QCheckBox *m_showTest, *m_discretize, *m_logScale;
    QComboBox *m_clickClass;
    widgets::LayerProjection *m_layerView;
    QComboBox *m_viewLayer, *m_viewX, *m_viewY;
    std::vector<int> m_hiddenSizes;
    std::shared_ptr<const Snapshot> m_last; // the snapshot painted last
    std::shared_ptr<const PlaygroundConfig> m_historyConfig; // the config of the last snapshot charted
    void redrawLayerView();
    void fillNeuronBoxes();
    void showLayerView(const Snapshot &s, const PlaygroundConfig &config);
    long long m_lastChartEpoch = -1;
    std::optional<std::pair<long long, std::vector<CurveSeries>>> m_restoredCurves;
    bool m_showing = false;
};

} // namespace ds::app
