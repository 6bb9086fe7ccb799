// Our side of the playground benchmarks: TensorFlow Playground's own training loop (spiral,
// 500 points, 50 % train, all 7 features, 6 hidden layers of 8 tanh, SGD lr 0.03), one update per
// batch of 10, and the same network on the full batch of 250. Prints one JSON line per workload
// with epochs per second; bench/run sets them beside PyTorch's.
#include "cpubackend.h"
#include "network.h"
#include "points2d.h"
#include "trainer.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace ds;

namespace {

// Trains for `seconds`, or for exactly `fixedEpochs` when that is positive (for profilers).
double epochsPerSecond(int batchSize, double seconds, long fixedEpochs)
{
    data::GeneratorParams params;
    params.generator = data::Generator::Spiral;
    params.numPoints = 500;
    params.trainPercent = 50;
    const data::Points2D points = data::generate(params);
    TrainingData d;
    d.rows = int(points.train.size());
    d.inputs = data::featureMatrix(points.train, data::kAllFeatures);
    d.targets = data::targetMatrix(points.train, data::TargetEncoding::PlusMinusOne, 2);
    d.threshold = 0.0f;

    CpuBackend cpu;
    Network net(ModelSpec::mlp(
                    7, {8, 8, 8, 8, 8, 8}, {ActivationKind::Tanh}, 1, LossKind::MeanSquaredError, ActivationKind::Tanh),
        cpu, 1);
    TrainerConfig config;
    config.batchSize = batchSize;
    config.optimizer.learningRate = 0.03f;
    Trainer trainer(net, d, config);
    const long perEpoch = trainer.updatesPerEpoch();

    using Clock = std::chrono::steady_clock;
    trainer.step(perEpoch * 20); // warm caches and buffers
    long epochs = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    // Check the clock every few epochs so that reading it costs nothing measurable.
    const long stride = batchSize >= d.rows ? 200 : 20;
    if (fixedEpochs > 0) {
        trainer.step(perEpoch * fixedEpochs);
        return double(fixedEpochs) / std::chrono::duration<double>(Clock::now() - start).count();
    }
    while (elapsed < seconds) {
        trainer.step(perEpoch * stride);
        epochs += stride;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return double(epochs) / elapsed;
}

void report(const char *name, double value)
{
    std::printf("{\"name\": \"%s\", \"value\": %.1f, \"unit\": \"epochs/s\"}\n", name, value);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    double seconds = 3.0;
    std::string only;
    long fixedEpochs = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            seconds = 0.7;
        else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (std::strcmp(argv[i], "--epochs") == 0 && i + 1 < argc)
            fixedEpochs = std::atol(argv[++i]);
    }
    if (only.empty() || only == "mlp_playground_batch10")
        report("mlp_playground_batch10", epochsPerSecond(10, seconds, fixedEpochs));
    if (only.empty() || only == "mlp_playground_fullbatch")
        report("mlp_playground_fullbatch", epochsPerSecond(250, seconds, fixedEpochs));
    return 0;
}
