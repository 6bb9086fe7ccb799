#include "networkdiagram.h"

#include "plotexportmenu.h"

#include <QContextMenuEvent>
#include <QCursor>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QToolTip>

#include <cmath>
#include <utility>

namespace ds::widgets {
namespace {

constexpr qreal kHitDistance = 5; // how close to a curve counts as on it

} // namespace

NetworkDiagram::NetworkDiagram(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent); // paintEvent fills every pixel
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setState(DiagramState {});
}

void NetworkDiagram::setState(DiagramState state)
{
    std::vector<int> sizes {int(std::max(state.inputNames.size(), state.inputMaps.size()))};
    for (const auto &layer : state.neuronMaps)
        sizes.push_back(int(layer.size()));
    const bool reshaped = sizes != m_columnSizes || state.inputNames != m_layoutNames;
    m_state = std::move(state);
    if (reshaped) {
        m_columnSizes = std::move(sizes);
        m_layoutNames = m_state.inputNames;
        m_layoutDirty = true;
        m_pressed = {};
        // What was under the mouse may have moved or gone.
        setHover(underMouse() ? hitAt(mapFromGlobal(QCursor::pos())) : Hit {});
        updateGeometry();
    }
    update();
}

int NetworkDiagram::neuronCount(int column) const
{
    return column >= 0 && column < columnCount() ? m_columnSizes[std::size_t(column)] : 0;
}

bool NetworkDiagram::hasWeights(int column) const
{
    return column >= 0 && column + 1 < columnCount() && std::size_t(column) < m_state.weights.size()
        && m_state.weights[std::size_t(column)].size() == std::size_t(neuronCount(column)) * neuronCount(column + 1);
}

float NetworkDiagram::weight(int column, int from, int to) const
{
    if (!hasWeights(column) || from < 0 || from >= neuronCount(column) || to < 0 || to >= neuronCount(column + 1))
        return 0.0f;
    return m_state.weights[std::size_t(column)][std::size_t(from) * neuronCount(column + 1) + to];
}

const QImage *NetworkDiagram::mapFor(int column, int index) const
{
    const auto &maps = column == 0 ? m_state.inputMaps : m_state.neuronMaps[std::size_t(column) - 1];
    return index < int(maps.size()) && !maps[std::size_t(index)].isNull() ? &maps[std::size_t(index)] : nullptr;
}

QFont NetworkDiagram::captionFont() const
{
    // The app's panel captions: small capitals, slightly spaced.
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.82);
    f.setLetterSpacing(QFont::PercentageSpacing, 106);
    return f;
}

QFont NetworkDiagram::layerCountFont() const
{
    QFont f = captionFont();
    f.setPointSizeF(font().pointSizeF() * 0.9);
    f.setWeight(QFont::DemiBold);
    return f;
}

QString NetworkDiagram::layerCountText() const
{
    const int n = hiddenLayerCount();
    return (n == 1 ? tr("1 hidden layer") : tr("%1 hidden layers").arg(n)).toUpper();
}

QFont NetworkDiagram::noteFont() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.82);
    return f;
}

DiagramTextMetrics NetworkDiagram::textMetrics() const
{
    const QFontMetricsF caption(captionFont()), note(noteFont()), body(font()), count(layerCountFont());
    DiagramTextMetrics text;
    text.captionHeight = std::ceil(caption.height()) + 2;
    text.noteHeight = std::ceil(note.height());
    text.inputLabelWidth = 0;
    for (const QString &name : m_state.inputNames)
        text.inputLabelWidth = std::max(text.inputLabelWidth, std::ceil(body.horizontalAdvance(name)));
    text.layerCountWidth = std::ceil(count.horizontalAdvance(layerCountText())) + 2;
    return text;
}

const DiagramLayout &NetworkDiagram::layout() const
{
    if (!m_layoutDirty && m_layoutSize == size())
        return m_layout;
    m_layout = layoutDiagram(m_columnSizes, QSizeF(size()), textMetrics());
    m_layoutSize = size();
    m_layoutDirty = false;
    ++m_layoutGeneration;
    return m_layout;
}

QRectF NetworkDiagram::nodeRect(int column, int index) const
{
    if (index < 0 || index >= neuronCount(column))
        return {};
    return layout().nodes[std::size_t(column)][std::size_t(index)];
}

QPointF NetworkDiagram::linkMidpoint(int column, int from, int to) const
{
    if (from < 0 || from >= neuronCount(column) || to < 0 || to >= neuronCount(column + 1))
        return {};
    const auto &link = layout().links[std::size_t(column)][std::size_t(from) * neuronCount(column + 1) + to];
    return link.samples[DiagramLink::kSegments / 2];
}

