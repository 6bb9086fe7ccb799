#include "modelspec.h"

#include "convgeometry.h"
#include "error.h"

#include <algorithm>

namespace ds {
namespace {

constexpr int kMaxStride = 64;
constexpr int kMaxPadding = 64;
constexpr int kMaxDilation = 16;

std::string layerName(std::size_t i)
{
    return "layer " + std::to_string(i + 1);
}

bool knownActivation(ActivationKind a)
{
    for (const auto &e : activationNames())
        if (e.kind == a)
            return true;
    return false;
}

std::string sizeText(int h, int w)
{
    return std::to_string(h) + "x" + std::to_string(w);
}

std::string needsImage(const LayerSpec &l, const Shape &in)
{
    return describeLayer(l) + " needs an image (channels, height, width), not " + shapeToString(in)
        + ": put it before Flatten and the dense layers";
}

// The window parameters of a conv or pool layer, checked against the input map. "" when they fit.
std::string windowError(const LayerSpec &l, const Shape &in)
{
    if (in.size() != 3)
        return needsImage(l, in);
    if (l.kernel < 1 || l.kernel > ModelSpec::kMaxKernel)
        return "a kernel must be 1 to " + std::to_string(ModelSpec::kMaxKernel) + " wide";
    if (l.stride < 1 || l.stride > kMaxStride)
        return "a stride must be 1 to " + std::to_string(kMaxStride);
    if (l.padding < 0 || l.padding > kMaxPadding)
        return "padding must be 0 to " + std::to_string(kMaxPadding);
    const bool conv = l.kind == LayerKind::Conv2D;
    if (conv && (l.dilation < 1 || l.dilation > kMaxDilation))
        return "dilation must be 1 to " + std::to_string(kMaxDilation);
    if (!conv && !poolPaddingValid(l.kernel, l.padding))
        return "padding " + std::to_string(l.padding) + " is more than half the " + std::to_string(l.kernel) + "x"
            + std::to_string(l.kernel) + " window";
    const int d = conv ? l.dilation : 1;
    const int extent = dilatedKernel(l.kernel, d);
    if (convOutputSize(in[1], l.kernel, l.stride, l.padding, d) < 1
        || convOutputSize(in[2], l.kernel, l.stride, l.padding, d) < 1) {
        std::string what = "a " + sizeText(l.kernel, l.kernel) + (conv ? " kernel" : " window");
        if (d > 1)
            what += " dilated by " + std::to_string(d) + " (" + sizeText(extent, extent) + ")";
        return what + " does not fit in a " + sizeText(in[1], in[2]) + " map"
            + (l.padding ? " padded by " + std::to_string(l.padding) : std::string()) + ": make it smaller or pad";
    }
    return {};
}

// One layer's output shape and trainable parameters after `in`, or the reason it cannot follow.
LayerCheck checkLayer(const LayerSpec &l, const Shape &in)
{
    LayerCheck c;
    const std::size_t width = elementCount(in);
    switch (l.kind) {
    case LayerKind::Dense:
        if (l.units <= 0 || l.units > ModelSpec::kMaxUnits) {
            c.error = "a dense layer needs 1 to " + std::to_string(ModelSpec::kMaxUnits) + " neurons, not "
                + std::to_string(l.units);
            return c;
        }
        c.output = {l.units};
        c.parameters = width * std::size_t(l.units) + std::size_t(l.units);
        break;
    case LayerKind::Conv2D:
        if (l.units <= 0 || l.units > ModelSpec::kMaxUnits) {
            c.error = "a convolution needs 1 to " + std::to_string(ModelSpec::kMaxUnits) + " filters, not "
                + std::to_string(l.units);
            return c;
        }
        c.error = windowError(l, in);
        if (!c.error.empty())
            return c;
        if (l.groups < 1 || in[0] % l.groups != 0 || l.units % l.groups != 0) {
            c.error = std::to_string(l.groups) + " groups must divide both its " + std::to_string(in[0])
                + " input channels and its " + std::to_string(l.units) + " filters";
            return c;
        }
        c.output = {l.units, convOutputSize(in[1], l.kernel, l.stride, l.padding, l.dilation),
            convOutputSize(in[2], l.kernel, l.stride, l.padding, l.dilation)};
        c.parameters = std::size_t(l.units) * std::size_t(in[0] / l.groups) * std::size_t(l.kernel)
                * std::size_t(l.kernel)
            + std::size_t(l.units);
        break;
    case LayerKind::MaxPool2D:
    case LayerKind::AvgPool2D:
        c.error = windowError(l, in);
        if (!c.error.empty())
            return c;
        c.output = {in[0], poolOutputSize(in[1], l.kernel, l.stride, l.padding, l.ceilMode),
            poolOutputSize(in[2], l.kernel, l.stride, l.padding, l.ceilMode)};
        break;
    case LayerKind::GlobalAvgPool:
        if (in.size() != 3) {
            c.error = needsImage(l, in);
            return c;
        }
        c.output = {in[0]};
        break;
    case LayerKind::Flatten: c.output = {static_cast<int>(width)}; break;
    case LayerKind::BatchNorm:
        if (in.size() != 1 && in.size() != 3) {
            c.error = "batch norm works on features (F) or images (C, H, W), not " + shapeToString(in);
            return c;
        }
        c.output = in;
        c.parameters = 2 * std::size_t(in[0]);
        break;
    case LayerKind::Activation:
        if (!knownActivation(l.activation)) {
            c.error = "unknown activation";
            return c;
        }
        c.output = in;
        break;
    case LayerKind::Softmax:
        if (in.size() != 1) {
            c.error = "softmax chooses between the features of a row: flatten " + shapeToString(in) + " first";
            return c;
        }
        if (in[0] < 2) {
            c.error = "softmax needs at least 2 outputs to choose between";
            return c;
        }
        c.output = in;
        break;
    case LayerKind::Dropout:
        if (!(l.rate >= 0.0f && l.rate < 1.0f)) {
            c.error = "a dropout rate must be at least 0 and below 1";
            return c;
        }
        c.output = in;
        break;
    default: c.error = "unknown kind of layer"; return c;
    }
    if (elementCount(c.output) > ModelSpec::kMaxActivationSize) {
        c.error = "its output of " + std::to_string(elementCount(c.output))
            + " values per example is too large (at most " + std::to_string(ModelSpec::kMaxActivationSize) + ")";
        c.output.clear();
    }
    return c;
}

} // namespace

const std::vector<KindName<LayerKind>> &layerKindNames()
{
    static const std::vector<KindName<LayerKind>> names {{LayerKind::Dense, "dense"},
        {LayerKind::Activation, "activation"}, {LayerKind::Softmax, "softmax"}, {LayerKind::Dropout, "dropout"},
        {LayerKind::Conv2D, "conv2d"}, {LayerKind::MaxPool2D, "maxpool2d"}, {LayerKind::AvgPool2D, "avgpool2d"},
        {LayerKind::Flatten, "flatten"}, {LayerKind::BatchNorm, "batchnorm"},
        {LayerKind::GlobalAvgPool, "globalavgpool"}, {LayerKind::Residual, "residual"}, {LayerKind::Add, "add"},
        {LayerKind::Concat, "concat"}, {LayerKind::Mul, "mul"}};
    return names;
}

std::string nameOf(LayerKind k)
{
    for (const auto &e : layerKindNames())
        if (e.kind == k)
            return e.name;
    return "?";
}

LayerKind layerKindFromName(const std::string &name)
{
    std::string known;
    for (const auto &e : layerKindNames()) {
        if (name == e.name)
            return e.kind;
        known += known.empty() ? "" : ", ";
        known += e.name;
    }
    throw Error("unknown layer kind '" + name + "' (known: " + known + ")");
}

bool hasWindow(LayerKind k)
{
    return k == LayerKind::Conv2D || k == LayerKind::MaxPool2D || k == LayerKind::AvgPool2D;
}

bool isJoin(LayerKind k)
{
    return k == LayerKind::Add || k == LayerKind::Concat || k == LayerKind::Mul;
}

namespace {

std::string describeKind(const LayerSpec &l)
{
    const std::string k = std::to_string(l.kernel);
    std::string s;
    switch (l.kind) {
    case LayerKind::Dense: return "dense " + std::to_string(l.units);
    case LayerKind::Activation: return nameOf(l.activation);
    case LayerKind::Softmax: return "softmax";
    case LayerKind::Dropout: return "dropout " + std::to_string(int(l.rate * 100.0f + 0.5f)) + "%";
    case LayerKind::Flatten: return "flatten";
    case LayerKind::BatchNorm: return "batch norm";
    case LayerKind::GlobalAvgPool: return "global average pool";
    case LayerKind::Residual:
        return "residual: + the input of the "
            + (l.units == 1 ? std::string("layer") : std::to_string(l.units) + " layers") + " before";
    case LayerKind::Add: return "add";
    case LayerKind::Concat: return "concat";
    case LayerKind::Mul: return "multiply";
    case LayerKind::Conv2D:
        s = "conv " + k + "x" + k + ", " + std::to_string(l.units) + " filters";
        if (l.groups == l.units && l.groups > 1)
            s += ", depthwise";
        else if (l.groups != 1)
            s += ", " + std::to_string(l.groups) + " groups";
        if (l.dilation != 1)
            s += ", dilation " + std::to_string(l.dilation);
        break;
    case LayerKind::MaxPool2D: s = "max pool " + k + "x" + k; break;
    case LayerKind::AvgPool2D: s = "average pool " + k + "x" + k; break;
    }
    if (l.stride != 1 && !(l.kind != LayerKind::Conv2D && l.stride == l.kernel))
        s += ", stride " + std::to_string(l.stride);
    if (l.padding)
        s += ", pad " + std::to_string(l.padding);
    if (l.ceilMode)
        s += ", ceil";
    return s;
}

} // namespace

std::string describeLayer(const LayerSpec &l)
{
    return l.frozen ? describeKind(l) + " (frozen)" : describeKind(l);
}

namespace {

// A skip connection reaches back to the input of the layer `span` before it: that input must have
// the shape of its own input, as the two are added. `from` holds the two (ModelSpec::inputsOf).
LayerCheck checkResidual(const LayerSpec &l, std::size_t index, const std::vector<Shape> &from)
{
    LayerCheck c;
    if (l.units < 1 || std::size_t(l.units) > index) {
        c.error = "a residual connection spans 1 to " + std::to_string(index) + " layers before it here, not "
            + std::to_string(l.units);
        return c;
    }
    if (from[1] != from[0]) {
        c.error = "it adds the input of layer " + std::to_string(index - std::size_t(l.units) + 1) + " "
            + shapeToString(from[1]) + " to its own input " + shapeToString(from[0]) + ": the shapes must match";
        return c;
    }
    c.output = from[0];
    return c;
}

// Add: equal shapes. Concat: images of one size (or feature rows) stacked along the channels.
// Mul: equal shapes, or an image times one value per channel, (C) or (C, 1, 1).
LayerCheck checkJoin(const LayerSpec &l, const std::vector<Shape> &from)
{
    LayerCheck c;
    const std::size_t wanted = l.kind == LayerKind::Mul ? 2 : 0;
    if (from.size() < 2 || (wanted && from.size() != wanted)) {
        c.error = describeLayer(l) + " reads " + (wanted ? "2" : "2 or more") + " layers, not "
            + std::to_string(from.size());
        return c;
    }
    const Shape &a = from[0];
    switch (l.kind) {
    case LayerKind::Add:
        for (const Shape &b : from)
            if (b != a) {
                c.error = "it adds " + shapeToString(a) + " and " + shapeToString(b) + ": the shapes must match";
                return c;
            }
        c.output = a;
        break;
    case LayerKind::Concat: {
        c.output = a;
        for (std::size_t k = 1; k < from.size(); ++k) {
            const Shape &b = from[k];
            if (b.size() != a.size() || !std::equal(a.begin() + 1, a.end(), b.begin() + 1)) {
                c.error = "it joins " + shapeToString(a) + " and " + shapeToString(b)
                    + ": all but the channels must match";
                return c;
            }
            c.output[0] += b[0];
        }
        break;
    }
    case LayerKind::Mul: {
        const Shape &b = from[1];
        const bool perChannel = a.size() == 3 && (b == Shape {a[0]} || b == Shape {a[0], 1, 1});
        if (b != a && !perChannel) {
            c.error = "it multiplies " + shapeToString(a) + " by " + shapeToString(b)
                + ": give the same shape, or one value per channel";
            return c;
        }
        c.output = a;
        break;
    }
    default: c.error = "not a join"; return c;
    }
    return c;
}

} // namespace

std::vector<int> ModelSpec::inputsOf(std::size_t i) const
{
    const LayerSpec &l = layers.at(i);
    if (!l.inputs.empty())
        return l.inputs;
    const int before = int(i) - 1;
    if (l.kind == LayerKind::Residual)
        return {before, before - l.units};
    return {before};
}

bool ModelSpec::isGraph() const
{
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (!layers[i].inputs.empty() && layers[i].inputs != std::vector<int> {int(i) - 1})
            return true;
    return false;
}

LayerCheck ModelSpec::checkAt(std::size_t i, std::span<const LayerCheck> earlier) const
{
    const LayerSpec &l = layers[i];
    std::vector<Shape> from;
    LayerCheck c;
    if (!l.inputs.empty() && l.kind == LayerKind::Residual)
        c.error = "a residual layer reads the layer before it (use an add layer to join others)";
    const bool skip = l.kind == LayerKind::Residual && l.inputs.empty();
    if (skip && (l.units < 1 || std::size_t(l.units) > i))
        c = checkResidual(l, i, {});
    for (int k : inputsOf(i)) {
        if (!c.error.empty())
            break;
        if (k < -1 || k >= int(i))
            c.error = k < -1 ? "it reads layer " + std::to_string(k + 1) + ", which does not exist"
                             : "it reads layer " + std::to_string(k + 1) + ", which does not come before it";
        else
            from.push_back(k < 0 ? input : earlier[std::size_t(k)].output);
    }
    if (c.error.empty()) {
        if (skip)
            c = checkResidual(l, i, from);
        else if (isJoin(l.kind))
            c = checkJoin(l, from);
        else if (from.size() != 1)
            c.error = describeLayer(l) + " reads one layer, not " + std::to_string(from.size());
        else
            c = checkLayer(l, from[0]);
    }
    return c;
}

std::vector<LayerCheck> ModelSpec::check() const
{
    std::vector<LayerCheck> checks;
    bool broken = false;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        checks.push_back(broken ? LayerCheck {} : checkAt(i, checks));
        broken = !checks.back().error.empty();
    }
    return checks;
}

