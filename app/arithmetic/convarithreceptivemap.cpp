#include "convarithreceptivemap.h"

#include "convarithpainter.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

constexpr qreal kMaxCell = 28;

QString sizeText(int h, int w)
{
    return QString::number(h) + "\u00d7" + QString::number(w);
}

// How far the fields of the first and the last output cells reach past map l's edges: the room
// its padding needs, the same for every chosen cell so that clicking does not move the maps.
struct Overhang {
    int before = 0, after = 0;
};
Overhang overhang(const std::vector<ConvWindow> &layers, const std::vector<int> &sizes, std::size_t l)
{
    const CellSpan first = receptiveSpans(layers, 0)[l];
    const CellSpan last = receptiveSpans(layers, sizes.back() - 1)[l];
    return {std::max(0, -first.lo), std::max(0, last.hi - (sizes[l] - 1))};
}

} // namespace

ReceptiveFieldMap::ReceptiveFieldMap(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setStack({{3, 1, 0, 1}, {3, 1, 0, 1}}, 7, 7);
}

void ReceptiveFieldMap::setStack(const std::vector<ConvWindow> &layers, int inH, int inW)
{
    m_layers = layers;
    m_heights = stackSizes(layers, std::max(1, inH));
    m_widths = stackSizes(layers, std::max(1, inW));
    // The middle cell shows the whole field, away from the padding.
    m_selected = {outH() / 2, outW() / 2};
    update();
    emit selectedChanged(m_selected.row, m_selected.col);
}

bool ReceptiveFieldMap::valid() const
{
    return !m_heights.empty() && m_heights.back() > 0 && m_widths.back() > 0;
}

void ReceptiveFieldMap::setSelected(GridCell cell)
{
    if (!valid())
        return;
    cell = {std::clamp(cell.row, 0, outH() - 1), std::clamp(cell.col, 0, outW() - 1)};
    if (cell == m_selected)
        return;
    m_selected = cell;
    update();
    emit selectedChanged(cell.row, cell.col);
}

CellSpan ReceptiveFieldMap::rowSpan(int map) const
{
    return receptiveSpans(m_layers, m_selected.row)[std::size_t(map)];
}

CellSpan ReceptiveFieldMap::colSpan(int map) const
{
    return receptiveSpans(m_layers, m_selected.col)[std::size_t(map)];
}

ReceptiveFieldMap::Layout ReceptiveFieldMap::computeLayout() const
{
    Layout l;
    if (!valid())
        return l;
    const QFontMetricsF fm(font());
    const qreal gap = std::round(fm.height() * 2.2), margin = 8, label = fm.lineSpacing() * 2 + 6;
    const std::size_t n = m_heights.size();
    qreal cols = 0, rows = 0;
    for (std::size_t m = 0; m < n; ++m) {
        const Overhang h = overhang(m_layers, m_heights, m), w = overhang(m_layers, m_widths, m);
        cols += w.before + m_widths[m] + w.after;
        rows = std::max(rows, qreal(h.before + m_heights[m] + h.after));
    }
    const qreal usableW = width() - 2 * margin - gap * qreal(n - 1);
    const qreal usableH = height() - 2 * margin - label;
    l.cell = std::max(1.0, std::floor(std::min({usableW / cols, usableH / rows, kMaxCell})));
    const qreal total = cols * l.cell + gap * qreal(n - 1);
    const qreal middle = std::round(margin + usableH / 2);
    qreal x = std::round((width() - total) / 2);
    for (std::size_t m = 0; m < n; ++m) {
        const Overhang h = overhang(m_layers, m_heights, m), w = overhang(m_layers, m_widths, m);
        const qreal top = std::round(middle - (h.before + m_heights[m] + h.after) * l.cell / 2 + h.before * l.cell);
        l.maps.emplace_back(x + w.before * l.cell, top, m_widths[m] * l.cell, m_heights[m] * l.cell);
        x += (w.before + m_widths[m] + w.after) * l.cell + gap;
    }
    l.labelTop = middle + rows * l.cell / 2 + 6;
    return l;
}

QRectF ReceptiveFieldMap::cellRect(int map, int r, int c) const
{
    const Layout l = computeLayout();
    if (map < 0 || map >= int(l.maps.size()))
        return {};
    const QRectF &m = l.maps[std::size_t(map)];
    return QRectF(m.left() + c * l.cell, m.top() + r * l.cell, l.cell, l.cell);
}

