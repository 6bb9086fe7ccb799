// NetworkDiagram's painting: links (through a cached layer), nodes, headers and buttons. The
// state, geometry and input handling are in networkdiagram.cpp.
#include "networkdiagram.h"

#include "colorscale.h"
#include "displaystyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

constexpr qreal kCornerRadius = 3;
constexpr qreal kDimmedLinks = 0.22; // opacity of the links that the hovered node or link is not
constexpr int kExportedMapSide = 320; // logical pixels: 640 in the PNG, a third of a slide's height

QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

// Near-zero links fade into the background: the scale's neutral grey would glare on a dark
// theme. Mixed here rather than drawn translucent, which the rasterizer does much slower.
QColor linkColour(float w, QColor background)
{
    const float t = std::isnan(w) ? 0.3f : std::min(1.0f, 0.3f + 1.4f * std::abs(w));
    const QRgb c = divergingColor(w);
    auto mix = [t](int a, int b) { return int(std::lround(float(a) + float(b - a) * t)); };
    return QColor(mix(background.red(), qRed(c)), mix(background.green(), qGreen(c)), mix(background.blue(), qBlue(c)));
}

QString neuronCountText(int n)
{
    return (n == 1 ? NetworkDiagram::tr("1 neuron") : NetworkDiagram::tr("%1 neurons").arg(n)).toUpper();
}

} // namespace

void NetworkDiagram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (layout().nodes.empty())
        return;
    updateLinkLayer();
    p.drawImage(QPointF(0, 0), m_linkLayer);
    p.setRenderHint(QPainter::Antialiasing);
    paintNodes(p);
    paintHeaders(p);
}

// What each link looks like, coarsely: 64 steps of colour and eighth-pixel steps of width. Finer
// changes cannot be seen, so they need not redraw the link layer.
std::vector<quint32> NetworkDiagram::linkLooks() const
{
    std::vector<quint32> looks;
    for (int c = 0; c + 1 < columnCount(); ++c) {
        if (!hasWeights(c)) {
            looks.push_back(~0u);
            continue;
        }
        for (float w : m_state.weights[std::size_t(c)]) {
            const float v = std::isnan(w) ? 0.0f : std::clamp(w, -1.0f, 1.0f);
            looks.push_back(quint32(std::lround((v + 1) * 32)) << 8 | quint32(std::lround(linkWidth(w) * 8)));
        }
    }
    // The display style changes every link at once (presentation mode, high contrast).
    looks.push_back(quint32(std::lround(displayStyle().scale * 100)) << 1 | (displayStyle().highContrast ? 1u : 0u));
    return looks;
}

// Links are most of a frame's cost (thousands of antialiased curves in a wide network), and from
// one frame to the next most of them look the same: they are drawn into a layer that is redrawn
// only when some link would look different, the hover changed, or the layout did.
void NetworkDiagram::updateLinkLayer()
{
    layout(); // may recompute, which makes the layer stale
    const qreal dpr = devicePixelRatioF();
    const QSize pixels = (QSizeF(size()) * dpr).toSize();
    const Hit hover = m_hover.kind == Hit::Node || m_hover.kind == Hit::Link ? m_hover : Hit {};
    std::vector<quint32> looks = linkLooks();
    if (!m_linkLayerStale && m_linkLayer.size() == pixels && m_linkLayer.devicePixelRatio() == dpr
        && m_linkLayerGeneration == m_layoutGeneration && m_linkLayerHover == hover && looks == m_linkLayerLooks)
        return;
    if (m_linkLayer.size() != pixels)
        m_linkLayer = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
    m_linkLayer.setDevicePixelRatio(dpr);
    m_linkLayer.fill(Qt::transparent);
    QPainter p(&m_linkLayer);
    p.setRenderHint(QPainter::Antialiasing);
    paintLinks(p);
    m_linkLayerLooks = std::move(looks);
    m_linkLayerHover = hover;
    m_linkLayerGeneration = m_layoutGeneration;
    m_linkLayerStale = false;
}

