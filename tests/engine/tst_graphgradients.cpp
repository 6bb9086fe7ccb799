// The graph engine: grouped and depthwise convolutions, ceil-mode pools, the joins (Add, Concat,
// Mul) and networks whose layers read other than the one before (projection shortcuts, fire
// modules, squeeze-and-excitation), each checked against finite differences on every backend
// present, and the forward values against plain loops written here.
#include "conv2d.h"
#include "convgeometry.h"
#include "gradientcheck.h"
#include "joinlayers.h"
#include "network.h"
#include "pool2d.h"
#include "testbackends.h"
#include "workload.h"

#include <QTest>

#include <cmath>

using namespace ds;
using namespace ds::test;

namespace {

// Tighter than the layer checks' 2e-2: these networks are smooth (tanh, sigmoid) and the
// differences of a float forward pass with step 1e-2 agree to ~1e-4 there.
constexpr double kNetworkTolerance = 5e-3;

// The loss gradient of every parameter of `spec`'s network, against central differences of
// step `eps`.
QString networkGradientError(Backend &be, const ModelSpec &spec, int rows, unsigned seed, float eps = 1e-2f)
{
    Network net(spec, be, seed);
    const std::size_t inSize = elementCount(spec.input);
    const int classes = spec.outputShape()[0];
    const std::vector<float> xs = randomVector(std::size_t(rows) * inSize, -1.0f, 1.0f, seed + 1);
    std::vector<float> ts(std::size_t(rows * classes), 0.0f);
    for (int r = 0; r < rows; ++r)
        ts[std::size_t(r * classes + r % classes)] = 1.0f;
    Shape xShape = spec.input;
    xShape.insert(xShape.begin(), rows);
    Tensor x = be.fromHost(xs, xShape), t = be.fromHost(ts, {rows, classes}), g = be.tensor({rows, classes});
    std::vector<float> params = net.parametersToHost();
    auto f = [&] {
        net.setParameters(params);
        net.forward(x, true); // batch norm's backward is training's, with the batch's statistics
        return double(be.loss(spec.loss, net.lossInput(), t));
    };
    f();
    be.lossGradient(spec.loss, net.lossInput(), t, g);
    net.backward(g);
    return compareGradients(be.toHost(net.gradients()), numericGradient(params, f, eps), kNetworkTolerance);
}

// y[n, f, oy, ox] = b[f] + sum over the filter's group of w * x, as the definition reads.
std::vector<float> referenceGroupedConv(const ConvShape &s, const std::vector<float> &x, const std::vector<float> &w,
    const std::vector<float> &b)
{
    std::vector<float> y(std::size_t(s.batch) * s.outC * s.outH * s.outW);
    const int inPer = s.inC / s.groups, outPer = s.outC / s.groups;
    for (int n = 0; n < s.batch; ++n)
        for (int f = 0; f < s.outC; ++f)
            for (int oy = 0; oy < s.outH; ++oy)
                for (int ox = 0; ox < s.outW; ++ox) {
                    double sum = b[std::size_t(f)];
                    for (int c = 0; c < inPer; ++c)
                        for (int ki = 0; ki < s.kernelH; ++ki)
                            for (int kj = 0; kj < s.kernelW; ++kj) {
                                const int iy = oy * s.strideH - s.padH + ki * s.dilationH;
                                const int ix = ox * s.strideW - s.padW + kj * s.dilationW;
                                if (iy < 0 || iy >= s.inH || ix < 0 || ix >= s.inW)
                                    continue;
                                const int ic = f / outPer * inPer + c;
                                sum += double(w[std::size_t(((f * inPer + c) * s.kernelH + ki) * s.kernelW + kj)])
                                    * x[std::size_t(((n * s.inC + ic) * s.inH + iy) * s.inW + ix)];
                            }
                    y[std::size_t(((n * s.outC + f) * s.outH + oy) * s.outW + ox)] = float(sum);
                }
    return y;
}

} // namespace

