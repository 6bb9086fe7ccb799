// The command-line entry: the commands that need no window (`--version`, `info`, `--help`).
// They run before any QApplication exists, so they work on a machine with no display.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ds::app {

// Text of `deepscope info`: versions, and every backend with why it is off when it is.
std::string infoText();
std::string versionText();
std::string helpText();

// Runs a window-less command and returns its exit code, or nothing when the arguments ask for
// the window. Output goes to stdout, errors to stderr.
// The window's mode for a --mode name (points 0, images 1, arithmetic 2), or -1.
int modeIndex(const std::string &name);

std::optional<int> runCommand(const std::vector<std::string> &args);

} // namespace ds::app
