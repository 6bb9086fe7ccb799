// `deepscope render CONFIG.json --epochs N --out FILE.png [--size WxH]`: renders the whole
// playground after N epochs of training, without a display — slides for a lecture.
#pragma once

#include <string>
#include <vector>

namespace ds::app {

// Returns the exit code; needs argc/argv for QApplication.
int runRender(int argc, char *argv[], const std::vector<std::string> &args);

} // namespace ds::app
