// The playground's per-frame cost on the heavy case (spiral, all 7 features, 6 hidden layers of
// 8 tanh): one snapshot (the output and every neuron's map over a 100 x 100 grid, and all
// weights), and one epoch of batch-10 training plus one snapshot. Milliseconds, lower is better.
#include "core/playgroundconfig.h"
#include "core/snapshotbuilder.h"
#include "cpu/cpubackend.h"
#include "network.h"
#include "trainer.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace ds;
using namespace ds::app;

namespace {

using Clock = std::chrono::steady_clock;

template <typename Fn> double millisecondsPerCall(Fn &&fn, double seconds)
{
    for (int i = 0; i < 20; ++i) // warm buffers and caches
        fn();
    long calls = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    while (elapsed < seconds) {
        fn();
        ++calls;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return elapsed * 1e3 / double(calls);
}

void report(const char *name, double value)
{
    std::printf("{\"name\": \"%s\", \"value\": %.4f, \"unit\": \"ms\"}\n", name, value);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    double seconds = 2.0;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            seconds = 0.5;
        else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
    }
    PlaygroundConfig config;
    config.dataset = data::Generator::Spiral;
    config.features = data::kAllFeatures;
    config.hiddenLayers = {8, 8, 8, 8, 8, 8};
    config.batchSize = 10;
    config.learningRate = 0.03f;
    CpuBackend cpu;
    Network net(config.modelSpec(), cpu, 1);
    Trainer trainer(net, config.trainingData(config.points().train), config.trainerConfig());
    SnapshotBuilder builder(config, 100);
    Snapshot s;
    if (only.empty() || only == "snapshot_heavy_grid100")
        report("snapshot_heavy_grid100", millisecondsPerCall([&] { builder.fill(net, s); }, seconds));
    if (only.empty() || only == "epoch_plus_snapshot_heavy")
        report("epoch_plus_snapshot_heavy",
            millisecondsPerCall(
                [&] {
                    trainer.step(trainer.updatesPerEpoch());
                    builder.fill(net, s);
                },
                seconds));
    return 0;
}
