#include "dense.h"

#include "error.h"
#include "initializer.h"

#include <algorithm>

namespace ds {

Dense::Dense(Backend &backend, int inputs, int outputs) : Layer(backend), m_inputs(inputs), m_outputs(outputs) { }

std::string Dense::describe() const
{
    return "dense " + std::to_string(m_inputs) + " -> " + std::to_string(m_outputs);
}

Shape Dense::outputShape(const Shape &input) const
{
    if (elementCount(input) != static_cast<std::size_t>(m_inputs))
        throw Error("a dense layer of " + std::to_string(m_inputs) + " inputs cannot follow an output of shape "
            + shapeToString(input));
    return {m_outputs};
}

std::size_t Dense::paramCount() const
{
    return std::size_t(m_inputs) * m_outputs + m_outputs;
}

void Dense::bindParams(const Tensor &params, const Tensor &grads)
{
    const std::size_t nw = std::size_t(m_inputs) * m_outputs;
    m_weights = Tensor(params.buffer(), {m_inputs, m_outputs}, params.offset());
    m_bias = Tensor(params.buffer(), {m_outputs}, params.offset() + nw);
    m_weightGrad = Tensor(grads.buffer(), {m_inputs, m_outputs}, grads.offset());
    m_biasGrad = Tensor(grads.buffer(), {m_outputs}, grads.offset() + nw);
}

void Dense::initParams(float *host, InitKind init, Rng &rng) const
{
    initializeWeights(host, std::size_t(m_inputs) * m_outputs, m_inputs, m_outputs, init, rng);
    // Biases start at zero whatever the scheme, as in PyTorch's and Keras's usual practice.
}

void Dense::markRegularized(float *hostMask) const
{
    std::fill_n(hostMask, std::size_t(m_inputs) * m_outputs, 1.0f);
}

void Dense::forward(const Tensor &x, const Tensor &y, bool)
{
    const int n = x.dim(0);
    m_backend.gemm(false, false, n, m_outputs, m_inputs, 1.0f, x.data(), m_weights.data(), 0.0f, y.data());
    m_backend.addRowVector(y, m_bias);
}

void Dense::backward(const Tensor &x, const Tensor &, const Tensor &dy, const Tensor *dx)
{
    const int n = x.dim(0);
    // dW (in, out) = x^T (in, N) dy (N, out); db = column sums of dy; dx (N, in) = dy W^T.
    if (!frozen()) {
        m_backend.gemm(true, false, m_inputs, m_outputs, n, 1.0f, x.data(), dy.data(), 0.0f, m_weightGrad.data());
        m_backend.sumRows(dy, m_biasGrad);
    }
    if (dx)
        m_backend.gemm(false, true, n, m_inputs, m_outputs, 1.0f, dy.data(), m_weights.data(), 0.0f, dx->data());
}

} // namespace ds
