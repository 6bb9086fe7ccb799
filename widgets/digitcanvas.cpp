#include "digitcanvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

// About an eleventh of the canvas: a digit drawn at a natural size ends up with MNIST's stroke
// of two to three pixels once its box is scaled to 20x20.
constexpr qreal kPenWidth = DigitCanvas::kInk / 11.0;
constexpr int kReportIntervalMs = 33; // at most ~30 reports a second while drawing

struct Box {
    int left = 0, top = 0, right = -1, bottom = -1;
    bool empty() const { return right < left; }
};

Box inkBox(const QImage &gray)
{
    Box b {gray.width(), gray.height(), -1, -1};
    for (int y = 0; y < gray.height(); ++y) {
        const uchar *line = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x)
            if (line[x]) {
                b.left = std::min(b.left, x);
                b.right = std::max(b.right, x);
                b.top = std::min(b.top, y);
                b.bottom = std::max(b.bottom, y);
            }
    }
    return b;
}

} // namespace

DigitCanvas::DigitCanvas(QWidget *parent) : QWidget(parent), m_ink(kInk, kInk, QImage::Format_Grayscale8)
{
    m_ink.fill(0);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::CrossCursor);
    setToolTip("Draw a digit with the mouse; right-click or Delete clears it");

    m_clear = new QToolButton(this);
    m_clear->setText("Clear");
    m_clear->setToolTip("Clear the drawing (Delete)");
    m_clear->setCursor(Qt::ArrowCursor);
    m_clear->setFocusPolicy(Qt::NoFocus);
    // Light text on the black canvas, whatever the window's theme.
    m_clear->setStyleSheet("QToolButton { color: #e8eaeb; background: rgba(255, 255, 255, 36); border: none;"
                           " border-radius: 3px; padding: 2px 8px; }"
                           "QToolButton:hover { background: rgba(255, 255, 255, 72); }");
    connect(m_clear, &QToolButton::clicked, this, &DigitCanvas::clear);
    m_clear->hide(); // nothing to clear yet
}

void DigitCanvas::clear()
{
    m_ink.fill(0);
    m_drawing = false;
    const bool had = m_hasInk;
    m_hasInk = false;
    m_clear->hide();
    update();
    if (had)
        emit cleared();
}

bool DigitCanvas::isEmpty() const
{
    return !m_hasInk;
}

std::vector<float> DigitCanvas::pixels() const
{
    return m_hasInk ? mnistPixels(m_ink) : std::vector<float>();
}

QImage DigitCanvas::digitImage() const
{
    QImage image(kSide, kSide, QImage::Format_Grayscale8);
    image.fill(0);
    const std::vector<float> p = pixels();
    for (int y = 0; y < kSide && !p.empty(); ++y) {
        uchar *line = image.scanLine(y);
        for (int x = 0; x < kSide; ++x)
            line[x] = uchar(std::lround(std::clamp(p[std::size_t(y * kSide + x)], 0.0f, 1.0f) * 255.0f));
    }
    return image;
}

std::vector<float> DigitCanvas::mnistPixels(const QImage &ink)
{
    const QImage gray
        = ink.format() == QImage::Format_Grayscale8 ? ink : ink.convertToFormat(QImage::Format_Grayscale8);
    const Box b = inkBox(gray);
    if (b.empty())
        return {};
    const int w = b.right - b.left + 1, h = b.bottom - b.top + 1;
    const int side = std::max(w, h);
    const QSize fitted(
        std::max(1, int(std::lround(double(w) * kBox / side))), std::max(1, int(std::lround(double(h) * kBox / side))));
    // Qt's smooth scaling averages areas when shrinking (RGB32 is the format it is exact for).
    const QImage box = gray.copy(b.left, b.top, w, h)
                           .convertToFormat(QImage::Format_RGB32)
                           .scaled(fitted, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);

    // Centre of mass, with pixel i covering [i, i + 1).
    double mass = 0, mx = 0, my = 0;
    for (int y = 0; y < box.height(); ++y)
        for (int x = 0; x < box.width(); ++x) {
            const double v = qRed(box.pixel(x, y));
            mass += v;
            mx += v * (x + 0.5);
            my += v * (y + 0.5);
        }
    if (mass <= 0)
        return {};
    // Whole-pixel shift that brings it to (14, 14), kept inside the image so no ink is lost.
    const int ox = std::clamp(int(std::lround(kSide / 2.0 - mx / mass)), 0, kSide - box.width());
    const int oy = std::clamp(int(std::lround(kSide / 2.0 - my / mass)), 0, kSide - box.height());
    std::vector<float> out(std::size_t(kSide) * kSide, 0.0f);
    for (int y = 0; y < box.height(); ++y)
        for (int x = 0; x < box.width(); ++x)
            out[std::size_t((oy + y) * kSide + ox + x)] = qRed(box.pixel(x, y)) / 255.0f;
    return out;
}

QRect DigitCanvas::canvasRect() const
{
    const int side = std::max(0, std::min(width(), height()) - 2);
    return {(width() - side) / 2, (height() - side) / 2, side, side};
}

QPointF DigitCanvas::toInk(QPointF pos) const
{
    const QRect r = canvasRect();
    const qreal k = r.width() > 0 ? qreal(kInk) / r.width() : 1.0;
    return (pos - QPointF(r.topLeft())) * k;
}

void DigitCanvas::strokeTo(QPointF at)
{
    QPainter p(&m_ink);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Qt::white, kPenWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    if (at == m_last)
        p.drawPoint(at);
    else
        p.drawLine(m_last, at);
    m_last = at;
    m_hasInk = true;
    m_clear->show();
    update(canvasRect());
}

void DigitCanvas::report()
{
    m_sinceReport.start();
    const std::vector<float> p = pixels();
    if (!p.empty())
        emit drawingChanged(p);
}

void DigitCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRect r = canvasRect();
    p.fillRect(r, Qt::black);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    if (m_hasInk) {
        p.drawImage(r, m_ink);
    } else {
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.1);
        p.setFont(f);
        p.setPen(QColor(0x90, 0x90, 0x90));
        p.drawText(r, Qt::AlignCenter, "Draw a digit here");
    }
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(r).adjusted(-1, -1, 1, 1));
    }
}

void DigitCanvas::resizeEvent(QResizeEvent *)
{
    const QRect r = canvasRect();
    const QSize s = m_clear->sizeHint();
    m_clear->setGeometry(r.right() - s.width() - 5, r.top() + 5, s.width(), s.height());
}

void DigitCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::RightButton) {
        clear();
        return;
    }
    if (event->button() != Qt::LeftButton || !canvasRect().contains(event->position().toPoint())) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_drawing = true;
    m_last = toInk(event->position());
    strokeTo(m_last);
    report();
}

void DigitCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_drawing) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    strokeTo(toInk(event->position()));
    if (m_sinceReport.elapsed() >= kReportIntervalMs)
        report();
}

void DigitCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_drawing) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    strokeTo(toInk(event->position()));
    m_drawing = false;
    report(); // always after a stroke, whatever the throttle held back
}

void DigitCanvas::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
        clear();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace ds::widgets
