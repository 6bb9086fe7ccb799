// Writes a TorchExport (torchexport.h) as a folder a user runs with PyTorch: train.py, the weights
// and the data (torchexport.cpp).
#pragma once

#include "core/torchexport.h"

#include <QString>

namespace ds::app {

// Writes the folder (created when missing); false with a message when a file cannot be written.
// Every file is written atomically.
bool writeTorchFolder(const QString &folder, const TorchExport &e, QString *error);

} // namespace ds::app
