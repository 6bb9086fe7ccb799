#include "diagramlayout.h"

#include <QLineF>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

constexpr qreal kMargin = 12;
constexpr qreal kButton = 20; // the round + / - buttons
constexpr qreal kButtonGap = 4;
constexpr qreal kRowGap = 14; // between the layer controls and the per-layer controls
constexpr qreal kLabelGap = 8; // between an input's name and its node
constexpr qreal kMaxNode = 56;
// Below ~24 px a heatmap stops reading as a picture, but a 16-neuron layer on a short window must
// still fit: the floor is what keeps nodes from running off the bottom.
constexpr qreal kMinNode = 12;
constexpr qreal kMinGapRatio = 0.3; // vertical gap between nodes, as a fraction of the node size
constexpr qreal kMaxGapRatio = 0.6;
constexpr qreal kMinLinkSpan = 40; // horizontal room the curves need to read as curves

QPointF bezier(QPointF p0, QPointF c1, QPointF c2, QPointF p3, qreal t)
{
    const qreal u = 1 - t;
    return u * u * u * p0 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * p3;
}

DiagramLink makeLink(QPointF from, QPointF to)
{
    // Control points halfway across, level with the ends: the curve leaves and arrives
    // horizontally, which keeps dense fans of links calm.
    const qreal dx = (to.x() - from.x()) / 2;
    const QPointF c1(from.x() + dx, from.y()), c2(to.x() - dx, to.y());
    DiagramLink link;
    link.path.moveTo(from);
    link.path.cubicTo(c1, c2, to);
    for (int k = 0; k <= DiagramLink::kSegments; ++k)
        link.samples[std::size_t(k)] = bezier(from, c1, c2, to, qreal(k) / DiagramLink::kSegments);
    qreal top = std::min(from.y(), to.y()), bottom = std::max(from.y(), to.y());
    link.bounds = QRectF(QPointF(from.x(), top), QPointF(to.x(), bottom));
    return link;
}

qreal distanceToSegment(QPointF p, QPointF a, QPointF b)
{
    const QPointF ab = b - a;
    const qreal len2 = QPointF::dotProduct(ab, ab);
    const qreal t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    return QLineF(p, a + t * ab).length();
}

// Node size: as large as the tallest column allows (with gaps), no wider than leaves room for
// the curves between columns.
qreal nodeSizeFor(int most, int columns, qreal height, qreal width)
{
    qreal s = height / (most + kMinGapRatio * (most - 1));
    if (columns > 1)
        s = std::min(s, (width - (columns - 1) * kMinLinkSpan) / columns);
    return std::floor(std::clamp(s, kMinNode, kMaxNode));
}

void layoutHeaders(DiagramLayout &l, const std::vector<qreal> &centres, qreal top, const DiagramTextMetrics &text)
{
    const int columns = int(centres.size());
    const qreal neuronRowTop = top + kButton + kRowGap;
    const qreal captionTop = neuronRowTop + kButton + 4;
    const qreal width = columns > 1 ? l.columnPitch : l.nodeSize + 2 * kMinLinkSpan;
    for (int c = 0; c < columns; ++c) {
        const qreal cx = centres[std::size_t(c)];
        l.captions.emplace_back(cx - width / 2, captionTop, width, text.captionHeight);
        l.notes.emplace_back(cx - width / 2, captionTop + text.captionHeight, width, text.noteHeight);
        if (c > 0 && c < columns - 1) {
            l.addNeuron.emplace_back(cx - kButton - kButtonGap / 2, neuronRowTop, kButton, kButton);
            l.removeNeuron.emplace_back(cx + kButtonGap / 2, neuronRowTop, kButton, kButton);
        }
    }
    // Centred over the whole network: with evenly spaced columns that is also the centre of the
    // hidden layers, which is what these buttons change.
    const qreal total = 2 * kButton + kButtonGap + 10 + text.layerCountWidth;
    const qreal x0 = std::round((centres.front() + centres.back()) / 2 - total / 2);
    l.addLayer = QRectF(x0, top, kButton, kButton);
    l.removeLayer = QRectF(x0 + kButton + kButtonGap, top, kButton, kButton);
    l.layerCount = QRectF(x0 + 2 * kButton + kButtonGap + 10, top, text.layerCountWidth, kButton);
}

