// The plugin's probe: is there a CUDA device, and does a kernel built into this plugin run on
// it? Any error (no driver, a driver too old, no device, no kernel image for its architecture)
// comes back as a message for people; nothing here may crash or print.
#include "cudaplugin.h"

#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>

namespace {

__global__ void writeSquare(int *out, int value)
{
    *out = value * value;
}

void setMessage(ds::CudaProbeResult *r, const char *what, cudaError_t e)
{
    std::snprintf(
        r->message, sizeof r->message, "%s (CUDA error %d: %s)", what, static_cast<int>(e), cudaGetErrorString(e));
}

// Runs one tiny kernel, which proves the driver, the device and our compiled code agree.
bool kernelRuns(ds::CudaProbeResult *r)
{
    int *d = nullptr;
    cudaError_t e = cudaMalloc(&d, sizeof(int));
    if (e != cudaSuccess) {
        setMessage(r, "could not allocate GPU memory", e);
        return false;
    }
    writeSquare<<<1, 1>>>(d, 7);
    int h = 0;
    e = cudaGetLastError();
    if (e == cudaSuccess)
        e = cudaMemcpy(&h, d, sizeof(int), cudaMemcpyDeviceToHost);
    cudaFree(d);
    if (e != cudaSuccess || h != 49) {
        setMessage(r, "a test kernel did not run on the GPU", e);
        return false;
    }
    return true;
}

} // namespace

extern "C" __attribute__((visibility("default"))) void deepscope_cuda_probe_v1(ds::CudaProbeResult *r)
{
    std::memset(r, 0, sizeof *r);
    int count = 0;
    const cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        // Without a driver this is cudaErrorInsufficientDriver (35), not cudaErrorNoDevice.
        setMessage(r,
            e == cudaErrorInsufficientDriver || e == cudaErrorNoDevice ? "no NVIDIA driver or no GPU on this machine"
                                                                       : "the CUDA runtime could not list devices",
            e);
        return;
    }
    if (count == 0) {
        std::snprintf(r->message, sizeof r->message, "the CUDA driver reports no GPU");
        return;
    }
    cudaDeviceProp prop {};
    cudaGetDeviceProperties(&prop, 0);
    std::snprintf(r->deviceName, sizeof r->deviceName, "%s", prop.name);
    r->memoryBytes = prop.totalGlobalMem;
    r->computeMajor = prop.major;
    r->computeMinor = prop.minor;
    if (!kernelRuns(r))
        return;
    r->deviceCount = count;
    std::snprintf(r->message, sizeof r->message, "%d device(s); a test kernel ran on device 0", count);
}
