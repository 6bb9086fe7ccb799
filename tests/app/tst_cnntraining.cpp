// End to end on real digits: the LeNet-5 preset (app/cnnpresets.cpp) trained on the bundled MNIST subset (8,000
// training images, 2,000 test images) on the CPU reaches at least 97 % test accuracy within 5
// epochs, and its layer-1 filters come out smoother than they started (medians over seeds).
#include "core/imagesession.h"
#include "cpu/cpubackend.h"
#include "error.h"
#include "images/cnnpresets.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <memory>

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
    // Three seeds (weights and shuffle), judged by their median: one run's figures move with
    // the last bit of one weight. Ten seeds measured on the CPU gave test accuracies of 97.45 to
    // 98.30 % (median 97.85) and roughness ratios, after / before, of 0.78 to 0.875 (median 0.83),
    // so the medians of three stay clear of 97 % and 0.9 unless training itself got worse.
    void lenetOnBundledMnist()
    {
        const data::ImageSet digits = data::loadBundledMnist();
        std::vector<double> accuracies, ratios;
        std::unique_ptr<ImageSession> session;
        CpuBackend cpu;
        for (int s = 0; s < 3; ++s) {
            ImageSessionConfig config;
            config.spec = lenet5();
            config.trainer.batchSize = 32;
            config.trainer.optimizer.kind = OptimizerKind::Adam;
            config.trainer.optimizer.learningRate = 0.002f;
            config.trainer.schedule.kind = ScheduleKind::Cosine;
            config.trainer.schedule.cosineEpochs = 5.0;
            config.trainer.schedule.minLearningRate = 0.00005;
            config.trainer.seed = 3 + s;
            config.seed = 1 + s;
            session = std::make_unique<ImageSession>(data::splitBundledMnist(digits, 0.0, 1), config, cpu);
            QCOMPARE(session->split().train.count(), 8000);
            QCOMPARE(session->split().test.count(), 2000);
            const double before = roughness(session->firstFilters());
            session->train(5 * session->updatesPerEpoch());
            accuracies.push_back(session->testReport(0).metrics.accuracy);
            ratios.push_back(roughness(session->firstFilters()) / before);
            qInfo("seed %d: test accuracy %.2f %% after 5 epochs, layer-1 roughness %.3f -> %.3f (ratio %.3f)", s,
                100.0 * accuracies.back(), before, before * ratios.back(), ratios.back());
        }
        std::sort(accuracies.begin(), accuracies.end());
        std::sort(ratios.begin(), ratios.end());
        QVERIFY2(accuracies[1] >= 0.97, qPrintable(QString("median test accuracy %1 %%").arg(100.0 * accuracies[1])));
        QVERIFY2(ratios[1] < 0.9, qPrintable(QString("median roughness ratio %1").arg(ratios[1])));

        // The report adds up: every test image lands in one cell, the mistakes are wrong and
        // sorted by confidence.
        const TestReport report = session->testReport(16);
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
        const auto maps = session->featureMaps(digits.image(9000).data());
        QCOMPARE(int(maps.size()), session->network().layerCount());
        QCOMPARE(maps[0].shape, (Shape {6, 28, 28}));
        QCOMPARE(maps[0].values.size(), std::size_t(6 * 28 * 28));
        const std::vector<float> p = session->probabilities(digits.image(9000).data());
        QCOMPARE(p.size(), std::size_t(10));
    }

    // The images are held once as loaded (shared with the loader, never copied), and normalized
    // only on their way to the engine, to the bits a normalized copy of the set would have.
    void imagesAreHeldOnce()
    {
        const data::ImageSet digits = data::loadBundledMnist();
        auto split = std::make_shared<const data::ImageSplit>(data::splitBundledMnist(digits, 0.1, 1));
        ImageSessionConfig config;
        config.spec = lenet5();
        CpuBackend cpu(1);
        ImageSession session(split, config, cpu);
        QCOMPARE(&session.split(), split.get());
        QCOMPARE(session.split().train.pixels, split->train.pixels);

        const data::ChannelStats stats = data::channelStats(split->train);
        QCOMPARE(session.stats().mean, stats.mean);
        const data::ImageSet &train = split->train;
        std::vector<float> normalizedTrain(std::size_t(train.count()) * train.imageSize());
        data::normalizeInto(train, stats, 0, train.count(), normalizedTrain.data());
        // The training images go to the engine a chunk at a time: no host copy of the whole set.
        const TrainingData lazy = session.trainingImages();
        QVERIFY(lazy.inputs.empty() && lazy.rowsInto);
        auto filled = [](const TrainingData &d) {
            std::vector<float> values(std::size_t(d.rows) * 28 * 28);
            d.rowsInto(0, d.rows, values.data());
            return values;
        };
        QVERIFY(filled(lazy) == normalizedTrain);
        QVERIFY(session.trainer().data().inputs == normalizedTrain);
        QVERIFY(filled(session.trainingImages(100, 5))
            == std::vector<float>(normalizedTrain.begin() + 100 * 784, normalizedTrain.begin() + 105 * 784));
        // A test image through the maps is normalized as the test set was: its probabilities
        // are the report's (the test part's first image, scored both ways).
        const std::vector<float> p = session.probabilities(split->test.image(0).data());
        const std::vector<Prediction> viaSet = session.predict({0});
        QCOMPARE(viaSet.size(), std::size_t(1));
        QCOMPARE(p[std::size_t(viaSet[0].predicted)], viaSet[0].confidence);
    }

    // Augmentation switched on and off during a session reaches the training inputs.
    void augmentationTogglesInPlace()
    {
        const data::ImageSet digits = data::loadBundledMnist();
        ImageSessionConfig config;
        config.spec = lenet5();
        config.trainer.batchSize = 64;
        CpuBackend cpu;
        ImageSession plain(data::splitBundledMnist(digits, 0.0, 1), config, cpu);
        ImageSession toggled(data::splitBundledMnist(digits, 0.0, 1), config, cpu);
        data::AugmentConfig on;
        on.maxShift = 2;
        on.maxRotationDegrees = 10.0f;
        toggled.setAugment(on);
        plain.train(5);
        toggled.train(5);
        QVERIFY(plain.network().parametersToHost() != toggled.network().parametersToHost());
        toggled.setAugment({});
        const TrainingData images = toggled.trainingImages();
        const Metrics onDevice = toggled.trainingMetrics(), fromImages = toggled.trainer().evaluate(images);
        QCOMPARE(onDevice.loss, fromImages.loss); // the plain images are back
    }

    // A session saved part-way through an augmented epoch and restored into a fresh one trains
    // on to the same bits (the augmented images are redrawn, not stored).
    void savedRunContinues()
    {
        const data::ImageSet digits = data::loadBundledMnist();
        ImageSessionConfig config;
        config.spec.input = {1, 28, 28};
        config.spec.layers = {LayerSpec::conv(4, 5, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::dropout(0.2f),
            LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        config.spec.loss = LossKind::SoftmaxCrossEntropy;
        config.trainer.batchSize = 256;
        config.trainer.optimizer.kind = OptimizerKind::Adam;
        config.augment.maxShift = 2;
        config.augment.maxRotationDegrees = 10.0f;
        CpuBackend cpu;
        ImageSession whole(data::splitBundledMnist(digits, 0.0, 1), config, cpu);
        whole.train(45);
        ImageSession first(data::splitBundledMnist(digits, 0.0, 1), config, cpu);
        first.train(40); // into the second epoch (32 updates each)
        const TrainedRun run = first.saveRun();
        QVERIFY(run.trainer.inputs.empty());
        QCOMPARE(run.augmentedEpoch, 1LL);
        ImageSession second(data::splitBundledMnist(digits, 0.0, 1), config, cpu);
        second.train(3); // wander off first
        second.restoreRun(run);
        second.train(5);
        QVERIFY(whole.network().parametersToHost() == second.network().parametersToHost());
        TrainedRun wrong = run;
        wrong.weights.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, second.restoreRun(wrong));
    }

    // The top patches of each first-layer filter: best first, one per image, and each is the
    // window whose convolution gives the activation reported (recomputed here from the weights).
    void topPatchesAreTheStrongestWindows()
    {
        const data::ImageSet digits = data::loadBundledMnist();
        ImageSessionConfig config;
        config.spec.input = {1, 28, 28};
        config.spec.layers = {LayerSpec::conv(4, 5, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::flatten(),
            LayerSpec::dense(10), LayerSpec::softmax()};
        config.spec.loss = LossKind::SoftmaxCrossEntropy;
        config.trainer.batchSize = 128;
        CpuBackend cpu;
        ImageSession session(data::splitBundledMnist(digits, 0.0, 1), config, cpu);
        session.train(20);
        const TopPatches top = session.topPatches(5, 300);
        QCOMPARE(top.filters, 4);
        QCOMPARE(top.perFilter, 5);
        QCOMPARE(top.size, 5);
        QCOMPARE(top.searched, 300);
        const Filters filters = session.firstFilters();
        const std::vector<float> params = session.network().parametersToHost();
        const float *bias = params.data() + filters.weights.size(); // after the weights, in the first layer
        const data::ChannelStats &stats = session.stats();
        for (int f = 0; f < top.filters; ++f) {
            std::vector<int> seen;
            for (int k = 0; k < top.perFilter; ++k) {
                const std::size_t slot = std::size_t(f * top.perFilter + k);
                QVERIFY(top.images[slot] >= 0 && top.images[slot] < 300);
                QVERIFY(std::find(seen.begin(), seen.end(), top.images[slot]) == seen.end());
                seen.push_back(top.images[slot]);
                if (k > 0)
                    QVERIFY(top.activations[slot] <= top.activations[slot - 1]);
                double sum = bias[f];
                for (int i = 0; i < 25; ++i) {
                    const float raw = top.pixels[slot * 25 + std::size_t(i)];
                    QVERIFY(raw >= -1e-5f && raw <= 1.0f + 1e-5f); // the data set's own values
                    sum += double(filters.weights[std::size_t(f * 25 + i)]) * (raw - stats.mean[0]) / stats.stddev[0];
                }
                QVERIFY2(std::fabs(sum - top.activations[slot]) < 1e-3,
                    qPrintable(
                        QString("filter %1, patch %2: %3 vs %4").arg(f).arg(k).arg(sum).arg(top.activations[slot])));
            }
        }
        // No convolution: nothing to show.
        ImageSessionConfig dense = config;
        dense.spec.layers = {LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        ImageSession plain(data::splitBundledMnist(digits, 0.0, 1), dense, cpu);
        QCOMPARE(plain.topPatches(5, 100).filters, 0);
    }
};

QTEST_APPLESS_MAIN(TestCnnTraining)
#include "tst_cnntraining.moc"
