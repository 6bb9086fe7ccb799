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
    const std::vector<data::Point2> train = config.points().train;
    m_pointFeatures = data::featureMatrix(train, config.features);
    for (const auto &p : train)
        m_pointValues.push_back(p.value);
}

void SnapshotBuilder::columnOutputs(Network &network, const Tensor &inputs)
{
    network.forward(inputs, false);
    // Each Dense layer starts a diagram column; the column shows the output of the last layer
    // before the next Dense (its activation, softmax or the Dense itself), skipping dropout.
    std::size_t column = 0;
    for (int i = 0; i < network.layerCount(); ++i) {
        if (network.layer(i).kind() != LayerKind::Dense)
            continue;
        int shown = i;
        for (int j = i + 1; j < network.layerCount() && network.layer(j).kind() != LayerKind::Dense; ++j)
            if (network.layer(j).kind() != LayerKind::Dropout)
                shown = j;
        const Tensor &out = network.layerOutput(shown);
        if (m_columns.size() <= column)
            m_columns.emplace_back();
        m_columns[column].resize(out.size()); // reused from call to call: no page faults per frame
        network.backend().download(out, m_columns[column].data());
        ++column;
    }
}

// Copies `rows` x `units` values, stored point-major, into dst neuron-major (one map after another).
static void transposeInto(std::vector<float> &dst, const float *pointMajor, int rows, int units)
{
    dst.resize(std::size_t(rows) * units);
    for (int p = 0; p < rows; ++p)
        for (int u = 0; u < units; ++u)
            dst[std::size_t(u) * rows + p] = pointMajor[std::size_t(p) * units + u];
}

void SnapshotBuilder::upload(Backend &be)
{
    if (m_uploadedTo == &be)
        return;
    m_gridInputs = be.fromHost(m_gridFeatures, {m_grid * m_grid, m_featureCount});
    if (!m_pointValues.empty())
        m_pointInputs = be.fromHost(m_pointFeatures, {int(m_pointValues.size()), m_featureCount});
    m_uploadedTo = &be;
}

std::vector<float> SnapshotBuilder::outputMaps(Network &network)
{
    upload(network.backend());
    columnOutputs(network, m_gridInputs);
    const int cells = m_grid * m_grid;
    std::vector<float> out;
    transposeInto(out, m_columns.back().data(), cells, int(m_columns.back().size()) / cells);
    return out;
}

void SnapshotBuilder::fill(Network &network, Snapshot &s)
{
    Backend &be = network.backend();
    const int cells = m_grid * m_grid;
    const int points = int(m_pointValues.size());
    upload(be);
    // Sizes first; vectors keep their storage when `s` is a recycled snapshot.
    s.grid = m_grid;
    s.columnSizes.assign(1, m_featureCount);
    for (int i = 0; i < network.layerCount(); ++i)
        if (network.layer(i).kind() == LayerKind::Dense)
            s.columnSizes.push_back(network.layerShape(i)[0]);
    const std::size_t columns = s.columnSizes.size();
    s.maps.resize(columns);
    s.pointActivations.resize(columns);
    s.weights.resize(columns - 1);
    s.biases.resize(columns - 1);

    s.pointValues = m_pointValues;
    s.pointActivations[0] = m_pointFeatures;
    if (points > 0) {
        columnOutputs(network, m_pointInputs);
        for (std::size_t c = 1; c < columns; ++c)
            s.pointActivations[c].assign(m_columns[c - 1].begin(), m_columns[c - 1].end());
    }
    transposeInto(s.maps[0], m_gridFeatures.data(), cells, m_featureCount);
    columnOutputs(network, m_gridInputs);
    for (std::size_t c = 1; c < columns; ++c)
        transposeInto(s.maps[c], m_columns[c - 1].data(), cells, s.columnSizes[c]);

    m_params.resize(network.parameterCount());
    be.download(network.parameters(), m_params.data());
    std::size_t c = 0;
    for (int i = 0; i < network.layerCount(); ++i) {
        if (network.layer(i).kind() != LayerKind::Dense)
            continue;
        LayerWeights w = network.layerWeights(i, m_params); // (from, units), as the diagram reads
        s.weights[c] = std::move(w.weights);
        s.biases[c] = std::move(w.bias);
        ++c;
    }
}

} // namespace ds::app
