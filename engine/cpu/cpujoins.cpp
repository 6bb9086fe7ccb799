// CpuBackend's operations for the graph's joins: block copies (Concat) and the broadcast product
// (Mul). Each output value is computed by one thread in a fixed order, so the bits do not depend
// on the thread count.
#include "cpubackend.h"

#include <algorithm>

namespace ds {
namespace {

constexpr std::size_t kRowsPerChunk = 64;

} // namespace

void CpuBackend::copyBlocks(
    const float *src, std::size_t srcPitch, float *dst, std::size_t dstPitch, std::size_t width, std::size_t rows)
{
    forChunks(rows, std::max<std::size_t>(1, kElementGrain / std::max<std::size_t>(width, 1)),
        [&](std::size_t r0, std::size_t r1) {
            for (std::size_t r = r0; r < r1; ++r)
                std::copy_n(src + r * srcPitch, width, dst + r * dstPitch);
        });
}

void CpuBackend::broadcastMul(const float *a, const float *b, float *y, std::size_t count, std::size_t spread)
{
    forChunks(count, std::max<std::size_t>(kRowsPerChunk, kElementGrain / std::max<std::size_t>(spread, 1)),
        [&](std::size_t i0, std::size_t i1) {
            for (std::size_t i = i0; i < i1; ++i) {
                const float s = b[i];
                const float *ai = a + i * spread;
                float *yi = y + i * spread;
                for (std::size_t j = 0; j < spread; ++j)
                    yi[j] = ai[j] * s;
            }
        });
}

void CpuBackend::broadcastMulBackward(const float *a, const float *b, const float *dy, float *da, float *db,
    std::size_t count, std::size_t spread)
{
    forChunks(count, std::max<std::size_t>(kRowsPerChunk, kElementGrain / std::max<std::size_t>(spread, 1)),
        [&](std::size_t i0, std::size_t i1) {
            for (std::size_t i = i0; i < i1; ++i) {
                const float *g = dy + i * spread;
                if (da) {
                    const float s = b[i];
                    float *d = da + i * spread;
                    for (std::size_t j = 0; j < spread; ++j)
                        d[j] = g[j] * s;
                }
                if (db) {
                    const float *ai = a + i * spread;
                    float sum = 0.0f;
                    for (std::size_t j = 0; j < spread; ++j)
                        sum += g[j] * ai[j];
                    db[i] = sum;
                }
            }
        });
}

} // namespace ds
