// ReceptiveFieldMap: the maps of a layer stack side by side, input first, all at one scale, with
// the receptive field of one chosen output cell shaded on every map, reaching into the padding
// where it does. A click (or the arrow keys) on the last map chooses the cell.
#pragma once

#include "convarithmodel.h"
#include "convarithstack.h"

#include <QWidget>

#include <vector>

namespace ds::widgets {

class ReceptiveFieldMap : public QWidget {
    Q_OBJECT
public:
    explicit ReceptiveFieldMap(QWidget *parent = nullptr);

    void setStack(const std::vector<ConvWindow> &layers, int inH, int inW);
    const std::vector<ConvWindow> &stack() const { return m_layers; }
    // The sizes of maps 0 (input) .. layers (output) along each axis; 0 once a window stops fitting.
    const std::vector<int> &heights() const { return m_heights; }
    const std::vector<int> &widths() const { return m_widths; }
    bool valid() const;
    int outH() const { return valid() ? m_heights.back() : 0; }
    int outW() const { return valid() ? m_widths.back() : 0; }

    // The chosen cell of the output map, clamped to it.
    void setSelected(GridCell cell);
    GridCell selected() const { return m_selected; }
    // The receptive field on map `map` (0 = input), per axis, in that map's cells (may pass its edges).
    CellSpan rowSpan(int map) const;
    CellSpan colSpan(int map) const;

    // Cell (r, c) of map `map`, in widget coordinates (also for cells of its padding).
    QRectF cellRect(int map, int r, int c) const;

    QSize sizeHint() const override { return {760, 380}; }
    QSize minimumSizeHint() const override { return {320, 160}; }

signals:
    void selectedChanged(int row, int col);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Layout {
        qreal cell = 0;
        std::vector<QRectF> maps; // each map's own cells; its padding lies around it
        qreal labelTop = 0;
    };
    Layout computeLayout() const;
    void drawMap(QPainter &p, int map, const Layout &layout) const;

    std::vector<ConvWindow> m_layers;
    std::vector<int> m_heights, m_widths;
    GridCell m_selected {0, 0};
};

} // namespace ds::widgets
