// The network a worker trains as the model an export writes (ONNX, the PyTorch script): its
// spec and weights, what comes before it (the Points features, the images' normalization) and
// what its input and output mean, in the metadata. Called on the worker's thread, which owns the
// network.
#pragma once

#include "imagesession.h"
#include "network.h"
#include "onnxmodel.h"
#include "playgroundconfig.h"

namespace ds::app {

onnx::OnnxModel pointsModel(const PlaygroundConfig &config, const Network &network);
onnx::OnnxModel imagesModel(ImageSession &session);

} // namespace ds::app
