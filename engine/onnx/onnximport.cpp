#include "onnximport.h"

#include "onnxexport.h"
#include "onnxgraphreader.h"
#include "onnxprelude.h"

#include "error.h"

#include <cmath>
#include <map>

namespace ds::onnx {
namespace {

using ::onnx::NodeProto;

// Reads the nodes after the prelude as a chain: every node takes the tensor the one before it
// wrote and adds at most one layer. Keeps the spec checked after every layer, so a shape that
// does not fit is named at the node that made it.
class ChainReader {
public:
    ChainReader(const GraphReader &graph, Shape input) : m_graph(graph)
    {
        m_spec.input = std::move(input);
        m_parameters.reserve(graph.floatCount()); // at most every float the file holds: one allocation
    }

    void read(std::size_t first)
    {
        const auto &nodes = m_graph.nodes();
        for (std::size_t i = first; i < nodes.size(); ++i)
            i += readNode(i) - 1;
        if (m_spec.layers.empty())
            throw Error("the model has no layers");
        if (!m_graph.isGraphOutput(m_current))
            throw Error("the model's output is not the end of its chain of layers");
    }

    OnnxModel result()
    {
        const LayerSpec &last = m_spec.layers.back();
        if (last.kind == LayerKind::Softmax)
            m_spec.loss = LossKind::SoftmaxCrossEntropy;
        else if (last.kind == LayerKind::Activation && last.activation == ActivationKind::Sigmoid
            && m_spec.outputShape() == Shape {1})
            m_spec.loss = LossKind::BinaryCrossEntropy;
        m_spec.validate();
        OnnxModel model;
        model.spec = std::move(m_spec);
        model.parameters = std::move(m_parameters);
        return model;
    }

    void setCurrent(std::string name) { moveTo(std::move(name)); }

private:
    const Shape &shape() const { return m_shapes.empty() ? m_spec.input : m_shapes.back(); }

    // The chain goes on from `name`; remembered as the input of the next layer, for a skip
    // connection that reaches back to it.
    void moveTo(std::string name)
    {
        m_current = std::move(name);
        m_layerInputs.emplace(m_current, m_spec.layers.size());
    }

    // An Add of the chain's tensor and a tensor the chain passed before: a skip connection over
    // the layers since then.
    bool readResidual(const NodeProto &n, const std::string &name)
    {
        if (n.op_type() != "Add" || n.input_size() != 2 || n.output_size() < 1)
            return false;
        const int chain = n.input(0) == m_current ? 0 : n.input(1) == m_current ? 1 : -1;
        if (chain < 0)
            return false;
        const auto from = m_layerInputs.find(n.input(1 - chain));
        if (from == m_layerInputs.end() || from->first == m_current)
            return false;
        add(LayerSpec::residual(int(m_spec.layers.size() - from->second)), name);
        moveTo(n.output(0));
        return true;
    }

    void add(const LayerSpec &l, const std::string &node)
    {
        m_spec.layers.push_back(l);
        const std::vector<LayerCheck> checks = m_spec.check();
        if (!checks.back().error.empty())
            throw Error("node '" + node + "': " + checks.back().error);
        m_shapes.push_back(checks.back().output);
    }
    void append(const std::vector<float> &values)
    {
        m_parameters.insert(m_parameters.end(), values.begin(), values.end());
    }

    // The nodes that follow `i` when they read what it wrote, for the multi-node activations.
    bool follows(std::size_t i, std::size_t count, const std::vector<std::string> &ops) const
    {
        const auto &nodes = m_graph.nodes();
        if (i + count > nodes.size())
            return false;
        for (std::size_t k = 0; k < count; ++k)
            if (nodes[i + k].op_type() != ops[k])
                return false;
        return true;
    }

