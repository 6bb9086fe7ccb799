// DigitCanvas: a black square to draw a digit on with the mouse (a thick, round, anti-aliased
// white pen), for asking a trained MNIST network what it sees. While drawing (at most about 30
// times a second) and after each stroke it reports the drawing as the network's 28x28 input,
// prepared as MNIST's digits were: the ink's bounding box scaled to fit 20x20 keeping its aspect
// ratio, then placed in 28x28 with its centre of mass at the centre. Clear with the button,
// a right-click or Delete.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QWidget>

#include <vector>

class QToolButton;

namespace ds::widgets {

class DigitCanvas : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSide = 28; // MNIST's image
    static constexpr int kBox = 20; // the box a digit is scaled into
    static constexpr int kInk = 448; // the drawing's own resolution (16 per MNIST pixel)

    explicit DigitCanvas(QWidget *parent = nullptr);

    void clear();
    bool isEmpty() const;
    // The drawing as 28x28 values in [0, 1], row-major, 0 black; empty when nothing is drawn.
    std::vector<float> pixels() const;
    // The same as a 28x28 grayscale image, for display (black when nothing is drawn).
    QImage digitImage() const;
    // The raw ink at kInk x kInk (Format_Grayscale8), e.g. to save what was drawn.
    const QImage &ink() const { return m_ink; }

    // MNIST's preparation of any grayscale drawing (white ink on black): the ink's bounding box
    // fitted into 20x20 keeping the aspect ratio (area-averaged, so edges turn grey), placed in
    // 28x28 so that its centre of mass falls on the centre. Empty when there is no ink.
    static std::vector<float> mnistPixels(const QImage &ink);

    // The square that is drawn on, in widget coordinates.
    QRect canvasRect() const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }
    QSize sizeHint() const override { return {280, 280}; }
    QSize minimumSizeHint() const override { return {112, 112}; }

signals:
    void drawingChanged(const std::vector<float> &pixels);
    void cleared();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QPointF toInk(QPointF widgetPos) const;
    void strokeTo(QPointF inkPos);
    void report();

    QImage m_ink;
    QPointF m_last;
    bool m_drawing = false;
    bool m_hasInk = false;
    QElapsedTimer m_sinceReport;
    QToolButton *m_clear;
};

} // namespace ds::widgets
