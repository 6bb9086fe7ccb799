#include "makelayer.h"

#include "activationlayers.h"
#include "batchnorm.h"
#include "conv2d.h"
#include "dense.h"
#include "error.h"
#include "flatten.h"
#include "joinlayers.h"
#include "pool2d.h"
#include "residual.h"

namespace ds {

std::unique_ptr<Layer> makeLayer(const LayerSpec &spec, const Shape &input, Backend &backend, std::uint64_t seed)
{
    switch (spec.kind) {
    case LayerKind::Dense: return std::make_unique<Dense>(backend, static_cast<int>(elementCount(input)), spec.units);
    case LayerKind::Activation: return std::make_unique<Activation>(backend, spec.activation);
    case LayerKind::Softmax: return std::make_unique<Softmax>(backend);
    case LayerKind::Dropout: return std::make_unique<Dropout>(backend, spec.rate, seed);
    case LayerKind::Conv2D:
        return std::make_unique<Conv2D>(
            backend, input, spec.units, spec.kernel, spec.stride, spec.padding, spec.dilation, spec.groups);
    case LayerKind::MaxPool2D:
    case LayerKind::AvgPool2D:
        return std::make_unique<Pool2D>(
            backend, spec.kind, input, spec.kernel, spec.stride, spec.padding, spec.ceilMode);
    case LayerKind::GlobalAvgPool: return Pool2D::global(backend, input);
    case LayerKind::Flatten: return std::make_unique<Flatten>(backend);
    case LayerKind::BatchNorm: return std::make_unique<BatchNorm>(backend, input);
    case LayerKind::Residual: return std::make_unique<Residual>(backend, spec.units);
    case LayerKind::Add: return std::make_unique<Add>(backend);
    case LayerKind::Concat: return std::make_unique<Concat>(backend);
    case LayerKind::Mul: return std::make_unique<Mul>(backend);
    }
    throw Error("unknown layer kind");
}

} // namespace ds
