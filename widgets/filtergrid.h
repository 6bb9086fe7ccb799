// FilterGrid: the first convolution layer's filters, one tile each, blown up with square pixels
// in a grid that wraps to the widget's width, under a caption ("8 filters · 5×5"). One input
// channel uses the diverging scale (negative orange, 0 grey, positive blue), normalized per
// filter around 0 or with one scale for all; three channels show as colour, each filter min-max
// normalized. Hovering a tile tells its index and value range. Its context menu also exports it.
#pragma once

#include "plotexport.h"

#include <QImage>
#include <QWidget>

#include <vector>

namespace ds::widgets {

class FilterGrid : public QWidget {
    Q_OBJECT
public:
    explicit FilterGrid(QWidget *parent = nullptr);

    // Weights laid out (count, channels, kh, kw) as in PyTorch; a size that does not match
    // count * channels * kh * kw clears the grid. Channels other than 3 show their mean on the
    // diverging scale.
    void setFilters(const std::vector<float> &weights, int count, int channels, int kh, int kw);
    void clear();
    // On: one symmetric scale (the largest |weight| of all filters) so filters compare with each
    // other; off (default): each filter uses its own, so weak ones still show their pattern.
    // The context menu toggles it too.
    void setSharedScale(bool shared);
    bool sharedScale() const { return m_sharedScale; }

    int filterCount() const { return m_count; }
    QString caption() const;
    // Geometry for tests and tooltips: the tile of filter i (empty when out of range) and the
    // filter under a point (-1 for none).
    QRect tileRect(int i) const;
    int filterAt(QPoint pos) const;
    QString toolTipFor(int i) const;
    // What the widget shows, for export (the context menu's "Export as PNG…" and "…SVG…").
    PlotPicture picture();

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void sharedScaleChanged(bool shared);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Grid {
        int scale = 1, columns = 1, top = 0, left = 0;
    };
    Grid gridFor(int width, int height) const;
    int captionHeight() const;
    void rebuildTiles();

    std::vector<float> m_weights;
    int m_count = 0, m_channels = 0, m_kh = 0, m_kw = 0;
    bool m_sharedScale = false;
    std::vector<QImage> m_tiles; // one unscaled kw x kh image per filter
    std::vector<std::pair<float, float>> m_ranges; // each filter's min and max
};

} // namespace ds::widgets
