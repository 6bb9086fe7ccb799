// CudaBackend's cuDNN calls: convolution, pooling, batch norm, softmax and the activations cuDNN
// has. Each shape gets its descriptors and algorithms once (the plans in cudabackend.h).
#include "cudabackend.h"

#include "convgeometry.h"
#include "kernels.h"

#include <algorithm>

namespace ds::cuda {
namespace {

constexpr float kOne = 1.0f, kZero = 0.0f;
// Algorithms that want more scratch memory than this are passed over.
constexpr std::size_t kMaxWorkspace = std::size_t(256) << 20;

// The first algorithm cuDNN's heuristics rank that works, is deterministic, uses plain FP32 and
// fits the workspace limit; `fallback` (an always-supported one) otherwise.
template <typename Perf, typename Algo> Algo pickAlgorithm(const Perf *perf, int count, Algo fallback)
{
    for (int i = 0; i < count; ++i)
        if (perf[i].status == CUDNN_STATUS_SUCCESS && perf[i].determinism == CUDNN_DETERMINISTIC
            && perf[i].memory <= kMaxWorkspace && perf[i].mathType != CUDNN_TENSOR_OP_MATH
            && perf[i].mathType != CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION)
            return perf[i].algo;
    return fallback;
}

void checkOutput(int n, int c, int h, int w, int wantN, int wantC, int wantH, int wantW, const char *what)
{
    if (n != wantN || c != wantC || h != wantH || w != wantW)
        throw Error(std::string(what) + ": cuDNN computes an output of (" + std::to_string(n) + ", " + std::to_string(c)
            + ", " + std::to_string(h) + ", " + std::to_string(w) + "), the engine expected (" + std::to_string(wantN)
            + ", " + std::to_string(wantC) + ", " + std::to_string(wantH) + ", " + std::to_string(wantW) + ")");
}

} // namespace

CudaBackend::ConvPlan &CudaBackend::convPlan(const ConvShape &s)
{
    const std::array<int, 16> key {s.batch, s.inC, s.inH, s.inW, s.outC, s.outH, s.outW, s.kernelH, s.kernelW,
        s.strideH, s.strideW, s.padH, s.padW, s.dilationH, s.dilationW, s.groups};
    auto &slot = m_convPlans[key];
    if (slot)
        return *slot;
    auto p = std::make_unique<ConvPlan>();
    setTensor4d(p->x, s.batch, s.inC, s.inH, s.inW);
    setTensor4d(p->y, s.batch, s.outC, s.outH, s.outW);
    setTensor4d(p->bias, 1, s.outC, 1, 1);
    checkCudnn(
        cudnnSetFilter4dDescriptor(
            p->w, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, s.outC, s.inC / s.groups, s.kernelH, s.kernelW),
        "describing the filters");
    checkCudnn(cudnnSetConvolution2dDescriptor(p->conv, s.padH, s.padW, s.strideH, s.strideW, s.dilationH, s.dilationW,
                   CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
        "describing the convolution");
    checkCudnn(cudnnSetConvolutionMathType(p->conv, CUDNN_FMA_MATH), "cudnnSetConvolutionMathType");
    checkCudnn(cudnnSetConvolutionGroupCount(p->conv, s.groups), "cudnnSetConvolutionGroupCount");
    int n = 0, c = 0, h = 0, w = 0;
    checkCudnn(cudnnGetConvolution2dForwardOutputDim(p->conv, p->x, p->w, &n, &c, &h, &w), "convolution output size");
    checkOutput(n, c, h, w, s.batch, s.outC, s.outH, s.outW, "convolution");

    int found = 0;
    cudnnConvolutionFwdAlgoPerf_t fwd[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
    checkCudnn(cudnnGetConvolutionForwardAlgorithm_v7(
                   m_cudnn, p->x, p->w, p->conv, p->y, CUDNN_CONVOLUTION_FWD_ALGO_COUNT, &found, fwd),
        "choosing a forward convolution algorithm");
    p->forward = pickAlgorithm(fwd, found, CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM);
    checkCudnn(
        cudnnGetConvolutionForwardWorkspaceSize(m_cudnn, p->x, p->w, p->conv, p->y, p->forward, &p->forwardBytes),
        "forward convolution workspace");

    cudnnConvolutionBwdDataAlgoPerf_t data[CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT];
    checkCudnn(cudnnGetConvolutionBackwardDataAlgorithm_v7(
                   m_cudnn, p->w, p->y, p->conv, p->x, CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT, &found, data),
        "choosing a backward-data convolution algorithm");
    p->backwardData = pickAlgorithm(data, found, CUDNN_CONVOLUTION_BWD_DATA_ALGO_1);
    checkCudnn(cudnnGetConvolutionBackwardDataWorkspaceSize(
                   m_cudnn, p->w, p->y, p->conv, p->x, p->backwardData, &p->dataBytes),
        "backward-data convolution workspace");

    cudnnConvolutionBwdFilterAlgoPerf_t filter[CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT];
    checkCudnn(cudnnGetConvolutionBackwardFilterAlgorithm_v7(
                   m_cudnn, p->x, p->y, p->conv, p->w, CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT, &found, filter),
        "choosing a backward-filter convolution algorithm");
    p->backwardFilter = pickAlgorithm(filter, found, CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1);
    checkCudnn(cudnnGetConvolutionBackwardFilterWorkspaceSize(
                   m_cudnn, p->x, p->y, p->conv, p->w, p->backwardFilter, &p->filterBytes),
        "backward-filter convolution workspace");
    // Grow the workspace now, not in the middle of a step.
    workspace(std::max({p->forwardBytes, p->dataBytes, p->filterBytes}));
    slot = std::move(p);
    return *slot;
}

void CudaBackend::convForward(const ConvShape &s, const float *x, const float *w, const float *bias, float *y)
{
    ConvPlan &p = convPlan(s);
    checkCudnn(cudnnConvolutionForward(m_cudnn, &kOne, p.x, x, p.w, w, p.conv, p.forward, workspace(p.forwardBytes),
                   p.forwardBytes, &kZero, p.y, y),
        "cudnnConvolutionForward");
    checkCudnn(cudnnAddTensor(m_cudnn, &kOne, p.bias, bias, &kOne, p.y, y), "adding the convolution's bias");
}

void CudaBackend::convBackwardData(const ConvShape &s, const float *dy, const float *w, float *dx)
{
    ConvPlan &p = convPlan(s);
    checkCudnn(cudnnConvolutionBackwardData(m_cudnn, &kOne, p.w, w, p.y, dy, p.conv, p.backwardData,
                   workspace(p.dataBytes), p.dataBytes, &kZero, p.x, dx),
        "cudnnConvolutionBackwardData");
}

void CudaBackend::convBackwardFilter(const ConvShape &s, const float *x, const float *dy, float *dw, float *db)
{
    ConvPlan &p = convPlan(s);
    checkCudnn(cudnnConvolutionBackwardFilter(m_cudnn, &kOne, p.x, x, p.y, dy, p.conv, p.backwardFilter,
                   workspace(p.filterBytes), p.filterBytes, &kZero, p.w, dw),
        "cudnnConvolutionBackwardFilter");
    checkCudnn(
        cudnnConvolutionBackwardBias(m_cudnn, &kOne, p.y, dy, &kZero, p.bias, db), "cudnnConvolutionBackwardBias");
}

CudaBackend::PoolPlan &CudaBackend::poolPlan(const PoolShape &s)
{
    const std::array<int, 13> key {int(s.max), s.batch, s.channels, s.inH, s.inW, s.outH, s.outW, s.windowH, s.windowW,
        s.strideH, s.strideW, s.padH, s.padW};
    auto &slot = m_poolPlans[key];
    if (slot)
        return *slot;
    auto p = std::make_unique<PoolPlan>();
    setTensor4d(p->x, s.batch, s.channels, s.inH, s.inW);
    setTensor4d(p->y, s.batch, s.channels, s.outH, s.outW);
    // Max: padded cells never win. Average: padded cells count as zeros (the engine's rule).
    const cudnnPoolingMode_t mode
        = s.max ? CUDNN_POOLING_MAX_DETERMINISTIC : CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING;
    checkCudnn(cudnnSetPooling2dDescriptor(
                   p->pool, mode, CUDNN_PROPAGATE_NAN, s.windowH, s.windowW, s.padH, s.padW, s.strideH, s.strideW),
        "describing the pooling");
    int n = 0, c = 0, h = 0, w = 0;
    checkCudnn(cudnnGetPooling2dForwardOutputDim(p->pool, p->x, &n, &c, &h, &w), "pooling output size");
    checkOutput(n, c, h, w, s.batch, s.channels, s.outH, s.outW, "pooling");
    slot = std::move(p);
    return *slot;
}

namespace {

// Whether cuDNN can pool this: its output sizes are floor mode's. Ceil mode's larger outputs go to
// the plugin's own kernels (joins.cu).
bool cudnnPools(const PoolShape &s)
{
    return s.outH == poolOutputSize(s.inH, s.windowH, s.strideH, s.padH)
        && s.outW == poolOutputSize(s.inW, s.windowW, s.strideW, s.padW);
}

PoolGeometry geometryOf(const PoolShape &s)
{
    return {s.max, s.batch * s.channels, s.inH, s.inW, s.outH, s.outW, s.windowH, s.windowW, s.strideH, s.strideW,
        s.padH, s.padW};
}

} // namespace

void CudaBackend::poolForward(const PoolShape &s, const float *x, float *y)
{
    if (!cudnnPools(s))
        return cuda::poolForward(geometryOf(s), x, y, m_stream);
    PoolPlan &p = poolPlan(s);
    checkCudnn(cudnnPoolingForward(m_cudnn, p.pool, &kOne, p.x, x, &kZero, p.y, y), "cudnnPoolingForward");
}

void CudaBackend::poolBackward(const PoolShape &s, const float *x, const float *y, const float *dy, float *dx)
{
    if (!cudnnPools(s))
        return cuda::poolBackward(geometryOf(s), x, dy, dx, m_stream);
    PoolPlan &p = poolPlan(s);
    checkCudnn(
        cudnnPoolingBackward(m_cudnn, p.pool, &kOne, p.y, y, p.y, dy, p.x, x, &kZero, p.x, dx), "cudnnPoolingBackward");
}

CudaBackend::NormPlan &CudaBackend::normPlan(const NormShape &s)
{
    const std::array<int, 3> key {s.batch, s.channels, s.spatial};
    auto &slot = m_normPlans[key];
    if (slot)
        return *slot;
    auto p = std::make_unique<NormPlan>();
    setTensor4d(p->x, s.batch, s.channels, s.spatial, 1);
    checkCudnn(cudnnDeriveBNTensorDescriptor(p->stats, p->x, CUDNN_BATCHNORM_SPATIAL), "describing batch norm");
    slot = std::move(p);
    return *slot;
}

namespace {

// cuDNN refuses an epsilon below CUDNN_BN_MIN_EPSILON (1e-5, the engine's default).
double normEpsilon(const NormShape &s)
{
    return std::max(double(s.epsilon), CUDNN_BN_MIN_EPSILON);
}

} // namespace

void CudaBackend::batchNormTraining(const NormShape &s, const float *x, const float *gamma, const float *beta,
    float *runningMean, float *runningVar, float *savedMean, float *savedInvStd, float *y)
{
    NormPlan &p = normPlan(s);
    // cuDNN, like the CPU, folds the unbiased batch variance into the running variance. With one
    // value per channel that is 0/0: cuDNN leaves the running statistics alone and our
    // kernel applies the CPU's rule (the biased variance, 0). Null running pointers make cuDNN
    // skip its update (a factor of 0 would still multiply its NaN by 0).
    const bool single = std::size_t(s.batch) * std::size_t(s.spatial) <= 1;
    checkCudnn(cudnnBatchNormalizationForwardTraining(m_cudnn, CUDNN_BATCHNORM_SPATIAL, &kOne, &kZero, p.x, x, p.x, y,
                   p.stats, gamma, beta, double(s.momentum), single ? nullptr : runningMean,
                   single ? nullptr : runningVar, normEpsilon(s), savedMean, savedInvStd),
        "cudnnBatchNormalizationForwardTraining");
    if (single)
        cuda::runningStatsOfOne(x, s.channels, s.momentum, runningMean, runningVar, m_stream);
}

void CudaBackend::batchNormInference(const NormShape &s, const float *x, const float *gamma, const float *beta,
    const float *runningMean, const float *runningVar, float *y)
{
    NormPlan &p = normPlan(s);
    checkCudnn(cudnnBatchNormalizationForwardInference(m_cudnn, CUDNN_BATCHNORM_SPATIAL, &kOne, &kZero, p.x, x, p.x, y,
                   p.stats, gamma, beta, runningMean, runningVar, normEpsilon(s)),
        "cudnnBatchNormalizationForwardInference");
}

void CudaBackend::batchNormBackward(const NormShape &s, const float *x, const float *dy, const float *gamma,
    const float *savedMean, const float *savedInvStd, float *dx, float *dgamma, float *dbeta)
{
    NormPlan &p = normPlan(s);
    if (!dx) // cuDNN always writes dx
        dx = scratch(std::size_t(s.batch) * s.channels * s.spatial);
    checkCudnn(cudnnBatchNormalizationBackward(m_cudnn, CUDNN_BATCHNORM_SPATIAL, &kOne, &kZero, &kOne, &kZero, p.x, x,
                   p.x, dy, p.x, dx, p.stats, gamma, dgamma, dbeta, normEpsilon(s), savedMean, savedInvStd),
        "cudnnBatchNormalizationBackward");
}

cudnnTensorDescriptor_t CudaBackend::flat(int rows, int cols)
{
    auto &slot = m_flatDescriptors[{rows, cols}];
    if (!slot) {
        auto d = std::make_unique<TensorDescriptor>();
        setTensor4d(*d, rows, cols, 1, 1);
        slot = std::move(d); // only a described one is kept
    }
    return *slot;
}

void CudaBackend::softmaxForward(const Tensor &x, const Tensor &y)
{
    if (x.size() != y.size())
        throw Error("softmax forward: tensors of different sizes");
    const cudnnTensorDescriptor_t d = flat(x.dim(0), int(x.rowSize()));
    checkCudnn(cudnnSoftmaxForward(m_cudnn, CUDNN_SOFTMAX_ACCURATE, CUDNN_SOFTMAX_MODE_INSTANCE, &kOne, d, x.data(),
                   &kZero, d, y.data()),
        "cudnnSoftmaxForward");
}

void CudaBackend::softmaxBackward(const Tensor &y, const Tensor &dy, const Tensor &dx)
{
    if (y.size() != dx.size())
        throw Error("softmax backward: tensors of different sizes");
    const cudnnTensorDescriptor_t d = flat(y.dim(0), int(y.rowSize()));
    checkCudnn(cudnnSoftmaxBackward(m_cudnn, CUDNN_SOFTMAX_ACCURATE, CUDNN_SOFTMAX_MODE_INSTANCE, &kOne, d, y.data(), d,
                   dy.data(), &kZero, d, dx.data()),
        "cudnnSoftmaxBackward");
}

cudnnActivationDescriptor_t CudaBackend::cudnnActivation(ActivationKind kind) const
{
    switch (kind) {
    case ActivationKind::Relu: return m_relu;
    case ActivationKind::Tanh: return m_tanh;
    case ActivationKind::Sigmoid: return m_sigmoid;
    case ActivationKind::Elu: return m_elu;
    default: return nullptr;
    }
}

void CudaBackend::activationForward(ActivationKind kind, const Tensor &x, const Tensor &y)
{
    if (x.size() != y.size())
        throw Error("activation forward: tensors of different sizes");
    const cudnnActivationDescriptor_t a = cudnnActivation(kind);
    if (!a || x.size() == 0) {
        cuda::activationForward(kind, x.data(), y.data(), x.size(), m_stream);
        return;
    }
    const cudnnTensorDescriptor_t d = flat(1, int(x.size()));
    checkCudnn(cudnnActivationForward(m_cudnn, a, &kOne, d, x.data(), &kZero, d, y.data()), "cudnnActivationForward");
}

void CudaBackend::activationBackward(
    ActivationKind kind, const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor &dx)
{
    if (x.size() != dx.size())
        throw Error("activation backward: tensors of different sizes");
    const cudnnActivationDescriptor_t a = cudnnActivation(kind);
    if (!a || x.size() == 0) {
        cuda::activationBackward(kind, x.data(), y.data(), dy.data(), dx.data(), x.size(), m_stream);
        return;
    }
    const cudnnTensorDescriptor_t d = flat(1, int(x.size()));
    checkCudnn(cudnnActivationBackward(m_cudnn, a, &kOne, d, y.data(), d, dy.data(), d, x.data(), &kZero, d, dx.data()),
        "cudnnActivationBackward");
}

} // namespace ds::cuda
