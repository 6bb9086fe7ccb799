// The layers where a graph joins: Add (equal shapes summed), Concat (stacked along the channels)
// and Mul (a product, the second factor possibly one value per channel). They read the tensors
// the Network hands them through forwardMany/backwardMany; none has parameters.
#pragma once

#include "layer.h"

namespace ds {

// What the three share: a join has no one-input pass (the Network always calls forwardMany).
class Join : public Layer {
public:
    explicit Join(Backend &backend) : Layer(backend) { }
    void forward(const Tensor &x, const Tensor &y, bool training) override;
    void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) override;
};

class Add : public Join {
public:
    explicit Add(Backend &backend) : Join(backend) { }
    LayerKind kind() const override { return LayerKind::Add; }
    std::string describe() const override { return "add"; }
    void forwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, bool training) override;
    void backwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, const Tensor &dy,
        const std::vector<const Tensor *> &dxs) override;
};

class Concat : public Join {
public:
    explicit Concat(Backend &backend) : Join(backend) { }
    LayerKind kind() const override { return LayerKind::Concat; }
    std::string describe() const override { return "concat"; }
    void forwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, bool training) override;
    void backwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, const Tensor &dy,
        const std::vector<const Tensor *> &dxs) override;
};

class Mul : public Join {
public:
    explicit Mul(Backend &backend) : Join(backend) { }
    LayerKind kind() const override { return LayerKind::Mul; }
    std::string describe() const override { return "multiply"; }
    void forwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, bool training) override;
    void backwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, const Tensor &dy,
        const std::vector<const Tensor *> &dxs) override;
};

} // namespace ds
