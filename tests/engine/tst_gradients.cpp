// Finite-difference checks of every layer, activation, loss and regularization term, on each
// backend: the analytic gradient from backward() must match central differences of the forward.
#include "activationlayers.h"
#include "dense.h"
#include "error.h"
#include "gradientcheck.h"
#include "network.h"
#include "testbackends.h"

#include <QTest>

#include <cmath>

using namespace ds;
using namespace ds::test;

class TestGradients : public QObject {
    Q_OBJECT

private slots:
    void dense_data() { addBackendRows(); }
    void dense()
    {
        DS_BACKEND(be);
        Dense layer(*be, 4, 3);
        checkLayer(*be, layer, {4}, 5, 11);
        Dense wide(*be, 30, 40); // past the small-product path, through Eigen's blocked GEMM
        checkLayer(*be, wide, {30}, 33, 12);
    }

    void activations_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("kind");
        for (const char *b : {"cpu", "cuda"})
            for (const auto &a : activationNames())
                QTest::newRow((std::string(b) + "/" + a.name).c_str()) << QString(b) << int(a.kind);
    }
    void activations()
    {
        DS_BACKEND(be);
        QFETCH(int, kind);
        Activation layer(*be, static_cast<ActivationKind>(kind));
        checkLayer(*be, layer, {6}, 4, 20 + unsigned(kind));
    }

    void softmax_data() { addBackendRows(); }
    void softmax()
    {
        DS_BACKEND(be);
        Softmax layer(*be);
        checkLayer(*be, layer, {5}, 3, 31);
    }

    // The mask is a function of the seed, so forward and backward with one seed must agree.
    void dropout_data() { addBackendRows(); }
    void dropout()
    {
        DS_BACKEND(be);
        const int n = 64;
        const float rate = 0.3f;
        std::vector<float> hostX = randomVector(n, -1.0f, 1.0f, 41);
        const std::vector<float> r = randomVector(n, -1.0f, 1.0f, 42);
        Tensor x = be->fromHost(hostX, {n}), y = be->tensor({n}), dx = be->tensor({n}), dy = be->fromHost(r, {n});
        auto loss = [&] {
            be->upload(hostX.data(), x);
            be->dropoutForward(x, y, rate, 777);
            return weightedSum(be->toHost(y), r);
        };
        loss();
        const std::vector<float> out = be->toHost(y);
        const int dropped = int(std::count(out.begin(), out.end(), 0.0f));
        QVERIFY2(dropped > 5 && dropped < 35, qPrintable(QString("%1 of 64 dropped at rate 0.3").arg(dropped)));
        be->dropoutBackward(dy, dx, rate, 777);
        const QString e = compareGradients(be->toHost(dx), numericGradient(hostX, loss), kTolerance);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void losses_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("kind");
        for (const char *b : {"cpu", "cuda"})
            for (const auto &l : lossNames())
                QTest::newRow((std::string(b) + "/" + l.name).c_str()) << QString(b) << int(l.kind);
    }
    void losses()
    {
        DS_BACKEND(be);
        QFETCH(int, kind);
        const auto loss = static_cast<LossKind>(kind);
        const int rows = 6, cols = 3;
        std::vector<float> z = randomVector(rows * cols, -3.0f, 3.0f, 51);
        std::vector<float> t(rows * cols, 0.0f);
        for (int r = 0; r < rows; ++r) {
            if (loss == LossKind::SoftmaxCrossEntropy)
                t[r * cols + r % cols] = 1.0f; // one-hot
            else
                for (int c = 0; c < cols; ++c)
                    t[r * cols + c] = loss == LossKind::BinaryCrossEntropy ? float((r + c) % 2) : 0.5f * c - 0.3f * r;
        }
        Tensor in = be->fromHost(z, {rows, cols}), target = be->fromHost(t, {rows, cols}), g = be->tensor({rows, cols});
        auto f = [&] {
            be->upload(z.data(), in);
            return double(be->loss(loss, in, target));
        };
        be->lossGradient(loss, in, target, g);
        const QString e = compareGradients(be->toHost(g), numericGradient(z, f, 1e-3f), kTolerance);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void regularizers_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("kind");
        for (const char *b : {"cpu", "cuda"}) {
            QTest::newRow((std::string(b) + "/l1").c_str()) << QString(b) << int(RegularizerKind::L1);
            QTest::newRow((std::string(b) + "/l2").c_str()) << QString(b) << int(RegularizerKind::L2);
        }
    }
    void regularizers()
    {
        DS_BACKEND(be);
        QFETCH(int, kind);
        const auto reg = static_cast<RegularizerKind>(kind);
        const int n = 20;
        std::vector<float> w = inputsAwayFromZero(n, 61);
        std::vector<float> mask(n, 1.0f);
        for (int i = 0; i < n; i += 3)
            mask[i] = 0.0f; // biases: neither penalized nor pushed
        Tensor wt = be->fromHost(w, {n}), mt = be->fromHost(mask, {n}), g = be->tensor({n});
        auto f = [&] {
            be->upload(w.data(), wt);
            return double(be->regularizerPenalty(reg, 0.3f, wt, mt));
        };
        be->addRegularizerGradient(reg, 0.3f, wt, mt, g);
        const std::vector<float> analytic = be->toHost(g);
        const QString e = compareGradients(analytic, numericGradient(w, f), kTolerance);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        QCOMPARE(analytic[0], 0.0f);
    }

    // Whole networks, through Network::backward, with each loss and its head.
    void networks_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("loss");
        for (const char *b : {"cpu", "cuda"})
            for (const auto &l : lossNames())
                QTest::newRow((std::string(b) + "/" + l.name).c_str()) << QString(b) << int(l.kind);
    }
    void networks()
    {
        DS_BACKEND(be);
        QFETCH(int, loss);
        const auto lossKind = static_cast<LossKind>(loss);
        const int outputs = lossKind == LossKind::BinaryCrossEntropy ? 1 : 3;
        ModelSpec spec = ModelSpec::mlp(
            4, {5, 6}, {ActivationKind::Tanh, ActivationKind::Swish}, outputs, lossKind, ActivationKind::Tanh);
        spec.layers.insert(spec.layers.begin() + 2, LayerSpec::dropout(0.0f));
        Network net(spec, *be, 5);
        const int rows = 7;
        const std::vector<float> xs = randomVector(rows * 4, -1.0f, 1.0f, 71);
        std::vector<float> ts(rows * outputs, 0.0f);
        for (int r = 0; r < rows; ++r)
            ts[r * outputs + (outputs == 1 ? 0 : r % outputs)] = outputs == 1 ? float(r % 2) : 1.0f;
        Tensor x = be->fromHost(xs, {rows, 4}), t = be->fromHost(ts, {rows, outputs});
        Tensor g = be->tensor({rows, outputs});
        std::vector<float> params = net.parametersToHost();
        auto f = [&] {
            net.setParameters(params);
            net.forward(x, false);
            return double(be->loss(lossKind, net.lossInput(), t));
        };
        f();
        be->lossGradient(lossKind, net.lossInput(), t, g);
        net.backward(g);
        const std::vector<float> analytic = be->toHost(net.gradients());
        const QString e = compareGradients(analytic, numericGradient(params, f), kTolerance);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    // Skip connections, through Network::backward: from the network input and from a hidden
    // layer, over dense and convolution blocks, one nested in another.
    void residualNetworks_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<bool>("images");
        for (const char *b : {"cpu", "cuda"}) {
            QTest::newRow((std::string(b) + "/dense").c_str()) << QString(b) << false;
            QTest::newRow((std::string(b) + "/conv").c_str()) << QString(b) << true;
        }
    }
    void residualNetworks()
    {
        DS_BACKEND(be);
        QFETCH(bool, images);
        ModelSpec spec;
        spec.loss = LossKind::SoftmaxCrossEntropy;
        if (images) {
            spec.input = {2, 5, 5};
            spec.layers = {LayerSpec::conv(2, 3, 1, 1), LayerSpec::act(ActivationKind::Tanh), LayerSpec::residual(2),
                LayerSpec::conv(2, 3, 1, 1), LayerSpec::act(ActivationKind::Swish), LayerSpec::residual(2),
                LayerSpec::flatten(), LayerSpec::dense(3), LayerSpec::softmax()};
        } else {
            spec.input = {4};
            spec.layers = {LayerSpec::dense(4), LayerSpec::act(ActivationKind::Tanh), LayerSpec::residual(2),
                LayerSpec::dense(4), LayerSpec::act(ActivationKind::Swish), LayerSpec::residual(2), LayerSpec::dense(4),
                LayerSpec::act(ActivationKind::Tanh), LayerSpec::dropout(0.0f), LayerSpec::residual(6),
                LayerSpec::dense(3), LayerSpec::softmax()};
        }
        Network net(spec, *be, 9);
        const int rows = 5, width = int(elementCount(spec.input));
        Shape inShape = spec.input;
        inShape.insert(inShape.begin(), rows);
        std::vector<float> ts(rows * 3, 0.0f);
        for (int r = 0; r < rows; ++r)
            ts[std::size_t(r * 3 + r % 3)] = 1.0f;
        Tensor x = be->fromHost(randomVector(std::size_t(rows * width), -1.0f, 1.0f, 73), inShape);
        Tensor t = be->fromHost(ts, {rows, 3}), g = be->tensor({rows, 3});
        std::vector<float> params = net.parametersToHost();
        auto f = [&] {
            net.setParameters(params);
            net.forward(x, false);
            return double(be->loss(spec.loss, net.lossInput(), t));
        };
        f();
        be->lossGradient(spec.loss, net.lossInput(), t, g);
        net.backward(g);
        const std::vector<float> analytic = be->toHost(net.gradients());
        const QString e = compareGradients(analytic, numericGradient(params, f), kTolerance);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }
};

QTEST_APPLESS_MAIN(TestGradients)
#include "tst_gradients.moc"
