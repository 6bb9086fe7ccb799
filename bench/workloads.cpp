#include "workloads.h"

#include "workload.h"

#include "images.h"
#include "network.h"
#include "points2d.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace ds::bench {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

TrainerConfig momentumSgd(int batch, float lr)
{
    TrainerConfig config;
    config.batchSize = batch;
    config.optimizer.kind = OptimizerKind::Momentum;
    config.optimizer.learningRate = lr;
    return config;
}

} // namespace

ModelSpec convnetjsMnist()
{
    ModelSpec s;
    s.input = {1, 28, 28};
    s.layers = {LayerSpec::conv(8, 5, 1, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::conv(16, 5, 1, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(3), LayerSpec::flatten(),
        LayerSpec::dense(10), LayerSpec::softmax()};
    s.loss = LossKind::SoftmaxCrossEntropy;
    s.init = InitKind::He;
    return s;
}

ModelSpec lenet5()
{
    ModelSpec s;
    s.input = {1, 28, 28};
    s.layers = {LayerSpec::conv(6, 5, 1, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::conv(16, 5), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2), LayerSpec::flatten(),
        LayerSpec::dense(120), LayerSpec::act(ActivationKind::Relu), LayerSpec::dense(84),
        LayerSpec::act(ActivationKind::Relu), LayerSpec::dense(10), LayerSpec::softmax()};
    s.loss = LossKind::SoftmaxCrossEntropy;
    s.init = InitKind::He;
    return s;
}

TrainingData bundledDigits(int count)
{
    const data::ImageSet all = data::loadBundledMnist();
    return data::toTrainingData(all, 0, std::min(count, all.count()));
}

double trainImagesPerSecond(
    Backend &backend, const ModelSpec &spec, const TrainingData &data, int batch, double seconds)
{
    Network net(spec, backend, 1);
    Trainer trainer(net, data, momentumSgd(batch, 0.01f));
    trainer.step(10);
    trainer.evaluateTraining(); // waits for the GPU's queue before the clock starts
    long updates = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    while (elapsed < seconds) {
        trainer.step(10);
        updates += 10;
        elapsed = since(start);
    }
    // Let a GPU finish what it queued: parameters to the host wait for the last update.
    net.parametersToHost();
    return double(updates) * batch / since(start);
}

double evalImagesPerSecond(Backend &backend, const ModelSpec &spec, const TrainingData &data, double seconds)
{
    Network net(spec, backend, 1);
    Trainer trainer(net, data, TrainerConfig {});
    trainer.evaluateTraining();
    long images = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    while (elapsed < seconds) {
        trainer.evaluateTraining();
        images += data.rows;
        elapsed = since(start);
    }
    return double(images) / elapsed;
}

double secondsPerEpoch(Backend &backend, const ModelSpec &spec, const TrainingData &data, int batch, int repeats)
{
    Network net(spec, backend, 1);
    Trainer trainer(net, data, momentumSgd(batch, 0.01f));
    trainer.step(trainer.updatesPerEpoch());
    net.parametersToHost();
    double best = 1e30;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        trainer.step(trainer.updatesPerEpoch());
        net.parametersToHost();
        best = std::min(best, since(start));
    }
    return best;
}

TrainingData heavyPlaygroundData(bool allPoints)
{
    data::GeneratorParams params;
    params.generator = data::Generator::Spiral;
    params.numPoints = 500;
    params.trainPercent = 50;
    const data::Points2D points = data::generate(params);
    auto rows = points.train;
    if (allPoints)
        rows.insert(rows.end(), points.test.begin(), points.test.end());
    TrainingData d;
    d.rows = int(rows.size());
    d.inputs = data::featureMatrix(rows, data::kAllFeatures);
    d.targets = data::targetMatrix(rows, data::TargetEncoding::PlusMinusOne, 2);
    d.threshold = 0.0f;
    return d;
}

ModelSpec heavyPlaygroundSpec()
{
    return ModelSpec::mlp(
        7, {8, 8, 8, 8, 8, 8}, {ActivationKind::Tanh}, 1, LossKind::MeanSquaredError, ActivationKind::Tanh);
}

double playgroundEpochsPerSecond(Backend &backend, int batchSize, double seconds, long fixedEpochs)
{
    const TrainingData d = heavyPlaygroundData(false);
    Network net(heavyPlaygroundSpec(), backend, 1);
    TrainerConfig config;
    config.batchSize = batchSize;
    config.optimizer.learningRate = 0.03f;
    Trainer trainer(net, d, config);
    const long perEpoch = trainer.updatesPerEpoch();

    trainer.step(perEpoch * 20); // warm caches and buffers
    net.parametersToHost();
    const auto start = Clock::now();
    if (fixedEpochs > 0) {
        trainer.step(perEpoch * fixedEpochs);
        net.parametersToHost();
        return double(fixedEpochs) / since(start);
    }
    // Check the clock every few epochs so that reading it costs nothing measurable.
    const long stride = batchSize >= d.rows ? 200 : 20;
    long epochs = 0;
    while (since(start) < seconds) {
        trainer.step(perEpoch * stride);
        epochs += stride;
    }
    net.parametersToHost();
    return double(epochs) / since(start);
}

BenchArgs parseArgs(int argc, char **argv)
{
    BenchArgs a;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            a.seconds = 0.7;
        else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            a.only = argv[++i];
    }
    return a;
}

void report(const std::string &name, double value, const char *unit, double flopsPerUnit)
{
    if (flopsPerUnit > 0)
        std::printf("{\"name\": \"%s\", \"value\": %.4g, \"unit\": \"%s\", \"flop_per_unit\": %.6g}\n",
            name.c_str(), value, unit, flopsPerUnit);
    else
        std::printf("{\"name\": \"%s\", \"value\": %.4g, \"unit\": \"%s\"}\n", name.c_str(), value, unit);
    std::fflush(stdout);
}

void reportPeak(const std::string &name, double gflops, int threads, const char *instructions)
{
    std::printf("{\"name\": \"%s\", \"value\": %.4g, \"unit\": \"Gflop/s\", \"threads\": %d, "
                "\"instructions\": \"%s\"}\n",
        name.c_str(), gflops, threads, instructions);
    std::fflush(stdout);
}

double trainFlopsPerImage(const ModelSpec &spec)
{
    return estimateWorkload(spec).stepFlops(1);
}

double evalFlopsPerImage(const ModelSpec &spec)
{
    return estimateWorkload(spec).flops;
}

} // namespace ds::bench
