// The parameter-free layers: an element-wise activation, softmax over the features, and dropout.
// Each maps (N, ...) to the same shape.
#pragma once

#include "layer.h"

namespace ds {

class Activation : public Layer {
public:
    Activation(Backend &backend, ActivationKind activation) : Layer(backend), m_activation(activation) { }
    LayerKind kind() const override { return LayerKind::Activation; }
    std::string describe() const override { return nameOf(m_activation); }
    ActivationKind activation() const { return m_activation; }
    void setActivation(ActivationKind activation) { m_activation = activation; }
    void forward(const Tensor &x, const Tensor &y, bool training) override;
    void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) override;

private:
    ActivationKind m_activation;
};

// Softmax over the last dimension: y_j = e^x_j / sum_k e^x_k, (N, classes).
class Softmax : public Layer {
public:
    explicit Softmax(Backend &backend) : Layer(backend) { }
    LayerKind kind() const override { return LayerKind::Softmax; }
    std::string describe() const override { return "softmax"; }
    void forward(const Tensor &x, const Tensor &y, bool training) override;
    void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) override;
};

// Inverted dropout: while training, drops each element with probability `rate` and scales the
// rest by 1 / (1 - rate); at evaluation it is the identity. A new mask every forward pass, from a
// seed the layer advances itself (reproducible for the network's seed).
class Dropout : public Layer {
public:
    Dropout(Backend &backend, float rate, std::uint64_t seed) : Layer(backend), m_rate(rate), m_seed(seed) { }
    LayerKind kind() const override { return LayerKind::Dropout; }
    std::string describe() const override;
    float rate() const { return m_rate; }
    void setRate(float rate) { m_rate = rate; }
    void forward(const Tensor &x, const Tensor &y, bool training) override;
    void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) override;
    std::uint64_t runCounter() const override { return m_pass; }
    void setRunCounter(std::uint64_t count) override { m_pass = count; }

private:
    float m_rate;
    std::uint64_t m_seed;
    std::uint64_t m_pass = 0; // forward passes in training mode so far
    bool m_lastWasTraining = false;
};

} // namespace ds
