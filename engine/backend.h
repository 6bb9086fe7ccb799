// Backend: the interface for everything that touches numbers. Layers, losses and optimizers call
// it and never branch on the device. CpuBackend (Eigen) implements it here; CudaBackend lives in
// the engine/cuda plugin. All tensors passed to a backend live on that backend's device.
// Matrices are row-major; a feature batch is (rows, cols) = (N, F).
#pragma once

#include "kinds.h"
#include "optimizerconfig.h"
#include "tensor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ds {

// A 2-D convolution over a batch of NCHW images: x (batch, inC, inH, inW), weights
// (outC, inC, kernelH, kernelW) as in PyTorch, bias (outC), y (batch, outC, outH, outW).
// Zero padding on both sides of each axis; outH/outW follow convgeometry.h.
struct ConvShape {
    int batch = 0, inC = 0, inH = 0, inW = 0;
    int outC = 0, outH = 0, outW = 0;
    int kernelH = 1, kernelW = 1, strideH = 1, strideW = 1, padH = 0, padW = 0, dilationH = 1, dilationW = 1;
    // Grouped convolution: input channels and filters split into `groups` equal parts, filter f
    // reading only its own part (weights (outC, inC / groups, kH, kW)). groups == inC: depthwise.
    int groups = 1;
};

// Max or average pooling of NCHW images, channel by channel. Padded cells never win a max and
// count as zeros in an average (PyTorch's count_include_pad, cuDNN's INCLUDE_PADDING). An output
// larger than floor mode gives (ceil mode) has last windows that run past the padded input: they
// are clipped there, and an average divides by the clipped window's area, as PyTorch does.
struct PoolShape {
    bool max = true;
    int batch = 0, channels = 0, inH = 0, inW = 0, outH = 0, outW = 0;
    int windowH = 1, windowW = 1, strideH = 1, strideW = 1, padH = 0, padW = 0;
};

// Batch normalization over (batch, channels, spatial): statistics per channel over the batch and
// the spatial positions. (N, F) features are spatial = 1.
struct NormShape {
    int batch = 0, channels = 0, spatial = 1;
    float epsilon = 1e-5f;
    float momentum = 0.1f; // running = (1 - momentum) * running + momentum * batch statistic
};

// Bumped whenever Backend's virtual functions change: the CUDA plugin is built against this header
// and refuses an engine with another value (cudaplugin.h).
inline constexpr int kBackendInterfaceVersion = 2;

class Backend {
public:
    virtual ~Backend() = default;

    virtual std::string name() const = 0; // for people: "CPU (Eigen 3.4.0, 2 threads)"
    virtual Device device() const = 0;
    // For files and selectors: "cpu" or "cuda", as createBackend() takes it.
    std::string id() const { return device() == Device::Cpu ? "cpu" : "cuda"; }

    // --- Memory. New buffers are zero-filled.
    virtual std::shared_ptr<Buffer> allocate(std::size_t count) = 0;
    Tensor tensor(const Shape &shape) { return Tensor(allocate(elementCount(shape)), shape); }
    virtual void upload(const float *host, const Tensor &dst) = 0; // dst.size() floats
    virtual void download(const Tensor &src, float *host) = 0; // src.size() floats
    std::vector<float> toHost(const Tensor &src);
    Tensor fromHost(const std::vector<float> &host, const Shape &shape);
    virtual void copy(const Tensor &src, const Tensor &dst) = 0; // same size
    virtual void fill(const Tensor &dst, float value) = 0;
    // dst(i, :) = src(indices[i], :) for i < count; src (R, F), dst (>= count, F); host indices.
    virtual void gatherRows(const Tensor &src, const int *indices, int count, const Tensor &dst) = 0;

    // --- Dense algebra on raw device pointers, row-major:
    // C(m, n) = alpha * op(A)(m, k) * op(B)(k, n) + beta * C; op transposes when asked.
    virtual void gemm(bool transA, bool transB, int m, int n, int k, float alpha, const float *a, const float *b,
        float beta, float *c)
        = 0;
    // y(rows, cols) += bias(cols) on every row.
    virtual void addRowVector(const Tensor &y, const Tensor &bias) = 0;
    // out(cols) = sum of x(rows, cols) over the rows.
    virtual void sumRows(const Tensor &x, const Tensor &out) = 0;
    // rows blocks of `width` floats: dst[r * dstPitch + i] = src[r * srcPitch + i]. Concatenation
    // along the channels and its gradient; the pointers may point into a tensor.
    virtual void copyBlocks(
        const float *src, std::size_t srcPitch, float *dst, std::size_t dstPitch, std::size_t width, std::size_t rows)
        = 0;
    // y[i * spread + j] = a[i * spread + j] * b[i] for i < count, j < spread: a product of equal
    // shapes (spread 1) or of an image by one value per channel (count N * C, spread H * W).
    virtual void broadcastMul(const float *a, const float *b, float *y, std::size_t count, std::size_t spread) = 0;
    // Its gradients: da = dy * b (spread), db[i] = sum over j of dy * a. Either may be null.
    virtual void broadcastMulBackward(const float *a, const float *b, const float *dy, float *da, float *db,
        std::size_t count, std::size_t spread)
        = 0;

