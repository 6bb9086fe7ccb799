// LandscapeMap: (a, b) lands where it should (the centre is (0, 0), b grows upwards), the loss
// under a point is the grid's nearest, the contour levels lie inside the loss's range (log or
// not), the CSV holds every grid point, and a grid of the wrong size clears the map.
#include "landscapemap.h"

#include <QTest>

#include <cmath>

using ds::widgets::LandscapeMap;

namespace {

// A bowl: loss = a² + b² + 0.5 on a 5 × 5 grid over [-2, 2].
std::vector<float> bowl()
{
    std::vector<float> loss;
    for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 5; ++c) {
            const float a = -2.0f + c, b = -2.0f + r;
            loss.push_back(a * a + b * b + 0.5f);
        }
    return loss;
}

} // namespace

class TestLandscapeMap : public QObject {
    Q_OBJECT
private slots:
    void pointsLandWhereTheyShould()
    {
        LandscapeMap map;
        map.resize(300, 300);
        QVERIFY(map.isEmpty());
        map.setLandscape(5, 2.0, bowl(), {{1.5, 1.0}, {0.0, 0.0}});
        QVERIFY(!map.isEmpty());
        const QRectF plot = map.plotRect();
        QVERIFY(std::abs(map.toWidget(0, 0).x() - plot.center().x()) < 1e-9);
        QVERIFY(std::abs(map.toWidget(0, 0).y() - plot.center().y()) < 1e-9);
        QVERIFY(map.toWidget(0, 2).y() < map.toWidget(0, -2).y()); // b upwards
        QVERIFY(std::abs(map.toWidget(-2, 0).x() - plot.left()) < 1e-9);
        QCOMPARE(map.lossAt(map.toWidget(0, 0)), 0.5f);
        QCOMPARE(map.lossAt(map.toWidget(2, -2)), 8.5f);
        QCOMPARE(map.lossAt(map.toWidget(-1, 1)), 2.5f);
        QVERIFY(std::isnan(map.lossAt(QPointF(-10, -10))));
    }

    void contoursLieInTheLossRange()
    {
        LandscapeMap map;
        map.resize(200, 200);
        map.setLandscape(5, 2.0, bowl(), {});
        for (bool log : {false, true}) {
            map.setLogScale(log);
            const std::vector<float> levels = map.contourLevels();
            QCOMPARE(levels.size(), std::size_t(11));
            for (std::size_t i = 0; i < levels.size(); ++i) {
                QVERIFY(levels[i] > 0.5f && levels[i] < 8.5f);
                if (i > 0)
                    QVERIFY(levels[i] > levels[i - 1]);
            }
        }
        // It paints, hollow start and red centre included.
        QImage image(map.size(), QImage::Format_ARGB32);
        map.render(&image);
        const QPointF centre = map.toWidget(0, 0);
        const QColor red = image.pixelColor(centre.toPoint());
        QVERIFY2(red.red() > 180 && red.green() < 100, qPrintable(red.name()));
    }

    void csvHoldsTheGrid()
    {
        LandscapeMap map;
        map.setLandscape(5, 2.0, bowl(), {});
        const QList<QByteArray> lines = map.csv().trimmed().split('\n');
        QCOMPARE(lines.size(), 26);
        QCOMPARE(lines[0], QByteArray("a,b,loss"));
        QCOMPARE(lines[1], QByteArray("-2,-2,8.5"));
        QCOMPARE(lines[13], QByteArray("0,0,0.5"));
    }

    void aWrongSizeClears()
    {
        LandscapeMap map;
        map.setLandscape(5, 2.0, bowl(), {});
        map.setLandscape(4, 2.0, bowl(), {});
        QVERIFY(map.isEmpty());
        map.setLandscape(5, 0.0, bowl(), {});
        QVERIFY(map.isEmpty());
    }
};

QTEST_MAIN(TestLandscapeMap)
#include "tst_landscapemap.moc"
