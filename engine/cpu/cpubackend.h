// CpuBackend: the Backend on the CPU, through Eigen, on all cores (a ThreadPool shares the large
// operations; small ones, the playground's usual case, run inline because handing them to a thread
// costs more than they do). Eigen stays out of this header so that including it is cheap.
#pragma once

#include "backend.h"
#include "threadpool.h"

namespace ds {

class CpuBackend : public Backend {
public:
    // threads <= 0: one per hardware thread.
    explicit CpuBackend(int threads = 0);

    std::string name() const override;
    // The name a CpuBackend with that many threads (<= 0: one per hardware thread) would have,
    // without starting its threads.
    static std::string describe(int threads);
    Device device() const override { return Device::Cpu; }
    int threadCount() const { return m_pool.threadCount(); }

    std::shared_ptr<Buffer> allocate(std::size_t count) override;
    void upload(const float *host, const Tensor &dst) override;
    void download(const Tensor &src, float *host) override;
    void copy(const Tensor &src, const Tensor &dst) override;
    void fill(const Tensor &dst, float value) override;
    void gatherRows(const Tensor &src, const int *indices, int count, const Tensor &dst) override;

    void gemm(bool transA, bool transB, int m, int n, int k, float alpha, const float *a, const float *b, float beta,
        float *c) override;
    void addRowVector(const Tensor &y, const Tensor &bias) override;
    void sumRows(const Tensor &x, const Tensor &out) override;
    void copyBlocks(const float *src, std::size_t srcPitch, float *dst, std::size_t dstPitch, std::size_t width,
        std::size_t rows) override;
    void broadcastMul(const float *a, const float *b, float *y, std::size_t count, std::size_t spread) override;
    void broadcastMulBackward(const float *a, const float *b, const float *dy, float *da, float *db,
        std::size_t count, std::size_t spread) override;

    void convForward(const ConvShape &s, const float *x, const float *w, const float *bias, float *y) override;
    void convBackwardData(const ConvShape &s, const float *dy, const float *w, float *dx) override;
    void convBackwardFilter(const ConvShape &s, const float *x, const float *dy, float *dw, float *db) override;
    void poolForward(const PoolShape &s, const float *x, float *y) override;
    void poolBackward(const PoolShape &s, const float *x, const float *y, const float *dy, float *dx) override;
    void batchNormTraining(const NormShape &s, const float *x, const float *gamma, const float *beta,
        float *runningMean, float *runningVar, float *savedMean, float *savedInvStd, float *y) override;
    void batchNormInference(const NormShape &s, const float *x, const float *gamma, const float *beta,
        const float *runningMean, const float *runningVar, float *y) override;
    void batchNormBackward(const NormShape &s, const float *x, const float *dy, const float *gamma,
        const float *savedMean, const float *savedInvStd, float *dx, float *dgamma, float *dbeta) override;

    void activationForward(ActivationKind kind, const Tensor &x, const Tensor &y) override;
    void activationBackward(
        ActivationKind kind, const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor &dx) override;
    void softmaxForward(const Tensor &x, const Tensor &y) override;
    void softmaxBackward(const Tensor &y, const Tensor &dy, const Tensor &dx) override;
    void dropoutForward(const Tensor &x, const Tensor &y, float rate, std::uint64_t seed) override;
    void dropoutBackward(const Tensor &dy, const Tensor &dx, float rate, std::uint64_t seed) override;

    float loss(LossKind kind, const Tensor &input, const Tensor &target) override;
    void lossGradient(LossKind kind, const Tensor &input, const Tensor &target, const Tensor &grad) override;

    float regularizerPenalty(RegularizerKind kind, float rate, const Tensor &w, const Tensor &mask) override;
    void addRegularizerGradient(
        RegularizerKind kind, float rate, const Tensor &w, const Tensor &mask, const Tensor &grad) override;

    void optimizerUpdate(const OptimizerConfig &config, float learningRate, long step, const Tensor &w, const Tensor &g,
        const Tensor &s1, const Tensor &s2, const Tensor &decayMask) override;

    // Element-wise work is split in chunks of this many elements (a multiple of every SIMD width,
    // so chunk boundaries never change which elements take a vector or a scalar path).
    static constexpr std::size_t kElementGrain = 1 << 15;

    // Runs fn(begin, end) over [0, count) on the pool in fixed chunks (see ThreadPool).
    // One chunk runs inline, without building a std::function (which may allocate): the
    // playground's tiny steps call this dozens of times per update.
    template <typename Fn> void forChunks(std::size_t count, std::size_t grain, Fn &&fn)
    {
        if (count <= grain)
            fn(std::size_t(0), count);
        else
            m_pool.parallelFor(count, grain, fn);
    }

private:
    // Convolutions with ConvShape::groups > 1 (cpugroupedconv.cpp).
    void groupedConvForward(const ConvShape &s, const float *x, const float *w, const float *bias, float *y);
    void groupedConvBackwardData(const ConvShape &s, const float *dy, const float *w, float *dx);
    void groupedConvBackwardFilter(const ConvShape &s, const float *x, const float *dy, float *dw, float *db);

    ThreadPool m_pool;
};

} // namespace ds
