// Our side of the playground benchmarks: TensorFlow Playground's own training loop (spiral,
// 500 points, 50 % train, all 7 features, 6 hidden layers of 8 tanh, SGD lr 0.03), one update per
// batch of 10, and the same network on the full batch of 250, on the CPU. Prints one JSON line
// per workload with epochs per second; bench/run sets them beside PyTorch's.
// --epochs N trains exactly N epochs (for profilers).
#include "cpu/cpubackend.h"
#include "workloads.h"

#include <cstdlib>
#include <cstring>

using namespace ds;
using namespace ds::bench;

int main(int argc, char **argv)
{
    const BenchArgs args = parseArgs(argc, argv);
    long fixedEpochs = 0;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--epochs") == 0)
            fixedEpochs = std::atol(argv[i + 1]);
    CpuBackend cpu;
    // An epoch is every one of the 250 training points forward and back, whatever the batch.
    const double epochFlops = 250.0 * trainFlopsPerImage(heavyPlaygroundSpec());
    if (args.wants("mlp_playground_batch10"))
        report("mlp_playground_batch10", playgroundEpochsPerSecond(cpu, 10, args.seconds, fixedEpochs), "epochs/s",
            epochFlops);
    if (args.wants("mlp_playground_fullbatch"))
        report("mlp_playground_fullbatch", playgroundEpochsPerSecond(cpu, 250, args.seconds, fixedEpochs), "epochs/s",
            epochFlops);
    return 0;
}
