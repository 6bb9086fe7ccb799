// `deepscope inspect MODEL.onnx [--batch N]`: what an ONNX model is, without a window or a data
// set: its input and output, every layer with the layers it reads, its output shape and
// parameters, the totals, the arithmetic of one image and the memory to run and to train it, the
// preprocessing and metadata the file carries. A model the engine cannot build says why in one line.
#pragma once

#include <string>
#include <vector>

namespace ds::app {

int runInspect(const std::vector<std::string> &args);

} // namespace ds::app
