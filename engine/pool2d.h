// Pool2D: max or average pooling over square windows of NCHW images, and global average pooling
// (one window the size of the whole map, which leaves one value per channel). No parameters.
#pragma once

#include "layer.h"

namespace ds {

class Pool2D : public Layer {
public:
    // input: one image's (channels, height, width).
    Pool2D(Backend &backend, LayerKind kind, const Shape &input, int window, int stride, int padding,
        bool ceilMode = false);
    // Global average pooling over the whole map.
    static std::unique_ptr<Pool2D> global(Backend &backend, const Shape &input);

    LayerKind kind() const override { return m_kind; }
    std::string describe() const override;
    Shape outputShape(const Shape &input) const override;
    void forward(const Tensor &x, const Tensor &y, bool training) override;
    void backward(const Tensor &x, const Tensor &y, const Tensor &dy, const Tensor *dx) override;
    PoolShape geometry(int n) const;

private:
    Pool2D(Backend &backend, LayerKind kind, const Shape &input, int windowH, int windowW, int stride, int padding,
        bool ceilMode);

    LayerKind m_kind;
    PoolShape m_shape;
};

} // namespace ds
