#include "outputmap.h"

#include "displaystyle.h"

#include "colorscale.h"
#include "nicestep.h"
#include "plotexportmenu.h"

#include <QContextMenuEvent>
#include <QLinearGradient>
#include <QMenu>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

constexpr int kTickLength = 4;
constexpr int kTickGap = 3;
constexpr int kLegendGap = 10;
constexpr int kLegendBar = 8;
constexpr int kLegendWidth = 150;
// Test points keep a dark rim on every theme: they sit on the light heatmap, not on the window.
const QColor kTestOutline(0x26, 0x26, 0x26);

QFont smallFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(f.pointSizeF() * 0.82);
    return f;
}

std::vector<double> ticks(double lo, double hi)
{
    std::vector<double> t;
    const double step = niceStep((hi - lo) / 6.0);
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
        t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return t;
}

QString tickText(double v)
{
    return QString::number(v, 'g', 4).replace('-', QChar(0x2212)); // a typographic minus, not a hyphen
}

} // namespace

OutputMap::OutputMap(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void OutputMap::setHeatmap(const QImage &image)
{
    m_heatmap = image;
    m_heatmapDirty = true;
    update(layout().plot.toAlignedRect());
}

void OutputMap::setPoints(std::vector<MapPoint> points, int numClasses)
{
    m_points = std::move(points);
    m_numClasses = std::max(0, numClasses);
    m_pointsDirty = true;
    update();
}

void OutputMap::setShowTestPoints(bool show)
{
    if (show == m_showTest)
        return;
    m_showTest = show;
    m_pointsDirty = true;
    update();
}

void OutputMap::setShowAxes(bool show)
{
    if (show == m_showAxes)
        return;
    m_showAxes = show;
    relayout();
}

void OutputMap::setDomain(const QRectF &domain)
{
    if (!domain.isValid() || domain == m_domain)
        return;
    m_domain = domain;
    relayout();
}

QRectF OutputMap::plotRect() const
{
    return layout().plot;
}

QPointF OutputMap::toWidget(float x, float y) const
{
    const QRectF r = layout().plot;
    return {r.left() + (x - m_domain.left()) / m_domain.width() * r.width(),
        r.bottom() - (y - m_domain.top()) / m_domain.height() * r.height()};
}

QPointF OutputMap::toData(QPointF pos) const
{
    const QRectF r = layout().plot;
    if (r.isEmpty())
        return m_domain.center();
    return {m_domain.left() + (pos.x() - r.left()) / r.width() * m_domain.width(),
        m_domain.top() + (r.bottom() - pos.y()) / r.height() * m_domain.height()};
}

QSize OutputMap::sizeHint() const
{
    return {300, 340};
}

QSize OutputMap::minimumSizeHint() const
{
    return {140, 160};
}

// Margins for tick labels on the left and below, a legend under the plot, and the largest square
// that fits the rest, centred horizontally. Whole pixels, so the heatmap edges stay crisp.
OutputMap::Layout OutputMap::computeLayout() const
{
    int left = 1, right = 1, top = 1, bottom = 1, legend = 0;
    if (m_showAxes) {
        const QFontMetrics fm(smallFont(font()));
        int labelWidth = 0;
        for (double v : ticks(m_domain.top(), m_domain.bottom()))
            labelWidth = std::max(labelWidth, fm.horizontalAdvance(tickText(v)));
        left = kTickLength + kTickGap + labelWidth + 2;
        bottom = kTickLength + kTickGap + fm.height();
        right = fm.horizontalAdvance(tickText(m_domain.right())) / 2 + 2;
        top = fm.height() / 2 + 1;
        legend = kLegendGap + kLegendBar + 2 + fm.height();
    }
    const int side = std::max(0, std::min(width() - left - right, height() - top - bottom - legend));
    const int x0 = left + (width() - left - right - side) / 2;
    Layout l;
    l.plot = QRectF(x0, top, side, side);
    if (m_showAxes) {
        const int w = std::min(side, kLegendWidth);
        l.legend = QRectF(x0 + (side - w) / 2, top + side + bottom + kLegendGap, w, legend - kLegendGap);
    }
    return l;
}

const OutputMap::Layout &OutputMap::layout() const
{
    if (m_layoutDirty || m_layoutSize != size()) {
        m_layout = computeLayout();
        m_layoutSize = size();
        m_layoutDirty = false;
    }
    return m_layout;
}

void OutputMap::relayout()
{
    m_layoutDirty = true;
    m_pointsDirty = true;
    update();
}

const QPixmap &OutputMap::heatmapPixmap()
{
    const qreal dpr = devicePixelRatioF();
    const QSize size = (layout().plot.size() * dpr).toSize();
    if (m_heatmapDirty || m_heatmapCache.size() != size || m_heatmapCache.devicePixelRatio() != dpr) {
        // Smooth scaling reads as a continuous field, as the playground's canvas does.
        m_heatmapCache = QPixmap::fromImage(m_heatmap.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        m_heatmapCache.setDevicePixelRatio(dpr);
        m_heatmapDirty = false;
    }
    return m_heatmapCache;
}

const QPixmap &OutputMap::pointsPixmap()
{
    const qreal dpr = devicePixelRatioF();
    if (m_pointsDirty || m_pointsCachePlot != layout().plot || m_pointsCache.devicePixelRatio() != dpr) {
        m_pointsCache = QPixmap((QSizeF(size()) * dpr).toSize());
        m_pointsCache.setDevicePixelRatio(dpr);
        m_pointsCache.fill(Qt::transparent);
        QPainter p(&m_pointsCache);
        drawPoints(p);
        m_pointsCachePlot = layout().plot;
        m_pointsDirty = false;
    }
    return m_pointsCache;
}

void OutputMap::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    const QRectF plot = layout().plot;
    if (plot.isEmpty())
        return;
    if (m_heatmap.isNull())
        p.fillRect(plot, QColor(divergingColor(0.0f)));
    else
        p.drawPixmap(plot.topLeft(), heatmapPixmap());
    p.drawPixmap(QPointF(0, 0), pointsPixmap());

    // A heatmap frame repaints only the plot; the frame around it has not changed.
    if (!m_showAxes || plot.toAlignedRect().contains(event->rect()))
        return;
    drawAxes(p);
    drawLegend(p);
}

PlotPicture OutputMap::picture() const
{
    return widgetPicture(this, "Output map", [this](QPainter &p) { paintPicture(p); });
}

// paintEvent's drawing without its caches, which are made for the screen's pixels: the heatmap is
// scaled for the export's and the points stay shapes, sharp at any size in an SVG.
void OutputMap::paintPicture(QPainter &p) const
{
    const QRectF plot = layout().plot;
    if (plot.isEmpty())
        return;
    if (m_heatmap.isNull())
        p.fillRect(plot, QColor(divergingColor(0.0f)));
    else
        p.drawImage(plot,
            m_heatmap.scaled((plot.size() * kExportScale).toSize(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    p.save(); // drawPoints clips and antialiases
    drawPoints(p);
    p.restore();
    if (!m_showAxes)
        return;
    drawAxes(p);
    drawLegend(p);
}

qreal OutputMap::pointRadius() const
{
    return std::clamp(layout().plot.width() / 85.0, 2.5, 5.0) * displayStyle().scale;
}

QColor OutputMap::pointColor(const MapPoint &point) const
{
    if (m_numClasses == 0)
        return QColor(divergingColor(point.value));
    return classColor(std::max(0, int(std::lround(point.value))), m_numClasses);
}

void OutputMap::drawPoints(QPainter &p) const
{
    p.setRenderHint(QPainter::Antialiasing);
    const qreal r = pointRadius();
    // Points a little outside the plane still show; far-off ones would only clutter the frame.
    // They are left out as well as clipped: an SVG export ignores the clip.
    const QRectF shown = layout().plot.adjusted(-r - 1, -r - 1, r + 1, r + 1);
    p.setClipRect(shown);
    // Training points first, so that the fewer test points stay visible on top of them.
    for (const bool test : {false, true}) {
        if (test && !m_showTest)
            continue;
        const double line = displayStyle().scale;
        p.setPen(test ? QPen(kTestOutline, 1.2 * line) : QPen(Qt::white, line));
        for (const MapPoint &pt : m_points) {
            const QPointF at = toWidget(pt.x, pt.y);
            if (pt.test != test || !shown.contains(at))
                continue;
            QColor fill = pointColor(pt);
            if (test)
                fill.setAlphaF(0.55f); // hollow-looking, but the class is still readable
            p.setBrush(fill);
            p.drawEllipse(at, r, r);
        }
    }
}

void OutputMap::drawAxes(QPainter &p) const
{
    const QRectF plot = layout().plot;
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(smallFont(font()));
    const QFontMetrics fm(p.font());
    QColor ink = palette().color(QPalette::WindowText);
    ink.setAlphaF(0.6f);
    p.setPen(ink);
    for (double v : ticks(m_domain.left(), m_domain.right())) {
        const qreal x = std::round(toWidget(float(v), 0).x());
        p.drawLine(QPointF(x, plot.bottom() + 1), QPointF(x, plot.bottom() + kTickLength));
        const QString s = tickText(v);
        const qreal w = fm.horizontalAdvance(s);
        p.drawText(QPointF(x - w / 2, plot.bottom() + kTickLength + kTickGap + fm.ascent()), s);
    }
    for (double v : ticks(m_domain.top(), m_domain.bottom())) {
        const qreal y = std::round(toWidget(0, float(v)).y());
        p.drawLine(QPointF(plot.left() - kTickLength, y), QPointF(plot.left() - 1, y));
        const QString s = tickText(v);
        const qreal w = fm.horizontalAdvance(s);
        p.drawText(QPointF(plot.left() - kTickLength - kTickGap - w, y + (fm.ascent() - fm.descent()) / 2.0), s);
    }
}

// Two classes and regression share the diverging scale, so they get its bar; more classes get
// one swatch per class.
void OutputMap::drawLegend(QPainter &p) const
{
    const QRectF area = layout().legend;
    if (area.isEmpty())
        return;
    p.setFont(smallFont(font()));
    const QFontMetrics fm(p.font());
    QColor ink = palette().color(QPalette::WindowText);
    ink.setAlphaF(0.6f);
    const qreal textY = area.top() + kLegendBar + 2 + fm.ascent();
    if (m_numClasses > 2) {
        const qreal slot = area.width() / m_numClasses;
        for (int k = 0; k < m_numClasses; ++k) {
            const QRectF swatch(area.left() + k * slot + 2, area.top(), slot - 4, kLegendBar);
            p.fillRect(swatch, classColor(k, m_numClasses));
            p.setPen(ink);
            const QString s = QString("class %1").arg(k);
            p.drawText(QPointF(swatch.center().x() - fm.horizontalAdvance(s) / 2.0, textY), s);
        }
        return;
    }
    const QRectF bar(area.left(), area.top(), area.width(), kLegendBar);
    QLinearGradient g(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 8; ++i)
        g.setColorAt(i / 8.0, QColor(divergingColor(i / 4.0f - 1.0f)));
    p.fillRect(bar, g);
    p.setPen(ink);
    const QString labels[] = {"−1", "0", "1"};
    for (int i = 0; i < 3; ++i) {
        const qreal x = bar.left() + bar.width() * i / 2.0;
        const qreal w = fm.horizontalAdvance(labels[i]);
        const qreal at = std::clamp(x - w / 2, bar.left(), bar.right() - w);
        p.drawText(QPointF(at, textY), labels[i]);
    }
}

void OutputMap::resizeEvent(QResizeEvent *)
{
    relayout();
}

void OutputMap::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::StyleChange)
        relayout();
    QWidget::changeEvent(event);
}

void OutputMap::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !layout().plot.contains(event->position())) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QPointF d = toData(event->position());
    emit pointAdded(float(d.x()), float(d.y()));
}

void OutputMap::mouseMoveEvent(QMouseEvent *event)
{
    const bool inside = layout().plot.contains(event->position());
    setCursor(inside ? Qt::CrossCursor : Qt::ArrowCursor);
    if (inside) {
        const QPointF d = toData(event->position());
        emit hovered(float(d.x()), float(d.y()));
    }
    QWidget::mouseMoveEvent(event);
}

void OutputMap::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    addPlotExportActions(&menu, this, "output-map", [this] { return picture(); });
    menu.exec(event->globalPos());
}

} // namespace ds::widgets
