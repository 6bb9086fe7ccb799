#include "backends.h"

#include "cpu/cpubackend.h"
#include "cudaplugin.h"
#include "error.h"
#include "version.h"

#include <dlfcn.h>
#include <filesystem>
#include <optional>
#include <unistd.h>

namespace ds {
namespace {

namespace fs = std::filesystem;

struct CudaPlugin {
    void *handle = nullptr;
    std::string error; // why it could not be loaded
    std::string path;
};

std::vector<fs::path> pluginCandidates()
{
    std::vector<fs::path> paths;
    if (const char *env = std::getenv("DEEPSCOPE_CUDA_PLUGIN"); env && *env)
        paths.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path dir = exe.parent_path();
        paths.push_back(dir / kCudaPluginFile); // build tree, tests
        paths.push_back(dir.parent_path() / "bin" / kCudaPluginFile); // build tree, bench/
        paths.push_back(dir.parent_path() / "engine" / "cuda" / kCudaPluginFile); // build tree, app/
        paths.push_back(dir.parent_path() / "lib" / "deepscope" / kCudaPluginFile); // installed
    }
    return paths;
}

// The first candidate that exists, without loading it.
std::optional<fs::path> installedPlugin()
{
    std::error_code ec;
    for (const fs::path &path : pluginCandidates())
        if (fs::exists(path, ec))
            return path;
    return std::nullopt;
}

// Loaded once per process; the handle is never closed (the CUDA runtime dislikes unloading).
const CudaPlugin &cudaPlugin()
{
    static const CudaPlugin plugin = [] {
        CudaPlugin p;
        if (const std::optional<fs::path> path = installedPlugin()) {
            p.path = path->string();
            p.handle = dlopen(p.path.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (p.handle)
                return p;
            // Usually a CUDA library (libcudart, libcublas, libcudnn) that is not installed.
            p.error = std::string("the CUDA plugin ") + p.path + " could not be loaded: " + dlerror();
            return p;
        }
        // An installed program (/usr/bin) gets the plugin from its own package; a build tree has
        // none when CUDA and cuDNN were not found at configure time.
        std::error_code ec;
        const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
        p.error = !ec && exe.parent_path() == "/usr/bin"
            ? "the CUDA plugin is not installed: it is the package deepscope-cuda (sudo apt-get install "
              "deepscope-cuda), which needs the NVIDIA driver, CUDA and cuDNN"
            : "this build of Deepscope has no CUDA plugin (it was built without the CUDA toolkit and cuDNN)";
        return p;
    }();
    return plugin;
}

// Why the NVIDIA driver offers no GPU, asked of the driver library itself (libcuda.so.1) before
// the plugin is loaded; "" when it sees one. The plugin pulls in the CUDA runtime, cuBLAS and
// cuDNN: loading them only to learn that there is no GPU cost about 150 MB of resident memory
// for the whole run (measured on a machine with the toolkit and no driver).
std::string whyTheDriverHasNoGpu()
{
    void *driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!driver)
        return "no NVIDIA driver on this machine (libcuda.so.1 is not installed)";
    // Kept loaded, as the plugin's runtime would load it again.
    using Init = int (*)(unsigned int);
    using Count = int (*)(int *);
    const auto init = reinterpret_cast<Init>(dlsym(driver, "cuInit"));
    const auto count = reinterpret_cast<Count>(dlsym(driver, "cuDeviceGetCount"));
    if (!init || !count)
        return "the NVIDIA driver's library libcuda.so.1 lacks cuInit or cuDeviceGetCount";
    int devices = 0;
    int error = init(0);
    if (error == 0)
        error = count(&devices);
    constexpr int kNoDevice = 100; // CUDA_ERROR_NO_DEVICE
    if (error == kNoDevice || (error == 0 && devices <= 0))
        return "the NVIDIA driver reports no GPU";
    if (error != 0)
        return "the NVIDIA driver could not start (CUDA driver error " + std::to_string(error) + ")";
    return {};
}

// Asked once per process: a GPU does not come or go while Deepscope runs.
const BackendInfo &probeCuda()
{
    static const BackendInfo info = [] {
        BackendInfo b {"cuda", "GPU (CUDA)", false, {}};
        // A plugin that is not there is said first: on a machine with a GPU it is what to fix.
        if (!installedPlugin()) {
            b.reason = cudaPlugin().error;
            return b;
        }
        if (const std::string why = whyTheDriverHasNoGpu(); !why.empty()) {
            b.reason = "no usable NVIDIA GPU: " + why;
            return b;
        }
        const CudaPlugin &plugin = cudaPlugin();
        if (!plugin.handle) {
            b.reason = plugin.error;
            return b;
        }
        auto probe = reinterpret_cast<CudaProbeFunction>(dlsym(plugin.handle, kCudaProbeSymbol));
        if (!probe || !dlsym(plugin.handle, kCudaCreateSymbol)) {
            b.reason = "the CUDA plugin " + plugin.path + " is from another version of Deepscope";
            return b;
        }
        CudaProbeResult result {};
        probe(&result);
        if (result.deviceCount <= 0) {
            b.reason = std::string("no usable NVIDIA GPU: ") + result.message;
            return b;
        }
        b.label = result.deviceName + std::string(" (") + std::to_string(result.memoryBytes >> 30) + " GiB)";
        b.available = true;
        return b;
    }();
    return info;
}

std::unique_ptr<Backend> createCuda()
{
    const BackendInfo &info = probeCuda();
    if (!info.available)
        throw Error("the GPU is not available: " + info.reason);
    auto create = reinterpret_cast<CudaCreateFunction>(dlsym(cudaPlugin().handle, kCudaCreateSymbol));
    char error[1024] = {};
    Backend *backend = create(DEEPSCOPE_VERSION, kBackendInterfaceVersion, error, int(sizeof error));
    if (!backend)
        throw Error(std::string("the GPU backend could not start: ") + error);
    return std::unique_ptr<Backend>(backend);
}

} // namespace

std::vector<BackendInfo> probeBackends()
{
    std::vector<BackendInfo> list;
    list.push_back({"cpu", CpuBackend::describe(0), true, {}});
    list.push_back(probeCuda());
    return list;
}

std::unique_ptr<Backend> createBackend(const std::string &id)
{
    if (id == "cpu")
        return std::make_unique<CpuBackend>();
    if (id == "cuda")
        return createCuda();
    throw Error("unknown backend '" + id + "'; known: cpu, cuda");
}

std::string cudaPluginSearchPath()
{
    std::string s;
    for (const auto &p : pluginCandidates()) {
        if (!s.empty())
            s += ':';
        s += p.string();
    }
    return s;
}

} // namespace ds