void NetworkDiagram::paintLinks(QPainter &p) const
{
    const DiagramLayout &l = layout();
    const bool focused = m_hover.kind == Hit::Node || m_hover.kind == Hit::Link;
    // Small nodes mean a dense network: full-width links would bury the nodes.
    // Links widen a quarter as much as points on a projector: a dense network would turn solid.
    const qreal scale = std::clamp(l.nodeSize / 32.0, 0.5, 1.0) * (1.0 + (displayStyle().scale - 1.0) / 4);
    const QColor background = palette().color(QPalette::Window);

    // Light links first and heavy ones over them, so that the strong paths read clearly (and a
    // faint link never cuts across a strong one); the hovered node's links, or the hovered link,
    // over everything.
    struct Item {
        bool hot;
        float magnitude;
        int column, index;
    };
    std::vector<Item> items;
    for (int c = 0; c + 1 < columnCount(); ++c) {
        if (!hasWeights(c))
            continue;
        const int toCount = neuronCount(c + 1);
        const auto &weights = m_state.weights[std::size_t(c)];
        for (int k = 0; k < int(weights.size()); ++k) {
            const int from = k / toCount, to = k % toCount;
            const bool hot = m_hover == Hit {Hit::Link, c, from, to}
                || (m_hover.kind == Hit::Node
                    && ((m_hover.column == c && m_hover.a == from) || (m_hover.column == c + 1 && m_hover.a == to)));
            const float w = weights[std::size_t(k)];
            items.push_back({hot, std::isnan(w) ? 0.0f : std::abs(w), c, k});
        }
    }
    std::sort(items.begin(), items.end(),
        [](const Item &a, const Item &b) { return a.hot != b.hot ? b.hot : a.magnitude < b.magnitude; });

    p.setBrush(Qt::NoBrush);
    for (const Item &item : items) {
        const float w = m_state.weights[std::size_t(item.column)][std::size_t(item.index)];
        const QPainterPath &path = l.links[std::size_t(item.column)][std::size_t(item.index)].path;
        const bool linkHot = item.hot && m_hover.kind == Hit::Link;
        if (linkHot) {
            p.setOpacity(1.0);
            p.setPen(QPen(withAlpha(palette().color(QPalette::Highlight), 80), linkWidth(w) * scale + 6));
            p.drawPath(path);
        }
        p.setOpacity(focused && !item.hot ? kDimmedLinks : 1.0);
        p.setPen(QPen(linkColour(w, background), std::max(0.5, linkWidth(w) * scale) + (linkHot ? 1.0 : 0.0)));
        p.drawPath(path);
    }
    p.setOpacity(1.0);
}
void NetworkDiagram::paintNodes(QPainter &p) const
{
    const DiagramLayout &l = layout();
    const QColor border = withAlpha(palette().color(QPalette::WindowText), 60);
    const QColor highlight = palette().color(QPalette::Highlight);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    for (int c = 0; c < columnCount(); ++c) {
        for (int i = 0; i < neuronCount(c); ++i) {
            const QRectF r = l.nodes[std::size_t(c)][std::size_t(i)];
            QPainterPath shape;
            shape.addRoundedRect(r, kCornerRadius, kCornerRadius);
            if (const QImage *map = mapFor(c, i)) {
                // Scaled while drawing (no per-frame copies); the clip rounds the corners.
                p.save();
                p.setClipPath(shape);
                p.drawImage(r, *map);
                p.restore();
            } else {
                p.fillPath(shape, withAlpha(palette().color(QPalette::Mid), 60));
            }
            const bool hot = m_hover == Hit {Hit::Node, c, i};
            p.setPen(QPen(hot ? highlight : border, hot ? 2.0 : 1.0));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), kCornerRadius, kCornerRadius);

            // The bias as a small swatch on the node's lower left corner, as TensorFlow Playground.
            const auto layer = std::size_t(c) - 1;
            if (c > 0 && l.nodeSize >= 20 && layer < m_state.biases.size()
                && std::size_t(i) < m_state.biases[layer].size()) {
                const qreal b = std::max<qreal>(5, std::round(l.nodeSize / 6));
                const QRectF swatch(r.left() - b / 2, r.bottom() - b - 2, b, b);
                p.setPen(QPen(border, 1.0));
                p.setBrush(QColor(divergingColor(m_state.biases[layer][std::size_t(i)])));
                p.drawRect(swatch);
            }
        }
    }
}

