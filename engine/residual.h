// Residual: a skip connection, y = x + s, where s is the input of the layer `span` layers back
// (the Network hands it over before each forward). Backward passes dy straight through to dx; the
// Network adds the same dy to the gradient of s, where the skipped block began.
#pragma once

#include "layer.h"

namespace ds {

class Residual : public Layer {
public:
    Residual(Backend &backend, int span) : Layer(backend), m_span(span) { }
    LayerKind kind() const override { return LayerKind::Residual; }
    std::string describe() const override { return "residual over " + std::to_string(m_span) + " layers"; }
    int span() const { return m_span; }

    // What forward adds: a view of the skipped block's input for the same rows.
    void setSkip(const Tensor &skip) { m_skip = &skip; }

    void forward(const Tensor &x, const Tensor &y, bool) override
    {
        m_backend.copy(x, y);
        m_backend.addRowVector(y, *m_skip); // one "row" of the whole batch: y += s element by element
    }
    void backward(const Tensor &, const Tensor &, const Tensor &dy, const Tensor *dx) override
    {
        if (dx)
            m_backend.copy(dy, *dx);
    }

private:
    int m_span;
    const Tensor *m_skip = nullptr;
};

} // namespace ds