    // How many nodes it used (at least 1).
    std::size_t readNode(std::size_t i)
    {
        const NodeProto &n = m_graph.nodes()[i];
        const std::string &op = n.op_type();
        const std::string name = n.name().empty() ? op : n.name();
        if (readResidual(n, name))
            return 1;
        if (n.input_size() == 0 || n.input(0) != m_current)
            throw Error("node '" + name + "' (" + op + ") does not read the layer before it: only chains of layers are "
                + "supported");
        if (n.output_size() < 1)
            throw Error("node '" + name + "' has no output");
        const std::string out = n.output(0);
        std::size_t used = 1;

        if (op == "Identity" && name.ends_with(kLinearSuffix)) {
            add(LayerSpec::act(ActivationKind::Linear), name);
        } else if (op == "Identity" || op == "Dropout") {
        } else if (op == "Flatten" || op == "Reshape") {
            readFlatten(n, name);
        } else if (op == "Gemm") {
            readGemm(n, name);
        } else if (op == "MatMul") {
            used = readMatMul(i, name);
        } else if (op == "Conv") {
            readConv(n, name);
        } else if (op == "MaxPool" || op == "AveragePool") {
            readPool(n, name, 0);
        } else if (op == "Pad" && follows(i + 1, 1, {"AveragePool"})) {
            readPool(m_graph.nodes()[i + 1], name, zeroPadding(n, name));
            return finish(i + 1, 2);
        } else if (op == "GlobalAveragePool") {
            add(LayerSpec::globalAvgPool(), name);
        } else if (op == "BatchNormalization") {
            readBatchNorm(n, name);
        } else if (op == "Softmax") {
            const std::int64_t axis = intAttribute(n, "axis", -1);
            if (shape().size() != 1 || (axis != 1 && axis != -1))
                throw Error("node '" + name + "': softmax is supported over the features of a row only");
            add(LayerSpec::softmax(), name);
        } else if (op == "Sigmoid" && follows(i + 1, 1, {"Mul"}) && readsBoth(i + 1, m_current, out)) {
            add(LayerSpec::act(ActivationKind::Swish), name);
            return finish(i + 1, 2);
        } else if (op == "Div" && follows(i + 1, 4, {"Erf", "Add", "Mul", "Mul"})) {
            // PyTorch's exact GELU: x / sqrt 2 → Erf → + 1 → x * → * 0.5
            checkConstant(n, 1, std::sqrt(2.0f), name);
            checkConstant(m_graph.nodes()[i + 2], 1, 1.0f, name);
            checkConstant(m_graph.nodes()[i + 4], 1, 0.5f, name);
            if (!readsBoth(i + 3, m_current, m_graph.nodes()[i + 2].output(0)))
                throw Error("node '" + name + "': an Erf chain that is not GELU");
            add(LayerSpec::act(ActivationKind::Gelu), name);
            return finish(i + 4, 5);
        } else {
            add(LayerSpec::act(activation(n, name)), name);
        }
        moveTo(out);
        return used;
    }

    std::size_t finish(std::size_t lastNode, std::size_t used)
    {
        moveTo(m_graph.nodes()[lastNode].output(0));
        return used;
    }

    bool readsBoth(std::size_t i, const std::string &a, const std::string &b) const
    {
        const NodeProto &n = m_graph.nodes()[i];
        return n.input_size() == 2 && ((n.input(0) == a && n.input(1) == b) || (n.input(0) == b && n.input(1) == a));
    }

    void checkConstant(const NodeProto &n, int input, float expected, const std::string &name) const
    {
        const std::vector<float> v = n.input_size() > input ? m_graph.floats(n.input(input)) : std::vector<float> {};
        if (v.size() != 1 || std::abs(v[0] - expected) > 1e-6f * std::abs(expected))
            throw Error("node '" + name + "': an Erf chain that is not GELU");
    }

    ActivationKind activation(const NodeProto &n, const std::string &name) const
    {
        const std::string &op = n.op_type();
        auto parameter = [&](const char *attr, float ours, float theirDefault) {
            const float v = floatAttribute(n, attr, theirDefault);
            if (std::abs(v - ours) > 1e-6f * std::abs(ours))
                throw Error("node '" + name + "': " + op + " with " + attr + " " + std::to_string(v)
                    + " (Deepscope's is " + std::to_string(ours) + ")");
        };
        if (op == "Relu")
            return ActivationKind::Relu;
        if (op == "Tanh")
            return ActivationKind::Tanh;
        if (op == "Sigmoid")
            return ActivationKind::Sigmoid;
        if (op == "Softplus")
            return ActivationKind::Softplus;
        if (op == "LeakyRelu") {
            parameter("alpha", kLeakyReluSlope, 0.01f);
            return ActivationKind::LeakyRelu;
        }
        if (op == "Elu") {
            parameter("alpha", kEluAlpha, 1.0f);
            return ActivationKind::Elu;
        }
        if (op == "Selu") {
            parameter("alpha", kSeluAlpha, 1.67326319217681884765625f);
            parameter("gamma", kSeluScale, 1.05070102214813232421875f);
            return ActivationKind::Selu;
        }
        throw Error("operator " + op + " (node '" + name + "') is not supported; Deepscope reads Gemm, MatMul + Add, "
            + "Conv, MaxPool, AveragePool, GlobalAveragePool, BatchNormalization, Flatten, Reshape, Dropout, "
            + "Identity, Add (a skip connection), Softmax, Relu, LeakyRelu, Elu, Selu, Tanh, Sigmoid, Softplus, SiLU "
              "and GELU");
    }

