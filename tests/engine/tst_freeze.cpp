// Fine-tuning: frozen layers (LayerSpec::frozen) keep their parameters to the bit through any
// optimizer, regularizer and weight decay; their gradients are not computed; the layers that
// train get the gradients they would get with nothing frozen; and unfreezing in place trains them.
#include "backends.h"
#include "error.h"
#include "network.h"
#include "testbackends.h"
#include "trainer.h"

#include <QTest>

using namespace ds;

namespace {

// Two convolutions, then a dense head, on 1x8x8 images: the convolutions are layers 0 and 2.
ModelSpec cnn(bool freezeConvolutions)
{
    ModelSpec s;
    s.input = {1, 8, 8};
    s.layers = {LayerSpec::conv(3, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::conv(4, 3),
        LayerSpec::act(ActivationKind::Tanh), LayerSpec::flatten(), LayerSpec::dense(3), LayerSpec::softmax()};
    s.layers[0].frozen = s.layers[2].frozen = freezeConvolutions;
    s.loss = LossKind::SoftmaxCrossEntropy;
    return s;
}

TrainingData data()
{
    TrainingData d;
    d.rows = 24;
    d.targetColumns = 3;
    d.inputs = test::randomVector(std::size_t(d.rows) * 64, -1.0f, 1.0f, 7);
    for (int r = 0; r < d.rows; ++r)
        for (int c = 0; c < 3; ++c)
            d.targets.push_back(r % 3 == c ? 1.0f : 0.0f);
    return d;
}

std::vector<float> slice(const std::vector<float> &v, std::size_t from, std::size_t to)
{
    return {v.begin() + std::ptrdiff_t(from), v.begin() + std::ptrdiff_t(to)};
}

} // namespace

class TestFreeze : public QObject {
    Q_OBJECT
private slots:
    void frozenLayersKeepTheirBits_data()
    {
        QTest::addColumn<int>("optimizer");
        QTest::addColumn<int>("regularizer");
        QTest::newRow("sgd") << int(OptimizerKind::Sgd) << int(RegularizerKind::None);
        QTest::newRow("momentum + l2") << int(OptimizerKind::Momentum) << int(RegularizerKind::L2);
        QTest::newRow("adam + l1") << int(OptimizerKind::Adam) << int(RegularizerKind::L1);
        QTest::newRow("adamw (weight decay)") << int(OptimizerKind::AdamW) << int(RegularizerKind::None);
    }

    void frozenLayersKeepTheirBits()
    {
        QFETCH(int, optimizer);
        QFETCH(int, regularizer);
        auto backend = createBackend("cpu");
        Network net(cnn(true), *backend, 5);
        TrainerConfig config;
        config.batchSize = 8;
        config.optimizer.kind = OptimizerKind(optimizer);
        config.optimizer.learningRate = 0.05f;
        config.regularizer = RegularizerKind(regularizer);
        config.regularizationRate = 0.01f;
        Trainer trainer(net, data(), config);
        const std::vector<float> before = net.parametersToHost();
        trainer.step(30);
        const std::vector<float> after = net.parametersToHost();
        const std::size_t headStart = net.parameterOffset(5);
        // Layers 0 to 4 (both convolutions) are frozen: every bit the same; the head moved.
        QCOMPARE(slice(after, 0, headStart), slice(before, 0, headStart));
        QVERIFY(slice(after, headStart, after.size()) != slice(before, headStart, before.size()));
        // Their gradients were never computed (the buffer starts at zero) and their optimizer
        // state never written.
        const std::vector<float> grads = backend->toHost(net.gradients());
        QCOMPARE(slice(grads, 0, headStart), std::vector<float>(headStart, 0.0f));
        const TrainerState state = trainer.saveState();
        QCOMPARE(slice(state.moments1, 0, headStart), std::vector<float>(headStart, 0.0f));
        QCOMPARE(net.trainableRanges().size(), std::size_t(1));
        QCOMPARE(net.trainableRanges()[0].first, headStart);
    }

    // The head's gradient with the convolutions frozen is the one it gets when nothing is frozen.
    void trainingLayersGetTheSameGradients()
    {
        auto backend = createBackend("cpu");
        Network frozen(cnn(true), *backend, 9), open(cnn(false), *backend, 9);
        const TrainingData d = data();
        const Tensor x = backend->fromHost(d.inputs, {d.rows, 1, 8, 8});
        const Tensor t = backend->fromHost(d.targets, {d.rows, 3});
        for (Network *n : {&frozen, &open}) {
            n->forward(x, true);
            Tensor dy = backend->tensor({d.rows, 3});
            backend->lossGradient(LossKind::SoftmaxCrossEntropy, n->lossInput(), t, dy);
            n->backward(dy);
        }
        const std::size_t headStart = frozen.parameterOffset(5);
        const std::vector<float> a = backend->toHost(frozen.gradients()), b = backend->toHost(open.gradients());
        QCOMPARE(slice(a, headStart, a.size()), slice(b, headStart, b.size()));
        QVERIFY(slice(b, 0, headStart) != std::vector<float>(headStart, 0.0f));
    }