QRectF NetworkDiagram::addLayerButtonRect() const
{
    return layout().addLayer;
}

QRectF NetworkDiagram::removeLayerButtonRect() const
{
    return layout().removeLayer;
}

QRectF NetworkDiagram::addNeuronButtonRect(int hiddenLayer) const
{
    return hiddenLayer >= 0 && hiddenLayer < hiddenLayerCount() ? layout().addNeuron[std::size_t(hiddenLayer)]
                                                                : QRectF();
}

QRectF NetworkDiagram::removeNeuronButtonRect(int hiddenLayer) const
{
    return hiddenLayer >= 0 && hiddenLayer < hiddenLayerCount() ? layout().removeNeuron[std::size_t(hiddenLayer)]
                                                                : QRectF();
}

qreal NetworkDiagram::linkWidth(float weight)
{
    if (std::isnan(weight)) // a diverged network: draw it, but as nothing in particular
        return 0.5;
    // Linear in |weight| so that a link twice as heavy looks twice as thick, up to where a
    // bundle of thick links would swallow the diagram.
    return std::clamp<qreal>(0.5 + 1.5 * std::abs(weight), 0.5, 6.0);
}

QSize NetworkDiagram::sizeHint() const
{
    return QSize(640, 420);
}

QSize NetworkDiagram::minimumSizeHint() const
{
    return minimumDiagramSize(m_columnSizes, textMetrics()).toSize().expandedTo(QSize(240, 200));
}

NetworkDiagram::Hit NetworkDiagram::hitAt(QPointF p) const
{
    const DiagramLayout &l = layout();
    if (l.nodes.empty())
        return {};
    if (l.addLayer.contains(p))
        return {Hit::AddLayer};
    if (l.removeLayer.contains(p))
        return {Hit::RemoveLayer};
    for (int h = 0; h < int(l.addNeuron.size()); ++h) {
        if (l.addNeuron[std::size_t(h)].contains(p))
            return {Hit::AddNeuron, h};
        if (l.removeNeuron[std::size_t(h)].contains(p))
            return {Hit::RemoveNeuron, h};
    }
    for (int c = 0; c < columnCount(); ++c)
        for (int i = 0; i < neuronCount(c); ++i)
            if (l.nodes[std::size_t(c)][std::size_t(i)].contains(p))
                return {Hit::Node, c, i};
    // Columns of links do not overlap horizontally, so the first column with a hit is the one.
    for (int c = 0; c + 1 < columnCount(); ++c) {
        if (!hasWeights(c))
            continue;
        const int k = linkAt(l.links[std::size_t(c)], p, kHitDistance);
        if (k >= 0)
            return {Hit::Link, c, k / neuronCount(c + 1), k % neuronCount(c + 1)};
    }
    return {};
}

bool NetworkDiagram::isActionable(const Hit &hit) const
{
    switch (hit.kind) {
    case Hit::AddLayer: return hiddenLayerCount() < m_state.maxHiddenLayers;
    case Hit::RemoveLayer: return hiddenLayerCount() > 0;
    case Hit::AddNeuron: return neuronCount(hit.column + 1) < m_state.maxNeurons;
    case Hit::RemoveNeuron: return neuronCount(hit.column + 1) > 1;
    case Hit::Link: return true;
    case Hit::Node:
    case Hit::None: return false;
    }
    return false;
}

void NetworkDiagram::setHover(const Hit &hit)
{
    if (hit == m_hover)
        return;
    const Hit old = std::exchange(m_hover, hit);
    if (hit.kind == Hit::Node)
        emit neuronHovered(hit.column, hit.a);
    else if (old.kind == Hit::Node)
        emit neuronHovered(-1, -1);
    if (hit.kind == Hit::Link)
        emit linkHovered(hit.column, hit.a, hit.b, weight(hit.column, hit.a, hit.b));
    else if (old.kind == Hit::Link)
        emit linkHoverEnded();
    // A tooltip left over from the previous thing would describe the wrong one.
    if (QToolTip::isVisible())
        QToolTip::hideText();
    if (isActionable(hit))
        setCursor(Qt::PointingHandCursor);
    else
        unsetCursor();
    update();
}

void NetworkDiagram::mouseMoveEvent(QMouseEvent *event)
{
    setHover(hitAt(event->position()));
}

void NetworkDiagram::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressed = hitAt(event->position());
    update();
}

