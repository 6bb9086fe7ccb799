// Element-wise kernels: fill, row gather, bias broadcast and column sums, the activations cuDNN
// does not have, and dropout. Formulas mirror cpuelementwise.cpp term for term, so the parity
// tests compare like with like.
#include "cudacheck.h"
#include "hashuniform.h"
#include "kernels.h"
#include "launch.cuh"

namespace ds::cuda {
namespace {

__global__ void fillKernel(float *p, std::size_t n, float value)
{
    DS_GRID_STRIDE(i, n) p[i] = value;
}

__global__ void gatherKernel(const float *src, const int *indices, int count, std::size_t cols, float *dst)
{
    DS_GRID_STRIDE(i, std::size_t(count) * cols)
    {
        const std::size_t row = i / cols, col = i % cols;
        dst[i] = src[std::size_t(indices[row]) * cols + col];
    }
}

__global__ void addRowVectorKernel(float *y, const float *bias, std::size_t rows, std::size_t cols)
{
    DS_GRID_STRIDE(i, rows * cols) y[i] += bias[i % cols];
}

// One thread per column, rows in order: the same order of additions on every run.
__global__ void sumRowsKernel(const float *x, std::size_t rows, std::size_t cols, float *out)
{
    DS_GRID_STRIDE(c, cols)
    {
        float s = 0.0f;
        for (std::size_t r = 0; r < rows; ++r)
            s += x[r * cols + c];
        out[c] = s;
    }
}

__device__ float sigmoidOf(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

__device__ float activate(ActivationKind kind, float x)
{
    switch (kind) {
    case ActivationKind::Relu: return fmaxf(x, 0.0f);
    case ActivationKind::LeakyRelu: return x > 0.0f ? x : x * kLeakyReluSlope;
    case ActivationKind::Elu: return x > 0.0f ? x : kEluAlpha * expm1f(fminf(x, 0.0f));
    case ActivationKind::Selu: return kSeluScale * (x > 0.0f ? x : kSeluAlpha * expm1f(fminf(x, 0.0f)));
    case ActivationKind::Gelu: return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));
    case ActivationKind::Tanh: return tanhf(x);
    case ActivationKind::Sigmoid: return sigmoidOf(x);
    case ActivationKind::Linear: return x;
    case ActivationKind::Softplus: return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x)));
    case ActivationKind::Swish: return x * sigmoidOf(x);
    case ActivationKind::Relu6: return fminf(fmaxf(x, 0.0f), 6.0f);
    case ActivationKind::HardSigmoid: return fminf(fmaxf(x + 3.0f, 0.0f), 6.0f) / 6.0f;
    case ActivationKind::HardSwish: return x * fminf(fmaxf(x + 3.0f, 0.0f), 6.0f) / 6.0f;
    }
    return x;
}

__device__ float derivative(ActivationKind kind, float x, float y)
{
    switch (kind) {
    case ActivationKind::Relu: return x > 0.0f ? 1.0f : 0.0f;
    case ActivationKind::LeakyRelu: return x > 0.0f ? 1.0f : kLeakyReluSlope;
    case ActivationKind::Elu: return x > 0.0f ? 1.0f : y + kEluAlpha;
    case ActivationKind::Selu: return x > 0.0f ? kSeluScale : y + kSeluScale * kSeluAlpha;
    case ActivationKind::Gelu: {
        const float cdf = 0.5f * (1.0f + erff(x * 0.70710678118654752f));
        const float pdf = expf(-0.5f * x * x) * 0.39894228040143268f; // 1 / sqrt(2 pi)
        return cdf + x * pdf;
    }
    case ActivationKind::Tanh: return 1.0f - y * y;
    case ActivationKind::Sigmoid: return y * (1.0f - y);
    case ActivationKind::Linear: return 1.0f;
    case ActivationKind::Softplus: return sigmoidOf(x);
    case ActivationKind::Swish: {
        const float s = sigmoidOf(x);
        return s + y * (1.0f - s);
    }
    case ActivationKind::Relu6: return x > 0.0f && x < 6.0f ? 1.0f : 0.0f;
    case ActivationKind::HardSigmoid: return x > -3.0f && x < 3.0f ? 1.0f / 6.0f : 0.0f;
    case ActivationKind::HardSwish: return x < -3.0f ? 0.0f : x > 3.0f ? 1.0f : (2.0f * x + 3.0f) / 6.0f;
    }
    return 1.0f;
}