std::string ModelSpec::validationError() const
{
    if (input.empty() || elementCount(input) == 0)
        return "the network has no inputs: choose at least one input feature";
    for (int d : input)
        if (d <= 0)
            return "the input shape " + shapeToString(input) + " has a dimension that is not positive";
    if (elementCount(input) > kMaxInputSize)
        return "the input of " + std::to_string(elementCount(input)) + " values is too large (at most "
            + std::to_string(kMaxInputSize) + ")";
    if (layers.empty())
        return "the network has no layers";
    const std::vector<LayerCheck> checks = check();
    std::size_t params = 0;
    for (std::size_t i = 0; i < checks.size(); ++i) {
        if (!checks[i].error.empty())
            return layerName(i) + " (" + describeLayer(layers[i]) + "): " + checks[i].error;
        params += checks[i].parameters;
        if (params > kMaxParameters)
            return "the network would have over " + std::to_string(kMaxParameters) + " parameters (" + layerName(i)
                + " alone has " + std::to_string(checks[i].parameters) + ")";
    }
    std::vector<bool> used(layers.size(), false);
    for (std::size_t i = 0; i < layers.size(); ++i)
        for (int k : inputsOf(i))
            if (k >= 0)
                used[std::size_t(k)] = true;
    for (std::size_t i = 0; i + 1 < layers.size(); ++i)
        if (!used[i])
            return layerName(i) + " (" + describeLayer(layers[i]) + "): no later layer reads its output";
    const Shape &out = checks.back().output;
    if (out.size() != 1)
        return "the network ends with a " + shapeToString(out) + " map: end it with Flatten and a dense layer";
    const LayerSpec &last = layers.back();
    switch (loss) {
    case LossKind::MeanSquaredError: break;
    case LossKind::BinaryCrossEntropy:
        if (last.kind != LayerKind::Activation || last.activation != ActivationKind::Sigmoid || layers.size() < 2)
            return "binary cross-entropy needs outputs between 0 and 1: end the network with a sigmoid";
        break;
    case LossKind::SoftmaxCrossEntropy:
        if (last.kind != LayerKind::Softmax || layers.size() < 2)
            return "softmax cross-entropy needs class probabilities: end the network with a softmax";
        break;
    default: return "unknown loss";
    }
    if (params == 0)
        return "the network has no dense or convolution layer, so nothing to learn";
    return {};
}

