// makeLayer: the one place that turns a LayerSpec into a Layer (an explicit switch; no
// self-registration). `input` is the shape of one input row; `seed` feeds layers with randomness.
#pragma once

#include "layer.h"
#include "modelspec.h"

#include <cstdint>
#include <memory>

namespace ds {

std::unique_ptr<Layer> makeLayer(const LayerSpec &spec, const Shape &input, Backend &backend, std::uint64_t seed);

} // namespace ds
