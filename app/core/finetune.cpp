#include "finetune.h"

#include "backends.h"
#include "error.h"
#include "network.h"

#include <algorithm>

namespace ds::app {

std::optional<HeadReplacement> replaceHead(onnx::OnnxModel &model, int classes, std::uint64_t seed)
{
    const std::vector<LayerSpec> &layers = model.spec.layers;
    // The head: the last layer with weights, which must be dense (a softmax, dropout or
    // activation may follow it).
    int head = -1;
    for (int i = int(layers.size()) - 1; i >= 0 && head < 0; --i) {
        const LayerKind k = layers[std::size_t(i)].kind;
        if (k == LayerKind::Dense)
            head = i;
        else if (k == LayerKind::Conv2D || k == LayerKind::BatchNorm)
            break;
    }
    if (head < 0)
        throw Error("its last layer with weights is not a dense layer, so it has no head to replace for "
            + std::to_string(classes) + " classes");
    if (layers[std::size_t(head)].units == classes)
        return std::nullopt;
    HeadReplacement r;
    r.oldClasses = layers[std::size_t(head)].units;
    ModelSpec spec = model.spec;
    spec.layers[std::size_t(head)].units = classes;
    for (int i = 0; i < head; ++i) {
        LayerSpec &l = spec.layers[std::size_t(i)];
        if ((l.kind == LayerKind::Dense || l.kind == LayerKind::Conv2D || l.kind == LayerKind::BatchNorm) && !l.frozen) {
            l.frozen = true;
            ++r.frozenLayers;
        }
    }
    spec.validate();
    // Fresh weights for the new shape, then every weight before the head copied back: the layers
    // before it are the same, so their parameters are the same prefix of the buffer.
    auto cpu = createBackend("cpu");
    const Network fresh(spec, *cpu, seed);
    std::vector<float> parameters = fresh.parametersToHost();
    const std::size_t kept = fresh.parameterOffset(head);
    if (model.parameters.size() < kept)
        throw Error("the model's parameters do not fit its layers");
    std::copy(model.parameters.begin(), model.parameters.begin() + std::ptrdiff_t(kept), parameters.begin());
    model.spec = std::move(spec);
    model.parameters = std::move(parameters);
    return r;
}

} // namespace ds::app
