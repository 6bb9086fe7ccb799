#include "tensor.h"

#include "error.h"

namespace ds {

std::size_t elementCount(const Shape &shape)
{
    std::size_t n = 1;
    for (int d : shape)
        n *= static_cast<std::size_t>(d < 0 ? 0 : d);
    return n;
}

std::string shapeToString(const Shape &shape)
{
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + ")";
}

Tensor::Tensor(std::shared_ptr<Buffer> buffer, Shape shape, std::size_t offset)
    : m_buffer(std::move(buffer)), m_shape(std::move(shape)), m_offset(offset), m_size(elementCount(m_shape))
{
    for (int d : m_shape)
        if (d < 0)
            throw Error("tensor shape " + shapeToString(m_shape) + " has a negative dimension");
    if (m_buffer && m_offset + m_size > m_buffer->size())
        throw Error("tensor view " + shapeToString(m_shape) + " at offset " + std::to_string(m_offset)
            + " does not fit in a buffer of " + std::to_string(m_buffer->size()) + " floats");
}

Tensor Tensor::reshaped(Shape shape) const
{
    if (elementCount(shape) > m_size)
        throw Error("cannot view " + shapeToString(m_shape) + " as the larger " + shapeToString(shape));
    return Tensor(m_buffer, std::move(shape), m_offset);
}

std::size_t Tensor::rowSize() const
{
    return m_shape.empty() || m_shape[0] == 0 ? 0 : m_size / m_shape[0];
}

Tensor Tensor::rows(int first, int count) const
{
    if (m_shape.empty() || first < 0 || count < 0 || first + count > m_shape[0])
        throw Error("rows [" + std::to_string(first) + ", " + std::to_string(first + count) + ") out of "
            + shapeToString(m_shape));
    Shape s = m_shape;
    s[0] = count;
    return Tensor(m_buffer, std::move(s), m_offset + static_cast<std::size_t>(first) * rowSize());
}

} // namespace ds
