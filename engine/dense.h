// Dense: y = x W + b. x (N, in), W (in, out), b (out), y (N, out). Parameters are stored W then
// b, W row-major, so W[i][j] is the weight from input i to output j.
#pragma once

#include "layer.h"

namespace ds {

class Dense : public Layer {
public:
    Dense(Backend &backend, int inputs, int outputs);

    LayerKind kind() const override { return LayerKind::Dense; }
    std::string describe() const override;
    Shape outputShape(const Shape &input) const override;
    std::size_t paramCount() const override;
    void bindParams(const Tensor &params, const Tensor &grads) override;
    void initParams(float *host, InitKind init, Rng &rng) const override;
    void markRegularized(float *hostMask) const override;
    void forward(const Tensor &x, const Tensor &y, bool training) override;
    void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) override;

    int inputs() const { return m_inputs; }
    int outputs() const { return m_outputs; }

private:
    int m_inputs;
    int m_outputs;
    Tensor m_weights, m_bias, m_weightGrad, m_biasGrad;
};

} // namespace ds
