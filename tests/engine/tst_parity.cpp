// The CPU and CUDA backends against each other: the same layer with the same inputs, parameters
// and upstream gradient on both must give the same outputs, input gradients, parameter gradients
// and running statistics; the backend calls the layers do not cover (products, gathers, losses,
// penalties, optimizer steps) likewise; and whole training runs, same seed, 100 steps, must end
// with the same weights. Every row skips with its reason where no GPU is available.
//
// Tolerances, relative to max(1, |cpu|, |gpu|): 1e-4 for one layer or call (float arithmetic
// summed in another order: cuDNN's algorithms, cuBLAS's tiles); 1e-3 on the losses and weights
// after 100 training steps, where those differences compound.
#include "backends.h"
#include "error.h"
#include "gradientcheck.h"
#include "makelayer.h"
#include "network.h"
#include "testbackends.h"
#include "trainer.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <tuple>

using namespace ds;
using namespace ds::test;

namespace {

constexpr double kStepTolerance = 1e-4;
constexpr double kRunTolerance = 1e-3;

// Both backends, or null with the reason the GPU's side cannot run.
struct BackendPair {
    std::unique_ptr<Backend> cpu, gpu;
};

BackendPair bothBackends(QString *skipReason)
{
    for (const BackendInfo &b : probeBackends())
        if (b.id == "cuda" && !b.available) {
            *skipReason = QString::fromStdString("CPU/CUDA parity skipped: " + b.reason);
            return {};
        }
    return {createBackend("cpu"), createBackend("cuda")};
}

#define DS_BOTH_BACKENDS(name)                                                                                         \
    QString dsSkip_;                                                                                                   \
    BackendPair name = bothBackends(&dsSkip_);                                                                         \
    if (!name.gpu)                                                                                                     \
    QSKIP(qPrintable(dsSkip_))

QString compare(const std::vector<float> &cpu, const std::vector<float> &gpu, double tol, const QString &what)
{
    if (cpu.size() != gpu.size())
        return what + QString(": %1 values on the CPU, %2 on the GPU").arg(cpu.size()).arg(gpu.size());
    double worst = 0.0;
    std::size_t at = 0;
    for (std::size_t i = 0; i < cpu.size(); ++i) {
        const double a = cpu[i], b = gpu[i];
        const double err = std::abs(a - b) / std::max({1.0, std::abs(a), std::abs(b)});
        if (!(err <= worst)) { // NaN counts as the worst
            worst = std::isnan(err) ? INFINITY : err;
            at = i;
        }
    }
    // The worst difference of each comparison goes to the log, so a GPU run records the
    // tolerances it actually reached (tools/gpu-run keeps the log).
    qInfo("%s: worst relative difference %.3g (tolerance %.0e)", qPrintable(what), worst, tol);
    if (worst <= tol)
        return {};
    return what
        + QString(": element %1 is %2 on the CPU and %3 on the GPU (relative difference %4 > %5)")
              .arg(at)
              .arg(double(cpu[at]), 0, 'g', 8)
              .arg(double(gpu[at]), 0, 'g', 8)
              .arg(worst, 0, 'g', 3)
              .arg(tol);
}

#define DS_AGREE(cpu, gpu, tol, what)                                                                                  \
    do {                                                                                                               \
        const QString e_ = compare((cpu), (gpu), (tol), (what));                                                       \
        QVERIFY2(e_.isEmpty(), qPrintable(e_));                                                                        \
    } while (0)

// One layer's forward and backward on one backend, from host values.
struct LayerRun {
    std::vector<float> y, dx, grads, paramsAfter;
};

LayerRun runLayer(Backend &be, const LayerSpec &spec, const Shape &inRow, int rows, bool training,
    const std::vector<float> &params, const std::vector<float> &x, const std::vector<float> &dy)
{
    auto layer = makeLayer(spec, inRow, be, 5);
    Shape inShape = inRow, outShape = layer->outputShape(inRow);
    inShape.insert(inShape.begin(), rows);
    outShape.insert(outShape.begin(), rows);
    Tensor p, g;
    if (layer->paramCount()) {
        p = be.fromHost(params, {int(params.size())});
        g = be.tensor({int(params.size())});
        layer->bindParams(p, g);
    }
    Tensor tx = be.fromHost(x, inShape), ty = be.tensor(outShape), tdx = be.tensor(inShape);
    Tensor tdy = be.fromHost(dy, outShape);
    layer->forward(tx, ty, training);
    layer->backward(tx, ty, tdy, &tdx);
    LayerRun r {be.toHost(ty), be.toHost(tdx), {}, {}};
    if (layer->paramCount()) {
        r.grads = be.toHost(g);
        r.paramsAfter = be.toHost(p);
    }
    return r;
}

struct LayerCase {
    const char *name;
    LayerSpec spec;
    Shape inRow;
    bool training;
};

std::vector<LayerCase> layerCases()
{
    std::vector<LayerCase> cases = {
        {"dense", LayerSpec::dense(7), {5}, false},
        {"softmax", LayerSpec::softmax(), {6}, false},
        {"dropout", LayerSpec::dropout(0.3f), {40}, true},
        {"conv 3x3", LayerSpec::conv(4, 3), {2, 7, 7}, false},
        {"conv 5x5 pad 2", LayerSpec::conv(8, 5, 1, 2), {1, 12, 12}, false},
        {"conv 3x3 stride 2 pad 1", LayerSpec::conv(3, 3, 2, 1), {3, 9, 8}, false},
        {"conv 3x3 dilation 2", LayerSpec::conv(2, 3, 1, 1, 2), {2, 9, 9}, false},
        {"conv 1x1", LayerSpec::conv(5, 1), {4, 5, 5}, false},
        {"max pool 2", LayerSpec::maxPool(2), {3, 8, 8}, false},
        {"max pool 3 stride 2 pad 1", LayerSpec::maxPool(3, 2, 1), {2, 9, 9}, false},
        {"average pool 2", LayerSpec::avgPool(2), {3, 8, 8}, false},
        {"average pool 3 stride 1 pad 1", LayerSpec::avgPool(3, 1, 1), {2, 6, 6}, false},
        {"global average pool", LayerSpec::globalAvgPool(), {4, 5, 5}, false},
        {"flatten", LayerSpec::flatten(), {2, 3, 3}, false},
        {"batch norm (images, training)", LayerSpec::batchNorm(), {3, 4, 4}, true},
        {"batch norm (images, evaluation)", LayerSpec::batchNorm(), {3, 4, 4}, false},
        {"batch norm (features, training)", LayerSpec::batchNorm(), {6}, true},
    };
    LayerSpec depthwise = LayerSpec::conv(4, 3, 1, 1), grouped = LayerSpec::conv(6, 3, 2, 1);
    depthwise.groups = 4;
    grouped.groups = 2;
    cases.push_back({"conv 3x3 depthwise", depthwise, {4, 7, 7}, false});
    cases.push_back({"conv 3x3 stride 2 in 2 groups", grouped, {4, 9, 9}, false});
    LayerSpec ceilMax = LayerSpec::maxPool(3, 2), ceilAverage = LayerSpec::avgPool(2, 2, 1);
    ceilMax.ceilMode = ceilAverage.ceilMode = true; // sizes cuDNN's pooling cannot describe
    cases.push_back({"max pool 3 stride 2 ceil", ceilMax, {2, 8, 8}, false});
    cases.push_back({"average pool 2 pad 1 ceil", ceilAverage, {2, 7, 7}, false});
    for (const auto &a : activationNames())
        cases.push_back({a.name, LayerSpec::act(a.kind), {33}, false});
    return cases;
}

// Training data for the whole-run parity: a two-class problem of 256 points in 6 features.
TrainingData mlpData()
{
    TrainingData d;
    d.rows = 256;
    d.targetColumns = 2;
    d.inputs = randomVector(std::size_t(d.rows) * 6, -1.0f, 1.0f, 71);
    d.targets.resize(std::size_t(d.rows) * 2);
    for (int r = 0; r < d.rows; ++r) {
        const float *x = d.inputs.data() + r * 6;
        const bool positive = x[0] * x[1] + 0.5f * x[2] > 0.0f;
        d.targets[std::size_t(r) * 2 + (positive ? 1 : 0)] = 1.0f;
    }
    return d;
}

// 128 random 1x12x12 "images" in 3 classes told apart by which third is brightest.
TrainingData imageData()
{
    TrainingData d;
    d.rows = 128;
    d.targetColumns = 3;
    d.inputs = randomVector(std::size_t(d.rows) * 144, 0.0f, 1.0f, 72);
    d.targets.resize(std::size_t(d.rows) * 3);
    for (int r = 0; r < d.rows; ++r) {
        const int cls = r % 3;
        for (int i = 0; i < 48; ++i)
            d.inputs[std::size_t(r) * 144 + std::size_t(cls) * 48 + i] += 0.15f;
        d.targets[std::size_t(r) * 3 + cls] = 1.0f;
    }
    return d;
}

struct RunResult {
    std::vector<float> losses; // the training loss every 20 steps
    std::vector<float> weights;
};

RunResult train100(Backend &be, const ModelSpec &spec, const TrainingData &data, const TrainerConfig &config)
{
    Network net(spec, be, 11);
    Trainer trainer(net, data, config);
    RunResult r;
    for (int i = 0; i < 5; ++i) {
        trainer.step(20);
        r.losses.push_back(trainer.evaluateTraining().loss);
    }
    r.weights = net.parametersToHost();
    return r;
}

// The image runs' trainer: momentum in batches of 8.
TrainerConfig imageRunConfig()
{
    TrainerConfig config;
    config.batchSize = 8;
    config.optimizer.kind = OptimizerKind::Momentum;
    config.optimizer.learningRate = 0.02f;
    return config;
}

// Trains `spec` on imageData() for 100 steps on both backends: "" when their losses and weights
// agree, else what differs. *gpu gets the GPU's run.
QString imageRunsDiffer(const BackendPair &be, const ModelSpec &spec, const char *what, RunResult *gpu)
{
    const TrainingData d = imageData();
    const RunResult cpu = train100(*be.cpu, spec, d, imageRunConfig());
    *gpu = train100(*be.gpu, spec, d, imageRunConfig());
    qInfo("%s: loss %.5f (CPU) and %.5f (GPU) after 100 steps", what, double(cpu.losses.back()),
        double(gpu->losses.back()));
    const QString losses = compare(cpu.losses, gpu->losses, kRunTolerance, QString(what) + " losses");
    return losses.isEmpty() ? compare(cpu.weights, gpu->weights, kRunTolerance, QString(what) + " weights") : losses;
}

} // namespace

