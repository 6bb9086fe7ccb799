// Our side of the GPU benchmarks, on the CUDA backend: LeNet-5 on the bundled MNIST subset
// (training images/s at batch 20 and 128; one epoch over all 10,000 digits at batch 128, in
// seconds) and TensorFlow Playground's heavy MLP (epochs/s at batch 10 and full batch).
// bench/peers/torch_gpu.py runs the same on PyTorch + cuDNN on the same GPU. Without a usable
// GPU it says why on stderr and prints no workload, so bench/run shows none.
#include "backends.h"
#include "workloads.h"

#include <cstdio>

using namespace ds;
using namespace ds::bench;

int main(int argc, char **argv)
{
    const BenchArgs args = parseArgs(argc, argv);
    const BackendInfo gpu = probeBackends().at(1);
    if (!gpu.available) {
        std::fprintf(stderr, "bench_gpu: no GPU workloads: %s\n", gpu.reason.c_str());
        return 0;
    }
    auto cuda = createBackend("cuda");
    std::fprintf(stderr, "bench_gpu: %s\n", cuda->name().c_str());
    const TrainingData train = bundledDigits(8000);
    for (int batch : {20, 128}) {
        const std::string name = "gpu_lenet5_train_batch" + std::to_string(batch);
        if (args.wants(name))
            report(name, trainImagesPerSecond(*cuda, lenet5(), train, batch, args.seconds), "images/s");
    }
    if (args.wants("gpu_lenet5_eval"))
        report("gpu_lenet5_eval", evalImagesPerSecond(*cuda, lenet5(), train, args.seconds), "images/s");
    if (args.wants("gpu_lenet5_epoch10000_batch128"))
        report("gpu_lenet5_epoch10000_batch128", secondsPerEpoch(*cuda, lenet5(), bundledDigits(10000), 128, 3), "s");
    if (args.wants("gpu_mlp_playground_batch10"))
        report("gpu_mlp_playground_batch10", playgroundEpochsPerSecond(*cuda, 10, args.seconds), "epochs/s");
    if (args.wants("gpu_mlp_playground_fullbatch"))
        report("gpu_mlp_playground_fullbatch", playgroundEpochsPerSecond(*cuda, 250, args.seconds), "epochs/s");
    return 0;
}
