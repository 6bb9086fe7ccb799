// ModelSpec: a plain value that describes a network — what the UI edits, files store, and a
// Network is built from. validationError() says, in words a person can act on, why a spec cannot
// be built (no layers, 0 neurons, a 5x5 kernel on a 3x3 map, a loss that does not fit the
// output, absurd sizes); check() says it for every layer, with each layer's output shape and
// parameter count, for the layer editor. A Network refuses an invalid spec with that message.
#pragma once

#include "kinds.h"
#include "layer.h"
#include "tensor.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace ds {

struct LayerSpec {
    LayerKind kind = LayerKind::Dense;
    int units = 0; // Dense: neurons; Conv2D: filters (output channels); Residual: the layers it spans
    ActivationKind activation = ActivationKind::Linear; // Activation
    float rate = 0.0f; // Dropout: probability of dropping
    // Conv2D and the pools: a square kernel (window), its stride, zero padding on every side and,
    // for Conv2D, dilation.
    int kernel = 0;
    int stride = 1;
    int padding = 0;
    int dilation = 1;
    // What the layer reads: indices of earlier layers, -1 for the network's input. Empty is the
    // chain: the layer before (or the input, for the first). Add and Concat name two or more, Mul
    // two; every other kind at most one.
    std::vector<int> inputs {};
    int groups = 1; // Conv2D: channels and filters split into this many independent groups
    bool ceilMode = false; // the pools: round the output size up (PyTorch's ceil_mode)
    // Fine-tuning: training leaves this layer's parameters exactly as they are and computes no
    // gradient for them (nor any gradient that only frozen layers before it would use).
    bool frozen = false;

    static LayerSpec dense(int units) { return {LayerKind::Dense, units}; }
    static LayerSpec act(ActivationKind a) { return {LayerKind::Activation, 0, a}; }
    static LayerSpec softmax() { return {LayerKind::Softmax}; }
    static LayerSpec dropout(float rate) { return {LayerKind::Dropout, 0, ActivationKind::Linear, rate}; }
    static LayerSpec conv(int filters, int kernel, int stride = 1, int padding = 0, int dilation = 1)
    {
        return {LayerKind::Conv2D, filters, ActivationKind::Linear, 0.0f, kernel, stride, padding, dilation};
    }
    // stride 0 means "the window" (PyTorch's default).
    static LayerSpec maxPool(int window, int stride = 0, int padding = 0)
    {
        return {LayerKind::MaxPool2D, 0, ActivationKind::Linear, 0.0f, window, stride ? stride : window, padding};
    }
    static LayerSpec avgPool(int window, int stride = 0, int padding = 0)
    {
        return {LayerKind::AvgPool2D, 0, ActivationKind::Linear, 0.0f, window, stride ? stride : window, padding};
    }
    static LayerSpec flatten() { return {LayerKind::Flatten}; }
    static LayerSpec batchNorm() { return {LayerKind::BatchNorm}; }
    static LayerSpec globalAvgPool() { return {LayerKind::GlobalAvgPool}; }
    // A skip connection: adds the input of the `span` layers before it to their output, so that
    // they learn a correction to it (He et al. 2016). The shapes must match.
    static LayerSpec residual(int span) { return {LayerKind::Residual, span}; }
    static LayerSpec add(std::vector<int> from) { return joined(LayerKind::Add, std::move(from)); }
    static LayerSpec concat(std::vector<int> from) { return joined(LayerKind::Concat, std::move(from)); }
    static LayerSpec mul(int a, int b) { return joined(LayerKind::Mul, {a, b}); }
    static LayerSpec joined(LayerKind kind, std::vector<int> from)
    {
        LayerSpec l {kind};
        l.inputs = std::move(from);
        return l;
    }
    // This layer reading `from` instead of the layer before it.
    LayerSpec from(std::vector<int> sources) const
    {
        LayerSpec l = *this;
        l.inputs = std::move(sources);
        return l;
    }
    bool operator==(const LayerSpec &) const = default;
};

// The names files and the UI use for layer kinds: "dense", "conv2d", "maxpool2d", ...
const std::vector<KindName<LayerKind>> &layerKindNames();
std::string nameOf(LayerKind k);
LayerKind layerKindFromName(const std::string &name);
// Whether a kind uses LayerSpec::kernel/stride/padding (and dilation for Conv2D).
bool hasWindow(LayerKind k);
// Add, Concat and Mul: the kinds that read several layers.
bool isJoin(LayerKind k);
// "conv 5x5, 8 filters, pad 2" — one line for lists and errors.
std::string describeLayer(const LayerSpec &l);

// What check() reports for one layer.
struct LayerCheck {
    Shape output; // one row's output shape; empty when the layer has an error or follows one
    std::size_t parameters = 0; // trainable parameters (BatchNorm's running statistics excluded)
    std::string error; // why the layer cannot follow the one before; "" when it can
};

struct ModelSpec {
    Shape input; // one input row: {7} for features, {C, H, W} for images
    std::vector<LayerSpec> layers;
    LossKind loss = LossKind::MeanSquaredError;
    InitKind init = InitKind::Xavier;
    bool operator==(const ModelSpec &) const = default;

    // Limits that keep a typo from asking for gigabytes. The parameters allow VGG-16 (138 M);
    // whether a network fits the machine is the workload estimate's call (workload.h).
    static constexpr int kMaxUnits = 65536;
    static constexpr int kMaxKernel = 64;
    static constexpr std::size_t kMaxParameters = 256u << 20;
    static constexpr std::size_t kMaxInputSize = 16u << 20;
    static constexpr std::size_t kMaxActivationSize = 16u << 20; // one layer's output, one row

    // One entry per layer, in order.
    std::vector<LayerCheck> check() const;
    // Layer i's entry, given the entries of the layers before it (all without errors): what
    // check() does for one layer, for a builder that adds layers one at a time (the ONNX importer,
    // which checked the whole spec after each node: quadratic in the nodes).
    LayerCheck checkAt(std::size_t i, std::span<const LayerCheck> earlier) const;
    // The outputs layer i reads, resolved: its `inputs`, or the chain's layer before it (-1: the
    // network input), and for a residual layer also the start of the block it spans.
    std::vector<int> inputsOf(std::size_t i) const;
    // Whether some layer reads other than the one before it (a residual layer does not count).
    bool isGraph() const;
    // "" when the spec can be built, else the first problem found.
    std::string validationError() const;
    // Throws ds::Error(validationError()) when there is a problem.
    void validate() const;
    // Output shape (one row) of every layer; requires a valid spec.
    std::vector<Shape> layerShapes() const;
    Shape outputShape() const;
    std::size_t parameterCount() const; // trainable
    // The loss reads the logits before the last layer (sigmoid or softmax) for the cross-entropies.
    bool lossTakesLogits() const { return loss != LossKind::MeanSquaredError; }

    // A multilayer perceptron: Dense + activation per hidden layer (`activations` holds one per
    // hidden layer, or a single one for all), then a Dense output layer and the head the loss
    // needs: sigmoid for binary cross-entropy, softmax for softmax cross-entropy, else
    // `outputActivation` (tanh as in TensorFlow Playground, or linear for regression).
    static ModelSpec mlp(int inputs, const std::vector<int> &hidden, const std::vector<ActivationKind> &activations,
        int outputs, LossKind loss, ActivationKind outputActivation = ActivationKind::Linear);
};

} // namespace ds