class TestParity : public QObject {
    Q_OBJECT

private slots:
    void layers_data()
    {
        QTest::addColumn<int>("index");
        const auto cases = layerCases();
        for (int i = 0; i < int(cases.size()); ++i)
            QTest::newRow(cases[std::size_t(i)].name) << i;
    }
    void layers()
    {
        DS_BOTH_BACKENDS(be);
        QFETCH(int, index);
        const LayerCase c = layerCases()[std::size_t(index)];
        const int rows = 5;
        auto probe = makeLayer(c.spec, c.inRow, *be.cpu, 5);
        Shape inShape = c.inRow, outShape = probe->outputShape(c.inRow);
        inShape.insert(inShape.begin(), rows);
        outShape.insert(outShape.begin(), rows);
        // Distinct inputs: no ties in a max-pooling window, no relu input at exactly zero.
        const std::vector<float> x = distinctValues(elementCount(inShape), 31);
        const std::vector<float> dy = randomVector(elementCount(outShape), -1.0f, 1.0f, 32);
        std::vector<float> params = randomVector(probe->paramCount(), -0.5f, 0.5f, 33);
        if (c.spec.kind == LayerKind::BatchNorm) { // running variance must be positive
            const std::size_t ch = params.size() / 4;
            for (std::size_t i = 3 * ch; i < params.size(); ++i)
                params[i] = 0.5f + std::abs(params[i]);
        }
        const LayerRun cpu = runLayer(*be.cpu, c.spec, c.inRow, rows, c.training, params, x, dy);
        const LayerRun gpu = runLayer(*be.gpu, c.spec, c.inRow, rows, c.training, params, x, dy);
        DS_AGREE(cpu.y, gpu.y, kStepTolerance, QString(c.name) + " forward");
        if (c.spec.kind == LayerKind::BatchNorm && !c.training)
            return; // no backward after an evaluation pass: nothing saved to differentiate
        DS_AGREE(cpu.dx, gpu.dx, kStepTolerance, QString(c.name) + " input gradient");
        DS_AGREE(cpu.grads, gpu.grads, kStepTolerance, QString(c.name) + " parameter gradient");
        DS_AGREE(cpu.paramsAfter, gpu.paramsAfter, kStepTolerance, QString(c.name) + " parameters and statistics");
    }

