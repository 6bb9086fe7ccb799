// Residual: a skip connection in a chain, y = x + s, where s is the input of the layer `span`
// layers back. It is an Add of two tensors (ModelSpec::inputsOf names them: the layer before it
// and the start of the block it spans), kept as its own kind for the files and the layer editor.
#pragma once

#include "joinlayers.h"

namespace ds {

class Residual : public Add {
public:
    Residual(Backend &backend, int span) : Add(backend), m_span(span) { }
    LayerKind kind() const override { return LayerKind::Residual; }
    std::string describe() const override { return "residual over " + std::to_string(m_span) + " layers"; }
    int span() const { return m_span; }

private:
    int m_span;
};

} // namespace ds
