// CpuBackend: memory, copies and the matrix products. Element-wise work is in cpuelementwise.cpp,
// losses and optimizer updates in cpuupdates.cpp.
#include "cpubackend.h"

#include "directconv.h"
#include "eigenmaps.h"
#include "engineinfo.h"
#include "error.h"
#include "smallgemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace ds {
namespace {

// 64-byte alignment for every buffer: SIMD loads are aligned and, since views start at fixed
// offsets from an aligned base, which elements take the vector path never varies between runs.
class CpuBuffer : public Buffer {
public:
    explicit CpuBuffer(std::size_t count)
        : Buffer(static_cast<float *>(std::aligned_alloc(64, roundUp(count))), count, Device::Cpu)
    {
        if (!data())
            throw Error(
                "out of memory: could not allocate " + std::to_string(count * sizeof(float) >> 20) + " MiB on the CPU");
        std::memset(data(), 0, roundUp(count));
    }
    ~CpuBuffer() override { std::free(data()); }

private:
    static std::size_t roundUp(std::size_t count)
    {
        return (std::max<std::size_t>(count, 1) * sizeof(float) + 63) / 64 * 64;
    }
};

// Products below this many multiply-adds take plain loops (smallgemm.h); up to the next limit,
// Eigen's coefficient-based product; above it, Eigen's blocked GEMM, whose packing costs more
// than a whole product at the playground's sizes.
constexpr long kSmallGemmLimit = 16 * 16 * 16;
constexpr long kLazyProductLimit = 24 * 24 * 24;
// Larger products are split by rows of C into chunks of this many rows for the threads.
constexpr std::size_t kGemmRowGrain = 64;

template <typename MatA, typename MatB>
void product(CpuBackend &cpu, const MatA &a, const MatB &b, float alpha, float beta, float *c, int m, int n)
{
    const long work = static_cast<long>(a.rows()) * a.cols() * b.cols();
    auto run = [&](Eigen::Index r0, Eigen::Index rows) {
        MatMap cm(c + r0 * n, rows, n);
        auto ab = a.middleRows(r0, rows);
        const bool small = work < kLazyProductLimit;
        if (beta == 0.0f && alpha == 1.0f) { // the usual case: one pass, no scaling
            if (small)
                cm.noalias() = ab.lazyProduct(b);
            else
                cm.noalias() = ab * b;
            return;
        }
        if (beta == 0.0f)
            cm.setZero();
        else if (beta != 1.0f)
            cm *= beta;
        if (small)
            cm.noalias() += alpha * ab.lazyProduct(b);
        else
            cm.noalias() += alpha * ab * b;
    };
    if (work < (1L << 20)) {
        run(0, m);
        return;
    }
    cpu.forChunks(static_cast<std::size_t>(m), kGemmRowGrain, [&](std::size_t b0, std::size_t e0) {
        run(static_cast<Eigen::Index>(b0), static_cast<Eigen::Index>(e0 - b0));
    });
}

} // namespace

CpuBackend::CpuBackend(int threads)
    : m_pool(threads > 0 ? threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency())))
{
    // Eigen sizes its product blocks from the cache sizes cpuid reports, and the depth of a block
    // decides where a long sum is split (288 terms with a 32 KiB L1, 320 with 48 KiB). Fixed
    // sizes keep the order of every sum, and so the bits, the same on every processor.
    static std::once_flag fixed;
    std::call_once(fixed, [] { Eigen::setCpuCacheSizes(32 * 1024, 1024 * 1024, 8 * 1024 * 1024); });
}

std::string CpuBackend::describe(int threads)
{
    if (threads <= 0)
        threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    std::string s = "CPU (Eigen ";
    s += eigenVersion();
    if (const DirectConvKernels *kernels = bestDirectConvKernels())
        s += std::string(", ") + kernels->name + " convolutions";
    s += ", " + std::to_string(threads) + " threads)";
    return s;
}

std::string CpuBackend::name() const
{
    return describe(threadCount());
}

std::shared_ptr<Buffer> CpuBackend::allocate(std::size_t count)
{
    return std::make_shared<CpuBuffer>(count);
}

void CpuBackend::upload(const float *host, const Tensor &dst)
{
    std::memcpy(dst.data(), host, dst.size() * sizeof(float));
}

void CpuBackend::download(const Tensor &src, float *host)
{
    std::memcpy(host, src.data(), src.size() * sizeof(float));
}

void CpuBackend::copy(const Tensor &src, const Tensor &dst)
{
    if (src.size() != dst.size())
        throw Error("copy between tensors of " + std::to_string(src.size()) + " and " + std::to_string(dst.size())
            + " elements");
    std::memmove(dst.data(), src.data(), src.size() * sizeof(float));
}

void CpuBackend::fill(const Tensor &dst, float value)
{
    std::fill_n(dst.data(), dst.size(), value);
}

void CpuBackend::gatherRows(const Tensor &src, const int *indices, int count, const Tensor &dst)
{
    const std::size_t cols = src.rowSize();
    const int rows = src.dim(0);
    for (int i = 0; i < count; ++i) {
        if (indices[i] < 0 || indices[i] >= rows)
            throw Error("row index " + std::to_string(indices[i]) + " out of " + std::to_string(rows) + " rows");
        std::memcpy(
            dst.data() + i * cols, src.data() + static_cast<std::size_t>(indices[i]) * cols, cols * sizeof(float));
    }
}

void CpuBackend::gemm(
    bool transA, bool transB, int m, int n, int k, float alpha, const float *a, const float *b, float beta, float *c)
{
    if (long(m) * n * k < kSmallGemmLimit) {
        smallGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        return;
    }
    // A row-major (k, m) matrix read transposed is a column-major (m, k) one: no copy either way.
    if (!transA && !transB)
        product(*this, ConstMatMap(a, m, k), ConstMatMap(b, k, n), alpha, beta, c, m, n);
    else if (transA && !transB)
        product(*this, ConstColMatMap(a, m, k), ConstMatMap(b, k, n), alpha, beta, c, m, n);
    else if (!transA && transB)
        product(*this, ConstMatMap(a, m, k), ConstColMatMap(b, k, n), alpha, beta, c, m, n);
    else
        product(*this, ConstColMatMap(a, m, k), ConstColMatMap(b, k, n), alpha, beta, c, m, n);
}

// Plain loops: at the playground's 10 x 8, Eigen's broadcasting costs several times the adds.
void CpuBackend::addRowVector(const Tensor &y, const Tensor &bias)
{
    const std::size_t cols = bias.size(), rows = y.size() / cols;
    const float *b = bias.data();
    for (std::size_t r = 0; r < rows; ++r) {
        float *yr = y.data() + r * cols;
        for (std::size_t j = 0; j < cols; ++j)
            yr[j] += b[j];
    }
}

void CpuBackend::sumRows(const Tensor &x, const Tensor &out)
{
    const std::size_t cols = out.size();
    columnSums(static_cast<int>(x.size() / cols), static_cast<int>(cols), x.data(), out.data());
}

} // namespace ds
