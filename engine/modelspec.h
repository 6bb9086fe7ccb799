// ModelSpec: a plain value that describes a network — what the UI edits, files store, and a
// Network is built from. validationError() says, in words a person can act on, why a spec cannot
// be built (no layers, 0 neurons, a loss that does not fit the output, absurd sizes); a Network
// refuses an invalid spec with that message.
#pragma once

#include "kinds.h"
#include "layer.h"
#include "tensor.h"

#include <cstddef>
#include <string>
#include <vector>

namespace ds {

struct LayerSpec {
    LayerKind kind = LayerKind::Dense;
    int units = 0; // Dense: neurons
    ActivationKind activation = ActivationKind::Linear; // Activation
    float rate = 0.0f; // Dropout: probability of dropping

    static LayerSpec dense(int units) { return {LayerKind::Dense, units, ActivationKind::Linear, 0.0f}; }
    static LayerSpec act(ActivationKind a) { return {LayerKind::Activation, 0, a, 0.0f}; }
    static LayerSpec softmax() { return {LayerKind::Softmax, 0, ActivationKind::Linear, 0.0f}; }
    static LayerSpec dropout(float rate) { return {LayerKind::Dropout, 0, ActivationKind::Linear, rate}; }
    bool operator==(const LayerSpec &) const = default;
};

struct ModelSpec {
    Shape input; // one input row, e.g. {7}
    std::vector<LayerSpec> layers;
    LossKind loss = LossKind::MeanSquaredError;
    InitKind init = InitKind::Xavier;
    bool operator==(const ModelSpec &) const = default;

    // Limits that keep a typo from asking for gigabytes.
    static constexpr int kMaxUnits = 65536;
    static constexpr std::size_t kMaxParameters = 64u << 20;
    static constexpr std::size_t kMaxInputSize = 16u << 20;

    // "" when the spec can be built, else the first problem found.
    std::string validationError() const;
    // Throws ds::Error(validationError()) when there is a problem.
    void validate() const;
    // Output shape (one row) of every layer; requires a valid spec.
    std::vector<Shape> layerShapes() const;
    Shape outputShape() const;
    std::size_t parameterCount() const;
    // The loss reads the logits before the last layer (sigmoid or softmax) for the cross-entropies.
    bool lossTakesLogits() const { return loss != LossKind::MeanSquaredError; }

    // A multilayer perceptron: Dense + activation per hidden layer (`activations` holds one per
    // hidden layer, or a single one for all), then a Dense output layer and the head the loss
    // needs: sigmoid for binary cross-entropy, softmax for softmax cross-entropy, else
    // `outputActivation` (tanh as in TensorFlow Playground, or linear for regression).
    static ModelSpec mlp(int inputs, const std::vector<int> &hidden, const std::vector<ActivationKind> &activations,
        int outputs, LossKind loss, ActivationKind outputActivation = ActivationKind::Linear);
};

} // namespace ds
