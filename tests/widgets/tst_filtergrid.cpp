// FilterGrid: tiles coloured by sign (one channel) or as RGB (three), square pixels, a grid that
// wraps to the width, tooltips with the range, and the shared-scale switch.
#include "filtergrid.h"
#include "imagetiles.h"

#include <QSignalSpy>
#include <QTest>

#include <vector>

using ds::widgets::FilterGrid;

namespace {

bool bluish(QColor c)
{
    return c.blue() > c.red() + 60;
}

bool orangish(QColor c)
{
    return c.red() > c.blue() + 60 && c.green() > c.blue();
}

// Two 1-channel 3x3 filters: the first all positive with a stronger centre, the second all negative.
std::vector<float> signedFilters()
{
    std::vector<float> w(2 * 9, 0.5f);
    w[4] = 1.0f;
    for (int i = 9; i < 18; ++i)
        w[std::size_t(i)] = -0.3f;
    return w;
}

QColor centreOf(const QImage &image, QRect r)
{
    return image.pixelColor(r.center());
}

} // namespace

class TestFilterGrid : public QObject {
    Q_OBJECT

private slots:
    void signColoursTheTiles()
    {
        FilterGrid grid;
        grid.resize(400, 200);
        grid.setFilters(signedFilters(), 2, 1, 3, 3);
        QCOMPARE(grid.filterCount(), 2);
        const QImage image = grid.grab().toImage();
        const QColor positive = centreOf(image, grid.tileRect(0));
        const QColor negative = centreOf(image, grid.tileRect(1));
        QVERIFY2(bluish(positive), qPrintable(positive.name()));
        QVERIFY2(orangish(negative), qPrintable(negative.name()));
        // Per-filter scale: the negative filter is uniform, so it shows at full strength.
        QVERIFY(std::abs(negative.red() - 0xf5) < 8);
        // The positive filter's corner (0.5 of its max 1.0) is paler than its centre.
        const QRect r = grid.tileRect(0);
        const QColor corner = image.pixelColor(r.topLeft() + QPoint(2, 2));
        QVERIFY(corner.blue() - corner.red() < positive.blue() - positive.red());
    }

    void sharedScaleComparesFilters()
    {
        FilterGrid grid;
        grid.resize(400, 200);
        grid.setFilters(signedFilters(), 2, 1, 3, 3);
        QSignalSpy changed(&grid, &FilterGrid::sharedScaleChanged);
        grid.setSharedScale(true);
        QCOMPARE(changed.count(), 1);
        const QImage image = grid.grab().toImage();
        // -0.3 against the shared largest |w| of 1.0: a pale orange, not the full one.
        const QColor negative = centreOf(image, grid.tileRect(1));
        QVERIFY2(orangish(negative) || negative.red() > negative.blue(), qPrintable(negative.name()));
        QVERIFY(negative.blue() > 0x60);
    }

    void tilesHaveSquarePixelsAndWrap()
    {
        FilterGrid grid;
        std::vector<float> w(16 * 25);
        for (std::size_t i = 0; i < w.size(); ++i)
            w[i] = float(int(i % 7) - 3);
        grid.setFilters(w, 16, 1, 5, 5);
        grid.resize(grid.sizeHint());
        const QRect r0 = grid.tileRect(0);
        QCOMPARE(r0.width(), r0.height());
        QCOMPARE(r0.width() % 5, 0);
        QVERIFY(r0.width() >= 30);
        // Narrow: more rows, and heightForWidth grows to hold them.
        const int wide = grid.heightForWidth(800), narrow = grid.heightForWidth(160);
        QVERIFY2(narrow > wide, qPrintable(QString("%1 %2").arg(narrow).arg(wide)));
        grid.resize(160, narrow);
        for (int i = 0; i < 16; ++i)
            QVERIFY(grid.rect().contains(grid.tileRect(i)));
        QVERIFY(!grid.tileRect(0).intersects(grid.tileRect(1)));
        QCOMPARE(grid.filterAt(grid.tileRect(5).center()), 5);
        QCOMPARE(grid.filterAt(QPoint(0, 0)), -1);
        QVERIFY(grid.caption().contains("16 filters"));
        QVERIFY(grid.caption().contains("5×5"));
    }

    void tilesGrowIntoFreeSpace()
    {
        FilterGrid grid;
        grid.setFilters(std::vector<float>(6 * 25, 1.0f), 6, 1, 5, 5);
        grid.resize(500, 400);
        const int big = grid.tileRect(0).width();
        grid.resize(500, grid.heightForWidth(500));
        QVERIFY2(big > grid.tileRect(0).width(), qPrintable(QString("%1 %2").arg(big).arg(grid.tileRect(0).width())));
        QVERIFY(big <= 120); // but never blocks of colour
        // Balanced rows: 6 filters never wrap as 5 + 1.
        grid.resize(200, 400);
        const int firstRow = grid.tileRect(0).top();
        int inFirstRow = 0;
        for (int i = 0; i < 6; ++i)
            inFirstRow += grid.tileRect(i).top() == firstRow;
        QVERIFY(inFirstRow == 6 || inFirstRow == 3 || inFirstRow == 2);
    }

    void rgbFiltersShowTheirColour()
    {
        FilterGrid grid;
        grid.resize(300, 150);
        // One 3-channel 2x2 filter: red plane high, green and blue low.
        std::vector<float> w(12, -1.0f);
        for (int i = 0; i < 4; ++i)
            w[std::size_t(i)] = 1.0f;
        grid.setFilters(w, 1, 3, 2, 2);
        const QColor c = centreOf(grid.grab().toImage(), grid.tileRect(0));
        QVERIFY2(c.red() > 240 && c.green() < 15 && c.blue() < 15, qPrintable(c.name()));
        QVERIFY(grid.caption().contains("RGB"));
    }

    void tooltipTellsTheRange()
    {
        FilterGrid grid;
        grid.resize(400, 200);
        grid.setFilters(signedFilters(), 2, 1, 3, 3);
        QCOMPARE(grid.toolTipFor(0), QString("filter 0 · min 0.5 · max 1"));
        QVERIFY(grid.toolTipFor(1).contains(QString("min %1").arg(QChar(0x2212) + QString("0.3"))));
        QVERIFY(grid.toolTipFor(2).isEmpty());
    }

    void mismatchedSizesClear()
    {
        FilterGrid grid;
        grid.setFilters(signedFilters(), 2, 1, 3, 3);
        grid.setFilters(std::vector<float>(5), 2, 1, 3, 3);
        QCOMPARE(grid.filterCount(), 0);
        QVERIFY(grid.tileRect(0).isEmpty());
        grid.resize(200, 100);
        QVERIFY(!grid.grab().isNull());
    }
};

QTEST_MAIN(TestFilterGrid)
#include "tst_filtergrid.moc"
