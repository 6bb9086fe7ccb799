// TrainedRun: a trained network and its place in training, on the host — what a playground
// document keeps besides its settings so that reopening it shows the same picture and trains
// the same next steps, to the bit. Written after the document's JSON as a binary section
// (trainedrunfile.h), never as JSON text of floats. Plain C++: the image session fills one too.
#pragma once

#include "trainer.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ds::app {

// One series of a mode's charts as they were drawn when the run was saved (the loss chart's
// series first, then the accuracy chart's): (x, y) pairs, the latest last, and how many points
// each stands for as the chart thins its history (widgets/losschart.h).
struct CurveSeries {
    int stride = 1;
    std::vector<double> xy;
    bool operator==(const CurveSeries &) const = default;
};

// One lane of an optimizer race (app/core/optimizerrace.h) as trained: its network and its
// place in the run (the training inputs left out: they are the main run's).
struct RaceLaneRun {
    std::vector<float> weights;
    TrainerState trainer;
    bool diverged = false; // it stopped training when its loss stopped being a number
    bool operator==(const RaceLaneRun &) const = default;
};

struct TrainedRun {
    std::vector<float> weights; // Network::parametersToHost (batch-norm statistics included)
    TrainerState trainer; // its inputs are left empty where they follow from the data (images)
    // Images: the augmentation generator's state before the current epoch's augmentation, and
    // that epoch (-1: none), so that a restored session redraws the same augmented images.
    std::array<std::uint64_t, 6> augmentRng {};
    long long augmentedEpoch = -1;
    // The loss and accuracy curves up to here, so that a reopened playground shows how it got
    // there (empty in files of section version 1).
    std::vector<CurveSeries> curves {};
    // Points: the race's lanes, in the order of the config's race (empty in files of section
    // version 2 and older: the lanes then start again from the restored weights).
    std::vector<RaceLaneRun> lanes {};

    bool operator==(const TrainedRun &) const = default;
};

// Puts the run's weights and trainer state into a network and trainer built from the config it
// was saved under. A run with no trainer state (no updates and no shuffle order: an imported
// model's weights) sets the weights alone, and training starts afresh from them. Everything is checked first (weights
// that fit and are finite, a sound trainer state): on ds::Error nothing has changed.
void restoreTrainedRun(Network &network, Trainer &trainer, const TrainedRun &run);
// A run of weights alone, for a network that was not trained here.
TrainedRun weightsOnlyRun(std::vector<float> weights);
bool isWeightsOnly(const TrainedRun &run);

} // namespace ds::app
