// ConfusionMatrix: how often each true class (rows) was predicted as each class (columns). Cells
// are shaded by their share of the row — blue on the diagonal (right), orange off it (mistakes) —
// with the count written in when it fits. Hovering tells the numbers in words; clicking a cell
// asks for those images (cellClicked); its context menu exports it.
#pragma once

#include "plotexport.h"

#include <QStringList>
#include <QWidget>

#include <vector>

namespace ds::widgets {

class ConfusionMatrix : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrix(QWidget *parent = nullptr);

    // counts[t * classes + p]: images of true class t predicted as p. A size that does not match
    // classes * classes clears the matrix. A class without a name is called by its index.
    void setMatrix(const std::vector<int> &counts, int classes, const QStringList &names = {});
    void clear();

    int classes() const { return m_classes; }
    int count(int trueClass, int predicted) const; // 0 when out of range
    int rowTotal(int trueClass) const;
    // Geometry, for tests: a cell (empty when out of range) and the cell under a point ({-1, -1}).
    QRect cellRect(int trueClass, int predicted) const;
    QPair<int, int> cellAt(QPoint pos) const;
    // "true 4, predicted 9: 12 images (2.4% of 4s)"
    QString describeCell(int trueClass, int predicted) const;
    // The fill of a cell: its row share shaded towards blue (diagonal) or orange (off it).
    static QColor cellColor(double share, bool diagonal);
    // What the widget shows, for export (the context menu's "Export as PNG…" and "…SVG…"), without
    // the hovered cell's outline.
    PlotPicture picture();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void cellClicked(int trueClass, int predicted);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct Layout {
        QRect grid; // the n x n cells
        int cell = 0;
        bool verticalColumnLabels = false;
    };
    Layout layout() const;
    QString name(int i) const;
    void paintLabels(QPainter &p, const Layout &l) const;

    std::vector<int> m_counts;
    int m_classes = 0;
    QStringList m_names;
    QPair<int, int> m_hover {-1, -1};
};

} // namespace ds::widgets