    // --- Convolution. Backward: dx from dy and the weights (overwrites dx); dw and db from x and
    // dy (overwrite them). The layers skip dx for the first layer.
    virtual void convForward(const ConvShape &s, const float *x, const float *w, const float *bias, float *y) = 0;
    virtual void convBackwardData(const ConvShape &s, const float *dy, const float *w, float *dx) = 0;
    virtual void convBackwardFilter(const ConvShape &s, const float *x, const float *dy, float *dw, float *db) = 0;

    // --- Pooling. The backward pass routes each max's gradient to the first cell of its window
    // that holds the maximum (found again from x and y), and spreads an average's evenly.
    virtual void poolForward(const PoolShape &s, const float *x, float *y) = 0;
    virtual void poolBackward(const PoolShape &s, const float *x, const float *y, const float *dy, float *dx) = 0;

    // --- Batch normalization. Training: normalizes with the batch's mean and biased variance,
    // updates the running mean and (unbiased) variance, and saves the mean and 1/sqrt(var + eps)
    // for backward. Inference: normalizes with the running statistics.
    virtual void batchNormTraining(const NormShape &s, const float *x, const float *gamma, const float *beta,
        float *runningMean, float *runningVar, float *savedMean, float *savedInvStd, float *y)
        = 0;
    virtual void batchNormInference(const NormShape &s, const float *x, const float *gamma, const float *beta,
        const float *runningMean, const float *runningVar, float *y)
        = 0;
    // dgamma and dbeta are overwritten; dx may be null.
    virtual void batchNormBackward(const NormShape &s, const float *x, const float *dy, const float *gamma,
        const float *savedMean, const float *savedInvStd, float *dx, float *dgamma, float *dbeta)
        = 0;

    // --- Element-wise. The backward passes get the forward's input x and output y, so that each
    // derivative uses whichever is cheaper (tanh: 1 - y^2; relu: x > 0).
    virtual void activationForward(ActivationKind kind, const Tensor &x, const Tensor &y) = 0;
    virtual void activationBackward(
        ActivationKind kind, const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor &dx)
        = 0;
    // Softmax over the last dimension of (rows, cols).
    virtual void softmaxForward(const Tensor &x, const Tensor &y) = 0;
    virtual void softmaxBackward(const Tensor &y, const Tensor &dy, const Tensor &dx) = 0;
    // Inverted dropout: element i is kept when hashUniform(seed, i) >= rate and then scaled by
    // 1 / (1 - rate). The mask is a function of (seed, i), the same on every backend.
    virtual void dropoutForward(const Tensor &x, const Tensor &y, float rate, std::uint64_t seed) = 0;
    virtual void dropoutBackward(const Tensor &dy, const Tensor &dx, float rate, std::uint64_t seed) = 0;

    // --- Losses, averaged over the rows of (rows, cols). `input` is the network's output for
    // mean squared error and the logits (before sigmoid or softmax) for the cross-entropies, which
    // are computed from logits for numerical stability. MSE = mean over all elements of (o - t)^2.
    virtual float loss(LossKind kind, const Tensor &input, const Tensor &target) = 0;
    // grad = d loss / d input, same shape as input.
    virtual void lossGradient(LossKind kind, const Tensor &input, const Tensor &target, const Tensor &grad) = 0;

    // --- Regularization of the elements whose mask is 1 (weights, not biases):
    // L1 penalty = rate * sum |w|, L2 penalty = rate * sum w^2 / 2; the gradient adds rate * sign(w)
    // or rate * w to grad.
    virtual float regularizerPenalty(RegularizerKind kind, float rate, const Tensor &w, const Tensor &mask) = 0;
    virtual void addRegularizerGradient(
        RegularizerKind kind, float rate, const Tensor &w, const Tensor &mask, const Tensor &grad)
        = 0;

    // --- One optimizer update of every parameter in w from its gradient g. s1 and s2 are the
    // optimizer's state (velocity, first and second moments; zero at step 1), step counts from 1.
    // decayMask selects the weights AdamW decays.
    virtual void optimizerUpdate(const OptimizerConfig &config, float learningRate, long step, const Tensor &w,
        const Tensor &g, const Tensor &s1, const Tensor &s2, const Tensor &decayMask)
        = 0;
};

} // namespace ds
