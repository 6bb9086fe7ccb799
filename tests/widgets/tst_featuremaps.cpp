// FeatureMaps and the shared image tiles: layers as titled rows of maps normalized per layer,
// vectors as strips of cells, clicks that pick a map, scrolling when deep.
#include "featuremaps.h"
#include "imagetiles.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace ds::widgets;

namespace {

// A conv layer of `channels` h x w maps: map c is a horizontal ramp from 0 to c + 1.
FeatureMapLayer ramps(int channels, int h, int w)
{
    FeatureMapLayer l {QString("conv, %1 maps → %1×%2×%3").arg(channels).arg(h).arg(w), channels, h, w, {}};
    for (int c = 0; c < channels; ++c)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                l.values.push_back(float(c + 1) * x / float(w - 1));
    return l;
}

FeatureMapLayer dense(int n)
{
    FeatureMapLayer l {QString("dense %1").arg(n), n, 1, 1, {}};
    for (int i = 0; i < n; ++i)
        l.values.push_back(float(i));
    return l;
}

} // namespace

class TestFeatureMaps : public QObject {
    Q_OBJECT

private slots:
    void tilesUseTheScales()
    {
        const float v[] = {-1.0f, 0.0f, 0.5f, 1.0f};
        const QImage d = divergingTile(v, 2, 2, 1.0f);
        QCOMPARE(d.pixel(0, 0), qRgb(0xf5, 0x93, 0x22));
        QCOMPARE(d.pixel(1, 1), qRgb(0x08, 0x77, 0xbd));
        const QImage g = sequentialTile(v, 2, 2, -1.0f, 1.0f);
        QCOMPARE(qGray(g.pixel(0, 0)), 0);
        QCOMPARE(qGray(g.pixel(1, 1)), 255);
        QCOMPARE(sequentialColor(0, SequentialScale::Viridis), qRgb(0x44, 0x01, 0x54));
        QCOMPARE(sequentialColor(1, SequentialScale::Viridis), qRgb(0xfd, 0xe7, 0x25));
        const float rgb[] = {1, 0, 0.5f};
        QCOMPARE(rgbTile(rgb, 1, 1, 0, 1).pixel(0, 0), qRgb(255, 0, 128));
        QCOMPARE(scaledNearest(g, 3).size(), QSize(6, 6));
        QCOMPARE(scaledNearest(g, 3).pixel(2, 2), g.pixel(0, 0));
        QCOMPARE(valueRange(v, 4).lo, -1.0f);
        QCOMPARE(maxAbs(v, 4), 1.0f);
        QCOMPARE(groupedCount(61706), QString("61,706"));
        QCOMPARE(groupedCount(999), QString("999"));
        QCOMPARE(groupedCount(1234567), QString("1,234,567"));
        QCOMPARE(shortNumber(-0.2134), QString(QChar(0x2212)) + "0.213");
        const float image[] = {0, 1, 2, 3};
        const QImage fromTensor = imageFromTensor(image, 1, 2, 2);
        QCOMPARE(qGray(fromTensor.pixel(0, 0)), 0);
        QCOMPARE(qGray(fromTensor.pixel(1, 1)), 255);
    }

    void layersAreRowsOfMaps()
    {
        FeatureMaps maps;
        maps.resize(600, 500);
        maps.setInput(std::vector<float>(28 * 28, 0.5f), 1, 28, 28);
        maps.setLayers({ramps(8, 28, 28), ramps(16, 7, 7), dense(10)});
        maps.show();
        QVERIFY(QTest::qWaitForWindowExposed(&maps));
        QCOMPARE(maps.layerCount(), 3);
        // Every map of a layer has the same size, with square pixels, in rows below its title.
        const QRect a = maps.mapRect(0, 0), b = maps.mapRect(0, 7);
        QCOMPARE(a.size(), b.size());
        QCOMPARE(a.width() % 28, 0);
        QVERIFY(maps.mapRect(1, 0).top() > b.bottom());
        QVERIFY(maps.mapRect(2, 0).top() > maps.mapRect(1, 15).bottom());
        QCOMPARE(maps.mapRect(1, 0).width() % 7, 0);
        // The dense layer is a strip of cells in one row.
        QCOMPARE(maps.mapRect(2, 9).top(), maps.mapRect(2, 0).top());
        QVERIFY(maps.mapRect(3, 0).isEmpty());
        QVERIFY(maps.mapRect(0, 8).isEmpty());
        // Rows wrap inside the width.
        for (int c = 0; c < 16; ++c)
            QVERIFY(maps.mapRect(1, c).right() < maps.canvas()->width());
    }

