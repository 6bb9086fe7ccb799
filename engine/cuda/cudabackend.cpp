// CudaBackend: set-up, memory, cuBLAS products and the calls that go to the plugin's own kernels.
// The cuDNN calls are in cudnnops.cpp.
#include "cudabackend.h"

#include "kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ds::cuda {
namespace {

class CudaBuffer : public Buffer {
public:
    CudaBuffer(float *data, std::size_t size) : Buffer(data, size, Device::Cuda) { }
    // cudaFree waits for the work queued on the buffer, so no kernel outlives its memory.
    ~CudaBuffer() override { cudaFree(data()); }
};

void checkSize(const Tensor &a, const Tensor &b, const char *what)
{
    if (a.size() != b.size())
        throw Error(std::string(what) + ": tensors of " + std::to_string(a.size()) + " and " + std::to_string(b.size())
            + " elements");
}

void checkDevice(const Tensor &t, const char *what)
{
    if (!t.isNull() && t.device() != Device::Cuda)
        throw Error(std::string(what) + ": a tensor in CPU memory was given to the GPU backend");
}

std::string describeDevice(int device)
{
    cudaDeviceProp prop {};
    check(cudaGetDeviceProperties(&prop, device), "reading the device's properties");
    int runtime = 0;
    cudaRuntimeGetVersion(&runtime);
    const std::size_t cudnn = cudnnGetVersion();
    char text[512];
    std::snprintf(text, sizeof text, "%s (%.0f GiB, CUDA %d.%d, cuDNN %zu.%zu)", prop.name,
        double(prop.totalGlobalMem) / double(1ull << 30), runtime / 1000, (runtime % 1000) / 10, cudnn / 10000,
        (cudnn % 10000) / 100);
    return text;
}

} // namespace

CudaBackend::CudaBackend(int deviceIndex) : m_device(deviceIndex)
{
    try {
        start();
    } catch (...) {
        release(); // a destructor does not run after a constructor throws
        throw;
    }
}

