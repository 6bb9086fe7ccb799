// The C interface between the engine and the deepscope_cuda plugin (dlopen + dlsym). Plain C
// types only: no CUDA header may appear on the engine's side.
#pragma once

#include <cstdint>

namespace ds {

inline constexpr const char *kCudaPluginFile = "libdeepscope_cuda.so";
inline constexpr const char *kCudaProbeSymbol = "deepscope_cuda_probe_v1";

struct CudaProbeResult {
    int deviceCount; // usable devices; 0 or less when none
    char deviceName[256]; // device 0
    std::uint64_t memoryBytes;
    int computeMajor, computeMinor;
    char message[512]; // why no device is usable, or what was checked
};

using CudaProbeFunction = void (*)(CudaProbeResult *);

} // namespace ds