    void products()
    {
        DS_BOTH_BACKENDS(be);
        for (bool ta : {false, true})
            for (bool tb : {false, true})
                for (const auto &[m, n, k] : {std::tuple {3, 4, 5}, std::tuple {64, 33, 129}, std::tuple {1, 300, 7}}) {
                    const auto a = randomVector(std::size_t(m) * k, -1.0f, 1.0f, 41);
                    const auto b = randomVector(std::size_t(k) * n, -1.0f, 1.0f, 42);
                    const auto c0 = randomVector(std::size_t(m) * n, -1.0f, 1.0f, 43);
                    std::vector<float> out[2];
                    Backend *both[2] = {be.cpu.get(), be.gpu.get()};
                    for (int i = 0; i < 2; ++i) {
                        Tensor ta_ = both[i]->fromHost(a, {m * k}), tb_ = both[i]->fromHost(b, {k * n});
                        Tensor tc = both[i]->fromHost(c0, {m * n});
                        both[i]->gemm(ta, tb, m, n, k, 0.7f, ta_.data(), tb_.data(), 0.3f, tc.data());
                        out[i] = both[i]->toHost(tc);
                    }
                    DS_AGREE(out[0], out[1], kStepTolerance,
                        QString("gemm %1x%2x%3 %4%5").arg(m).arg(n).arg(k).arg(ta).arg(tb));
                }
    }

