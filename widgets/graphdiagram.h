// GraphDiagram: a network graph drawn for reading — one box per node (what it is, its output
// shape and parameters), placed by layOutGraph so that branches stand side by side and a chain is
// one column, with arrows from each node's inputs. It grows as tall as the graph (put it in a
// scroll area); boxes are coloured by what they do (convolutions, pools, joins, dense layers,
// activations and normalization). Clicking a box picks it (nodeClicked); the picked one is
// outlined. The context menu exports the whole drawing.
#pragma once

#include "graphlayout.h"
#include "plotexport.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <vector>

namespace ds::widgets {

struct GraphDiagramNode {
    enum class Kind { Convolution, Pool, Join, Dense, Activation, Normalization, Other };
    QString title; // "conv 7×7, 64 filters, stride 2"
    QString detail; // "64×32×32 · 9,408 parameters"
    std::vector<int> inputs; // earlier nodes; -1: the graph's input
    Kind kind = Kind::Other;
};

class GraphDiagram : public QWidget {
    Q_OBJECT
public:
    explicit GraphDiagram(QWidget *parent = nullptr);

    // `inputTitle` names the box the -1 inputs come from ("input 3×224×224"); boxes are numbered
    // from `firstNumber` (0 as ONNX tools count, 1 as the layer editor does).
    void setGraph(const QList<GraphDiagramNode> &nodes, const QString &inputTitle, int firstNumber = 0);
    void clear();
    int nodeCount() const { return int(m_nodes.size()); }
    const GraphDiagramNode &node(int i) const { return m_nodes.at(i); }
    int firstNumber() const { return m_firstNumber; }
    void selectNode(int i); // -1: none
    int selectedNode() const { return m_selected; }
    const GraphLayout &layout() const { return m_layout; }

    // Geometry, for tests and scrolling: node i's box (-1: the input's), and the node under a
    // point (-1 for none).
    QRect nodeRect(int i) const;
    int nodeAt(QPoint pos) const;
    PlotPicture picture();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void nodeClicked(int i);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Metrics {
        int boxWidth = 0, boxHeight = 0, columnGap = 0, rowGap = 0, laneGap = 0, margin = 0;
    };
    Metrics metrics() const;
    QRect boxAt(int row, int column) const; // row -1: the input's
    void paint(QPainter &p) const;

    QList<GraphDiagramNode> m_nodes;
    QString m_inputTitle;
    GraphLayout m_layout;
    int m_selected = -1;
    int m_firstNumber = 0;
};

} // namespace ds::widgets
