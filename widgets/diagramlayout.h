// DiagramLayout: where NetworkDiagram puts things (node squares, link curves, column headers, the
// + / - buttons) for given column sizes, text sizes and widget size. Pure geometry, no painting:
// the diagram recomputes it only when the network's shape, the font or the widget size changes,
// never per frame.
#pragma once

#include <QPainterPath>
#include <QRectF>

#include <array>
#include <vector>

namespace ds::widgets {

// A link is a cubic Bezier from the middle of one node's right edge to the middle of the next
// node's left edge, leaving and arriving horizontally.
struct DiagramLink {
    static constexpr int kSegments = 24;
    QPainterPath path;
    std::array<QPointF, kSegments + 1> samples; // the curve at t = 0, 1/24, ..., 1, for hit-testing
    QRectF bounds; // of the samples, to reject most links before measuring distances
};

// What the layout needs to know about text, measured by the widget with its current fonts.
struct DiagramTextMetrics {
    qreal captionHeight = 14; // "4 NEURONS"
    qreal noteHeight = 12; // "tanh" under it
    qreal inputLabelWidth = 40; // widest input feature name
    qreal layerCountWidth = 110; // "8 HIDDEN LAYERS"
};

struct DiagramLayout {
    qreal nodeSize = 0;
    qreal columnPitch = 0; // horizontal distance between column centres
    std::vector<std::vector<QRectF>> nodes; // [column][neuron]
    std::vector<std::vector<DiagramLink>> links; // [column][from * toCount + to], column -> column + 1
    std::vector<QRectF> captions; // [column] "4 NEURONS"
    std::vector<QRectF> notes; // [column] the activation under the caption
    std::vector<QRectF> inputLabels; // [input] left of each input node
    std::vector<QRectF> addNeuron, removeNeuron; // [hidden layer]
    QRectF addLayer, removeLayer, layerCount;
};

// columnSizes[0] is the number of inputs, then one entry per hidden layer, the output last.
DiagramLayout layoutDiagram(const std::vector<int> &columnSizes, QSizeF size, const DiagramTextMetrics &text);

// The smallest size at which everything fits, with nodes at their smallest.
QSizeF minimumDiagramSize(const std::vector<int> &columnSizes, const DiagramTextMetrics &text);

// Index into `links` of the curve nearest to p and closer than maxDistance, or -1.
int linkAt(const std::vector<DiagramLink> &links, QPointF p, qreal maxDistance);

} // namespace ds::widgets
