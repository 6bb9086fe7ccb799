// ConvArithCanvas: the conv-arithmetic drawing as a widget. It owns the model (the numbers the
// user types live there), paints the current frame through ConvArithPainter, reports a click on a
// frame's cell (an output cell, or an input cell when scattering) and lets a double-click edit a
// number of the input or the kernel in place.
#pragma once

#include "convarithmodel.h"
#include "convarithpainter.h"

#include <QWidget>

#include <memory>

class QLineEdit;

namespace ds::widgets {

class ConvArithCanvas : public QWidget {
    Q_OBJECT
public:
    explicit ConvArithCanvas(QWidget *parent = nullptr);
    ~ConvArithCanvas() override;

    void setSetup(const ConvArithSetup &setup);
    const ConvArithModel &model() const { return m_model; }
    // Numbers set here (presets) repaint; the frame is kept when it still exists.
    void setNumbers(const std::vector<double> &input, const std::vector<double> &kernel);
    void resetNumbers();

    void setFrame(int frame); // clamped to the frames there are
    int frame() const { return m_frame; }
    void setShowNumbers(bool show);
    bool showNumbers() const { return m_numbers; }

    // The current layout, in widget coordinates: where each cell is (for tests and tooltips).
    const ConvArithPainter &layout() const;
    ConvArithOptions options() const;

    QSize sizeHint() const override { return {760, 500}; }
    QSize minimumSizeHint() const override { return {360, 260}; }

signals:
    void frameClicked(int frame);
    void numbersEdited();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void relayout();
    void startEdit(const ConvArithHit &hit);
    void finishEdit(bool commit);

    ConvArithModel m_model;
    int m_frame = 0;
    bool m_numbers = true;
    mutable std::unique_ptr<ConvArithPainter> m_painter; // rebuilt on first use after a change
    QLineEdit *m_editor = nullptr;
    ConvArithHit m_editing;
};

} // namespace ds::widgets
