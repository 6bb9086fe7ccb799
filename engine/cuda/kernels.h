// The plugin's own CUDA kernels, behind plain C++ launchers: cudabackend.cpp calls these for the
// work that cuBLAS and cuDNN do not cover (losses, optimizer updates, regularization, dropout,
// the activations cuDNN lacks). Every launcher queues on `stream` and returns at once; a launch
// error throws ds::Error. Pointers are device pointers.
#pragma once

#include "kinds.h"
#include "optimizerconfig.h"

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

namespace ds::cuda {

// Partial sums of a reduction: this many blocks each write one double; a second kernel adds them
// in a fixed order, so a sum gives the same bits on every run.
inline constexpr int kReduceBlocks = 128;

// --- elementwise.cu
void fill(float *p, std::size_t n, float value, cudaStream_t stream);
// dst(i, :) = src(indices[i], :); indices already on the device and checked.
void gatherRows(const float *src, const int *indices, int count, std::size_t cols, float *dst, cudaStream_t stream);
void addRowVector(float *y, const float *bias, std::size_t rows, std::size_t cols, cudaStream_t stream);
void sumRows(const float *x, std::size_t rows, std::size_t cols, float *out, cudaStream_t stream);
void activationForward(ActivationKind kind, const float *x, float *y, std::size_t n, cudaStream_t stream);
void activationBackward(ActivationKind kind, const float *x, const float *y, const float *dy, float *dx, std::size_t n,
    cudaStream_t stream);
// Batch norm's running statistics from a batch of one value per channel (x holds `channels`
// values): mean moves toward x, variance toward 0, as CpuBackend::batchNormTraining does.
void runningStatsOfOne(
    const float *x, int channels, float momentum, float *runningMean, float *runningVar, cudaStream_t stream);
// y = x / (1 - rate) where hashUniformBits(seed, i) >= rate, else 0 (engine/hashuniform.h).
void dropout(const float *x, float *y, std::size_t n, float rate, std::uint64_t seed, cudaStream_t stream);

// --- joins.cu
void broadcastMul(const float *a, const float *b, float *y, std::size_t count, std::size_t spread, cudaStream_t stream);
void broadcastMulBackward(const float *a, const float *b, const float *dy, float *da, float *db, std::size_t count,
    std::size_t spread, cudaStream_t stream);
// Pooling of `planes` NCHW planes with windows that may run past the padded input (ceil mode).
struct PoolGeometry {
    bool max = true;
    int planes = 0, inH = 0, inW = 0, outH = 0, outW = 0;
    int windowH = 1, windowW = 1, strideH = 1, strideW = 1, padH = 0, padW = 0;
};
void poolForward(const PoolGeometry &g, const float *x, float *y, cudaStream_t stream);
void poolBackward(const PoolGeometry &g, const float *x, const float *dy, float *dx, cudaStream_t stream);

// --- losses.cu. lossSum writes the sum of the per-element (MSE, BCE) or per-row (softmax CE)
// terms to *total; the caller divides as CpuBackend::loss does. `partials` holds kReduceBlocks.
void lossSum(LossKind kind, const float *z, const float *t, int rows, int cols, double *partials, double *total,
    cudaStream_t stream);
void lossGradient(LossKind kind, const float *z, const float *t, int rows, int cols, float *grad, cudaStream_t stream);

// --- updates.cu
// *total = sum of mask * |w| (L1) or mask * w^2 / 2 (L2); the caller multiplies by the rate.
void regularizerSum(RegularizerKind kind, const float *w, const float *mask, std::size_t n, double *partials,
    double *total, cudaStream_t stream);
void addRegularizerGradient(RegularizerKind kind, float rate, const float *w, const float *mask, float *grad,
    std::size_t n, cudaStream_t stream);
// One fused update of every parameter; bc1 and bc2 are Adam's bias corrections 1 - beta^step.
void optimizerUpdate(const OptimizerConfig &config, float learningRate, float bc1, float bc2, float *w,
    const float *grad, float *s1, float *s2, const float *decayMask, std::size_t n, cudaStream_t stream);

} // namespace ds::cuda