// Below the layer controls, the per-layer buttons, the caption and the note.
qreal nodesTopFor(const DiagramTextMetrics &text)
{
    return kMargin + 2 * kButton + kRowGap + 4 + text.captionHeight + text.noteHeight + 12;
}

} // namespace

QSizeF minimumDiagramSize(const std::vector<int> &columnSizes, const DiagramTextMetrics &text)
{
    const int columns = std::max<int>(1, int(columnSizes.size()));
    const int most = columnSizes.empty() ? 1 : std::max(1, *std::max_element(columnSizes.begin(), columnSizes.end()));
    const qreal width
        = 2 * kMargin + text.inputLabelWidth + kLabelGap + columns * kMinNode + (columns - 1) * kMinLinkSpan;
    const qreal height = nodesTopFor(text) + most * kMinNode + (most - 1) * kMinGapRatio * kMinNode + kMargin;
    return QSizeF(std::ceil(width), std::ceil(height));
}

DiagramLayout layoutDiagram(const std::vector<int> &columnSizes, QSizeF size, const DiagramTextMetrics &text)
{
    DiagramLayout l;
    const int columns = int(columnSizes.size());
    if (columns == 0)
        return l;

    const qreal nodesTop = nodesTopFor(text);
    const qreal nodesHeight = std::max<qreal>(0, size.height() - kMargin - nodesTop);
    const qreal left = kMargin + text.inputLabelWidth + kLabelGap;
    const qreal width = std::max<qreal>(0, size.width() - kMargin - left);
    const int most = std::max(1, *std::max_element(columnSizes.begin(), columnSizes.end()));

    const qreal s = nodeSizeFor(most, columns, nodesHeight, width);
    // Spare height spreads the nodes apart (up to a limit) rather than leaving a gap below.
    const qreal gap
        = most > 1 ? std::clamp((nodesHeight - most * s) / (most - 1), kMinGapRatio * s, kMaxGapRatio * s) : 0.0;
    l.nodeSize = s;
    l.columnPitch = columns > 1 ? (width - s) / (columns - 1) : 0;

    // The nodes hang just below the headers (whatever height is left over stays at the bottom, so
    // the headers and their buttons never move away from the nodes), and columns are centred on
    // the tallest one so that fans of links stay symmetric.
    const qreal block = most * s + (most - 1) * gap;
    std::vector<qreal> centres;
    for (int c = 0; c < columns; ++c) {
        const qreal x = std::round(left + c * l.columnPitch);
        const int n = std::max(0, columnSizes[std::size_t(c)]);
        const qreal extent = n * s + std::max(0, n - 1) * gap;
        const qreal y0 = nodesTop + (block - extent) / 2;
        std::vector<QRectF> column;
        for (int i = 0; i < n; ++i)
            column.emplace_back(x, std::round(y0 + i * (s + gap)), s, s);
        l.nodes.push_back(std::move(column));
        centres.push_back(x + s / 2);
    }
    for (const QRectF &r : l.nodes.front())
        l.inputLabels.emplace_back(kMargin, r.top(), text.inputLabelWidth, r.height());

    for (int c = 0; c + 1 < columns; ++c) {
        std::vector<DiagramLink> links;
        const auto &from = l.nodes[std::size_t(c)];
        const auto &to = l.nodes[std::size_t(c) + 1];
        links.reserve(from.size() * to.size());
        for (const QRectF &a : from)
            for (const QRectF &b : to)
                links.push_back(makeLink(QPointF(a.right(), a.center().y()), QPointF(b.left(), b.center().y())));
        l.links.push_back(std::move(links));
    }

    layoutHeaders(l, centres, kMargin, text);
    return l;
}

int linkAt(const std::vector<DiagramLink> &links, QPointF p, qreal maxDistance)
{
    int best = -1;
    qreal bestDistance = maxDistance;
    for (int k = 0; k < int(links.size()); ++k) {
        const DiagramLink &link = links[std::size_t(k)];
        if (!link.bounds.adjusted(-maxDistance, -maxDistance, maxDistance, maxDistance).contains(p))
            continue;
        for (int s = 0; s < DiagramLink::kSegments; ++s) {
            const qreal d = distanceToSegment(p, link.samples[std::size_t(s)], link.samples[std::size_t(s) + 1]);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
    }
    return best;
}

} // namespace ds::widgets