void NetworkDiagram::paintHeaders(QPainter &p) const
{
    const DiagramLayout &l = layout();
    const QColor text = palette().color(QPalette::WindowText);
    const QFont caption = captionFont();
    const QFontMetricsF metrics(caption);

    p.setFont(font());
    p.setPen(text);
    for (int i = 0; i < int(l.inputLabels.size()) && i < int(m_state.inputNames.size()); ++i)
        p.drawText(
            l.inputLabels[std::size_t(i)], Qt::AlignRight | Qt::AlignVCenter, m_state.inputNames[std::size_t(i)]);

    p.setFont(caption);
    for (int c = 0; c < columnCount(); ++c) {
        const QRectF r = l.captions[std::size_t(c)];
        QString label = c == 0 ? tr("INPUTS") : c == columnCount() - 1 ? tr("OUTPUT") : neuronCountText(neuronCount(c));
        if (metrics.horizontalAdvance(label) > r.width() - 4) // narrow columns: the number alone
            label = c == 0 || c == columnCount() - 1 ? QString() : QString::number(neuronCount(c));
        p.setPen(c == 0 || c == columnCount() - 1 ? palette().color(QPalette::PlaceholderText) : text);
        // Centred over the column, but kept inside the widget (the output column is near the edge).
        const qreal width = std::min(metrics.horizontalAdvance(label) + 2, qreal(this->width()));
        const qreal x = std::clamp(r.center().x() - width / 2, 0.0, this->width() - width);
        p.drawText(QRectF(x, r.top(), width, r.height()), Qt::AlignCenter, label);
    }
    // Skip connections: an arc from under the layer before to under this one, ending in a "+".
    p.setPen(QPen(palette().color(QPalette::PlaceholderText), 1.2 * displayStyle().scale, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    for (int h = 1; h < hiddenLayerCount() && h < int(m_state.layerSkips.size()); ++h) {
        if (!m_state.layerSkips[std::size_t(h)])
            continue;
        const auto &from = l.nodes[std::size_t(h)], &to = l.nodes[std::size_t(h) + 1];
        if (from.empty() || to.empty())
            continue;
        const qreal bottom = std::max(from.back().bottom(), to.back().bottom()) + l.nodeSize * 0.15;
        const QPointF a(from.back().center().x(), bottom), b(to.back().center().x(), bottom);
        QPainterPath arc(a);
        arc.cubicTo(a + QPointF(0, l.nodeSize * 0.7), b + QPointF(0, l.nodeSize * 0.7), b);
        p.drawPath(arc);
        p.save();
        p.setPen(QPen(palette().color(QPalette::PlaceholderText), 1.5 * displayStyle().scale));
        const qreal r = std::max<qreal>(2.5, l.nodeSize * 0.12);
        p.drawLine(b + QPointF(-r, r * 1.6), b + QPointF(r, r * 1.6));
        p.drawLine(b + QPointF(0, r * 0.6), b + QPointF(0, r * 2.6));
        p.restore();
    }
    p.setFont(noteFont());
    p.setPen(palette().color(QPalette::PlaceholderText));
    for (int h = 0; h < hiddenLayerCount() && h < int(m_state.layerActivations.size()); ++h)
        p.drawText(l.notes[std::size_t(h) + 1], Qt::AlignCenter, m_state.layerActivations[std::size_t(h)]);

    paintButton(p, l.addLayer, true, {Hit::AddLayer});
    paintButton(p, l.removeLayer, false, {Hit::RemoveLayer});
    for (int h = 0; h < hiddenLayerCount(); ++h) {
        paintButton(p, l.addNeuron[std::size_t(h)], true, {Hit::AddNeuron, h});
        paintButton(p, l.removeNeuron[std::size_t(h)], false, {Hit::RemoveNeuron, h});
    }
    p.setFont(layerCountFont());
    p.setPen(text);
    p.drawText(l.layerCount, Qt::AlignLeft | Qt::AlignVCenter, layerCountText());
}

PlotPicture NetworkDiagram::neuronMapPicture(int column, int index) const
{
    const QImage *map = index >= 0 && index < neuronCount(column) ? mapFor(column, index) : nullptr;
    if (!map)
        return {};
    PlotPicture picture;
    picture.size = map->size().scaled(kExportedMapSide, kExportedMapSide, Qt::KeepAspectRatio);
    picture.title = nodeName(column, index);
    // Smoothed to the export's pixels here, as the node smooths it on screen, rather than left to
    // an SVG viewer (Qt asks viewers for their fastest, often blocky, scaling).
    const QImage scaled
        = map->scaled((QSizeF(picture.size) * kExportScale).toSize(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    picture.paint = [scaled, size = picture.size](QPainter &p) { p.drawImage(QRectF(QPointF(0, 0), size), scaled); };
    return picture;
}

void NetworkDiagram::paintButton(QPainter &p, const QRectF &r, bool plus, const Hit &hit) const
{
    const bool enabled = isActionable(hit);
    const bool hot = enabled && m_hover == hit;
    const QColor highlight = palette().color(QPalette::Highlight);
    const QColor ink = withAlpha(palette().color(QPalette::WindowText), enabled ? 200 : 60);
    p.setPen(QPen(hot ? highlight : withAlpha(ink, enabled ? 90 : 40), 1.0));
    p.setBrush(hot ? withAlpha(highlight, m_pressed == hit ? 90 : 35) : QColor(Qt::transparent));
    p.drawEllipse(r.adjusted(0.5, 0.5, -0.5, -0.5));
    // Drawn, not typed: a font's + and - sit at different heights and widths.
    const QPointF c = r.center();
    const qreal arm = r.width() * 0.22;
    p.setPen(QPen(hot ? highlight : ink, 1.6, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(c - QPointF(arm, 0), c + QPointF(arm, 0));
    if (plus)
        p.drawLine(c - QPointF(0, arm), c + QPointF(0, arm));
}

} // namespace ds::widgets
