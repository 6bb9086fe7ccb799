#include "onnxexport.h"

#include "onnxprelude.h"

#include "engineinfo.h"
#include "error.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <numbers>

namespace ds::onnx {
namespace {

using ::onnx::GraphProto;
using ::onnx::NodeProto;
using ::onnx::TensorProto;

// Builds the graph node by node: each layer reads the tensor the last one wrote.
class GraphWriter {
public:
    explicit GraphWriter(GraphProto &graph) : m_graph(graph) { }

    // A float initializer named `name` of shape `dims`.
    std::string constant(const std::string &name, const std::vector<std::int64_t> &dims, const float *data)
    {
        TensorProto &t = *m_graph.add_initializer();
        t.set_name(name);
        t.set_data_type(TensorProto::FLOAT);
        std::size_t n = 1;
        for (std::int64_t d : dims) {
            t.add_dims(d);
            n *= std::size_t(d);
        }
        // ONNX's raw data is little-endian, as is every machine we build for.
        t.set_raw_data(std::string(reinterpret_cast<const char *>(data), n * sizeof(float)));
        return name;
    }
    std::string scalar(const std::string &name, float v) { return constant(name, {}, &v); }
    std::string integers(const std::string &name, const std::vector<std::int64_t> &values)
    {
        TensorProto &t = *m_graph.add_initializer();
        t.set_name(name);
        t.set_data_type(TensorProto::INT64);
        t.add_dims(std::int64_t(values.size()));
        for (std::int64_t v : values)
            t.add_int64_data(v);
        return name;
    }

    NodeProto &node(const std::string &op, const std::string &name, const std::vector<std::string> &inputs)
    {
        NodeProto &n = *m_graph.add_node();
        n.set_op_type(op);
        n.set_name(name);
        for (const std::string &i : inputs)
            n.add_input(i);
        n.add_output(name + ":0");
        return n;
    }
    // The usual case: one node that reads `from` (and constants) and returns what it writes.
    std::string apply(const std::string &op, const std::string &name, const std::vector<std::string> &inputs)
    {
        return node(op, name, inputs).output(0);
    }

