#include "network.h"

#include "error.h"
#include "makelayer.h"

namespace ds {

Network::Network(const ModelSpec &spec, Backend &backend, std::uint64_t seed) : m_spec(spec), m_backend(backend)
{
    m_spec.validate();
    m_shapes = m_spec.layerShapes();
    for (const Shape &shape : m_shapes)
        m_valuesPerRow += elementCount(shape);
    m_lossLayers = static_cast<int>(m_spec.layers.size()) - (m_spec.lossTakesLogits() ? 1 : 0);

    Rng rng(seed);
    std::size_t total = 0;
    std::vector<int> readers(m_spec.layers.size(), 0);
    for (std::size_t i = 0; i < m_spec.layers.size(); ++i) {
        m_inputs.push_back(m_spec.inputsOf(i));
        for (int k : m_inputs.back())
            if (k >= 0)
                ++readers[std::size_t(k)];
        const int first = m_inputs.back().front();
        const Shape &in = first < 0 ? m_spec.input : m_shapes[std::size_t(first)];
        m_layers.push_back(makeLayer(m_spec.layers[i], in, backend, rng.next()));
        m_paramOffsets.push_back(total);
        total += m_layers.back()->paramCount();
    }
    for (int r : readers)
        m_fanOut.push_back(r > 1);

    // One buffer for all parameters, one for their gradients: initialized on the host, uploaded once.
    std::vector<float> host(total, 0.0f), mask(total, 0.0f);
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        m_layers[i]->initParams(host.data() + m_paramOffsets[i], m_spec.init, rng);
        m_layers[i]->markRegularized(mask.data() + m_paramOffsets[i]);
    }
    m_params = backend.fromHost(host, {static_cast<int>(total)});
    m_grads = backend.tensor({static_cast<int>(total)});
    m_regMask = backend.fromHost(mask, {static_cast<int>(total)});
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const Shape s {static_cast<int>(m_layers[i]->paramCount())};
        m_layers[i]->bindParams(
            Tensor(m_params.buffer(), s, m_paramOffsets[i]), Tensor(m_grads.buffer(), s, m_paramOffsets[i]));
    }
    updateFrozen();
}

void Network::updateFrozen()
{
    m_trainable.clear();
    m_needsGradient.assign(m_layers.size(), 0);
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        Layer &layer = *m_layers[i];
        layer.setFrozen(m_spec.layers[i].frozen);
        const std::size_t count = layer.paramCount();
        bool needs = count > 0 && !layer.frozen();
        for (int k : m_inputs[i])
            needs = needs || (k >= 0 && m_needsGradient[std::size_t(k)]);
        m_needsGradient[i] = needs;
        if (count == 0 || layer.frozen())
            continue;
        if (!m_trainable.empty() && m_trainable.back().first + m_trainable.back().second == m_paramOffsets[i])
            m_trainable.back().second += count;
        else
            m_trainable.emplace_back(m_paramOffsets[i], count);
    }
}

void Network::setFrozen(int i, bool frozen)
{
    ModelSpec spec = m_spec;
    spec.layers.at(static_cast<std::size_t>(i)).frozen = frozen;
    spec.validate();
    m_spec = std::move(spec);
    updateFrozen();
}

Network::~Network() = default;

std::vector<float> Network::parametersToHost() const
{
    return m_backend.toHost(m_params);
}

void Network::setParameters(const std::vector<float> &host)
{
    if (host.size() != m_params.size())
        throw Error(
            "the network has " + std::to_string(m_params.size()) + " parameters, not " + std::to_string(host.size()));
    m_backend.upload(host.data(), m_params);
}

void Network::prepareRows(int rows)
{
    if (rows == m_rows)
        return;
    if (rows > m_capacity) {
        m_capacity = rows;
        m_outputs.clear();
        for (const Shape &shape : m_shapes) {
            Shape full = shape;
            full.insert(full.begin(), m_capacity);
            m_outputs.push_back(m_backend.tensor(full));
        }
    }
    m_rows = rows;
    m_outViews.clear();
    for (std::size_t i = 0; i < m_shapes.size(); ++i)
        m_outViews.push_back(m_outputs[i].rows(0, rows));
}

