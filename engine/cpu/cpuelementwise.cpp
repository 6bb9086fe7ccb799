// CpuBackend: activations, softmax and dropout. Eigen's array expressions vectorize the common
// activations (tanh, logistic, exp); the rest are plain loops.
#include "cpubackend.h"

#include "eigenmaps.h"
#include "error.h"
#include "random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ds {
namespace {

using Eigen::Index;

void checkSameSize(const Tensor &a, const Tensor &b, const char *what)
{
    if (a.size() != b.size())
        throw Error(std::string(what) + ": tensors of " + std::to_string(a.size()) + " and " + std::to_string(b.size())
            + " elements");
}

float geluForward(float x)
{
    return 0.5f * x * (1.0f + std::erf(x * std::numbers::sqrt2_v<float> / 2.0f));
}

float geluDerivative(float x)
{
    const float cdf = 0.5f * (1.0f + std::erf(x * std::numbers::sqrt2_v<float> / 2.0f));
    const float pdf = std::exp(-0.5f * x * x) * (std::numbers::inv_sqrtpi_v<float> / std::numbers::sqrt2_v<float>);
    return cdf + x * pdf;
}

void forwardChunk(ActivationKind kind, const float *x, float *y, Index n)
{
    ConstArrMap a(x, n);
    ArrMap o(y, n);
    switch (kind) {
    case ActivationKind::Relu: o = a.max(0.0f); break;
    case ActivationKind::LeakyRelu: o = (a > 0.0f).select(a, a * kLeakyReluSlope); break;
    // min(x, 0) keeps exp from overflowing on the branch that select throws away.
    case ActivationKind::Elu: o = (a > 0.0f).select(a, kEluAlpha * a.min(0.0f).expm1()); break;
    case ActivationKind::Selu: o = kSeluScale * (a > 0.0f).select(a, kSeluAlpha * a.min(0.0f).expm1()); break;
    case ActivationKind::Gelu:
        for (Index i = 0; i < n; ++i)
            y[i] = geluForward(x[i]);
        break;
    case ActivationKind::Tanh: o = a.tanh(); break;
    case ActivationKind::Sigmoid: o = a.logistic(); break;
    case ActivationKind::Linear: o = a; break;
    // log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), which never overflows.
    case ActivationKind::Softplus: o = a.max(0.0f) + (-a.abs()).exp().log1p(); break;
    case ActivationKind::Swish: o = a * a.logistic(); break;
    case ActivationKind::Relu6: o = a.max(0.0f).min(6.0f); break;
    case ActivationKind::HardSigmoid: o = (a + 3.0f).max(0.0f).min(6.0f) / 6.0f; break;
    case ActivationKind::HardSwish: o = a * (a + 3.0f).max(0.0f).min(6.0f) / 6.0f; break;
    }
}

void backwardChunk(ActivationKind kind, const float *x, const float *y, const float *dy, float *dx, Index n)
{
    ConstArrMap a(x, n), o(y, n), g(dy, n);
    ArrMap d(dx, n);
    switch (kind) {
    case ActivationKind::Relu: d = (a > 0.0f).select(g, 0.0f); break;
    case ActivationKind::LeakyRelu: d = (a > 0.0f).select(g, g * kLeakyReluSlope); break;
    case ActivationKind::Elu: d = (a > 0.0f).select(g, g * (o + kEluAlpha)); break;
    case ActivationKind::Selu: d = (a > 0.0f).select(g * kSeluScale, g * (o + kSeluScale * kSeluAlpha)); break;
    case ActivationKind::Gelu:
        for (Index i = 0; i < n; ++i)
            dx[i] = dy[i] * geluDerivative(x[i]);
        break;
    case ActivationKind::Tanh: d = g * (1.0f - o.square()); break;
    case ActivationKind::Sigmoid: d = g * o * (1.0f - o); break;
    case ActivationKind::Linear: d = g; break;
    case ActivationKind::Softplus: d = g * a.logistic(); break;
    // swish(x) = x s(x): derivative s + x s (1 - s) = s + y (1 - s).
    case ActivationKind::Swish: {
        for (Index i = 0; i < n; ++i) {
            const float s = 1.0f / (1.0f + std::exp(-x[i]));
            dx[i] = dy[i] * (s + y[i] * (1.0f - s));
        }
        break;
    }
    // The kinks take PyTorch's side: relu6 passes the gradient on (0, 6), hardsigmoid and
    // hardswish on (-3, 3), hardswish's slope is (2x + 3) / 6 there, 1 above and 0 below.
    case ActivationKind::Relu6: d = (a > 0.0f && a < 6.0f).select(g, 0.0f); break;
    case ActivationKind::HardSigmoid: d = (a > -3.0f && a < 3.0f).select(g / 6.0f, 0.0f); break;
    case ActivationKind::HardSwish:
        d = (a < -3.0f).select(0.0f, (a > 3.0f).select(g, g * (2.0f * a + 3.0f) / 6.0f));
        break;
    }
}

} // namespace

void CpuBackend::activationForward(ActivationKind kind, const Tensor &x, const Tensor &y)
{
    checkSameSize(x, y, "activation forward");
    forChunks(x.size(), kElementGrain, [&](std::size_t b, std::size_t e) {
        forwardChunk(kind, x.data() + b, y.data() + b, static_cast<Index>(e - b));
    });
}

void CpuBackend::activationBackward(
    ActivationKind kind, const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor &dx)
{
    checkSameSize(x, dx, "activation backward");
    forChunks(x.size(), kElementGrain, [&](std::size_t b, std::size_t e) {
        backwardChunk(kind, x.data() + b, y.data() + b, dy.data() + b, dx.data() + b, static_cast<Index>(e - b));
    });
}

void CpuBackend::softmaxForward(const Tensor &x, const Tensor &y)
{
    checkSameSize(x, y, "softmax forward");
    const Index cols = static_cast<Index>(x.rowSize()), rows = x.dim(0);
    ConstMatMap xm(x.data(), rows, cols);
    MatMap ym(y.data(), rows, cols);
    for (Index r = 0; r < rows; ++r) {
        // Subtracting the row's maximum keeps exp finite.
        ym.row(r) = (xm.row(r).array() - xm.row(r).maxCoeff()).exp();
        ym.row(r) /= ym.row(r).sum();
    }
}

void CpuBackend::softmaxBackward(const Tensor &y, const Tensor &dy, const Tensor &dx)
{
    checkSameSize(y, dx, "softmax backward");
    const Index cols = static_cast<Index>(y.rowSize()), rows = y.dim(0);
    ConstMatMap ym(y.data(), rows, cols), gm(dy.data(), rows, cols);
    MatMap dm(dx.data(), rows, cols);
    for (Index r = 0; r < rows; ++r) {
        const float dot = ym.row(r).dot(gm.row(r));
        dm.row(r) = ym.row(r).array() * (gm.row(r).array() - dot);
    }
}

void CpuBackend::dropoutForward(const Tensor &x, const Tensor &y, float rate, std::uint64_t seed)
{
    checkSameSize(x, y, "dropout forward");
    const float scale = 1.0f / (1.0f - rate);
    forChunks(x.size(), kElementGrain, [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i)
            y.data()[i] = hashUniform(seed, i) >= rate ? x.data()[i] * scale : 0.0f;
    });
}

void CpuBackend::dropoutBackward(const Tensor &dy, const Tensor &dx, float rate, std::uint64_t seed)
{
    dropoutForward(dy, dx, rate, seed); // the same mask and scale
}

} // namespace ds
