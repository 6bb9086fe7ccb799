#include "snapshotbuilder.h"

#include "error.h"

namespace ds::app {

SnapshotBuilder::SnapshotBuilder(const PlaygroundConfig &config, int grid)
    : m_grid(grid), m_featureCount(data::featureCount(config.features))
{
    if (grid < 2)
        throw Error("the map grid needs at least 2 x 2 points");
    std::vector<data::Point2> points(std::size_t(grid) * grid);
    const float step = 2.0f * data::kDomain / float(grid - 1);
    for (int r = 0; r < grid; ++r)
        for (int c = 0; c < grid; ++c)
            points[std::size_t(r) * grid + c] = {-data::kDomain + c * step, data::kDomain - r * step, 0.0f};
    m_gridFeatures = data::featureMatrix(points, config.features);
}

void SnapshotBuilder::fill(Network &network, Snapshot &s)
{
    Backend &be = network.backend();
    const int cells = m_grid * m_grid;
    if (m_uploadedTo != &be) {
        m_gridInputs = be.fromHost(m_gridFeatures, {cells, m_featureCount});
        m_uploadedTo = &be;
    }
    network.forward(m_gridInputs, false);

    s.grid = m_grid;
    s.columnSizes = {m_featureCount};
    s.maps.assign(1, {});
    // The input column's maps are the features themselves, stored point-major: transpose.
    s.maps[0].resize(std::size_t(cells) * m_featureCount);
    for (int p = 0; p < cells; ++p)
        for (int f = 0; f < m_featureCount; ++f)
            s.maps[0][std::size_t(f) * cells + p] = m_gridFeatures[std::size_t(p) * m_featureCount + f];
    s.weights.clear();
    s.biases.clear();

    // Each Dense layer starts a diagram column; the column shows the output of the last layer
    // before the next Dense (its activation, softmax or the Dense itself), skipping dropout.
    const std::vector<float> params = network.parametersToHost();
    std::vector<float> out;
    for (int i = 0; i < network.layerCount(); ++i) {
        const Layer &layer = network.layer(i);
        if (layer.kind() != LayerKind::Dense)
            continue;
        const int units = network.layerShape(i)[0];
        const std::size_t from = std::size_t(s.columnSizes.back());
        const float *w = params.data() + network.parameterOffset(i);
        s.weights.emplace_back(w, w + from * units);
        s.biases.emplace_back(w + from * units, w + from * units + units);
        int shown = i;
        for (int j = i + 1; j < network.layerCount() && network.layer(j).kind() != LayerKind::Dense; ++j)
            if (network.layer(j).kind() != LayerKind::Dropout)
                shown = j;
        out = be.toHost(network.layerOutput(shown)); // (cells, units), point-major
        std::vector<float> column(std::size_t(cells) * units);
        for (int p = 0; p < cells; ++p)
            for (int u = 0; u < units; ++u)
                column[std::size_t(u) * cells + p] = out[std::size_t(p) * units + u];
        s.columnSizes.push_back(units);
        s.maps.push_back(std::move(column));
    }
}

} // namespace ds::app
