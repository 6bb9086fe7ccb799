// LayerProjection, offscreen: it fits the data, draws points in their colours, keeps going on
// degenerate or non-finite input.
#include "layerprojection.h"

#include <QTest>

using namespace ds::widgets;

class TestLayerProjection : public QObject {
    Q_OBJECT

private slots:
    void fitsAndDrawsPoints()
    {
        Projection pr;
        pr.lattice = {{{-2, -2}, {2, -2}}, {{-2, 2}, {2, 2}}};
        pr.points = {{0, 0}, {1.5, 1.5}};
        pr.colors = {QColor("#f59322"), QColor("#0877bd")};
        LayerProjection w;
        w.resize(300, 260);
        w.setProjection(pr);
        const QRectF plot = w.plotRect();
        for (QPointF v : {QPointF(-2, -2), QPointF(2, 2)})
            QVERIFY(plot.contains(w.toWidget(v)));
        // y grows upwards, as on a plot.
        QVERIFY(w.toWidget({0, 2}).y() < w.toWidget({0, -2}).y());
        const QImage image = w.grab().toImage();
        QCOMPARE(image.pixelColor(w.toWidget({1.5, 1.5}).toPoint()), QColor("#0877bd"));
        QCOMPARE(image.pixelColor(w.toWidget({0, 0}).toPoint()), QColor("#f59322"));
    }

    void survivesDegenerateInput()
    {
        LayerProjection w;
        w.resize(200, 200);
        Projection pr;
        pr.points = {{1, 1}, {1, 1}, {NAN, 3}};
        w.setProjection(pr);
        QVERIFY(w.plotRect().contains(w.toWidget({1, 1})));
        QVERIFY(!w.grab().isNull());
        w.setProjection({});
        QVERIFY(!w.grab().isNull());
    }
};

QTEST_MAIN(TestLayerProjection)
#include "tst_layerprojection.moc"
