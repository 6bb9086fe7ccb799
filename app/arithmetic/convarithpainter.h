// ConvArithPainter: draws one frame of the conv-arithmetic view to any QPainter (the widget, a
// PNG, an SVG, the frames of an animation), so that they all look the same. Left to right: the
// cells the window slides over (input, padding, inserted zeros), the kernel, the output, drawn to
// one scale; above them the case of the guide, below them the frame's multiply-add, the
// output-size formula with the numbers substituted, and notes. It also answers which cell a point
// falls on, for clicks.
#pragma once

#include "convarithformula.h"
#include "convarithmodel.h"

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QRectF>

#include <vector>

class QPainter;

namespace ds::widgets {

// The guide's colours: input cells blue, the kernel's window shaded dark, padding white and
// dashed, output cells cyan. The data colours stay the same on light and dark themes; only what
// is drawn as "empty" (padding, the background) follows the palette.
struct ConvArithColors {
    QColor background, ink, faintInk;
    QColor input, inputActive;
    QColor padding, paddingActive, paddingBorder, zero;
    QColor kernel;
    QColor outputPending, output, outputActive; // not yet computed, computed, this frame's
    QColor cropped; // a transposed convolution's cells cut away by its padding
    QColor outline; // around the window and the cell it writes
    QColor unvisited; // the hatching on input cells no window reads
    static ConvArithColors forPalette(const QPalette &palette);
};

struct ConvArithOptions {
    bool numbers = true; // the values in the cells and the multiply-add (where cells are big enough)
    bool text = true; // title, multiply-add, formulas and notes
    bool fillBackground = true;
    QFont font; // the text's base size; cell numbers scale with the cells
    QPalette palette;
};

enum class ConvArithGrid { None, Input, Kernel, Output };
struct ConvArithHit {
    ConvArithGrid grid = ConvArithGrid::None;
    int row = -1, col = -1; // input, kernel (as stored, not as drawn) or output coordinates
};

class ConvArithPainter {
public:
    // The layout is computed here, once; the model must outlive the painter.
    ConvArithPainter(const ConvArithModel &model, const ConvArithOptions &options, const QRectF &area);

    void paint(QPainter &p, int frame) const;

    // Cells in the area's coordinates; null where there is no such cell (or it is cropped away).
    QRectF inputCell(int r, int c) const;
    QRectF kernelCell(int r, int c) const; // as stored: rotated in TransposedDirect's drawing
    QRectF outputCell(int r, int c) const;
    // The grids as drawn: direct modes' source is the strip, scatter's target is the canvas.
    QRectF sourceCell(int sr, int sc) const;
    QRectF targetCell(int tr, int tc) const;
    QRectF sourceRect() const { return m_source; }
    QRectF kernelRect() const { return m_kernel; }
    QRectF targetRect() const { return m_target; }
    ConvArithHit hitTest(QPointF pos) const;
    qreal cellSize() const { return m_cell; }
    const ConvArithColors &colors() const { return m_colors; }

private:
    bool scatterMode() const { return m_model->mode() == ConvArithMode::TransposedScatter; }
    void layoutGrids(const QRectF &inner, qreal top, qreal height);
    void drawCell(QPainter &p, const QRectF &rect, const QColor &fill, Qt::PenStyle border, const QString &text) const;
    void drawHatch(QPainter &p, const QRectF &rect) const;
    void drawOutline(QPainter &p, const QRectF &rect) const;
    void drawSource(QPainter &p, int frame) const;
    void drawScatterSource(QPainter &p, int frame) const;
    void drawKernel(QPainter &p) const;
    void drawTarget(QPainter &p, int frame) const;
    void drawScatterTarget(QPainter &p, int frame) const;
    QStringList labelTexts() const; // under the source, the kernel and the target
    qreal labelWidth(const QRectF &grid) const { return grid.width() + m_gap * 0.9; }
    void drawLabels(QPainter &p) const;
    void drawText(QPainter &p, int frame) const;
    QStringList wrapEquation(const ConvArithEquation &eq) const;
    QColor textOn(const QColor &fill) const;
    bool cellNumbers() const;

    const ConvArithModel *m_model;
    ConvArithOptions m_options;
    ConvArithColors m_colors;
    ConvArithText m_text;
    QRectF m_area, m_inner, m_title, m_source, m_kernel, m_target, m_textBlock;
    QFont m_font, m_small, m_titleFont, m_cellFont, m_tapFont;
    qreal m_cell = 0, m_gap = 0, m_labelHeight = 0;
    int m_sh = 0, m_sw = 0, m_th = 0, m_tw = 0;
};

} // namespace ds::widgets
