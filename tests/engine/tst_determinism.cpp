// The same seed trains the same network, to the bit, on every x86-64 processor: short training
// runs hash their final weights and compare with hashes checked in here. The hashes were taken on
// an AMD EPYC and hold on an Intel Xeon (the GPU machine's processor, through tools/gpu-run).
//
// What a mismatch means: this machine computes different bits than the reference for the same
// program and seed, so a saved playground reopened here will not continue as it would have there,
// and accuracy figures measured elsewhere do not carry over. The usual causes are an approximate
// instruction (rsqrt, rcp: their bits are vendor-specific; see engine/cpu/exactsqrt.h), a sum taken in
// another order (Eigen blocking a product by the cache sizes cpuid reports; see CpuBackend's
// constructor), or fused multiply-adds the source did not ask for (-ffp-contract).
//
// The bits do depend on the build's vector width (Eigen's float packet: 4 for baseline SSE, 8 for
// AVX2, 16 for AVX-512), which changes the order of Eigen's sums by design, and for the CNN on
// which direct-convolution kernels the processor runs. So the hashes are kept per width and per
// kernel set; a combination with none pinned skips and says so. Not on the compiler: GCC and
// Clang builds give the same hashes.
#include "cpu/cpubackend.h"
#include "cpu/directconv.h"
#include "network.h"
#include "random.h"
#include "trainer.h"

#include <Eigen/Core>
#include <QTest>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>

using namespace ds;

namespace {

constexpr int kPacketWidth = Eigen::internal::packet_traits<float>::size;

// FNV-1a over the weights' bytes, as 16 hex digits.
std::string hashOf(const std::vector<float> &w)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    const auto *bytes = reinterpret_cast<const unsigned char *>(w.data());
    for (std::size_t i = 0; i < w.size() * sizeof(float); ++i)
        h = (h ^ bytes[i]) * 0x100000001b3ULL;
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

TrainingData randomClasses(int rows, int columns, int classes, std::uint64_t seed)
{
    Rng rng(seed);
    TrainingData d;
    d.rows = rows;
    d.targetColumns = classes;
    d.inputs.resize(std::size_t(rows) * std::size_t(columns));
    for (float &x : d.inputs)
        x = rng.uniform(-1.0f, 1.0f);
    d.targets.assign(std::size_t(rows) * std::size_t(classes), 0.0f);
    for (int r = 0; r < rows; ++r) {
        const float *x = d.inputs.data() + std::size_t(r) * std::size_t(columns);
        const float score = x[0] * x[1] + 0.5f * x[2] - 0.3f * x[columns - 1];
        const int cls = score < -0.2f ? 0 : (score < 0.2f || classes == 2 ? 1 : 2) % classes;
        d.targets[std::size_t(r) * std::size_t(classes) + std::size_t(cls)] = 1.0f;
    }
    return d;
}

std::vector<float> run(
    const ModelSpec &spec, const TrainingData &d, const TrainerConfig &config, int steps, int threads)
{
    CpuBackend cpu(threads);
    Network net(spec, cpu, 5);
    Trainer trainer(net, d, config);
    trainer.step(steps);
    return net.parametersToHost();
}

// A Points-mode network: batch norm, dropout, tanh and GELU, Adam with L2 (its square roots).
std::vector<float> playgroundRun(int threads)
{
    ModelSpec spec
        = ModelSpec::mlp(6, {16, 12}, {ActivationKind::Tanh, ActivationKind::Gelu}, 3, LossKind::SoftmaxCrossEntropy);
    spec.layers.insert(spec.layers.begin() + 2, LayerSpec::batchNorm());
    spec.layers.insert(spec.layers.begin() + 4, LayerSpec::dropout(0.1f));
    TrainerConfig config;
    config.batchSize = 10;
    config.optimizer.kind = OptimizerKind::Adam;
    config.optimizer.learningRate = 0.01f;
    config.regularizer = RegularizerKind::L2;
    config.regularizationRate = 0.001f;
    config.seed = 3;
    return run(spec, randomClasses(300, 6, 3, 21), config, 300, threads);
}

// Sums longer than a product block (300 rows into each weight gradient, 400 inputs into each
// neuron), RMSProp and AdaGrad-like square roots.
std::vector<float> wideRun(int threads)
{
    const ModelSpec spec = ModelSpec::mlp(400, {64}, {ActivationKind::Relu}, 2, LossKind::SoftmaxCrossEntropy);
    TrainerConfig config;
    config.batchSize = 300;
    config.optimizer.kind = OptimizerKind::RmsProp;
    config.optimizer.learningRate = 0.001f;
    config.seed = 4;
    return run(spec, randomClasses(600, 400, 2, 22), config, 6, threads);
}

// A small CNN: the direct convolution, both poolings, Adam.
std::vector<float> cnnRun(int threads)
{
    ModelSpec spec;
    spec.input = {1, 12, 12};
    spec.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::conv(6, 3), LayerSpec::act(ActivationKind::Gelu), LayerSpec::avgPool(2), LayerSpec::flatten(),
        LayerSpec::dense(3), LayerSpec::softmax()};
    spec.loss = LossKind::SoftmaxCrossEntropy;
    TrainerConfig config;
    config.batchSize = 8;
    config.optimizer.kind = OptimizerKind::Adam;
    config.optimizer.learningRate = 0.005f;
    config.seed = 5;
    return run(spec, randomClasses(96, 144, 3, 23), config, 40, threads);
}

