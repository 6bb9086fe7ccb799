// CudaBackend: the Backend on an NVIDIA GPU. cuBLAS does the matrix products; cuDNN does
// convolution, pooling, batch norm, softmax and the activations it has (relu, tanh, sigmoid,
// elu); the plugin's own kernels (kernels.h) do the rest. Everything runs in order on one stream
// and stays on the device: only downloads, losses and penalties wait for the GPU.
//
// cuDNN's descriptors, chosen algorithms and workspace are made once per shape and reused
// (ConvPlan, PoolPlan, NormPlan): the playground's steps are small and launch-bound, so a step
// must not pay for set-up. Convolutions use plain FP32 arithmetic (no TF32) and deterministic
// algorithms, so a seed trains the same network on every run and the CPU parity holds.
#pragma once

#include "backend.h"
#include "cudnnhandles.h"

#include <array>
#include <map>
#include <memory>

namespace ds::cuda {

class CudaBackend : public Backend {
public:
    explicit CudaBackend(int deviceIndex = 0);
    ~CudaBackend() override;
    CudaBackend(const CudaBackend &) = delete;
    CudaBackend &operator=(const CudaBackend &) = delete;

    std::string name() const override { return m_name; }
    Device device() const override { return Device::Cuda; }

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

private:
    struct ConvPlan {
        TensorDescriptor x, y, bias;
        FilterDescriptor w;
        ConvolutionDescriptor conv;
        cudnnConvolutionFwdAlgo_t forward {};
        cudnnConvolutionBwdDataAlgo_t backwardData {};
        cudnnConvolutionBwdFilterAlgo_t backwardFilter {};
        std::size_t forwardBytes = 0, dataBytes = 0, filterBytes = 0;
    };
    struct PoolPlan {
        TensorDescriptor x, y;
        PoolingDescriptor pool;
    };
    struct NormPlan {
        TensorDescriptor x, stats; // (N, C, S, 1) and (1, C, 1, 1)
    };

    void start(); // the constructor's work
    void release(); // frees whatever start() made; safe on a half-made backend

    ConvPlan &convPlan(const ConvShape &s);
    PoolPlan &poolPlan(const PoolShape &s);
    NormPlan &normPlan(const NormShape &s);
    cudnnTensorDescriptor_t flat(int rows, int cols);
    void *workspace(std::size_t bytes); // grows, never shrinks
    float *scratch(std::size_t floats); // a device buffer for outputs cuDNN insists on writing
    double sumToHost(); // waits for the reduction's total in m_sums[kReduceBlocks]
    // The cuDNN activation for `kind`, or null when our own kernel computes it.
    cudnnActivationDescriptor_t cudnnActivation(ActivationKind kind) const;

    int m_device = 0;
    std::string m_name;
    cudaStream_t m_stream = nullptr;
    cublasHandle_t m_cublas = nullptr;
    cudnnHandle_t m_cudnn = nullptr;
    double *m_sums = nullptr; // kReduceBlocks partial sums and the total
    int *m_indices = nullptr;
    std::size_t m_indexCapacity = 0;
    void *m_workspace = nullptr;
    std::size_t m_workspaceBytes = 0;
    float *m_scratch = nullptr;
    std::size_t m_scratchFloats = 0;
    ActivationDescriptor m_relu, m_tanh, m_sigmoid, m_elu;
    std::map<std::array<int, 16>, std::unique_ptr<ConvPlan>> m_convPlans;
    std::map<std::array<int, 13>, std::unique_ptr<PoolPlan>> m_poolPlans;
    std::map<std::array<int, 3>, std::unique_ptr<NormPlan>> m_normPlans;
    // (rows, cols, 1, 1): softmax rows and the flat views cuDNN's activations get.
    std::map<std::array<int, 2>, std::unique_ptr<TensorDescriptor>> m_flatDescriptors;
};

} // namespace ds::cuda
