// The interface between the engine and the deepscope_cuda plugin (dlopen + dlsym). The probe
// speaks plain C types; the factory hands back a ds::Backend, built from the same engine headers
// in the same build, and refuses to when the engine that asks was built from other headers. No
// CUDA header may appear on the engine's side.
#pragma once

#include <cstdint>

namespace ds {

class Backend;

inline constexpr const char *kCudaPluginFile = "libdeepscope_cuda.so";
inline constexpr const char *kCudaProbeSymbol = "deepscope_cuda_probe_v1";
inline constexpr const char *kCudaCreateSymbol = "deepscope_cuda_create_backend_v1";

struct CudaProbeResult {
    int deviceCount; // usable devices; 0 or less when none
    char deviceName[256]; // device 0
    std::uint64_t memoryBytes;
    int computeMajor, computeMinor;
    char message[512]; // why no device is usable, or what was checked
};

using CudaProbeFunction = void (*)(CudaProbeResult *);

// Creates the CudaBackend on device 0. `engineVersion` and `interfaceVersion` are the asking
// engine's DEEPSCOPE_VERSION and kBackendInterfaceVersion; on a mismatch or any CUDA error the
// result is null and `error` says why, in words.
using CudaCreateFunction = Backend *(*)(const char *engineVersion, int interfaceVersion, char *error, int errorSize);

} // namespace ds
