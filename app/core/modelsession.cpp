#include "modelsession.h"

#include "error.h"
#include "onnximport.h"
#include "workload.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ds::app {
namespace {

std::string trimmed(const std::string &s)
{
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

} // namespace

Preprocessing Preprocessing::unitRange(int channels)
{
    Preprocessing p;
    p.mean.assign(std::size_t(channels), 0.0f);
    p.stddev.assign(std::size_t(channels), 1.0f);
    return p;
}

Preprocessing Preprocessing::imageNet()
{
    Preprocessing p;
    p.mean = {0.485f, 0.456f, 0.406f};
    p.stddev = {0.229f, 0.224f, 0.225f};
    return p;
}

void Preprocessing::check(int channels) const
{
    if (int(mean.size()) != channels || int(stddev.size()) != channels)
        throw Error("the preprocessing needs a mean and a std for each of the " + std::to_string(channels)
            + " input channels");
    if (!std::isfinite(scale) || scale <= 0.0f)
        throw Error("the pixel scale must be a positive number");
    for (int c = 0; c < channels; ++c) {
        if (!std::isfinite(mean[std::size_t(c)]))
            throw Error("the mean of channel " + std::to_string(c + 1) + " is not a number");
        if (!std::isfinite(stddev[std::size_t(c)]) || stddev[std::size_t(c)] <= 0.0f)
            throw Error("the std of channel " + std::to_string(c + 1) + " must be a positive number");
    }
}

ModelSession::ModelSession(onnx::OnnxModel model, const std::string &name, Backend &backend)
    : m_model(std::move(model)), m_backend(&backend)
{
    ModelSpec &spec = m_model.spec;
    if (spec.input.size() != 3)
        throw Error("it takes " + shapeText(spec.input) + ", not images (channels × height × width)");
    m_overview.softmaxAdded = onnx::endWithSoftmax(m_model);
    if (spec.layers.empty() || spec.layers.back().kind != LayerKind::Softmax)
        throw Error("it is no image classifier: it gives " + shapeText(spec.outputShape())
            + ", not the probabilities of two or more classes");
    const Workload w = estimateWorkload(spec);
    if (w.forwardBytes(1) > kMaxTrainingBytes)
        throw Error("running it needs about " + formatBytes(w.forwardBytes(1)) + " of memory (at most "
            + formatBytes(kMaxTrainingBytes) + ")");
    m_network = std::make_unique<Network>(spec, backend, 1);
    m_network->setParameters(m_model.parameters);

    ModelOverview &o = m_overview;
    o.name = name;
    o.input = spec.input;
    o.classes = int(elementCount(spec.outputShape()));
    o.parameters = w.parameters;
    o.flops = w.flops;
    o.graph = spec.isGraph();
    o.nodes = graphNodes(spec);
    const std::vector<float> &host = m_model.parameters;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec &l = spec.layers[i];
        o.skips = o.skips || l.kind == LayerKind::Residual;
        if (l.kind == LayerKind::Conv2D && o.filters.count == 0) {
            LayerWeights lw = m_network->layerWeights(int(i), host);
            o.filters = {lw.shape[0], lw.shape[1], lw.shape[2], std::move(lw.weights)};
        }
    }
    const int channels = spec.input[0];
    o.preprocessingFromFile = int(m_model.prelude.mean.size()) == channels;
    if (o.preprocessingFromFile) {
        o.preprocessing.mean = m_model.prelude.mean;
        o.preprocessing.stddev = m_model.prelude.stddev;
    } else {
        o.preprocessing = Preprocessing::unitRange(channels);
    }
    // The network holds the weights now: a second copy would be alexnet's 244 MB more.
    m_model.parameters = {};
    if (const auto it = m_model.metadata.find("deepscope.classes"); it != m_model.metadata.end())
        o.classNames = splitClassNames(it->second, o.classes);
    m_preprocessing = o.preprocessing;
    Shape one {1};
    one.insert(one.end(), spec.input.begin(), spec.input.end());
    m_one = backend.tensor(one);
}

ModelSession::~ModelSession() = default;

onnx::OnnxModel ModelSession::model() const
{
    onnx::OnnxModel m = m_model;
    m.parameters = m_network->parametersToHost();
    return m;
}

void ModelSession::setPreprocessing(const Preprocessing &p)
{
    p.check(m_overview.input[0]);
    m_preprocessing = p;
}

std::vector<float> ModelSession::inputFor(const std::uint8_t *rgb) const
{
    const int channels = m_overview.input[0], h = m_overview.input[1], w = m_overview.input[2];
    const Preprocessing &p = m_preprocessing;
    const std::size_t plane = std::size_t(h) * std::size_t(w);
    std::vector<float> x(std::size_t(channels) * plane);
    for (std::size_t i = 0; i < plane; ++i) {
        const std::uint8_t *px = rgb + 3 * i;
        for (int c = 0; c < channels; ++c) {
            float v;
            if (channels == 3)
                v = float(px[p.bgr ? 2 - c : c]);
            else // grey: the mean of the three, as a photo becomes a digit
                v = (float(px[0]) + float(px[1]) + float(px[2])) / 3.0f;
            x[std::size_t(c) * plane + i] = (v * p.scale - p.mean[std::size_t(c)]) / p.stddev[std::size_t(c)];
        }
    }
    return x;
}

ModelResult ModelSession::classify(const std::uint8_t *rgb, int node)
{
    const std::vector<float> x = inputFor(rgb);
    m_backend->upload(x.data(), m_one);
    ModelResult r;
    r.probabilities = m_backend->toHost(m_network->forward(m_one, false));
    m_ran = true;
    r.node = node;
    r.maps = maps(node);
    return r;
}

LayerMaps ModelSession::maps(int node) const
{
    if (!m_ran || node < 0 || node >= m_network->layerCount())
        return {};
    const Shape &s = m_network->layerShape(node);
    return {describeLayer(m_model.spec.layers[std::size_t(node)]) + " → " + shapeText(s), s,
        m_backend->toHost(m_network->layerOutput(node))};
}

std::vector<GraphNode> graphNodes(const ModelSpec &spec)
{
    const std::vector<LayerCheck> checks = spec.check();
    std::vector<GraphNode> nodes;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        GraphNode n;
        n.title = describeLayer(spec.layers[i]);
        n.shape = shapeText(checks[i].output);
        n.inputs = spec.inputsOf(i);
        n.parameters = checks[i].parameters;
        n.kind = spec.layers[i].kind;
        n.hasMaps = checks[i].output.size() == 3;
        n.frozen = spec.layers[i].frozen;
        nodes.push_back(std::move(n));
    }
    return nodes;
}

std::vector<std::string> parseLabels(const std::string &text, int classes)
{
    std::vector<std::string> names;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        line = trimmed(line);
        if (!line.empty())
            names.push_back(line);
    }
    if (int(names.size()) != classes)
        throw Error("it names " + std::to_string(names.size()) + " classes, one per line, and the model has "
            + std::to_string(classes));
    return names;
}

std::vector<std::string> splitClassNames(const std::string &joined, int classes)
{
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start <= joined.size()) {
        const std::size_t comma = std::min(joined.find(", ", start), joined.size());
        names.push_back(trimmed(joined.substr(start, comma - start)));
        start = comma + 2;
    }
    if (int(names.size()) != classes)
        return {};
    return names;
}

} // namespace ds::app
