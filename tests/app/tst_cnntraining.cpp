// End to end on real digits: the LeNet-5 preset (app/cnnpresets.cpp) trained on the bundled MNIST subset (8,000
// training images, 2,000 test images) on the CPU with a fixed seed reaches at least 97 % test
// accuracy within 5 epochs, and its layer-1 filters come out smoother than they started.
#include "cnnpresets.h"
#include "cpubackend.h"
#include "imagesession.h"

#include <QTest>

#include <cmath>

using namespace ds;
using namespace ds::app;

namespace {

// The LeNet-5 preset, as the Images mode offers it for 1x28x28 digits.
ModelSpec lenet5()
{
    for (const CnnPreset &p : cnnPresets({1, 28, 28}, 10))
        if (p.name == "LeNet-5")
            return p.spec;
    qFatal("no LeNet-5 preset");
}

// Mean over filters of total variation (sum of absolute differences between neighbouring
// weights) divided by the filter's L1 norm: how rough a filter is, whatever its scale.
double roughness(const Filters &f)
{
    double total = 0.0;
    const int k = f.size;
    for (int i = 0; i < f.count * f.channels; ++i) {
        const float *w = f.weights.data() + std::size_t(i) * k * k;
        double tv = 0.0, l1 = 0.0;
        for (int y = 0; y < k; ++y)
            for (int x = 0; x < k; ++x) {
                l1 += std::fabs(w[y * k + x]);
                if (x + 1 < k)
                    tv += std::fabs(w[y * k + x + 1] - w[y * k + x]);
                if (y + 1 < k)
                    tv += std::fabs(w[(y + 1) * k + x] - w[y * k + x]);
            }
        total += tv / std::max(l1, 1e-12);
    }
    return total / (f.count * f.channels);
}

} // namespace

class TestCnnTraining : public QObject {
    Q_OBJECT

private slots:
    void lenetOnBundledMnist()
    {
        const data::ImageSet digits = data::loadBundledMnist();
        ImageSessionConfig config;
        config.spec = lenet5();
        config.trainer.batchSize = 32;
        config.trainer.optimizer.kind = OptimizerKind::Adam;
        config.trainer.optimizer.learningRate = 0.002f;
        config.trainer.schedule.kind = ScheduleKind::Cosine;
        config.trainer.schedule.cosineEpochs = 5.0;
        config.trainer.schedule.minLearningRate = 0.00005;
        config.trainer.seed = 3;
        config.seed = 1;
        CpuBackend cpu;
        ImageSession session(data::splitBundledMnist(digits, 0.0, 1), config, cpu);
        QCOMPARE(session.split().train.count(), 8000);
        QCOMPARE(session.split().test.count(), 2000);
        const double before = roughness(session.firstFilters());

        float accuracy = 0.0f;
        for (int epoch = 1; epoch <= 5; ++epoch) {
            session.train(session.updatesPerEpoch());
            accuracy = session.testReport(0).metrics.accuracy;
            qInfo("epoch %d: test accuracy %.2f %%", epoch, 100.0 * accuracy);
        }
        QVERIFY2(accuracy >= 0.97f, qPrintable(QString("test accuracy %1 %% after 5 epochs").arg(100.0 * accuracy)));

        const double after = roughness(session.firstFilters());
        qInfo("layer-1 roughness: %.3f at the start, %.3f after training", before, after);
        QVERIFY2(after < 0.9 * before, qPrintable(QString("roughness %1 -> %2").arg(before).arg(after)));

        // The report adds up: every test image lands in one cell, the mistakes are wrong and
        // sorted by confidence.
        const TestReport report = session.testReport(16);
        int total = 0, diagonal = 0;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p) {
                total += report.confusion[std::size_t(t * 10 + p)];
                diagonal += t == p ? report.confusion[std::size_t(t * 10 + p)] : 0;
            }
        QCOMPARE(total, 2000);
        QCOMPARE(float(diagonal) / 2000.0f, report.metrics.accuracy);
        for (std::size_t i = 0; i < report.worst.size(); ++i) {
            QVERIFY(report.worst[i].label != report.worst[i].predicted);
            if (i)
                QVERIFY(report.worst[i].confidence <= report.worst[i - 1].confidence);
        }
        // Feature maps of a test digit: one entry per layer, the shapes of the network.
        const auto maps = session.featureMaps(digits.image(9000));
        QCOMPARE(int(maps.size()), session.network().layerCount());
        QCOMPARE(maps[0].shape, (Shape {6, 28, 28}));
        QCOMPARE(maps[0].values.size(), std::size_t(6 * 28 * 28));
        const std::vector<float> p = session.probabilities(digits.image(9000));
        QCOMPARE(p.size(), std::size_t(10));
    }
};

QTEST_APPLESS_MAIN(TestCnnTraining)
#include "tst_cnntraining.moc"