    void rowsAndSums()
    {
        DS_BOTH_BACKENDS(be);
        const auto src = randomVector(20 * 6, -1.0f, 1.0f, 51);
        const int idx[] = {19, 0, 7, 7, 3};
        const auto bias = randomVector(6, -1.0f, 1.0f, 52);
        std::vector<float> out[2], sums[2];
        Backend *both[2] = {be.cpu.get(), be.gpu.get()};
        for (int i = 0; i < 2; ++i) {
            Backend &b = *both[i];
            Tensor s = b.fromHost(src, {20, 6}), d = b.tensor({5, 6}), tb = b.fromHost(bias, {6}), t = b.tensor({6});
            b.gatherRows(s, idx, 5, d);
            b.addRowVector(d, tb);
            b.sumRows(d, t);
            out[i] = b.toHost(d);
            sums[i] = b.toHost(t);
            const int outside = 20;
            QVERIFY_THROWS_EXCEPTION(Error, b.gatherRows(s, &outside, 1, d));
        }
        DS_AGREE(out[0], out[1], kStepTolerance, "gather and bias");
        DS_AGREE(sums[0], sums[1], kStepTolerance, "column sums");
    }

    void losses()
    {
        DS_BOTH_BACKENDS(be);
        const auto z = randomVector(9 * 4, -3.0f, 3.0f, 61);
        std::vector<float> t(9 * 4, 0.0f);
        for (int r = 0; r < 9; ++r)
            t[std::size_t(r) * 4 + std::size_t(r % 4)] = 1.0f;
        for (const auto &l : lossNames()) {
            std::vector<float> value[2], grad[2];
            Backend *both[2] = {be.cpu.get(), be.gpu.get()};
            for (int i = 0; i < 2; ++i) {
                Tensor tz = both[i]->fromHost(z, {9, 4}), tt = both[i]->fromHost(t, {9, 4}),
                       g = both[i]->tensor({9, 4});
                value[i] = {both[i]->loss(l.kind, tz, tt)};
                both[i]->lossGradient(l.kind, tz, tt, g);
                grad[i] = both[i]->toHost(g);
            }
            DS_AGREE(value[0], value[1], kStepTolerance, QString(l.name) + " value");
            DS_AGREE(grad[0], grad[1], kStepTolerance, QString(l.name) + " gradient");
        }
    }

    void regularizationAndOptimizers()
    {
        DS_BOTH_BACKENDS(be);
        const std::size_t n = 1000;
        const auto w0 = randomVector(n, -1.0f, 1.0f, 81);
        std::vector<float> mask(n, 1.0f);
        for (std::size_t i = 0; i < n; i += 7)
            mask[i] = 0.0f; // biases
        for (const auto &r : regularizerNames()) {
            std::vector<float> penalty[2], grad[2];
            Backend *both[2] = {be.cpu.get(), be.gpu.get()};
            for (int i = 0; i < 2; ++i) {
                Tensor w = both[i]->fromHost(w0, {int(n)}), m = both[i]->fromHost(mask, {int(n)});
                Tensor g = both[i]->fromHost(randomVector(n, -1.0f, 1.0f, 82), {int(n)});
                penalty[i] = {both[i]->regularizerPenalty(r.kind, 0.01f, w, m)};
                both[i]->addRegularizerGradient(r.kind, 0.01f, w, m, g);
                grad[i] = both[i]->toHost(g);
            }
            DS_AGREE(penalty[0], penalty[1], kStepTolerance, QString(r.name) + " penalty");
            DS_AGREE(grad[0], grad[1], kStepTolerance, QString(r.name) + " gradient");
        }
        for (const auto &o : optimizerNames()) {
            std::vector<float> after[2];
            Backend *both[2] = {be.cpu.get(), be.gpu.get()};
            for (int i = 0; i < 2; ++i) {
                OptimizerConfig c;
                c.kind = o.kind;
                Tensor w = both[i]->fromHost(w0, {int(n)}), m = both[i]->fromHost(mask, {int(n)});
                Tensor s1 = both[i]->tensor({int(n)}), s2 = both[i]->tensor({int(n)});
                for (int step = 1; step <= 10; ++step) {
                    Tensor g = both[i]->fromHost(randomVector(n, -1.0f, 1.0f, 90 + unsigned(step)), {int(n)});
                    both[i]->optimizerUpdate(c, 0.01f, step, w, g, s1, s2, m);
                }
                after[i] = both[i]->toHost(w);
            }
            DS_AGREE(after[0], after[1], kStepTolerance, QString(o.name) + " after 10 steps");
        }
    }

