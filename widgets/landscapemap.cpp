#include "landscapemap.h"

#include "imagetiles.h"
#include "lossscale.h"
#include "plotexportmenu.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ds::widgets {
namespace {

constexpr int kLevels = 12;
constexpr int kAxis = 22; // room for the tick labels, left and below

} // namespace

LandscapeMap::LandscapeMap(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    m_placeholder = "Press Compute to see the loss around the weights";
}

void LandscapeMap::setLandscape(int size, double range, const std::vector<float> &loss, const QVector<QPointF> &path)
{
    if (size < 2 || loss.size() != std::size_t(size) * std::size_t(size) || !(range > 0.0)) {
        clear();
        return;
    }
    m_size = size;
    m_range = range;
    m_loss = loss;
    m_path = path;
    update();
}

void LandscapeMap::clear()
{
    m_size = 0;
    m_loss.clear();
    m_path.clear();
    update();
}

void LandscapeMap::setLogScale(bool on)
{
    m_log = on;
    update();
}

void LandscapeMap::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

float LandscapeMap::shown(float loss) const
{
    return shownLoss(loss, m_log);
}

std::pair<float, float> LandscapeMap::shownRange() const
{
    float lo = INFINITY, hi = -INFINITY;
    for (float l : m_loss)
        if (std::isfinite(l)) {
            lo = std::min(lo, shown(l));
            hi = std::max(hi, shown(l));
        }
    return {lo, hi};
}

QRectF LandscapeMap::plotRect() const
{
    // Square, as a and b are in the same units; room on the right for the last tick's label.
    const double side = std::max(10.0, std::min(width() - kAxis - 18.0, height() - kAxis - 6.0));
    return {kAxis + (width() - kAxis - 18.0 - side) / 2.0, 4.0, side, side};
}

QPointF LandscapeMap::toWidget(double a, double b) const
{
    const QRectF r = plotRect();
    return {r.left() + (a + m_range) / (2.0 * m_range) * r.width(), r.bottom() - (b + m_range) / (2.0 * m_range) * r.height()};
}

float LandscapeMap::lossAt(QPointF pos) const
{
    const QRectF r = plotRect();
    if (isEmpty() || !r.contains(pos))
        return std::numeric_limits<float>::quiet_NaN();
    const int c = std::clamp(int(std::lround((pos.x() - r.left()) / r.width() * (m_size - 1))), 0, m_size - 1);
    const int row = std::clamp(int(std::lround((r.bottom() - pos.y()) / r.height() * (m_size - 1))), 0, m_size - 1);
    return m_loss[std::size_t(row) * std::size_t(m_size) + std::size_t(c)];
}

std::vector<float> LandscapeMap::contourLevels() const
{
    std::vector<float> levels;
    if (isEmpty())
        return levels;
    const auto [lo, hi] = shownRange();
    if (!(hi > lo))
        return levels;
    for (int k = 1; k < kLevels; ++k) {
        const float v = lo + (hi - lo) * float(k) / kLevels;
        levels.push_back(m_log ? std::pow(10.0f, v) : v);
    }
    return levels;
}

QByteArray LandscapeMap::csv() const
{
    QByteArray out = "a,b,loss\n";
    for (int r = 0; r < m_size; ++r)
        for (int c = 0; c < m_size; ++c) {
            const double a = -m_range + 2.0 * m_range * c / (m_size - 1), b = -m_range + 2.0 * m_range * r / (m_size - 1);
            out += QByteArray::number(a, 'g', 9) + ',' + QByteArray::number(b, 'g', 9) + ','
                + QByteArray::number(double(m_loss[std::size_t(r) * std::size_t(m_size) + std::size_t(c)]), 'g', 9) + '\n';
        }
    return out;
}

void LandscapeMap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paint(p, plotRect());
}

