#include "makelayer.h"

#include "activationlayers.h"
#include "dense.h"
#include "error.h"

namespace ds {

std::unique_ptr<Layer> makeLayer(const LayerSpec &spec, const Shape &input, Backend &backend, std::uint64_t seed)
{
    switch (spec.kind) {
    case LayerKind::Dense: return std::make_unique<Dense>(backend, static_cast<int>(elementCount(input)), spec.units);
    case LayerKind::Activation: return std::make_unique<Activation>(backend, spec.activation);
    case LayerKind::Softmax: return std::make_unique<Softmax>(backend);
    case LayerKind::Dropout: return std::make_unique<Dropout>(backend, spec.rate, seed);
    }
    throw Error("unknown layer kind");
}

} // namespace ds
