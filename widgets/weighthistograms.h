// WeightHistograms: how a network's weights are spread, one histogram per layer stacked on a
// shared horizontal axis, so that layers compare at a glance: a layer whose weights bunch near
// zero (L1, a vanishing gradient that never moved them) against one that spreads wide. Bars take
// the diverging colour of their values (negative orange, positive blue), as links do; the bin at
// zero is grey.
#pragma once

#include <QString>
#include <QWidget>

#include <vector>

namespace ds::widgets {

struct WeightLayer {
    QString name; // "hidden 1"
    std::vector<float> weights;
};

class WeightHistograms : public QWidget {
    Q_OBJECT
public:
    explicit WeightHistograms(QWidget *parent = nullptr);

    void setLayers(std::vector<WeightLayer> layers);
    int layerCount() const { return int(m_layers.size()); }
    // The shared axis runs from -range() to +range(): the largest weight's size, rounded up.
    float range() const { return m_range; }
    // Bin counts of layer i over [-range, range]; non-finite weights are left out.
    const std::vector<int> &counts(int layer) const { return m_counts.at(std::size_t(layer)); }
    // The standard deviation of layer i's finite weights, printed beside its row.
    float spread(int layer) const { return m_spreads.at(std::size_t(layer)); }

    static constexpr int kBins = 31; // odd, so that zero has a bin of its own in the middle

    QSize sizeHint() const override { return {300, 260}; }
    QSize minimumSizeHint() const override { return {160, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::vector<WeightLayer> m_layers;
    std::vector<std::vector<int>> m_counts;
    std::vector<float> m_spreads; // standard deviation per layer, printed beside its row
    float m_range = 1.0f;
};

} // namespace ds::widgets
