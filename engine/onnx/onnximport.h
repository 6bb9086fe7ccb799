// ONNX import: a model that is a chain of the layers Deepscope has — ours read back, or one
// another framework wrote (PyTorch's Linear, Conv2d, pools, batch norm in inference form,
// dropout, flatten and the activations, GELU and SiLU in the forms PyTorch writes them). The
// parameters come back in the engine's layout; our own prelude and metadata are recognized.
#pragma once

#include "onnxmodel.h"

#include <string>
#include <string_view>

namespace ds::onnx {

// Throws ds::Error with one line naming what is not supported (an operator, an attribute, a
// shape) or what is damaged. The spec is valid; its loss follows its last layer: softmax
// cross-entropy after a softmax, binary cross-entropy after a sigmoid of one output, else mean
// squared error.
// How to read a file that leaves something open: the height and width of pictures for an
// input of any size (0: none given; the file's own size wins where it has one).
struct ImportOptions {
    int height = 0, width = 0;
};

// It reads the bytes in place (a large model is not copied first).
OnnxModel importOnnx(std::string_view bytes, const ImportOptions &options = {});

// A classifier as the Images mode trains it: a network that ends with logits of two or more
// classes (PyTorch's networks for CrossEntropyLoss do) gets a softmax and softmax cross-entropy.
// Returns whether it added one.
bool endWithSoftmax(OnnxModel &model);

} // namespace ds::onnx
