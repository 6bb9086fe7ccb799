// Fitting an imported classifier to a data set with other classes (app/core/finetune.h): a fresh
// head of the right width, every weight before it kept and frozen; nothing when it already fits.
#include "backends.h"
#include "core/finetune.h"
#include "error.h"
#include "network.h"
#include "trainer.h"

#include <QTest>

using namespace ds;
using namespace ds::app;

namespace {

onnx::OnnxModel model(int classes)
{
    onnx::OnnxModel m;
    m.spec.input = {1, 8, 8};
    m.spec.layers = {LayerSpec::conv(4, 3), LayerSpec::act(ActivationKind::Relu), LayerSpec::flatten(),
        LayerSpec::dense(16), LayerSpec::act(ActivationKind::Relu), LayerSpec::dense(classes), LayerSpec::softmax()};
    m.spec.loss = LossKind::SoftmaxCrossEntropy;
    auto cpu = createBackend("cpu");
    m.parameters = Network(m.spec, *cpu, 77).parametersToHost();
    return m;
}

} // namespace

class TestFineTune : public QObject {
    Q_OBJECT
private slots:
    void headIsReplacedAndTheRestFrozen()
    {
        onnx::OnnxModel m = model(1000);
        const onnx::OnnxModel before = m;
        const auto r = replaceHead(m, 3, 5);
        QVERIFY(r.has_value());
        QCOMPARE(r->oldClasses, 1000);
        QCOMPARE(r->frozenLayers, 2); // the convolution and the first dense layer
        QCOMPARE(m.spec.layers[5].units, 3);
        QVERIFY(m.spec.layers[0].frozen && m.spec.layers[3].frozen && !m.spec.layers[5].frozen);
        QCOMPARE(m.spec.outputShape(), Shape({3}));
        auto cpu = createBackend("cpu");
        Network net(m.spec, *cpu, 1);
        QCOMPARE(m.parameters.size(), net.parameterCount());
        const std::size_t kept = net.parameterOffset(5);
        QVERIFY(std::equal(m.parameters.begin(), m.parameters.begin() + std::ptrdiff_t(kept), before.parameters.begin()));
        net.setParameters(m.parameters); // a network it builds and takes
    }

    // A ResNet-like backbone with batch norm: it is frozen with the rest (keeping its running
    // statistics), so training reaches nothing before the head and every bit of it stays.
    void batchNormIsFrozenWithTheBackbone()
    {
        onnx::OnnxModel m = model(1000);
        m.spec.layers.insert(m.spec.layers.begin() + 1, LayerSpec::batchNorm());
        auto cpu = createBackend("cpu");
        m.parameters = Network(m.spec, *cpu, 77).parametersToHost();
        const auto r = replaceHead(m, 3, 5);
        QVERIFY(r.has_value());
        QCOMPARE(r->frozenLayers, 3); // the convolution, the batch norm and the first dense layer
        QVERIFY(m.spec.layers[1].frozen);
        Network net(m.spec, *cpu, 1);
        net.setParameters(m.parameters);
        QCOMPARE(net.trainableRanges().size(), std::size_t(1));
        QCOMPARE(net.trainableRanges()[0].first, net.parameterOffset(6)); // the head alone
        TrainingData d;
        d.rows = 12;
        d.targetColumns = 3;
        for (int i = 0; i < d.rows * 64; ++i)
            d.inputs.push_back(float((i * 37) % 17) / 17.0f);
        for (int r = 0; r < d.rows; ++r)
            for (int c = 0; c < 3; ++c)
                d.targets.push_back(r % 3 == c ? 1.0f : 0.0f);
        TrainerConfig config;
        config.batchSize = 4;
        Trainer trainer(net, d, config);
        trainer.step(9);
        const std::vector<float> after = net.parametersToHost();
        const std::size_t head = net.parameterOffset(6);
        QVERIFY(std::equal(after.begin(), after.begin() + std::ptrdiff_t(head), m.parameters.begin()));
        QVERIFY(!std::equal(after.begin() + std::ptrdiff_t(head), after.end(), m.parameters.begin() + std::ptrdiff_t(head)));
    }

    void aFittingHeadIsLeftAlone()
    {
        onnx::OnnxModel m = model(10);
        const onnx::OnnxModel before = m;
        QVERIFY(!replaceHead(m, 10, 5).has_value());
        QVERIFY(m.spec == before.spec && m.parameters == before.parameters);
    }

    void noDenseHeadIsSaid()
    {
        onnx::OnnxModel m;
        m.spec.input = {1, 8, 8};
        m.spec.layers = {LayerSpec::conv(10, 8), LayerSpec::flatten(), LayerSpec::softmax()};
        m.spec.loss = LossKind::SoftmaxCrossEntropy;
        const ModelSpec before = m.spec;
        bool refused = false;
        try {
            replaceHead(m, 3, 1);
        } catch (const Error &e) {
            refused = std::string(e.what()).find("no head to replace") != std::string::npos;
        }
        QVERIFY(refused);
        QVERIFY(m.spec == before);
    }
};

QTEST_GUILESS_MAIN(TestFineTune)
#include "tst_finetune.moc"