void ReceptiveFieldMap::drawMap(QPainter &p, int map, const Layout &l) const
{
    const ConvArithColors colors = ConvArithColors::forPalette(palette());
    const QRectF &rect = l.maps[std::size_t(map)];
    const bool last = map + 1 == int(l.maps.size());
    const CellSpan rs = rowSpan(map), cs = colSpan(map);
    const QColor base = map == 0 ? colors.input : last ? colors.output : colors.outputPending;
    const QColor shade = map == 0 ? colors.inputActive : colors.outputActive;
    const qreal cell = l.cell, gap = cell >= 6 ? std::max(1.0, std::round(cell * 0.08)) : 0;
    // The field's cells, including those in the padding (dashed), then the map's other cells.
    for (int r = rs.lo; r <= rs.hi; ++r)
        for (int c = cs.lo; c <= cs.hi; ++c) {
            const bool inside = r >= 0 && c >= 0 && r < m_heights[std::size_t(map)] && c < m_widths[std::size_t(map)];
            const QRectF cr(rect.left() + c * cell, rect.top() + r * cell, cell - gap, cell - gap);
            p.fillRect(cr, inside ? shade : colors.paddingActive);
        }
    for (int r = 0; r < m_heights[std::size_t(map)]; ++r)
        for (int c = 0; c < m_widths[std::size_t(map)]; ++c)
            if (r < rs.lo || r > rs.hi || c < cs.lo || c > cs.hi)
                p.fillRect(QRectF(rect.left() + c * cell, rect.top() + r * cell, cell - gap, cell - gap), base);
    const QRectF field(rect.left() + cs.lo * cell, rect.top() + rs.lo * cell, cs.size() * cell, rs.size() * cell);
    if (!rect.contains(field)) { // the padding's edge, so that what lies outside the map reads as padding
        p.setPen(QPen(colors.paddingBorder, 1, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(field.united(rect).adjusted(0, 0, -1, -1));
    }
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(colors.outline, 2));
    p.drawRect(field.adjusted(-gap / 2, -gap / 2, -gap / 2, -gap / 2));
    p.setRenderHint(QPainter::Antialiasing, false);
}

void ReceptiveFieldMap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const ConvArithColors colors = ConvArithColors::forPalette(palette());
    p.fillRect(rect(), colors.background);
    if (!valid()) {
        p.setPen(colors.unvisited);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, "A window no longer fits: the stack has no output.");
        return;
    }
    const Layout l = computeLayout();
    const QFontMetricsF fm(font());
    for (int m = 0; m < int(l.maps.size()); ++m) {
        drawMap(p, m, l);
        const QRectF &rect = l.maps[std::size_t(m)];
        QString name = m == 0 ? "input" : QString::fromStdString(formatLayerStack({m_layers[std::size_t(m - 1)]}));
        const QString size = sizeText(m_heights[std::size_t(m)], m_widths[std::size_t(m)]);
        const qreal w = std::max(rect.width(), fm.horizontalAdvance(name)) + 8;
        p.setPen(colors.faintInk);
        p.drawText(QRectF(rect.center().x() - w / 2, l.labelTop, w, fm.lineSpacing()), Qt::AlignHCenter, name);
        p.setPen(colors.ink);
        p.drawText(QRectF(rect.center().x() - w / 2, l.labelTop + fm.lineSpacing(), w, fm.lineSpacing()),
            Qt::AlignHCenter, size);
        if (m > 0) {
            const QRectF &before = l.maps[std::size_t(m - 1)];
            QFont arrow = font();
            arrow.setPointSizeF(arrow.pointSizeF() * 1.6);
            p.setFont(arrow);
            p.setPen(colors.faintInk);
            p.drawText(
                QRectF(before.right(), rect.center().y() - fm.height(), rect.left() - before.right(), 2 * fm.height()),
                Qt::AlignCenter, "\u2192");
            p.setFont(font());
        }
    }
    if (hasFocus()) {
        QColor ring = palette().color(QPalette::Highlight);
        ring.setAlphaF(0.6f);
        p.setPen(QPen(ring, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
    }
}

void ReceptiveFieldMap::mousePressEvent(QMouseEvent *event)
{
    const Layout l = computeLayout();
    if (l.maps.empty() || event->button() != Qt::LeftButton || !l.maps.back().contains(event->position())) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QPointF at = event->position() - l.maps.back().topLeft();
    setSelected({int(at.y() / l.cell), int(at.x() / l.cell)});
}

void ReceptiveFieldMap::keyPressEvent(QKeyEvent *event)
{
    GridCell c = m_selected;
    switch (event->key()) {
    case Qt::Key_Left: --c.col; break;
    case Qt::Key_Right: ++c.col; break;
    case Qt::Key_Up: --c.row; break;
    case Qt::Key_Down: ++c.row; break;
    default: QWidget::keyPressEvent(event); return;
    }
    setSelected(c);
}

} // namespace ds::widgets
