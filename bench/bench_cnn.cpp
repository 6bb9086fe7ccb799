// Our side of the CNN benchmarks: training and evaluation images per second on the bundled MNIST
// subset (8,000 training digits), for ConvNetJS's MNIST network and the LeNet-5 preset, at batch
// 20 and 128, SGD with momentum on softmax cross-entropy. bench/peers/torch_cnn.py runs the same
// networks on the same digits in PyTorch. One JSON line per workload.
#include "cpubackend.h"
#include "images.h"
#include "network.h"
#include "trainer.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace ds;

namespace {

using Clock = std::chrono::steady_clock;

ModelSpec convnetjsMnist()
{
    ModelSpec s;
    s.input = {1, 28, 28};
    s.layers = {LayerSpec::conv(8, 5, 1, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::conv(16, 5, 1, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(3), LayerSpec::flatten(),
        LayerSpec::dense(10), LayerSpec::softmax()};
    s.loss = LossKind::SoftmaxCrossEntropy;
    s.init = InitKind::He;
    return s;
}

ModelSpec lenet5()
{
    ModelSpec s;
    s.input = {1, 28, 28};
    s.layers = {LayerSpec::conv(6, 5, 1, 2), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::conv(16, 5), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2), LayerSpec::flatten(),
        LayerSpec::dense(120), LayerSpec::act(ActivationKind::Relu), LayerSpec::dense(84),
        LayerSpec::act(ActivationKind::Relu), LayerSpec::dense(10), LayerSpec::softmax()};
    s.loss = LossKind::SoftmaxCrossEntropy;
    s.init = InitKind::He;
    return s;
}

TrainingData trainingDigits()
{
    const data::ImageSet all = data::loadBundledMnist();
    return data::toTrainingData(all, 0, data::kBundledMnistTrainCount);
}

// Training images per second: whole updates for `seconds` after a warm-up.
double trainRate(const ModelSpec &spec, const TrainingData &data, int batch, double seconds)
{
    CpuBackend cpu;
    Network net(spec, cpu, 1);
    TrainerConfig config;
    config.batchSize = batch;
    config.optimizer.kind = OptimizerKind::Momentum;
    config.optimizer.learningRate = 0.01f;
    Trainer trainer(net, data, config);
    trainer.step(10);
    long updates = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    while (elapsed < seconds) {
        trainer.step(10);
        updates += 10;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return double(updates) * batch / elapsed;
}

// Evaluation images per second: forward passes over the training digits in chunks of 1,000.
double evalRate(const ModelSpec &spec, const TrainingData &data, double seconds)
{
    CpuBackend cpu;
    Network net(spec, cpu, 1);
    Trainer trainer(net, data, TrainerConfig {});
    trainer.evaluateTraining();
    long images = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    while (elapsed < seconds) {
        trainer.evaluateTraining();
        images += data.rows;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return double(images) / elapsed;
}

void report(const std::string &name, double value)
{
    std::printf("{\"name\": \"%s\", \"value\": %.1f, \"unit\": \"images/s\"}\n", name.c_str(), value);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    double seconds = 3.0;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            seconds = 0.7;
        else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
    }
    const TrainingData data = trainingDigits();
    const struct {
        const char *name;
        ModelSpec spec;
    } nets[] = {{"convnetjs", convnetjsMnist()}, {"lenet5", lenet5()}};
    for (const auto &n : nets) {
        for (int batch : {20, 128}) {
            const std::string name = std::string("cnn_") + n.name + "_train_batch" + std::to_string(batch);
            if (only.empty() || only == name)
                report(name, trainRate(n.spec, data, batch, seconds));
        }
        const std::string name = std::string("cnn_") + n.name + "_eval";
        if (only.empty() || only == name)
            report(name, evalRate(n.spec, data, seconds));
    }
    return 0;
}