// Acting on release over the same thing that was pressed lets a user back out of a click.
void NetworkDiagram::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    const Hit hit = hitAt(event->position());
    const Hit pressed = std::exchange(m_pressed, Hit {});
    update();
    if (!(hit == pressed) || !isActionable(hit))
        return;
    switch (hit.kind) {
    case Hit::AddLayer: emit addLayerRequested(); break;
    case Hit::RemoveLayer: emit removeLayerRequested(); break;
    case Hit::AddNeuron: emit addNeuronRequested(hit.column); break;
    case Hit::RemoveNeuron: emit removeNeuronRequested(hit.column); break;
    case Hit::Link: emit linkClicked(hit.column, hit.a, hit.b, weight(hit.column, hit.a, hit.b)); break;
    case Hit::Node:
    case Hit::None: break;
    }
}

void NetworkDiagram::leaveEvent(QEvent *)
{
    setHover({});
}

void NetworkDiagram::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        m_layoutDirty = true;
        updateGeometry();
    }
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        m_linkLayerStale = true;
        update();
    }
    QWidget::changeEvent(event);
}

bool NetworkDiagram::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    const QString tip = toolTipFor(hitAt(help->pos()));
    if (tip.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
    } else {
        QToolTip::showText(help->globalPos(), tip, this);
    }
    return true;
}

QString NetworkDiagram::nodeName(int column, int index) const
{
    if (index < 0 || index >= neuronCount(column))
        return {};
    if (column == 0)
        return tr("Input %1").arg(index < int(m_state.inputNames.size()) ? m_state.inputNames[std::size_t(index)] : "");
    if (column == columnCount() - 1)
        return tr("Output neuron %1").arg(index + 1);
    return tr("Hidden layer %1, neuron %2").arg(column).arg(index + 1);
}

// Only a node's map: a menu elsewhere would offer nothing (the window exports itself whole).
void NetworkDiagram::contextMenuEvent(QContextMenuEvent *event)
{
    const Hit hit = hitAt(event->pos());
    if (hit.kind != Hit::Node || !mapFor(hit.column, hit.a)) {
        event->ignore();
        return;
    }
    // "Hidden layer 1, neuron 2" -> "hidden-layer-1-neuron-2"; "sin(X1)" -> "input-sin-x1".
    static const QRegularExpression notWord("[^a-z0-9]+");
    const QString base = nodeName(hit.column, hit.a).toLower().split(notWord, Qt::SkipEmptyParts).join('-');
    QMenu menu(this);
    addPlotExportActions(&menu, this, base, [this, hit] { return neuronMapPicture(hit.column, hit.a); });
    menu.exec(event->globalPos());
}

QString NetworkDiagram::toolTipFor(const Hit &hit) const
{
    const bool can = isActionable(hit);
    switch (hit.kind) {
    case Hit::AddLayer:
        return can ? tr("Add a hidden layer: deeper networks combine simple boundaries into complex ones.")
                   : tr("The playground allows at most %1 hidden layers.").arg(m_state.maxHiddenLayers);
    case Hit::RemoveLayer: return can ? tr("Remove the last hidden layer.") : tr("There is no hidden layer to remove.");
    case Hit::AddNeuron:
        return can ? tr("Add a neuron: each one adds another line or curve the boundary can bend along.")
                   : tr("A layer can have at most %1 neurons.").arg(m_state.maxNeurons);
    case Hit::RemoveNeuron:
        return can ? tr("Remove a neuron from this layer.") : tr("A layer needs at least one neuron.");
    case Hit::Link: return tr("Weight %1 — click to edit").arg(double(weight(hit.column, hit.a, hit.b)), 0, 'f', 3);
    case Hit::Node: break;
    case Hit::None: return {};
    }
    if (hit.column == 0)
        return nodeName(hit.column, hit.a) + tr("\nThe map shows its value over the input plane.");
    const bool output = hit.column == columnCount() - 1;
    QString tip = nodeName(hit.column, hit.a);
    const auto layer = std::size_t(hit.column) - 1;
    if (!output && layer < m_state.layerActivations.size() && !m_state.layerActivations[layer].isEmpty())
        tip += QStringLiteral(" (%1)").arg(m_state.layerActivations[layer]);
    if (layer < m_state.biases.size() && std::size_t(hit.a) < m_state.biases[layer].size())
        tip += tr("\nBias %1").arg(double(m_state.biases[layer][std::size_t(hit.a)]), 0, 'f', 3);
    return tip
        + (output ? tr("\nThe map shows the network's prediction over the input plane.")
                  : tr("\nThe map shows this neuron's output over the input plane."));
}

} // namespace ds::widgets
