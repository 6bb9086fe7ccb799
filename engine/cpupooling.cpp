// CpuBackend's pooling: plain loops over each channel plane; planes are shared between threads.
#include "cpubackend.h"

#include <algorithm>
#include <limits>

namespace ds {
namespace {

constexpr std::size_t kPlaneGrain = 16; // planes per chunk: a 28x28 plane is too little work alone

// The window of output cell (oy, ox) clipped to the input: rows [y0, y1), columns [x0, x1).
struct Window {
    int y0, y1, x0, x1;
};

Window windowOf(const PoolShape &s, int oy, int ox)
{
    const int y = oy * s.strideH - s.padH, x = ox * s.strideW - s.padW;
    return {std::max(y, 0), std::min(y + s.windowH, s.inH), std::max(x, 0), std::min(x + s.windowW, s.inW)};
}

// The first cell of the window holding its maximum, as an offset into the plane; -1 for a window
// entirely in the padding (its output is -inf and passes no gradient).
int argMax(const PoolShape &s, const float *plane, const Window &w)
{
    int best = -1;
    float value = -std::numeric_limits<float>::infinity();
    for (int iy = w.y0; iy < w.y1; ++iy)
        for (int ix = w.x0; ix < w.x1; ++ix) {
            const float v = plane[iy * s.inW + ix];
            if (best < 0 || v > value) {
                best = iy * s.inW + ix;
                value = v;
            }
        }
    return best;
}

} // namespace

void CpuBackend::poolForward(const PoolShape &s, const float *x, float *y)
{
    const std::size_t inPlane = std::size_t(s.inH) * s.inW, outPlane = std::size_t(s.outH) * s.outW;
    const float area = float(s.windowH * s.windowW);
    forChunks(std::size_t(s.batch) * s.channels, kPlaneGrain, [&](std::size_t p0, std::size_t p1) {
        for (std::size_t p = p0; p < p1; ++p) {
            const float *in = x + p * inPlane;
            float *out = y + p * outPlane;
            for (int oy = 0; oy < s.outH; ++oy)
                for (int ox = 0; ox < s.outW; ++ox) {
                    const Window w = windowOf(s, oy, ox);
                    float v;
                    if (s.max) {
                        const int at = argMax(s, in, w);
                        v = at < 0 ? -std::numeric_limits<float>::infinity() : in[at];
                    } else {
                        float sum = 0.0f;
                        for (int iy = w.y0; iy < w.y1; ++iy)
                            for (int ix = w.x0; ix < w.x1; ++ix)
                                sum += in[iy * s.inW + ix];
                        v = sum / area;
                    }
                    out[oy * s.outW + ox] = v;
                }
        }
    });
}

void CpuBackend::poolBackward(const PoolShape &s, const float *x, const float *, const float *dy, float *dx)
{
    const std::size_t inPlane = std::size_t(s.inH) * s.inW, outPlane = std::size_t(s.outH) * s.outW;
    const float area = float(s.windowH * s.windowW);
    forChunks(std::size_t(s.batch) * s.channels, kPlaneGrain, [&](std::size_t p0, std::size_t p1) {
        for (std::size_t p = p0; p < p1; ++p) {
            const float *in = x + p * inPlane;
            const float *g = dy + p * outPlane;
            float *out = dx + p * inPlane;
            std::fill_n(out, inPlane, 0.0f);
            for (int oy = 0; oy < s.outH; ++oy)
                for (int ox = 0; ox < s.outW; ++ox) {
                    const Window w = windowOf(s, oy, ox);
                    const float grad = g[oy * s.outW + ox];
                    if (s.max) {
                        const int at = argMax(s, in, w);
                        if (at >= 0)
                            out[at] += grad;
                        continue;
                    }
                    for (int iy = w.y0; iy < w.y1; ++iy)
                        for (int ix = w.x0; ix < w.x1; ++ix)
                            out[iy * s.inW + ix] += grad / area;
                }
        }
    });
}

} // namespace ds
