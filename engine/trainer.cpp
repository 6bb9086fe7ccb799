#include "trainer.h"

#include "error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ds {

bool Metrics::finite() const
{
    return std::isfinite(loss);
}

namespace {

// Rows per chunk when inputs are filled or uploaded a part at a time: about 16 MB of them.
int chunkRows(std::size_t rowSize)
{
    return int(std::max<std::size_t>(1, (std::size_t(16) << 20) / (std::max<std::size_t>(rowSize, 1) * sizeof(float))));
}

bool allFinite(const float *values, std::size_t count)
{
    return std::all_of(values, values + count, [](float v) { return std::isfinite(v); });
}

} // namespace

Trainer::Trainer(Network &network, TrainingData train, const TrainerConfig &config)
    : m_network(network), m_backend(network.backend()), m_data(std::move(train)), m_config(config), m_rng(config.seed)
{
    checkData(m_data);
    if (config.batchSize < 1)
        throw Error("the batch size must be at least 1 (got " + std::to_string(config.batchSize) + ")");
    Shape inShape = network.spec().input;
    inShape.insert(inShape.begin(), m_data.rows);
    const std::size_t rowSize = elementCount(network.spec().input);
    if (m_data.rowsInto) {
        // Filled a chunk at a time: straight into the tensor on the CPU, through a chunk-sized
        // host buffer to a GPU.
        m_inputs = m_backend.tensor(inShape);
        const int chunk = chunkRows(rowSize);
        std::vector<float> host(m_backend.device() == Device::Cpu ? 0 : std::size_t(chunk) * rowSize);
        for (int first = 0; first < m_data.rows; first += chunk) {
            const int rows = std::min(chunk, m_data.rows - first);
            const Tensor view = m_inputs.rows(first, rows);
            float *dst = host.empty() ? view.data() : host.data();
            m_data.rowsInto(first, rows, dst);
            if (!allFinite(dst, std::size_t(rows) * rowSize))
                throw Error("the data holds a value that is not a finite number");
            if (!host.empty())
                m_backend.upload(host.data(), view);
        }
        m_data.rowsInto = nullptr; // the inputs are the device's now, as with `inputs`
    } else {
        m_inputs = m_backend.fromHost(m_data.inputs, inShape);
    }
    m_inputValues = std::size_t(m_data.rows) * rowSize;
    m_data.inputs = {};
    m_targets = m_backend.fromHost(m_data.targets, {m_data.rows, m_data.targetColumns});
    const int n = static_cast<int>(network.parameterCount());
    m_state1 = m_backend.tensor({n});
    m_state2 = m_backend.tensor({n});
    m_order.resize(static_cast<std::size_t>(m_data.rows));
    std::iota(m_order.begin(), m_order.end(), 0);
}

TrainingData Trainer::data() const
{
    TrainingData d = m_data;
    d.inputs = m_backend.toHost(m_inputs);
    return d;
}

void Trainer::continueFrom(const Trainer &other)
{
    if (other.m_inputs.size() != m_inputs.size() || other.m_targets.size() != m_targets.size()
        || other.m_state1.size() != m_state1.size())
        throw Error("cannot continue a run on another network or data set");
    m_rng = other.m_rng;
    m_order = other.m_order;
    m_cursor = other.m_cursor;
    m_updates = other.m_updates;
    m_optimizerStep = other.m_optimizerStep;
    m_epoch = other.m_epoch;
    // Through the host: the two trainers may live on different devices.
    const auto carry
        = [&](const Tensor &from, const Tensor &to) { m_backend.upload(other.m_backend.toHost(from).data(), to); };
    carry(other.m_state1, m_state1);
    carry(other.m_state2, m_state2);
    carry(other.m_inputs, m_inputs);
    for (int i = 0; i < m_network.layerCount(); ++i)
        m_network.layer(i).setRunCounter(other.m_network.layer(i).runCounter());
}

TrainerState Trainer::saveState(bool withInputs) const
{
    TrainerState s;
    s.rng = m_rng.state();
    s.order = m_order;
    s.cursor = m_cursor;
    s.updates = m_updates;
    s.optimizerStep = m_optimizerStep;
    s.epoch = m_epoch;
    s.moments1 = m_backend.toHost(m_state1);
    s.moments2 = m_backend.toHost(m_state2);
    if (withInputs)
        s.inputs = m_backend.toHost(m_inputs);
    for (int i = 0; i < m_network.layerCount(); ++i)
        s.layerCounters.push_back(m_network.layer(i).runCounter());
    return s;
}

