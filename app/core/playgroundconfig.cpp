#include "playgroundconfig.h"

#include "error.h"
#include "formula.h"
#include "workload.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace ds::app {

namespace {

// Whether a formula compares (two classes); one that does not parse counts as regression, and
// validationError() says what is wrong with it.
bool formulaClassifies(const std::string &formula)
{
    try {
        return data::Formula::parse(formula).isComparison();
    } catch (const Error &) {
        return false;
    }
}

} // namespace

data::ProblemType PlaygroundConfig::problem() const
{
    if (drawnOnly)
        return drawnClasses > 0 ? data::ProblemType::Classification : data::ProblemType::Regression;
    if (!formula.empty())
        return formulaClassifies(formula) ? data::ProblemType::Classification : data::ProblemType::Regression;
    return data::problemOf(dataset);
}

int PlaygroundConfig::numClasses() const
{
    if (drawnOnly)
        return drawnClasses;
    if (!formula.empty())
        return formulaClassifies(formula) ? 2 : 0;
    return data::classesOf(dataset);
}

ActivationKind PlaygroundConfig::hiddenActivation(int layer) const
{
    if (layer >= 0 && std::size_t(layer) < layerActivations.size())
        return layerActivations[std::size_t(layer)];
    return activation;
}

data::Points2D PlaygroundConfig::points() const
{
    data::Points2D p;
    if (drawnOnly) {
        p.problem = problem();
        p.numClasses = numClasses();
    } else {
        data::GeneratorParams g;
        g.generator = dataset;
        g.numPoints = numPoints;
        g.noisePercent = noisePercent;
        g.trainPercent = trainPercent;
        g.seed = dataSeed;
        p = formula.empty() ? data::generate(g) : data::generateFromFormula(data::Formula::parse(formula), g);
    }
    // Drawn points are for training: they are what the user wants the network to fit.
    p.train.insert(p.train.end(), drawnPoints.begin(), drawnPoints.end());
    return p;
}

data::TargetEncoding PlaygroundConfig::targetEncoding() const
{
    if (problem() == data::ProblemType::Regression)
        return data::TargetEncoding::Value;
    return numClasses() > 2 ? data::TargetEncoding::OneHot : data::TargetEncoding::PlusMinusOne;
}

ModelSpec PlaygroundConfig::modelSpec() const
{
    ModelSpec spec;
    spec.input = {data::featureCount(features)};
    spec.init = init;
    const float dropout = regularization == Regularization::Dropout ? regularizationRate : 0.0f;
    for (std::size_t i = 0; i < hiddenLayers.size(); ++i) {
        spec.layers.push_back(LayerSpec::dense(hiddenLayers[i]));
        spec.layers.push_back(LayerSpec::act(hiddenActivation(int(i))));
        spec.layers.push_back(LayerSpec::dropout(dropout));
        if (residual && i > 0 && hiddenLayers[i] == hiddenLayers[i - 1])
            spec.layers.push_back(LayerSpec::residual(3)); // over the dense layer, its activation and dropout
    }
    if (problem() == data::ProblemType::Regression) {
        spec.layers.push_back(LayerSpec::dense(1));
        spec.loss = LossKind::MeanSquaredError;
    } else if (numClasses() > 2) {
        spec.layers.push_back(LayerSpec::dense(numClasses()));
        spec.layers.push_back(LayerSpec::softmax());
        spec.loss = LossKind::SoftmaxCrossEntropy;
    } else {
        spec.layers.push_back(LayerSpec::dense(1));
        spec.layers.push_back(LayerSpec::act(ActivationKind::Tanh));
        spec.loss = LossKind::MeanSquaredError;
    }
    return spec;
}

TrainerConfig PlaygroundConfig::trainerConfig() const
{
    TrainerConfig t;
    t.batchSize = batchSize;
    t.optimizer.kind = optimizer;
    t.optimizer.learningRate = learningRate;
    t.schedule = schedule;
    t.seed = seed;
    if (regularization == Regularization::L1)
        t.regularizer = RegularizerKind::L1;
    else if (regularization == Regularization::L2)
        t.regularizer = RegularizerKind::L2;
    t.regularizationRate = regularizationRate;
    return t;
}

TrainingData PlaygroundConfig::trainingData(const std::vector<data::Point2> &pts) const
{
    TrainingData d;
    d.rows = int(pts.size());
    d.inputs = data::featureMatrix(pts, features);
    d.targets = data::targetMatrix(pts, targetEncoding(), numClasses());
    d.targetColumns = data::targetColumns(targetEncoding(), numClasses());
    d.classification = problem() == data::ProblemType::Classification;
    d.threshold = 0.0f; // tanh output against -1/+1
    return d;
}

