// LayerProjection: the data as one hidden layer sees it (ConvNetJS's 2D demo): the training
// points and the lines of the input plane's grid, each mapped through the network up to that
// layer and plotted on two of its neurons. Watching the grid fold shows how a layer untangles
// the classes. The view fits itself to whatever range the neurons cover.
#pragma once

#include <QColor>
#include <QPointF>
#include <QWidget>

#include <vector>

namespace ds::widgets {

struct Projection {
    std::vector<std::vector<QPointF>> lattice; // polylines: rows and columns of the input grid
    std::vector<QPointF> points;
    std::vector<QColor> colors; // one per point
    QString xLabel, yLabel;
};

class LayerProjection : public QWidget {
    Q_OBJECT
public:
    explicit LayerProjection(QWidget *parent = nullptr);

    void setProjection(Projection projection);
    const Projection &projection() const { return m_projection; }
    // Where a point in neuron space lands in the widget (for tests).
    QPointF toWidget(QPointF value) const;
    QRectF plotRect() const;

    QSize sizeHint() const override { return {300, 260}; }
    QSize minimumSizeHint() const override { return {160, 140}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QRectF bounds() const;

    Projection m_projection;
};

} // namespace ds::widgets
