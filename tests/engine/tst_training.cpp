// End to end, with fixed seeds: real networks trained on the playground's real data sets to a
// real test accuracy, plus reproducibility (bit-identical for a seed, whatever the thread count)
// and what happens when training diverges.
#include "cpu/cpubackend.h"
#include "error.h"
#include "network.h"
#include "points2d.h"
#include "testbackends.h"
#include "trainer.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace ds;
using namespace ds::test;

namespace {

// The TensorFlow Playground set-up: tanh output, squared error against -1/+1 labels.
TrainingData playgroundData(const std::vector<data::Point2> &points, unsigned features)
{
    TrainingData d;
    d.rows = int(points.size());
    d.inputs = data::featureMatrix(points, features);
    d.targets = data::targetMatrix(points, data::TargetEncoding::PlusMinusOne, 2);
    d.threshold = 0.0f;
    return d;
}

struct Result {
    float trainAccuracy, testAccuracy;
    long long epochs;
};

Result train(Backend &backend, data::Generator generator, unsigned features, const std::vector<int> &hidden, float lr,
    int epochs, OptimizerKind optimizer = OptimizerKind::Sgd, std::uint64_t seed = 1)
{
    data::GeneratorParams params;
    params.generator = generator;
    params.seed = seed;
    const data::Points2D points = data::generate(params);
    const TrainingData trainData = playgroundData(points.train, features);
    const TrainingData testData = playgroundData(points.test, features);
    Network net(ModelSpec::mlp(data::featureCount(features), hidden, {ActivationKind::Tanh}, 1,
                    LossKind::MeanSquaredError, ActivationKind::Tanh),
        backend, seed);
    TrainerConfig config;
    config.batchSize = 10;
    config.optimizer.kind = optimizer;
    config.optimizer.learningRate = lr;
    config.seed = seed;
    Trainer trainer(net, trainData, config);
    trainer.step(long(epochs) * trainer.updatesPerEpoch());
    return {trainer.evaluateTraining().accuracy, trainer.evaluate(testData).accuracy, trainer.epoch()};
}

// Test accuracies over seeds 1..20.
struct Seeds {
    std::vector<float> accuracies; // sorted