// The gradient buffers are sized by the batches that train, not by the evaluation chunks, which
// are larger: evaluating never allocates them (they would double the activations' memory).
void Network::prepareGradientRows()
{
    if (m_gradRows == m_rows)
        return;
    if (m_rows > m_gradCapacity) {
        m_gradCapacity = m_rows;
        m_outGrads.clear();
        m_extraGrads.clear();
        for (std::size_t i = 0; i < m_shapes.size(); ++i) {
            Shape full = m_shapes[i];
            full.insert(full.begin(), m_gradCapacity);
            m_outGrads.push_back(m_backend.tensor(full));
            m_extraGrads.push_back(m_fanOut[i] ? m_backend.tensor(full) : Tensor());
        }
    }
    m_gradRows = m_rows;
    m_gradViews.clear();
    m_extraViews.clear();
    for (std::size_t i = 0; i < m_shapes.size(); ++i) {
        m_gradViews.push_back(m_outGrads[i].rows(0, m_rows));
        m_extraViews.push_back(m_fanOut[i] ? m_extraGrads[i].rows(0, m_rows) : Tensor());
    }
}

int Network::forwardChunkRows(int most) const
{
    const double perRow = double(std::max<std::size_t>(m_valuesPerRow, 1)) * sizeof(float);
    const int fit = int(std::min(double(std::max(most, 1)), std::max(1.0, kForwardChunkBytes / perRow)));
    // Whole multiples of 64 rows keep every row at the same place within the matrix products'
    // packets as the training batches' usual sizes, whatever the chunk.
    return fit >= 64 && fit < most ? fit / 64 * 64 : fit;
}

const Tensor &Network::forward(const Tensor &x, bool training)
{
    if (x.rank() < 1 || x.rowSize() != elementCount(m_spec.input))
        throw Error("the network expects rows of " + std::to_string(elementCount(m_spec.input)) + " inputs, got "
            + shapeToString(x.shape()));
    prepareRows(x.dim(0));
    // Remember the input for backward; copying a Tensor allocates its shape, so only on change.
    if (m_input.data() != x.data() || m_input.shape() != x.shape())
        m_input = x;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const std::vector<int> &from = m_inputs[i];
        if (from.size() == 1) {
            m_layers[i]->forward(outputOrInput(from[0]), m_outViews[i], training);
            continue;
        }
        m_xs.clear();
        for (int k : from)
            m_xs.push_back(&outputOrInput(k));
        m_layers[i]->forwardMany(m_xs, m_outViews[i], training);
    }
    return m_outViews.back();
}

const Tensor &Network::lossInput() const
{
    if (m_rows < 0)
        throw Error("no forward pass has run yet");
    return m_outViews[static_cast<std::size_t>(m_lossLayers - 1)];
}

void Network::backward(const Tensor &lossInputGrad)
{
    // Backward in reverse order: when a layer runs, every layer that reads its output has already
    // run, so its gradient is complete. Each layer writes the gradients of its inputs; an output
    // that several layers read gets the first written in place and the others added to it. The
    // network input's gradient is never needed.
    if (m_rows < 0)
        throw Error("no forward pass has run yet");
    prepareGradientRows();
    std::vector<char> &written = m_written;
    written.assign(m_layers.size(), 0);
    for (int i = m_lossLayers - 1; i >= 0; --i) {
        const std::size_t u = static_cast<std::size_t>(i);
        if (!m_needsGradient[u])
            continue; // frozen, or without parameters, and so is everything upstream
        const Tensor &dy = i == m_lossLayers - 1 ? lossInputGrad : m_gradViews[u];
        const std::vector<int> &from = m_inputs[u];
        m_xs.clear();
        m_dxs.clear();
        for (int k : from) {
            m_xs.push_back(&outputOrInput(k));
            if (k < 0 || !m_needsGradient[std::size_t(k)]) {
                m_dxs.push_back(nullptr);
                continue;
            }
            const std::size_t ku = std::size_t(k);
            m_dxs.push_back(written[ku] ? &m_extraViews[ku] : &m_gradViews[ku]);
            written[ku] = 1;
        }
        if (from.size() == 1)
            m_layers[u]->backward(*m_xs[0], m_outViews[u], dy, m_dxs[0]);
        else
            m_layers[u]->backwardMany(m_xs, m_outViews[u], dy, m_dxs);
        for (std::size_t j = 0; j < from.size(); ++j)
            if (m_dxs[j] && m_dxs[j] == &m_extraViews[std::size_t(from[j])])
                m_backend.addRowVector(m_gradViews[std::size_t(from[j])], *m_dxs[j]);
    }
}

} // namespace ds
