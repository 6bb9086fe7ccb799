// Models in and out, and a whole run from the command line. Milliseconds or seconds, lower is
// better:
//   onnx_export_small_vgg   exportOnnx of the Small VGG preset (3x32x32, 10 classes), checker included
//   onnx_import_small_vgg   importOnnx of that file back into a spec and parameters
//   train_lenet5_epoch_cli  `deepscope train` of a LeNet-5 playground on the bundled digits, one
//                           epoch, end to end (start, data, training, test, summary) — its peer is
//                           the PyTorch script `deepscope export --torch` writes for the same run
#include "cpu/cpubackend.h"
#include "images/cnnpresets.h"
#include "network.h"
#include "onnxexport.h"
#include "onnximport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <string>

using namespace ds;

namespace {

using Clock = std::chrono::steady_clock;

template <typename Fn> double millisecondsPerCall(Fn &&fn, double seconds)
{
    fn(); // warm
    long calls = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    while (elapsed < seconds || calls < 3) {
        fn();
        ++calls;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return elapsed * 1e3 / double(calls);
}

void report(const char *name, double value, const char *unit)
{
    std::printf("{\"name\": \"%s\", \"value\": %.4f, \"unit\": \"%s\"}\n", name, value, unit);
    std::fflush(stdout);
}

// The playground the end-to-end workload trains (its peer writes the same file).
constexpr const char *kLeNetPlayground
    = R"({"format":"deepscope-playground","version":2,"mode":"images",)"
      R"("images":{"data":{"source":"bundled-mnist"},"preset":"LeNet-5","epochs":1}})";

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Keep freed memory for the next call, as a running app does: by default glibc hands the
    // megabytes of every import back to the system and the next call pays page faults for them
    // again, which on a virtual machine costs 25 times the import itself.
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    double seconds = 3.0;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            seconds = 0.5;
        else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
    }
    const auto wanted = [&](const char *name) { return only.empty() || only == name; };

    ModelSpec vgg;
    for (const app::CnnPreset &p : app::cnnPresets({3, 32, 32}, 10))
        if (p.name == "Small VGG")
            vgg = p.spec;
    CpuBackend cpu;
    Network net(vgg, cpu, 1);
    onnx::OnnxModel model {vgg, net.parametersToHost(), {}, {}};
    std::string bytes;
    if (wanted("onnx_export_small_vgg"))
        report("onnx_export_small_vgg", millisecondsPerCall([&] { bytes = onnx::exportOnnx(model); }, seconds), "ms");
    if (wanted("onnx_import_small_vgg")) {
        bytes = onnx::exportOnnx(model);
        report("onnx_import_small_vgg", millisecondsPerCall([&] { onnx::importOnnx(bytes); }, seconds), "ms");
    }
    if (wanted("train_lenet5_epoch_cli")) {
        QTemporaryDir dir;
        QFile file(dir.filePath("lenet.deepscope"));
        if (!file.open(QIODevice::WriteOnly) || file.write(kLeNetPlayground) < 0)
            return 1;
        file.close();
        const QString deepscope = QDir(QCoreApplication::applicationDirPath()).filePath("../bin/deepscope");
        QElapsedTimer clock;
        clock.start();
        QProcess train; // its summary is not one of our lines: read and dropped
        train.start(deepscope, {"train", file.fileName(), "--epochs", "1"});
        if (!train.waitForFinished(-1) || train.exitCode() != 0) {
            std::fprintf(
                stderr, "bench_models: deepscope train failed: %s\n", train.readAllStandardError().constData());
            return 1;
        }
        report("train_lenet5_epoch_cli", double(clock.elapsed()) / 1000.0, "s");
    }
    return 0;
}
