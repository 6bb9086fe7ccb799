// The Points mode's fields, one line each (configfield.h): the file's keys, ranges and kinds, and
// which changes start a new run (continuesRun in pointssession.h follows this table).
#include "pointsfields.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace ds::app {
namespace {

using F = ConfigField<PlaygroundConfig>;
constexpr FieldEffect kNewRun = FieldEffect::NewRun, kInPlace = FieldEffect::InPlace, kView = FieldEffect::View;

std::string generatorNames()
{
    std::string s;
    for (data::Generator g : data::allGenerators())
        s += (s.empty() ? "" : ", ") + data::generatorName(g);
    return s;
}

std::string featureNames()
{
    std::string s;
    for (int f = 0; f < data::kFeatureCount; ++f)
        s += (s.empty() ? "" : ", ") + data::featureName(data::Feature(1u << f));
    return s;
}

// A list field: `write` and `read` are the field's own, `same` compares the member.
template <class At, class Write, class Read>
F listField(const char *key, At at, std::string kind, FieldEffect effect, std::string meaning, Write write, Read read)
{
    return {key, std::move(kind), effect, std::move(meaning),
        [at, write](const PlaygroundConfig &c) { return QJsonValue(write(at(c))); },
        [at, read](PlaygroundConfig &c, const QJsonValue &v) {
            if (!v.isArray())
                throw Error("must be a list");
            at(c) = read(v.toArray());
        },
        [at](const PlaygroundConfig &a, const PlaygroundConfig &b) { return at(a) == at(b); }};
}

template <typename Kind> QJsonArray namesToJson(const std::vector<Kind> &kinds)
{
    QJsonArray a;
    for (Kind k : kinds)
        a.append(QString::fromStdString(nameOf(k)));
    return a;
}

FieldTable<PlaygroundConfig> makeTable()
{
    const auto same = [](const std::string &s) { return s; };
    FieldTable<PlaygroundConfig> t;
    // --- Data
    t.push_back(flagField<PlaygroundConfig>("drawnOnly", [](auto &c) -> auto & { return c.drawnOnly; }, kNewRun,
        "true: the points are only `drawnPoints` (no generator)"));
    t.push_back(nameField<PlaygroundConfig>("dataset", [](auto &c) -> auto & { return c.dataset; },
        data::generatorFromName, data::generatorName, generatorNames(), kNewRun, "the generator of the points"));
    t.push_back(textField<PlaygroundConfig>("formula", [](auto &c) -> auto & { return c.formula; }, kNewRun,
        "non-empty: the points come from it instead of `dataset` (`y > sin(2*x)`: two classes; `x*y/6`: "
        "regression; datasets/formula.h)"));
    t.push_back(wholeField<PlaygroundConfig>("numPoints", [](auto &c) -> auto & { return c.numPoints; }, 10, 100000,
        kNewRun, "how many points the generator makes"));
    t.push_back(wholeField<PlaygroundConfig>("noise", [](auto &c) -> auto & { return c.noisePercent; }, 0, 50,
        kNewRun, "the generator's noise, in percent"));
    t.push_back(wholeField<PlaygroundConfig>("trainPercent", [](auto &c) -> auto & { return c.trainPercent; }, 10,
        90, kNewRun, "the share of the points trained on; the rest test"));
    t.push_back(seedField<PlaygroundConfig>("dataSeed", [](auto &c) -> auto & { return c.dataSeed; }, kNewRun,
        "the generator's seed"));
    t.push_back(listField("drawnPoints", [](auto &c) -> auto & { return c.drawnPoints; }, "list of [x, y, value]",
        kInPlace, "points drawn or loaded, in full; added to the training set (all of it with `drawnOnly`)",
        [](const std::vector<data::Point2> &points) {
            QJsonArray a;
            for (const auto &p : points)
                a.append(QJsonArray {jsonFloat(p.x), jsonFloat(p.y), jsonFloat(p.value)});
            return a;
        },
        [](const QJsonArray &a) {
            std::vector<data::Point2> points;
            for (const QJsonValue &v : a) {
                const QJsonArray p = v.toArray();
                if (p.size() != 3 || !p[0].isDouble() || !p[1].isDouble() || !p[2].isDouble())
                    throw Error("must be a list of [x, y, value] numbers");
                points.push_back({float(p[0].toDouble()), float(p[1].toDouble()), float(p[2].toDouble())});
            }
            return points;
        }));
    t.push_back(wholeField<PlaygroundConfig>("drawnClasses", [](auto &c) -> auto & { return c.drawnClasses; }, 0,
        16, kNewRun, "classes of drawn or loaded points; 0: regression"));
    // --- Features
    t.push_back(listField("features", [](auto &c) -> auto & { return c.features; }, "list of names: " + featureNames(),
        kNewRun, "the network's inputs (the squares and the product are divided by 36)",
        [](unsigned features) {
            QJsonArray a;
            for (int f = 0; f < data::kFeatureCount; ++f)
                if (features & (1u << f))
                    a.append(QString::fromStdString(data::featureName(data::Feature(1u << f))));
            return a;
        },
        [](const QJsonArray &a) {
            unsigned features = 0;
            for (const QJsonValue &v : a) {
                bool known = false;
                for (int f = 0; f < data::kFeatureCount; ++f)
                    if (v.toString().toStdString() == data::featureName(data::Feature(1u << f))) {
                        features |= 1u << f;
                        known = true;
                    }
                if (!known)
                    throw Error("unknown feature '" + v.toString().toStdString() + "'");
            }
            return features;
        }));
    // --- Network
    t.push_back(listField("hiddenLayers", [](auto &c) -> auto & { return c.hiddenLayers; },
        "list of whole numbers, 1 to 65536", kNewRun, "neurons per hidden layer",
        [](const std::vector<int> &layers) {
            QJsonArray a;
            for (int n : layers)
                a.append(n);
            return a;
        },
        [](const QJsonArray &a) {
            std::vector<int> layers;
            for (const QJsonValue &v : a) {
                const double n = v.toDouble();
                if (!v.isDouble() || n != std::floor(n) || n < 1 || n > ModelSpec::kMaxUnits)
                    throw Error("must list neuron counts, whole numbers from 1 to 65536");
                layers.push_back(int(n));
            }
            return layers;
        }));
    t.push_back(nameField<PlaygroundConfig>("activation", [](auto &c) -> auto & { return c.activation; },
        activationFromName, [](ActivationKind k) { return nameOf(k); }, field::namesIn(activationNames()), kInPlace,
        "the hidden layers' activation"));
    t.push_back(listField("layerActivations", [](auto &c) -> auto & { return c.layerActivations; },
        "list of activation names", kInPlace, "one activation per hidden layer (empty: `activation` for all)",
        [](const std::vector<ActivationKind> &kinds) { return namesToJson(kinds); },
        [](const QJsonArray &a) {
            std::vector<ActivationKind> kinds;
            for (const QJsonValue &v : a)
                kinds.push_back(activationFromName(v.toString().toStdString()));
            return kinds;
        }));
    t.push_back(nameField<PlaygroundConfig>("init", [](auto &c) -> auto & { return c.init; }, initFromName,
        [](InitKind k) { return nameOf(k); }, field::namesIn(initNames()), kNewRun, "how the weights start"));
    t.push_back(flagField<PlaygroundConfig>("residual", [](auto &c) -> auto & { return c.residual; }, kNewRun,
        "true: every hidden layer as wide as the one before adds that layer's output to its own"));
    // --- Training
    t.push_back(numberField<PlaygroundConfig>("learningRate", [](auto &c) -> auto & { return c.learningRate; },
        1e-9, 100, kInPlace, "the step size before the schedule"));
    t.push_back(nameField<PlaygroundConfig>("optimizer", [](auto &c) -> auto & { return c.optimizer; },
        optimizerFromName, [](OptimizerKind k) { return nameOf(k); }, field::namesIn(optimizerNames()), kInPlace,
        "the optimizer (a new run while racing: every lane starts again)"));
    t.push_back(nameField<PlaygroundConfig>("regularization", [](auto &c) -> auto & { return c.regularization; },
        regularizationFromName, regularizationName, "none, l1, l2, dropout", kInPlace,
        "TensorFlow Playground's menu: a penalty or dropout"));
    t.push_back(numberField<PlaygroundConfig>("regularizationRate",
        [](auto &c) -> auto & { return c.regularizationRate; }, 0, 100, kInPlace,
        "the penalty's weight, or the dropout rate (below 1)"));
    t.push_back(listField("race", [](auto &c) -> auto & { return c.race; }, "list of optimizer names", kNewRun,
        "optimizers that train copies of the network beside `optimizer`, from the same start on the same batches",
        [](const std::vector<OptimizerKind> &kinds) { return namesToJson(kinds); },
        [](const QJsonArray &a) {
            std::vector<OptimizerKind> kinds;
            for (const QJsonValue &v : a) {
                const OptimizerKind k = optimizerFromName(v.toString().toStdString());
                if (std::find(kinds.begin(), kinds.end(), k) == kinds.end())
                    kinds.push_back(k); // each optimizer races once
            }
            return kinds;
        }));
    t.push_back(nameField<PlaygroundConfig>("schedule", [](auto &c) -> auto & { return c.schedule.kind; },
        scheduleFromName, [](ScheduleKind k) { return nameOf(k); }, field::namesIn(scheduleNames()), kInPlace,
        "the learning-rate schedule"));
    t.push_back(numberField<PlaygroundConfig>("scheduleStepEpochs",
        [](auto &c) -> auto & { return c.schedule.stepEpochs; }, 1e-6, 1e12, kInPlace, "step: epochs per step"));
    t.push_back(numberField<PlaygroundConfig>("scheduleGamma", [](auto &c) -> auto & { return c.schedule.gamma; }, 0,
        10, kInPlace, "step and exponential: the factor"));
    t.push_back(numberField<PlaygroundConfig>("scheduleCosineEpochs",
        [](auto &c) -> auto & { return c.schedule.cosineEpochs; }, 1e-6, 1e12, kInPlace, "cosine: its length"));
    t.push_back(numberField<PlaygroundConfig>("scheduleMinLearningRate",
        [](auto &c) -> auto & { return c.schedule.minLearningRate; }, 0, 100, kInPlace, "cosine: where it ends"));
    t.push_back(wholeField<PlaygroundConfig>("batchSize", [](auto &c) -> auto & { return c.batchSize; }, 1, 100000,
        kInPlace, "points per update"));
    t.push_back(seedField<PlaygroundConfig>("seed", [](auto &c) -> auto & { return c.seed; }, kNewRun,
        "the weights' and the shuffle's seed"));
    t.push_back(nameField<PlaygroundConfig>("backend", [](auto &c) -> auto & { return c.backend; }, field::backendFromName,
        same, "cpu, cuda", kInPlace, "where it trains (the run moves with its weights)"));
    t.push_back(wholeField<PlaygroundConfig>("stopAfterEpochs", [](auto &c) -> auto & { return c.stopAfterEpochs; },
        0, 1e12, kInPlace, "a stop rule: the run ends when it reaches this epoch (0: never)"));
    t.push_back(wholeField<PlaygroundConfig>("patienceEpochs", [](auto &c) -> auto & { return c.patienceEpochs; }, 0,
        1e9, kInPlace, "a stop rule: the run ends when the test loss has not improved for this many epochs (0: never)"));
    t.push_back(numberField<PlaygroundConfig>("epochsPerSecond", [](auto &c) -> auto & { return c.epochsPerSecond; },
        0, 1e9, kInPlace, "the pace (0: full speed)"));
    // --- View
    t.push_back(flagField<PlaygroundConfig>("showTestData", [](auto &c) -> auto & { return c.showTestData; }, kView,
        "the map shows the test points too"));
    t.push_back(flagField<PlaygroundConfig>("discretizeOutput",
        [](auto &c) -> auto & { return c.discretizeOutput; }, kView, "the map shows classes, not shades"));
    return t;
}

} // namespace

const FieldTable<PlaygroundConfig> &pointsFields()
{
    static const FieldTable<PlaygroundConfig> table = makeTable();
    return table;
}

} // namespace ds::app
