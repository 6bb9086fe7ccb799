// Flatten: (N, C, H, W) -> (N, C*H*W), so that dense layers can follow convolutions. The values
// are already in that order; forward and backward are copies into the network's own buffers.
#pragma once

#include "layer.h"

namespace ds {

class Flatten : public Layer {
public:
    explicit Flatten(Backend &backend) : Layer(backend) { }
    LayerKind kind() const override { return LayerKind::Flatten; }
    std::string describe() const override { return "flatten"; }
    Shape outputShape(const Shape &input) const override { return {static_cast<int>(elementCount(input))}; }
    void forward(const Tensor &x, const Tensor &y, bool) override { m_backend.copy(x, y); }
    void backward(const Tensor &, const Tensor &, const Tensor &dy, const Tensor *dx) override
    {
        if (dx)
            m_backend.copy(dy, *dx);
    }
};

} // namespace ds
