// The binary section of a playground file that holds a trained run (docs/file-format.md).
#pragma once

#include "core/trainedrun.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace ds::app {

// The binary encoding (little-endian, versioned), and back; a damaged or truncated section is an
// error naming what is wrong.
// Throws ds::Error for an array larger than decodeTrainedRun accepts (2^28 values).
QByteArray encodeTrainedRun(const TrainedRun &run);
std::optional<TrainedRun> decodeTrainedRun(const QByteArray &bytes, QString *error);

} // namespace ds::app
