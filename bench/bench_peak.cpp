// The machine's own arithmetic peak, the yardstick of bench/run's "% peak" column: a loop of
// fused multiply-adds that never leaves the registers (12 independent accumulators, so that the
// FMA units' latency is hidden), for the widest vectors the engine's kernels use on this CPU
// (AVX-512 where the CPU has it, else AVX2 + FMA), on one thread and on every thread the CPU
// backend uses. One JSON line each, in Gflop/s (a multiply-add counts 2).
#include "workloads.h"

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

using namespace ds::bench;

namespace {

constexpr int kAccumulators = 12;
constexpr long kRounds = 1L << 24; // of 12 FMAs each: ~0.1 s per call at 200 Gflop/s

// Flops done, written where the optimizer cannot drop the loop.
__attribute__((target("avx512f"))) double fmaLoop512(float *sink)
{
    __m512 acc[kAccumulators];
    for (int i = 0; i < kAccumulators; ++i)
        acc[i] = _mm512_set1_ps(float(i) * 1e-3f);
    const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    for (long r = 0; r < kRounds; ++r)
        for (int i = 0; i < kAccumulators; ++i)
            acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    __m512 sum = acc[0];
    for (int i = 1; i < kAccumulators; ++i)
        sum = _mm512_add_ps(sum, acc[i]);
    float lanes[16];
    _mm512_storeu_ps(lanes, sum);
    *sink = lanes[0] + lanes[15];
    return 2.0 * 16 * kAccumulators * double(kRounds);
}

__attribute__((target("avx2,fma"))) double fmaLoop256(float *sink)
{
    __m256 acc[kAccumulators];
    for (int i = 0; i < kAccumulators; ++i)
        acc[i] = _mm256_set1_ps(float(i) * 1e-3f);
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (long r = 0; r < kRounds; ++r)
        for (int i = 0; i < kAccumulators; ++i)
            acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    __m256 sum = acc[0];
    for (int i = 1; i < kAccumulators; ++i)
        sum = _mm256_add_ps(sum, acc[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    *sink = lanes[0] + lanes[7];
    return 2.0 * 8 * kAccumulators * double(kRounds);
}

bool hasAvx512() { return __builtin_cpu_supports("avx512f"); }

// Gflop/s of `threads` threads each running the loop, the best of a few tries.
double peak(int threads, double seconds)
{
    double best = 0.0;
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    do {
        std::vector<float> sinks(std::size_t(threads) * 16u);
        std::vector<double> flops(static_cast<std::size_t>(threads));
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                flops[std::size_t(t)] = hasAvx512() ? fmaLoop512(&sinks[std::size_t(t) * 16])
                                                    : fmaLoop256(&sinks[std::size_t(t) * 16]);
            });
        for (std::thread &t : pool)
            t.join();
        const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        double total = 0.0;
        for (double f : flops)
            total += f;
        best = std::max(best, total / took / 1e9);
    } while (std::chrono::steady_clock::now() < end);
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    const BenchArgs args = parseArgs(argc, argv);
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
        return 0; // no FMA: no peak to print (bench/run then shows no share)
    const int threads = std::max(1u, std::thread::hardware_concurrency());
    const char *isa = hasAvx512() ? "AVX-512" : "AVX2";
    if (args.wants("fma_peak_1thread"))
        reportPeak("fma_peak_1thread", peak(1, args.seconds / 3), 1, isa);
    if (args.wants("fma_peak_all_threads"))
        reportPeak("fma_peak_all_threads", peak(threads, args.seconds / 3), threads, isa);
    return 0;
}
