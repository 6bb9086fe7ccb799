// Layer: one step of a network, with its forward and backward pass and nothing else. A layer's
// parameters and gradients are slices of the network's single parameter buffer, bound by the
// Network after construction. Shapes exclude the batch: a Dense layer maps (N, in) to (N, out).
#pragma once

#include "backend.h"
#include "kinds.h"
#include "random.h"
#include "tensor.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace ds {

enum class LayerKind {
    Dense,
    Activation,
    Softmax,
    Dropout,
    Conv2D,
    MaxPool2D,
    AvgPool2D,
    Flatten,
    BatchNorm,
    GlobalAvgPool,
    Residual,
    // The graph's joins: they read two or more earlier outputs (LayerSpec::inputs).
    Add, // element-wise sum of equal shapes (ResNet's shortcuts, projection or identity)
    Concat, // along the channels (SqueezeNet's fire modules, Inception)
    Mul, // element-wise product; the second may be one value per channel (squeeze-and-excitation)
};

class Layer {
public:
    explicit Layer(Backend &backend) : m_backend(backend) { }
    virtual ~Layer() = default;
    Layer(const Layer &) = delete;
    Layer &operator=(const Layer &) = delete;

    virtual LayerKind kind() const = 0;
    virtual std::string describe() const = 0; // "dense 7 -> 8"
    // The shape of one output row for one input row, e.g. {8}.
    virtual Shape outputShape(const Shape &input) const { return input; }

    virtual std::size_t paramCount() const { return 0; }
    // params and grads are device views of paramCount() floats each.
    virtual void bindParams(const Tensor &params, const Tensor &grads)
    {
        (void)params;
        (void)grads;
    }
    // Writes initial values into host memory of paramCount() floats.
    virtual void initParams(float *host, InitKind init, Rng &rng) const
    {
        (void)host;
        (void)init;
        (void)rng;
    }
    // Marks with 1 the host parameters that regularization and weight decay apply to (weights,
    // not biases); the rest stay 0.
    virtual void markRegularized(float *hostMask) const { (void)hostMask; }

    // x (N, ...in) -> y (N, ...out), into y's storage. `training` turns dropout on.
    virtual void forward(const Tensor &x, const Tensor &y, bool training) = 0;
    // Given x, y and dy = dLoss/dy: writes this layer's parameter gradients (overwriting) and,
    // when dx is not null, dx = dLoss/dx.
    virtual void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) = 0;

    // The same for a layer that reads several tensors (Add, Concat, Mul), given in the order the
    // spec names its inputs; a null dxs[k] is not wanted. A one-input layer needs neither.
    virtual void forwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, bool training)
    {
        forward(*xs.at(0), y, training);
    }
    virtual void backwardMany(const std::vector<const Tensor *> &xs, const Tensor &y, const Tensor &dy,
        const std::vector<const Tensor *> &dxs)
    {
        backward(*xs.at(0), y, dy, dxs.at(0));
    }

    // A count the layer keeps across steps that decides its future (dropout's passes, which pick
    // its masks): saved with a run and carried to another backend so the run continues the same.
    virtual std::uint64_t runCounter() const { return 0; }
    virtual void setRunCounter(std::uint64_t count) { (void)count; }

    // A frozen layer's backward computes no parameter gradients (LayerSpec::frozen); the
    // network sets it, and the trainer leaves the layer's parameters alone.
    bool frozen() const { return m_frozen; }
    void setFrozen(bool frozen) { m_frozen = frozen; }

protected:
    Backend &m_backend;
    bool m_frozen = false;
};

} // namespace ds
