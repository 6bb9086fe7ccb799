// RacePanel: the output column's Race tab — which optimizers race the playground's own (a box
// each), each lane's decision boundary as a small map (the playground's own first), and every
// lane's training loss by epoch on one chart, so that SGD, momentum and Adam from the same start
// can be told apart at a glance. It edits PlaygroundConfig::race and paints the lanes a Snapshot
// carries.
#pragma once

#include "core/playgroundconfig.h"
#include "core/snapshot.h"

#include <QImage>
#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;

namespace ds::widgets {
class LossChart;
}

namespace ds::app {

class LaneMaps;

class RacePanel : public QWidget {
    Q_OBJECT
public:
    explicit RacePanel(QWidget *parent = nullptr);

    void showConfig(const PlaygroundConfig &config);
    void applyTo(PlaygroundConfig &config) const;
    // Adds the snapshot's epoch to the chart (the caller calls it once per epoch).
    void append(const Snapshot &s);
    void clear();

    widgets::LossChart *chart() const { return m_chart; }
    QCheckBox *box(OptimizerKind optimizer) const;
    // The lanes' maps (the Boundaries view), the playground's own first; empty when nothing races.
    std::vector<QImage> laneMaps() const;

signals:
    void changed(); // a box was ticked or cleared

private:
    std::vector<std::pair<OptimizerKind, QCheckBox *>> m_boxes;
    QLabel *m_hint;
    QWidget *m_views; // the Losses / Boundaries switch, while racing
    LaneMaps *m_maps;
    OptimizerKind m_mainOptimizer = OptimizerKind::Sgd;
    std::vector<OptimizerKind> m_order; // the other lanes, in the chart's order
    widgets::LossChart *m_chart;
    bool m_showing = false;
};

} // namespace ds::app
