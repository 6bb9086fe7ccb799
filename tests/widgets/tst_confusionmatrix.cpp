// ConfusionMatrix: rows are true classes and columns predictions; shading by row share, blue on
// the diagonal and orange off it; clicks and tooltips name the right cell.
#include "confusionmatrix.h"

#include <QSignalSpy>
#include <QTest>

using ds::widgets::ConfusionMatrix;

namespace {

// Ten classes, 100 images each: mostly right, and 4s mistaken for 9s 12 times.
std::vector<int> counts()
{
    std::vector<int> c(100, 0);
    for (int t = 0; t < 10; ++t)
        c[std::size_t(t * 10 + t)] = 100;
    c[4 * 10 + 4] = 88 - 4;
    c[4 * 10 + 9] = 12;
    c[4 * 10 + 1] = 4;
    return c;
}

const QStringList kDigits {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

} // namespace

class TestConfusionMatrix : public QObject {
    Q_OBJECT

private slots:
    void cellsAreShadedByRowShare()
    {
        ConfusionMatrix m;
        m.resize(420, 420);
        m.setMatrix(counts(), 10, kDigits);
        QCOMPARE(m.count(4, 9), 12);
        QCOMPARE(m.rowTotal(4), 100);
        const QImage image = m.grab().toImage();
        auto fill = [&](int t, int p) { return image.pixelColor(m.cellRect(t, p).topLeft() + QPoint(2, 2)); };
        const QColor diag = fill(3, 3), mistake = fill(4, 9), small = fill(4, 1), zero = fill(0, 5);
        QVERIFY2(diag.blue() > diag.red() + 100, qPrintable(diag.name()));
        QVERIFY2(mistake.red() > mistake.blue() + 60, qPrintable(mistake.name()));
        // More of the row, a stronger shade: 12% is deeper than 4%, and 0 stays the lightest.
        QVERIFY(mistake.lightness() < small.lightness());
        QVERIFY(small.lightness() < zero.lightness());
        QCOMPARE(ConfusionMatrix::cellColor(1.0, true), QColor(0x08, 0x77, 0xbd));
        QCOMPARE(ConfusionMatrix::cellColor(1.0, false), QColor(0xf5, 0x93, 0x22));
    }

    void gridIsSquareAndInside()
    {
        ConfusionMatrix m;
        m.resize(500, 380);
        m.setMatrix(counts(), 10, kDigits);
        const QRect first = m.cellRect(0, 0), last = m.cellRect(9, 9);
        QCOMPARE(first.width(), first.height());
        QVERIFY(first.width() >= 25);
        QVERIFY(QRect(m.rect()).contains(first.united(last)));
        // Rows go down (true class), columns go right (prediction).
        QVERIFY(m.cellRect(1, 0).top() > first.top());
        QVERIFY(m.cellRect(0, 1).left() > first.left());
        // Room is left for the labels and axis titles on the left and top.
        QVERIFY(first.left() > 20 && first.top() > 20);
    }

    void clickNamesTheCell()
    {
        ConfusionMatrix m;
        m.resize(420, 420);
        m.setMatrix(counts(), 10, kDigits);
        m.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m));
        QSignalSpy clicked(&m, &ConfusionMatrix::cellClicked);
        QTest::mouseClick(&m, Qt::LeftButton, {}, m.cellRect(4, 9).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked[0][0].toInt(), 4);
        QCOMPARE(clicked[0][1].toInt(), 9);
        QCOMPARE(m.cellAt(m.cellRect(7, 2).center()), qMakePair(7, 2));
        QTest::mouseClick(&m, Qt::LeftButton, {}, QPoint(2, 2)); // on the labels: nothing
        QCOMPARE(clicked.count(), 1);
    }

    void tooltipSaysItInWords()
    {
        ConfusionMatrix m;
        std::vector<int> c = counts();
        c[4 * 10 + 4] = 484; // 500 fours in all
        m.setMatrix(c, 10, kDigits);
        QCOMPARE(m.describeCell(4, 9), QString("true 4, predicted 9: 12 images (2.4% of 4s)"));
        QCOMPARE(m.describeCell(4, 4), QString("true 4, predicted 4: 484 images (97% of 4s)"));
        m.setMatrix({1, 0, 0, 1}, 2, {"cat", "dog"});
        QCOMPARE(m.describeCell(1, 1), QString("true dog, predicted dog: 1 image (100% of dogs)"));
        QVERIFY(m.describeCell(2, 0).isEmpty());
    }

    void longNamesTurnTheColumnLabels()
    {
        const QStringList cifar {
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
        ConfusionMatrix m;
        m.resize(460, 460);
        m.setMatrix(counts(), 10, cifar);
        QVERIFY(QRect(m.rect()).contains(m.cellRect(9, 9)));
        QVERIFY(m.cellRect(0, 0).top() > 50); // vertical labels above the grid
        QVERIFY(!m.grab().isNull());
    }

    void badSizesClear()
    {
        ConfusionMatrix m;
        m.setMatrix(counts(), 10, kDigits);
        m.setMatrix({1, 2, 3}, 2, {});
        QCOMPARE(m.classes(), 0);
        QVERIFY(m.cellRect(0, 0).isEmpty());
        QCOMPARE(m.cellAt(QPoint(100, 100)), qMakePair(-1, -1));
        m.resize(200, 200);
        QVERIFY(!m.grab().isNull());
    }
};

QTEST_MAIN(TestConfusionMatrix)
#include "tst_confusionmatrix.moc"
