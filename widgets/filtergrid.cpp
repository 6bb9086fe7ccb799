#include "filtergrid.h"

#include "colorscale.h"
#include "imagetiles.h"
#include "plotexportmenu.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QLinearGradient>
#include <QMenu>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

constexpr int kGap = 3;
constexpr int kPreferredTile = 44; // big enough to read a 3x3 or 5x5 pattern at a glance
constexpr int kMaxTile = 120; // a few filters in a big panel should not become blocks of colour
constexpr int kLegendWidth = 64;

QFont captionFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

} // namespace

FilterGrid::FilterGrid(QWidget *parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void FilterGrid::setFilters(const std::vector<float> &weights, int count, int channels, int kh, int kw)
{
    if (count <= 0 || channels <= 0 || kh <= 0 || kw <= 0
        || weights.size() != std::size_t(count) * channels * kh * kw) {
        clear();
        return;
    }
    const bool reshaped = count != m_count || kh != m_kh || kw != m_kw;
    m_weights = weights;
    m_count = count;
    m_channels = channels;
    m_kh = kh;
    m_kw = kw;
    rebuildTiles();
    if (reshaped)
        updateGeometry();
    update();
}

void FilterGrid::clear()
{
    m_weights.clear();
    m_tiles.clear();
    m_ranges.clear();
    m_count = m_channels = m_kh = m_kw = 0;
    updateGeometry();
    update();
}

void FilterGrid::setSharedScale(bool shared)
{
    if (shared == m_sharedScale)
        return;
    m_sharedScale = shared;
    rebuildTiles();
    update();
    emit sharedScaleChanged(shared);
}

// The tiles are built once per setFilters, at one pixel per weight; painting only scales them.
void FilterGrid::rebuildTiles()
{
    m_tiles.clear();
    m_ranges.clear();
    const std::size_t plane = std::size_t(m_kh) * m_kw, size = plane * m_channels;
    const float sharedRange = maxAbs(m_weights.data(), m_weights.size());
    std::vector<float> mean(plane);
    for (int f = 0; f < m_count; ++f) {
        const float *w = m_weights.data() + f * size;
        const ValueRange r = valueRange(w, size);
        m_ranges.emplace_back(r.lo, r.hi);
        if (m_channels == 3) {
            m_tiles.push_back(rgbTile(w, m_kh, m_kw, r.lo, r.hi));
            continue;
        }
        std::fill(mean.begin(), mean.end(), 0.0f);
        for (int c = 0; c < m_channels; ++c)
            for (std::size_t i = 0; i < plane; ++i)
                mean[i] += w[c * plane + i] / float(m_channels);
        const float range = m_sharedScale ? sharedRange : maxAbs(mean.data(), plane);
        m_tiles.push_back(divergingTile(mean.data(), m_kh, m_kw, range));
    }
}

QString FilterGrid::caption() const
{
    if (m_count == 0)
        return "No filters yet";
    QString s = QString("%1 filter%2 · %3×%4").arg(m_count).arg(m_count == 1 ? "" : "s").arg(m_kh).arg(m_kw);
    if (m_channels == 3)
        s += " · RGB";
    else if (m_channels > 1)
        s += QString(" · mean of %1 channels").arg(m_channels);
    return s;
}

int FilterGrid::captionHeight() const
{
    return QFontMetrics(captionFont(font())).height() + 6;
}

// Square pixels: a whole number of screen pixels per weight. The largest scale whose grid fits
// both the width and the height wins; when none does, the preferred size sets the height
// (heightForWidth asks for it) so the tiles never become unreadably small.
FilterGrid::Grid FilterGrid::gridFor(int width, int height) const
{
    Grid g;
    g.top = captionHeight();
    if (m_count == 0)
        return g;
    const int side = std::max(m_kh, m_kw);
    auto layoutAt = [&](int scale) {
        Grid l = g;
        l.scale = scale;
        const int maxColumns = std::clamp((width - 2 + kGap) / (side * scale + kGap), 1, m_count);
        const int rows = (m_count + maxColumns - 1) / maxColumns;
        l.columns = (m_count + rows - 1) / rows; // balanced rows: 6 filters as 3 + 3, not 5 + 1
        return l;
    };
    auto heightAt = [&](const Grid &l) {
        const int rows = (m_count + l.columns - 1) / l.columns;
        return l.top + rows * (side * l.scale + kGap) - kGap;
    };
    const int preferred = std::max(1, int(std::lround(double(kPreferredTile) / side)));
    const int fitsWidth = std::max(1, std::min(preferred, (width - 2) / side));
    Grid chosen = layoutAt(fitsWidth);
    for (int scale = std::max(1, kMaxTile / side); scale > fitsWidth; --scale) {
        const Grid l = layoutAt(scale);
        if (side * scale <= width - 2 && heightAt(l) <= height) {
            chosen = l;
            break;
        }
    }
    const int used = chosen.columns * (side * chosen.scale + kGap) - kGap;
    chosen.left = std::max(1, (width - used) / 2); // 1: room for the tile's frame
    return chosen;
}

int FilterGrid::heightForWidth(int width) const
{
    if (m_count == 0)
        return captionHeight() + kPreferredTile;
    const Grid g = gridFor(width, 0);
    const int side = std::max(m_kh, m_kw) * g.scale;
    const int rows = (m_count + g.columns - 1) / g.columns;
    return g.top + rows * (side + kGap) - kGap;
}

QSize FilterGrid::sizeHint() const
{
    const int w = 8 * (kPreferredTile + kGap) - kGap;
    return {w, heightForWidth(w)};
}

QSize FilterGrid::minimumSizeHint() const
{
    return {kPreferredTile * 2, captionHeight() + kPreferredTile};
}

QRect FilterGrid::tileRect(int i) const
{
    if (i < 0 || i >= m_count)
        return {};
    const Grid g = gridFor(width(), height());
    const int tw = m_kw * g.scale, th = m_kh * g.scale, cell = std::max(m_kh, m_kw) * g.scale + kGap;
    const int col = i % g.columns, row = i / g.columns;
    return {g.left + col * cell, g.top + row * cell, tw, th};
}

int FilterGrid::filterAt(QPoint pos) const
{
    for (int i = 0; i < m_count; ++i)
        if (tileRect(i).contains(pos))
            return i;
    return -1;
}

QString FilterGrid::toolTipFor(int i) const
{
    if (i < 0 || i >= m_count)
        return {};
    const auto [lo, hi] = m_ranges[std::size_t(i)];
    return QString("filter %1 · min %2 · max %3").arg(i).arg(shortNumber(lo), shortNumber(hi));
}

bool FilterGrid::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = filterAt(help->pos());
        if (i >= 0)
            QToolTip::showText(help->globalPos(), toolTipFor(i), this, tileRect(i));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void FilterGrid::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setFont(captionFont(font()));
    const QFontMetrics fm(p.font());
    QColor ink = palette().color(QPalette::WindowText);
    ink.setAlphaF(0.7f);
    p.setPen(ink);
    p.drawText(QPoint(0, fm.ascent() + 1), caption());

    // A small legend for the diverging scale, when there is room beside the caption.
    const int legendX = width() - kLegendWidth - fm.horizontalAdvance("−+") - 6;
    if (m_count > 0 && m_channels != 3 && legendX > fm.horizontalAdvance(caption()) + 12) {
        const QRect bar(legendX + fm.horizontalAdvance("−") + 3, fm.ascent() / 2 - 2, kLegendWidth, 7);
        QLinearGradient gradient(bar.topLeft(), bar.topRight());
        for (int k = 0; k <= 8; ++k)
            gradient.setColorAt(k / 8.0, QColor(divergingColor(k / 4.0f - 1.0f)));
        p.fillRect(bar, gradient);
        p.drawText(QPoint(legendX, fm.ascent() + 1), "−");
        p.drawText(QPoint(bar.right() + 4, fm.ascent() + 1), "+");
    }

    // Nearest-neighbour: no smooth-pixmap hint, so each weight is a crisp square.
    QColor frame = palette().color(QPalette::WindowText);
    frame.setAlphaF(0.18f);
    for (int i = 0; i < m_count; ++i) {
        const QRect r = tileRect(i);
        drawPixelImage(p, r, m_tiles[std::size_t(i)]);
        p.setPen(frame);
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(-1, -1, 0, 0));
    }
}

PlotPicture FilterGrid::picture()
{
    return widgetPicture(this, caption());
}

void FilterGrid::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    if (m_count > 0 && m_channels != 3) { // colour filters have no diverging scale to share
        QAction *shared = menu.addAction("One scale for all filters");
        shared->setCheckable(true);
        shared->setChecked(m_sharedScale);
        shared->setToolTip("Compare filters with each other instead of showing each one's own pattern");
        connect(shared, &QAction::toggled, this, &FilterGrid::setSharedScale);
        menu.addSeparator();
    }
    addPlotExportActions(&menu, this, "filters", [this] { return picture(); });
    menu.exec(event->globalPos());
}

void FilterGrid::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

} // namespace ds::widgets
