// `deepscope train FILE [--epochs N] [--backend cpu|cuda] [--save OUT] [--export-onnx OUT]
// [--export-torch DIR] [--history OUT.csv]` and `deepscope export FILE --onnx OUT | --torch DIR`: a playground
// trained and exported without a display, for scripts and for preparing a class. Progress goes
// to stderr (a bar on a terminal, plain lines otherwise), a one-line JSON summary to stdout, and
// the exit status is 0 only when every step worked.
#pragma once

#include <string>
#include <vector>

namespace ds::app {

int runTrain(int argc, char *argv[], const std::vector<std::string> &args);
int runExport(int argc, char *argv[], const std::vector<std::string> &args);

} // namespace ds::app
