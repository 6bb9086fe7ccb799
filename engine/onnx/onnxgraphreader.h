// The parts of an ONNX graph the importer reads: its nodes without the Constant ones, its
// constants (initializers and Constant nodes) as checked float or integer arrays, its one input
// and outputs, and node attributes with ONNX's defaults. Everything read from the file is checked
// here (sizes against dims, external data, types), so the importer works on sound values.
#pragma once

#include "tensor.h"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ds::onnx {

struct Constant {
    std::vector<std::int64_t> dims;
    std::vector<float> values; // float tensors
    std::vector<std::int64_t> ints; // integer tensors
};

class GraphReader {
public:
    // `height` and `width` (when positive) size an image input whose height or width the file
    // leaves open (PyTorch's dynamic axes); a fixed size in the file stays as it is.
    explicit GraphReader(const ::onnx::GraphProto &graph, int height = 0, int width = 0);

    const std::vector<::onnx::NodeProto> &nodes() const { return m_nodes; }
    const std::string &inputName() const { return m_input; }
    // One row's shape: the input's dimensions after the batch.
    const Shape &inputShape() const { return m_inputShape; }
    bool isGraphOutput(const std::string &name) const;
    // The one output (throws when the graph has several).
    const std::string &outputName() const;
    std::size_t floatCount() const; // of all float constants
    bool isConstant(const std::string &name) const { return m_constants.count(name) > 0; }

    // Throws ds::Error when `name` is not a constant of the right kind.
    const Constant &constant(const std::string &name) const;
    const std::vector<float> &floats(const std::string &name) const;
    std::vector<std::int64_t> ints(const std::string &name) const;

private:
    std::vector<::onnx::NodeProto> m_nodes;
    std::map<std::string, Constant> m_constants;
    std::vector<std::string> m_outputs;
    std::string m_input;
    Shape m_inputShape;
};

std::int64_t intAttribute(const ::onnx::NodeProto &n, const std::string &name, std::int64_t fallback);
float floatAttribute(const ::onnx::NodeProto &n, const std::string &name, float fallback);
std::vector<std::int64_t> intsAttribute(const ::onnx::NodeProto &n, const std::string &name);
std::string stringAttribute(const ::onnx::NodeProto &n, const std::string &name, const std::string &fallback);

} // namespace ds::onnx
