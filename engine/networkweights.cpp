// Network: one layer's weights as a value, and the in-place changes the playground makes (an
// activation, a dropout rate) — the parameter buffer's layout stays inside the engine.
#include "network.h"

#include "activationlayers.h"
#include "error.h"

#include <algorithm>
#include <cmath>

namespace ds {
namespace {

// Layer i's weight shape; empty for a layer without weights.
Shape weightShape(const ModelSpec &spec, const std::vector<Shape> &shapes, int i)
{
    const LayerSpec &l = spec.layers[std::size_t(i)];
    const int first = spec.inputsOf(std::size_t(i)).front();
    const Shape &in = first < 0 ? spec.input : shapes[std::size_t(first)];
    if (l.kind == LayerKind::Dense)
        return {int(elementCount(in)), l.units};
    if (l.kind == LayerKind::Conv2D)
        return {l.units, in[0] / l.groups, l.kernel, l.kernel};
    return {};
}

} // namespace

bool Network::hasWeights(int i) const
{
    const LayerKind k = layer(i).kind();
    return k == LayerKind::Dense || k == LayerKind::Conv2D;
}

LayerWeights Network::layerWeights(int i, const std::vector<float> &host) const
{
    if (!hasWeights(i))
        throw Error("layer " + std::to_string(i + 1) + " (" + layer(i).describe() + ") has no weights");
    if (host.size() != parameterCount())
        throw Error("layerWeights: a host copy of " + std::to_string(host.size()) + " parameters for a network of "
            + std::to_string(parameterCount()));
    LayerWeights w;
    w.shape = weightShape(m_spec, m_shapes, i);
    const std::size_t n = elementCount(w.shape), units = std::size_t(m_spec.layers[std::size_t(i)].units);
    const auto first = host.begin() + std::ptrdiff_t(parameterOffset(i));
    w.weights.assign(first, first + std::ptrdiff_t(n));
    w.bias.assign(first + std::ptrdiff_t(n), first + std::ptrdiff_t(n + units));
    return w;
}

void Network::setLayerWeights(int i, const LayerWeights &w)
{
    std::vector<float> host = parametersToHost();
    const LayerWeights now = layerWeights(i, host);
    if (w.shape != now.shape || w.weights.size() != now.weights.size() || w.bias.size() != now.bias.size())
        throw Error("layer " + std::to_string(i + 1) + " takes weights of shape " + shapeToString(now.shape));
    std::copy(w.weights.begin(), w.weights.end(), host.begin() + std::ptrdiff_t(parameterOffset(i)));
    std::copy(w.bias.begin(), w.bias.end(), host.begin() + std::ptrdiff_t(parameterOffset(i) + w.weights.size()));
    setParameters(host);
}

void Network::setActivation(int i, ActivationKind activation)
{
    auto *a = dynamic_cast<Activation *>(&layer(i));
    if (!a)
        throw Error("layer " + std::to_string(i + 1) + " is not an activation");
    a->setActivation(activation);
    m_spec.layers[std::size_t(i)].activation = activation;
}

void Network::setDropoutRate(int i, float rate)
{
    auto *d = dynamic_cast<Dropout *>(&layer(i));
    if (!d)
        throw Error("layer " + std::to_string(i + 1) + " is not dropout");
    if (!(rate >= 0.0f && rate < 1.0f))
        throw Error("a dropout rate must be at least 0 and below 1");
    d->setRate(rate);
    m_spec.layers[std::size_t(i)].rate = rate;
}

int Network::firstNonFiniteLayer() const
{
    const std::vector<float> host = parametersToHost();
    auto finite = [](const float *first, std::size_t n) {
        return std::all_of(first, first + n, [](float v) { return std::isfinite(v); });
    };
    for (int i = 0; i < layerCount(); ++i) {
        if (!finite(host.data() + parameterOffset(i), layer(i).paramCount()))
            return i;
        if (m_rows > 0) {
            const std::vector<float> out = m_backend.toHost(layerOutput(i));
            if (!finite(out.data(), out.size()))
                return i;
        }
    }
    return -1;
}

} // namespace ds
