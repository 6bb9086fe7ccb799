#include "network.h"

#include "error.h"
#include "makelayer.h"
#include "residual.h"

namespace ds {

Network::Network(const ModelSpec &spec, Backend &backend, std::uint64_t seed) : m_spec(spec), m_backend(backend)
{
    m_spec.validate();
    m_shapes = m_spec.layerShapes();
    m_lossLayers = static_cast<int>(m_spec.layers.size()) - (m_spec.lossTakesLogits() ? 1 : 0);

    Rng rng(seed);
    Shape in = m_spec.input;
    std::size_t total = 0;
    for (std::size_t i = 0; i < m_spec.layers.size(); ++i) {
        m_layers.push_back(makeLayer(m_spec.layers[i], in, backend, rng.next()));
        m_paramOffsets.push_back(total);
        total += m_layers.back()->paramCount();
        in = m_shapes[i];
    }

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
        m_outGrads.clear();
        for (const Shape &s : m_shapes) {
            Shape full = s;
            full.insert(full.begin(), m_capacity);
            m_outputs.push_back(m_backend.tensor(full));
            m_outGrads.push_back(m_backend.tensor(full));
        }
    }
    m_rows = rows;
    m_outViews.clear();
    m_gradViews.clear();
    for (std::size_t i = 0; i < m_shapes.size(); ++i) {
        m_outViews.push_back(m_outputs[i].rows(0, rows));
        m_gradViews.push_back(m_outGrads[i].rows(0, rows));
    }
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
    const Tensor *in = &x;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        if (m_spec.layers[i].kind == LayerKind::Residual) {
            const int from = skipSource(int(i));
            static_cast<Residual &>(*m_layers[i]).setSkip(from < 0 ? m_input : m_outViews[std::size_t(from)]);
        }
        m_layers[i]->forward(*in, m_outViews[i], training);
        in = &m_outViews[i];
    }
    return m_outViews.back();
}

const Tensor &Network::lossInput() const
{
    if (m_rows < 0)
        throw Error("no forward pass has run yet");
    return m_outViews[static_cast<std::size_t>(m_lossLayers - 1)];
}

int Network::skipSource(int i) const
{
    return i - m_spec.layers[std::size_t(i)].units - 1;
}

void Network::backward(const Tensor &lossInputGrad)
{
    // A residual layer's dy also flows back along its skip: it is added to the gradient of the
    // output its skip starts from, once the layer after that output has written it. Layers only
    // write the gradient of their input, so each residual's dy is still intact by then.
    std::vector<std::pair<int, const Tensor *>> skips; // (source output, dy of the residual)
    const Tensor *dy = &lossInputGrad;
    for (int i = m_lossLayers - 1; i >= 0; --i) {
        const std::size_t u = static_cast<std::size_t>(i);
        const Tensor &x = i == 0 ? m_input : m_outViews[u - 1];
        // The first layer's input gradient is never needed.
        const Tensor *dx = i == 0 ? nullptr : &m_gradViews[u - 1];
        if (m_spec.layers[u].kind == LayerKind::Residual && skipSource(i) >= 0)
            skips.emplace_back(skipSource(i), dy);
        m_layers[u]->backward(x, m_outViews[u], *dy, dx);
        for (const auto &[source, skipDy] : skips)
            if (dx && source == i - 1)
                m_backend.addRowVector(*dx, *skipDy);
        dy = dx;
    }
}

} // namespace ds
