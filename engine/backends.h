// The backends this machine offers, and how to make one. The CPU is always there. The GPU comes
// from the deepscope_cuda plugin, loaded at run time (never linked), so Deepscope starts on a
// machine with no NVIDIA driver or CUDA libraries and says in plain words why the GPU is off.
#pragma once

#include "backend.h"

#include <memory>
#include <string>
#include <vector>

namespace ds {

struct BackendInfo {
    std::string id; // "cpu", "cuda"
    std::string label; // for people: "CPU (Eigen 3.4.0, 2 threads)", "NVIDIA H100 (80 GiB)"
    bool available = false;
    std::string reason; // why it is not available, in plain words; empty when it is
};

// Looks for every backend (loads the CUDA plugin once and asks it for a device).
std::vector<BackendInfo> probeBackends();

// Creates the backend with that id; throws ds::Error with the reason when it is not available.
std::unique_ptr<Backend> createBackend(const std::string &id);

// Where the CUDA plugin was looked for, for `deepscope info`.
std::string cudaPluginSearchPath();

} // namespace ds
