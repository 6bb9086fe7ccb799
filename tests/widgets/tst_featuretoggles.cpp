// FeatureToggles, offscreen: a click switches a feature and says so; the keyboard does too.
#include "colorscale.h"
#include "featuretoggles.h"

#include <QSignalSpy>
#include <QTest>

using ds::widgets::FeatureToggles;

class TestFeatureToggles : public QObject {
    Q_OBJECT

    static void fill(FeatureToggles &t)
    {
        std::vector<QString> names, tips;
        std::vector<QImage> maps;
        for (int i = 0; i < 7; ++i) {
            names.push_back(QString("F%1").arg(i));
            tips.push_back(QString("feature %1").arg(i));
            QImage m(8, 8, QImage::Format_RGB32);
            m.fill(ds::widgets::divergingColor(1.0f)); // solid blue
            maps.push_back(m);
        }
        t.setFeatures(names, maps, tips);
    }

private slots:
    void clickToggles()
    {
        FeatureToggles t;
        fill(t);
        t.setEnabledMask(0b11);
        t.resize(120, 360);
        t.show();
        QSignalSpy spy(&t, &FeatureToggles::toggled);
        QTest::mouseClick(&t, Qt::LeftButton, {}, t.tileRect(3).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 3);
        QCOMPARE(spy.at(0).at(1).toBool(), true);
        QCOMPARE(t.enabledMask(), 0b1011u);
        QTest::mouseClick(&t, Qt::LeftButton, {}, t.tileRect(0).center());
        QCOMPARE(spy.at(1).at(1).toBool(), false);
        QCOMPARE(t.enabledMask(), 0b1010u);
    }

    // Enabled features are drawn in full colour, disabled ones faded towards the background.
    void disabledIsFaded()
    {
        FeatureToggles t;
        fill(t);
        t.setEnabledMask(0b1);
        t.resize(120, 360);
        const QImage image = t.grab().toImage();
        const QColor on = image.pixelColor(t.tileRect(0).center());
        const QColor off = image.pixelColor(t.tileRect(1).center());
        QCOMPARE(on.rgb(), ds::widgets::divergingColor(1.0f));
        QVERIFY(off.blue() > on.blue() || off.red() > on.red()); // paler
    }

    void keyboard()
    {
        FeatureToggles t;
        fill(t);
        t.show();
        t.setFocus();
        QSignalSpy spy(&t, &FeatureToggles::toggled);
        QTest::keyClick(&t, Qt::Key_Down);
        QTest::keyClick(&t, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 1);
    }

    void allSevenFitOnAShortScreen()
    {
        FeatureToggles t;
        fill(t);
        t.resize(t.minimumSizeHint());
        QVERIFY(t.tileRect(6).bottom() <= t.height());
    }

    // The names' column grows with the text: presentation mode's larger font cut "sin X1" to
    // "in X1" in the fixed 52 px it had.
    void namesFitLargerText()
    {
        FeatureToggles t;
        const std::vector<QString> names {"X1", "sin X1"};
        std::vector<QImage> maps(2, QImage(8, 8, QImage::Format_RGB32));
        t.setFeatures(names, maps, {"a", "b"});
        QFont large = t.font();
        large.setPointSizeF(large.pointSizeF() * 1.8);
        t.setFont(large);
        QVERIFY2(t.tileRect(0).left() > t.fontMetrics().horizontalAdvance("sin X1"),
            qPrintable(QString("%1 px for the names").arg(t.tileRect(0).left())));
        QVERIFY(t.minimumSizeHint().width() > t.tileRect(0).left());
    }
};

QTEST_MAIN(TestFeatureToggles)
#include "tst_featuretoggles.moc"
