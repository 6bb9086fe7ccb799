// TrainedRun: a trained network and its place in training, on the host — what a playground
// document keeps besides its settings so that reopening it shows the same picture and trains
// the same next steps, to the bit. Written after the document's JSON as a binary section
// (trainedrunfile.cpp), never as JSON text of floats.
#pragma once

#include "trainer.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace ds::app {

struct TrainedRun {
    std::vector<float> weights; // Network::parametersToHost (batch-norm statistics included)
    TrainerState trainer;

    bool operator==(const TrainedRun &) const = default;
};

// The binary encoding (little-endian, versioned), and back; a damaged or truncated section is an
// error naming what is wrong.
QByteArray encodeTrainedRun(const TrainedRun &run);
std::optional<TrainedRun> decodeTrainedRun(const QByteArray &bytes, QString *error);

} // namespace ds::app
