#include "modelexport.h"

namespace ds::app {
namespace {

using onnx::PointFeature;

// The playground's features as the graph computes them from a raw point (datasets/features.cpp):
// products in units of the domain.
PointFeature pointFeature(data::Feature f)
{
    using Op = PointFeature::Op;
    const float square = data::kDomain * data::kDomain;
    switch (f) {
    case data::X1: return {Op::Coordinate, 0};
    case data::X2: return {Op::Coordinate, 1};
    case data::X1Squared: return {Op::Product, 0, 0, square};
    case data::X2Squared: return {Op::Product, 1, 1, square};
    case data::X1TimesX2: return {Op::Product, 0, 1, square};
    case data::SinX1: return {Op::Sine, 0};
    case data::SinX2: return {Op::Sine, 1};
    }
    return {};
}

std::string joined(const std::vector<std::string> &names)
{
    std::string s;
    for (const std::string &n : names)
        s += (s.empty() ? "" : ", ") + n;
    return s;
}

} // namespace

onnx::OnnxModel pointsModel(const PlaygroundConfig &config, const Network &network)
{
    onnx::OnnxModel m;
    m.spec = network.spec();
    m.parameters = network.parametersToHost();
    for (unsigned bit = 1; bit & data::kAllFeatures; bit <<= 1)
        if (config.features & bit)
            m.prelude.pointFeatures.push_back(pointFeature(data::Feature(bit)));
    m.metadata["deepscope.mode"] = "points";
    m.metadata["deepscope.input"] = "a point (x1, x2) in [-6, 6]², as the playground draws it";
    const int classes = config.numClasses();
    if (classes == 0)
        m.metadata["deepscope.output"] = "the predicted value";
    else if (classes == 2)
        m.metadata["deepscope.output"] = "a score in [-1, 1]: above 0 is class 1 (blue), below 0 class 0 (orange)";
    else
        m.metadata["deepscope.output"] = "the probabilities of classes 0 to " + std::to_string(classes - 1);
    // What the points were: drawn, a formula's (the generator's name is then unused), or a generator's.
    m.metadata["deepscope.dataset"] = config.drawnOnly ? "drawn points"
        : !config.formula.empty()                     ? "the formula " + config.formula
                                                      : data::generatorName(config.dataset);
    return m;
}

onnx::OnnxModel imagesModel(ImageSession &session)
{
    onnx::OnnxModel m;
    m.spec = session.network().spec();
    m.parameters = session.network().parametersToHost();
    m.prelude.mean = session.stats().mean;
    m.prelude.stddev = session.stats().stddev;
    const data::ImageSet &train = session.split().train;
    m.metadata["deepscope.mode"] = "images";
    m.metadata["deepscope.input"] = "images (N, " + std::to_string(train.channels) + ", " + std::to_string(train.height)
        + ", " + std::to_string(train.width) + ") with values in [0, 1]; the graph normalizes them";
    m.metadata["deepscope.output"] = "the probabilities of the classes: " + joined(train.classNames);
    m.metadata["deepscope.classes"] = joined(train.classNames);
    m.metadata["deepscope.dataset"] = train.name;
    return m;
}

} // namespace ds::app
