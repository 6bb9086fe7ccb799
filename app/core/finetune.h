// Fine-tuning an imported classifier on a data set with another number of classes (the lectures'
// "train on a big data set, then adapt to a small one"): its head, the last dense layer, is
// replaced by a fresh one with the data set's classes, and every layer with weights before it is
// frozen, so that training tunes the new head on top of what the network already computes.
#pragma once

#include "onnxmodel.h"

#include <cstdint>
#include <optional>

namespace ds::app {

struct HeadReplacement {
    int oldClasses = 0; // the replaced head's outputs
    int frozenLayers = 0; // layers with weights frozen before it (batch norm included: it keeps its statistics)
};

// Nothing when the model already gives `classes` outputs. Otherwise replaces the last dense
// layer's weights by fresh ones from `seed` (the spec's initializer) for `classes` outputs, keeps
// every weight before it, freezes the layers before it, and says what it did. Throws ds::Error,
// changing nothing, when the model does not end in a dense layer (then a softmax or other layers
// without weights).
std::optional<HeadReplacement> replaceHead(onnx::OnnxModel &model, int classes, std::uint64_t seed);

} // namespace ds::app
