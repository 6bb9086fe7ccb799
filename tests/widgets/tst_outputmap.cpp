// OutputMap: data/widget coordinates, clicks and hovers in data units, the heatmap and points as
// painted, and the axis and legend frame around them.
#include "colorscale.h"
#include "outputmap.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using ds::widgets::MapPoint;
using ds::widgets::OutputMap;

namespace {

bool near(QColor a, QColor b, int tolerance = 6)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

QImage solid(QColor c)
{
    QImage image(32, 32, QImage::Format_RGB32);
    image.fill(c);
    return image;
}

QColor pixel(QWidget &w, QPointF at)
{
    const QImage image = w.grab().toImage();
    const qreal dpr = image.devicePixelRatio();
    return image.pixelColor((at * dpr).toPoint());
}

int brightestAround(QWidget &w, QPointF at)
{
    const QImage image = w.grab().toImage();
    int brightest = 0;
    for (int dy = -6; dy <= 6; ++dy)
        for (int dx = -6; dx <= 6; ++dx)
            brightest = std::max(brightest, image.pixelColor(at.toPoint() + QPoint(dx, dy)).lightness());
    return brightest;
}

} // namespace

class TestOutputMap : public QObject {
    Q_OBJECT

private slots:
    void plotIsASquareInsideTheWidget()
    {
        OutputMap map;
        map.resize(320, 400);
        const QRectF r = map.plotRect();
        QVERIFY(r.width() > 200);
        QCOMPARE(r.width(), r.height());
        QVERIFY(QRectF(map.rect()).contains(r));
        map.resize(600, 300); // wide: the square follows the height
        QCOMPARE(map.plotRect().width(), map.plotRect().height());
        QVERIFY(map.plotRect().height() < 300);
    }

    void coordinatesRoundTrip()
    {
        OutputMap map;
        map.resize(300, 340);
        const QRectF r = map.plotRect();
        QCOMPARE(map.toWidget(-6, 6), r.topLeft());
        QCOMPARE(map.toWidget(6, -6), r.bottomRight());
        QCOMPARE(map.toWidget(0, 0), r.center());
        const QPointF d = map.toData(map.toWidget(2.5f, -1.25f));
        QVERIFY(qAbs(d.x() - 2.5) < 1e-4);
        QVERIFY(qAbs(d.y() + 1.25) < 1e-4);

        map.setDomain(QRectF(0, 0, 1, 2)); // y runs up from top() = 0 to bottom() = 2
        QCOMPARE(map.toWidget(0, 0), map.plotRect().bottomLeft());
        QCOMPARE(map.toWidget(1, 2), map.plotRect().topRight());
    }

    void clickAddsAPointInDataCoordinates()
    {
        OutputMap map;
        map.resize(300, 340);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        QSignalSpy added(&map, &OutputMap::pointAdded);
        QTest::mouseClick(&map, Qt::LeftButton, {}, map.toWidget(2, -3).toPoint());
        QCOMPARE(added.count(), 1);
        // One pixel is 12 / side data units; allow for rounding to whole pixels.
        const double pixel = 12.0 / map.plotRect().width();
        QVERIFY(qAbs(added[0][0].toFloat() - 2.0f) <= pixel);
        QVERIFY(qAbs(added[0][1].toFloat() + 3.0f) <= pixel);

        QTest::mouseClick(&map, Qt::LeftButton, {}, QPoint(1, map.height() - 2)); // outside the plot
        QCOMPARE(added.count(), 1);
        QTest::mouseClick(&map, Qt::RightButton, {}, map.toWidget(0, 0).toPoint());
        QCOMPARE(added.count(), 1);
    }

    void hoverReportsDataCoordinates()
    {
        OutputMap map;
        map.resize(300, 340);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        QSignalSpy hovered(&map, &OutputMap::hovered);
        QTest::mouseMove(&map, map.toWidget(-4, 1).toPoint());
        QTRY_VERIFY(hovered.count() >= 1);
        const double pixel = 12.0 / map.plotRect().width();
        QVERIFY(qAbs(hovered.last()[0].toFloat() + 4.0f) <= pixel);
        QVERIFY(qAbs(hovered.last()[1].toFloat() - 1.0f) <= pixel);
    }

    void heatmapFillsThePlot()
    {
        OutputMap map;
        map.resize(300, 340);
        const QColor blue(0x08, 0x77, 0xbd);
        map.setHeatmap(solid(blue));
        const QRectF r = map.plotRect();
        const QImage image = map.grab().toImage();
        for (QPointF at : {r.center(), r.topLeft() + QPointF(2, 2), r.bottomRight() - QPointF(2, 2)})
            QVERIFY2(near(image.pixelColor(at.toPoint()), blue), qPrintable(image.pixelColor(at.toPoint()).name()));
        // Outside the plot (the tick-label margin) is not blue.
        QVERIFY(!near(image.pixelColor(QPoint(1, int(r.center().y()))), blue));

        // Row 0 of the image is the top of the plane.
        QImage halves(2, 2, QImage::Format_RGB32);
        halves.setPixelColor(0, 0, Qt::red);
        halves.setPixelColor(1, 0, Qt::red);
        halves.setPixelColor(0, 1, Qt::green);
        halves.setPixelColor(1, 1, Qt::green);
        map.setHeatmap(halves);
        QVERIFY(near(pixel(map, map.toWidget(0, 5.5f)), Qt::red, 10));
        QVERIFY(near(pixel(map, map.toWidget(0, -5.5f)), Qt::green, 10));
    }

