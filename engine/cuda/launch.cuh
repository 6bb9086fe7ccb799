// How the plugin's element-wise kernels are launched: blocks of kBlockThreads, a grid of at most
// 4096 blocks (enough to fill any current GPU), and a grid-stride loop covering the rest.
#pragma once

#include <cstddef>

namespace ds::cuda {

inline constexpr int kBlockThreads = 256;

inline unsigned blocksFor(std::size_t n)
{
    const std::size_t b = (n + kBlockThreads - 1) / kBlockThreads;
    return unsigned(b < 1 ? 1 : b > 4096 ? 4096 : b);
}

} // namespace ds::cuda

#define DS_GRID_STRIDE(i, n)                                                                                           \
    for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < (n);                                  \
         i += std::size_t(gridDim.x) * blockDim.x)
