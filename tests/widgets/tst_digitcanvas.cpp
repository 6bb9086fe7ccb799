// DigitCanvas: strokes drawn with the mouse become MNIST-style 28x28 inputs (20x20 box, centre of
// mass in the middle, values in [0, 1]); clearing by button, right-click and Delete.
#include "digitcanvas.h"

#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include <cmath>
#include <numeric>

using ds::widgets::DigitCanvas;

namespace {

struct Moments {
    double mass = 0, cx = 0, cy = 0;
    int left = 28, top = 28, right = -1, bottom = -1;
};

Moments moments(const std::vector<float> &p)
{
    Moments m;
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const float v = p[std::size_t(y * 28 + x)];
            m.mass += v;
            m.cx += v * (x + 0.5);
            m.cy += v * (y + 0.5);
            if (v > 0) {
                m.left = std::min(m.left, x);
                m.right = std::max(m.right, x);
                m.top = std::min(m.top, y);
                m.bottom = std::max(m.bottom, y);
            }
        }
    m.cx /= m.mass;
    m.cy /= m.mass;
    return m;
}

// A "7"-like stroke in the upper left of the canvas: off-centre on purpose.
void drawSeven(DigitCanvas &canvas)
{
    const QRect r = canvas.canvasRect();
    auto at
        = [&](double fx, double fy) { return QPoint(r.left() + int(fx * r.width()), r.top() + int(fy * r.height())); };
    QTest::mousePress(&canvas, Qt::LeftButton, {}, at(0.10, 0.10));
    const QPoint path[] = {at(0.2, 0.1), at(0.3, 0.1), at(0.45, 0.1), at(0.40, 0.25), at(0.33, 0.40), at(0.28, 0.55)};
    for (QPoint p : path)
        QTest::mouseMove(&canvas, p);
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, at(0.25, 0.6));
}

} // namespace

class TestDigitCanvas : public QObject {
    Q_OBJECT

private slots:
    void aStrokeBecomesAnMnistDigit()
    {
        DigitCanvas canvas;
        canvas.resize(280, 280);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QVERIFY(canvas.isEmpty());
        QSignalSpy changed(&canvas, &DigitCanvas::drawingChanged);
        drawSeven(canvas);
        QVERIFY(!canvas.isEmpty());
        QVERIFY(changed.count() >= 2); // on the press and always after the release
        const auto pixels = changed.last()[0].value<std::vector<float>>();
        QCOMPARE(pixels.size(), std::size_t(28 * 28));
        QCOMPARE(pixels, canvas.pixels());
        for (float v : pixels)
            QVERIFY(v >= 0.0f && v <= 1.0f);
        QVERIFY(*std::max_element(pixels.begin(), pixels.end()) > 0.9f);
        const Moments m = moments(pixels);
        QVERIFY2(std::abs(m.cx - 14) <= 1.0 && std::abs(m.cy - 14) <= 1.0,
            qPrintable(QString("centre of mass %1, %2").arg(m.cx).arg(m.cy)));
        // The ink's box is fitted into 20x20: its longer side is about 20 pixels.
        const int w = m.right - m.left + 1, h = m.bottom - m.top + 1;
        QVERIFY2(std::max(w, h) >= 19 && std::max(w, h) <= 21, qPrintable(QString("%1 x %2").arg(w).arg(h)));
        // A border of black all round, as in MNIST.
        for (int i = 0; i < 28; ++i) {
            QCOMPARE(pixels[std::size_t(i)], 0.0f);
            QCOMPARE(pixels[std::size_t(27 * 28 + i)], 0.0f);
        }

        const QImage image = canvas.digitImage();
        QCOMPARE(image.size(), QSize(28, 28));
        const auto brightest = std::max_element(pixels.begin(), pixels.end()) - pixels.begin();
        QVERIFY(qGray(image.pixel(int(brightest % 28), int(brightest / 28))) > 225);
    }

    void preprocessingKeepsTheAspectRatio()
    {
        // A tall thin bar: 20 high, much narrower than 20, and centred.
        QImage ink(400, 400, QImage::Format_Grayscale8);
        ink.fill(0);
        for (int y = 50; y < 350; ++y)
            for (int x = 30; x < 60; ++x)
                ink.scanLine(y)[x] = 255;
        const auto p = DigitCanvas::mnistPixels(ink);
        const Moments m = moments(p);
        QCOMPARE(m.bottom - m.top + 1, 20);
        QVERIFY(m.right - m.left + 1 <= 3);
        QVERIFY(std::abs(m.cx - 14) <= 0.6 && std::abs(m.cy - 14) <= 0.6);
        QImage blank(50, 50, QImage::Format_Grayscale8);
        blank.fill(0);
        QVERIFY(DigitCanvas::mnistPixels(blank).empty());
    }

    void reportsAreThrottled()
    {
        DigitCanvas canvas;
        canvas.resize(280, 280);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QSignalSpy changed(&canvas, &DigitCanvas::drawingChanged);
        const QRect r = canvas.canvasRect();
        QTest::mousePress(&canvas, Qt::LeftButton, {}, r.center());
        for (int i = 0; i < 100; ++i) // a hundred moves in far less than a second
            QTest::mouseMove(&canvas, r.center() + QPoint(i % 50 - 25, i / 4 - 12));
        QTest::mouseRelease(&canvas, Qt::LeftButton, {}, r.center());
        QVERIFY2(changed.count() <= 10, qPrintable(QString::number(changed.count())));
        QVERIFY(changed.count() >= 2);
    }

    void clearingEmptiesTheCanvas()
    {
        DigitCanvas canvas;
        canvas.resize(280, 280);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QSignalSpy cleared(&canvas, &DigitCanvas::cleared);
        QSignalSpy changed(&canvas, &DigitCanvas::drawingChanged);

        drawSeven(canvas);
        QTest::mouseClick(&canvas, Qt::RightButton, {}, canvas.canvasRect().center());
        QVERIFY(canvas.isEmpty());
        QVERIFY(canvas.pixels().empty());
        QCOMPARE(cleared.count(), 1);

        drawSeven(canvas);
        canvas.setFocus();
        QTest::keyClick(&canvas, Qt::Key_Delete);
        QVERIFY(canvas.isEmpty());
        QCOMPARE(cleared.count(), 2);

        drawSeven(canvas);
        auto *button = canvas.findChild<QToolButton *>();
        QVERIFY(button);
        QVERIFY(canvas.canvasRect().contains(button->geometry()));
        const int before = changed.count();
        button->click();
        QVERIFY(canvas.isEmpty());
        QCOMPARE(cleared.count(), 3);
        QCOMPARE(changed.count(), before); // clearing reports through cleared(), not an empty drawing
        // The canvas itself is black.
        const QImage shot = canvas.grab().toImage();
        QCOMPARE(shot.pixelColor(canvas.canvasRect().topLeft() + QPoint(3, 40)), QColor(Qt::black));

        // Clearing an empty canvas says nothing.
        canvas.clear();
        QCOMPARE(cleared.count(), 3);
    }

    void drawingShowsWhiteInk()
    {
        DigitCanvas canvas;
        canvas.resize(200, 200);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        const QPoint c = canvas.canvasRect().center();
        QTest::mousePress(&canvas, Qt::LeftButton, {}, c);
        QTest::mouseRelease(&canvas, Qt::LeftButton, {}, c);
        const QColor ink = canvas.grab().toImage().pixelColor(c);
        QVERIFY2(ink.lightness() > 240, qPrintable(ink.name()));
    }
};

QTEST_MAIN(TestDigitCanvas)
#include "tst_digitcanvas.moc"
