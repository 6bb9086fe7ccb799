// Each optimizer's update against its formula, on a case worked by hand: w = (1, -2) with the
// constant gradient g = (0.5, -0.25), lr 0.1, two steps. The second weight is not regularized
// (a bias), so AdamW must not decay it. Plus the learning-rate schedules.
#include "schedule.h"
#include "testbackends.h"

#include <QTest>

#include <cmath>

using namespace ds;
using namespace ds::test;

namespace {

struct Worked {
    OptimizerKind kind;
    float afterOne[2];
    float afterTwo[2];
};

// Worked by hand from the update rules in optimizerconfig.h / backend.h (PyTorch's forms).
const Worked kWorked[] = {
    // w -= lr g
    {OptimizerKind::Sgd, {0.95f, -1.975f}, {0.90f, -1.95f}},
    // v = 0.9 v + g; w -= lr v: v1 = g, v2 = 1.9 g
    {OptimizerKind::Momentum, {0.95f, -1.975f}, {0.855f, -1.9275f}},
    // v as above; w -= lr (g + 0.9 v): 1.9 g, then 2.71 g
    {OptimizerKind::Nesterov, {0.905f, -1.9525f}, {0.7695f, -1.88475f}},
    // s += g^2; w -= lr g / sqrt(s): lr each step, then lr / sqrt(2)
    {OptimizerKind::AdaGrad, {0.9f, -1.9f}, {0.82928932f, -1.82928932f}},
    // s = 0.99 s + 0.01 g^2: s1 = 0.01 g^2, so the first step is lr / 0.1 = 1 in each weight's
    // direction; s2 = 0.0199 g^2, step lr / sqrt(0.0199) = 0.708881
    {OptimizerKind::RmsProp, {0.0f, -1.0f}, {-0.70888121f, -0.29111879f}},
    // With a constant gradient, bias-corrected Adam moves exactly lr per step.
    {OptimizerKind::Adam, {0.9f, -1.9f}, {0.8f, -1.8f}},
    // AdamW first decays the weight by lr * 0.01 * w (the first weight only), then Adam's lr step:
    // 1 - 0.001 - 0.1 = 0.899; 0.899 - 0.000899 - 0.1 = 0.798101
    {OptimizerKind::AdamW, {0.899f, -1.9f}, {0.798101f, -1.8f}},
};

// Rows "backend/optimizer" of the columns backend and kind, for each backend and these optimizers.
void addBackendAndOptimizerRows(std::initializer_list<OptimizerKind> kinds)
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<int>("kind");
    for (const char *b : {"cpu", "cuda"})
        for (OptimizerKind k : kinds)
            QTest::newRow((std::string(b) + "/" + nameOf(k)).c_str()) << QString(b) << int(k);
}

} // namespace

