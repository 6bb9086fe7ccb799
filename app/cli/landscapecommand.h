// deepscope landscape: the loss landscape of a saved Points playground without a window — the
// network as saved (its trained run when the file has one), optionally trained further so that
// it has a path, the loss around it as a PNG contour map and the grid as CSV, and one JSON line
// of numbers on stdout.
#pragma once

#include <string>
#include <vector>

namespace ds::app {

int runLandscape(int argc, char *argv[], const std::vector<std::string> &args);

} // namespace ds::app
