#include "onnxgraphreader.h"

#include "error.h"
#include "modelspec.h"

#include <cstring>

namespace ds::onnx {
namespace {

using ::onnx::TensorProto;

// A tensor's values, checked against its dims: a damaged file must not make us read past its
// data or allocate what its dims claim before they are checked against ModelSpec's limits.
Constant readTensor(const TensorProto &t)
{
    if (t.data_location() == TensorProto::EXTERNAL)
        throw Error("tensor '" + t.name() + "' keeps its data in another file; save the model as one file");
    Constant c;
    std::size_t count = 1;
    for (std::int64_t d : t.dims()) {
        if (d < 0 || d > std::int64_t(ModelSpec::kMaxParameters))
            throw Error("tensor '" + t.name() + "' has a dimension of " + std::to_string(d));
        c.dims.push_back(d);
        count *= std::size_t(d);
        if (count > ModelSpec::kMaxParameters)
            throw Error("tensor '" + t.name() + "' is larger than Deepscope's networks ("
                + std::to_string(ModelSpec::kMaxParameters) + " values)");
    }
    auto mismatch = [&](std::size_t have) {
        return Error(
            "tensor '" + t.name() + "' holds " + std::to_string(have) + " values for dims of " + std::to_string(count));
    };
    const std::string &raw = t.raw_data();
    switch (t.data_type()) {
    case TensorProto::FLOAT:
        if (!raw.empty()) {
            if (raw.size() != count * sizeof(float))
                throw mismatch(raw.size() / sizeof(float));
            const auto *first = reinterpret_cast<const float *>(raw.data()); // little-endian, as ONNX's
            c.values.assign(first, first + count);
        } else {
            if (std::size_t(t.float_data_size()) != count)
                throw mismatch(std::size_t(t.float_data_size()));
            c.values.assign(t.float_data().begin(), t.float_data().end());
        }
        break;
    case TensorProto::INT64:
        if (!raw.empty()) {
            if (raw.size() != count * sizeof(std::int64_t))
                throw mismatch(raw.size() / sizeof(std::int64_t));
            c.ints.resize(count);
            std::memcpy(c.ints.data(), raw.data(), raw.size());
        } else {
            if (std::size_t(t.int64_data_size()) != count)
                throw mismatch(std::size_t(t.int64_data_size()));
            c.ints.assign(t.int64_data().begin(), t.int64_data().end());
        }
        break;
    default:
        throw Error("tensor '" + t.name() + "' is of ONNX type " + std::to_string(t.data_type())
            + "; Deepscope reads float weights (and int64 shapes)");
    }
    return c;
}

const ::onnx::AttributeProto *findAttribute(const ::onnx::NodeProto &n, const std::string &name)
{
    for (const auto &a : n.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

} // namespace

GraphReader::GraphReader(const ::onnx::GraphProto &graph, int height, int width)
{
    for (const TensorProto &t : graph.initializer())
        m_constants[t.name()] = readTensor(t);
    for (const ::onnx::NodeProto &n : graph.node()) {
        // Every node writes something: the importer reads output(0) of any node it looks at.
        if (n.output_size() < 1 || n.output(0).empty())
            throw Error("node '" + n.name() + "' (" + n.op_type() + ") has no output");
        // PyTorch's exporter shares equal weights (two zero biases, fresh batch norms) through
        // Identity nodes of one initializer: those are the constant again.
        if (n.op_type() == "Identity" && n.input_size() == 1 && m_constants.count(n.input(0))) {
            const Constant copy = m_constants.at(n.input(0));
            m_constants[n.output(0)] = copy;
            continue;
        }
        if (n.op_type() != "Constant") {
            m_nodes.push_back(n);
            continue;
        }
        const auto *value = findAttribute(n, "value");
        if (!value || !value->has_t() || n.output_size() != 1)
            throw Error("Constant node '" + n.name() + "' is supported with a tensor 'value' only");
        m_constants[n.output(0)] = readTensor(value->t());
    }
    for (const auto &o : graph.output())
        m_outputs.push_back(o.name());

    // The one input that is not a constant (older exporters list the initializers as inputs too).
    for (const auto &in : graph.input()) {
        if (m_constants.count(in.name()))
            continue;
        if (!m_input.empty())
            throw Error("the model has more than one input ('" + m_input + "', '" + in.name() + "')");
        m_input = in.name();
        const auto &type = in.type();
        if (!type.has_tensor_type() || type.tensor_type().elem_type() != TensorProto::FLOAT)
            throw Error("the model's input '" + in.name() + "' is not a float tensor");
        const auto &dims = type.tensor_type().shape().dim();
        if (dims.size() < 2)
            throw Error("the model's input '" + in.name() + "' needs a batch dimension and a row shape");
        for (int i = 1; i < dims.size(); ++i) {
            std::int64_t d = dims[i].has_dim_value() ? dims[i].dim_value() : 0;
            // An image's height and width (N, C, H, W) may be left open: the size asked for.
            const bool spatial = dims.size() == 4 && i >= 2;
            const int asked = i == 2 ? height : width;
            if (d <= 0 && spatial && asked > 0)
                d = asked;
            if (d <= 0 && spatial)
                throw Error("the model's input '" + in.name() + "' takes pictures of any " + (i == 2 ? "height" : "width")
                    + ": give it a size (deepscope inspect MODEL --size 224x224; the Model mode asks)");
            if (d <= 0 || d > std::int64_t(ModelSpec::kMaxInputSize))
                throw Error(
                    "the model's input '" + in.name() + "' has no fixed size in dimension " + std::to_string(i));
            m_inputShape.push_back(int(d));
        }
    }
    if (m_input.empty())
        throw Error("the model has no input");
}

std::size_t GraphReader::floatCount() const
{
    std::size_t n = 0;
    for (const auto &[name, c] : m_constants)
        n += c.values.size();
    return n;
}

const std::string &GraphReader::outputName() const
{
    if (m_outputs.size() != 1)
        throw Error("the model has " + std::to_string(m_outputs.size()) + " outputs; Deepscope reads models with one");
    return m_outputs[0];
}

bool GraphReader::isGraphOutput(const std::string &name) const
{
    return m_outputs.size() == 1 && m_outputs[0] == name;
}

const Constant &GraphReader::constant(const std::string &name) const
{
    const auto it = m_constants.find(name);
    if (it == m_constants.end())
        throw Error("'" + name + "' is not a constant: Deepscope reads weights stored in the model");
    return it->second;
}

const std::vector<float> &GraphReader::floats(const std::string &name) const
{
    const Constant &c = constant(name);
    if (c.values.empty() && !c.ints.empty())
        throw Error("'" + name + "' holds integers where floats belong");
    return c.values;
}

std::vector<std::int64_t> GraphReader::ints(const std::string &name) const
{
    return constant(name).ints;
}

std::int64_t intAttribute(const ::onnx::NodeProto &n, const std::string &name, std::int64_t fallback)
{
    const auto *a = findAttribute(n, name);
    return a ? a->i() : fallback;
}

float floatAttribute(const ::onnx::NodeProto &n, const std::string &name, float fallback)
{
    const auto *a = findAttribute(n, name);
    return a ? a->f() : fallback;
}

std::vector<std::int64_t> intsAttribute(const ::onnx::NodeProto &n, const std::string &name)
{
    const auto *a = findAttribute(n, name);
    return a ? std::vector<std::int64_t>(a->ints().begin(), a->ints().end()) : std::vector<std::int64_t> {};
}

std::string stringAttribute(const ::onnx::NodeProto &n, const std::string &name, const std::string &fallback)
{
    const auto *a = findAttribute(n, name);
    return a ? a->s() : fallback;
}

} // namespace ds::onnx
