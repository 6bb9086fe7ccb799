// Regularization and optimizer updates: one fused kernel per call over the network's single
// parameter buffer, so a training step costs one launch here whatever the network's depth.
// The update rules mirror cpuupdates.cpp.
#include "launch.cuh"
#include "reduce.cuh"

namespace ds::cuda {
namespace {

struct PenaltyTerm {
    RegularizerKind kind;
    const float *w, *mask;

    __device__ double operator()(std::size_t i) const
    {
        if (kind == RegularizerKind::L1)
            return double(mask[i]) * fabs(double(w[i]));
        if (kind == RegularizerKind::L2)
            return 0.5 * double(mask[i]) * double(w[i]) * double(w[i]);
        return 0.0;
    }
};

__global__ void regularizerGradientKernel(
    RegularizerKind kind, float rate, const float *w, const float *mask, float *g, std::size_t n)
{
    for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < n;
         i += std::size_t(gridDim.x) * blockDim.x) {
        const float p = w[i];
        if (kind == RegularizerKind::L1)
            g[i] += rate * mask[i] * float((p > 0.0f) - (p < 0.0f));
        else if (kind == RegularizerKind::L2)
            g[i] += rate * mask[i] * p;
    }
}

// The hyper-parameters by value: a kernel argument, no device copy of the config.
struct Rule {
    OptimizerKind kind;
    float lr, momentum, alpha, beta1, beta2, epsilon, weightDecay, bc1, bc2;
};

__global__ void updateKernel(
    Rule c, float *w, const float *grad, float *s1, float *s2, const float *decayMask, std::size_t n)
{
    for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < n;
         i += std::size_t(gridDim.x) * blockDim.x) {
        const float g = grad[i];
        float p = w[i], v = s1[i];
        switch (c.kind) {
        case OptimizerKind::Sgd: p -= c.lr * g; break;
        case OptimizerKind::Momentum:
            v = c.momentum * v + g;
            p -= c.lr * v;
            break;
        case OptimizerKind::Nesterov:
            v = c.momentum * v + g;
            p -= c.lr * (g + c.momentum * v);
            break;
        case OptimizerKind::AdaGrad:
            v += g * g;
            p -= c.lr * g / (sqrtf(v) + 1e-10f);
            break;
        case OptimizerKind::RmsProp:
            v = c.alpha * v + (1.0f - c.alpha) * g * g;
            p -= c.lr * g / (sqrtf(v) + c.epsilon);
            break;
        case OptimizerKind::AdamW:
            p -= c.lr * c.weightDecay * decayMask[i] * p; // decoupled from the gradient, weights only
            [[fallthrough]];
        case OptimizerKind::Adam: {
            float s = s2[i];
            v = c.beta1 * v + (1.0f - c.beta1) * g;
            s = c.beta2 * s + (1.0f - c.beta2) * g * g;
            p -= (c.lr / c.bc1) * v / (sqrtf(s / c.bc2) + c.epsilon);
            s2[i] = s;
            break;
        }
        }
        w[i] = p;
        s1[i] = v;
    }
}

} // namespace

void regularizerSum(RegularizerKind kind, const float *w, const float *mask, std::size_t n, double *partials,
    double *total, cudaStream_t stream)
{
    reduceSum(n, PenaltyTerm {kind, w, mask}, partials, total, stream);
}

void addRegularizerGradient(RegularizerKind kind, float rate, const float *w, const float *mask, float *grad,
    std::size_t n, cudaStream_t stream)
{
    if (n == 0 || kind == RegularizerKind::None)
        return;
    regularizerGradientKernel<<<blocksFor(n), kBlockThreads, 0, stream>>>(kind, rate, w, mask, grad, n);
    checkLaunch("addRegularizerGradient");
}

void optimizerUpdate(const OptimizerConfig &config, float learningRate, float bc1, float bc2, float *w,
    const float *grad, float *s1, float *s2, const float *decayMask, std::size_t n, cudaStream_t stream)
{
    if (n == 0)
        return;
    const Rule rule {config.kind, learningRate, config.momentum, config.alpha, config.beta1, config.beta2,
        config.epsilon, config.weightDecay, bc1, bc2};
    updateKernel<<<blocksFor(n), kBlockThreads, 0, stream>>>(rule, w, grad, s1, s2, decayMask, n);
    checkLaunch("optimizerUpdate");
}

} // namespace ds::cuda