void Trainer::restoreState(const TrainerState &s)
{
    if (s.moments1.size() != m_state1.size() || s.moments2.size() != m_state2.size()
        || (!s.inputs.empty() && s.inputs.size() != m_inputs.size()) || s.order.size() != m_order.size()
        || s.layerCounters.size() != std::size_t(m_network.layerCount()))
        throw Error("the saved training state belongs to another network or data set");
    // The trainer never rests at the end of its order (it wraps to 0), so cursor < rows.
    if (s.cursor < 0 || s.cursor >= int(s.order.size()) || s.updates < 0 || s.epoch < 0 || s.optimizerStep < 0
        || s.epoch > 1000000000LL || s.updates > (1LL << 50))
        throw Error("the saved training state is damaged (its counters are out of range)");
    std::vector<bool> seen(s.order.size(), false);
    for (int row : s.order) {
        if (row < 0 || row >= m_data.rows || seen[std::size_t(row)])
            throw Error("the saved training state is damaged (its shuffle is not an order of the rows)");
        seen[std::size_t(row)] = true;
    }
    const auto finite = [](float v) { return std::isfinite(v); };
    if (!std::all_of(s.moments1.begin(), s.moments1.end(), finite)
        || !std::all_of(s.moments2.begin(), s.moments2.end(), [](float v) { return std::isfinite(v) && v >= 0.0f; }))
        throw Error("the saved optimizer state holds a value that is not a finite number");
    if (std::any_of(s.inputs.begin(), s.inputs.end(), [](float v) { return !std::isfinite(v); }))
        throw Error("the saved training inputs hold a value that is not a finite number");
    m_rng.setState(s.rng);
    m_order = s.order;
    m_cursor = s.cursor;
    m_updates = s.updates;
    m_optimizerStep = s.optimizerStep;
    m_epoch = s.epoch;
    m_backend.upload(s.moments1.data(), m_state1);
    m_backend.upload(s.moments2.data(), m_state2);
    if (!s.inputs.empty())
        m_backend.upload(s.inputs.data(), m_inputs);
    for (int i = 0; i < m_network.layerCount(); ++i)
        m_network.layer(i).setRunCounter(s.layerCounters[std::size_t(i)]);
}

void Trainer::checkData(const TrainingData &data) const
{
    const std::size_t rowSize = elementCount(m_network.spec().input);
    const std::size_t outputs = elementCount(m_network.spec().outputShape());
    if (data.rows < 1)
        throw Error("there are no data points to train on");
    // A filler's rows are checked as they are written.
    if (!data.rowsInto && data.inputs.size() != rowSize * std::size_t(data.rows))
        throw Error("the data has " + std::to_string(data.inputs.size() / std::size_t(data.rows))
            + " inputs per point but the network expects " + std::to_string(rowSize));
    if (std::size_t(data.targetColumns) != outputs
        || data.targets.size() != std::size_t(data.targetColumns) * std::size_t(data.rows))
        throw Error("the targets have " + std::to_string(data.targetColumns) + " columns but the network has "
            + std::to_string(outputs) + " outputs");
    auto bad = [](float v) { return !std::isfinite(v); };
    if (std::any_of(data.inputs.begin(), data.inputs.end(), bad)
        || std::any_of(data.targets.begin(), data.targets.end(), bad))
        throw Error("the data holds a value that is not a finite number");
}

void Trainer::replaceInputs(const std::vector<float> &inputs)
{
    if (inputs.size() != m_inputValues)
        throw Error(
            "new training inputs of " + std::to_string(inputs.size()) + " values for " + std::to_string(m_inputValues));
    if (std::any_of(inputs.begin(), inputs.end(), [](float v) { return !std::isfinite(v); }))
        throw Error("the new training inputs hold a value that is not a finite number");
    m_backend.upload(inputs.data(), m_inputs);
}

