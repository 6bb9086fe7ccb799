#include "conv2d.h"

#include "convgeometry.h"
#include "error.h"
#include "initializer.h"

#include <algorithm>

namespace ds {

Conv2D::Conv2D(
    Backend &backend, const Shape &input, int filters, int kernel, int stride, int padding, int dilation, int groups)
    : Layer(backend)
{
    if (input.size() != 3)
        throw Error("a convolution needs an image input (channels, height, width), not " + shapeToString(input));
    m_shape.inC = input[0];
    m_shape.inH = input[1];
    m_shape.inW = input[2];
    m_shape.outC = filters;
    m_shape.kernelH = m_shape.kernelW = kernel;
    m_shape.strideH = m_shape.strideW = stride;
    m_shape.padH = m_shape.padW = padding;
    m_shape.dilationH = m_shape.dilationW = dilation;
    m_shape.groups = groups;
    if (groups < 1 || m_shape.inC % groups != 0 || filters % groups != 0)
        throw Error(std::to_string(groups) + " groups do not divide " + std::to_string(m_shape.inC) + " channels and "
            + std::to_string(filters) + " filters");
    m_shape.outH = convOutputSize(m_shape.inH, kernel, stride, padding, dilation);
    m_shape.outW = convOutputSize(m_shape.inW, kernel, stride, padding, dilation);
    if (filters <= 0 || m_shape.outH <= 0 || m_shape.outW <= 0)
        throw Error("a " + std::to_string(kernel) + "x" + std::to_string(kernel) + " convolution does not fit "
            + shapeToString(input));
}

std::string Conv2D::describe() const
{
    return "conv " + std::to_string(m_shape.kernelH) + "x" + std::to_string(m_shape.kernelW) + " "
        + std::to_string(m_shape.inC) + " -> " + std::to_string(m_shape.outC)
        + (m_shape.groups > 1 ? " in " + std::to_string(m_shape.groups) + " groups" : std::string());
}

Shape Conv2D::outputShape(const Shape &) const
{
    return {m_shape.outC, m_shape.outH, m_shape.outW};
}

std::size_t Conv2D::paramCount() const
{
    return std::size_t(m_shape.outC) * (m_shape.inC / m_shape.groups) * m_shape.kernelH * m_shape.kernelW
        + std::size_t(m_shape.outC);
}

void Conv2D::bindParams(const Tensor &params, const Tensor &grads)
{
    const Shape w {m_shape.outC, m_shape.inC / m_shape.groups, m_shape.kernelH, m_shape.kernelW};
    const std::size_t nw = elementCount(w);
    m_weights = Tensor(params.buffer(), w, params.offset());
    m_bias = Tensor(params.buffer(), {m_shape.outC}, params.offset() + nw);
    m_weightGrad = Tensor(grads.buffer(), w, grads.offset());
    m_biasGrad = Tensor(grads.buffer(), {m_shape.outC}, grads.offset() + nw);
}

void Conv2D::initParams(float *host, InitKind init, Rng &rng) const
{
    const int area = m_shape.kernelH * m_shape.kernelW;
    // Fan-in and fan-out count the connections one value has: a filter reads its own group only.
    initializeWeights(host, paramCount() - std::size_t(m_shape.outC), m_shape.inC / m_shape.groups * area,
        m_shape.outC / m_shape.groups * area, init, rng);
}

void Conv2D::markRegularized(float *hostMask) const
{
    std::fill_n(hostMask, paramCount() - std::size_t(m_shape.outC), 1.0f);
}

ConvShape Conv2D::geometry(int n) const
{
    ConvShape s = m_shape;
    s.batch = n;
    return s;
}

void Conv2D::forward(const Tensor &x, const Tensor &y, bool)
{
    m_backend.convForward(geometry(x.dim(0)), x.data(), m_weights.data(), m_bias.data(), y.data());
}

void Conv2D::backward(const Tensor &x, const Tensor &, const Tensor &dy, const Tensor *dx)
{
    const ConvShape s = geometry(x.dim(0));
    if (!frozen())
        m_backend.convBackwardFilter(s, x.data(), dy.data(), m_weightGrad.data(), m_biasGrad.data());
    if (dx)
        m_backend.convBackwardData(s, dy.data(), m_weights.data(), dx->data());
}

} // namespace ds
