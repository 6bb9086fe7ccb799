// ONNX export: a network and its trained parameters as an ONNX model (opset 13), built with the
// ONNX library's own protobuf classes and passed through its checker. Batch norm is written in
// its inference form (running statistics), dropout is left out, and the prelude (input features
// or normalization) becomes the first nodes, so the model takes the raw input a user has.
#pragma once

#include "onnxmodel.h"

#include <string>

namespace ds::onnx {

constexpr int kOpset = 13;
constexpr const char *kInputName = "input";
constexpr const char *kOutputName = "output";
// Nodes of the prelude carry this prefix in their names, so that an import can tell them from
// the network.
constexpr const char *kPreludePrefix = "prelude/";
// A linear activation layer is an Identity node named "layerN/linear", so that it reads back as a
// layer (other frameworks' Identity nodes are not layers).
constexpr const char *kLinearSuffix = "/linear";
// The Flatten a dense layer or a global pool needs in ONNX, "layerN/flatten": not a layer of its
// own (other frameworks' Flatten nodes are read as Flatten layers).
constexpr const char *kFlattenSuffix = "/flatten";
// The zero padding before a padded average pool, "layerN/pad".
constexpr const char *kPadSuffix = "/pad";

// The serialized model. Throws ds::Error when the spec is invalid, the parameters do not fit it,
// or the checker rejects the result (a bug: its message is included).
std::string exportOnnx(const OnnxModel &model, const std::string &graphName = "deepscope");

} // namespace ds::onnx