class TestGraphGradients : public QObject {
    Q_OBJECT

private slots:
    // channels, h, w, filters, kernel, stride, pad, dilation, groups
    void groupedConv_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QList<int>>("g");
        const QList<QList<int>> cases {{4, 6, 6, 4, 3, 1, 1, 1, 4}, {4, 7, 7, 4, 3, 2, 1, 1, 4},
            {3, 6, 5, 6, 3, 1, 1, 1, 3}, {4, 5, 6, 6, 3, 1, 1, 2, 2}, {6, 5, 5, 4, 1, 1, 0, 1, 2},
            {2, 8, 8, 2, 5, 2, 2, 1, 2}};
        for (const char *b : {"cpu", "cuda"})
            for (const auto &c : cases)
                QTest::newRow(qPrintable(QString("%1/c%2 %3x%4 f%5 k%6 s%7 p%8 d%9 g%10")
                                             .arg(b)
                                             .arg(c[0])
                                             .arg(c[1])
                                             .arg(c[2])
                                             .arg(c[3])
                                             .arg(c[4])
                                             .arg(c[5])
                                             .arg(c[6])
                                             .arg(c[7])
                                             .arg(c[8])))
                    << QString(b) << c;
    }
    void groupedConv()
    {
        DS_BACKEND(be);
        QFETCH(QList<int>, g);
        const Shape in {g[0], g[1], g[2]};
        Conv2D layer(*be, in, g[3], g[4], g[5], g[6], g[7], g[8]);
        QCOMPARE(layer.paramCount(), std::size_t(g[3] * (g[0] / g[8]) * g[4] * g[4] + g[3]));
        checkLayer(*be, layer, in, 2, 301 + unsigned(g[8]));

        // The forward pass against the definition.
        const int rows = 2;
        const ConvShape s = layer.geometry(rows);
        const std::vector<float> x = randomVector(std::size_t(rows) * elementCount(in), -1.0f, 1.0f, 311);
        const std::vector<float> params = randomVector(layer.paramCount(), -1.0f, 1.0f, 312);
        const std::size_t nw = params.size() - std::size_t(s.outC);
        Tensor p = be->fromHost(params, {int(params.size())}), grads = be->tensor({int(params.size())});
        layer.bindParams(p, grads);
        Tensor xt = be->fromHost(x, {rows, g[0], g[1], g[2]}), y = be->tensor({rows, s.outC, s.outH, s.outW});
        layer.forward(xt, y, false);
        const std::vector<float> want = referenceGroupedConv(s, x, std::vector<float>(params.begin(), params.begin() + long(nw)),
            std::vector<float>(params.begin() + long(nw), params.end()));
        const std::vector<float> got = be->toHost(y);
        for (std::size_t i = 0; i < want.size(); ++i)
            QVERIFY2(std::abs(got[i] - want[i]) <= 1e-5f * std::max(1.0f, std::abs(want[i])),
                qPrintable(QString("output %1: %2, expected %3").arg(i).arg(got[i]).arg(want[i])));
    }

    // PyTorch's ceil_mode sizes, and windows that run past the input.
    void ceilModeSizes()
    {
        QCOMPARE(poolOutputSize(6, 3, 2, 0, false), 2);
        QCOMPARE(poolOutputSize(6, 3, 2, 0, true), 3);
        QCOMPARE(poolOutputSize(31, 3, 2, 0, true), 15); // SqueezeNet 1.1 at 64x64: ceil and floor agree
        QCOMPARE(poolOutputSize(5, 2, 2, 1, true), 3); // the last window would start in the right padding
        QCOMPARE(poolOutputSize(7, 2, 2, 0, true), 4);
        ModelSpec spec;
        spec.input = {1, 6, 6};
        LayerSpec pool = LayerSpec::maxPool(3, 2);
        pool.ceilMode = true;
        spec.layers = {pool, LayerSpec::flatten(), LayerSpec::dense(2)};
        QCOMPARE(spec.layerShapes()[0], (Shape {1, 3, 3}));
    }

    void ceilModePool_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<bool>("max");
        QTest::addColumn<QList<int>>("g"); // channels, h, w, window, stride, pad
        const QList<QList<int>> cases {{2, 6, 6, 3, 2, 0}, {1, 7, 5, 2, 2, 0}, {2, 6, 6, 3, 2, 1}, {1, 9, 9, 4, 3, 1}};
        for (const char *b : {"cpu", "cuda"})
            for (bool max : {true, false})
                for (const auto &c : cases)
                    QTest::newRow(qPrintable(QString("%1/%2 c%3 %4x%5 w%6 s%7 p%8")
                                                 .arg(b)
                                                 .arg(max ? "max" : "avg")
                                                 .arg(c[0])
                                                 .arg(c[1])
                                                 .arg(c[2])
                                                 .arg(c[3])
                                                 .arg(c[4])
                                                 .arg(c[5])))
                        << QString(b) << max << c;
    }
    void ceilModePool()
    {
        DS_BACKEND(be);
        QFETCH(bool, max);
        QFETCH(QList<int>, g);
        const Shape in {g[0], g[1], g[2]};
        Pool2D layer(*be, max ? LayerKind::MaxPool2D : LayerKind::AvgPool2D, in, g[3], g[4], g[5], true);
        QVERIFY(layer.outputShape(in)[1] > poolOutputSize(g[1], g[3], g[4], g[5])
            || layer.outputShape(in)[2] > poolOutputSize(g[2], g[3], g[4], g[5]));
        const int rows = 2;
        checkLayer(*be, layer, in, rows, 401, false, distinctValues(std::size_t(rows) * elementCount(in), 402));
    }

    // A clipped last window averages the cells it has inside the padded input (PyTorch's rule).
    void ceilModeAverageValues_data() { addBackendRows(); }
    void ceilModeAverageValues()
    {
        DS_BACKEND(be);
        const std::vector<float> x {1, 2, 3, 4, 5, 6, 7, 8, 9}; // one 3x3 map
        Pool2D pool(*be, LayerKind::AvgPool2D, {1, 3, 3}, 2, 2, 0, true);
        Tensor in = be->fromHost(x, {1, 1, 3, 3}), y = be->tensor({1, 1, 2, 2});
        pool.forward(in, y, false);
        QCOMPARE(be->toHost(y), (std::vector<float> {3.0f, 4.5f, 7.5f, 9.0f}));
        Pool2D maxPool(*be, LayerKind::MaxPool2D, {1, 3, 3}, 2, 2, 0, true);
        maxPool.forward(in, y, false);
        QCOMPARE(be->toHost(y), (std::vector<float> {5.0f, 6.0f, 8.0f, 9.0f}));
    }

    // The joins alone, their input gradients through Network::backward of a network whose first
    // layers are dense (so that every join input has parameters before it).
    void joins_data() { addBackendRows(); }
    void joins()
    {
        DS_BACKEND(be);
        ModelSpec spec;
        spec.input = {2, 4, 4};
        spec.loss = LossKind::SoftmaxCrossEntropy;
        spec.layers = {
            LayerSpec::conv(3, 3, 1, 1), // 0
            LayerSpec::act(ActivationKind::Tanh), // 1
            LayerSpec::conv(3, 1).from({-1}), // 2: a projection of the input
            LayerSpec::add({1, 2}), // 3
            LayerSpec::conv(2, 3, 1, 1).from({3}), // 4
            LayerSpec::concat({3, 4, 1}), // 5: 8 channels
            LayerSpec::globalAvgPool(), // 6: squeeze
            LayerSpec::dense(8), // 7: excite
            LayerSpec::act(ActivationKind::Sigmoid), // 8
            LayerSpec::mul(5, 8), // 9: every channel scaled
            LayerSpec::conv(8, 3, 1, 1).from({9}), // 10
            LayerSpec::mul(9, 10), // 11: two maps of one shape
            LayerSpec::flatten(), LayerSpec::dense(3), LayerSpec::softmax()};
        spec.layers[10].groups = 8; // depthwise
        QCOMPARE(QString::fromStdString(spec.validationError()), QString());
        QVERIFY(spec.isGraph());
        QCOMPARE(spec.layerShapes()[5], (Shape {8, 4, 4}));
        const QString e = networkGradientError(*be, spec, 3, 501);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    // ResNet's basic block with a projection shortcut (stride 2, a 1x1 convolution and batch
    // norm beside the two 3x3 convolutions), MobileNet's inverted residual (expand, depthwise,
    // ReLU6, project) and SqueezeNet's fire module (squeeze, two expands, Concat, ceil-mode pool).
    void realBlocks_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("block");
        for (const char *b : {"cpu", "cuda"})
            for (const char *block : {"resnet", "mobilenet", "squeezenet"})
                QTest::newRow(qPrintable(QString("%1/%2").arg(b, block))) << QString(b) << QString(block);
    }
    void realBlocks()
    {
        DS_BACKEND(be);
        QFETCH(QString, block);
        ModelSpec spec;
        spec.input = {4, 6, 6};
        spec.loss = LossKind::SoftmaxCrossEntropy;
        const auto act = [](ActivationKind a) { return LayerSpec::act(a); };
        if (block == "resnet") {
            spec.layers = {LayerSpec::conv(6, 3, 2, 1), LayerSpec::batchNorm(), act(ActivationKind::Tanh),
                LayerSpec::conv(6, 3, 1, 1), LayerSpec::batchNorm(), // 3, 4
                LayerSpec::conv(6, 1, 2, 0).from({-1}), LayerSpec::batchNorm(), // 5, 6: the projection
                LayerSpec::add({4, 6}), act(ActivationKind::Tanh), LayerSpec::globalAvgPool(), LayerSpec::dense(3),
                LayerSpec::softmax()};
        } else if (block == "mobilenet") {
            LayerSpec depthwise = LayerSpec::conv(8, 3, 1, 1);
            depthwise.groups = 8;
            spec.layers = {LayerSpec::conv(8, 1), LayerSpec::batchNorm(), act(ActivationKind::HardSwish), depthwise,
                LayerSpec::batchNorm(), act(ActivationKind::Relu6), LayerSpec::conv(4, 1), LayerSpec::batchNorm(),
                LayerSpec::add({7, -1}), LayerSpec::globalAvgPool(), LayerSpec::dense(3),
                act(ActivationKind::HardSigmoid), LayerSpec::dense(3), LayerSpec::softmax()};
        } else {
            // An average pool: a max's winner may change within the differences' step (the
            // ceil-mode max pool is checked alone above, on values that keep it from doing so).
            LayerSpec pool = LayerSpec::avgPool(3, 2);
            pool.ceilMode = true;
            spec.layers = {LayerSpec::conv(2, 1), act(ActivationKind::Tanh), LayerSpec::conv(3, 1),
                act(ActivationKind::Tanh), LayerSpec::conv(3, 3, 1, 1).from({1}), act(ActivationKind::Tanh),
                LayerSpec::concat({3, 5}), pool, LayerSpec::flatten(), LayerSpec::dense(3), LayerSpec::softmax()};
        }
        QCOMPARE(QString::fromStdString(spec.validationError()), QString());
        // The hard functions' kinks at +-3 are away from the values here, but batch norm centres
        // Relu6's input on its kink at 0: one of them lies within 1e-2 of it, where a difference of
        // that step straddles the kink (the numeric gradient moves towards ours as the step
        // shrinks: 0.0024, 0.0030, then within the tolerance at 2e-3). A step of 1e-3 stays on
        // one side, and is still well above the float forward's noise.
        const QString e = networkGradientError(*be, spec, 3, 601, block == "mobilenet" ? 1e-3f : 1e-2f);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    // What a graph spec may not be: inputs that come after, joins of shapes that do not fit, a
    // layer nobody reads, groups that do not divide.
    void invalidGraphs()
    {
        ModelSpec spec;
        spec.input = {2, 4, 4};
        spec.layers = {LayerSpec::conv(2, 3, 1, 1).from({1}), LayerSpec::flatten(), LayerSpec::dense(2)};
        QVERIFY(QString::fromStdString(spec.validationError()).contains("does not come before it"));
        spec.layers = {LayerSpec::conv(3, 3, 1, 1), LayerSpec::add({0, -1}), LayerSpec::flatten(), LayerSpec::dense(2)};
        QVERIFY(QString::fromStdString(spec.validationError()).contains("the shapes must match"));
        spec.layers = {LayerSpec::conv(3, 3), LayerSpec::concat({0, -1}), LayerSpec::flatten(), LayerSpec::dense(2)};
        QVERIFY(QString::fromStdString(spec.validationError()).contains("all but the channels must match"));
        spec.layers = {LayerSpec::conv(3, 3, 1, 1), LayerSpec::conv(3, 3, 1, 1).from({-1}), LayerSpec::flatten(),
            LayerSpec::dense(2)};
        QVERIFY(QString::fromStdString(spec.validationError()).contains("no later layer reads its output"));
        spec.layers = {LayerSpec::conv(3, 3, 1, 1), LayerSpec::flatten(), LayerSpec::dense(2)};
        spec.layers[0].groups = 2;
        QVERIFY(QString::fromStdString(spec.validationError()).contains("groups must divide"));
        spec.layers[0].groups = 1;
        spec.layers.insert(spec.layers.begin() + 1, LayerSpec::mul(0, -1));
        QVERIFY(QString::fromStdString(spec.validationError()).contains("one value per channel"));
    }

    // The workload estimate counts a depthwise convolution's arithmetic by its own group.
    void groupedWorkload()
    {
        ModelSpec spec;
        spec.input = {8, 10, 10};
        LayerSpec depthwise = LayerSpec::conv(8, 3, 1, 1);
        spec.layers = {depthwise, LayerSpec::flatten(), LayerSpec::dense(2)};
        const double dense = estimateWorkload(spec).flops;
        spec.layers[0].groups = 8;
        const double grouped = estimateWorkload(spec).flops;
        QCOMPARE(dense - grouped, 2.0 * 7 * 9 * 8 * 100); // each output reads 9 inputs, not 72
        QCOMPARE(spec.parameterCount(), std::size_t(8 * 9 + 8 + 800 * 2 + 2));
    }
};

QTEST_APPLESS_MAIN(TestGraphGradients)
#include "tst_graphgradients.moc"
