#include "featuremaps.h"

#include "plotexportmenu.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QLinearGradient>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace ds::widgets {
namespace {

constexpr int kMargin = 8;
constexpr int kRowGap = 14; // between one layer's row and the next title
constexpr int kTileGap = 4;
constexpr int kCellGap = 1;
constexpr int kHeaderTile = 112; // the input and the enlarged map
constexpr QRgb kSelected = 0x0877bd; // the diverging scale's blue, the app's "this one" colour

// Display size of a map: a whole number of pixels per value, about 56 px (smaller when a layer
// has many maps, so a 64-channel layer is not a wall of tiles).
int tileScale(int channels, int h, int w)
{
    const int target = channels > 32 ? 40 : 56;
    return std::max(1, target / std::max(h, w));
}

// A vector's cell: big enough to read for a 10-way output, compact for a wide dense layer.
int cellSize(int n)
{
    return n <= 16 ? 26 : n <= 128 ? 14 : 9;
}

// Per-layer normalization anchored at zero, so a ReLU layer's zeros are black and the brightest
// value is white; a layer with negative values spans min..max.
ValueRange displayRange(const std::vector<float> &values)
{
    ValueRange r = valueRange(values.data(), values.size());
    r.lo = std::min(r.lo, 0.0f);
    r.hi = std::max(r.hi, 0.0f);
    return r;
}

QFont smallFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

// An image scaled by a whole factor to fit a square box, centred in it.
QRect fitted(QSize size, QRect box)
{
    const int factor
        = std::max(1, std::min(box.width() / std::max(1, size.width()), box.height() / std::max(1, size.height())));
    const QSize s = size * factor;
    return QRect(
        box.left() + (box.width() - s.width()) / 2, box.top() + (box.height() - s.height()) / 2, s.width(), s.height());
}

} // namespace

// The scrolled contents: lays out and paints everything; FeatureMaps only owns the scrolling.
class FeatureMapsCanvas : public QWidget {
public:
    explicit FeatureMapsCanvas(FeatureMaps *owner) : QWidget(owner), m_owner(owner)
    {
        QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
        policy.setHeightForWidth(true);
        setSizePolicy(policy);
        setMouseTracking(true);
    }

    struct Layout {
        int width = -1, height = 0;
        QRect input, detail; // the header's two squares
        std::vector<int> titleY; // baseline of each layer's title
        std::vector<std::vector<QRect>> maps; // [layer][channel]
    };

    QImage input;
    QList<FeatureMapLayer> layers;
    std::vector<std::vector<QImage>> tiles; // [layer][channel]; empty for vectors
    std::vector<ValueRange> ranges;
    SequentialScale scale = SequentialScale::Gray;
    int selLayer = -1, selChannel = -1;

    void rebuildTiles()
    {
        tiles.assign(std::size_t(layers.size()), {});
        ranges.assign(std::size_t(layers.size()), {});
        for (qsizetype l = 0; l < layers.size(); ++l) {
            const FeatureMapLayer &layer = layers[l];
            if (!layer.isValid())
                continue;
            const ValueRange r = displayRange(layer.values);
            ranges[std::size_t(l)] = r;
            if (layer.isVector())
                continue;
            const std::size_t plane = std::size_t(layer.height) * layer.width;
            for (int c = 0; c < layer.channels; ++c)
                tiles[std::size_t(l)].push_back(
                    sequentialTile(layer.values.data() + c * plane, layer.height, layer.width, r.lo, r.hi, scale));
        }
    }

    void invalidate()
    {
        m_layout.width = -1;
        updateGeometry();
        update();
    }

    const Layout &layout() const
    {
        if (m_layout.width != width())
            m_layout = layoutFor(width());
        return m_layout;
    }

