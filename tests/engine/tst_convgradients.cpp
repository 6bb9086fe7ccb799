// Finite-difference checks of the image layers (Conv2D, pooling, global average pooling,
// Flatten, BatchNorm) on each backend, over geometries that exercise stride, padding, dilation
// and windows that do not tile the input; and a whole small CNN through Network::backward.
#include "batchnorm.h"
#include "conv2d.h"
#include "flatten.h"
#include "gradientcheck.h"
#include "network.h"
#include "pool2d.h"
#include "testbackends.h"

#include "backends.h"

#include <QTest>

#include <cmath>
#include <tuple>

using namespace ds;
using namespace ds::test;

class TestConvGradients : public QObject {
    Q_OBJECT

private slots:
    void conv_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QList<int>>("g"); // channels, h, w, filters, kernel, stride, pad, dilation
        const QList<QList<int>> cases {{2, 5, 6, 3, 3, 1, 1, 1}, {1, 7, 7, 2, 3, 2, 0, 2}, {3, 4, 4, 2, 1, 1, 0, 1},
            {2, 4, 5, 2, 2, 2, 1, 1}, {1, 6, 5, 4, 5, 1, 2, 1}, {2, 8, 7, 3, 3, 3, 1, 1},
            // Stride 1 with more padding than the kernel's reach: im2col's path at stride 1 (the
            // direct kernels take the other stride-1 cases where the CPU has them).
            {2, 4, 5, 2, 2, 1, 2, 1}};
        for (const char *b : {"cpu", "cuda"})
            for (const auto &c : cases) {
                const QString name = QString("%1/c%2 %3x%4 f%5 k%6 s%7 p%8 d%9")
                                         .arg(b)
                                         .arg(c[0])
                                         .arg(c[1])
                                         .arg(c[2])
                                         .arg(c[3])
                                         .arg(c[4])
                                         .arg(c[5])
                                         .arg(c[6])
                                         .arg(c[7]);
                QTest::newRow(qPrintable(name)) << QString(b) << c;
            }
    }
    void conv()
    {
        DS_BACKEND(be);
        QFETCH(QList<int>, g);
        const Shape in {g[0], g[1], g[2]};
        Conv2D layer(*be, in, g[3], g[4], g[5], g[6], g[7]);
        checkLayer(*be, layer, in, 3, 101 + unsigned(g[4]));
    }

    void pool_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QList<int>>("g"); // channels, h, w, window, stride, pad
        const QList<QList<int>> cases {{2, 4, 4, 2, 2, 0}, {1, 7, 6, 3, 2, 1}, {2, 5, 5, 3, 3, 0}, {1, 6, 6, 2, 1, 1}};
        for (const char *b : {"cpu", "cuda"})
            for (LayerKind k : {LayerKind::MaxPool2D, LayerKind::AvgPool2D})
                for (const auto &c : cases) {
                    const QString name = QString("%1/%2 c%3 %4x%5 w%6 s%7 p%8")
                                             .arg(b)
                                             .arg(k == LayerKind::MaxPool2D ? "max" : "avg")
                                             .arg(c[0])
                                             .arg(c[1])
                                             .arg(c[2])
                                             .arg(c[3])
                                             .arg(c[4])
                                             .arg(c[5]);
                    QTest::newRow(qPrintable(name)) << QString(b) << int(k) << c;
                }
    }
    void pool()
    {
        DS_BACKEND(be);
        QFETCH(int, kind);
        QFETCH(QList<int>, g);
        const Shape in {g[0], g[1], g[2]};
        const int rows = 2;
        Pool2D layer(*be, LayerKind(kind), in, g[3], g[4], g[5]);
        checkLayer(*be, layer, in, rows, 201, false, distinctValues(rows * elementCount(in), 202));
    }

    // Max pooling picks the largest cell and average pooling counts padding as zeros.
    void poolValues_data() { addBackendRows(); }
    void poolValues()
    {
        DS_BACKEND(be);
        const std::vector<float> x {1, 5, 2, 0, 3, -4, 7, 1, -2}; // one 3x3 map
        Tensor in = be->fromHost(x, {1, 1, 3, 3});
        Pool2D maxPool(*be, LayerKind::MaxPool2D, {1, 3, 3}, 2, 1, 0);
        Tensor y = be->tensor({1, 1, 2, 2});
        maxPool.forward(in, y, false);
        QCOMPARE(be->toHost(y), (std::vector<float> {5, 5, 7, 3}));
        Pool2D avgPool(*be, LayerKind::AvgPool2D, {1, 3, 3}, 2, 2, 1);
        avgPool.forward(in, y, false);
        QCOMPARE(be->toHost(y), (std::vector<float> {0.25f, 1.75f, 1.75f, -0.5f}));
    }

    // Max pooling against a brute-force reference, on maps full of ties (relu-like zeros and
    // repeated values): the gradient goes to the first cell of the window holding the maximum.
    // Covers the unrolled 2x2 and 3x3 paths and the generic one (padding, stride unlike window).
    void maxPoolTiesAgainstReference_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("pad");
        for (const BackendInfo &b : probeBackends())
            for (const auto &[w, st, p] : {std::tuple {2, 2, 0}, std::tuple {3, 3, 0}, std::tuple {3, 2, 0},
                     std::tuple {2, 1, 0}, std::tuple {3, 2, 1}})
                QTest::newRow(
                    qPrintable(QString("%1 window %2 stride %3 pad %4").arg(b.id.c_str()).arg(w).arg(st).arg(p)))
                    << QString::fromStdString(b.id) << w << st << p;
    }
    void maxPoolTiesAgainstReference()
    {
        DS_BACKEND(be);
        QFETCH(int, window);
        QFETCH(int, stride);
        QFETCH(int, pad);
        const int n = 2, c = 3, h = 9, w = 27; // odd sizes; 2x2 rows of 13 windows: 8 + 4 + 1
        std::vector<float> x = randomVector(std::size_t(n) * c * h * w, -1.0f, 1.0f, 77);
        for (float &v : x)
            v = v < 0.2f ? 0.0f : std::round(v * 4.0f) / 4.0f; // mostly zeros, the rest in 3 values
        Pool2D pool(*be, LayerKind::MaxPool2D, {c, h, w}, window, stride, pad);
        const Shape out = pool.outputShape({c, h, w});
        const int oh = out[1], ow = out[2];
        const std::vector<float> g = randomVector(std::size_t(n) * c * oh * ow, -1.0f, 1.0f, 78);
        Tensor tx = be->fromHost(x, {n, c, h, w}), ty = be->tensor({n, c, oh, ow});
        Tensor tg = be->fromHost(g, {n, c, oh, ow}), tdx = be->tensor({n, c, h, w});
        pool.forward(tx, ty, true);
        pool.backward(tx, ty, tg, &tdx);
        std::vector<float> wantY(g.size()), wantDx(x.size(), 0.0f);
        for (int p = 0; p < n * c; ++p)
            for (int oy = 0; oy < oh; ++oy)
                for (int ox = 0; ox < ow; ++ox) {
                    int best = -1;
                    for (int i = 0; i < window; ++i)
                        for (int j = 0; j < window; ++j) {
                            const int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                                continue;
                            const int at = (p * h + iy) * w + ix;
                            if (best < 0 || x[std::size_t(at)] > x[std::size_t(best)])
                                best = at;
                        }
                    const std::size_t o = std::size_t((p * oh + oy) * ow + ox);
                    wantY[o] = x[std::size_t(best)];
                    wantDx[std::size_t(best)] += g[o];
                }
        QCOMPARE(be->toHost(ty), wantY);
        const std::vector<float> dx = be->toHost(tdx);
        for (std::size_t i = 0; i < dx.size(); ++i)
            QVERIFY2(std::abs(dx[i] - wantDx[i]) < 1e-6f,
                qPrintable(QString("dx[%1] = %2, want %3").arg(i).arg(dx[i]).arg(wantDx[i])));
    }

    void globalAveragePool_data() { addBackendRows(); }
    void globalAveragePool()
    {
        DS_BACKEND(be);
        auto layer = Pool2D::global(*be, {3, 4, 5});
        QCOMPARE(layer->outputShape({3, 4, 5}), (Shape {3}));
        checkLayer(*be, *layer, {3, 4, 5}, 2, 301);
    }

    void flatten_data() { addBackendRows(); }
    void flatten()
    {
        DS_BACKEND(be);
        Flatten layer(*be);
        QCOMPARE(layer.outputShape({2, 3, 4}), (Shape {24}));
        checkLayer(*be, layer, {2, 3, 4}, 3, 401);
    }

    // In training mode each output depends on the whole batch through its statistics.
    void batchNorm_data() { addBackendRows(); }
    void batchNorm()
    {
        DS_BACKEND(be);
        BatchNorm images(*be, {3, 2, 3});
        checkLayer(*be, images, {3, 2, 3}, 4, 501, true);
        BatchNorm features(*be, {5});
        checkLayer(*be, features, {5}, 6, 502, true);
    }

    // Training normalizes with the batch; the running statistics follow it with momentum 0.1
    // and evaluation uses them.
    void batchNormRunningStatistics_data() { addBackendRows(); }
    void batchNormRunningStatistics()
    {
        DS_BACKEND(be);
        BatchNorm layer(*be, {1});
        std::vector<float> host(layer.paramCount());
        Rng rng(1);
        layer.initParams(host.data(), InitKind::He, rng);
        Tensor params = be->fromHost(host, {4}), grads = be->tensor({4});
        layer.bindParams(params, grads);
        Tensor x = be->fromHost({1, 2, 3, 6}, {4, 1}), y = be->tensor({4, 1});
        layer.forward(x, y, true);
        const std::vector<float> out = be->toHost(y);
        const float mean = 3.0f, var = 3.5f; // biased variance of 1, 2, 3, 6
        QVERIFY(std::fabs(out[3] - (6.0f - mean) / std::sqrt(var + 1e-5f)) < 1e-5f);
        const std::vector<float> p = be->toHost(params);
        QVERIFY(std::fabs(p[2] - 0.1f * mean) < 1e-6f);
        QVERIFY(std::fabs(p[3] - (0.9f + 0.1f * 14.0f / 3.0f)) < 1e-5f); // unbiased variance 14/3
        layer.forward(x, y, false);
        QVERIFY(std::fabs(be->toHost(y)[0] - (1.0f - p[2]) / std::sqrt(p[3] + 1e-5f)) < 1e-5f);
        // A nearly constant channel (variance 1e-8, below epsilon): epsilon belongs under the
        // square root with the variance, which keeps the outputs small, not beside it.
        Tensor flat = be->fromHost({1.0f, 1.0001f, 0.9999f, 1.0f}, {4, 1});
        layer.forward(flat, y, true);
        const double flatVar = 2 * 1e-8 / 4;
        const double expected = 1e-4 / std::sqrt(flatVar + 1e-5); // the second value's distance from the mean
        QVERIFY2(std::fabs(be->toHost(y)[1] - expected) < 2e-3 * expected,
            qPrintable(QString("%1, not %2").arg(be->toHost(y)[1]).arg(expected)));
    }

    // A small CNN end to end: conv, batch norm, relu, max pool, conv, average pool, flatten,
    // dense, softmax cross-entropy.
    void network_data() { addBackendRows(); }
    void network()
    {
        DS_BACKEND(be);
        ModelSpec spec;
        spec.input = {2, 6, 6};
        spec.layers = {LayerSpec::conv(3, 3, 1, 1), LayerSpec::batchNorm(), LayerSpec::act(ActivationKind::Tanh),
            LayerSpec::maxPool(2), LayerSpec::conv(4, 2, 1, 0, 1), LayerSpec::avgPool(2, 1), LayerSpec::flatten(),
            LayerSpec::dense(3), LayerSpec::softmax()};
        spec.loss = LossKind::SoftmaxCrossEntropy;
        QCOMPARE(QString::fromStdString(spec.validationError()), QString());
        Network net(spec, *be, 9);
        const int rows = 4;
        const std::vector<float> xs = randomVector(rows * 72, -1.0f, 1.0f, 601);
        std::vector<float> ts(rows * 3, 0.0f);
        for (int r = 0; r < rows; ++r)
            ts[r * 3 + r % 3] = 1.0f;
        Tensor x = be->fromHost(xs, {rows, 2, 6, 6}), t = be->fromHost(ts, {rows, 3}), g = be->tensor({rows, 3});
        std::vector<float> params = net.parametersToHost();
        auto f = [&] {
            net.setParameters(params);
            net.forward(x, true);
            return double(be->loss(spec.loss, net.lossInput(), t));
        };
        f();
        be->lossGradient(spec.loss, net.lossInput(), t, g);
        net.backward(g);
        const QString e = compareGradients(be->toHost(net.gradients()), numericGradient(params, f), kTolerance);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }
};

QTEST_APPLESS_MAIN(TestConvGradients)
#include "tst_convgradients.moc"