void CudaBackend::start()
{
    check(cudaSetDevice(m_device), "selecting the GPU");
    m_name = describeDevice(m_device);
    check(cudaStreamCreateWithFlags(&m_stream, cudaStreamNonBlocking), "creating a stream");
    checkCublas(cublasCreate(&m_cublas), "starting cuBLAS");
    checkCublas(cublasSetStream(m_cublas, m_stream), "cublasSetStream");
    // Plain FP32 products: TF32 would cost the CPU parity its tolerance.
    checkCublas(cublasSetMathMode(m_cublas, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    checkCudnn(cudnnCreate(&m_cudnn), "starting cuDNN");
    checkCudnn(cudnnSetStream(m_cudnn, m_stream), "cudnnSetStream");
    check(cudaMalloc(reinterpret_cast<void **>(&m_sums), (kReduceBlocks + 1) * sizeof(double)), "cudaMalloc");
    // NaN passes through, so a diverging run shows NaN in its loss instead of hiding it.
    const auto setActivation = [](cudnnActivationDescriptor_t d, cudnnActivationMode_t mode, double coef) {
        checkCudnn(cudnnSetActivationDescriptor(d, mode, CUDNN_PROPAGATE_NAN, coef), "describing an activation");
    };
    setActivation(m_relu, CUDNN_ACTIVATION_RELU, 0.0);
    setActivation(m_tanh, CUDNN_ACTIVATION_TANH, 0.0);
    setActivation(m_sigmoid, CUDNN_ACTIVATION_SIGMOID, 0.0);
    setActivation(m_elu, CUDNN_ACTIVATION_ELU, double(kEluAlpha));
}

CudaBackend::~CudaBackend()
{
    release();
}

void CudaBackend::release()
{
    if (m_stream)
        cudaStreamSynchronize(m_stream);
    cudaFree(m_scratch);
    cudaFree(m_workspace);
    cudaFree(m_indices);
    cudaFree(m_sums);
    if (m_cudnn)
        cudnnDestroy(m_cudnn);
    if (m_cublas)
        cublasDestroy(m_cublas);
    if (m_stream)
        cudaStreamDestroy(m_stream);
    m_scratch = nullptr;
    m_workspace = nullptr;
    m_indices = nullptr;
    m_sums = nullptr;
    m_cudnn = nullptr;
    m_cublas = nullptr;
    m_stream = nullptr;
}

std::shared_ptr<Buffer> CudaBackend::allocate(std::size_t count)
{
    float *p = nullptr;
    if (count > 0) {
        const cudaError_t e = cudaMalloc(reinterpret_cast<void **>(&p), count * sizeof(float));
        if (e == cudaErrorMemoryAllocation) {
            cudaGetLastError(); // clear it: the context is still good
            throw Error("the GPU has no room for " + std::to_string(count * sizeof(float) >> 20)
                + " MiB more; use a smaller network, batch or data set, or the CPU");
        }
        check(e, "cudaMalloc");
        check(cudaMemsetAsync(p, 0, count * sizeof(float), m_stream), "cudaMemsetAsync");
    }
    return std::make_shared<CudaBuffer>(p, count);
}

void CudaBackend::upload(const float *host, const Tensor &dst)
{
    checkDevice(dst, "upload");
    // From pageable memory this returns once the data is staged, so `host` may change after.
    check(cudaMemcpyAsync(dst.data(), host, dst.size() * sizeof(float), cudaMemcpyHostToDevice, m_stream),
        "copying to the GPU");
}

void CudaBackend::download(const Tensor &src, float *host)
{
    checkDevice(src, "download");
    check(cudaMemcpyAsync(host, src.data(), src.size() * sizeof(float), cudaMemcpyDeviceToHost, m_stream),
        "copying from the GPU");
    check(cudaStreamSynchronize(m_stream), "waiting for the GPU");
}

void CudaBackend::copy(const Tensor &src, const Tensor &dst)
{
    checkSize(src, dst, "copy");
    check(cudaMemcpyAsync(dst.data(), src.data(), src.size() * sizeof(float), cudaMemcpyDeviceToDevice, m_stream),
        "copying on the GPU");
}

void CudaBackend::copyBlocks(
    const float *src, std::size_t srcPitch, float *dst, std::size_t dstPitch, std::size_t width, std::size_t rows)
{
    if (width == 0 || rows == 0)
        return;
    check(cudaMemcpy2DAsync(dst, dstPitch * sizeof(float), src, srcPitch * sizeof(float), width * sizeof(float), rows,
              cudaMemcpyDeviceToDevice, m_stream),
        "copying blocks on the GPU");
}

void CudaBackend::broadcastMul(const float *a, const float *b, float *y, std::size_t count, std::size_t spread)
{
    cuda::broadcastMul(a, b, y, count, spread, m_stream);
}

void CudaBackend::broadcastMulBackward(
    const float *a, const float *b, const float *dy, float *da, float *db, std::size_t count, std::size_t spread)
{
    cuda::broadcastMulBackward(a, b, dy, da, db, count, spread, m_stream);
}

void CudaBackend::fill(const Tensor &dst, float value)
{
    if (value == 0.0f && !std::signbit(value))
        check(cudaMemsetAsync(dst.data(), 0, dst.size() * sizeof(float), m_stream), "cudaMemsetAsync");
    else
        cuda::fill(dst.data(), dst.size(), value, m_stream);
}

void CudaBackend::gatherRows(const Tensor &src, const int *indices, int count, const Tensor &dst)
{
    const int rows = src.dim(0);
    for (int i = 0; i < count; ++i)
        if (indices[i] < 0 || indices[i] >= rows)
            throw Error("row index " + std::to_string(indices[i]) + " out of " + std::to_string(rows) + " rows");
    if (count <= 0)
        return;
    if (std::size_t(count) > m_indexCapacity) {
        // The stream may still read the old indices: wait before freeing them.
        check(cudaStreamSynchronize(m_stream), "waiting for the GPU");
        cudaFree(m_indices);
        m_indices = nullptr;
        m_indexCapacity = 0;
        check(cudaMalloc(reinterpret_cast<void **>(&m_indices), std::size_t(count) * sizeof(int)), "cudaMalloc");
        m_indexCapacity = std::size_t(count);
    }
    check(cudaMemcpyAsync(m_indices, indices, std::size_t(count) * sizeof(int), cudaMemcpyHostToDevice, m_stream),
        "copying row indices to the GPU");
    cuda::gatherRows(src.data(), m_indices, count, src.rowSize(), dst.data(), m_stream);
}

void CudaBackend::gemm(
    bool transA, bool transB, int m, int n, int k, float alpha, const float *a, const float *b, float beta, float *c)
{
    if (m == 0 || n == 0)
        return;
    // cuBLAS is column-major: the row-major C = op(A) op(B) is the column-major C^T = op(B)^T op(A)^T,
    // which is the same call with A and B swapped and every matrix read as stored.
    // Leading dimensions of at least 1: cuBLAS refuses 0 even where k = 0 makes C = beta C.
    const int lda = std::max(1, transA ? m : k), ldb = std::max(1, transB ? k : n);
    checkCublas(cublasSgemm(m_cublas, transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N, n, m, k,
                    &alpha, b, ldb, a, lda, &beta, c, n),
        "cublasSgemm");
}

void CudaBackend::addRowVector(const Tensor &y, const Tensor &bias)
{
    const std::size_t cols = bias.size();
    cuda::addRowVector(y.data(), bias.data(), y.size() / cols, cols, m_stream);
}

void CudaBackend::sumRows(const Tensor &x, const Tensor &out)
{
    const std::size_t cols = out.size();
    cuda::sumRows(x.data(), x.size() / cols, cols, out.data(), m_stream);
}

void CudaBackend::dropoutForward(const Tensor &x, const Tensor &y, float rate, std::uint64_t seed)
{
    checkSize(x, y, "dropout forward");
    cuda::dropout(x.data(), y.data(), x.size(), rate, seed, m_stream);
}

void CudaBackend::dropoutBackward(const Tensor &dy, const Tensor &dx, float rate, std::uint64_t seed)
{
    dropoutForward(dy, dx, rate, seed); // the same mask and scale
}

double CudaBackend::sumToHost()
{
    double total = 0.0;
    check(cudaMemcpyAsync(&total, m_sums + kReduceBlocks, sizeof total, cudaMemcpyDeviceToHost, m_stream),
        "copying a sum from the GPU");
    check(cudaStreamSynchronize(m_stream), "waiting for the GPU");
    return total;
}

float CudaBackend::loss(LossKind kind, const Tensor &input, const Tensor &target)
{
    if (input.size() != target.size() || input.rank() < 1)
        throw Error("loss: the output " + shapeToString(input.shape()) + " and the target "
            + shapeToString(target.shape()) + " differ in shape");
    const int rows = input.dim(0), cols = int(input.rowSize());
    cuda::lossSum(kind, input.data(), target.data(), rows, cols, m_sums, m_sums + kReduceBlocks, m_stream);
    const double sum = sumToHost();
    return float(kind == LossKind::SoftmaxCrossEntropy ? sum / double(rows) : sum / double(input.size()));
}

void CudaBackend::lossGradient(LossKind kind, const Tensor &input, const Tensor &target, const Tensor &grad)
{
    if (input.size() != target.size() || input.size() != grad.size() || input.rank() < 1)
        throw Error("loss gradient: the output " + shapeToString(input.shape()) + " and the target "
            + shapeToString(target.shape()) + " differ in shape");
    cuda::lossGradient(kind, input.data(), target.data(), input.dim(0), int(input.rowSize()), grad.data(), m_stream);
}

float CudaBackend::regularizerPenalty(RegularizerKind kind, float rate, const Tensor &w, const Tensor &mask)
{
    if (kind == RegularizerKind::None)
        return 0.0f;
    cuda::regularizerSum(kind, w.data(), mask.data(), w.size(), m_sums, m_sums + kReduceBlocks, m_stream);
    return float(rate * sumToHost());
}

void CudaBackend::addRegularizerGradient(
    RegularizerKind kind, float rate, const Tensor &w, const Tensor &mask, const Tensor &grad)
{
    cuda::addRegularizerGradient(kind, rate, w.data(), mask.data(), grad.data(), w.size(), m_stream);
}

void CudaBackend::optimizerUpdate(const OptimizerConfig &config, float learningRate, long step, const Tensor &w,
    const Tensor &g, const Tensor &s1, const Tensor &s2, const Tensor &decayMask)
{
    // The bias corrections as the CPU computes them (float pow), so both backends take one step.
    const float bc1 = 1.0f - std::pow(config.beta1, static_cast<float>(step));
    const float bc2 = 1.0f - std::pow(config.beta2, static_cast<float>(step));
    cuda::optimizerUpdate(
        config, learningRate, bc1, bc2, w.data(), g.data(), s1.data(), s2.data(), decayMask.data(), w.size(), m_stream);
}

void *CudaBackend::workspace(std::size_t bytes)
{
    if (bytes > m_workspaceBytes) {
        check(cudaStreamSynchronize(m_stream), "waiting for the GPU");
        cudaFree(m_workspace);
        m_workspace = nullptr;
        m_workspaceBytes = 0;
        check(cudaMalloc(&m_workspace, bytes), "allocating cuDNN's workspace");
        m_workspaceBytes = bytes;
    }
    return m_workspace;
}

float *CudaBackend::scratch(std::size_t floats)
{
    if (floats > m_scratchFloats) {
        check(cudaStreamSynchronize(m_stream), "waiting for the GPU");
        cudaFree(m_scratch);
        m_scratch = nullptr;
        m_scratchFloats = 0;
        check(cudaMalloc(reinterpret_cast<void **>(&m_scratch), floats * sizeof(float)), "cudaMalloc");
        m_scratchFloats = floats;
    }
    return m_scratch;
}

} // namespace ds::cuda
