// BatchNorm: normalizes each feature (N, F) or channel (N, C, H, W) with the batch's statistics
// while training and with running statistics at evaluation, then scales by gamma and shifts by
// beta. Parameters: gamma, beta, then the running mean and variance. The running statistics
// live in the parameter buffer so that snapshots and saves carry them; their gradient is always
// zero and they are never regularized, so no optimizer moves them.
// Frozen (fine-tuning, LayerSpec::frozen), it is what PyTorch's eval mode makes it while the rest
// trains: it normalizes with the running statistics in training too and never updates them, its
// scale and shift get no gradient, and its backward is that of the fixed per-channel affine map
// (dx = dy * gamma / sqrt(running variance + eps)), so the layers before it can still train.
#pragma once

#include "layer.h"

namespace ds {

class BatchNorm : public Layer {
public:
    BatchNorm(Backend &backend, const Shape &input);
    LayerKind kind() const override { return LayerKind::BatchNorm; }
    std::string describe() const override;
    std::size_t paramCount() const override { return 4 * std::size_t(m_channels); }
    void bindParams(const Tensor &params, const Tensor &grads) override;
    void initParams(float *host, InitKind init, Rng &rng) const override;
    void forward(const Tensor &x, const Tensor &y, bool training) override;
    void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) override;

private:
    NormShape geometry(int n) const;

    int m_channels, m_spatial;
    Tensor m_params, m_grads; // gamma, beta, running mean, running variance
    Tensor m_savedMean, m_savedInvStd; // of the last training forward, for backward
    Tensor m_zeros; // one per channel: a frozen layer's backward as an inference pass (batchnorm.cpp)
};

} // namespace ds