void LandscapeMap::paint(QPainter &p, const QRectF &plot) const
{
    p.setRenderHint(QPainter::Antialiasing);
    if (isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    // The colours: one pixel per grid point, smoothly enlarged.
    const auto [lo, hi] = shownRange();
    QImage image(m_size, m_size, QImage::Format_RGB32);
    for (int r = 0; r < m_size; ++r)
        for (int c = 0; c < m_size; ++c) {
            const float l = m_loss[std::size_t(r) * std::size_t(m_size) + std::size_t(c)];
            const float t = std::isfinite(l) && hi > lo ? (shown(l) - lo) / (hi - lo) : 1.0f;
            image.setPixel(c, m_size - 1 - r, sequentialColor(t, SequentialScale::Viridis));
        }
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(plot, image);
    p.restore();
    // Contour lines by marching squares on the grid's cells.
    const auto at = [&](int r, int c) { return shown(m_loss[std::size_t(r) * std::size_t(m_size) + std::size_t(c)]); };
    const auto point = [&](double r, double c) {
        return QPointF(plot.left() + c / (m_size - 1) * plot.width(), plot.bottom() - r / (m_size - 1) * plot.height());
    };
    p.setPen(QPen(QColor(255, 255, 255, 110), 1.0));
    for (float level : contourLevels()) {
        const float v = shown(level);
        for (int r = 0; r + 1 < m_size; ++r)
            for (int c = 0; c + 1 < m_size; ++c) {
                const float corner[4] = {at(r, c), at(r, c + 1), at(r + 1, c + 1), at(r + 1, c)};
                const double cr[4] = {double(r), double(r), double(r + 1), double(r + 1)};
                const double cc[4] = {double(c), double(c + 1), double(c + 1), double(c)};
                QPointF crossing[4];
                int n = 0;
                for (int e = 0; e < 4 && n < 4; ++e) {
                    const float x = corner[e], y = corner[(e + 1) % 4];
                    if (!std::isfinite(x) || !std::isfinite(y) || (x < v) == (y < v))
                        continue;
                    const double t = (v - x) / (y - x);
                    crossing[n++] = point(cr[e] + t * (cr[(e + 1) % 4] - cr[e]), cc[e] + t * (cc[(e + 1) % 4] - cc[e]));
                }
                if (n >= 2)
                    p.drawLine(crossing[0], crossing[1]);
                if (n == 4)
                    p.drawLine(crossing[2], crossing[3]);
            }
    }
    // The path, from its start (hollow) to now (red, the centre).
    if (m_path.size() > 1) {
        QPainterPath path(toWidget(m_path.front().x(), m_path.front().y()));
        for (const QPointF &q : m_path)
            path.lineTo(toWidget(q.x(), q.y()));
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(20, 20, 20), 3.0));
        p.drawPath(path);
        p.setPen(QPen(Qt::white, 1.5));
        p.drawPath(path);
        p.drawEllipse(toWidget(m_path.front().x(), m_path.front().y()), 4, 4);
    }
    p.setPen(QPen(Qt::white, 1.5));
    p.setBrush(QColor(0xe0, 0x30, 0x30));
    p.drawEllipse(toWidget(0, 0), 4.5, 4.5);
    // The axes: -range, 0 and +range under and beside the map (when there is room for them).
    if (plot.width() < 90)
        return;
    p.setPen(palette().color(QPalette::WindowText));
    const QString lo_ = QString::number(-m_range, 'g', 3), hi_ = QString::number(m_range, 'g', 3);
    p.drawText(QRectF(plot.left() - 20, plot.bottom() + 2, 40, kAxis - 4), Qt::AlignHCenter | Qt::AlignTop, lo_);
    p.drawText(QRectF(plot.right() - 20, plot.bottom() + 2, 40, kAxis - 4), Qt::AlignHCenter | Qt::AlignTop, hi_);
    p.drawText(QRectF(plot.center().x() - 20, plot.bottom() + 2, 40, kAxis - 4), Qt::AlignHCenter | Qt::AlignTop, "a");
    p.save();
    p.translate(plot.left() - 4, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-20, -kAxis + 4, 40, kAxis - 4), Qt::AlignHCenter | Qt::AlignBottom, "b");
    p.restore();
}

bool LandscapeMap::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const float l = lossAt(help->pos());
        if (std::isfinite(l))
            QToolTip::showText(help->globalPos(), QString("loss %1").arg(double(l), 0, 'g', 4), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

PlotPicture LandscapeMap::picture()
{
    return widgetPicture(this, "loss landscape", [this](QPainter &p) { paint(p, plotRect()); });
}

void LandscapeMap::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    addPlotExportActions(&menu, this, "landscape", [this] { return picture(); });
    menu.addSeparator();
    addFileExportAction(&menu, this, "Export the grid as CSV…", "landscape.csv", "CSV files (*.csv)",
        [this](const QString &path, QString *error) { return writeWholeFile(path, csv(), error); });
    menu.exec(event->globalPos());
}

} // namespace ds::widgets