void ModelSpec::validate() const
{
    const std::string e = validationError();
    if (!e.empty())
        throw Error(e);
}

std::vector<Shape> ModelSpec::layerShapes() const
{
    validate();
    std::vector<Shape> shapes;
    for (const LayerCheck &c : check())
        shapes.push_back(c.output);
    return shapes;
}

Shape ModelSpec::outputShape() const
{
    return layerShapes().back();
}

std::size_t ModelSpec::parameterCount() const
{
    validate();
    std::size_t params = 0;
    for (const LayerCheck &c : check())
        params += c.parameters;
    return params;
}

ModelSpec ModelSpec::mlp(int inputs, const std::vector<int> &hidden, const std::vector<ActivationKind> &activations,
    int outputs, LossKind loss, ActivationKind outputActivation)
{
    if (!activations.empty() && activations.size() != 1 && activations.size() != hidden.size())
        throw Error("give one activation for all hidden layers or one per layer (" + std::to_string(hidden.size())
            + " layers, " + std::to_string(activations.size()) + " activations)");
    ModelSpec spec;
    spec.input = {inputs};
    spec.loss = loss;
    for (std::size_t i = 0; i < hidden.size(); ++i) {
        spec.layers.push_back(LayerSpec::dense(hidden[i]));
        const ActivationKind a = activations.empty() ? ActivationKind::Tanh
            : activations.size() == 1                ? activations[0]
                                                     : activations[i];
        spec.layers.push_back(LayerSpec::act(a));
    }
    spec.layers.push_back(LayerSpec::dense(outputs));
    if (loss == LossKind::BinaryCrossEntropy)
        spec.layers.push_back(LayerSpec::act(ActivationKind::Sigmoid));
    else if (loss == LossKind::SoftmaxCrossEntropy)
        spec.layers.push_back(LayerSpec::softmax());
    else if (outputActivation != ActivationKind::Linear)
        spec.layers.push_back(LayerSpec::act(outputActivation));
    return spec;
}

} // namespace ds