    float median() const { return 0.5f * (accuracies[9] + accuracies[10]); }
    float worst() const { return accuracies.front(); }
    QString summary() const
    {
        QStringList all;
        for (float a : accuracies)
            all << QString::number(double(a), 'f', 3);
        return QString("median %1, worst %2 (%3)")
            .arg(double(median()), 0, 'f', 3)
            .arg(double(worst()), 0, 'f', 3)
            .arg(all.join(' '));
    }
};

template <typename Train> Seeds overSeeds(Train train)
{
    Seeds s;
    for (std::uint64_t seed = 1; seed <= 20; ++seed)
        s.accuracies.push_back(train(seed).testAccuracy);
    std::sort(s.accuracies.begin(), s.accuracies.end());
    return s;
}

std::vector<float> trainedParameters(Backend &backend, std::uint64_t seed, int hiddenWidth, int batch, int updates)
{
    data::GeneratorParams params;
    params.generator = data::Generator::Spiral;
    params.numPoints = 1200;
    const data::Points2D points = data::generate(params);
    const TrainingData d = playgroundData(points.train, data::kAllFeatures);
    Network net(ModelSpec::mlp(7, {hiddenWidth, hiddenWidth}, {ActivationKind::Gelu}, 1, LossKind::MeanSquaredError,
                    ActivationKind::Tanh),
        backend, seed);
    TrainerConfig config;
    config.batchSize = batch;
    config.optimizer.kind = OptimizerKind::Adam;
    config.optimizer.learningRate = 0.001f;
    config.regularizer = RegularizerKind::L2;
    config.regularizationRate = 0.001f;
    config.seed = seed;
    Trainer trainer(net, d, config);
    trainer.step(updates);
    return net.parametersToHost();
}

std::vector<float> trainedParameters(int threads, std::uint64_t seed, int hiddenWidth, int batch, int updates)
{
    CpuBackend cpu(threads);
    return trainedParameters(cpu, seed, hiddenWidth, batch, updates);
}

// The continuation tests' run: the spiral with every feature, an 8-8 tanh MLP, Adam at batch 16.
struct SpiralRun {
    TrainingData data;
    ModelSpec spec;
    TrainerConfig config;
};

SpiralRun spiralRun()
{
    data::GeneratorParams params;
    params.generator = data::Generator::Spiral;
    SpiralRun r;
    r.data = playgroundData(data::generate(params).train, data::kAllFeatures);
    r.spec = ModelSpec::mlp(7, {8, 8}, {ActivationKind::Tanh}, 1, LossKind::MeanSquaredError, ActivationKind::Tanh);
    r.config.batchSize = 16;
    r.config.optimizer.kind = OptimizerKind::Adam;
    r.config.optimizer.learningRate = 0.01f;
    return r;
}

bool bitIdentical(const std::vector<float> &a, const std::vector<float> &b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}


// A CpuBackend that counts the floats it allocates.
class CountingCpu : public CpuBackend {
public:
    CountingCpu() : CpuBackend(1) { }
    std::shared_ptr<Buffer> allocate(std::size_t count) override
    {
        allocated += count;
        return CpuBackend::allocate(count);
    }
    std::size_t allocated = 0;
};

// A LeNet-like network on 1×28×28: about 14,000 activation values a row.
// `rows` 28×28 rows of a fixed pattern in [0, 1), labelled row % 10 (one-hot).
TrainingData patternedDigits(int rows)
{
    TrainingData d;
    d.rows = rows;
    d.targetColumns = 10;
    d.inputs.resize(std::size_t(rows) * 784);
    d.targets.assign(std::size_t(rows) * 10, 0.0f);
    for (std::size_t i = 0; i < d.inputs.size(); ++i)
        d.inputs[i] = float((i * 2654435761u) % 1000) / 1000.0f;
    for (int r = 0; r < rows; ++r)
        d.targets[std::size_t(r) * 10 + r % 10] = 1.0f;
    return d;
}

ModelSpec smallConvNet()
{
    ModelSpec spec;
    spec.input = {1, 28, 28};
    spec.layers = {LayerSpec::conv(6, 5, 1, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::conv(16, 5), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2), LayerSpec::flatten(),
        LayerSpec::dense(10), LayerSpec::softmax()};
    spec.loss = LossKind::SoftmaxCrossEntropy;
    return spec;
}

} // namespace

class TestTraining : public QObject {
    Q_OBJECT

private slots:
    // Each accuracy case trains 20 seeds and asserts a property of the method over them, not of
    // one trajectory: a single seed's accuracy moves by several points when one initial weight
    // moves by one ulp. The thresholds come from 200 seeds measured on the CPU (written at each
    // case) and are set so that a backend computing other bits fails with odds of at most 1 in 900.
    void xorWithFourTanh_data() { addBackendRows(); }
    void xorWithFourTanh()
    {
        // 200 seeds: min 0.688, 10th percentile 0.892, median 0.972, 30 reach 1.0; 17 end below
        // 0.8 with a tanh unit stuck. 18 % end below 0.93, so 10 of 20 do with odds of 0.001.
        DS_BACKEND(be);
        const Seeds s = overSeeds([&](std::uint64_t seed) {
            return train(*be, data::Generator::Xor, data::X1 | data::X2, {4}, 0.03f, 300, OptimizerKind::Sgd, seed);
        });
        qInfo("xor, 20 seeds, 300 epochs: %s", qPrintable(s.summary()));
        QVERIFY2(s.median() >= 0.93f, qPrintable(s.summary()));
    }

    void circleWithSquaresOnly_data() { addBackendRows(); }
    void circleWithSquaresOnly()
    {
        // 200 of 200 seeds reach 1.0 since X1² and X2² are scaled to [0, 1] (raw, up to 36, 28
        // seeds in 100 started saturated and stayed at 0.5): every seed must.
        DS_BACKEND(be);
        const Seeds s = overSeeds([&](std::uint64_t seed) {
            return train(*be, data::Generator::Circle, data::X1Squared | data::X2Squared, {}, 0.03f, 100,
                OptimizerKind::Sgd, seed);
        });
        qInfo("circle, 20 seeds, 100 epochs: %s", qPrintable(s.summary()));
        QVERIFY2(s.worst() == 1.0f, qPrintable(s.summary()));
    }

