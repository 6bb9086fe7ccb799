// The lessons on the loss landscape (resources/lessons/): opened in the window and followed step
// by step as their text tells a student to, with the Landscape tab's numbers checked against what
// the text promises; then the same comparison at other seeds through the sessions, since a lesson's
// claim is about the method, not one lucky start. Heavy for the sanitizers (each landscape is
// hundreds of passes over a thousand images): there a smaller grid, and the window's run only.
#include "backends.h"
#include "controls/landscapepanel.h"
#include "controls/trainingbar.h"
#include "core/imagesession.h"
#include "core/landscaperesult.h"
#include "images.h"
#include "images/cnnpresets.h"
#include "images/cnnview.h"
#include "window/mainwindow.h"

#include "openlesson.h"
#include "patience.h"

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using deepscope::test::patience;
using namespace ds;
using namespace ds::app;

namespace {

constexpr bool kInstrumented = DEEPSCOPE_TEST_SLOWDOWN > 1;

// The Landscape tab's Compute as the lesson has a student press it (random directions, 31 × 31,
// the range set to ±0.25); under the sanitizers an 11 × 11 grid over the same range.
std::shared_ptr<const LandscapeResult> computeInTheTab(CnnView *view)
{
    view->showTab(5);
    auto *panel = view->findChild<LandscapePanel *>();
    QSignalSpy answered(panel, &LandscapePanel::answered);
    auto *range = panel->findChild<QComboBox *>("landscapeRange");
    range->setCurrentIndex(range->findData(0.25));
    if (kInstrumented) {
        LandscapeRequest coarse = panel->request();
        coarse.grid = 11;
        emit panel->requested(coarse);
    } else {
        panel->computeButton()->click();
    }
    if (!answered.wait(patience(120000)) || !panel->failure().isEmpty())
        return nullptr;
    return panel->result();
}

double centreLoss(const LandscapeResult &r)
{
    return r.grid.lossAt(r.grid.size / 2, r.grid.size / 2);
}

} // namespace

class TestLandscapeLessons : public QObject {
    Q_OBJECT

private slots:
    // "Sharp and flat minima" at the lesson's seed: 5 epochs in batches of 16 end below a
    // sharpness of 1 with a training loss near 0.01, the loss within ±0.25 no higher than about
    // 0.13; 25 epochs in batches of 256 from the same weights end about as low, at about twice the
    // sharpness or more, the loss climbing about three times as high; the test accuracies are
    // within about a point.
    void sharpAndFlatMinima()
    {
        MainWindow w;
        w.show();
        openLesson(w, "Sharp and flat minima");
        CnnView *view = w.cnnView();
        QCOMPARE(view->config().batchSize, 16);
        QCOMPARE(view->config().epochs, 5);
        // 1. Play: the epoch limit stops it at 5.
        QVERIFY(view->trainAndWait(0));
        view->trainingBar()->playButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(view->lastSnapshot()->epoch == 5 && !view->lastSnapshot()->running
                && view->lastSnapshot()->report,
            patience(300000));
        const float smallAccuracy = view->lastSnapshot()->report->metrics.accuracy;
        const auto small = computeInTheTab(view);
        QVERIFY(small);
        // 2. Batch 256, 25 epochs, Replay.
        auto *batch = view->findChild<QComboBox *>("batch");
        batch->setCurrentIndex(batch->findData(256));
        view->findChild<QSpinBox *>("epochs")->setValue(25);
        QTRY_COMPARE_WITH_TIMEOUT(view->config().batchSize, 256, patience(5000));
        view->trainingBar()->replayButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(view->lastSnapshot()->epoch == 25 && !view->lastSnapshot()->running
                && view->lastSnapshot()->report,
            patience(600000));
        const float largeAccuracy = view->lastSnapshot()->report->metrics.accuracy;
        const auto large = computeInTheTab(view);
        QVERIFY(large);
        qInfo("batch 16: loss %.4f, sharpness %.3f, test accuracy %.4f; batch 256: loss %.4f, sharpness %.3f, test "
              "accuracy %.4f",
            centreLoss(*small), small->curvature, smallAccuracy, centreLoss(*large), large->curvature, largeAccuracy);
        QVERIFY(small->curvature > 0 && small->curvature < 1.0);
        QVERIFY(centreLoss(*small) < 0.03);
        QVERIFY(centreLoss(*large) < 2.0 * centreLoss(*small)); // "about as low"
        QVERIFY(large->curvature > 1.8 * small->curvature); // "about twice as high or more"
        const float smallTop = small->grid.lossRange().second, largeTop = large->grid.lossRange().second;
        qInfo("highest loss within ±0.25: %.3f against %.3f", smallTop, largeTop);
        QVERIFY(smallTop < 0.16f); // "no higher than about 0.13"
        QVERIFY(largeTop > 2.3f * smallTop); // "about three times as high"
        QVERIFY(std::abs(largeAccuracy - smallAccuracy) < 0.015f); // "within about a point"
    }

    // The same at two more seeds, through the sessions: the large batch's minimum is sharper at
    // each, by half again at least and about twice on average.
    void sharpAndFlatMinimaAtOtherSeeds()
    {
        if (kInstrumented)
            QSKIP("the window's run above is the sanitizers' share of this lesson");
        auto cpu = createBackend("cpu");
        const data::ImageSet digits = data::loadBundledMnist();
        data::ImageSplit split = data::splitBundledMnist(digits, 0.1, 1);
        data::keepFirstImages(split.train, 3000);
        double ratios = 0.0;
        for (std::uint64_t seed : {2, 3}) {
            auto sharpness = [&](int batchSize, int epochs) {
                ImagesConfig config;
                config.seed = seed;
                config.batchSize = batchSize;
                config.epochs = epochs;
                for (const CnnPreset &p : cnnPresets({1, 28, 28}, 10))
                    if (p.name == "LeNet-5")
                        config.spec = p.spec;
                ImageSession session(split, config.sessionConfig(false), *cpu);
                session.train(long(epochs) * session.updatesPerEpoch());
                // The tab's scored slice: the first 1,000 training images, as the session normalized them.
                const TrainingData probe = data::toTrainingData(session.split().train, 0, 1000);
                // The curvature needs only the centre's neighbours: a small grid at about the tab's
                // spacing (0.06 against 0.067) gives the same number at an eighth of the cost.
                LandscapeRequest request;
                request.grid = 11;
                request.range = 0.3;
                const LandscapeResult r = computeLandscape(
                    session.network(), [&] { return session.trainer().evaluate(probe); }, {}, request);
                qInfo("seed %d, batch %d: loss %.4f, sharpness %.3f", int(seed), batchSize, centreLoss(r), r.curvature);
                return r.curvature;
            };
            const double small = sharpness(16, 5), large = sharpness(256, 25);
            QVERIFY2(large > 1.5 * small, qPrintable(QString("seed %1: %2 against %3").arg(seed).arg(large).arg(small)));
            ratios += large / small / 2.0;
        }
        QVERIFY2(ratios > 2.0, qPrintable(QString::number(ratios)));
    }
};

QTEST_MAIN(TestLandscapeLessons)
#include "tst_landscapelessons.moc"
