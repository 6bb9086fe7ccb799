// torchvision's networks at ImageNet's size on the CPU (issue: large models stay reasonable).
// The files come from tests/onnx/data/make_torchvision_models.py (PyTorch's own export, run here
// into a temporary folder with /usr/bin/python3), so both sides run the same networks:
//   resnet18_infer_224_batch8   images/s, forward in eval mode, batches of 8 at 3×224×224
//   resnet18_train_224_batch8   images/s, SGD with momentum steps (forward, backward, update)
//   onnx_import_resnet18_224    ms to read the file into a spec and parameters
//   onnx_import_alexnet         ms for alexnet (61 M parameters)
//   alexnet_import_peak_memory  MB, the peak resident memory of a process that reads alexnet's
//                               file and imports it (measured in a child: --import-peak FILE)
#include "backends.h"
#include "network.h"
#include "onnximport.h"
#include "trainer.h"
#include "workloads.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

using namespace ds;

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The file in one piece, read once (no second copy: the peak memory counts it).
std::string readAll(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary | std::ios::ate);
    if (!in)
        return {};
    std::string bytes(std::size_t(in.tellg()), '\0');
    in.seekg(0);
    in.read(bytes.data(), std::streamsize(bytes.size()));
    return in ? bytes : std::string();
}

// Calls per second of fn for about `seconds` (at least 2, after one to warm up).
template <typename Fn> double callsPerSecond(Fn &&fn, double seconds)
{
    fn();
    long calls = 0;
    const auto start = Clock::now();
    while (since(start) < seconds || calls < 2) {
        fn();
        ++calls;
    }
    return double(calls) / since(start);
}

// Random images with random labels of 1,000 classes.
TrainingData randomImages(const Shape &input, int count)
{
    TrainingData d;
    d.rows = count;
    d.targetColumns = 1000;
    const std::size_t size = elementCount(input);
    d.inputs.resize(size * std::size_t(count));
    d.targets.assign(std::size_t(count) * 1000, 0.0f);
    std::uint32_t state = 12345;
    for (float &v : d.inputs) {
        state = state * 1664525u + 1013904223u;
        v = float(state >> 8) / float(1u << 24) - 0.5f;
    }
    for (int i = 0; i < count; ++i)
        d.targets[std::size_t(i) * 1000 + std::size_t(i * 37 % 1000)] = 1.0f;
    return d;
}

int importPeak(const char *path)
{
    const std::string bytes = readAll(path);
    const onnx::OnnxModel m = onnx::importOnnx(bytes);
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%ld %zu\n", usage.ru_maxrss, m.parameters.size()); // kB, and proof it imported
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 3 && std::strcmp(argv[1], "--import-peak") == 0)
        return importPeak(argv[2]);
    QCoreApplication app(argc, argv);
    const bench::BenchArgs args = bench::parseArgs(argc, argv);
    const double seconds = args.seconds;
    const auto wanted = [&](const char *name) { return args.wants(name); };
    using bench::report;

    QTemporaryDir dir;
    const QString script = QDir(QStringLiteral(DEEPSCOPE_SOURCE_DIR)).filePath("tests/onnx/data/make_torchvision_models.py");
    QProcess make;
    make.start("/usr/bin/python3", {script, dir.path(), "--side", "224", "resnet18", "alexnet"});
    if (!make.waitForFinished(-1) || make.exitCode() != 0) {
        std::fprintf(stderr, "bench_bigmodels: the models were not made (python3-torchvision?): %s\n",
            make.readAllStandardError().constData());
        return 1;
    }
    const std::string resnetBytes = readAll(dir.filePath("resnet18.onnx"));
    const std::string alexnetBytes = readAll(dir.filePath("alexnet.onnx"));
    if (resnetBytes.empty() || alexnetBytes.empty())
        return 1;

    if (wanted("onnx_import_resnet18_224"))
        report("onnx_import_resnet18_224", 1e3 / callsPerSecond([&] { onnx::importOnnx(resnetBytes); }, seconds), "ms");
    if (wanted("onnx_import_alexnet"))
        report("onnx_import_alexnet", 1e3 / callsPerSecond([&] { onnx::importOnnx(alexnetBytes); }, seconds), "ms");
    if (wanted("alexnet_import_peak_memory")) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {"--import-peak", dir.filePath("alexnet.onnx")});
        if (!child.waitForFinished(-1) || child.exitCode() != 0)
            return 1;
        report("alexnet_import_peak_memory", child.readAllStandardOutput().split(' ').value(0).toDouble() / 1024.0, "MB");
    }

    const onnx::OnnxModel resnet = onnx::importOnnx(resnetBytes);
    auto cpu = createBackend("cpu");
    const int batch = 8;
    const TrainingData data = randomImages(resnet.spec.input, batch);
    if (wanted("resnet18_infer_224_batch8")) {
        Network net(resnet.spec, *cpu, 1);
        net.setParameters(resnet.parameters);
        Shape shape = resnet.spec.input;
        shape.insert(shape.begin(), batch);
        Tensor x = cpu->tensor(shape);
        cpu->upload(data.inputs.data(), x);
        report("resnet18_infer_224_batch8", batch * callsPerSecond([&] { net.forward(x, false); }, seconds), "images/s",
            bench::evalFlopsPerImage(resnet.spec));
    }
    if (wanted("resnet18_train_224_batch8")) {
        ModelSpec spec = resnet.spec;
        spec.layers.push_back(LayerSpec::softmax()); // PyTorch's CrossEntropyLoss on the logits
        spec.loss = LossKind::SoftmaxCrossEntropy;
        Network net(spec, *cpu, 1);
        TrainerConfig config;
        config.batchSize = batch;
        config.optimizer.kind = OptimizerKind::Momentum;
        config.optimizer.learningRate = 0.001f;
        Trainer trainer(net, data, config);
        report("resnet18_train_224_batch8", batch * callsPerSecond([&] { trainer.step(1); }, seconds), "images/s",
            bench::trainFlopsPerImage(spec));
    }
    return 0;
}
