#include "onnximport.h"

#include "onnxexport.h"
#include "onnxgraphreader.h"
#include "onnxprelude.h"

#include "error.h"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace ds::onnx {
namespace {

using ::onnx::NodeProto;

// Reads the nodes after the prelude as a graph: each node becomes at most one layer that reads
// the layers which wrote its inputs (a chain is the case where that is always the layer before).
// Nodes the graph's output does not depend on are left out. Keeps the spec checked after every
// layer, so a shape that does not fit is named at the node that made it.
class GraphImporter {
public:
    GraphImporter(const GraphReader &graph, Shape input) : m_graph(graph)
    {
        m_spec.input = std::move(input);
        m_parameters.reserve(graph.floatCount()); // at most every float the file holds: one allocation
    }

    void read(std::size_t first, const std::string &input)
    {
        m_layerOf[input] = -1;
        const auto &nodes = m_graph.nodes();
        const std::vector<bool> needed = neededNodes(first);
        for (std::size_t i = first; i < nodes.size(); ++i)
            if (needed[i]) {
                // A node of another operator set (com.microsoft, a vendor's) may share a standard
                // operator's name but not its meaning: refused, never read as the standard one.
                const std::string &domain = nodes[i].domain();
                if (!domain.empty() && domain != "ai.onnx")
                    throw Error("node '" + nodes[i].name() + "' (" + nodes[i].op_type() + ") is of the operator set '"
                        + domain + "', which Deepscope does not read: only the standard ONNX operators import");
                i += readNode(i) - 1;
            }
        if (m_spec.layers.empty())
            throw Error("the model has no layers");
        const auto out = m_layerOf.find(m_graph.outputName());
        if (out == m_layerOf.end() || out->second != int(m_spec.layers.size()) - 1)
            throw Error("the model's output '" + m_graph.outputName() + "' is not the last layer it computes");
        simplify();
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

private:
    // The nodes from `first` on that the graph's output depends on.
    std::vector<bool> neededNodes(std::size_t first) const
    {
        const auto &nodes = m_graph.nodes();
        std::vector<bool> needed(nodes.size(), false);
        std::set<std::string> wanted {m_graph.outputName()};
        for (std::size_t i = nodes.size(); i-- > first;) {
            bool used = false;
            for (const std::string &o : nodes[i].output())
                used = used || wanted.count(o);
            if (!used)
                continue;
            needed[i] = true;
            for (const std::string &in : nodes[i].input())
                if (!in.empty())
                    wanted.insert(in);
        }
        return needed;
    }

    // Chains as chains: a layer that reads the one before it names no inputs, and an Add of the
    // layer before and an earlier output is a residual layer over the layers between (the same
    // sum: the engine adds the two in either order to the same bits).
    void simplify()
    {
        for (std::size_t i = 0; i < m_spec.layers.size(); ++i) {
            LayerSpec &l = m_spec.layers[i];
            const int before = int(i) - 1;
            if (l.kind == LayerKind::Add && l.inputs.size() == 2 && (l.inputs[0] == before || l.inputs[1] == before)) {
                const int other = l.inputs[0] == before ? l.inputs[1] : l.inputs[0];
                if (other < before)
                    l = LayerSpec::residual(before - other);
            }
            if (l.inputs == std::vector<int> {before})
                l.inputs.clear();
        }
    }

    // The layer that wrote tensor input(k) of node n (-1: the network input).
    int source(const NodeProto &n, int k, const std::string &name) const
    {
        if (n.input_size() <= k || n.input(k).empty())
            throw Error("node '" + name + "' (" + n.op_type() + ") lacks input " + std::to_string(k + 1));
        const auto it = m_layerOf.find(n.input(k));
        if (it != m_layerOf.end())
            return it->second;
        if (m_graph.isConstant(n.input(k)))
            throw Error("node '" + name + "' (" + n.op_type() + ") reads the constant '" + n.input(k)
                + "' where Deepscope expects a layer's output");
        throw Error("node '" + name + "' (" + n.op_type() + ") reads '" + n.input(k)
            + "', which no node Deepscope reads has written");
    }
    const Shape &shapeOf(int layer) const { return layer < 0 ? m_spec.input : m_checks[std::size_t(layer)].output; }
    const Shape &shape() const { return shapeOf(m_src); }

    void add(LayerSpec l, const std::string &node, std::vector<int> from = {})
    {
        l.inputs = from.empty() ? std::vector<int> {m_src} : std::move(from);
        m_spec.layers.push_back(std::move(l));
        // Only the new layer: those before it were checked as they came (and a failed one threw).
        LayerCheck check = m_spec.checkAt(m_spec.layers.size() - 1, m_checks);
        if (!check.error.empty())
            throw Error("node '" + node + "': " + check.error);
        m_checks.push_back(std::move(check));
    }
    void append(const std::vector<float> &values)
    {
        m_parameters.insert(m_parameters.end(), values.begin(), values.end());
    }
    // Tensor `name` is the output of the last layer added (or, with `layer`, of that one).
    void wrote(const std::string &name) { m_layerOf[name] = int(m_spec.layers.size()) - 1; }

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

    // A join of two or more layers' outputs: Add, Concat, Mul.
    void readJoin(const NodeProto &n, const std::string &name)
    {
        std::vector<int> from;
        for (int k = 0; k < n.input_size(); ++k)
            from.push_back(source(n, k, name));
        const LayerKind kind = n.op_type() == "Concat" ? LayerKind::Concat
            : n.op_type() == "Add"                     ? LayerKind::Add
                                                       : LayerKind::Mul;
        const std::int64_t axis = intAttribute(n, "axis", 1);
        if (kind == LayerKind::Concat && axis != 1 && !(axis == -3 && shapeOf(from[0]).size() == 3))
            throw Error("node '" + name + "': Concat is supported along the channels (axis 1) only");
        // The product commutes: the map first, the per-channel factor second, as the engine takes
        // them.
        if (kind == LayerKind::Mul && from.size() == 2 && shapeOf(from[0]).size() < shapeOf(from[1]).size())
            std::swap(from[0], from[1]);
        add(LayerSpec::joined(kind, {}), name, from);
    }

    // How many nodes it used (at least 1).
    std::size_t readNode(std::size_t i)
    {
        const NodeProto &n = m_graph.nodes()[i];
        const std::string &op = n.op_type();
        const std::string name = n.name().empty() ? op : n.name();
        const std::string out = n.output(0);
        const bool join = op == "Concat" || ((op == "Add" || op == "Mul") && n.input_size() == 2
                              && !m_graph.isConstant(n.input(0)) && !m_graph.isConstant(n.input(1)));
        if (join) {
            readJoin(n, name);
            wrote(out);
            return 1;
        }
        m_src = source(n, 0, name);
        std::size_t used = 1;

        if (op == "Identity" && name.ends_with(kLinearSuffix)) {
            add(LayerSpec::act(ActivationKind::Linear), name);
        } else if (op == "Identity" || op == "Dropout") {
            m_layerOf[out] = m_src;
            return 1;
        } else if (op == "Flatten" || op == "Reshape") {
            if (!readFlatten(n, name)) {
                m_layerOf[out] = m_src;
                return 1;
            }
        } else if (op == "Gemm") {
            readGemm(n, name);
        } else if (op == "MatMul") {
            used = readMatMul(i, name);
            return used;
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
        } else if (op == "Sigmoid" && follows(i + 1, 1, {"Mul"}) && readsBoth(i + 1, n.input(0), out)) {
            add(LayerSpec::act(ActivationKind::Swish), name);
            return finish(i + 1, 2);
        } else if (op == "HardSigmoid" && follows(i + 1, 1, {"Mul"}) && readsBoth(i + 1, n.input(0), out)) {
            hardSigmoidConstants(n, name); // PyTorch's hardswish: x * hardsigmoid(x)
            add(LayerSpec::act(ActivationKind::HardSwish), name);
            return finish(i + 1, 2);
        } else if (op == "Div" && follows(i + 1, 4, {"Erf", "Add", "Mul", "Mul"})) {
            // PyTorch's exact GELU: x / sqrt 2 → Erf → + 1 → x * → * 0.5
            checkConstant(n, 1, std::sqrt(2.0f), name);
            checkConstant(m_graph.nodes()[i + 2], 1, 1.0f, name);
            checkConstant(m_graph.nodes()[i + 4], 1, 0.5f, name);
            if (!readsBoth(i + 3, n.input(0), m_graph.nodes()[i + 2].output(0)))
                throw Error("node '" + name + "': an Erf chain that is not GELU");
            add(LayerSpec::act(ActivationKind::Gelu), name);
            return finish(i + 4, 5);
        } else {
            add(LayerSpec::act(activation(n, name)), name);
        }
        wrote(out);
        return used;
    }

    std::size_t finish(std::size_t lastNode, std::size_t used)
    {
        wrote(m_graph.nodes()[lastNode].output(0));
        return used;
    }

    // ONNX's HardSigmoid is max(0, min(1, alpha x + beta)); PyTorch's is alpha 1/6, beta 1/2.
    void hardSigmoidConstants(const NodeProto &n, const std::string &name) const
    {
        const float alpha = floatAttribute(n, "alpha", 0.2f), beta = floatAttribute(n, "beta", 0.5f);
        if (std::abs(alpha - 1.0f / 6.0f) > 1e-6f || std::abs(beta - 0.5f) > 1e-6f)
            throw Error("node '" + name + "': HardSigmoid with alpha " + std::to_string(alpha) + " and beta "
                + std::to_string(beta) + " (Deepscope's is PyTorch's, 1/6 and 1/2)");
    }

    // Clip's bounds: attributes before opset 11, optional constant inputs after.
    std::pair<float, float> clipBounds(const NodeProto &n) const
    {
        float lo = floatAttribute(n, "min", -std::numeric_limits<float>::infinity());
        float hi = floatAttribute(n, "max", std::numeric_limits<float>::infinity());
        const auto bound = [&](int k, float &v) {
            if (n.input_size() > k && !n.input(k).empty()) {
                const std::vector<float> &c = m_graph.floats(n.input(k));
                if (c.size() != 1)
                    throw Error("node '" + n.name() + "': Clip's bounds must be single values");
                v = c[0];
            }
        };
        bound(1, lo);
        bound(2, hi);
        return {lo, hi};
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
        if (op == "Clip") {
            const auto [lo, hi] = clipBounds(n);
            if (lo == 0.0f && hi == 6.0f)
                return ActivationKind::Relu6;
            if (lo == 0.0f && std::isinf(hi) && hi > 0.0f)
                return ActivationKind::Relu;
            throw Error("node '" + name + "': Clip to [" + std::to_string(lo) + ", " + std::to_string(hi)
                + "]; Deepscope reads Clip as ReLU6 (0 to 6) or ReLU (0 up)");
        }
        if (op == "HardSigmoid") {
            hardSigmoidConstants(n, name);
            return ActivationKind::HardSigmoid;
        }
        if (op == "HardSwish")
            return ActivationKind::HardSwish;
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
            + "Conv (grouped too), MaxPool, AveragePool, GlobalAveragePool, BatchNormalization, Flatten, Reshape, "
            + "Dropout, Identity, Add, Concat, Mul, Softmax, Relu, Clip (ReLU6), LeakyRelu, Elu, Selu, Tanh, Sigmoid, "
            + "HardSigmoid, HardSwish, Softplus, SiLU and GELU");
    }

