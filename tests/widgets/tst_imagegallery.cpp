// ImageGallery: items in a wrapping grid, frames coloured by state, clicks by index.
#include "imagegallery.h"

#include <QSignalSpy>
#include <QTest>

using ds::widgets::GalleryItem;
using ds::widgets::ImageGallery;

namespace {

QImage digit(int shade)
{
    QImage image(28, 28, QImage::Format_Grayscale8);
    image.fill(shade);
    return image;
}

QList<GalleryItem> items(int n)
{
    QList<GalleryItem> list;
    for (int i = 0; i < n; ++i)
        list.append(
            {digit(40 + i * 10), QString("%1 (9%2%)").arg(i % 10).arg(i % 10), i % 3, QString("test image %1").arg(i)});
    return list;
}

// The most saturated pixel along a frame's left bar.
QColor frameColour(const QImage &image, QRect frame)
{
    return image.pixelColor(frame.left() + 1, frame.center().y());
}

} // namespace

class TestImageGallery : public QObject {
    Q_OBJECT

private slots:
    void framesShowTheState()
    {
        ImageGallery gallery;
        gallery.setItems(items(3)); // neutral, correct, wrong
        gallery.resize(600, 200);
        const QImage image = gallery.grab().toImage();
        const QColor correct = frameColour(image, gallery.frameRect(1));
        const QColor wrong = frameColour(image, gallery.frameRect(2));
        QVERIFY2(
            correct.green() > correct.red() + 60 && correct.green() > correct.blue() + 40, qPrintable(correct.name()));
        QVERIFY2(wrong.red() > 180 && wrong.green() < 80, qPrintable(wrong.name()));
        // A neutral item has no coloured frame.
        const QColor neutral = frameColour(image, gallery.frameRect(0));
        QVERIFY(std::abs(neutral.red() - neutral.green()) < 20 && std::abs(neutral.green() - neutral.blue()) < 20);
        // The image is inside its frame, at a whole scale (28 x 3 = 84).
        const QRect f = gallery.frameRect(2);
        QCOMPARE(image.pixelColor(f.center()), QColor(60, 60, 60));
        QCOMPARE(f.width(), 84 + 10);
    }

    void gridWrapsToTheWidth()
    {
        ImageGallery gallery;
        gallery.setItems(items(12));
        const int wide = gallery.heightForWidth(1200), narrow = gallery.heightForWidth(260);
        QVERIFY(narrow > wide);
        gallery.resize(260, narrow);
        for (int i = 0; i < 12; ++i)
            QVERIFY(gallery.rect().contains(gallery.cellRect(i)));
        QVERIFY(gallery.cellRect(1).top() == gallery.cellRect(0).top());
        QVERIFY(gallery.cellRect(11).top() > gallery.cellRect(0).top());
        QVERIFY(gallery.cellRect(12).isEmpty());
    }

    void captionsWidenTheCells()
    {
        ImageGallery gallery;
        gallery.setItems(items(2));
        const int narrow = gallery.cellRect(0).width();
        QList<GalleryItem> mistakes = items(2);
        mistakes[0].caption = "true airplane → automobile (97%)";
        gallery.setItems(mistakes);
        gallery.resize(800, 200);
        QVERIFY(gallery.cellRect(0).width() > narrow);
        QVERIFY(gallery.cellRect(0).width() <= 2 * 84 + 10); // capped at twice the image, plus padding
    }

    void clickReportsTheIndex()
    {
        ImageGallery gallery;
        gallery.setItems(items(6));
        gallery.resize(400, gallery.heightForWidth(400));
        gallery.show();
        QVERIFY(QTest::qWaitForWindowExposed(&gallery));
        QSignalSpy clicked(&gallery, &ImageGallery::itemClicked);
        QTest::mouseClick(&gallery, Qt::LeftButton, {}, gallery.frameRect(4).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked[0][0].toInt(), 4);
        QCOMPARE(gallery.itemAt(gallery.cellRect(2).center()), 2);
        QTest::mouseClick(&gallery, Qt::LeftButton, {}, QPoint(gallery.width() - 1, gallery.height() - 1));
        QCOMPARE(clicked.count(), 1);
    }

    void largeImagesAreScaledDown()
    {
        ImageGallery gallery;
        QImage big(300, 200, QImage::Format_RGB32);
        big.fill(Qt::blue);
        gallery.setItems({{big, "photo", GalleryItem::Neutral, {}}});
        gallery.resize(200, 200);
        const QImage image = gallery.grab().toImage();
        const QRect f = gallery.frameRect(0);
        QCOMPARE(image.pixelColor(f.center()), QColor(Qt::blue));
        // Wider than tall: letterboxed, the top of the box stays the background.
        QVERIFY(image.pixelColor(f.center().x(), f.top() + 8) != QColor(Qt::blue));
    }

    void emptyShowsThePlaceholder()
    {
        ImageGallery gallery;
        gallery.resize(300, 100);
        QCOMPARE(gallery.count(), 0);
        QVERIFY(!gallery.grab().isNull());
        QCOMPARE(gallery.itemAt(QPoint(10, 10)), -1);
    }
};

QTEST_MAIN(TestImageGallery)
#include "tst_imagegallery.moc"