    Layout layoutFor(int w) const
    {
        Layout l;
        l.width = w;
        const int line = QFontMetrics(smallFont(font())).height();
        int y = kMargin + line + 2;
        l.input = QRect(kMargin, y, kHeaderTile, kHeaderTile);
        l.detail = QRect(kMargin + kHeaderTile + 3 * kMargin, y, kHeaderTile, kHeaderTile);
        y += kHeaderTile + kRowGap;
        const int right = std::max(w - kMargin, kMargin + 1);
        for (const FeatureMapLayer &layer : layers) {
            l.titleY.push_back(y + QFontMetrics(smallFont(font())).ascent());
            y += line + 4;
            std::vector<QRect> rects;
            if (layer.isValid()) {
                const bool vec = layer.isVector();
                const int gap = vec ? kCellGap : kTileGap;
                const int tw = vec ? cellSize(layer.channels)
                                   : layer.width * tileScale(layer.channels, layer.height, layer.width);
                const int th = vec ? tw : layer.height * tileScale(layer.channels, layer.height, layer.width);
                // Balanced rows: 16 maps as 8 + 8 rather than 11 + 5.
                const int fit = std::clamp((right - kMargin + gap) / (tw + gap), 1, layer.channels);
                const int rows = (layer.channels + fit - 1) / fit;
                const int perRow = (layer.channels + rows - 1) / rows;
                for (int c = 0; c < layer.channels; ++c)
                    rects.emplace_back(kMargin + (c % perRow) * (tw + gap), y + (c / perRow) * (th + gap), tw, th);
                y += rows * (th + gap) - gap;
            } else {
                y += line; // "no data"
            }
            l.maps.push_back(std::move(rects));
            y += kRowGap;
        }
        l.height = y;
        return l;
    }

    int heightForWidth(int w) const override { return layoutFor(w).height; }
    bool hasHeightForWidth() const override { return true; }
    QSize sizeHint() const override { return {560, layoutFor(560).height}; }

    QPair<int, int> mapAt(QPoint pos) const
    {
        const Layout &l = layout();
        for (std::size_t i = 0; i < l.maps.size(); ++i)
            for (std::size_t c = 0; c < l.maps[i].size(); ++c)
                if (l.maps[i][c].contains(pos))
                    return {int(i), int(c)};
        return {-1, -1};
    }

    float valueAt(int layer, int channel) const { return layers[layer].values[std::size_t(channel)]; }

    QString describe(int layer, int channel) const
    {
        const FeatureMapLayer &l = layers[layer];
        if (l.isVector())
            return QString("%1\nunit %2: %3").arg(l.title).arg(channel).arg(shortNumber(valueAt(layer, channel)));
        const std::size_t plane = std::size_t(l.height) * l.width;
        const ValueRange r = valueRange(l.values.data() + channel * plane, plane);
        return QString("%1\nmap %2: %3 … %4").arg(l.title).arg(channel).arg(shortNumber(r.lo), shortNumber(r.hi));
    }

protected:
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            const auto [layer, channel] = mapAt(help->pos());
            if (layer >= 0)
                QToolTip::showText(help->globalPos(), describe(layer, channel), this,
                    layout().maps[std::size_t(layer)][std::size_t(channel)]);
            else
                QToolTip::hideText();
            return true;
        }
        if (event->type() == QEvent::FontChange)
            invalidate();
        return QWidget::event(event);
    }

    void mousePressEvent(QMouseEvent *event) override
    {
        const auto [layer, channel] = mapAt(event->position().toPoint());
        if (event->button() != Qt::LeftButton || layer < 0) {
            QWidget::mousePressEvent(event);
            return;
        }
        selLayer = layer;
        selChannel = channel;
        update();
        emit m_owner->mapClicked(layer, channel);
    }

    void mouseMoveEvent(QMouseEvent *event) override
    {
        setCursor(mapAt(event->position().toPoint()).first >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        QWidget::mouseMoveEvent(event);
    }

    void paintEvent(QPaintEvent *event) override;

    void contextMenuEvent(QContextMenuEvent *event) override
    {
        QMenu menu(this);
        addPlotExportActions(&menu, this, "feature-maps", [this] { return m_owner->picture(); });
        menu.exec(event->globalPos());
    }

private:
    void paintHeader(QPainter &p, const Layout &l) const;
    void paintDetail(QPainter &p, QRect box) const;

    FeatureMaps *m_owner;
    mutable Layout m_layout;
};