    void mapsAreNormalizedPerLayer()
    {
        FeatureMaps maps;
        maps.resize(600, 500);
        maps.setLayers({ramps(4, 14, 14)});
        maps.show();
        QVERIFY(QTest::qWaitForWindowExposed(&maps));
        const QImage image = maps.canvas()->grab().toImage();
        // Map 3 ramps 0..4 (the layer's maximum): white at its right edge; map 0 ramps 0..1: dark.
        const QRect m3 = maps.mapRect(0, 3), m0 = maps.mapRect(0, 0);
        QVERIFY(qGray(image.pixel(m3.right() - 1, m3.center().y())) > 245);
        QVERIFY(qGray(image.pixel(m3.left() + 1, m3.center().y())) < 10);
        QVERIFY(qGray(image.pixel(m0.right() - 1, m0.center().y())) < 80);
        // Dense cells too: the largest unit is white.
        maps.setLayers({ramps(4, 14, 14), dense(10)});
        // Once the new layers are laid out (a posted request), not after a fixed wait.
        auto pixel = [&](int unit) { return qGray(maps.canvas()->grab().toImage().pixel(maps.mapRect(1, unit).center())); };
        QTRY_VERIFY(pixel(9) > 245);
        QVERIFY(pixel(0) < 10);
    }

    void clickPicksAMap()
    {
        FeatureMaps maps;
        maps.resize(600, 500);
        maps.setLayers({ramps(8, 28, 28), dense(10)});
        maps.show();
        QVERIFY(QTest::qWaitForWindowExposed(&maps));
        QSignalSpy clicked(&maps, &FeatureMaps::mapClicked);
        QTest::mouseClick(maps.canvas(), Qt::LeftButton, {}, maps.mapRect(0, 5).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked[0][0].toInt(), 0);
        QCOMPARE(clicked[0][1].toInt(), 5);
        QCOMPARE(maps.selectedMap(), qMakePair(0, 5));
        QCOMPARE(maps.mapAt(maps.mapRect(1, 3).center()), qMakePair(1, 3));
        QTest::mouseClick(maps.canvas(), Qt::LeftButton, {}, QPoint(maps.canvas()->width() - 2, 2));
        QCOMPARE(clicked.count(), 1);
        // The same shapes keep the pick; new shapes that no longer have it drop it.
        maps.setLayers({ramps(8, 28, 28), dense(10)});
        QCOMPARE(maps.selectedMap(), qMakePair(0, 5));
        maps.setLayers({ramps(4, 28, 28)});
        QCOMPARE(maps.selectedMap(), qMakePair(-1, -1));
    }

    void deepNetworksScroll()
    {
        FeatureMaps maps;
        maps.resize(500, 300);
        QList<FeatureMapLayer> layers;
        for (int i = 0; i < 6; ++i)
            layers.append(ramps(16, 16, 16));
        maps.setLayers(layers);
        maps.show();
        QVERIFY(QTest::qWaitForWindowExposed(&maps));
        QTRY_VERIFY(maps.verticalScrollBar()->maximum() > 0);
        QVERIFY(maps.canvas()->height() > 800);
        QVERIFY(maps.canvas()->width() <= maps.viewport()->width());
    }

    void badLayersShowNoData()
    {
        FeatureMaps maps;
        maps.resize(400, 300);
        FeatureMapLayer broken {"broken", 2, 3, 3, {1.0f}};
        maps.setLayers({broken});
        maps.show();
        QVERIFY(QTest::qWaitForWindowExposed(&maps));
        QVERIFY(maps.mapRect(0, 0).isEmpty());
        QVERIFY(!maps.grab().isNull());
        maps.clear();
        QCOMPARE(maps.layerCount(), 0);
    }
};

QTEST_MAIN(TestFeatureMaps)
#include "tst_featuremaps.moc"
