// The loss landscape sampler (engine/landscape.h) against the absolute targets on the
// machine it runs on; no peer (nothing else draws the landscape of a network while it trains).
// Seconds, lower is better:
//   landscape_points_heavy_41   a 41×41 grid over the heavy Points network (6×8 tanh) on all 500
//                               spiral points, random filter-normalized directions
//   landscape_lenet5_21         a 21×21 grid over LeNet-5 on 1,000 bundled test digits
#include "cpu/cpubackend.h"
#include "landscape.h"
#include "workloads.h"

#include <chrono>

using namespace ds;

namespace {

using Clock = std::chrono::steady_clock;

double secondsFor(Network &net, const TrainingData &data, int grid)
{
    Trainer trainer(net, data, TrainerConfig {});
    const std::vector<float> theta = net.parametersToHost();
    const std::vector<float> d1 = filterNormalizedDirection(net, theta, 1), d2 = filterNormalizedDirection(net, theta, 2);
    const auto score = [&] { return trainer.evaluateTraining(); };
    sampleLandscape(net, score, theta, d1, d2, 3, 1.0); // warm the buffers
    const auto start = Clock::now();
    sampleLandscape(net, score, theta, d1, d2, grid, 1.0);
    return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace

int main(int argc, char **argv)
{
    const bench::BenchArgs args = bench::parseArgs(argc, argv);
    CpuBackend cpu;
    if (args.wants("landscape_points_heavy_41")) {
        Network net(bench::heavyPlaygroundSpec(), cpu, 1);
        bench::report("landscape_points_heavy_41", secondsFor(net, bench::heavyPlaygroundData(true), 41), "s");
    }
    if (args.wants("landscape_lenet5_21")) {
        Network net(bench::lenet5(), cpu, 1);
        bench::report("landscape_lenet5_21", secondsFor(net, bench::bundledDigits(1000), 21), "s");
    }
    return 0;
}