    void readFlatten(const NodeProto &n, const std::string &name)
    {
        if (n.op_type() == "Flatten" && intAttribute(n, "axis", 1) != 1)
            throw Error("node '" + name + "': Flatten is supported with axis 1 only");
        if (n.op_type() == "Reshape") {
            const std::vector<std::int64_t> to
                = n.input_size() > 1 ? m_graph.ints(n.input(1)) : std::vector<std::int64_t> {};
            const std::int64_t width = std::int64_t(elementCount(shape()));
            if (to.size() != 2 || (to[0] != -1 && to[0] != 0) || (to[1] != -1 && to[1] != width))
                throw Error(
                    "node '" + name + "': a Reshape is supported only to (batch, " + std::to_string(width) + ")");
        }
        if (!name.ends_with(kFlattenSuffix)) // ours after a global pool or before a dense layer: not a layer
            add(LayerSpec::flatten(), name);
    }

    void addDense(const std::vector<float> &weights, std::vector<float> bias, std::int64_t inputs, std::int64_t units,
        const std::string &name)
    {
        if (bias.empty())
            bias.assign(std::size_t(units), 0.0f);
        if (bias.size() != std::size_t(units))
            throw Error("node '" + name + "': a bias of " + std::to_string(bias.size()) + " for "
                + std::to_string(units) + " units");
        if (inputs != std::int64_t(elementCount(shape())))
            throw Error("node '" + name + "': weights for " + std::to_string(inputs) + " inputs after a layer of "
                + std::to_string(elementCount(shape())) + " values");
        add(LayerSpec::dense(int(units)), name);
        append(weights);
        append(bias);
    }

    void readGemm(const NodeProto &n, const std::string &name)
    {
        if (floatAttribute(n, "alpha", 1.0f) != 1.0f || floatAttribute(n, "beta", 1.0f) != 1.0f
            || intAttribute(n, "transA", 0) != 0 || n.input_size() < 2)
            throw Error("node '" + name + "': Gemm is supported as a dense layer only (alpha 1, beta 1, no transA)");
        const Constant &b = m_graph.constant(n.input(1));
        if (b.dims.size() != 2)
            throw Error("node '" + name + "': Gemm weights must be a 2-D constant");
        const bool transposed = intAttribute(n, "transB", 0) != 0;
        const std::int64_t inputs = transposed ? b.dims[1] : b.dims[0], units = transposed ? b.dims[0] : b.dims[1];
        std::vector<float> w;
        if (transposed) { // PyTorch's Linear keeps (units, inputs); ours is (inputs, units)
            w.resize(b.values.size());
            for (std::int64_t j = 0; j < units; ++j) // reads in order: a unit's weights are one row
                for (std::int64_t i = 0; i < inputs; ++i)
                    w[std::size_t(i * units + j)] = b.values[std::size_t(j * inputs + i)];
        }
        addDense(transposed ? w : b.values,
            n.input_size() > 2 && !n.input(2).empty() ? m_graph.floats(n.input(2)) : std::vector<float> {}, inputs,
            units, name);
    }

    std::size_t readMatMul(std::size_t i, const std::string &name)
    {
        const NodeProto &n = m_graph.nodes()[i];
        if (n.input_size() < 2)
            throw Error("node '" + name + "': MatMul needs weights");
        const Constant &b = m_graph.constant(n.input(1));
        if (b.dims.size() != 2)
            throw Error("node '" + name + "': MatMul weights must be a 2-D constant");
        std::vector<float> bias;
        std::size_t used = 1;
        if (follows(i + 1, 1, {"Add"})) {
            const NodeProto &add = m_graph.nodes()[i + 1];
            const bool first = add.input_size() == 2 && add.input(0) == n.output(0);
            if (add.input_size() == 2 && (first || add.input(1) == n.output(0))
                && m_graph.isConstant(add.input(first ? 1 : 0))) { // a bias, not a skip connection
                bias = m_graph.floats(add.input(add.input(0) == n.output(0) ? 1 : 0));
                used = 2;
            }
        }
        addDense(b.values, std::move(bias), b.dims[0], b.dims[1], name);
        moveTo(m_graph.nodes()[i + used - 1].output(0));
        return used;
    }