    // Whether it is a layer: our own exporter's flatten before a dense layer is not.
    bool readFlatten(const NodeProto &n, const std::string &name)
    {
        if (n.op_type() == "Flatten" && intAttribute(n, "axis", 1) != 1)
            throw Error("node '" + name + "': Flatten is supported with axis 1 only");
        if (n.op_type() == "Reshape") {
            const std::vector<std::int64_t> to
                = n.input_size() > 1 ? m_graph.ints(n.input(1)) : std::vector<std::int64_t> {};
            const std::int64_t width = std::int64_t(elementCount(shape()));
            // One value per channel made (N, C, 1, 1) for a product with a map: the engine's Mul
            // broadcasts (C) itself.
            if (shape().size() == 1 && to.size() == 4 && (to[0] == 0 || to[0] == -1) && (to[1] == -1 || to[1] == width)
                && to[2] == 1 && to[3] == 1)
                return false;
            if (to.size() != 2 || (to[0] != -1 && to[0] != 0) || (to[1] != -1 && to[1] != width))
                throw Error(
                    "node '" + name + "': a Reshape is supported only to (batch, " + std::to_string(width) + ")");
        }
        if (name.ends_with(kFlattenSuffix)) // ours after a global pool or before a dense layer: not a layer
            return false;
        add(LayerSpec::flatten(), name);
        return true;
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

    // PyTorch's Linear (and a 1×1 convolution) keeps its weights as (units, inputs); ours are
    // (inputs, units).
    static std::vector<float> unitsByInputs(const std::vector<float> &values, std::int64_t inputs, std::int64_t units)
    {
        std::vector<float> w(values.size());
        for (std::int64_t j = 0; j < units; ++j) // reads in order: a unit's weights are one row
            for (std::int64_t i = 0; i < inputs; ++i)
                w[std::size_t(i * units + j)] = values[std::size_t(j * inputs + i)];
        return w;
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
        addDense(transposed ? unitsByInputs(b.values, inputs, units) : b.values,
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
        wrote(m_graph.nodes()[i + used - 1].output(0));
        return used;
    }

    void readConv(const NodeProto &n, const std::string &name)
    {
        if (n.input_size() < 2)
            throw Error("node '" + name + "': Conv needs weights");
        const Constant &w = m_graph.constant(n.input(1));
        if (w.dims.size() != 4 || w.dims[2] != w.dims[3])
            throw Error("node '" + name + "': only square 2-D convolutions are supported");
        const std::int64_t groups = intAttribute(n, "group", 1);
        const Window win = window(n, name, true);
        if (win.kernel != w.dims[2])
            throw Error("node '" + name + "': kernel_shape does not match the weights");
        std::vector<float> bias
            = n.input_size() > 2 && !n.input(2).empty() ? m_graph.floats(n.input(2)) : std::vector<float> {};
        // A 1×1 convolution over a global pool's channels (squeeze-and-excitation in MobileNetV3 and
        // EfficientNet) is a dense layer over the pooled values, which is what our pool gives.
        if (shape().size() == 1 && win.kernel == 1 && win.padding == 0 && groups == 1 && w.dims[1] == shape()[0]) {
            addDense(unitsByInputs(w.values, w.dims[1], w.dims[0]), std::move(bias), w.dims[1], w.dims[0], name);
            return;
        }
        if (groups < 1 || groups > ModelSpec::kMaxUnits || shape().size() != 3 || w.dims[1] * groups != shape()[0])
            throw Error("node '" + name + "': weights for " + std::to_string(w.dims[1]) + " channels in "
                + std::to_string(groups) + " groups after " + shapeToString(shape()));
        LayerSpec l = LayerSpec::conv(int(w.dims[0]), win.kernel, win.stride, win.padding, win.dilation);
        l.groups = int(groups);
        add(l, name);
        append(w.values);
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
        if (!max && padded == 0 && win.padding > 0 && intAttribute(n, "count_include_pad", 0) != 1)
            throw Error("node '" + name + "': a padded average pool must count the padding (count_include_pad 1)");
        if (n.output_size() > 1 && !n.output(1).empty())
            throw Error("node '" + name + "': MaxPool's indices output is not supported");
        LayerSpec l = max ? LayerSpec::maxPool(win.kernel, win.stride, win.padding)
                          : LayerSpec::avgPool(win.kernel, win.stride, win.padding);
        l.stride = win.stride; // maxPool() reads stride 0 as "the window"
        l.ceilMode = intAttribute(n, "ceil_mode", 0) != 0;
        add(l, name);
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
        // Named here, at the node that has them: a stride or dilation of 0 would otherwise pass
        // (LayerSpec reads a pool's stride 0 as "the window") and a later node take the blame.
        if (w.stride < 1 || w.dilation < 1)
            throw Error("node '" + name + "': strides and dilations must be at least 1");
        if (!conv && w.dilation != 1)
            throw Error("node '" + name + "': dilated pools are not supported");
        return w;
    }

    const GraphReader &m_graph;
    ModelSpec m_spec;
    std::vector<LayerCheck> m_checks; // one per layer added, each without an error
    std::vector<float> m_parameters;
    std::map<std::string, int> m_layerOf; // tensor -> the layer that wrote it (-1: the network input)
    int m_src = -1; // the layer the node being read reads first
};

} // namespace

OnnxModel importOnnx(std::string_view bytes, const ImportOptions &options)
{
    if (bytes.size() > std::size_t(std::numeric_limits<int>::max()))
        throw Error("the model is larger than 2 GB, which protobuf cannot read in one piece");
    // The parsed file lives only while the reader copies what it needs out of it, so that a
    // large model's weights are held at most three times at once (the bytes, the message or the
    // reader's constants, the parameters).
    std::map<std::string, std::string> metadata;
    std::optional<GraphReader> reader;
    {
        ::onnx::ModelProto proto;
        if (bytes.empty() || !proto.ParseFromArray(bytes.data(), int(bytes.size())))
            throw Error("not an ONNX model (the file does not parse)");
        for (const auto &entry : proto.metadata_props())
            metadata[entry.key()] = entry.value();
        reader.emplace(proto.graph(), options.height, options.width);
    }
    const GraphReader &graph = *reader;
    const InputPrelude prelude = readPreludeMetadata(metadata);

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

    GraphImporter importer(graph, input);
    importer.read(first, current);
    OnnxModel model = importer.result();
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
