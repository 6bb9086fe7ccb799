// LandscapeMap: a loss landscape as a contour map — the loss over a grid of (a, b) around the
// current weights, coloured (viridis, dark = low) with contour lines, the training path drawn on
// it from its start (hollow) to now (the red dot at the centre). Linear or log loss. Hovering
// tells the loss at a point; the context menu exports the picture and the grid as CSV.
#pragma once

#include "plotexport.h"

#include <QPointF>
#include <QVector>
#include <QWidget>

#include <utility>
#include <vector>

namespace ds::widgets {

class LandscapeMap : public QWidget {
    Q_OBJECT
public:
    explicit LandscapeMap(QWidget *parent = nullptr);

    // size × size losses, row by row from b = -range (bottom) to +range (top), columns from
    // a = -range (left) to +range (right); `path` in the same (a, b) units, oldest first. A size
    // below 2 or a count that does not match clears the map.
    void setLandscape(int size, double range, const std::vector<float> &loss, const QVector<QPointF> &path);
    void clear();
    void setLogScale(bool on);
    bool logScale() const { return m_log; }
    void setPlaceholderText(const QString &text);
    bool isEmpty() const { return m_size < 2; }

    // Geometry, for tests and tooltips: where (a, b) is drawn, and the loss nearest a point
    // (NaN outside the map).
    QRectF plotRect() const;
    QPointF toWidget(double a, double b) const;
    float lossAt(QPointF widgetPos) const;
    // The contour levels drawn (in loss units, whatever the scale).
    std::vector<float> contourLevels() const;
    QByteArray csv() const; // a,b,loss per line
    PlotPicture picture();

    QSize sizeHint() const override { return {300, 260}; }
    QSize minimumSizeHint() const override { return {140, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void paint(QPainter &p, const QRectF &plot) const;
    float shown(float loss) const; // what the colour and the contours follow (log or not)
    std::pair<float, float> shownRange() const; // of the finite losses, as shown

    int m_size = 0;
    double m_range = 1.0;
    std::vector<float> m_loss;
    QVector<QPointF> m_path;
    bool m_log = false;
    QString m_placeholder;
};

} // namespace ds::widgets
