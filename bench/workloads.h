// The benchmarks' workloads, on any backend: bench_cnn and bench_mlp run them on the CPU,
// bench_gpu on the CUDA backend, each beside a PyTorch peer (bench/peers/) doing the same.
#pragma once

#include "backend.h"
#include "modelspec.h"
#include "trainer.h"

#include <string>

namespace ds::bench {

// ConvNetJS's MNIST network and the LeNet-5 preset, He-initialized, softmax cross-entropy.
ModelSpec convnetjsMnist();
ModelSpec lenet5();
// The first `count` digits of the bundled MNIST subset.
TrainingData bundledDigits(int count);

// Training images per second: SGD with momentum (lr 0.01), whole updates for `seconds` after a
// warm-up of 10.
double trainImagesPerSecond(
    Backend &backend, const ModelSpec &spec, const TrainingData &data, int batch, double seconds);
// Evaluation images per second: forward passes over all of `data` for `seconds`.
double evalImagesPerSecond(Backend &backend, const ModelSpec &spec, const TrainingData &data, double seconds);
// Seconds for one epoch over `data` (after one warm-up epoch), the best of `repeats`.
double secondsPerEpoch(Backend &backend, const ModelSpec &spec, const TrainingData &data, int batch, int repeats);

// The heavy case's spiral of 500 points (its 250 training points, or all 500), all 7 features,
// targets ±1; and its network (6 hidden layers of 8 tanh, a tanh output, squared error).
TrainingData heavyPlaygroundData(bool allPoints);
ModelSpec heavyPlaygroundSpec();

// TensorFlow Playground's heavy case: spiral, 500 points, 50 % train, all 7 features, 6 hidden
// layers of 8 tanh, tanh output, squared error, SGD lr 0.03. Epochs per second for `seconds`,
// or over exactly `fixedEpochs` when that is positive (for profilers).
double playgroundEpochsPerSecond(Backend &backend, int batchSize, double seconds, long fixedEpochs = 0);

// Command-line flags every benchmark takes: --quick, --only NAME.
struct BenchArgs {
    double seconds = 3.0;
    std::string only;
    bool wants(const std::string &name) const { return only.empty() || only == name; }
};
BenchArgs parseArgs(int argc, char **argv);

// One JSON line: {"name": ..., "value": ..., "unit": ...}, with "flop_per_unit" when given (the
// arithmetic behind one image or one epoch, from engine/workload.h), so that bench/run can show
// the workload's Gflop/s and its share of the machine's peak (bench_peak).
void report(const std::string &name, double value, const char *unit, double flopsPerUnit = 0.0);
// bench_peak's line: the FMA peak in Gflop/s, how many threads and which instructions.
void reportPeak(const std::string &name, double gflops, int threads, const char *instructions);
// The arithmetic of one trained image (forward and backward) and of one evaluated image.
double trainFlopsPerImage(const ModelSpec &spec);
double evalFlopsPerImage(const ModelSpec &spec);

} // namespace ds::bench
