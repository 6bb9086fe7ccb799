// DatasetPicker: clicks and keys choose a data set by id, setCurrent does not echo, the chosen
// tile is outlined, and each tile names its data set in a tooltip.
#include "datasetpicker.h"

#include <QHelpEvent>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

using ds::widgets::DatasetPicker;

namespace {

std::vector<std::pair<QString, QImage>> items(int n)
{
    static const char *ids[] = {"circle", "xor", "gaussian", "spiral", "moons", "checkerboard", "multi-gaussian"};
    std::vector<std::pair<QString, QImage>> out;
    for (int i = 0; i < n; ++i) {
        QImage image(56, 56, QImage::Format_RGB32);
        image.fill(QColor::fromHsv(i * 40, 40, 235)); // pale, as the real pictures are
        out.emplace_back(ids[i], image);
    }
    return out;
}

} // namespace

class TestDatasetPicker : public QObject {
    Q_OBJECT

private slots:
    void tilesFormAGridOfThree()
    {
        DatasetPicker picker;
        picker.setThumbnails(items(7));
        picker.resize(picker.sizeHint());
        QCOMPARE(picker.count(), 7);
        QCOMPARE(picker.tileRect(0).size(), QSize(56, 56));
        QCOMPARE(picker.tileRect(1).top(), picker.tileRect(0).top());
        QVERIFY(picker.tileRect(1).left() > picker.tileRect(0).right());
        QVERIFY(picker.tileRect(3).top() > picker.tileRect(0).bottom()); // a new row
        QCOMPARE(picker.tileRect(3).left(), picker.tileRect(0).left());
        QVERIFY(QRect(QPoint(0, 0), picker.sizeHint()).contains(picker.tileRect(6)));
        QCOMPARE(picker.heightForWidth(picker.sizeHint().width()), picker.sizeHint().height());
        QVERIFY(!picker.tileRect(7).isValid());

        picker.resize(120, 200); // narrow: tiles shrink to fit
        QVERIFY(picker.tileRect(2).right() < 120);
        QVERIFY(picker.tileRect(0).width() < 56);
    }

    void clickChoosesById()
    {
        DatasetPicker picker;
        picker.setThumbnails(items(4));
        picker.resize(picker.sizeHint());
        picker.setCurrent("circle");
        QSignalSpy chosen(&picker, &DatasetPicker::datasetChosen);
        QTest::mouseClick(&picker, Qt::LeftButton, {}, picker.tileRect(2).center());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen[0][0].toString(), QString("gaussian"));
        QCOMPARE(picker.current(), QString("gaussian"));
        QTest::mouseClick(&picker, Qt::LeftButton, {}, picker.tileRect(2).center()); // again: no news
        QCOMPARE(chosen.count(), 1);
        QTest::mouseClick(&picker, Qt::LeftButton, {}, picker.tileRect(3).bottomRight() + QPoint(4, 4)); // a gap
        QCOMPARE(chosen.count(), 1);
    }

    void setCurrentDoesNotEmit()
    {
        DatasetPicker picker;
        picker.setThumbnails(items(4));
        QSignalSpy chosen(&picker, &DatasetPicker::datasetChosen);
        picker.setCurrent("xor");
        QCOMPARE(picker.current(), QString("xor"));
        picker.setCurrent("no-such-set");
        QCOMPARE(picker.current(), QString());
        QCOMPARE(chosen.count(), 0);

        picker.setCurrent("spiral");
        picker.setThumbnails(items(5)); // still there: stays chosen
        QCOMPARE(picker.current(), QString("spiral"));
        picker.setThumbnails(items(2)); // gone: nothing chosen
        QCOMPARE(picker.current(), QString());
    }

    void arrowsAndEnterChoose()
    {
        DatasetPicker picker;
        picker.setThumbnails(items(7));
        picker.resize(picker.sizeHint());
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        picker.setFocus();
        picker.setCurrent("circle");
        QSignalSpy chosen(&picker, &DatasetPicker::datasetChosen);

        QTest::keyClick(&picker, Qt::Key_Right);
        QCOMPARE(chosen.count(), 0); // moving is not choosing
        QTest::keyClick(&picker, Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen[0][0].toString(), QString("xor"));

        QTest::keyClick(&picker, Qt::Key_Down); // xor (1) -> moons (4)
        QTest::keyClick(&picker, Qt::Key_Enter);
        QCOMPARE(chosen.last()[0].toString(), QString("moons"));

        QTest::keyClick(&picker, Qt::Key_Down); // past the last row: stays on moons
        QTest::keyClick(&picker, Qt::Key_Left);
        QTest::keyClick(&picker, Qt::Key_Up); // spiral (3) -> circle (0)
        QTest::keyClick(&picker, Qt::Key_Space);
        QCOMPARE(chosen.last()[0].toString(), QString("circle"));

        QTest::keyClick(&picker, Qt::Key_End);
        QTest::keyClick(&picker, Qt::Key_Return);
        QCOMPARE(chosen.last()[0].toString(), QString("multi-gaussian"));
        QCOMPARE(chosen.count(), 4);
    }

    void chosenTileIsOutlinedAndFocusShows()
    {
        DatasetPicker picker;
        picker.setThumbnails(items(3));
        picker.resize(picker.sizeHint());
        picker.setCurrent("xor");
        const QImage image = picker.grab().toImage();
        const QRect chosen = picker.tileRect(1), other = picker.tileRect(2);
        const QPoint edge(1, chosen.height() / 2); // on the outline, inside the tile
        QVERIFY(image.pixelColor(chosen.topLeft() + edge).lightness() < 120);
        QVERIFY(image.pixelColor(other.topLeft() + edge).lightness() > 150);
        // The chosen picture is drawn at full strength, the others faded towards the panel.
        const QColor full = items(3)[1].second.pixelColor(0, 0);
        QCOMPARE(image.pixelColor(chosen.center()), full);
        QVERIFY(image.pixelColor(other.center()) != items(3)[2].second.pixelColor(0, 0));

        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        picker.activateWindow();
        picker.setFocus();
        QTRY_VERIFY(picker.hasFocus());
        const QImage focused = picker.grab().toImage();
        const QColor ring = focused.pixelColor(chosen.left() - 2, chosen.center().y());
        QCOMPARE(ring.rgb(), picker.palette().color(QPalette::Highlight).rgb());
    }

    void tooltipNamesTheDataSet()
    {
        DatasetPicker picker;
        picker.setThumbnails(items(7));
        picker.resize(picker.sizeHint());
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        const QPoint at = picker.tileRect(6).center();
        QHelpEvent help(QEvent::ToolTip, at, picker.mapToGlobal(at));
        QCoreApplication::sendEvent(&picker, &help);
        QTRY_COMPARE(QToolTip::text(), QString("Multi gaussian"));
        QToolTip::hideText();
    }
};

QTEST_MAIN(TestDatasetPicker)
#include "tst_datasetpicker.moc"
