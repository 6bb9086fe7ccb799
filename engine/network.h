// Network: layers built from a ModelSpec on a backend. Owns one parameter buffer and one
// gradient buffer for all layers (a snapshot or a save is one copy), and the activations of the
// last forward pass, so that every neuron's output can be read back for display. The layers form
// a graph in the spec's order (each reads earlier outputs, ModelSpec::inputsOf); a chain is the
// case where each reads the one before.
// Not thread-safe: one thread (the training thread) uses a network.
#pragma once

#include "backend.h"
#include "layer.h"
#include "modelspec.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace ds {

// One layer's trainable weights and bias on the host. Dense: shape (inputs, units), the weight
// from input i to unit j at i * units + j; Conv2D: shape (filters, channels, kernel, kernel), as
// PyTorch's. `bias` has one value per unit or filter.
struct LayerWeights {
    Shape shape;
    std::vector<float> weights;
    std::vector<float> bias;
};

// One weighted layer (Dense or Conv2D) as training sees it (networkstats.cpp).
struct LayerStatistics {
    int layer = 0; // its index in the network
    float gradientRms = 0.0f; // root mean square of its weights' gradients, from the last backward
    // Mean and standard deviation of what the next layer gets (after the activation that
    // follows, if any) over the rows of the last forward.
    float activationMean = 0.0f, activationStd = 0.0f;
};

class Network {
public:
    // Validates the spec (throws ds::Error with its message) and initializes the parameters
    // from `seed` with the spec's initializer.
    Network(const ModelSpec &spec, Backend &backend, std::uint64_t seed);
    ~Network();

    const ModelSpec &spec() const { return m_spec; }
    Backend &backend() const { return m_backend; }
    int layerCount() const { return static_cast<int>(m_layers.size()); }
    Layer &layer(int i) const { return *m_layers.at(static_cast<std::size_t>(i)); }
    const Shape &layerShape(int i) const { return m_shapes.at(static_cast<std::size_t>(i)); }

    std::size_t parameterCount() const { return m_params.size(); }
    const Tensor &parameters() const { return m_params; }
    const Tensor &gradients() const { return m_grads; }
    const Tensor &regularizationMask() const { return m_regMask; }
    // Where layer i's parameters start in the buffer (the sum of earlier layers' counts).
    std::size_t parameterOffset(int i) const { return m_paramOffsets.at(static_cast<std::size_t>(i)); }
    std::vector<float> parametersToHost() const;
    void setParameters(const std::vector<float> &host); // throws on a size mismatch

    // What the app shows and edits, without knowing the parameter buffer's layout
    // (networkweights.cpp). layerWeights reads from a host copy (parametersToHost()), so that a
    // caller reading several layers downloads once; it and setLayerWeights throw ds::Error for a
    // layer that is not Dense or Conv2D, or weights of another shape.
    bool hasWeights(int i) const;
    LayerWeights layerWeights(int i, const std::vector<float> &hostParameters) const;
    void setLayerWeights(int i, const LayerWeights &weights);
    // In place, keeping every weight: an Activation layer's function, a Dropout layer's rate.
    void setActivation(int i, ActivationKind activation);
    void setDropoutRate(int i, float rate);
    // Where a diverging run first went wrong: the first layer whose parameters, or whose output
    // in the last forward pass, hold a value that is not finite (NaN or infinite); -1 when none.
    int firstNonFiniteLayer() const;
    // Every weighted layer's gradient size and output spread (downloads both buffers once).
    std::vector<LayerStatistics> layerStatistics() const;

    // How many rows one forward pass should take for a caller that runs many (evaluation,
    // predictions, searches): at most `most`, and no more than keep every layer's output (all of
    // them are kept, for the maps) within kForwardChunkBytes, rounded down to a multiple of 64
    // where 64 fit; at least 1. LeNet-5 takes 512 rows at a time, an ImageNet network a few.
    static constexpr double kForwardChunkBytes = 32e6;
    int forwardChunkRows(int most) const;
    // x (N, ...input) -> output (N, ...out). The returned view is valid until the next forward.
    const Tensor &forward(const Tensor &x, bool training);
    // Layer i's output from the last forward, (N, ...).
    const Tensor &layerOutput(int i) const { return m_outViews.at(static_cast<std::size_t>(i)); }
    // What the loss reads from the last forward: the output, or for the cross-entropies the
    // logits that enter the final sigmoid or softmax.
    const Tensor &lossInput() const;
    // Backpropagates dLoss/dLossInput (shaped as lossInput()) and fills gradients().
    void backward(const Tensor &lossInputGrad);

    // The outputs layer i reads (-1: the network input), as ModelSpec::inputsOf resolves them.
    const std::vector<int> &layerInputs(int i) const { return m_inputs.at(static_cast<std::size_t>(i)); }

    // Fine-tuning (LayerSpec::frozen): a frozen layer keeps its parameters; backward computes no
    // gradient for them, and none at all where only frozen layers lie upstream. setFrozen changes
    // it in place, keeping every weight (spec() follows); it throws ds::Error where the spec would
    // refuse it (a batch norm layer).
    void setFrozen(int i, bool frozen);
    // The parameters training moves, as (offset, count) ranges of the buffer in order, contiguous
    // ones merged: the whole buffer when nothing is frozen.
    const std::vector<std::pair<std::size_t, std::size_t>> &trainableRanges() const { return m_trainable; }

private:
    void prepareRows(int rows);
    void prepareGradientRows(); // for m_rows, at the first backward of that batch size
    const Tensor &outputOrInput(int i) const { return i < 0 ? m_input : m_outViews[std::size_t(i)]; }

    ModelSpec m_spec;
    Backend &m_backend;
    std::vector<std::unique_ptr<Layer>> m_layers;
    std::vector<Shape> m_shapes;
    std::size_t m_valuesPerRow = 0; // every layer's output values for one row (forwardChunkRows)
    std::vector<std::size_t> m_paramOffsets;
    Tensor m_params, m_grads, m_regMask;
    int m_lossLayers; // how many layers the loss reads after (skips the fused head)

    // Activations and their gradients, one buffer per layer sized for m_capacity (m_gradCapacity)
    // rows, and views of them for the current m_rows (rebuilt only when the batch size changes).
    int m_capacity = 0, m_gradCapacity = 0;
    int m_rows = -1, m_gradRows = -1;
    std::vector<Tensor> m_outputs, m_outGrads, m_outViews, m_gradViews;
    Tensor m_input; // the last forward's input

    std::vector<std::vector<int>> m_inputs; // per layer
    // An output read by several layers gets the sum of their gradients: the first (the latest
    // layer, as backward runs) writes it, the others write here and add.
    std::vector<bool> m_fanOut;
    std::vector<Tensor> m_extraGrads, m_extraViews;
    std::vector<const Tensor *> m_xs, m_dxs; // forwardMany's and backwardMany's arguments, kept
    std::vector<char> m_written; // backward: whose gradient a layer has written
    void updateFrozen(); // m_trainable and m_needsGradient from the spec's frozen flags
    std::vector<std::pair<std::size_t, std::size_t>> m_trainable;
    // Per layer: whether backward must run it (it, or a layer upstream of it, has parameters that train).
    std::vector<char> m_needsGradient;
};

} // namespace ds