void FeatureMapsCanvas::paintHeader(QPainter &p, const Layout &l) const
{
    const QFontMetrics fm(p.font());
    p.drawText(QPoint(l.input.left(), l.input.top() - 2 - fm.descent()), "input");
    if (input.isNull())
        p.fillRect(l.input, palette().color(QPalette::Midlight));
    else
        drawPixelImage(p, fitted(input.size(), l.input), input);
    const QRect textBox(l.detail.left(), l.detail.top(), width() - l.detail.left() - kMargin, l.detail.height());
    const bool picked = selLayer >= 0 && selLayer < layers.size() && layers[selLayer].isValid();
    if (picked && !layers[selLayer].isVector())
        paintDetail(p, l.detail);
    else if (picked)
        p.drawText(textBox, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, describe(selLayer, selChannel));
    else if (!layers.isEmpty())
        p.drawText(textBox, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, "Click a map to see it larger.");
}

// The picked map, enlarged beside the input, with its layer and the value range of its scale.
void FeatureMapsCanvas::paintDetail(QPainter &p, QRect box) const
{
    const FeatureMapLayer &layer = layers[selLayer];
    const QImage &tile = tiles[std::size_t(selLayer)][std::size_t(selChannel)];
    const QFontMetrics fm(p.font());
    p.drawText(QPoint(box.left(), box.top() - 2 - fm.descent()), QString("map %1").arg(selChannel));
    const QRect r = fitted(tile.size(), box);
    drawPixelImage(p, r, tile);
    p.setPen(QColor(kSelected));
    p.drawRect(r.adjusted(-1, -1, 0, 0));

    const int x = box.right() + 2 * kMargin;
    const int textWidth = width() - x - kMargin;
    if (textWidth < 60)
        return;
    QColor ink = palette().color(QPalette::WindowText);
    p.setPen(ink);
    const QRect titleBox(x, box.top(), textWidth, 3 * fm.height());
    p.drawText(titleBox, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, layer.title);
    const std::size_t plane = std::size_t(layer.height) * layer.width;
    const ValueRange own = valueRange(layer.values.data() + selChannel * plane, plane);
    ink.setAlphaF(0.7f);
    p.setPen(ink);
    p.drawText(QPoint(x, box.top() + 3 * fm.height() + fm.ascent()),
        QString("values %1 … %2").arg(shortNumber(own.lo), shortNumber(own.hi)));
    // The layer's scale: what black and white mean in every tile of this row.
    const ValueRange r2 = ranges[std::size_t(selLayer)];
    const QRect bar(x, box.top() + 5 * fm.height(), std::min(140, textWidth), 8);
    QLinearGradient g(bar.topLeft(), bar.topRight());
    for (int k = 0; k <= 8; ++k)
        g.setColorAt(k / 8.0, QColor(sequentialColor(k / 8.0f, scale)));
    p.fillRect(bar, g);
    p.drawText(QPoint(x, bar.bottom() + 2 + fm.ascent()), shortNumber(r2.lo));
    const QString hi = shortNumber(r2.hi);
    p.drawText(QPoint(bar.right() - fm.horizontalAdvance(hi), bar.bottom() + 2 + fm.ascent()), hi);
}

void FeatureMapsCanvas::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.setFont(smallFont(font()));
    const QFontMetrics fm(p.font());
    const Layout &l = layout();
    QColor ink = palette().color(QPalette::WindowText);
    QColor dim = ink;
    dim.setAlphaF(0.7f);
    p.setPen(dim);
    if (event->rect().intersects(QRect(0, 0, width(), l.input.bottom() + 1)))
        paintHeader(p, l);

    for (qsizetype i = 0; i < layers.size(); ++i) {
        const FeatureMapLayer &layer = layers[i];
        const auto &rects = l.maps[std::size_t(i)];
        p.setPen(ink);
        p.drawText(QPoint(kMargin, l.titleY[std::size_t(i)]), layer.title);
        if (!layer.isValid()) {
            p.setPen(dim);
            p.drawText(QPoint(kMargin, l.titleY[std::size_t(i)] + fm.height() + 4), "no data");
            continue;
        }
        const ValueRange r = ranges[std::size_t(i)];
        const QString range = QString("%1 … %2").arg(shortNumber(r.lo), shortNumber(r.hi));
        const int titleRight = kMargin + fm.horizontalAdvance(layer.title) + 16;
        if (width() - kMargin - fm.horizontalAdvance(range) > titleRight) {
            p.setPen(dim);
            p.drawText(QPoint(width() - kMargin - fm.horizontalAdvance(range), l.titleY[std::size_t(i)]), range);
        }
        for (std::size_t c = 0; c < rects.size(); ++c) {
            if (!event->rect().intersects(rects[c].adjusted(-2, -2, 2, 2)))
                continue;
            if (layer.isVector()) {
                const float t = r.hi > r.lo ? (valueAt(int(i), int(c)) - r.lo) / (r.hi - r.lo) : 0.0f;
                p.fillRect(rects[c], QColor(sequentialColor(t, scale)));
            } else {
                drawPixelImage(p, rects[c], tiles[std::size_t(i)][c]);
            }
            if (int(i) == selLayer && int(c) == selChannel) {
                p.setPen(QPen(QColor(kSelected), 2));
                p.drawRect(QRectF(rects[c]).adjusted(-1, -1, 1, 1));
            }
        }
    }
}

