// OutputMap: the network's output over the input plane (decision boundary or regression surface)
// with the data points on top, axis ticks and a colour legend. It paints the image and points it is
// given; a click reports where a point should be added, a hover reports where the mouse is.
#pragma once

#include "plotexport.h"

#include <QImage>
#include <QPixmap>
#include <QWidget>

#include <vector>

namespace ds::widgets {

// One data point in data coordinates. `value` is the class index (0, 1, 2, ...) for
// classification or the target in [-1, 1] for regression; `test` marks a held-out point.
struct MapPoint {
    float x = 0.0f, y = 0.0f, value = 0.0f;
    bool test = false;
};

class OutputMap : public QWidget {
    Q_OBJECT
public:
    explicit OutputMap(QWidget *parent = nullptr);

    // The heatmap over the domain, already coloured; row 0 is the top (largest y). Stretched to
    // the square plot area. Called at display rate, so it only repaints the plot.
    void setHeatmap(const QImage &image);
    // numClasses 0 means regression: a point's colour is divergingColor(value).
    void setPoints(std::vector<MapPoint> points, int numClasses);
    void setShowTestPoints(bool show);
    // Off: the bare map filling the widget, without ticks or the colour legend.
    void setShowAxes(bool show);
    // The plane shown, in data units: x from left() to right(), y from top() (the minimum, drawn at
    // the bottom) to bottom(). Default (-6, -6, 12, 12).
    void setDomain(const QRectF &domain);

    QRectF domain() const { return m_domain; }
    bool showTestPoints() const { return m_showTest; }
    bool showAxes() const { return m_showAxes; }

    // The square the heatmap fills, in widget pixels.
    QRectF plotRect() const;
    QPointF toWidget(float x, float y) const;
    QPointF toData(QPointF widgetPos) const;
    // What the widget shows, for export (the context menu's "Export as PNG…" and "…SVG…").
    PlotPicture picture() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void pointAdded(float x, float y);
    void hovered(float x, float y);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct Layout {
        QRectF plot, legend;
    };
    const Layout &layout() const;
    Layout computeLayout() const;
    void relayout();
    const QPixmap &heatmapPixmap();
    const QPixmap &pointsPixmap();
    void drawPoints(QPainter &p) const;
    void drawAxes(QPainter &p) const;
    void drawLegend(QPainter &p) const;
    void paintPicture(QPainter &p) const;
    QColor pointColor(const MapPoint &point) const;
    qreal pointRadius() const;

    QImage m_heatmap;
    std::vector<MapPoint> m_points;
    int m_numClasses = 2;
    bool m_showTest = false;
    bool m_showAxes = true;
    QRectF m_domain {-6, -6, 12, 12};

    // Computed on first use after a change: a hidden widget gets no resize event until shown,
    // and tests (and the app) ask for plotRect() before that.
    mutable Layout m_layout;
    mutable QSize m_layoutSize;
    mutable bool m_layoutDirty = true;

    // Heavy drawing cached: the heatmap scaled to the plot (rebuilt per heatmap), the points on a
    // transparent layer (rebuilt when the points, the plot or the palette change).
    QPixmap m_heatmapCache, m_pointsCache;
    QRectF m_pointsCachePlot;
    bool m_heatmapDirty = true, m_pointsDirty = true;
};

} // namespace ds::widgets