    static void attr(NodeProto &n, const std::string &name, std::int64_t v)
    {
        auto &a = *n.add_attribute();
        a.set_name(name);
        a.set_type(::onnx::AttributeProto::INT);
        a.set_i(v);
    }
    static void attr(NodeProto &n, const std::string &name, float v)
    {
        auto &a = *n.add_attribute();
        a.set_name(name);
        a.set_type(::onnx::AttributeProto::FLOAT);
        a.set_f(v);
    }
    static void attr(NodeProto &n, const std::string &name, const std::vector<std::int64_t> &v)
    {
        auto &a = *n.add_attribute();
        a.set_name(name);
        a.set_type(::onnx::AttributeProto::INTS);
        for (std::int64_t x : v)
            a.add_ints(x);
    }

private:
    GraphProto &m_graph;
};

void declareValue(::onnx::ValueInfoProto &v, const std::string &name, const Shape &row)
{
    v.set_name(name);
    auto &tensor = *v.mutable_type()->mutable_tensor_type();
    tensor.set_elem_type(TensorProto::FLOAT);
    auto &shape = *tensor.mutable_shape();
    shape.add_dim()->set_dim_param("N");
    for (int d : row)
        shape.add_dim()->set_dim_value(d);
}

// The Points features: columns picked from the raw point with Gemm (exact: 1 * x + 0 * y), then
// products, divisions and sines as the data set computes them, concatenated.
std::string writePointFeatures(GraphWriter &g, const std::vector<PointFeature> &features, const std::string &input)
{
    const std::string p = kPreludePrefix;
    std::string coordinate[2];
    for (int c = 0; c < 2; ++c) {
        const float pick[2] = {c == 0 ? 1.0f : 0.0f, c == 1 ? 1.0f : 0.0f};
        const std::string name = p + "x" + std::to_string(c + 1);
        coordinate[c] = g.apply("MatMul", name, {input, g.constant(name + "/pick", {2, 1}, pick)});
    }
    std::vector<std::string> columns;
    for (std::size_t i = 0; i < features.size(); ++i) {
        const PointFeature &f = features[i];
        if (f.a < 0 || f.a > 1 || f.b < 0 || f.b > 1)
            throw Error("a point feature reads coordinate " + std::to_string(std::max(f.a, f.b) + 1) + " of 2");
        const std::string name = p + "feature" + std::to_string(i);
        switch (f.op) {
        case PointFeature::Op::Coordinate: columns.push_back(coordinate[f.a]); break;
        case PointFeature::Op::Sine: columns.push_back(g.apply("Sin", name, {coordinate[f.a]})); break;
        case PointFeature::Op::Product: {
            const std::string product = g.apply("Mul", name + "/product", {coordinate[f.a], coordinate[f.b]});
            columns.push_back(g.apply("Div", name, {product, g.scalar(name + "/divisor", f.divisor)}));
            break;
        }
        }
    }
    if (columns.empty())
        throw Error("the Points prelude needs at least one input feature");
    NodeProto &concat = g.node("Concat", p + "features", columns);
    GraphWriter::attr(concat, "axis", std::int64_t(1));
    return concat.output(0);
}

std::string writeNormalization(GraphWriter &g, const InputPrelude &prelude, const Shape &input, const std::string &x)
{
    const std::int64_t channels = std::int64_t(prelude.mean.size());
    if (prelude.stddev.size() != prelude.mean.size() || input.size() != 3 || input[0] != channels)
        throw Error(
            "normalization of " + std::to_string(channels) + " channels for an input of " + shapeToString(input));
    // The data set leaves a constant channel unscaled (stddev below 1e-6): so does the graph.
    // Written as batch normalization with variance stddev² and no epsilon, the per-channel form
    // every reader knows (OpenCV 4.6 broadcasts a (1, C, 1, 1) Sub or Div constant wrongly).
    std::vector<float> variance(prelude.stddev.size()), ones(variance.size(), 1.0f), zeros(variance.size(), 0.0f);
    for (std::size_t c = 0; c < variance.size(); ++c)
        variance[c] = prelude.stddev[c] < 1e-6f ? 1.0f : prelude.stddev[c] * prelude.stddev[c];
    const std::string p = std::string(kPreludePrefix) + "normalize";
    NodeProto &n = g.node("BatchNormalization", p,
        {x, g.constant(p + "/scale", {channels}, ones.data()), g.constant(p + "/bias", {channels}, zeros.data()),
            g.constant(p + "/mean", {channels}, prelude.mean.data()),
            g.constant(p + "/variance", {channels}, variance.data())});
    GraphWriter::attr(n, "epsilon", 0.0f);
    return n.output(0);
}

std::string writeActivation(GraphWriter &g, ActivationKind a, const std::string &name, const std::string &x)
{
    switch (a) {
    case ActivationKind::Relu: return g.apply("Relu", name, {x});
    case ActivationKind::Tanh: return g.apply("Tanh", name, {x});
    case ActivationKind::Sigmoid: return g.apply("Sigmoid", name, {x});
    case ActivationKind::Softplus: return g.apply("Softplus", name, {x});
    case ActivationKind::Linear: return g.apply("Identity", name + kLinearSuffix, {x});
    case ActivationKind::LeakyRelu: {
        NodeProto &n = g.node("LeakyRelu", name, {x});
        GraphWriter::attr(n, "alpha", kLeakyReluSlope);
        return n.output(0);
    }
    case ActivationKind::Elu: {
        NodeProto &n = g.node("Elu", name, {x});
        GraphWriter::attr(n, "alpha", kEluAlpha);
        return n.output(0);
    }
    case ActivationKind::Selu: {
        NodeProto &n = g.node("Selu", name, {x});
        GraphWriter::attr(n, "alpha", kSeluAlpha);
        GraphWriter::attr(n, "gamma", kSeluScale);
        return n.output(0);
    }
    case ActivationKind::Swish: // x * sigmoid(x): opset 13 has no Swish
        return g.apply("Mul", name, {x, g.apply("Sigmoid", name + "/sigmoid", {x})});
    case ActivationKind::Relu6: // Clip's bounds are inputs from opset 11 on
        return g.apply("Clip", name, {x, g.scalar(name + "/min", 0.0f), g.scalar(name + "/max", 6.0f)});
    case ActivationKind::HardSigmoid: {
        NodeProto &n = g.node("HardSigmoid", name, {x});
        GraphWriter::attr(n, "alpha", 1.0f / 6.0f);
        GraphWriter::attr(n, "beta", 0.5f);
        return n.output(0);
    }
    case ActivationKind::HardSwish: { // x * hardsigmoid(x), as PyTorch writes it before opset 14
        NodeProto &n = g.node("HardSigmoid", name + "/hardsigmoid", {x});
        GraphWriter::attr(n, "alpha", 1.0f / 6.0f);
        GraphWriter::attr(n, "beta", 0.5f);
        return g.apply("Mul", name, {x, n.output(0)});
    }
    case ActivationKind::Gelu: { // 0.5 x (1 + erf(x / sqrt 2)), as PyTorch writes it
        const std::string scaled
            = g.apply("Div", name + "/div", {x, g.scalar(name + "/sqrt2", std::numbers::sqrt2_v<float>)});
        const std::string erf = g.apply("Erf", name + "/erf", {scaled});
        const std::string plusOne = g.apply("Add", name + "/add", {erf, g.scalar(name + "/one", 1.0f)});
        const std::string times = g.apply("Mul", name + "/mul", {x, plusOne});
        return g.apply("Mul", name, {times, g.scalar(name + "/half", 0.5f)});
    }
    }
    throw Error("activation " + nameOf(a) + " has no ONNX form");
}

void setWindow(NodeProto &n, const LayerSpec &l, bool dilation)
{
    GraphWriter::attr(n, "kernel_shape", std::vector<std::int64_t> {l.kernel, l.kernel});
    GraphWriter::attr(n, "strides", std::vector<std::int64_t> {l.stride, l.stride});
    GraphWriter::attr(n, "pads", std::vector<std::int64_t>(4, l.padding));
    if (dilation)
        GraphWriter::attr(n, "dilations", std::vector<std::int64_t> {l.dilation, l.dilation});
}

} // namespace

std::size_t parameterBufferSize(const ModelSpec &spec)
{
    // Batch norm's running statistics live in the parameter buffer but are not trainable.
    std::size_t size = spec.parameterCount();
    const std::vector<Shape> shapes = spec.layerShapes();
    for (std::size_t i = 0; i < spec.layers.size(); ++i)
        if (spec.layers[i].kind == LayerKind::BatchNorm)
            size += 2 * std::size_t(shapes[i][0]);
    return size;
}

std::string exportOnnx(const OnnxModel &model, const std::string &graphName)
{
    const ModelSpec &spec = model.spec;
    spec.validate();
    if (model.parameters.size() != parameterBufferSize(spec))
        throw Error("export: " + std::to_string(model.parameters.size()) + " parameters for a network that holds "
            + std::to_string(parameterBufferSize(spec)));

    ::onnx::ModelProto proto;
    proto.set_ir_version(7); // the IR version of opset 13
    proto.set_producer_name("Deepscope");
    proto.set_producer_version(deepscopeVersion());
    proto.add_opset_import()->set_version(kOpset);
    std::map<std::string, std::string> metadata = model.metadata;
    writePreludeMetadata(model.prelude, metadata);
    for (const auto &[key, value] : metadata) {
        auto &entry = *proto.add_metadata_props();
        entry.set_key(key);
        entry.set_value(value);
    }
    GraphProto &graph = *proto.mutable_graph();
    graph.set_name(graphName);
    GraphWriter g(graph);

    const InputPrelude &prelude = model.prelude;
    std::string x = kInputName;
    if (!prelude.pointFeatures.empty()) {
        if (spec.input != Shape {int(prelude.pointFeatures.size())})
            throw Error("export: " + std::to_string(prelude.pointFeatures.size()) + " point features for an input of "
                + shapeToString(spec.input));
        declareValue(*graph.add_input(), kInputName, {2});
        x = writePointFeatures(g, prelude.pointFeatures, x);
    } else {
        declareValue(*graph.add_input(), kInputName, spec.input);
        if (!prelude.mean.empty())
            x = writeNormalization(g, prelude, spec.input, x);
    }

    const std::vector<Shape> shapes = spec.layerShapes();
    const float *p = model.parameters.data();
    const std::string networkInput = x;
    std::vector<std::string> outputs; // the value each layer wrote
    const auto valueOf = [&](int layer) { return layer < 0 ? networkInput : outputs[std::size_t(layer)]; };
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec &l = spec.layers[i];
        const std::vector<int> from = spec.inputsOf(i);
        x = valueOf(from[0]);
        const Shape &in = from[0] < 0 ? spec.input : shapes[std::size_t(from[0])];
        const std::string name = "layer" + std::to_string(i + 1);
        const std::int64_t units = l.units;
        switch (l.kind) {
        case LayerKind::Dense: {
            const std::int64_t inputs = std::int64_t(elementCount(in));
            if (in.size() != 1) { // a dense layer reads an image as its flattened row
                NodeProto &f = g.node("Flatten", name + kFlattenSuffix, {x});
                GraphWriter::attr(f, "axis", std::int64_t(1));
                x = f.output(0);
            }
            // Stored (units, inputs) with transB, as PyTorch's Linear writes it: readers know that
            // form best (OpenCV 4.6 reads no other).
            std::vector<float> transposed(std::size_t(inputs * units));
            for (std::int64_t r = 0; r < inputs; ++r)
                for (std::int64_t c = 0; c < units; ++c)
                    transposed[std::size_t(c * inputs + r)] = p[r * units + c];
            const std::string w = g.constant(name + ".weight", {units, inputs}, transposed.data());
            const std::string b = g.constant(name + ".bias", {units}, p + inputs * units);
            p += inputs * units + units;
            NodeProto &n = g.node("Gemm", name, {x, w, b});
            GraphWriter::attr(n, "transB", std::int64_t(1));
            x = n.output(0);
            break;
        }
        case LayerKind::Conv2D: {
            const std::int64_t channels = in[0] / l.groups, k = l.kernel, count = units * channels * k * k;
            const std::string w = g.constant(name + ".weight", {units, channels, k, k}, p);
            const std::string b = g.constant(name + ".bias", {units}, p + count);
            p += count + units;
            NodeProto &n = g.node("Conv", name, {x, w, b});
            setWindow(n, l, true);
            if (l.groups != 1)
                GraphWriter::attr(n, "group", std::int64_t(l.groups));
            x = n.output(0);
            break;
        }
        case LayerKind::MaxPool2D:
        case LayerKind::AvgPool2D: {
            const bool max = l.kind == LayerKind::MaxPool2D;
            LayerSpec window = l;
            if (!max && l.padding > 0) {
                // The engine divides by the whole window, padding included (PyTorch's default).
                // ONNX says so with count_include_pad, which OpenCV 4.6 ignores; zeros padded
                // first and an unpadded pool mean the same to every reader.
                const std::int64_t pad = l.padding;
                const std::vector<std::int64_t> pads {0, 0, pad, pad, 0, 0, pad, pad};
                x = g.apply("Pad", name + kPadSuffix, {x, g.integers(name + "/pads", pads)});
                window.padding = 0;
            }
            NodeProto &n = g.node(max ? "MaxPool" : "AveragePool", name, {x});
            setWindow(n, window, false);
            if (l.ceilMode) // after a Pad the clipped windows still divide by what PyTorch's do
                GraphWriter::attr(n, "ceil_mode", std::int64_t(1));
            x = n.output(0);
            break;
        }
        case LayerKind::GlobalAvgPool: {
            NodeProto &f = g.node("Flatten", name + kFlattenSuffix, {g.apply("GlobalAveragePool", name, {x})});
            GraphWriter::attr(f, "axis", std::int64_t(1));
            x = f.output(0);
            break;
        }
        case LayerKind::Flatten: {
            NodeProto &f = g.node("Flatten", name, {x});
            GraphWriter::attr(f, "axis", std::int64_t(1));
            x = f.output(0);
            break;
        }
        case LayerKind::BatchNorm: {
            const std::int64_t c = in[0];
            const std::string gamma = g.constant(name + ".weight", {c}, p),
                              beta = g.constant(name + ".bias", {c}, p + c);
            const std::string mean = g.constant(name + ".running_mean", {c}, p + 2 * c);
            const std::string var = g.constant(name + ".running_var", {c}, p + 3 * c);
            p += 4 * c;
            NodeProto &n = g.node("BatchNormalization", name, {x, gamma, beta, mean, var});
            GraphWriter::attr(n, "epsilon", NormShape {}.epsilon);
            x = n.output(0);
            break;
        }
        case LayerKind::Activation: x = writeActivation(g, l.activation, name, x); break;
        case LayerKind::Softmax: {
            NodeProto &n = g.node("Softmax", name, {x});
            GraphWriter::attr(n, "axis", std::int64_t(1));
            x = n.output(0);
            break;
        }
        case LayerKind::Dropout: break; // nothing at inference
        case LayerKind::Residual:
        case LayerKind::Add: // ONNX's Add takes two: a chain of them, in the engine's order
            for (std::size_t k = 1; k < from.size(); ++k)
                x = g.apply("Add", k + 1 == from.size() ? name : name + "/add" + std::to_string(k), {x, valueOf(from[k])});
            break;
        case LayerKind::Concat: {
            std::vector<std::string> parts;
            for (int k : from)
                parts.push_back(valueOf(k));
            NodeProto &n = g.node("Concat", name, parts);
            GraphWriter::attr(n, "axis", std::int64_t(1));
            x = n.output(0);
            break;
        }
        case LayerKind::Mul: {
            std::string factor = valueOf(from[1]);
            const Shape &second = from[1] < 0 ? spec.input : shapes[std::size_t(from[1])];
            if (second.size() == 1 && in.size() == 3) // one value per channel: (N, C) -> (N, C, 1, 1)
                factor = g.apply("Reshape", name + "/perchannel", {factor, g.integers(name + "/shape", {0, -1, 1, 1})});
            x = g.apply("Mul", name, {x, factor});
            break;
        }
        }
        outputs.push_back(x);
    }
    // The last node writes the graph's output under its public name.
    g.node("Identity", kOutputName, {x}).set_output(0, kOutputName);
    declareValue(*graph.add_output(), kOutputName, spec.outputShape());

    try {
        ::onnx::checker::check_model(proto);
    } catch (const std::exception &e) {
        throw Error(std::string("export: the ONNX checker rejects the model: ") + e.what());
    }
    std::string bytes;
    if (!proto.SerializeToString(&bytes))
        throw Error("export: the model does not serialize (over 2 GB?)");
    return bytes;
}

} // namespace ds::onnx
