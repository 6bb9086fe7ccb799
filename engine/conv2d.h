// Conv2D: a 2-D convolution of NCHW images with square kernels, zero padding, stride, dilation
// and groups. Parameters: weights (filters, channels / groups, k, k) then biases (filters),
// PyTorch's layout, so weights move between the two unchanged.
#pragma once

#include "layer.h"

namespace ds {

class Conv2D : public Layer {
public:
    // input: one image's (channels, height, width).
    Conv2D(Backend &backend, const Shape &input, int filters, int kernel, int stride, int padding, int dilation,
        int groups = 1);
    LayerKind kind() const override { return LayerKind::Conv2D; }
    std::string describe() const override;
    Shape outputShape(const Shape &input) const override;
    std::size_t paramCount() const override;
    void bindParams(const Tensor &params, const Tensor &grads) override;
    void initParams(float *host, InitKind init, Rng &rng) const override;
    void markRegularized(float *hostMask) const override;
    void forward(const Tensor &x, const Tensor &y, bool training) override;
    void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) override;

    // The geometry for a batch of n images.
    ConvShape geometry(int n) const;
    const Tensor &weights() const { return m_weights; }

private:
    ConvShape m_shape; // batch 0: set per call
    Tensor m_weights, m_bias, m_weightGrad, m_biasGrad;
};

} // namespace ds