std::string PlaygroundConfig::validationError() const
{
    if (features == 0)
        return "choose at least one input feature";
    if (!(learningRate > 0.0f) || learningRate > 100.0f)
        return "the learning rate must be above 0 and at most 100";
    if (batchSize < 1 || batchSize > 100000)
        return "the batch size must be between 1 and 100,000";
    if (hiddenLayers.size() > std::size_t(kMaxHiddenLayers))
        return "at most " + std::to_string(kMaxHiddenLayers) + " hidden layers";
    if (regularizationRate < 0.0f || (regularization == Regularization::Dropout && regularizationRate >= 1.0f))
        return regularization == Regularization::Dropout ? "a dropout rate must be at least 0 and below 1"
                                                         : "the regularization rate cannot be negative";
    if (drawnOnly && drawnPoints.size() < 2)
        return "draw at least two points (click on the output map)";
    if (!drawnOnly && !formula.empty()) {
        // Parsed and evaluated: a formula that is no number over most of the plane ("1/0",
        // "log(-1)") is refused here, before anything builds on its points.
        try {
            points();
        } catch (const Error &e) {
            const std::string why = e.what();
            return why.rfind("the formula", 0) == 0 ? why : "the formula '" + formula + "': " + why;
        }
    }
    // Drawn or loaded points come from files too: each must be a point of the plane with a value
    // the problem has (a class index, or a finite target).
    const int classes = numClasses();
    for (std::size_t i = 0; i < drawnPoints.size(); ++i) {
        const data::Point2 &p = drawnPoints[i];
        const std::string which = "drawn point " + std::to_string(i + 1);
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || std::fabs(p.x) > 1e6f || std::fabs(p.y) > 1e6f)
            return which + " lies off the plane (its coordinates must be finite and within ±1,000,000)";
        if (classes == 0 && !std::isfinite(p.value))
            return which + " has a target value that is not a finite number";
        if (classes > 0 && (p.value != std::floor(p.value) || p.value < 0.0f || p.value >= float(classes)))
            return which + " has class " + (std::ostringstream() << p.value).str()
                + ", but the data set's classes are 0 to " + std::to_string(classes - 1);
    }
    const ModelSpec spec = modelSpec();
    if (std::string invalid = spec.validationError(); !invalid.empty())
        return invalid;
    return workloadError(spec);
}

// Beside training, every snapshot evaluates the network over the map's grid at once and copies
// out a map per neuron, held three times at most (being built, in flight, painted): with wide
// layers that, not the training, is what needs the memory.
std::string PlaygroundConfig::workloadError(const ModelSpec &spec) const
{
    const Workload w = estimateWorkload(spec);
    const double gridPoints = double(kMapGrid) * kMapGrid;
    const double neurons = double(std::accumulate(hiddenLayers.begin(), hiddenLayers.end(), 0)) + 1.0;
    const double maps = 3.0 * neurons * gridPoints * 4.0;
    const int rows = std::max(1, std::min(batchSize, numPoints + int(drawnPoints.size())));
    const double racers = double(race.size()); // each trains its own copy
    const double bytes = (1.0 + racers) * w.trainingBytes(rows) + w.forwardBytes(int(gridPoints)) + maps;
    if (bytes > kMaxTrainingBytes)
        return "training this network and drawing its neurons needs about " + formatBytes(bytes)
            + " of memory (at most " + formatBytes(kMaxTrainingBytes) + "): use fewer neurons";
    if (std::string error = ds::workloadError(w, rows); !error.empty())
        return error;
    const double pictureFlops = w.flops * gridPoints;
    if (pictureFlops > kMaxStepFlops)
        return "drawing what every neuron computes over the plane takes about " + formatFlops(pictureFlops)
            + " of arithmetic per picture (at most " + formatFlops(kMaxStepFlops) + "): use fewer neurons";
    return {};
}

std::string regularizationName(Regularization r)
{
    switch (r) {
    case Regularization::None: return "none";
    case Regularization::L1: return "l1";
    case Regularization::L2: return "l2";
    case Regularization::Dropout: return "dropout";
    }
    return "none";
}

Regularization regularizationFromName(const std::string &name)
{
    for (Regularization r : {Regularization::None, Regularization::L1, Regularization::L2, Regularization::Dropout})
        if (regularizationName(r) == name)
            return r;
    throw Error("unknown regularization '" + name + "'; known: none, l1, l2, dropout");
}

} // namespace ds::app
