// A deterministic two-pass sum on the GPU: kReduceBlocks blocks each add a grid-strided share of
// f(0..n-1) in double, then one block adds the partial sums in a fixed tree. Used by the losses
// and the regularization penalty.
#pragma once

#include "cudacheck.h"
#include "kernels.h"

namespace ds::cuda {

inline constexpr int kReduceThreads = 256;

template <int Threads> __device__ double blockSum(double v)
{
    __shared__ double share[Threads];
    share[threadIdx.x] = v;
    __syncthreads();
    for (int half = Threads / 2; half > 0; half /= 2) {
        if (int(threadIdx.x) < half)
            share[threadIdx.x] += share[threadIdx.x + half];
        __syncthreads();
    }
    return share[0];
}

template <typename Term> __global__ void partialSums(std::size_t n, Term term, double *partials)
{
    double v = 0.0;
    for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < n;
         i += std::size_t(gridDim.x) * blockDim.x)
        v += term(i);
    const double s = blockSum<kReduceThreads>(v);
    if (threadIdx.x == 0)
        partials[blockIdx.x] = s;
}

__global__ void addPartials(const double *partials, double *total);

// Queues both passes: *total = sum over i < n of term(i).
template <typename Term> void reduceSum(std::size_t n, Term term, double *partials, double *total, cudaStream_t stream)
{
    partialSums<<<kReduceBlocks, kReduceThreads, 0, stream>>>(n, term, partials);
    checkLaunch("partialSums");
    addPartials<<<1, kReduceBlocks, 0, stream>>>(partials, total);
    checkLaunch("addPartials");
}

} // namespace ds::cuda
