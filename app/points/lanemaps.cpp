#include "lanemaps.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ds::app {

LaneMaps::LaneMaps(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(60);
    QFont small = font(); // the names fit under maps of 60 px
    small.setPointSizeF(small.pointSizeF() * 0.85);
    setFont(small);
}

void LaneMaps::setNames(const QStringList &names)
{
    m_names = names;
    m_maps.assign(std::size_t(names.size()), QImage());
    m_diverged.assign(std::size_t(names.size()), false);
    update();
}

void LaneMaps::setMap(int lane, const QImage &map, bool diverged)
{
    if (lane < 0 || lane >= int(m_maps.size()))
        return;
    m_maps[std::size_t(lane)] = map;
    m_diverged[std::size_t(lane)] = diverged;
    update();
}

QRect LaneMaps::mapRect(int lane) const
{
    const int n = int(m_names.size());
    if (lane < 0 || lane >= n)
        return {};
    // The most columns (at most four) whose squares, with a line of text under each, fit.
    constexpr int kGap = 6;
    const int text = fontMetrics().height();
    int best = 0, columns = 1;
    for (int c = 1; c <= std::min(n, 4); ++c) {
        const int rows = (n + c - 1) / c;
        const int side = std::min((width() - (c - 1) * kGap) / c, (height() - rows * (text + kGap)) / rows);
        if (side > best) {
            best = side;
            columns = c;
        }
    }
    const int side = std::max(best, 8);
    const int used = columns * side + (columns - 1) * kGap;
    const int left = (width() - used) / 2;
    return {left + (lane % columns) * (side + kGap), (lane / columns) * (side + text + kGap), side, side};
}

void LaneMaps::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    for (int i = 0; i < int(m_names.size()); ++i) {
        const QRect r = mapRect(i);
        const QImage &map = m_maps[std::size_t(i)];
        if (!map.isNull())
            p.drawImage(r, map);
        p.setPen(palette().color(QPalette::Mid));
        p.drawRect(r.adjusted(0, 0, -1, -1));
        p.setPen(palette().color(m_diverged[std::size_t(i)] ? QPalette::PlaceholderText : QPalette::WindowText));
        const QString name = m_diverged[std::size_t(i)] ? m_names[i] + " (diverged)" : m_names[i];
        // Under its own map only (the gap is the margin): a long name is cut, not run into the next.
        p.drawText(QRect(r.left() - 2, r.bottom() + 1, r.width() + 4, fontMetrics().height()), Qt::AlignHCenter,
            fontMetrics().elidedText(name, Qt::ElideRight, r.width() + 4));
    }
}

} // namespace ds::app
