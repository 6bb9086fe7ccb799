#include "pool2d.h"

#include "convgeometry.h"
#include "error.h"

namespace ds {

Pool2D::Pool2D(Backend &backend, LayerKind kind, const Shape &input, int window, int stride, int padding, bool ceilMode)
    : Pool2D(backend, kind, input, window, window, stride, padding, ceilMode)
{
}

Pool2D::Pool2D(
    Backend &backend, LayerKind kind, const Shape &input, int windowH, int windowW, int stride, int padding, bool ceilMode)
    : Layer(backend), m_kind(kind)
{
    if (input.size() != 3)
        throw Error("pooling needs an image input (channels, height, width), not " + shapeToString(input));
    m_shape.max = kind == LayerKind::MaxPool2D;
    m_shape.channels = input[0];
    m_shape.inH = input[1];
    m_shape.inW = input[2];
    m_shape.windowH = windowH;
    m_shape.windowW = windowW;
    m_shape.strideH = m_shape.strideW = stride;
    m_shape.padH = m_shape.padW = padding;
    m_shape.outH = poolOutputSize(m_shape.inH, windowH, stride, padding, ceilMode);
    m_shape.outW = poolOutputSize(m_shape.inW, windowW, stride, padding, ceilMode);
    if (m_shape.outH <= 0 || m_shape.outW <= 0)
        throw Error("a " + std::to_string(windowH) + "x" + std::to_string(windowW) + " pooling window does not fit "
            + shapeToString(input));
}

std::unique_ptr<Pool2D> Pool2D::global(Backend &backend, const Shape &input)
{
    if (input.size() != 3)
        throw Error(
            "global average pooling needs an image input (channels, height, width), not " + shapeToString(input));
    return std::unique_ptr<Pool2D>(new Pool2D(backend, LayerKind::GlobalAvgPool, input, input[1], input[2], 1, 0, false));
}

std::string Pool2D::describe() const
{
    if (m_kind == LayerKind::GlobalAvgPool)
        return "global average pool";
    return std::string(m_shape.max ? "max" : "average") + " pool " + std::to_string(m_shape.windowH) + "x"
        + std::to_string(m_shape.windowW);
}

Shape Pool2D::outputShape(const Shape &) const
{
    if (m_kind == LayerKind::GlobalAvgPool)
        return {m_shape.channels};
    return {m_shape.channels, m_shape.outH, m_shape.outW};
}

PoolShape Pool2D::geometry(int n) const
{
    PoolShape s = m_shape;
    s.batch = n;
    return s;
}

void Pool2D::forward(const Tensor &x, const Tensor &y, bool)
{
    m_backend.poolForward(geometry(x.dim(0)), x.data(), y.data());
}

void Pool2D::backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx)
{
    if (dx)
        m_backend.poolBackward(geometry(x.dim(0)), x.data(), y.data(), dy.data(), dx->data());
}

} // namespace ds
