#include "batchnorm.h"

#include "error.h"

#include <algorithm>

namespace ds {

BatchNorm::BatchNorm(Backend &backend, const Shape &input) : Layer(backend)
{
    if (input.size() != 1 && input.size() != 3)
        throw Error("batch norm works on features (F) or images (C, H, W), not " + shapeToString(input));
    m_channels = input[0];
    m_spatial = input.size() == 3 ? input[1] * input[2] : 1;
    m_savedMean = backend.tensor({m_channels});
    m_savedInvStd = backend.tensor({m_channels});
    m_zeros = backend.tensor({m_channels}); // new buffers are zero-filled
}

std::string BatchNorm::describe() const
{
    return "batch norm " + std::to_string(m_channels);
}

void BatchNorm::bindParams(const Tensor &params, const Tensor &grads)
{
    m_params = params;
    m_grads = grads;
}

void BatchNorm::initParams(float *host, InitKind, Rng &) const
{
    const std::size_t c = std::size_t(m_channels);
    std::fill_n(host, c, 1.0f); // gamma
    std::fill_n(host + c, c, 0.0f); // beta
    std::fill_n(host + 2 * c, c, 0.0f); // running mean
    std::fill_n(host + 3 * c, c, 1.0f); // running variance
}

NormShape BatchNorm::geometry(int n) const
{
    NormShape s;
    s.batch = n;
    s.channels = m_channels;
    s.spatial = m_spatial;
    return s;
}

void BatchNorm::forward(const Tensor &x, const Tensor &y, bool training)
{
    const std::size_t c = std::size_t(m_channels);
    float *p = m_params.data();
    if (training && !frozen())
        m_backend.batchNormTraining(geometry(x.dim(0)), x.data(), p, p + c, p + 2 * c, p + 3 * c, m_savedMean.data(),
            m_savedInvStd.data(), y.data());
    else
        m_backend.batchNormInference(geometry(x.dim(0)), x.data(), p, p + c, p + 2 * c, p + 3 * c, y.data());
}

void BatchNorm::backward(const Tensor &x, const Tensor &, const Tensor &dy, const Tensor *dx)
{
    const std::size_t c = std::size_t(m_channels);
    const float *p = m_params.data();
    if (frozen()) {
        // y = (x - mean) * gamma / sqrt(var + eps) + beta with the running mean and variance held:
        // dx = dy * gamma / sqrt(var + eps), which is the inference pass itself on dy with a mean
        // and shift of zero (any backend has it). No parameter gradients.
        if (dx)
            m_backend.batchNormInference(
                geometry(x.dim(0)), dy.data(), p, m_zeros.data(), m_zeros.data(), p + 3 * c, dx->data());
        return;
    }
    m_backend.batchNormBackward(geometry(x.dim(0)), x.data(), dy.data(), p, m_savedMean.data(), m_savedInvStd.data(),
        dx ? dx->data() : nullptr, m_grads.data(), m_grads.data() + c);
}

} // namespace ds
