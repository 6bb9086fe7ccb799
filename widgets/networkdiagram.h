// NetworkDiagram: the playground's centrepiece. Columns of square nodes left to right (the input
// features, each hidden layer, the output), each node showing its heatmap over the input plane,
// joined by curves whose width and colour show the weights. It paints the DiagramState it is given
// and reports through signals what the user pointed at or asked for; it owns no training state.
// A right-click on a node exports its map.
#pragma once

#include "diagramlayout.h"
#include "plotexport.h"

#include <QImage>
#include <QString>
#include <QWidget>

#include <algorithm>
#include <vector>

namespace ds::widgets {

// Everything the diagram shows. Columns: 0 is the inputs, 1..H the hidden layers, H + 1 the
// output. Images may be any size (e.g. 32 x 32); they are scaled into the node squares.
struct DiagramState {
    std::vector<QString> inputNames; // enabled input features, e.g. "X1", "sin(X2)"
    std::vector<QImage> inputMaps; // what each input computes over the plane
    std::vector<std::vector<QImage>> neuronMaps; // [hidden layer][neuron], then the output layer last
    // weights[c]: row-major (count(c) x count(c + 1)), the link from neuron i of column c to
    // neuron j of column c + 1 at [i * count(c + 1) + j]. A column whose size does not match draws
    // no links.
    std::vector<std::vector<float>> weights;
    std::vector<std::vector<float>> biases; // [c] for column c + 1; may be empty
    std::vector<QString> layerActivations; // [hidden layer], e.g. "tanh", shown under its header
    // [hidden layer] true: a skip connection adds the layer before's output to this one's, drawn
    // as a dashed arc under the two columns.
    std::vector<bool> layerSkips;
    int maxHiddenLayers = 8; // the + / - buttons stop here
    int maxNeurons = 16;
};

class NetworkDiagram : public QWidget {
    Q_OBJECT
public:
    explicit NetworkDiagram(QWidget *parent = nullptr);

    // Cheap enough to call every display frame: the layout is recomputed only when the number of
    // columns or neurons, or the input names, change.
    void setState(DiagramState state);
    const DiagramState &state() const { return m_state; }

    int columnCount() const { return int(m_columnSizes.size()); }
    int neuronCount(int column) const;
    int hiddenLayerCount() const { return std::max(0, columnCount() - 2); }
    float weight(int column, int from, int to) const; // 0 where there is none

    // Geometry in widget coordinates, for tests and for the app to place things next to nodes.
    // Empty / null when the indices are out of range.
    QRectF nodeRect(int column, int index) const;
    QPointF linkMidpoint(int column, int from, int to) const;
    QRectF addLayerButtonRect() const;
    QRectF removeLayerButtonRect() const;
    QRectF addNeuronButtonRect(int hiddenLayer) const;
    QRectF removeNeuronButtonRect(int hiddenLayer) const;
    // Stroke width of a link for a weight: grows with |weight|, within 0.5 .. 6 px. Dense layouts
    // (nodes under 32 px) draw links narrower, down to half of this.
    static qreal linkWidth(float weight);

    // One node's map alone, as large as a slide wants it (the context menu on a node exports it).
    // An empty picture when the node has no map.
    PlotPicture neuronMapPicture(int column, int index) const;
    // "Input X1", "Hidden layer 1, neuron 2", "Output neuron 1"; empty when out of range.
    QString nodeName(int column, int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void neuronHovered(int column, int index); // -1, -1 when the mouse leaves the nodes
    // Links run from neuron `from` of `column` to neuron `to` of column + 1.
    void linkHovered(int column, int from, int to, float weight);
    void linkHoverEnded();
    void linkClicked(int column, int from, int to, float weight);
    void addLayerRequested();
    void removeLayerRequested();
    void addNeuronRequested(int hiddenLayer); // hiddenLayer 0 is column 1
    void removeNeuronRequested(int hiddenLayer);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    // What is under a point: one of the buttons, a node (column, index) or a link (column, from, to).
    struct Hit {
        enum Kind { None, AddLayer, RemoveLayer, AddNeuron, RemoveNeuron, Node, Link };
        Kind kind = None;
        int column = -1, a = -1, b = -1;
        bool operator==(const Hit &) const = default;
    };

    DiagramTextMetrics textMetrics() const;
    const DiagramLayout &layout() const;
    Hit hitAt(QPointF p) const;
    bool isActionable(const Hit &hit) const; // a button at its limit is not
    QString toolTipFor(const Hit &hit) const;
    void setHover(const Hit &hit);
    QFont captionFont() const;
    QFont noteFont() const;
    const QImage *mapFor(int column, int index) const;
    bool hasWeights(int column) const; // weights[column] matches the column sizes

    QString layerCountText() const;
    QFont layerCountFont() const;
    std::vector<quint32> linkLooks() const;
    void updateLinkLayer();
    void paintLinks(QPainter &p) const;
    void paintNodes(QPainter &p) const;
    void paintHeaders(QPainter &p) const;
    void paintButton(QPainter &p, const QRectF &r, bool plus, const Hit &hit) const;

    DiagramState m_state;
    std::vector<int> m_columnSizes;
    std::vector<QString> m_layoutNames; // input names the cached layout was measured with
    mutable DiagramLayout m_layout; // computed lazily for m_layoutSize
    mutable QSize m_layoutSize;
    mutable bool m_layoutDirty = true;
    mutable int m_layoutGeneration = 0; // counts recomputations, so the link layer knows it is stale
    // The links drawn once and reused while no link would look different (see updateLinkLayer).
    QImage m_linkLayer;
    std::vector<quint32> m_linkLayerLooks;
    Hit m_linkLayerHover;
    int m_linkLayerGeneration = -1;
    bool m_linkLayerStale = true;
    Hit m_hover, m_pressed;
};

} // namespace ds::widgets