    // A middle layer frozen: the layers before it still train (its input gradient is computed).
    void frozenMiddleLayerPassesGradientsOn()
    {
        auto backend = createBackend("cpu");
        ModelSpec spec = cnn(false);
        spec.layers[2].frozen = true;
        Network net(spec, *backend, 3);
        TrainerConfig config;
        config.batchSize = 8;
        config.optimizer.kind = OptimizerKind::Adam;
        Trainer trainer(net, data(), config);
        const std::vector<float> before = net.parametersToHost();
        trainer.step(10);
        const std::vector<float> after = net.parametersToHost();
        const std::size_t second = net.parameterOffset(2), third = net.parameterOffset(3);
        QVERIFY(slice(after, 0, second) != slice(before, 0, second));
        QCOMPARE(slice(after, second, third), slice(before, second, third));
        QVERIFY(slice(after, third, after.size()) != slice(before, third, before.size()));
        QCOMPARE(net.trainableRanges().size(), std::size_t(2));
        // Unfrozen in place, it trains too, and the weights it had are kept.
        net.setFrozen(2, false);
        QVERIFY(!net.spec().layers[2].frozen);
        QCOMPARE(net.parametersToHost(), after);
        trainer.step(5);
        QVERIFY(slice(net.parametersToHost(), second, third) != slice(before, second, third));
    }

    // A frozen batch norm is PyTorch's eval mode while the rest trains: its scale, shift and
    // running statistics keep every bit, it normalizes with the running statistics in training
    // too, and the convolution before it still trains.
    void frozenBatchNormKeepsItsStatistics()
    {
        auto backend = createBackend("cpu");
        ModelSpec spec = cnn(false);
        spec.layers.insert(spec.layers.begin() + 1, LayerSpec::batchNorm());
        spec.layers[1].frozen = true;
        QCOMPARE(QString::fromStdString(spec.validationError()), QString());
        Network net(spec, *backend, 1);
        std::vector<float> p = net.parametersToHost();
        const std::size_t bn = net.parameterOffset(1), after = net.parameterOffset(2);
        // Statistics as a trained network would have them: far from the fresh 0 and 1.
        const std::vector<float> stats = test::randomVector(after - bn, 0.5f, 1.5f, 11);
        std::copy(stats.begin(), stats.end(), p.begin() + std::ptrdiff_t(bn));
        net.setParameters(p);

        const TrainingData d = data();
        const Tensor x = backend->fromHost(d.inputs, {d.rows, 1, 8, 8});
        net.forward(x, false);
        const std::vector<float> evaluated = backend->toHost(net.layerOutput(1));
        net.forward(x, true);
        QCOMPARE(backend->toHost(net.layerOutput(1)), evaluated);

        TrainerConfig config;
        config.batchSize = 8;
        config.optimizer.kind = OptimizerKind::Adam;
        config.regularizer = RegularizerKind::L2;
        config.regularizationRate = 0.01f;
        Trainer trainer(net, d, config);
        trainer.step(20);
        const std::vector<float> trained = net.parametersToHost();
        QCOMPARE(slice(trained, bn, after), slice(p, bn, after));
        QVERIFY(slice(trained, 0, bn) != slice(p, 0, bn)); // the convolution before it trained
        QVERIFY(slice(trained, after, trained.size()) != slice(p, after, p.size()));
        const std::vector<float> grads = backend->toHost(net.gradients());
        QCOMPARE(slice(grads, bn, after), std::vector<float>(after - bn, 0.0f));

        // Unfrozen in place, it trains on with the batch's statistics and moves its own.
        net.setFrozen(1, false);
        trainer.step(5);
        QVERIFY(slice(net.parametersToHost(), bn, after) != slice(p, bn, after));
    }

    // The gradient that reaches the convolution through a frozen batch norm (the fixed affine
    // map's), against central differences of the training loss, in double-checked float.
    void gradientThroughAFrozenBatchNorm_data() { test::addBackendRows(); }
    void gradientThroughAFrozenBatchNorm()
    {
        DS_BACKEND(be);
        ModelSpec spec = cnn(false);
        spec.layers.insert(spec.layers.begin() + 1, LayerSpec::batchNorm());
        spec.layers[1].frozen = true;
        spec.layers[2] = LayerSpec::act(ActivationKind::Tanh); // no kink for the differences to straddle
        Network net(spec, *be, 4);
        std::vector<float> params = net.parametersToHost();
        const std::size_t bn = net.parameterOffset(1), after = net.parameterOffset(2);
        const std::vector<float> stats = test::randomVector(after - bn, 0.5f, 1.5f, 12);
        std::copy(stats.begin(), stats.end(), params.begin() + std::ptrdiff_t(bn));
        const TrainingData d = data();
        const int rows = 6;
        const Tensor x = be->fromHost(slice(d.inputs, 0, std::size_t(rows) * 64), {rows, 1, 8, 8});
        const Tensor t = be->fromHost(slice(d.targets, 0, std::size_t(rows) * 3), {rows, 3});
        auto loss = [&] {
            net.setParameters(params);
            net.forward(x, true);
            return double(be->loss(spec.loss, net.lossInput(), t));
        };
        loss();
        Tensor g = be->tensor({rows, 3});
        be->lossGradient(spec.loss, net.lossInput(), t, g);
        net.backward(g);
        const std::vector<float> analytic = be->toHost(net.gradients());
        // Only the convolution's parameters: the frozen layer's own get no gradient by design.
        std::vector<float> conv = slice(params, 0, bn);
        std::vector<float> all = params;
        const std::vector<double> numeric = test::numericGradient(conv, [&] {
            std::copy(conv.begin(), conv.end(), params.begin());
            const double l = loss();
            params = all;
            return l;
        });
        const QString error = test::compareGradients(slice(analytic, 0, bn), numeric, 5e-3);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestFreeze)
#include "tst_freeze.moc"
