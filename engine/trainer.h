// Trainer: data, shuffling, mini-batches, epochs, the optimizer and metrics around a Network.
// step(n) does n parameter updates and returns; it starts no threads (the app's training thread
// calls it in chunks). The training data lives on the network's device from construction on.
#pragma once

#include "kinds.h"
#include "network.h"
#include "optimizerconfig.h"
#include "random.h"
#include "schedule.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ds {

// Inputs (rows, ...inputShape) and targets (rows, targetColumns), row-major, on the host.
struct TrainingData {
    std::vector<float> inputs;
    // Instead of `inputs` (then left empty): writes the inputs of rows [first, first + count) to
    // `dst`. A trainer and an evaluation take them a chunk at a time, so that a set of images is
    // never held whole on the host beside its device copy (images are the largest thing in memory).
    std::function<void(int first, int count, float *dst)> rowsInto;
    std::vector<float> targets;
    int rows = 0;
    int targetColumns = 1;
    // Classification: accuracy is reported. One target column means two classes, told apart by
    // `threshold` (0.5 for sigmoid outputs and 0/1 targets, 0 for tanh and -1/+1); several
    // columns are one-hot and the largest output wins.
    bool classification = true;
    float threshold = 0.5f;
};

struct TrainerConfig {
    int batchSize = 10;
    OptimizerConfig optimizer;
    RegularizerKind regularizer = RegularizerKind::None;
    float regularizationRate = 0.0f;
    ScheduleConfig schedule;
    std::uint64_t seed = 1; // the shuffling
};

// Everything a Trainer carries from one step to the next, on the host: with the network's
// parameters (Network::parametersToHost) it is a whole run, for saving to a file and continuing
// later, to the bit, on any backend.
struct TrainerState {
    std::array<std::uint64_t, 6> rng {}; // the shuffle's generator
    std::vector<int> order; // this epoch's shuffle
    int cursor = 0; // the next row of `order`
    long long updates = 0, optimizerStep = 0, epoch = 0;
    std::vector<float> moments1, moments2; // the optimizer's state, one value per parameter each
    // The current training inputs (augmented images differ from the data); restoreState keeps the
    // trainer's own when this is empty.
    std::vector<float> inputs;
    std::vector<std::uint64_t> layerCounters; // Layer::runCounter of every layer

    bool operator==(const TrainerState &) const = default;
};

struct Metrics {
    float loss = 0.0f; // the data loss, mean over the points (no regularization term)
    float accuracy = -1.0f; // fraction correct in [0, 1]; -1 for regression
    bool finite() const;
};

class Trainer {
public:
    // Checks the data against the network (row size, target columns, no NaN) and uploads it.
    // Throws ds::Error with what does not fit. The inputs live on the device only, not also on
    // the host (a data set of images is the largest thing in memory): give it by value to spare
    // the copy.
    Trainer(Network &network, TrainingData train, const TrainerConfig &config);

    // n updates, each on one mini-batch; an epoch is one pass over the shuffled data.
    void step(long n = 1);

    long long updates() const { return m_updates; }
    long long epoch() const { return m_epoch; } // completed epochs
    double epochProgress() const; // epochs as a fraction, e.g. 12.4
    int updatesPerEpoch() const;
    float learningRate() const; // after the schedule, for this epoch

    const TrainerConfig &config() const { return m_config; }
    // Takes effect at the next update. A new optimizer kind starts from fresh optimizer state;
    // a new batch size starts a new epoch's shuffle.
    void setConfig(const TrainerConfig &config);

    // Replaces the training inputs with as many new values (augmented images for the next
    // epoch, say); the targets and the order stay. Throws ds::Error on a size mismatch or a value
    // that is not finite.
    void replaceInputs(const std::vector<float> &inputs);
    // The same for rows [first, first + count) only (count rows' values at `values`), so that a
    // caller can replace the inputs chunk by chunk.
    void replaceInputRows(int first, int count, const float *values);

    // Takes over another trainer's whole state: the shuffle and its place in it, the counters, the
    // optimizer's moments and the current (augmented) inputs. With the network's weights copied
    // too, the run goes on as if nothing had happened, typically on another backend. Both must
    // train the same network shape on the same data; throws ds::Error otherwise.
    void continueFrom(const Trainer &other);
    // The run's state, and back (same network shape and data size; throws ds::Error otherwise).
    // Without `withInputs` the state leaves out the (augmented) inputs, for a caller that can
    // make them again: for images they are the largest part by far.
    TrainerState saveState(bool withInputs = true) const;
    void restoreState(const TrainerState &state);

    // Loss and accuracy of the network on data, in evaluation mode, in chunks.
    Metrics evaluate(const TrainingData &data);
    // The same on the training data, in place on the device (no upload, no re-check).
    Metrics evaluateTraining();
    // The training data as the device holds it now: the current (augmented) inputs, downloaded.
    TrainingData data() const;

private:
    void checkData(const TrainingData &data) const;
    // The regularizer's gradient and the optimizer's step for the parameters that train
    // (Network::trainableRanges: all of them unless layers are frozen).
    void update();
    void prepareBatch(int rows);
    void scoreChunk(const Tensor &in, const Tensor &target, const float *hostTargets, const TrainingData &data,
        double &lossSum, long &correct);
    static Metrics metricsOf(const TrainingData &data, double lossSum, long correct);

    Network &m_network;
    Backend &m_backend;
    TrainingData m_data; // inputs emptied once uploaded; m_inputValues says how many
    std::size_t m_inputValues = 0;
    TrainerConfig m_config;
    Rng m_rng;
    Tensor m_inputs, m_targets; // all training data on the device
    Tensor m_batchIn, m_batchTarget; // capacity for one mini-batch
    Tensor m_lossGrad;
    Tensor m_viewIn, m_viewTarget, m_viewGrad; // views for the current batch's row count
    int m_viewRows = -1;
    Tensor m_state1, m_state2; // optimizer state, zero at the start
    std::vector<int> m_order;
    int m_cursor = 0;
    long long m_updates = 0;
    long long m_optimizerStep = 0;
    long long m_epoch = 0;
};

} // namespace ds