    void pointsHaveTheirClassColour()
    {
        OutputMap map;
        map.resize(300, 340);
        map.setHeatmap(solid(QColor(ds::widgets::divergingColor(0))));
        map.setPoints({{-3, 3, 0, false}, {3, -3, 1, false}, {3, 3, 1, true}}, 2);
        QVERIFY(near(pixel(map, map.toWidget(-3, 3)), ds::widgets::classColor(0, 2)));
        QVERIFY(near(pixel(map, map.toWidget(3, -3)), ds::widgets::classColor(1, 2)));
        // Training points have a white rim, whiter than the grey heatmap around them.
        QVERIFY(brightestAround(map, map.toWidget(3, -3)) > 245);

        // Test points are hidden until asked for, then drawn with a dark outline.
        const QColor grey(ds::widgets::divergingColor(0));
        QVERIFY(near(pixel(map, map.toWidget(3, 3)), grey));
        map.setShowTestPoints(true);
        QVERIFY(!near(pixel(map, map.toWidget(3, 3)), grey));
        const QImage image = map.grab().toImage();
        int darkest = 255;
        const QPoint c = map.toWidget(3, 3).toPoint();
        for (int dy = -5; dy <= 5; ++dy)
            for (int dx = -5; dx <= 5; ++dx)
                darkest = std::min(darkest, image.pixelColor(c + QPoint(dx, dy)).lightness());
        QVERIFY2(darkest < 90, qPrintable(QString::number(darkest)));
    }

    void regressionPointsUseTheDivergingScale()
    {
        OutputMap map;
        map.resize(300, 340);
        map.setPoints({{-2, 0, -1.0f, false}, {2, 0, 0.5f, false}}, 0);
        QVERIFY(near(pixel(map, map.toWidget(-2, 0)), QColor(ds::widgets::divergingColor(-1.0f))));
        QVERIFY(near(pixel(map, map.toWidget(2, 0)), QColor(ds::widgets::divergingColor(0.5f))));
    }

    void manyClassesUseTheirOwnColours()
    {
        OutputMap map;
        map.resize(300, 340);
        map.setPoints({{0, 0, 2, false}}, 3);
        QVERIFY(near(pixel(map, map.toWidget(0, 0)), ds::widgets::classColor(2, 3)));
    }

    void axesCanBeHidden()
    {
        OutputMap map;
        map.resize(300, 300);
        const qreal withAxes = map.plotRect().width();
        map.setShowAxes(false);
        QVERIFY(map.plotRect().width() > withAxes);
        QVERIFY(map.plotRect().width() >= 296);
        QVERIFY(!map.grab().isNull());
    }

    void legendIsDrawnBelowThePlot()
    {
        OutputMap map;
        map.resize(300, 340);
        const QImage image = map.grab().toImage();
        const QRectF r = map.plotRect();
        // The legend's bar runs from orange to blue somewhere below the tick labels.
        bool orange = false, blue = false;
        for (int y = int(r.bottom()) + 1; y < image.height(); ++y)
            for (int x = int(r.left()); x < int(r.right()); ++x) {
                const QColor c = image.pixelColor(x, y);
                orange = orange || near(c, QColor(0xf5, 0x93, 0x22), 12);
                blue = blue || near(c, QColor(0x08, 0x77, 0xbd), 12);
            }
        QVERIFY(orange);
        QVERIFY(blue);
    }

    void repeatedHeatmapsAreCheap()
    {
        OutputMap map;
        map.resize(400, 440);
        std::vector<MapPoint> points;
        for (int i = 0; i < 1000; ++i)
            points.push_back({float(i % 40) * 0.3f - 6, float(i / 40) * 0.48f - 6, float(i % 2), i % 5 == 0});
        map.setPoints(points, 2);
        map.setShowTestPoints(true);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        QImage image(100, 100, QImage::Format_RGB32);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 60; ++i) {
            image.fill(QColor(ds::widgets::divergingColor(i / 30.0f - 1.0f)));
            map.setHeatmap(image);
            map.repaint(map.plotRect().toAlignedRect());
        }
        // 60 frames of a 1,000-point map: well under a second even on a slow machine.
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_MAIN(TestOutputMap)
#include "tst_outputmap.moc"