    void spiralWithAllFeatures_data() { addBackendRows(); }
    void spiralWithAllFeatures()
    {
        // 200 seeds: min 0.944, 10th percentile 0.972, median 0.992, 14 reach 1.0; 9 % end
        // below 0.97, so 10 of 20 do with odds of 3e-6; none of 200 ended below 0.94.
        DS_BACKEND(be);
        const Seeds s = overSeeds([&](std::uint64_t seed) {
            return train(
                *be, data::Generator::Spiral, data::kAllFeatures, {8, 8, 8, 8}, 0.01f, 400, OptimizerKind::Adam, seed);
        });
        qInfo("spiral, 20 seeds, 400 epochs: %s", qPrintable(s.summary()));
        QVERIFY2(s.median() >= 0.97f, qPrintable(s.summary()));
        QVERIFY2(s.worst() >= 0.9f, qPrintable(s.summary()));
    }

    // On the GPU too: its reductions and cuDNN algorithms are chosen deterministic.
    void sameSeedSameBits_data() { addBackendRows(); }
    void sameSeedSameBits()
    {
        DS_BACKEND(be);
        const auto a = trainedParameters(*be, 7, 8, 10, 300);
        const auto b = trainedParameters(*be, 7, 8, 10, 300);
        QVERIFY(bitIdentical(a, b));
        QVERIFY(!bitIdentical(a, trainedParameters(*be, 8, 8, 10, 300)));
    }

    // Wide layers and big batches take the threaded paths (row-chunked GEMM, chunked element-wise
    // work); the chunks never depend on the thread count, so neither may the bits.
    void threadCountDoesNotChangeBits()
    {
        const auto one = trainedParameters(1, 3, 256, 600, 4);
        const auto two = trainedParameters(2, 3, 256, 600, 4);
        const auto three = trainedParameters(3, 3, 256, 600, 4);
        QVERIFY(bitIdentical(one, two));
        QVERIFY(bitIdentical(one, three));
    }

    // Half a run on the CPU, the other half on the row's backend through continueFrom, against the
    // whole run on the CPU: the same bits when the second half is on a CPU too, and within the
    // parity tolerance (tst_parity) on a GPU.
    void continueOnAnotherBackend_data() { addBackendRows(); }
    void continueOnAnotherBackend()
    {
        DS_BACKEND(be);
        const auto [d, spec, config] = spiralRun();
        CpuBackend cpu;
        Network whole(spec, cpu, 4);
        Trainer wholeRun(whole, d, config);
        wholeRun.step(130);

        Network first(spec, cpu, 4);
        Trainer firstHalf(first, d, config);
        firstHalf.step(65);
        Network second(spec, *be, 99); // other initial weights, replaced below
        second.setParameters(first.parametersToHost());
        Trainer secondHalf(second, d, config);
        secondHalf.continueFrom(firstHalf);
        QCOMPARE(secondHalf.updates(), 65LL);
        QCOMPARE(secondHalf.epoch(), firstHalf.epoch());
        secondHalf.step(65);

        const std::vector<float> a = whole.parametersToHost(), b = second.parametersToHost();
        if (be->device() == Device::Cpu) {
            QVERIFY(bitIdentical(a, b));
            return;
        }
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY2(std::abs(a[i] - b[i]) <= 1e-3f * std::max(1.0f, std::abs(a[i])),
                qPrintable(QString("weight %1: %2 against %3").arg(i).arg(a[i]).arg(b[i])));
    }