std::string convKernels()
{
    const DirectConvKernels *k = bestDirectConvKernels();
    return k ? k->name : "im2col";
}

// Pinned hashes: "run/packet width[/convolution kernels]" -> FNV-1a of the final weights.
const std::map<std::string, std::string> &pinned()
{
    static const std::map<std::string, std::string> hashes = {
        // AVX2 builds: the default (-march=x86-64-v3 where the CPU has AVX2 and FMA), GCC or Clang,
        // and -march=haswell.
        {"playground/8", "724e5dfda2f57fff"},
        {"wide/8", "bf80f5d04132e0e1"},
        {"cnn/8/AVX-512", "c503ec10a7f45d2c"},
        {"cnn/8/AVX2", "c7f1998a1958c623"},
        {"cnn/8/im2col", "8e21a09f733fb42a"},
        // Baseline builds (DEEPSCOPE_CPU=baseline: SSE2 packets).
        {"playground/4", "31cef4ef01b1eac5"},
        {"wide/4", "624aa5d975619b8c"},
        {"cnn/4/AVX-512", "c503ec10a7f45d2c"},
        {"cnn/4/AVX2", "c7f1998a1958c623"},
        {"cnn/4/im2col", "79b42a0a663184e6"},
        // AVX-512 builds (-march=x86-64-v4 or native on an AVX-512 CPU).
        {"playground/16", "724e5dfda2f57fff"},
        {"wide/16", "3cb0d3a991d23838"},
        {"cnn/16/AVX-512", "c503ec10a7f45d2c"},
        {"cnn/16/AVX2", "c7f1998a1958c623"},
        {"cnn/16/im2col", "b67d58eab3bf299b"},
    };
    return hashes;
}

} // namespace

class TestDeterminism : public QObject {
    Q_OBJECT

private slots:
    void pinnedWeights_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("playground") << "playground";
        QTest::newRow("wide") << "wide";
        QTest::newRow("cnn") << "cnn";
    }
    void pinnedWeights()
    {
        QFETCH(QString, name);
        const std::string key = name == "cnn"
            ? QString("%1/%2/%3").arg(name).arg(kPacketWidth).arg(QString::fromStdString(convKernels())).toStdString()
            : QString("%1/%2").arg(name).arg(kPacketWidth).toStdString();
        auto train = name == "playground" ? playgroundRun : name == "wide" ? wideRun : cnnRun;
        const std::string one = hashOf(train(1)), two = hashOf(train(2));
        qInfo("%s: %s", key.c_str(), two.c_str());
        QVERIFY2(one == two, "one and two threads trained different weights");
        const auto it = pinned().find(key);
        if (it == pinned().end())
            QSKIP(qPrintable(QString::fromStdString("no hash pinned for " + key
                + " (this build's vector width or "
                  "convolution kernels); this machine gave "
                + two)));
        QVERIFY2(two == it->second,
            qPrintable(QString::fromStdString(key + ": the final weights hash to " + two + ", pinned " + it->second
                + ". This machine computes different bits than the reference for the same build and seed: saved "
                  "playgrounds will not continue the same way here. Look for an approximate instruction, a sum "
                  "reordered by the machine (cache sizes), or a compiler that fuses multiply-adds "
                  "(see the comment at the top of tst_determinism.cpp).")));
    }
};

QTEST_APPLESS_MAIN(TestDeterminism)
#include "tst_determinism.moc"
