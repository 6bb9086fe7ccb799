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

// The window's mode for a --mode name (points 0, images 1, arithmetic 2), or -1.
int modeIndex(const std::string &name);

// Runs a window-less command and returns its exit code, or nothing when the arguments ask for
// the window. Output goes to stdout, errors to stderr.
std::optional<int> runCommand(const std::vector<std::string> &args);

// For the commands that run the window offscreen (render, train, export): Qt's debug, info and
// warning chatter (a missing XDG_RUNTIME_DIR, the offscreen platform's limits) stays off stderr,
// which carries our one line per error. Critical messages still go through.
void quietQtMessages();
// For a command that draws without a window: Qt's offscreen platform (unless one is asked for)
// and quietQtMessages(). Call it before the QApplication is made.
void useHeadlessQt();

// A whole number from lo to hi written as nothing but digits (an optional minus sign first), or
// nothing: "abc", "12x", "" and a number past the range are refused, never read as 0 or cut to fit.
std::optional<long> wholeArgument(const std::string &text, long lo, long hi);

} // namespace ds::app
