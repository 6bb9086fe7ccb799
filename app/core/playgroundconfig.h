// PlaygroundConfig: everything a playground is, as a plain value — the data set and its
// parameters, hand-drawn points, input features, the network's shape and activations, the
// hyperparameters, seed and backend. The UI edits it, the training thread builds from it, and a
// playground file stores exactly it (JSON, see playgroundfile.h).
#pragma once

#include "kinds.h"
#include "modelspec.h"
#include "points2d.h"
#include "schedule.h"
#include "trainer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ds::app {

// TensorFlow Playground's regularization menu: dropout sits beside L1 and L2.
enum class Regularization { None, L1, L2, Dropout };

struct PlaygroundConfig {
    // --- Data
    bool drawnOnly = false; // true: the points are only those drawn or loaded (no generator)
    data::Generator dataset = data::Generator::Circle;
    // Non-empty: the points come from this formula (datasets/formula.h: "y > sin(2*x)" for two
    // classes, "x*y/6" for regression) with the generator's parameters, and `dataset` is unused.
    std::string formula;
    int numPoints = 500;
    int noisePercent = 0;
    int trainPercent = 50;
    std::uint64_t dataSeed = 1;
    std::vector<data::Point2> drawnPoints; // added to the training set (or the whole set if drawnOnly)
    int drawnClasses = 2; // classes of a drawn/loaded set; 0 = regression

    // --- Features (data::Feature bits)
    unsigned features = data::X1 | data::X2;

    // --- Network
    std::vector<int> hiddenLayers = {4, 2};
    ActivationKind activation = ActivationKind::Tanh;
    std::vector<ActivationKind> layerActivations; // empty: `activation` for every hidden layer
    InitKind init = InitKind::Xavier; // how the weights start (He for deep ReLU networks)
    // Skip connections: every hidden layer as wide as the one before adds that layer's output to
    // its own (a residual block of one layer), so gradients reach the first layers of a deep net.
    bool residual = false;

    // --- Training
    float learningRate = 0.03f;
    OptimizerKind optimizer = OptimizerKind::Sgd;
    Regularization regularization = Regularization::None;
    float regularizationRate = 0.0f;
    ScheduleConfig schedule;
    // Optimizers that race the main one: each trains a copy of the network from the same start on
    // the same batches (app/core/optimizerrace.h). Empty: no race.
    std::vector<OptimizerKind> race;
    int batchSize = 10;
    std::uint64_t seed = 1; // weights and shuffling
    std::string backend = "cpu";
    long stopAfterEpochs = 0; // 0: train until paused
    int patienceEpochs = 0; // > 0: stop when the test loss has not improved for this many epochs
    double epochsPerSecond = 30; // a pace a class can follow; 0: as fast as the machine goes

    // --- View (saved with the playground, no effect on training)
    bool showTestData = false;
    bool discretizeOutput = false;

    bool operator==(const PlaygroundConfig &) const = default;

    data::ProblemType problem() const;
    int numClasses() const; // 0 for regression
    ActivationKind hiddenActivation(int layer) const;

    // The points to train and test on (the generator's, plus what was drawn).
    data::Points2D points() const;
    // TensorFlow Playground's output: tanh and squared error against -1/+1 for two classes,
    // softmax and cross-entropy for more, a linear output for regression. Dropout layers sit after
    // every hidden layer (rate 0 unless dropout is chosen), so that choosing it keeps the weights.
    ModelSpec modelSpec() const;
    TrainerConfig trainerConfig() const;
    data::TargetEncoding targetEncoding() const;
    TrainingData trainingData(const std::vector<data::Point2> &points) const;

    // "" when valid, else what is wrong, for a person: includes a network too large to train
    // and draw (engine/workload.h), with how much it would need.
    std::string validationError() const;
    std::string workloadError(const ModelSpec &spec) const;

    static constexpr int kMapGrid = 100; // map resolution: 100 x 100 points, as TensorFlow Playground
    static constexpr int kMaxHiddenLayers = 16; // the deepest lesson's (residual connections)
    // The diagram's + buttons stop here (a file may hold wider layers).
    static constexpr int kMaxNeuronsByHand = 32;
};

// Names for files and menus.
std::string regularizationName(Regularization r);
Regularization regularizationFromName(const std::string &name); // throws ds::Error

} // namespace ds::app