void Trainer::replaceInputRows(int first, int count, const float *values)
{
    const int rows = int(m_inputs.isNull() ? 0 : m_inputs.dim(0));
    if (first < 0 || count < 0 || first > rows - count)
        throw Error("input rows " + std::to_string(first) + ".." + std::to_string(first + count) + " of "
            + std::to_string(rows));
    const Tensor view = m_inputs.rows(first, count);
    if (!allFinite(values, view.size()))
        throw Error("the new training inputs hold a value that is not a finite number");
    m_backend.upload(values, view);
}

void Trainer::setConfig(const TrainerConfig &config)
{
    if (config.batchSize < 1)
        throw Error("the batch size must be at least 1 (got " + std::to_string(config.batchSize) + ")");
    if (config.optimizer.kind != m_config.optimizer.kind) {
        m_backend.fill(m_state1, 0.0f);
        m_backend.fill(m_state2, 0.0f);
        m_optimizerStep = 0;
    }
    if (config.batchSize != m_config.batchSize)
        m_cursor = 0;
    m_config = config;
}

int Trainer::updatesPerEpoch() const
{
    const int b = std::min(m_config.batchSize, m_data.rows);
    return (m_data.rows + b - 1) / b;
}

double Trainer::epochProgress() const
{
    return double(m_epoch) + double(m_cursor) / double(m_data.rows);
}

float Trainer::learningRate() const
{
    return scheduledLearningRate(m_config.schedule, m_config.optimizer.learningRate, double(m_epoch));
}

void Trainer::prepareBatch(int rows)
{
    if (rows == m_viewRows)
        return;
    const int capacity = std::min(m_config.batchSize, m_data.rows);
    if (m_batchIn.isNull() || m_batchIn.dim(0) < capacity) {
        Shape s = m_network.spec().input;
        s.insert(s.begin(), capacity);
        m_batchIn = m_backend.tensor(s);
        m_batchTarget = m_backend.tensor({capacity, m_data.targetColumns});
        // The loss input (output or logits) has as many columns as the targets.
        m_lossGrad = m_backend.tensor({capacity, m_data.targetColumns});
    }
    m_viewIn = m_batchIn.rows(0, rows);
    m_viewTarget = m_batchTarget.rows(0, rows);
    m_viewGrad = m_lossGrad.rows(0, rows);
    m_viewRows = rows;
}

void Trainer::step(long n)
{
    const LossKind loss = m_network.spec().loss;
    for (long u = 0; u < n; ++u) {
        if (m_cursor == 0)
            m_rng.shuffle(m_order);
        const int rows = std::min(m_config.batchSize, m_data.rows - m_cursor);
        prepareBatch(rows);
        const int *idx = m_order.data() + m_cursor;
        m_backend.gatherRows(m_inputs, idx, rows, m_viewIn);
        m_backend.gatherRows(m_targets, idx, rows, m_viewTarget);

        m_network.forward(m_viewIn, true);
        m_backend.lossGradient(loss, m_network.lossInput(), m_viewTarget, m_viewGrad);
        m_network.backward(m_viewGrad);
        update();
        ++m_updates;
        m_cursor += rows;
        if (m_cursor >= m_data.rows) {
            m_cursor = 0;
            ++m_epoch;
        }
    }
}

void Trainer::update()
{
    ++m_optimizerStep;
    const bool regularize = m_config.regularizer != RegularizerKind::None && m_config.regularizationRate > 0.0f;
    const auto &ranges = m_network.trainableRanges();
    if (ranges.size() == 1 && ranges[0].first == 0 && ranges[0].second == m_network.parameterCount()) {
        // Nothing frozen: the whole buffer in one call each.
        if (regularize)
            m_backend.addRegularizerGradient(m_config.regularizer, m_config.regularizationRate, m_network.parameters(),
                m_network.regularizationMask(), m_network.gradients());
        m_backend.optimizerUpdate(m_config.optimizer, learningRate(), m_optimizerStep, m_network.parameters(),
            m_network.gradients(), m_state1, m_state2, m_network.regularizationMask());
        return;
    }
    // Frozen layers: only the ranges that train, each through views of the same buffers, so that
    // a frozen parameter (and its optimizer state) is never written.
    const auto view = [](const Tensor &t, std::size_t offset, std::size_t count) {
        return Tensor(t.buffer(), {static_cast<int>(count)}, t.offset() + offset);
    };
    for (const auto &[offset, count] : ranges) {
        const Tensor w = view(m_network.parameters(), offset, count), g = view(m_network.gradients(), offset, count);
        const Tensor mask = view(m_network.regularizationMask(), offset, count);
        if (regularize)
            m_backend.addRegularizerGradient(m_config.regularizer, m_config.regularizationRate, w, mask, g);
        m_backend.optimizerUpdate(m_config.optimizer, learningRate(), m_optimizerStep, w, g,
            view(m_state1, offset, count), view(m_state2, offset, count), mask);
    }
}