    void readConv(const NodeProto &n, const std::string &name)
    {
        if (n.input_size() < 2)
            throw Error("node '" + name + "': Conv needs weights");
        const Constant &w = m_graph.constant(n.input(1));
        if (w.dims.size() != 4 || w.dims[2] != w.dims[3])
            throw Error("node '" + name + "': only square 2-D convolutions are supported");
        if (intAttribute(n, "group", 1) != 1)
            throw Error("node '" + name + "': grouped convolutions are not supported");
        const Window win = window(n, name, true);
        if (win.kernel != w.dims[2])
            throw Error("node '" + name + "': kernel_shape does not match the weights");
        if (shape().size() != 3 || w.dims[1] != shape()[0])
            throw Error("node '" + name + "': weights for " + std::to_string(w.dims[1]) + " channels after "
                + shapeToString(shape()));
        add(LayerSpec::conv(int(w.dims[0]), win.kernel, win.stride, win.padding, win.dilation), name);
        append(w.values);
        std::vector<float> bias
            = n.input_size() > 2 && !n.input(2).empty() ? m_graph.floats(n.input(2)) : std::vector<float> {};
        if (bias.empty())
            bias.assign(std::size_t(w.dims[0]), 0.0f);
        if (bias.size() != std::size_t(w.dims[0]))
            throw Error("node '" + name + "': a bias that does not fit its filters");
        append(bias);
    }

    // The zero padding before an average pool, symmetric on the spatial axes only.
    int zeroPadding(const NodeProto &n, const std::string &name) const
    {
        const std::vector<std::int64_t> pads
            = n.input_size() > 1 ? m_graph.ints(n.input(1)) : std::vector<std::int64_t> {};
        const std::vector<float> fill
            = n.input_size() > 2 && !n.input(2).empty() ? m_graph.floats(n.input(2)) : std::vector<float> {0.0f};
        const std::int64_t p = pads.size() == 8 ? pads[2] : -1;
        if (stringAttribute(n, "mode", "constant") != "constant" || fill.size() != 1 || fill[0] != 0.0f
            || pads != std::vector<std::int64_t> {0, 0, p, p, 0, 0, p, p} || p < 0 || p > 4096)
            throw Error("node '" + name + "': Pad is supported as equal zero padding before an average pool only");
        return int(p);
    }

    void readPool(const NodeProto &n, const std::string &name, int padded)
    {
        const bool max = n.op_type() == "MaxPool";
        Window win = window(n, name, false);
        if (padded > 0) {
            if (win.padding != 0)
                throw Error("node '" + name + "': a padded pool after a Pad");
            win.padding = padded;
        }
        if (intAttribute(n, "ceil_mode", 0) != 0)
            throw Error("node '" + name + "': pools with ceil_mode are not supported");
        if (!max && padded == 0 && win.padding > 0 && intAttribute(n, "count_include_pad", 0) != 1)
            throw Error("node '" + name + "': a padded average pool must count the padding (count_include_pad 1)");
        if (n.output_size() > 1 && !n.output(1).empty())
            throw Error("node '" + name + "': MaxPool's indices output is not supported");
        add(max ? LayerSpec::maxPool(win.kernel, win.stride, win.padding)
                : LayerSpec::avgPool(win.kernel, win.stride, win.padding),
            name);
        m_spec.layers.back().stride = win.stride; // maxPool() reads stride 0 as "the window"
    }

