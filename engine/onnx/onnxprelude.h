// The prelude as metadata text, readable by a person and by the importer:
//   deepscope.input_features  "x1 x2 x1*x1/36 x2*x2/36 x1*x2/36 sin(x1) sin(x2)"
//   deepscope.mean / deepscope.stddev  "0.1307 ..." (one number per channel)
#pragma once

#include "onnxmodel.h"

#include <map>
#include <string>

namespace ds::onnx {

constexpr const char *kFeaturesKey = "deepscope.input_features";
constexpr const char *kMeanKey = "deepscope.mean";
constexpr const char *kStddevKey = "deepscope.stddev";

// Adds the prelude's keys to `metadata` (none for an empty prelude).
void writePreludeMetadata(const InputPrelude &prelude, std::map<std::string, std::string> &metadata);
// Reads them back; throws ds::Error for text that is not a prelude.
InputPrelude readPreludeMetadata(const std::map<std::string, std::string> &metadata);

} // namespace ds::onnx
