// Error checks for the CUDA runtime: every failure becomes a ds::Error that names the call, so a
// GPU problem reaches the person as a message instead of a crash. Shared by the .cu kernels and
// the backend's .cpp files (cuBLAS and cuDNN have their own checks in cudabackend.h).
#pragma once

#include "error.h"

#include <cuda_runtime_api.h>

#include <string>

namespace ds::cuda {

inline void check(cudaError_t e, const char *what)
{
    if (e == cudaSuccess)
        return;
    cudaGetLastError(); // clear it, so that the next launch check does not report it again
    throw Error(std::string("GPU error in ") + what + ": " + cudaGetErrorString(e) + " (CUDA error "
        + std::to_string(static_cast<int>(e)) + ")");
}

// After a kernel launch: a bad configuration shows up here, a fault in the kernel at the next sync.
inline void checkLaunch(const char *kernel)
{
    check(cudaGetLastError(), kernel);
}

} // namespace ds::cuda
