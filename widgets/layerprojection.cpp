#include "layerprojection.h"

#include "displaystyle.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace ds::widgets {

LayerProjection::LayerProjection(QWidget *parent) : QWidget(parent) { }

void LayerProjection::setProjection(Projection projection)
{
    m_projection = std::move(projection);
    update();
}

QRectF LayerProjection::plotRect() const
{
    const int label = fontMetrics().height() + 4;
    return QRectF(label, 4, std::max(10, width() - label - 4), std::max(10, height() - label - 8));
}

// The range the lattice and the points cover, with a margin, never empty.
QRectF LayerProjection::bounds() const
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    auto take = [&](QPointF p) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            return;
        x0 = std::min(x0, p.x());
        x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y());
        y1 = std::max(y1, p.y());
    };
    for (const auto &line : m_projection.lattice)
        for (QPointF p : line)
            take(p);
    for (QPointF p : m_projection.points)
        take(p);
    if (!(x0 <= x1))
        return QRectF(-1, -1, 2, 2);
    const double w = std::max(x1 - x0, 1e-3), h = std::max(y1 - y0, 1e-3);
    return QRectF(x0 - 0.05 * w, y0 - 0.05 * h, 1.1 * w, 1.1 * h);
}

QPointF LayerProjection::toWidget(QPointF v) const
{
    const QRectF b = bounds(), r = plotRect();
    return QPointF(r.left() + (v.x() - b.left()) / b.width() * r.width(),
        r.bottom() - (v.y() - b.top()) / b.height() * r.height());
}

void LayerProjection::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = plotRect();
    p.fillRect(r, QColor(0xe8, 0xea, 0xeb).lighter(104));

    // The grid's lines first, thin, then the points over them.
    QPen grid(palette().mid().color(), 0.8 * displayStyle().scale);
    p.setPen(grid);
    p.setClipRect(r);
    for (const auto &line : m_projection.lattice) {
        if (line.size() < 2)
            continue;
        QPainterPath path(toWidget(line.front()));
        for (std::size_t i = 1; i < line.size(); ++i)
            path.lineTo(toWidget(line[i]));
        p.drawPath(path);
    }
    const double scale = displayStyle().scale;
    p.setPen(QPen(Qt::white, scale));
    for (std::size_t i = 0; i < m_projection.points.size(); ++i) {
        p.setBrush(i < m_projection.colors.size() ? m_projection.colors[i] : palette().text().color());
        p.drawEllipse(toWidget(m_projection.points[i]), 3.2 * scale, 3.2 * scale);
    }
    p.setClipping(false);

    p.setPen(palette().placeholderText().color());
    p.drawText(
        QRectF(r.left(), r.bottom() + 2, r.width(), fontMetrics().height() + 4), Qt::AlignHCenter, m_projection.xLabel);
    p.save();
    p.translate(0, r.center().y());
    p.rotate(-90);
    p.drawText(
        QRectF(-r.height() / 2, 0, r.height(), fontMetrics().height() + 2), Qt::AlignHCenter, m_projection.yLabel);
    p.restore();
}

} // namespace ds::widgets
