// Tensor views, backend memory round trips, and the element-wise building blocks.
#include "error.h"
#include "testbackends.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace ds;
using namespace ds::test;

class TestTensor : public QObject {
    Q_OBJECT

private slots:
    void views_data() { addBackendRows(); }
    void views()
    {
        DS_BACKEND(be);
        std::vector<float> v(24);
        for (int i = 0; i < 24; ++i)
            v[i] = float(i);
        Tensor t = be->fromHost(v, {4, 6});
        QCOMPARE(t.rowSize(), std::size_t(6));
        Tensor r = t.rows(1, 2);
        QCOMPARE(r.shape(), (Shape {2, 6}));
        QCOMPARE(be->toHost(r).front(), 6.0f);
        QCOMPARE(be->toHost(r).back(), 17.0f);
        QCOMPARE(be->toHost(t.reshaped({2, 12}))[13], 13.0f);
        QVERIFY_THROWS_EXCEPTION(Error, t.rows(3, 2));
        QVERIFY_THROWS_EXCEPTION(Error, t.reshaped({5, 6}));
        QVERIFY_THROWS_EXCEPTION(Error, be->fromHost(v, {5, 5}));
        QCOMPARE(QString::fromStdString(shapeToString({2, 3, 4})), QString("(2, 3, 4)"));
    }

    void gemm_data() { addBackendRows(); }
    void gemm()
    {
        DS_BACKEND(be);
        // A (2, 3), B (3, 2): every transpose combination against the product worked by hand.
        const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {7, 8, 9, 10, 11, 12};
        const std::vector<float> ab = {58, 64, 139, 154};
        const std::vector<float> at = {1, 4, 2, 5, 3, 6}, bt = {7, 9, 11, 8, 10, 12};
        Tensor ta = be->fromHost(a, {6}), tb = be->fromHost(b, {6}), tat = be->fromHost(at, {6}),
               tbt = be->fromHost(bt, {6}), c = be->tensor({4});
        be->gemm(false, false, 2, 2, 3, 1.0f, ta.data(), tb.data(), 0.0f, c.data());
        QCOMPARE(be->toHost(c), ab);
        be->gemm(true, false, 2, 2, 3, 1.0f, tat.data(), tb.data(), 0.0f, c.data());
        QCOMPARE(be->toHost(c), ab);
        be->gemm(false, true, 2, 2, 3, 1.0f, ta.data(), tbt.data(), 0.0f, c.data());
        QCOMPARE(be->toHost(c), ab);
        be->gemm(true, true, 2, 2, 3, 1.0f, tat.data(), tbt.data(), 0.0f, c.data());
        QCOMPARE(be->toHost(c), ab);
        // alpha and beta: C = 2 AB + 1 C
        be->gemm(false, false, 2, 2, 3, 2.0f, ta.data(), tb.data(), 1.0f, c.data());
        QCOMPARE(be->toHost(c), (std::vector<float> {174, 192, 417, 462}));
    }

    // A large product goes through the threads in row chunks; it must equal a plain loop.
    void largeGemm_data() { addBackendRows(); }
    void largeGemm()
    {
        DS_BACKEND(be);
        const int m = 300, n = 70, k = 90;
        const auto a = randomVector(m * k, -1, 1, 1), b = randomVector(k * n, -1, 1, 2);
        Tensor ta = be->fromHost(a, {m, k}), tb = be->fromHost(b, {k, n}), c = be->tensor({m, n});
        be->gemm(false, false, m, n, k, 1.0f, ta.data(), tb.data(), 0.0f, c.data());
        const auto got = be->toHost(c);
        for (int i = 0; i < m; i += 37)
            for (int j = 0; j < n; j += 13) {
                double s = 0;
                for (int p = 0; p < k; ++p)
                    s += double(a[i * k + p]) * b[p * n + j];
                QVERIFY2(std::abs(got[i * n + j] - s) < 1e-3, qPrintable(QString("C[%1][%2]").arg(i).arg(j)));
            }
    }

    void rowsAndGather_data() { addBackendRows(); }
    void rowsAndGather()
    {
        DS_BACKEND(be);
        Tensor y = be->fromHost({1, 2, 3, 4, 5, 6}, {3, 2}), bias = be->fromHost({10, 20}, {2});
        be->addRowVector(y, bias);
        QCOMPARE(be->toHost(y), (std::vector<float> {11, 22, 13, 24, 15, 26}));
        Tensor sums = be->tensor({2});
        be->sumRows(y, sums);
        QCOMPARE(be->toHost(sums), (std::vector<float> {39, 72}));
        const int idx[] = {2, 0};
        Tensor g = be->tensor({2, 2});
        be->gatherRows(y, idx, 2, g);
        QCOMPARE(be->toHost(g), (std::vector<float> {15, 26, 11, 22}));
        const int bad[] = {3};
        QVERIFY_THROWS_EXCEPTION(Error, be->gatherRows(y, bad, 1, g));
    }