class TestOptimizers : public QObject {
    Q_OBJECT

private slots:
    void workedCases_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("index");
        for (const char *b : {"cpu", "cuda"})
            for (int i = 0; i < int(std::size(kWorked)); ++i)
                QTest::newRow((std::string(b) + "/" + nameOf(kWorked[i].kind)).c_str()) << QString(b) << i;
    }
    void workedCases()
    {
        DS_BACKEND(be);
        QFETCH(int, index);
        const Worked &c = kWorked[index];
        OptimizerConfig config;
        config.kind = c.kind;
        config.learningRate = 0.1f;
        Tensor w = be->fromHost({1.0f, -2.0f}, {2}), g = be->fromHost({0.5f, -0.25f}, {2});
        Tensor s1 = be->tensor({2}), s2 = be->tensor({2}), mask = be->fromHost({1.0f, 0.0f}, {2});
        for (int step = 1; step <= 2; ++step) {
            be->optimizerUpdate(config, config.learningRate, step, w, g, s1, s2, mask);
            const auto v = be->toHost(w);
            const float *want = step == 1 ? c.afterOne : c.afterTwo;
            for (int i = 0; i < 2; ++i)
                QVERIFY2(std::abs(v[i] - want[i]) < 2e-5f,
                    qPrintable(QString("%1 step %2 w[%3] = %4, expected %5")
                                   .arg(QString::fromStdString(nameOf(c.kind)))
                                   .arg(step)
                                   .arg(i)
                                   .arg(double(v[i]), 0, 'g', 8)
                                   .arg(double(want[i]), 0, 'g', 8)));
        }
    }

    // A constant gradient hides which moment decays at which rate (both bias-corrected moments
    // are then g and g^2): with one that changes sign and size every step, Adam and AdamW must
    // follow their formula, computed here in double, to float precision. Swapping beta1 and
    // beta2, or the bias corrections, moves the weights by 1e-3 or more.
    void adamWithAChangingGradient_data() { addBackendAndOptimizerRows({OptimizerKind::Adam, OptimizerKind::AdamW}); }
    void adamWithAChangingGradient()
    {
        DS_BACKEND(be);
        QFETCH(int, kind);
        OptimizerConfig config;
        config.kind = OptimizerKind(kind);
        config.learningRate = 0.1f;
        const std::vector<std::vector<float>> gradients = {{0.5f, -0.25f}, {-0.2f, 0.4f}, {0.05f, 0.3f}, {-0.6f, -0.1f}};
        double w[2] = {1.0, -2.0}, m[2] = {0, 0}, v[2] = {0, 0};
        const double decayed[2] = {1.0, 0.0}; // AdamW decays the first weight only (the mask)
        Tensor wt = be->fromHost({1.0f, -2.0f}, {2}), s1 = be->tensor({2}), s2 = be->tensor({2});
        Tensor mask = be->fromHost({1.0f, 0.0f}, {2});
        for (int step = 1; step <= int(gradients.size()); ++step) {
            const std::vector<float> &g = gradients[std::size_t(step - 1)];
            Tensor gt = be->fromHost(g, {2});
            be->optimizerUpdate(config, config.learningRate, step, wt, gt, s1, s2, mask);
            for (int i = 0; i < 2; ++i) {
                if (config.kind == OptimizerKind::AdamW)
                    w[i] -= 0.1 * double(config.weightDecay) * decayed[i] * w[i];
                m[i] = 0.9 * m[i] + 0.1 * g[std::size_t(i)];
                v[i] = 0.999 * v[i] + 0.001 * double(g[std::size_t(i)]) * g[std::size_t(i)];
                const double mHat = m[i] / (1.0 - std::pow(0.9, step)), vHat = v[i] / (1.0 - std::pow(0.999, step));
                w[i] -= 0.1 * mHat / (std::sqrt(vHat) + 1e-8);
            }
            const auto got = be->toHost(wt);
            for (int i = 0; i < 2; ++i)
                QVERIFY2(std::abs(got[std::size_t(i)] - w[i]) < 1e-5,
                    qPrintable(QString("%1 step %2 w[%3] = %4, the formula gives %5")
                                   .arg(QString::fromStdString(nameOf(config.kind)))
                                   .arg(step)
                                   .arg(i)
                                   .arg(double(got[std::size_t(i)]), 0, 'g', 8)
                                   .arg(w[i], 0, 'g', 8)));
        }
    }

    // Gradients far below epsilon's square root (1e-6 against 1e-8): Adam and RMSProp add epsilon
    // to the root of the second moment, not inside it, or their steps shrink a hundredfold.
    void tinyGradients_data() { addBackendAndOptimizerRows({OptimizerKind::Adam, OptimizerKind::RmsProp}); }
    void tinyGradients()
    {
        DS_BACKEND(be);
        QFETCH(int, kind);
        OptimizerConfig config;
        config.kind = OptimizerKind(kind);
        const float lr = 0.01f, g = 1e-6f;
        double w = 1.0, m = 0, v = 0;
        Tensor wt = be->fromHost({1.0f}, {1}), s1 = be->tensor({1}), s2 = be->tensor({1}), mask = be->fromHost({1.0f}, {1});
        const Tensor gt = be->fromHost({g}, {1});
        for (int step = 1; step <= 3; ++step) {
            be->optimizerUpdate(config, lr, step, wt, gt, s1, s2, mask);
            if (config.kind == OptimizerKind::Adam) {
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * double(g) * g;
                w -= lr * (m / (1 - std::pow(0.9, step))) / (std::sqrt(v / (1 - std::pow(0.999, step))) + 1e-8);
            } else {
                v = 0.99 * v + 0.01 * double(g) * g;
                w -= lr * g / (std::sqrt(v) + 1e-8);
            }
            const double got = be->toHost(wt)[0];
            QVERIFY2(std::abs(got - w) < 1e-5 * std::abs(1.0 - w) + 1e-7,
                qPrintable(QString("%1 step %2: w = %3, the formula gives %4")
                               .arg(QString::fromStdString(nameOf(config.kind)))
                               .arg(step)
                               .arg(got, 0, 'g', 8)
                               .arg(w, 0, 'g', 8)));
        }
    }

    void schedules()
    {
        ScheduleConfig s;
        QCOMPARE(scheduledLearningRate(s, 0.1f, 123.0), 0.1f);
        s.kind = ScheduleKind::Step;
        s.stepEpochs = 10;
        s.gamma = 0.5;
        QCOMPARE(scheduledLearningRate(s, 0.1f, 9.9), 0.1f);
        QCOMPARE(scheduledLearningRate(s, 0.1f, 25.0), 0.025f);
        s.kind = ScheduleKind::Exponential;
        s.gamma = 0.9;
        QVERIFY(std::abs(scheduledLearningRate(s, 0.1f, 2.0) - 0.081f) < 1e-7f);
        s.kind = ScheduleKind::Cosine;
        s.cosineEpochs = 100;
        s.minLearningRate = 0.001;
        QCOMPARE(scheduledLearningRate(s, 0.1f, 0.0), 0.1f);
        QVERIFY(std::abs(scheduledLearningRate(s, 0.1f, 50.0) - 0.0505f) < 1e-6f);
        QVERIFY(std::abs(scheduledLearningRate(s, 0.1f, 100.0) - 0.001f) < 1e-7f);
        QVERIFY(std::abs(scheduledLearningRate(s, 0.1f, 400.0) - 0.001f) < 1e-7f);
    }
};

QTEST_APPLESS_MAIN(TestOptimizers)
#include "tst_optimizers.moc"