__global__ void activationForwardKernel(ActivationKind kind, const float *x, float *y, std::size_t n)
{
    DS_GRID_STRIDE(i, n) y[i] = activate(kind, x[i]);
}

__global__ void activationBackwardKernel(
    ActivationKind kind, const float *x, const float *y, const float *dy, float *dx, std::size_t n)
{
    DS_GRID_STRIDE(i, n) dx[i] = dy[i] * derivative(kind, x[i], y[i]);
}

__global__ void dropoutKernel(const float *x, float *y, std::size_t n, float rate, float scale, std::uint64_t seed)
{
    DS_GRID_STRIDE(i, n) y[i] = hashUniformBits(seed, i) >= rate ? x[i] * scale : 0.0f;
}

__global__ void runningStatsOfOneKernel(const float *x, int channels, float momentum, float *mean, float *var)
{
    DS_GRID_STRIDE(c, std::size_t(channels))
    {
        mean[c] = (1.0f - momentum) * mean[c] + momentum * x[c];
        var[c] = (1.0f - momentum) * var[c];
    }
}

} // namespace

void runningStatsOfOne(
    const float *x, int channels, float momentum, float *runningMean, float *runningVar, cudaStream_t stream)
{
    if (channels <= 0)
        return;
    runningStatsOfOneKernel<<<blocksFor(std::size_t(channels)), kBlockThreads, 0, stream>>>(
        x, channels, momentum, runningMean, runningVar);
    checkLaunch("runningStatsOfOne");
}

void fill(float *p, std::size_t n, float value, cudaStream_t stream)
{
    if (n == 0)
        return;
    fillKernel<<<blocksFor(n), kBlockThreads, 0, stream>>>(p, n, value);
    checkLaunch("fill");
}

void gatherRows(const float *src, const int *indices, int count, std::size_t cols, float *dst, cudaStream_t stream)
{
    if (count <= 0 || cols == 0)
        return;
    gatherKernel<<<blocksFor(std::size_t(count) * cols), kBlockThreads, 0, stream>>>(src, indices, count, cols, dst);
    checkLaunch("gatherRows");
}

void addRowVector(float *y, const float *bias, std::size_t rows, std::size_t cols, cudaStream_t stream)
{
    if (rows * cols == 0)
        return;
    addRowVectorKernel<<<blocksFor(rows * cols), kBlockThreads, 0, stream>>>(y, bias, rows, cols);
    checkLaunch("addRowVector");
}

void sumRows(const float *x, std::size_t rows, std::size_t cols, float *out, cudaStream_t stream)
{
    if (cols == 0)
        return;
    sumRowsKernel<<<blocksFor(cols), kBlockThreads, 0, stream>>>(x, rows, cols, out);
    checkLaunch("sumRows");
}

void activationForward(ActivationKind kind, const float *x, float *y, std::size_t n, cudaStream_t stream)
{
    if (n == 0)
        return;
    activationForwardKernel<<<blocksFor(n), kBlockThreads, 0, stream>>>(kind, x, y, n);
    checkLaunch("activationForward");
}

void activationBackward(
    ActivationKind kind, const float *x, const float *y, const float *dy, float *dx, std::size_t n, cudaStream_t stream)
{
    if (n == 0)
        return;
    activationBackwardKernel<<<blocksFor(n), kBlockThreads, 0, stream>>>(kind, x, y, dy, dx, n);
    checkLaunch("activationBackward");
}

void dropout(const float *x, float *y, std::size_t n, float rate, std::uint64_t seed, cudaStream_t stream)
{
    if (n == 0)
        return;
    dropoutKernel<<<blocksFor(n), kBlockThreads, 0, stream>>>(x, y, n, rate, 1.0f / (1.0f - rate), seed);
    checkLaunch("dropout");
}

} // namespace ds::cuda
