// Network: what learning does inside, per weighted layer — how big its weight gradients are (the
// vanishing-gradient picture) and how its outputs spread — from the last backward and forward.
#include "network.h"

#include <algorithm>
#include <cmath>

namespace ds {

std::vector<LayerStatistics> Network::layerStatistics() const
{
    std::vector<LayerStatistics> out;
    const std::vector<float> grads = m_backend.toHost(m_grads);
    for (int i = 0; i < layerCount(); ++i) {
        if (!hasWeights(i))
            continue;
        LayerStatistics s;
        s.layer = i;
        // The weights' gradients, not the bias's: one bias per unit (neuron or filter) comes last
        // in a layer's block.
        const std::size_t begin = parameterOffset(i);
        const std::size_t count = layer(i).paramCount() - std::size_t(m_spec.layers[std::size_t(i)].units);
        double squares = 0.0;
        for (std::size_t k = begin; k < begin + count; ++k)
            squares += double(grads[k]) * grads[k];
        s.gradientRms = count ? float(std::sqrt(squares / double(count))) : 0.0f;
        // What the next layer sees: the output after the activation that follows, if one does.
        const int shown = i + 1 < layerCount() && layer(i + 1).kind() == LayerKind::Activation
                && m_inputs[std::size_t(i + 1)] == std::vector<int> {i}
            ? i + 1
            : i;
        if (m_rows > 0) {
            const std::vector<float> values = m_backend.toHost(m_outViews[std::size_t(shown)]);
            double sum = 0.0, sum2 = 0.0;
            for (float v : values) {
                sum += v;
                sum2 += double(v) * v;
            }
            const double n = double(std::max<std::size_t>(values.size(), 1));
            s.activationMean = float(sum / n);
            s.activationStd = float(std::sqrt(std::max(0.0, sum2 / n - (sum / n) * (sum / n))));
        }
        out.push_back(s);
    }
    return out;
}

} // namespace ds
