// The CNN view offscreen, driven as a user drives it: it loads the bundled digits, trains the
// first preset for an epoch on its thread, and paints the curves, the filters, the predictions,
// the feature maps, the confusion matrix and the mistakes; the layer editor's verdict gates Play;
// a drawn digit gets probabilities.
#include "cnnview.h"
#include "confusionmatrix.h"
#include "digitcanvas.h"
#include "filtergrid.h"
#include "imagegallery.h"
#include "layereditor.h"
#include "probabilitybars.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using namespace ds;
using namespace ds::app;
using namespace ds::widgets;

class TestCnnView : public QObject {
    Q_OBJECT

private slots:
    void trainsAnEpochAndShowsEverything()
    {
        CnnView view;
        view.resize(1366, 720);
        view.show();
        view.start();
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot() && !view.lastSnapshot()->sample.empty(), 20000);
        const auto *filters = view.findChild<FilterGrid *>();
        QVERIFY(filters->filterCount() > 0);
        view.findChild<QSpinBox *>()->setValue(1); // stop after one epoch
        view.togglePlay();
        QTRY_VERIFY_WITH_TIMEOUT(view.isRunning(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!view.isRunning(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(view.lastSnapshot()->report != nullptr, 20000);
        const auto report = view.lastSnapshot()->report;
        QVERIFY2(report->metrics.accuracy > 0.85f, qPrintable(QString::number(report->metrics.accuracy)));
        QCOMPARE(view.lastSnapshot()->epoch, 1LL);

        const auto *matrix = view.findChild<ConfusionMatrix *>();
        int total = 0;
        for (int t = 0; t < matrix->classes(); ++t)
            total += matrix->rowTotal(t);
        QCOMPARE(total, 2000);
        QCOMPARE(view.findChild<ImageGallery *>("predictions")->count(), 24); // a sample of test images
        QVERIFY(view.findChild<ImageGallery *>("mistakes")->count() > 0); // the worst mistakes

        // A drawn stroke gets class probabilities back.
        auto *canvas = view.findChild<DigitCanvas *>();
        QVERIFY(canvas->isEnabled());
        const QRect r = canvas->rect();
        QTest::mousePress(canvas, Qt::LeftButton, {}, QPoint(r.width() / 2, r.height() / 5));
        for (int i = 1; i <= 10; ++i) {
            QMouseEvent move(QEvent::MouseMove, QPointF(r.width() / 2, r.height() / 5 + i * r.height() / 16),
                canvas->mapToGlobal(QPointF(r.width() / 2, r.height() / 5 + i * r.height() / 16)), Qt::NoButton,
                Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(canvas, &move);
        }
        QTest::mouseRelease(canvas, Qt::LeftButton, {}, QPoint(r.width() / 2, r.height() * 13 / 16));
        QTRY_VERIFY_WITH_TIMEOUT(!view.lastSnapshot()->drawingProbabilities.empty(), 10000);
        QCOMPARE(view.lastSnapshot()->drawingProbabilities.size(), std::size_t(10));

        // An impossible layer disables Play until it is fixed.
        auto *editor = view.findChild<LayerEditor *>();
        ModelSpec broken = editor->spec();
        broken.layers.insert(broken.layers.begin(), LayerSpec::conv(4, 40));
        editor->setSpec(broken);
        auto *play = view.findChildren<QToolButton *>().first();
        QVERIFY(!editor->isValid());
        QVERIFY(!play->isEnabled());
        broken.layers.erase(broken.layers.begin());
        editor->setSpec(broken);
        QVERIFY(play->isEnabled());
    }
};

QTEST_MAIN(TestCnnView)
#include "tst_cnnview.moc"