    void readBatchNorm(const NodeProto &n, const std::string &name)
    {
        if (n.input_size() != 5)
            throw Error("node '" + name + "': BatchNormalization needs scale, bias, mean and variance");
        const float epsilon = floatAttribute(n, "epsilon", 1e-5f);
        if (std::abs(epsilon - NormShape {}.epsilon) > 1e-9f)
            throw Error(
                "node '" + name + "': batch norm epsilon " + std::to_string(epsilon) + " (Deepscope uses 1e-5)");
        if (intAttribute(n, "training_mode", 0) != 0)
            throw Error("node '" + name + "': batch norm in training mode is not supported");
        add(LayerSpec::batchNorm(), name);
        const std::size_t channels = std::size_t(shape()[0]);
        for (int k = 1; k <= 4; ++k) {
            const std::vector<float> v = m_graph.floats(n.input(k));
            if (v.size() != channels)
                throw Error("node '" + name + "': " + std::to_string(v.size()) + " statistics for "
                    + std::to_string(channels) + " channels");
            append(v);
        }
    }

    struct Window {
        int kernel = 0, stride = 1, padding = 0, dilation = 1;
    };
    Window window(const NodeProto &n, const std::string &name, bool conv) const
    {
        auto square = [&](const char *attr, std::int64_t fallback, std::size_t count) {
            std::vector<std::int64_t> v = intsAttribute(n, attr);
            if (v.empty())
                return fallback;
            if (v.size() != count)
                throw Error(
                    "node '" + name + "': " + attr + " must have " + std::to_string(count) + " values (2-D only)");
            for (std::int64_t x : v)
                if (x != v[0] || x < 0 || x > 4096)
                    throw Error("node '" + name + "': only square windows with the same " + attr + " on every side are "
                        + "supported");
            return v[0];
        };
        const std::string autoPad = stringAttribute(n, "auto_pad", "NOTSET");
        if (autoPad != "NOTSET" && autoPad != "VALID")
            throw Error("node '" + name + "': auto_pad " + autoPad + " is not supported; give explicit pads");
        Window w;
        w.kernel = int(square("kernel_shape", 0, 2));
        if (w.kernel <= 0)
            throw Error("node '" + name + "': a window needs a kernel_shape");
        w.stride = int(square("strides", 1, 2));
        w.padding = int(square("pads", 0, 4));
        w.dilation = int(square("dilations", 1, 2));
        if (!conv && w.dilation != 1)
            throw Error("node '" + name + "': dilated pools are not supported");
        return w;
    }

    const GraphReader &m_graph;
    ModelSpec m_spec;
    std::vector<Shape> m_shapes;
    std::vector<float> m_parameters;
    std::string m_current;
    std::map<std::string, std::size_t> m_layerInputs; // tensor -> the number of layers before it
};

} // namespace

OnnxModel importOnnx(const std::string &bytes)
{
    ::onnx::ModelProto proto;
    if (bytes.empty() || !proto.ParseFromString(bytes))
        throw Error("not an ONNX model (the file does not parse)");
    std::map<std::string, std::string> metadata;
    for (const auto &entry : proto.metadata_props())
        metadata[entry.key()] = entry.value();
    const InputPrelude prelude = readPreludeMetadata(metadata);

    const GraphReader graph(proto.graph());
    const Shape raw = graph.inputShape();
    Shape input = raw;
    if (!prelude.pointFeatures.empty())
        input = {int(prelude.pointFeatures.size())};
    else if (!prelude.mean.empty() && (raw.size() != 3 || raw[0] != int(prelude.mean.size())))
        throw Error("the model's normalization does not fit its input " + shapeToString(raw));

    // Our own prelude's nodes come first; the network reads the last one's output.
    std::size_t first = 0;
    std::string current = graph.inputName();
    while (first < graph.nodes().size() && graph.nodes()[first].name().starts_with(kPreludePrefix))
        current = graph.nodes()[first++].output(0);
    if (first > 0 && prelude == InputPrelude {})
        throw Error("the model has a Deepscope prelude but not its metadata");

    ChainReader chain(graph, input);
    chain.setCurrent(current);
    chain.read(first);
    OnnxModel model = chain.result();
    model.prelude = prelude;
    model.metadata = std::move(metadata);
    return model;
}

bool endWithSoftmax(OnnxModel &model)
{
    ModelSpec &spec = model.spec;
    if (spec.layers.back().kind == LayerKind::Softmax || spec.outputShape().size() != 1 || spec.outputShape()[0] < 2)
        return false;
    spec.layers.push_back(LayerSpec::softmax());
    spec.loss = LossKind::SoftmaxCrossEntropy;
    spec.validate();
    return true;
}

} // namespace ds::onnx