namespace {
constexpr int kEvaluateChunk = 1024; // rows per forward pass when evaluating, where they fit
} // namespace

// Adds the loss and correct count of `rows` rows already on the device; hostTargets are the same
// targets on the host, for counting correct answers.
void Trainer::scoreChunk(const Tensor &in, const Tensor &target, const float *hostTargets, const TrainingData &data,
    double &lossSum, long &correct)
{
    const int rows = in.dim(0), cols = data.targetColumns;
    const Tensor &out = m_network.forward(in, false);
    lossSum += double(m_backend.loss(m_network.spec().loss, m_network.lossInput(), target)) * rows;
    if (!data.classification)
        return;
    const std::vector<float> o = m_backend.toHost(out);
    for (int r = 0; r < rows; ++r) {
        const float *orow = o.data() + std::size_t(r) * cols, *trow = hostTargets + std::size_t(r) * cols;
        if (cols == 1)
            correct += (orow[0] > data.threshold) == (trow[0] > data.threshold);
        else
            correct += std::max_element(orow, orow + cols) - orow == std::max_element(trow, trow + cols) - trow;
    }
}

Metrics Trainer::metricsOf(const TrainingData &data, double lossSum, long correct)
{
    Metrics m;
    m.loss = static_cast<float>(lossSum / data.rows);
    m.accuracy = data.classification ? static_cast<float>(double(correct) / data.rows) : -1.0f;
    return m;
}

Metrics Trainer::evaluate(const TrainingData &data)
{
    checkData(data);
    const std::size_t rowSize = elementCount(m_network.spec().input);
    const int cols = data.targetColumns;
    double lossSum = 0.0;
    long correct = 0;
    const int chunk = m_network.forwardChunkRows(std::min(kEvaluateChunk, data.rows));
    Shape inShape = m_network.spec().input;
    inShape.insert(inShape.begin(), chunk);
    Tensor in = m_backend.tensor(inShape);
    Tensor target = m_backend.tensor({chunk, cols});
    std::vector<float> host(data.rowsInto ? std::size_t(chunk) * rowSize : 0); // a filler's chunk
    for (int first = 0; first < data.rows; first += chunk) {
        const int rows = std::min(chunk, data.rows - first);
        Tensor inView = in.rows(0, rows), targetView = target.rows(0, rows);
        if (data.rowsInto) {
            data.rowsInto(first, rows, host.data());
            if (!allFinite(host.data(), std::size_t(rows) * rowSize))
                throw Error("the data holds a value that is not a finite number");
            m_backend.upload(host.data(), inView);
        } else {
            m_backend.upload(data.inputs.data() + std::size_t(first) * rowSize, inView);
        }
        m_backend.upload(data.targets.data() + std::size_t(first) * cols, targetView);
        scoreChunk(inView, targetView, data.targets.data() + std::size_t(first) * cols, data, lossSum, correct);
    }
    return metricsOf(data, lossSum, correct);
}

// The training data is on the device already, and was checked when the Trainer was made.
Metrics Trainer::evaluateTraining()
{
    double lossSum = 0.0;
    long correct = 0;
    const int chunk = m_network.forwardChunkRows(kEvaluateChunk);
    for (int first = 0; first < m_data.rows; first += chunk) {
        const int rows = std::min(chunk, m_data.rows - first);
        scoreChunk(m_inputs.rows(first, rows), m_targets.rows(first, rows),
            m_data.targets.data() + std::size_t(first) * m_data.targetColumns, m_data, lossSum, correct);
    }
    return metricsOf(m_data, lossSum, correct);
}

} // namespace ds
