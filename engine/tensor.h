// Tensor: a shape and a view of float storage on one device. Storage is a Buffer allocated by a
// Backend and shared by every view of it, so a network's parameters can be one buffer that each
// layer sees a slice of. Row-major; images are (N, C, H, W), feature rows are (N, F).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace ds {

enum class Device { Cpu, Cuda };

using Shape = std::vector<int>;

std::size_t elementCount(const Shape &shape);
std::string shapeToString(const Shape &shape); // "(N, C, H, W)" style: "(10, 8)"

// Device memory for `size` floats. The allocating backend frees it in the destructor.
class Buffer {
public:
    Buffer(float *data, std::size_t size, Device device) : m_data(data), m_size(size), m_device(device) { }
    virtual ~Buffer() = default;
    Buffer(const Buffer &) = delete;
    Buffer &operator=(const Buffer &) = delete;

    float *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    Device device() const { return m_device; }

private:
    float *m_data;
    std::size_t m_size;
    Device m_device;
};

class Tensor {
public:
    Tensor() = default;
    // A view of `elementCount(shape)` floats of `buffer` starting at `offset`. Throws ds::Error
    // when the view does not fit in the buffer.
    Tensor(std::shared_ptr<Buffer> buffer, Shape shape, std::size_t offset = 0);

    bool isNull() const { return !m_buffer; }
    const Shape &shape() const { return m_shape; }
    int dim(int i) const { return m_shape.at(static_cast<std::size_t>(i)); }
    int rank() const { return static_cast<int>(m_shape.size()); }
    std::size_t size() const { return m_size; }
    Device device() const { return m_buffer ? m_buffer->device() : Device::Cpu; }

    float *data() const { return m_buffer ? m_buffer->data() + m_offset : nullptr; }
    const std::shared_ptr<Buffer> &buffer() const { return m_buffer; }
    std::size_t offset() const { return m_offset; }

    // The same storage seen with another shape of at most as many elements.
    Tensor reshaped(Shape shape) const;
    // Rows [first, first + count) of the leading dimension.
    Tensor rows(int first, int count) const;
    // Elements per row of the leading dimension (the product of the other dimensions).
    std::size_t rowSize() const;

private:
    std::shared_ptr<Buffer> m_buffer;
    Shape m_shape;
    std::size_t m_offset = 0;
    std::size_t m_size = 0;
};

} // namespace ds
