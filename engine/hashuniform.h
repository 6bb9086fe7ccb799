// The counter-based uniform behind dropout masks, written once for both compilers: the CPU
// backend calls it through ds::hashUniform (random.h) and the CUDA kernels include it directly,
// so a (seed, index) pair drops the same element on every backend.
#pragma once

#include <cstdint>

#ifdef __CUDACC__
#define DS_HOST_DEVICE __host__ __device__
#else
#define DS_HOST_DEVICE
#endif

namespace ds {

// splitmix64's step: advances the state by its constant and mixes the result (Rng seeds from it).
DS_HOST_DEVICE inline std::uint64_t splitmix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// One splitmix64 step from the index mixed into the seed; 24 bits make the float.
DS_HOST_DEVICE inline float hashUniformBits(std::uint64_t seed, std::uint64_t index)
{
    std::uint64_t state = seed ^ (index * 0xd1b54a32d192ed03ULL);
    return static_cast<float>(splitmix64(state) >> 40) * 0x1.0p-24f;
}

} // namespace ds
