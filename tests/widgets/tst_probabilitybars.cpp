// ProbabilityBars: bar lengths follow the probabilities, the top class is highlighted, and rows
// and text grow with the widget.
#include "probabilitybars.h"

#include <QTest>

using ds::widgets::ProbabilityBars;

namespace {

const QStringList kDigits {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

std::vector<float> sample()
{
    std::vector<float> p(10, 0.01f);
    p[7] = 0.85f;
    p[1] = 0.06f;
    return p;
}

bool blue(QColor c)
{
    return c.blue() > c.red() + 80;
}

} // namespace

class TestProbabilityBars : public QObject {
    Q_OBJECT

private slots:
    void barsFollowTheProbabilities()
    {
        ProbabilityBars bars;
        bars.resize(320, 280);
        bars.setProbabilities(sample(), kDigits);
        QCOMPARE(bars.count(), 10);
        QCOMPARE(bars.highest(), 7);
        const QRect track = bars.trackRect(7);
        QVERIFY(std::abs(bars.barRect(7).width() - 0.85 * track.width()) <= 1);
        QVERIFY(bars.barRect(1).width() < bars.barRect(7).width() / 10);
        QVERIFY(bars.trackRect(0).top() < bars.trackRect(9).top());
        QVERIFY(QRect(bars.rect()).contains(bars.trackRect(9)));

        const QImage image = bars.grab().toImage();
        const QRect top = bars.barRect(7);
        const QColor topColour = image.pixelColor(top.center());
        QVERIFY2(blue(topColour), qPrintable(topColour.name()));
        QCOMPARE(topColour, QColor(0x08, 0x77, 0xbd));
        // Another class is drawn quieter than the winner, and its empty track is not blue.
        const QColor other = image.pixelColor(bars.barRect(1).center());
        QVERIFY(other != topColour);
        const QColor empty = image.pixelColor(bars.trackRect(7).right() - 2, top.center().y());
        QVERIFY(!blue(empty));
    }

    void percentagesAreWritten()
    {
        QCOMPARE(ProbabilityBars::percentText(0.853f), QString("85%"));
        QCOMPARE(ProbabilityBars::percentText(0.024f), QString("2.4%"));
        QCOMPARE(ProbabilityBars::percentText(0.0f), QString("0%"));
        QCOMPARE(ProbabilityBars::percentText(1.0f), QString("100%"));
        QCOMPARE(ProbabilityBars::percentText(1.5f), QString("100%"));
        // Something is written right of the bars: dark pixels beyond the track of the top class.
        ProbabilityBars bars;
        bars.resize(320, 280);
        bars.setProbabilities(sample(), kDigits);
        const QImage image = bars.grab().toImage();
        const QRect t = bars.trackRect(7);
        int ink = 0;
        for (int x = t.right() + 4; x < bars.width(); ++x)
            for (int y = t.top(); y <= t.bottom(); ++y)
                ink += image.pixelColor(x, y).lightness() < 100;
        QVERIFY(ink > 10);
    }

    void rowsGrowForAProjector()
    {
        ProbabilityBars bars;
        bars.setProbabilities(sample(), kDigits);
        bars.resize(320, 200);
        const int small = bars.trackRect(0).height();
        bars.resize(900, 700);
        QVERIFY(bars.trackRect(0).height() > 2 * small);
        QVERIFY(QRect(bars.rect()).contains(bars.trackRect(9)));
    }

    void unnamedClassesAndEmpty()
    {
        ProbabilityBars bars;
        bars.resize(300, 100);
        bars.setProbabilities({0.3f, 0.7f});
        QCOMPARE(bars.highest(), 1);
        QVERIFY(!bars.grab().isNull());
        bars.clear();
        QCOMPARE(bars.count(), 0);
        QCOMPARE(bars.highest(), -1);
        QVERIFY(bars.trackRect(0).isEmpty());
        QVERIFY(!bars.grab().isNull());
    }
};

QTEST_MAIN(TestProbabilityBars)
#include "tst_probabilitybars.moc"
