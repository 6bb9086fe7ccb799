#include "cnnpresets.h"

#include "imagetiles.h"

namespace ds::app {
namespace {

using L = ds::LayerSpec;
constexpr auto kRelu = ds::ActivationKind::Relu;

ds::ModelSpec imageSpec(const ds::Shape &input, std::vector<ds::LayerSpec> layers)
{
    ds::ModelSpec spec;
    spec.input = input;
    spec.layers = std::move(layers);
    spec.loss = ds::LossKind::SoftmaxCrossEntropy;
    // Xavier rather than He: on the bundled digits LeNet-5 reached 97.9 % in 5 epochs with it and
    // 97.4 % with He, and its layer-1 filters came out visibly smoother (He's larger start stays
    // as noise in 5x5 kernels).
    spec.init = ds::InitKind::Xavier;
    return spec;
}

// Multiply-adds for one image's forward pass: what a preset costs, in a number people compare.
double multiplyAdds(const ds::ModelSpec &spec)
{
    double total = 0;
    ds::Shape in = spec.input;
    const std::vector<ds::LayerCheck> checks = spec.check();
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const ds::LayerSpec &l = spec.layers[i];
        const ds::Shape &out = checks[i].output;
        if (l.kind == ds::LayerKind::Conv2D)
            total += double(ds::elementCount(out)) * in[0] * l.kernel * l.kernel;
        else if (l.kind == ds::LayerKind::Dense)
            total += double(ds::elementCount(in)) * l.units;
        in = out;
    }
    return total;
}

QString costText(const ds::ModelSpec &spec)
{
    const double m = multiplyAdds(spec) / 1e6;
    return QString(" %1 parameters, %2 M multiply-adds per image.")
        .arg(widgets::groupedCount(qlonglong(spec.parameterCount())), QString::number(m, 'g', m < 10 ? 2 : 3));
}

} // namespace

QList<CnnPreset> cnnPresets(const ds::Shape &input, int classes)
{
    if (input.size() != 3 || classes < 2)
        return {};
    const int channels = input[0];
    // LeNet-5 was drawn for 32x32 inputs; MNIST's 28x28 digits get the 2-pixel border it assumed.
    const int lenetPad = input[1] >= 32 && input[2] >= 32 ? 0 : 2;
    auto withHead = [classes](std::vector<L> body) {
        body.insert(body.end(), {L::flatten(), L::dense(classes), L::softmax()});
        return body;
    };

    QList<CnnPreset> all;
    all.append({"Tiny (fast)", "Two small convolutions and a classifier: trains in seconds, for a quick demo.",
        imageSpec(input,
            withHead({L::conv(8, 3, 1, 1), L::act(kRelu), L::maxPool(2), L::conv(16, 3, 1, 1), L::act(kRelu),
                L::maxPool(2)}))});
    all.append({"LeNet-5",
        "LeCun et al. (1998), with ReLU and max pooling: two 5x5 convolutions, then dense 120, 84 and the "
        "classes.",
        imageSpec(input,
            {L::conv(6, 5, 1, lenetPad), L::act(kRelu), L::maxPool(2), L::conv(16, 5), L::act(kRelu), L::maxPool(2),
                L::flatten(), L::dense(120), L::act(kRelu), L::dense(84), L::act(kRelu), L::dense(classes),
                L::softmax()})});
    if (channels == 1)
        all.append({"ConvNetJS MNIST",
            "The network of Karpathy's ConvNetJS MNIST demo: 8 and 16 filters of 5x5, pools of 2 and 3.",
            imageSpec(input,
                withHead({L::conv(8, 5, 1, 2), L::act(kRelu), L::maxPool(2), L::conv(16, 5, 1, 2), L::act(kRelu),
                    L::maxPool(3)}))});
    else
        all.append({"ConvNetJS CIFAR-10",
            "The network of Karpathy's ConvNetJS CIFAR-10 demo: three 5x5 convolutions of 16, 20 and 20 "
            "filters, each pooled by 2.",
            imageSpec(input,
                withHead({L::conv(16, 5, 1, 2), L::act(kRelu), L::maxPool(2), L::conv(20, 5, 1, 2), L::act(kRelu),
                    L::maxPool(2), L::conv(20, 5, 1, 2), L::act(kRelu), L::maxPool(2)}))});
    // Flatten, not a wide dense layer: the classifier stays at 10 x 4,096 weights, and dropout
    // keeps it from memorizing the training images.
    all.append({"Small VGG",
        "Pairs of 3x3 convolutions with batch norm (32, then 64 filters), as in VGG, for CIFAR-10. "
        "Minutes per epoch on a CPU; fast on a GPU.",
        imageSpec(input,
            {L::conv(32, 3, 1, 1), L::batchNorm(), L::act(kRelu), L::conv(32, 3, 1, 1), L::batchNorm(), L::act(kRelu),
                L::maxPool(2), L::conv(64, 3, 1, 1), L::batchNorm(), L::act(kRelu), L::conv(64, 3, 1, 1),
                L::batchNorm(), L::act(kRelu), L::maxPool(2), L::flatten(), L::dropout(0.5f), L::dense(classes),
                L::softmax()})});
    // Two residual blocks (He et al. 2016): each adds its input back after two convolutions, so
    // it learns a correction; batch norm keeps the sums from growing block by block.
    auto block = [](int filters) {
        return std::vector<L> {L::conv(filters, 3, 1, 1), L::batchNorm(), L::act(kRelu), L::conv(filters, 3, 1, 1),
            L::batchNorm(), L::residual(5), L::act(kRelu)};
    };
    std::vector<L> resnet {L::conv(16, 3, 1, 1), L::batchNorm(), L::act(kRelu)};
    for (const std::vector<L> &part :
        {block(16), std::vector<L> {L::maxPool(2), L::conv(32, 3, 1, 1), L::batchNorm(), L::act(kRelu)}, block(32),
            std::vector<L> {L::globalAvgPool(), L::dense(classes), L::softmax()}})
        resnet.insert(resnet.end(), part.begin(), part.end());
    all.append({"Small ResNet",
        "Two residual blocks (16, then 32 filters): each adds its input back after two 3x3 convolutions with "
        "batch norm, then a global average pool. Minutes per epoch on a CPU.",
        imageSpec(input, resnet)});

    QList<CnnPreset> fitting;
    for (CnnPreset &p : all)
        if (p.spec.validationError().empty()) {
            p.description += costText(p.spec);
            fitting.append(p);
        }
    return fitting;
}

} // namespace ds::app
