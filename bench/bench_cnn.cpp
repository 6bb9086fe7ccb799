// Our side of the CNN benchmarks: training and evaluation images per second on the bundled MNIST
// subset (8,000 training digits), for ConvNetJS's MNIST network and the LeNet-5 preset, at batch
// 20 and 128, SGD with momentum on softmax cross-entropy, on the CPU. bench/peers/torch_cnn.py
// runs the same networks on the same digits in PyTorch. One JSON line per workload.
#include "cpu/cpubackend.h"
#include "images.h"
#include "workloads.h"

using namespace ds;
using namespace ds::bench;

int main(int argc, char **argv)
{
    const BenchArgs args = parseArgs(argc, argv);
    const TrainingData data = bundledDigits(data::kBundledMnistTrainCount);
    const struct {
        const char *name;
        ModelSpec spec;
    } nets[] = {{"convnetjs", convnetjsMnist()}, {"lenet5", lenet5()}};
    for (const auto &n : nets) {
        for (int batch : {20, 128}) {
            const std::string name = std::string("cnn_") + n.name + "_train_batch" + std::to_string(batch);
            if (args.wants(name)) {
                CpuBackend cpu;
                report(name, trainImagesPerSecond(cpu, n.spec, data, batch, args.seconds), "images/s",
                    trainFlopsPerImage(n.spec));
            }
        }
        const std::string name = std::string("cnn_") + n.name + "_eval";
        if (args.wants(name)) {
            CpuBackend cpu;
            report(name, evalImagesPerSecond(cpu, n.spec, data, args.seconds), "images/s", evalFlopsPerImage(n.spec));
        }
    }
    return 0;
}