    // 100 steps of Adam with L2 and dropout on a dense network, and of momentum SGD on a CNN with
    // batch norm and both kinds of pooling: the same seed must give the same run on both.
    void trainingRuns()
    {
        DS_BOTH_BACKENDS(be);
        {
            ModelSpec spec = ModelSpec::mlp(6, {16, 16}, {ActivationKind::Tanh}, 2, LossKind::SoftmaxCrossEntropy);
            spec.layers.insert(spec.layers.begin() + 2, LayerSpec::dropout(0.2f));
            // Batch norm after the first tanh, not straight after a dense layer: a bias that feeds
            // batch norm has a true gradient of zero, so Adam divides rounding noise by its own
            // size and takes full steps on it. Measured on the CPU, one ulp in one initial weight
            // then moves the loss by 2.8e-3 within 40 steps (what the first GPU run showed
            // between the backends); here it moves it by 3e-8.
            spec.layers.insert(spec.layers.begin() + 2, LayerSpec::batchNorm());
            TrainerConfig config;
            config.batchSize = 15; // 256 rows: each epoch ends on a batch of one (batch norm's 0/0)
            config.optimizer.kind = OptimizerKind::Adam;
            config.optimizer.learningRate = 0.01f;
            config.regularizer = RegularizerKind::L2;
            config.regularizationRate = 0.001f;
            const TrainingData d = mlpData();
            const RunResult cpu = train100(*be.cpu, spec, d, config), gpu = train100(*be.gpu, spec, d, config);
            qInfo("dense run: loss %.5f (CPU) and %.5f (GPU) after 100 steps", double(cpu.losses.back()),
                double(gpu.losses.back()));
            DS_AGREE(cpu.losses, gpu.losses, kRunTolerance, "dense run losses");
            DS_AGREE(cpu.weights, gpu.weights, kRunTolerance, "dense run weights");
        }
        {
            ModelSpec spec;
            spec.input = {1, 12, 12};
            spec.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::batchNorm(), LayerSpec::act(ActivationKind::Relu),
                LayerSpec::maxPool(2), LayerSpec::conv(6, 3), LayerSpec::act(ActivationKind::Relu),
                LayerSpec::avgPool(2), LayerSpec::flatten(), LayerSpec::dense(3), LayerSpec::softmax()};
            spec.loss = LossKind::SoftmaxCrossEntropy;
            RunResult gpu;
            const QString e = imageRunsDiffer(be, spec, "CNN run", &gpu);
            QVERIFY2(e.isEmpty(), qPrintable(e));
            // The GPU repeats itself bit for bit: deterministic algorithms and sums.
            const RunResult again = train100(*be.gpu, spec, imageData(), imageRunConfig());
            QVERIFY2(again.weights == gpu.weights, "two GPU runs with the same seed differ");
        }
        {
            // A graph: a projection shortcut, a depthwise convolution, a Concat, a per-channel
            // Mul and a ceil-mode pool.
            ModelSpec spec;
            spec.input = {1, 12, 12};
            LayerSpec depthwise = LayerSpec::conv(4, 3, 1, 1), pool = LayerSpec::maxPool(3, 2);
            depthwise.groups = 4;
            pool.ceilMode = true;
            spec.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu6), depthwise, // 0-2
                LayerSpec::conv(4, 1).from({-1}), LayerSpec::add({2, 3}), // 3, 4
                LayerSpec::concat({4, 1}), pool, LayerSpec::act(ActivationKind::HardSwish), // 5-7
                LayerSpec::globalAvgPool(), LayerSpec::dense(8), LayerSpec::act(ActivationKind::Sigmoid), // 8-10
                LayerSpec::mul(7, 10), LayerSpec::flatten(), LayerSpec::dense(3), LayerSpec::softmax()};
            spec.loss = LossKind::SoftmaxCrossEntropy;
            RunResult gpu;
            const QString e = imageRunsDiffer(be, spec, "graph run", &gpu);
            QVERIFY2(e.isEmpty(), qPrintable(e));
        }
    }
};

QTEST_APPLESS_MAIN(TestParity)
#include "tst_parity.moc"