FeatureMaps::FeatureMaps(QWidget *parent) : QScrollArea(parent), m_canvas(new FeatureMapsCanvas(this))
{
    setWidget(m_canvas);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setAutoFillBackground(false);
    m_canvas->setAutoFillBackground(false);
}

void FeatureMaps::setInput(const QImage &image)
{
    m_canvas->input = image;
    m_canvas->update();
}

void FeatureMaps::setInput(const std::vector<float> &values, int channels, int height, int width)
{
    if (channels <= 0 || height <= 0 || width <= 0 || values.size() != std::size_t(channels) * height * width) {
        setInput(QImage());
        return;
    }
    setInput(imageFromTensor(values.data(), channels, height, width));
}

void FeatureMaps::setLayers(const QList<FeatureMapLayer> &layers)
{
    auto sameShape = [](const FeatureMapLayer &a, const FeatureMapLayer &b) {
        return a.title == b.title && a.channels == b.channels && a.height == b.height && a.width == b.width
            && a.isValid() == b.isValid();
    };
    bool same = layers.size() == m_canvas->layers.size();
    for (qsizetype i = 0; same && i < layers.size(); ++i)
        same = sameShape(layers[i], m_canvas->layers[i]);
    m_canvas->layers = layers;
    m_canvas->rebuildTiles();
    if (same) {
        m_canvas->update();
        return;
    }
    if (m_canvas->selLayer >= layers.size()
        || (m_canvas->selLayer >= 0 && m_canvas->selChannel >= layers[m_canvas->selLayer].channels))
        m_canvas->selLayer = m_canvas->selChannel = -1;
    m_canvas->invalidate();
}

void FeatureMaps::clear()
{
    setInput(QImage());
    setLayers({});
}

void FeatureMaps::setColorScale(SequentialScale scale)
{
    m_canvas->scale = scale;
    m_canvas->rebuildTiles();
    m_canvas->update();
}

int FeatureMaps::layerCount() const
{
    return int(m_canvas->layers.size());
}

void FeatureMaps::selectMap(int layer, int channel)
{
    const bool ok = layer >= 0 && layer < layerCount() && channel >= 0 && channel < m_canvas->layers[layer].channels;
    m_canvas->selLayer = ok ? layer : -1;
    m_canvas->selChannel = ok ? channel : -1;
    m_canvas->update();
}

QPair<int, int> FeatureMaps::selectedMap() const
{
    return {m_canvas->selLayer, m_canvas->selChannel};
}

QWidget *FeatureMaps::canvas() const
{
    return m_canvas;
}

QRect FeatureMaps::mapRect(int layer, int channel) const
{
    const auto &maps = m_canvas->layout().maps;
    if (layer < 0 || layer >= int(maps.size()) || channel < 0 || channel >= int(maps[std::size_t(layer)].size()))
        return {};
    return maps[std::size_t(layer)][std::size_t(channel)];
}

QPair<int, int> FeatureMaps::mapAt(QPoint canvasPos) const
{
    return m_canvas->mapAt(canvasPos);
}

PlotPicture FeatureMaps::picture()
{
    return widgetPicture(m_canvas, "Feature maps");
}

QSize FeatureMaps::sizeHint() const
{
    return {580, 520};
}

} // namespace ds::widgets
