// CpuBackend: losses, regularization and optimizer updates. Sums are taken in double so that a
// loss over many points does not lose the small terms.
#include "cpubackend.h"

#include "eigenmaps.h"
#include "error.h"
#include "exactsqrt.h"

#include <cmath>

namespace ds {
namespace {

using Eigen::Index;

void checkLossShapes(const Tensor &input, const Tensor &target)
{
    if (input.size() != target.size() || input.rank() < 1)
        throw Error("loss: the output " + shapeToString(input.shape()) + " and the target "
            + shapeToString(target.shape()) + " differ in shape");
}

// Binary cross-entropy from a logit z: max(z, 0) - z t + log(1 + e^-|z|).
double bceFromLogit(float z, float t)
{
    return std::max(z, 0.0f) - z * t + std::log1p(std::exp(-std::fabs(z)));
}

float sigmoid(float z)
{
    return 1.0f / (1.0f + std::exp(-z));
}

} // namespace

float CpuBackend::loss(LossKind kind, const Tensor &input, const Tensor &target)
{
    checkLossShapes(input, target);
    const float *z = input.data(), *t = target.data();
    const std::size_t n = input.size();
    const Index rows = input.dim(0), cols = static_cast<Index>(input.rowSize());
    double sum = 0.0;
    switch (kind) {
    case LossKind::MeanSquaredError:
        for (std::size_t i = 0; i < n; ++i)
            sum += double(z[i] - t[i]) * double(z[i] - t[i]);
        return static_cast<float>(sum / double(n));
    case LossKind::BinaryCrossEntropy:
        for (std::size_t i = 0; i < n; ++i)
            sum += bceFromLogit(z[i], t[i]);
        return static_cast<float>(sum / double(n));
    case LossKind::SoftmaxCrossEntropy:
        // Per row: sum_j t_j (logsumexp(z) - z_j), which is -log p_label for a one-hot target.
        for (Index r = 0; r < rows; ++r) {
            const float *zr = z + r * cols, *tr = t + r * cols;
            float m = zr[0];
            for (Index j = 1; j < cols; ++j)
                m = std::max(m, zr[j]);
            double e = 0.0;
            for (Index j = 0; j < cols; ++j)
                e += std::exp(double(zr[j] - m));
            const double lse = m + std::log(e);
            for (Index j = 0; j < cols; ++j)
                sum += double(tr[j]) * (lse - zr[j]);
        }
        return static_cast<float>(sum / double(rows));
    }
    return 0.0f;
}

void CpuBackend::lossGradient(LossKind kind, const Tensor &input, const Tensor &target, const Tensor &grad)
{
    checkLossShapes(input, target);
    const float *z = input.data(), *t = target.data();
    float *g = grad.data();
    const std::size_t n = input.size();
    const Index rows = input.dim(0), cols = static_cast<Index>(input.rowSize());
    switch (kind) {
    case LossKind::MeanSquaredError:
        for (std::size_t i = 0; i < n; ++i)
            g[i] = 2.0f * (z[i] - t[i]) / static_cast<float>(n);
        break;
    case LossKind::BinaryCrossEntropy:
        for (std::size_t i = 0; i < n; ++i)
            g[i] = (sigmoid(z[i]) - t[i]) / static_cast<float>(n);
        break;
    case LossKind::SoftmaxCrossEntropy: {
        // d/dz_j = softmax_j * sum(t) - t_j, over the rows' mean.
        softmaxForward(input, grad);
        for (Index r = 0; r < rows; ++r) {
            float *gr = g + r * cols;
            const float *tr = t + r * cols;
            float tsum = 0.0f;
            for (Index j = 0; j < cols; ++j)
                tsum += tr[j];
            for (Index j = 0; j < cols; ++j)
                gr[j] = (gr[j] * tsum - tr[j]) / static_cast<float>(rows);
        }
        break;
    }
    }
}

float CpuBackend::regularizerPenalty(RegularizerKind kind, float rate, const Tensor &w, const Tensor &mask)
{
    double sum = 0.0;
    const float *p = w.data(), *m = mask.data();
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (kind == RegularizerKind::L1)
            sum += m[i] * std::fabs(p[i]);
        else if (kind == RegularizerKind::L2)
            sum += 0.5 * m[i] * double(p[i]) * p[i];
    }
    return static_cast<float>(rate * sum);
}

void CpuBackend::addRegularizerGradient(
    RegularizerKind kind, float rate, const Tensor &w, const Tensor &mask, const Tensor &grad)
{
    const Index n = static_cast<Index>(w.size());
    ConstArrMap p(w.data(), n), m(mask.data(), n);
    ArrMap g(grad.data(), n);
    if (kind == RegularizerKind::L1)
        g += rate * m * p.sign();
    else if (kind == RegularizerKind::L2)
        g += rate * m * p;
}

void CpuBackend::optimizerUpdate(const OptimizerConfig &c, float lr, long step, const Tensor &w, const Tensor &g,
    const Tensor &s1, const Tensor &s2, const Tensor &decayMask)
{
    forChunks(w.size(), kElementGrain, [&](std::size_t b, std::size_t e) {
        const Index n = static_cast<Index>(e - b);
        ArrMap p(w.data() + b, n), v(s1.data() + b, n), s(s2.data() + b, n);
        ConstArrMap grad(g.data() + b, n), mask(decayMask.data() + b, n);
        switch (c.kind) {
        case OptimizerKind::Sgd: p -= lr * grad; break;
        case OptimizerKind::Momentum:
            v = c.momentum * v + grad;
            p -= lr * v;
            break;
        case OptimizerKind::Nesterov:
            v = c.momentum * v + grad;
            p -= lr * (grad + c.momentum * v);
            break;
        case OptimizerKind::AdaGrad:
            v += grad.square();
            p -= lr * grad / (exactSqrt(v) + 1e-10f);
            break;
        case OptimizerKind::RmsProp:
            v = c.alpha * v + (1.0f - c.alpha) * grad.square();
            p -= lr * grad / (exactSqrt(v) + c.epsilon);
            break;
        case OptimizerKind::AdamW:
            p -= lr * c.weightDecay * mask * p; // decoupled from the gradient, weights only
            [[fallthrough]];
        case OptimizerKind::Adam: {
            const float bc1 = 1.0f - std::pow(c.beta1, static_cast<float>(step));
            const float bc2 = 1.0f - std::pow(c.beta2, static_cast<float>(step));
            v = c.beta1 * v + (1.0f - c.beta1) * grad;
            s = c.beta2 * s + (1.0f - c.beta2) * grad.square();
            p -= (lr / bc1) * v / (exactSqrt(s / bc2) + c.epsilon);
            break;
        }
        }
    });
}

} // namespace ds
