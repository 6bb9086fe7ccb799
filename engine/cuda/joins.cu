// Kernels for the graph's joins and the pools cuDNN cannot describe. The broadcast product (Mul)
// and its gradients; and max and average pooling in ceil mode, whose last windows run past the
// padded input (cuDNN's pooling only computes floor-mode sizes). Formulas and summation orders
// mirror cpujoins.cpp and cpupooling.cpp, so the parity tests compare like with like.
#include "cudacheck.h"
#include "kernels.h"
#include "launch.cuh"

#include <cfloat>

namespace ds::cuda {
namespace {

__global__ void broadcastMulKernel(const float *a, const float *b, float *y, std::size_t count, std::size_t spread)
{
    DS_GRID_STRIDE(k, count * spread) y[k] = a[k] * b[k / spread];
}

__global__ void broadcastMulDataKernel(const float *b, const float *dy, float *da, std::size_t count, std::size_t spread)
{
    DS_GRID_STRIDE(k, count * spread) da[k] = dy[k] * b[k / spread];
}

// One thread per factor, summing its spread in order (as the CPU does).
__global__ void broadcastMulFactorKernel(const float *a, const float *dy, float *db, std::size_t count, std::size_t spread)
{
    DS_GRID_STRIDE(i, count)
    {
        float sum = 0.0f;
        for (std::size_t j = 0; j < spread; ++j)
            sum += dy[i * spread + j] * a[i * spread + j];
        db[i] = sum;
    }
}

struct Window {
    int y0, y1, x0, x1; // the cells inside the input
    int area; // the window clipped to the padded input: an average's divisor
};

__device__ Window windowAt(const PoolGeometry &g, int oy, int ox)
{
    const int sy = oy * g.strideH - g.padH, sx = ox * g.strideW - g.padW;
    Window w;
    w.y0 = max(sy, 0);
    w.y1 = min(sy + g.windowH, g.inH);
    w.x0 = max(sx, 0);
    w.x1 = min(sx + g.windowW, g.inW);
    w.area = (min(sy + g.windowH, g.inH + g.padH) - sy) * (min(sx + g.windowW, g.inW + g.padW) - sx);
    return w;
}

// The first cell holding the window's maximum (rows in order, a later cell wins only when
// strictly larger), as an offset into the plane; -1 when the window holds no input cell.
__device__ int argMaxIn(const float *plane, int inW, const Window &w)
{
    int at = -1;
    float best = -FLT_MAX;
    for (int iy = w.y0; iy < w.y1; ++iy)
        for (int ix = w.x0; ix < w.x1; ++ix) {
            const float v = plane[iy * inW + ix];
            if (at < 0 || v > best) {
                best = v;
                at = iy * inW + ix;
            }
        }
    return at;
}

__global__ void poolForwardKernel(PoolGeometry g, const float *x, float *y, std::size_t outputs)
{
    DS_GRID_STRIDE(k, outputs)
    {
        const int ox = int(k % g.outW), oy = int(k / g.outW % g.outH);
        const std::size_t plane = k / (std::size_t(g.outW) * g.outH);
        const float *in = x + plane * g.inH * g.inW;
        const Window w = windowAt(g, oy, ox);
        if (g.max) {
            const int at = argMaxIn(in, g.inW, w);
            y[k] = at < 0 ? -INFINITY : in[at];
        } else {
            float sum = 0.0f;
            for (int iy = w.y0; iy < w.y1; ++iy)
                for (int ix = w.x0; ix < w.x1; ++ix)
                    sum += in[iy * g.inW + ix];
            y[k] = sum / float(w.area);
        }
    }
}

// One thread per input cell gathers from the windows that hold it, in output order: no atomics,
// the same bits every run.
__global__ void poolBackwardKernel(PoolGeometry g, const float *x, const float *dy, float *dx, std::size_t inputs)
{
    DS_GRID_STRIDE(k, inputs)
    {
        const int ix = int(k % g.inW), iy = int(k / g.inW % g.inH);
        const std::size_t plane = k / (std::size_t(g.inW) * g.inH);
        const float *in = x + plane * g.inH * g.inW;
        const float *grad = dy + plane * g.outH * g.outW;
        const int cell = iy * g.inW + ix;
        // Windows oy whose rows [oy * s - p, oy * s - p + window) hold iy.
        const int oyLo = max(0, (iy + g.padH - g.windowH + g.strideH) / g.strideH);
        const int oyHi = min(g.outH - 1, (iy + g.padH) / g.strideH);
        const int oxLo = max(0, (ix + g.padW - g.windowW + g.strideW) / g.strideW);
        const int oxHi = min(g.outW - 1, (ix + g.padW) / g.strideW);
        float sum = 0.0f;
        for (int oy = oyLo; oy <= oyHi; ++oy)
            for (int ox = oxLo; ox <= oxHi; ++ox) {
                const Window w = windowAt(g, oy, ox);
                if (iy < w.y0 || iy >= w.y1 || ix < w.x0 || ix >= w.x1)
                    continue;
                const float gv = grad[oy * g.outW + ox];
                if (g.max)
                    sum += argMaxIn(in, g.inW, w) == cell ? gv : 0.0f;
                else
                    sum += gv / float(w.area);
            }
        dx[k] = sum;
    }
}

} // namespace

void broadcastMul(const float *a, const float *b, float *y, std::size_t count, std::size_t spread, cudaStream_t stream)
{
    if (count * spread == 0)
        return;
    broadcastMulKernel<<<blocksFor(count * spread), kBlockThreads, 0, stream>>>(a, b, y, count, spread);
    checkLaunch("broadcastMul");
}

void broadcastMulBackward(const float *a, const float *b, const float *dy, float *da, float *db, std::size_t count,
    std::size_t spread, cudaStream_t stream)
{
    if (count * spread == 0)
        return;
    if (da)
        broadcastMulDataKernel<<<blocksFor(count * spread), kBlockThreads, 0, stream>>>(b, dy, da, count, spread);
    if (db)
        broadcastMulFactorKernel<<<blocksFor(count), kBlockThreads, 0, stream>>>(a, dy, db, count, spread);
    checkLaunch("broadcastMulBackward");
}

void poolForward(const PoolGeometry &g, const float *x, float *y, cudaStream_t stream)
{
    const std::size_t outputs = std::size_t(g.planes) * g.outH * g.outW;
    if (outputs == 0)
        return;
    poolForwardKernel<<<blocksFor(outputs), kBlockThreads, 0, stream>>>(g, x, y, outputs);
    checkLaunch("poolForward");
}

void poolBackward(const PoolGeometry &g, const float *x, const float *dy, float *dx, cudaStream_t stream)
{
    const std::size_t inputs = std::size_t(g.planes) * g.inH * g.inW;
    if (inputs == 0)
        return;
    poolBackwardKernel<<<blocksFor(inputs), kBlockThreads, 0, stream>>>(g, x, dy, dx, inputs);
    checkLaunch("poolBackward");
}

} // namespace ds::cuda
