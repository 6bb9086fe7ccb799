#include "graphnodes.h"

#include <QLocale>

namespace ds::app {
namespace {

using Kind = widgets::GraphDiagramNode::Kind;

Kind kindOf(LayerKind k)
{
    switch (k) {
    case LayerKind::Conv2D: return Kind::Convolution;
    case LayerKind::MaxPool2D:
    case LayerKind::AvgPool2D:
    case LayerKind::GlobalAvgPool: return Kind::Pool;
    case LayerKind::Add:
    case LayerKind::Concat:
    case LayerKind::Mul:
    case LayerKind::Residual: return Kind::Join;
    case LayerKind::Dense: return Kind::Dense;
    case LayerKind::Activation:
    case LayerKind::Softmax: return Kind::Activation;
    case LayerKind::BatchNorm: return Kind::Normalization;
    default: return Kind::Other;
    }
}

} // namespace

QList<widgets::GraphDiagramNode> diagramNodes(const std::vector<GraphNode> &nodes)
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions); // 9,472: the C locale omits the commas
    QList<widgets::GraphDiagramNode> out;
    for (const GraphNode &n : nodes) {
        QString detail = QString::fromStdString(n.shape);
        if (n.parameters)
            detail += " · " + c.toString(qulonglong(n.parameters)) + " params";
        if (n.frozen)
            detail += " · frozen";
        out.push_back({QString::fromStdString(n.title), detail, n.inputs, kindOf(n.kind)});
    }
    return out;
}

} // namespace ds::app
