// What travels with a network in an ONNX file besides its layers: the steps before the network
// that turn a user's raw input into what the network was trained on (the Points mode's input
// features, the Images mode's per-channel normalization), and free-form metadata. Plain values,
// shared by the exporter and the importer.
#pragma once

#include "modelspec.h"

#include <map>
#include <string>
#include <vector>

namespace ds::onnx {

// One input feature of a 2-D point (x1, x2): a coordinate, a product of two coordinates divided
// by a constant (X1² is Product(0, 0) / 36), or the sine of a coordinate.
struct PointFeature {
    enum class Op { Coordinate, Product, Sine };
    Op op = Op::Coordinate;
    int a = 0, b = 0; // coordinate indices, 0 or 1 (b: Product only)
    float divisor = 1.0f; // Product only
    bool operator==(const PointFeature &) const = default;
};

// Applied to the raw input in the exported graph, before the first layer.
struct InputPrelude {
    // The Points mode: the graph's input is the raw point (N, 2) and these make the network's
    // input columns, in order. Empty: the graph's input is the network's input.
    std::vector<PointFeature> pointFeatures;
    // The Images mode: (x - mean[c]) / stddev[c] per channel, on images with values in [0, 1].
    // Empty: none.
    std::vector<float> mean, stddev;
    bool operator==(const InputPrelude &) const = default;
};

// A network with its trained parameters in the engine's layout (Network::parametersToHost),
// the prelude and metadata: what an export writes and an import reads back.
struct OnnxModel {
    ModelSpec spec;
    std::vector<float> parameters;
    InputPrelude prelude;
    std::map<std::string, std::string> metadata; // "deepscope.output" → what the output means, ...
};

// How many floats Network::parametersToHost gives for a valid spec: the trainable parameters and
// batch norm's running statistics.
std::size_t parameterBufferSize(const ModelSpec &spec);

} // namespace ds::onnx