    // A run saved half-way (weights and TrainerState) and restored into a fresh network and
    // trainer goes on to the same bits as the run that never stopped, dropout masks included.
    void savedStateContinuesTheRun()
    {
        auto [d, spec, config] = spiralRun();
        spec.layers.insert(spec.layers.begin() + 2, LayerSpec::dropout(0.2f));
        spec.layers.insert(spec.layers.begin() + 1, LayerSpec::batchNorm());
        CpuBackend cpu;
        Network whole(spec, cpu, 4);
        Trainer wholeRun(whole, d, config);
        wholeRun.step(137);

        Network first(spec, cpu, 4);
        Trainer firstHalf(first, d, config);
        firstHalf.step(61);
        const std::vector<float> weights = first.parametersToHost();
        const TrainerState state = firstHalf.saveState();

        // The same seed (it also seeds the dropout masks), as reopening the playground builds it.
        Network second(spec, cpu, 4);
        Trainer secondHalf(second, d, config);
        secondHalf.step(5); // wander off first: the restore must put everything back
        second.setParameters(weights);
        secondHalf.restoreState(state);
        QCOMPARE(secondHalf.updates(), 61LL);
        secondHalf.step(76);
        QVERIFY(bitIdentical(whole.parametersToHost(), second.parametersToHost()));

        TrainerState damaged = state;
        damaged.order[0] = 1 << 30;
        QVERIFY_THROWS_EXCEPTION(Error, secondHalf.restoreState(damaged));
        damaged = state;
        damaged.moments1.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, secondHalf.restoreState(damaged));
    }

    // Layers' weights as values: shapes in PyTorch's terms, an edit lands where it says, bad
    // shapes and wrong layer kinds are errors.
    void layerWeightsAsValues()
    {
        CpuBackend cpu;
        Network net(ModelSpec::mlp(3, {4}, {ActivationKind::Tanh}, 2, LossKind::MeanSquaredError), cpu, 1);
        QVERIFY(net.hasWeights(0) && !net.hasWeights(1));
        LayerWeights w = net.layerWeights(0, net.parametersToHost());
        QCOMPARE(w.shape, (Shape {3, 4}));
        QCOMPARE(w.bias.size(), std::size_t(4));
        w.weights[2 * 4 + 1] = 0.75f; // input 2 -> unit 1
        net.setLayerWeights(0, w);
        QCOMPARE(net.layerWeights(0, net.parametersToHost()).weights[9], 0.75f);
        w.weights.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, net.setLayerWeights(0, w));
        QVERIFY_THROWS_EXCEPTION(Error, net.layerWeights(1, net.parametersToHost()));
        net.setActivation(1, ActivationKind::Relu);
        QCOMPARE(net.spec().layers[1].activation, ActivationKind::Relu);
        QVERIFY_THROWS_EXCEPTION(Error, net.setActivation(0, ActivationKind::Relu));
        QVERIFY_THROWS_EXCEPTION(Error, net.setDropoutRate(1, 0.5f));

        ModelSpec cnn;
        cnn.input = {3, 8, 8};
        cnn.layers = {LayerSpec::conv(5, 3), LayerSpec::flatten(), LayerSpec::dense(2)};
        Network c(cnn, cpu, 1);
        QCOMPARE(c.layerWeights(0, c.parametersToHost()).shape, (Shape {5, 3, 3, 3}));
        QCOMPARE(c.layerWeights(2, c.parametersToHost()).shape, (Shape {180, 2}));
        QCOMPARE(cpu.id(), std::string("cpu"));
    }

    // Each initializer draws at its scale, with the fans each layer has: Xavier uniform within
    // ±sqrt(6 / (fanIn + fanOut)) and reaching it, He normal with a spread of sqrt(2 / fanIn); a
    // convolution's fans count its kernel's area.
    void initializersHaveTheirScales()
    {
        CpuBackend cpu;
        auto firstWeights = [&](Shape input, LayerSpec layer, InitKind init) {
            ModelSpec spec;
            spec.input = std::move(input);
            spec.layers = {layer};
            if (spec.input.size() == 3)
                spec.layers.push_back(LayerSpec::flatten());
            spec.layers.push_back(LayerSpec::dense(2)); // a network needs an output to be one
            spec.init = init;
            Network net(spec, cpu, 5);
            return net.layerWeights(0, net.parametersToHost()).weights;
        };
        auto spread = [](const std::vector<float> &w) {
            double sum = 0, squares = 0;
            for (float v : w)
                sum += v, squares += double(v) * v;
            const double mean = sum / double(w.size());
            return std::sqrt(squares / double(w.size()) - mean * mean);
        };
        auto largest = [](const std::vector<float> &w) {
            float m = 0;
            for (float v : w)
                m = std::max(m, std::abs(v));
            return double(m);
        };
        struct Case {
            const char *name;
            Shape input;
            LayerSpec layer;
            int fanIn, fanOut;
            double tolerance; // of the spread: fewer weights, a looser estimate
        };
        const Case cases[] = {{"dense 300 -> 60", {300}, LayerSpec::dense(60), 300, 60, 0.04},
            {"conv 8 -> 16, 3x3", {8, 10, 10}, LayerSpec::conv(16, 3), 8 * 9, 16 * 9, 0.08}};
        for (const Case &c : cases) {
            const std::vector<float> xavier = firstWeights(c.input, c.layer, InitKind::Xavier);
            const double limit = std::sqrt(6.0 / (c.fanIn + c.fanOut));
            QVERIFY2(largest(xavier) <= limit * (1 + 1e-6) && largest(xavier) > 0.95 * limit,
                qPrintable(QString("%1: Xavier's largest weight %2, its limit %3").arg(c.name).arg(largest(xavier)).arg(limit)));
            const std::vector<float> he = firstWeights(c.input, c.layer, InitKind::He);
            const double wanted = std::sqrt(2.0 / c.fanIn);
            QVERIFY2(std::abs(spread(he) / wanted - 1.0) < c.tolerance,
                qPrintable(QString("%1: He's spread %2, not sqrt(2 / fanIn) = %3").arg(c.name).arg(spread(he)).arg(wanted)));
        }
    }

    // A schedule counts from epoch 0: the first epoch trains at the configured rate (a step
    // schedule halving every epoch gives the same first epoch as a constant one, then half).
    void theFirstEpochTrainsAtTheConfiguredRate()
    {
        CpuBackend cpu;
        data::GeneratorParams params;
        params.numPoints = 40;
        const data::Points2D points = data::generate(params);
        const TrainingData d = playgroundData(points.train, data::X1 | data::X2);
        auto afterOneEpoch = [&](ScheduleKind kind) {
            Network net(ModelSpec::mlp(2, {3}, {ActivationKind::Tanh}, 1, LossKind::MeanSquaredError), cpu, 2);
            TrainerConfig config;
            config.batchSize = 5;
            config.optimizer.learningRate = 0.1f;
            config.schedule.kind = kind;
            config.schedule.stepEpochs = 1;
            config.schedule.gamma = 0.5;
            Trainer trainer(net, d, config);
            [&] { QCOMPARE(trainer.learningRate(), 0.1f); }();
            trainer.step(trainer.updatesPerEpoch());
            return std::pair(net.parametersToHost(), trainer.learningRate());
        };
        const auto constant = afterOneEpoch(ScheduleKind::Constant), step = afterOneEpoch(ScheduleKind::Step);
        QCOMPARE(step.first, constant.first);
        QCOMPARE(step.second, 0.05f);
    }

    void divergenceIsVisible_data() { addBackendRows(); }
    void divergenceIsVisible()
    {
        DS_BACKEND(be);
        data::GeneratorParams params;
        params.generator = data::Generator::Plane;
        const auto points = data::generate(params);
        TrainingData d;
        d.rows = int(points.train.size());
        d.inputs = data::featureMatrix(points.train, data::kAllFeatures);
        d.targets = data::targetMatrix(points.train, data::TargetEncoding::Value, 0);
        d.classification = false;
        Network net(ModelSpec::mlp(7, {8, 8}, {ActivationKind::Relu}, 1, LossKind::MeanSquaredError), *be, 1);
        TrainerConfig config;
        config.optimizer.learningRate = 1000.0f;
        Trainer trainer(net, d, config);
        trainer.step(200);
        QVERIFY(!trainer.evaluateTraining().finite());
    }

    void badDataIsAClearError_data() { addBackendRows(); }
    void badDataIsAClearError()
    {
        DS_BACKEND(be);
        Network net(ModelSpec::mlp(2, {3}, {}, 1, LossKind::MeanSquaredError), *be, 1);
        TrainingData d;
        d.rows = 2;
        d.inputs = {1, 2, 3};
        d.targets = {0, 1};
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(net, d, {}));
        d.inputs = {1, 2, 3, NAN};
        try {
            Trainer t(net, d, {});
            QFAIL("NaN accepted");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains("not a finite number"));
        }
        d.inputs = {1, 2, 3, 4};
        TrainerConfig zeroBatch;
        zeroBatch.batchSize = 0;
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(net, d, zeroBatch));
    }
    // Evaluation runs in chunks whose activations fit Network::kForwardChunkBytes and allocates
    // no gradient buffers (it used to take 1,024 rows with their gradients: 120 MB for LeNet-5,
    // 11 GB for 224×224 images), and training after it is what it was.
    void evaluationKeepsToItsBudget()
    {
        CountingCpu cpu;
        const ModelSpec spec = smallConvNet();
        Network net(spec, cpu, 1);
        QCOMPARE(net.forwardChunkRows(1024), 512); // 14,000 values a row: 512 rows in 32 MB
        QCOMPARE(net.forwardChunkRows(100), 100);
        QCOMPARE(net.forwardChunkRows(0), 1);
        ModelSpec wide = spec;
        wide.input = {3, 224, 224};
        const int few = Network(wide, cpu, 1).forwardChunkRows(1024);
        QVERIFY2(few >= 1 && few < 64, qPrintable(QString::number(few)));

        const TrainingData d = patternedDigits(1500);
        TrainerConfig config;
        config.batchSize = 16;
        Trainer trainer(net, d, config);
        trainer.step(3);
        const std::size_t before = cpu.allocated;
        const Metrics m = trainer.evaluate(d);
        trainer.evaluateTraining();
        const std::size_t values = cpu.allocated - before;
        // The chunk's activations, its input and targets; nothing for gradients.
        QVERIFY2(double(values) * sizeof(float) <= Network::kForwardChunkBytes + 512.0 * (784 + 10) * 4,
            qPrintable(QString("%1 floats").arg(values)));
        QVERIFY(m.finite());

        // The same run without the evaluation in between trains to the same bits.
        CpuBackend plainCpu(1);
        Network plain(spec, plainCpu, 1);
        Trainer plainTrainer(plain, d, config);
        plainTrainer.step(3);
        trainer.step(4);
        plainTrainer.step(4);
        QVERIFY(net.parametersToHost() == plain.parametersToHost());
    }

    // Inputs given as a filler (TrainingData::rowsInto) train and evaluate to the bits of the same
    // inputs given whole; the trainer's inputs can be replaced a range of rows at a time; a filler
    // that writes a value that is not finite is refused as whole inputs are.
    void inputsFromAFiller()
    {
        const ModelSpec spec = smallConvNet();
        const TrainingData whole = patternedDigits(300);
        TrainingData lazy = whole;
        lazy.inputs.clear();
        int calls = 0;
        lazy.rowsInto = [&whole, &calls](int first, int count, float *dst) {
            ++calls;
            std::copy_n(whole.inputs.data() + std::size_t(first) * 784, std::size_t(count) * 784, dst);
        };
        TrainerConfig config;
        config.batchSize = 16;
        CpuBackend cpuA(1), cpuB(1);
        Network a(spec, cpuA, 1), b(spec, cpuB, 1);
        Trainer fromWhole(a, whole, config), fromFiller(b, lazy, config);
        QVERIFY(calls >= 1);
        QVERIFY(fromFiller.data().inputs == whole.inputs);
        fromWhole.step(10);
        fromFiller.step(10);
        QVERIFY(a.parametersToHost() == b.parametersToHost());
        const Metrics ma = fromWhole.evaluate(whole), mb = fromFiller.evaluate(lazy);
        QCOMPARE(ma.loss, mb.loss);
        QCOMPARE(ma.accuracy, mb.accuracy);

        // Rows 10..14 replaced: only they change.
        std::vector<float> five(5 * 784, 0.25f);
        fromFiller.replaceInputRows(10, 5, five.data());
        const std::vector<float> now = fromFiller.data().inputs;
        QVERIFY(std::equal(now.begin(), now.begin() + 10 * 784, whole.inputs.begin()));
        QVERIFY(std::all_of(now.begin() + 10 * 784, now.begin() + 15 * 784, [](float v) { return v == 0.25f; }));
        QVERIFY(std::equal(now.begin() + 15 * 784, now.end(), whole.inputs.begin() + 15 * 784));
        five[3] = NAN;
        QVERIFY_THROWS_EXCEPTION(Error, fromFiller.replaceInputRows(10, 5, five.data()));
        QVERIFY_THROWS_EXCEPTION(Error, fromFiller.replaceInputRows(298, 5, five.data()));

        TrainingData broken = lazy;
        broken.rowsInto = [](int, int count, float *dst) {
            std::fill_n(dst, std::size_t(count) * 784, 0.5f);
            dst[7] = INFINITY;
        };
        CpuBackend cpuC(1);
        Network c(spec, cpuC, 1);
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(c, broken, config));
        QVERIFY_THROWS_EXCEPTION(Error, fromFiller.evaluate(broken));
    }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"
