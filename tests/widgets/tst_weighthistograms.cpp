// WeightHistograms, offscreen: the bins count every finite weight on one shared, round axis, and
// each layer's bars sit in its own row in the colour of their values.
#include "weighthistograms.h"

#include <QTest>

#include <cmath>
#include <numeric>

using namespace ds::widgets;

class TestWeightHistograms : public QObject {
    Q_OBJECT

    static int total(const std::vector<int> &counts) { return std::accumulate(counts.begin(), counts.end(), 0); }

private slots:
    void binsShareOneRoundAxis()
    {
        WeightHistograms w;
        w.setLayers({{"hidden 1", {-0.3f, 0.0f, 0.0f, 0.3f, NAN, INFINITY}}, {"output", {1.7f, -0.01f}}});
        QCOMPARE(w.layerCount(), 2);
        QCOMPARE(w.range(), 2.0f); // the largest weight, 1.7, rounded up to a nice number
        QCOMPARE(total(w.counts(0)), 4); // NaN and infinity left out
        QCOMPARE(total(w.counts(1)), 2);
        // Zero has the middle bin; symmetric weights land in mirrored bins.
        const int middle = WeightHistograms::kBins / 2;
        QCOMPARE(w.counts(0)[middle], 2);
        int left = -1, right = -1;
        for (int b = 0; b < WeightHistograms::kBins; ++b)
            if (w.counts(0)[std::size_t(b)] == 1)
                (left < 0 ? left : right) = b;
        QCOMPARE(left + right, WeightHistograms::kBins - 1);
        // The largest weight falls in a bin, not off the axis.
        const int largest = int(std::floor((1.7 + 2.0) / 4.0 * WeightHistograms::kBins));
        QCOMPARE(w.counts(1)[std::size_t(largest)], 1);
    }

    // Negative weights in orange on the left of their row, positive in blue on the right.
    void drawsEachLayerInItsRow()
    {
        WeightHistograms w;
        w.resize(320, 240);
        w.setLayers({{"hidden 1", std::vector<float>(40, -0.8f)}, {"output", std::vector<float>(40, 0.8f)}});
        const QImage image = w.grab().toImage();
        auto count = [&](int x0, int x1, int y0, int y1, auto test) {
            int n = 0;
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x)
                    n += test(image.pixelColor(x, y));
            return n;
        };
        auto orange = [](QColor c) { return c.red() > 200 && c.blue() < 120; };
        auto blue = [](QColor c) { return c.blue() > 150 && c.red() < 120; };
        const int half = image.width() / 2, mid = image.height() / 2;
        QVERIFY(count(0, half, 0, mid, orange) > 50);
        QCOMPARE(count(half, image.width(), 0, image.height(), orange), 0);
        QVERIFY(count(half, image.width(), mid, image.height(), blue) > 50);
        QCOMPARE(count(0, half, 0, image.height(), blue), 0);
    }

    void emptyAndDegenerate()
    {
        WeightHistograms w;
        w.resize(200, 150);
        QVERIFY(!w.grab().isNull()); // "No weights yet"
        w.setLayers({{"zeros", std::vector<float>(10, 0.0f)}, {"none", {}}});
        QCOMPARE(w.range(), 1.0f);
        QCOMPARE(w.counts(0)[WeightHistograms::kBins / 2], 10);
        QCOMPARE(total(w.counts(1)), 0);
        w.resize(10, 10); // too small to draw: no crash
        QVERIFY(!w.grab().isNull());
    }
};

QTEST_MAIN(TestWeightHistograms)
#include "tst_weighthistograms.moc"