    void activationValues_data() { addBackendRows(); }
    void activationValues()
    {
        DS_BACKEND(be);
        // Values at x = -1 and 2 from the definitions (PyTorch's constants).
        struct Case {
            ActivationKind k;
            float atMinus1, at2;
        };
        const Case cases[] = {
            {ActivationKind::Relu, 0.0f, 2.0f},
            {ActivationKind::LeakyRelu, -0.01f, 2.0f},
            {ActivationKind::Elu, std::exp(-1.0f) - 1.0f, 2.0f},
            {ActivationKind::Selu, kSeluScale * kSeluAlpha * (std::exp(-1.0f) - 1.0f), kSeluScale * 2.0f},
            {ActivationKind::Gelu, -0.158655254f, 1.954499736f},
            {ActivationKind::Tanh, std::tanh(-1.0f), std::tanh(2.0f)},
            {ActivationKind::Sigmoid, 1.0f / (1.0f + std::exp(1.0f)), 1.0f / (1.0f + std::exp(-2.0f))},
            {ActivationKind::Linear, -1.0f, 2.0f},
            {ActivationKind::Softplus, std::log1p(std::exp(-1.0f)), std::log1p(std::exp(2.0f))},
            {ActivationKind::Swish, -1.0f / (1.0f + std::exp(1.0f)), 2.0f / (1.0f + std::exp(-2.0f))},
        };
        Tensor x = be->fromHost({-1.0f, 2.0f}, {2}), y = be->tensor({2});
        for (const Case &c : cases) {
            be->activationForward(c.k, x, y);
            const auto v = be->toHost(y);
            QVERIFY2(std::abs(v[0] - c.atMinus1) < 1e-5f && std::abs(v[1] - c.at2) < 1e-5f,
                qPrintable(QString::fromStdString(nameOf(c.k))));
        }
    }

    // The piecewise activations on every side of their kinks (PyTorch's definitions): ReLU6
    // flat above 6, hard sigmoid and hard swish flat or linear beyond ±3; forward and backward.
    void piecewiseActivationsOnEverySide_data() { addBackendRows(); }
    void piecewiseActivationsOnEverySide()
    {
        DS_BACKEND(be);
        const std::vector<float> xs {-5.0f, -2.0f, 1.0f, 4.0f, 8.0f};
        struct Case {
            ActivationKind k;
            std::function<double(double)> f, df;
        };
        const Case cases[] = {
            {ActivationKind::Relu6, [](double x) { return std::clamp(x, 0.0, 6.0); },
                [](double x) { return x > 0 && x < 6 ? 1.0 : 0.0; }},
            {ActivationKind::HardSigmoid, [](double x) { return std::clamp(x / 6 + 0.5, 0.0, 1.0); },
                [](double x) { return x > -3 && x < 3 ? 1.0 / 6 : 0.0; }},
            {ActivationKind::HardSwish, [](double x) { return x * std::clamp(x + 3, 0.0, 6.0) / 6; },
                [](double x) { return x <= -3 ? 0.0 : x >= 3 ? 1.0 : (2 * x + 3) / 6; }},
        };
        const Tensor x = be->fromHost(xs, {5}), y = be->tensor({5}), dy = be->fromHost(std::vector<float>(5, 1.0f), {5}),
                     dx = be->tensor({5});
        for (const Case &c : cases) {
            be->activationForward(c.k, x, y);
            be->activationBackward(c.k, x, y, dy, dx);
            const auto v = be->toHost(y), d = be->toHost(dx);
            for (std::size_t i = 0; i < xs.size(); ++i) {
                QVERIFY2(std::abs(v[i] - c.f(xs[i])) < 1e-5,
                    qPrintable(QString("%1 at %2: %3, not %4").arg(QString::fromStdString(nameOf(c.k))).arg(xs[i]).arg(v[i]).arg(c.f(xs[i]))));
                QVERIFY2(std::abs(d[i] - c.df(xs[i])) < 1e-5,
                    qPrintable(QString("%1's slope at %2: %3, not %4").arg(QString::fromStdString(nameOf(c.k))).arg(xs[i]).arg(d[i]).arg(c.df(xs[i]))));
            }
        }
    }

    // Inverted dropout: what it keeps is divided by the keep probability, so the mean stays; the
    // backward scales the gradient of the kept elements alike and blocks the others.
    void dropoutScalesWhatItKeeps_data() { addBackendRows(); }
    void dropoutScalesWhatItKeeps()
    {
        DS_BACKEND(be);
        const int n = 20000;
        const float rate = 0.3f;
        const Tensor x = be->fromHost(std::vector<float>(n, 1.0f), {n}), y = be->tensor({n}), dx = be->tensor({n});
        be->dropoutForward(x, y, rate, 7);
        be->dropoutBackward(x, dx, rate, 7);
        const auto v = be->toHost(y), d = be->toHost(dx);
        int kept = 0;
        for (int i = 0; i < n; ++i) {
            QVERIFY2(v[std::size_t(i)] == 0.0f || v[std::size_t(i)] == 1.0f / (1.0f - rate),
                qPrintable(QString("kept values are scaled by 1 / (1 - rate): %1").arg(v[std::size_t(i)])));
            QCOMPARE(d[std::size_t(i)], v[std::size_t(i)]); // the same mask and scale backward
            kept += v[std::size_t(i)] != 0.0f;
        }
        QVERIFY2(std::abs(double(kept) / n - (1.0 - rate)) < 0.02, qPrintable(QString("kept %1 of %2").arg(kept).arg(n)));
    }

    void softmaxRows_data() { addBackendRows(); }
    void softmaxRows()
    {
        DS_BACKEND(be);
        // Large logits must not overflow: the row maximum is subtracted first.
        Tensor x = be->fromHost({1000, 1000, 0, 1, 2, 3}, {2, 3}), y = be->tensor({2, 3});
        be->softmaxForward(x, y);
        const auto v = be->toHost(y);
        QCOMPARE(v[0], 0.5f);
        QCOMPARE(v[2], 0.0f);
        QVERIFY(std::abs(v[3] + v[4] + v[5] - 1.0f) < 1e-6f);
        QVERIFY(v[5] > v[4] && v[4] > v[3]);
    }
};

QTEST_APPLESS_MAIN(TestTensor)
#include "tst_tensor.moc"
