// The loss landscape (engine/landscape.h): the grid's centre is the current loss and sampling
// leaves the weights and the optimizer's state as they were; a linear model with squared loss
// gives its analytic quadratic surface; directions are normalized filter by filter; the plane of
// a path built in a known plane is found again, with the path's coordinates; and the same run
// gives the same bits on one and two threads.
#include "cpu/cpubackend.h"
#include "error.h"
#include "landscape.h"
#include "landscapeshape.h"
#include "random.h"

#include <QTest>

#include <cmath>

using namespace ds;

namespace {

// Three spirals-ish classes of 2-D points, enough for a small tanh network to learn something.
TrainingData points(int rows, std::uint64_t seed)
{
    TrainingData d;
    d.rows = rows;
    d.targetColumns = 3;
    Rng rng(seed);
    for (int r = 0; r < rows; ++r) {
        const int label = r % 3;
        const float angle = float(r) * 0.37f + 2.1f * float(label);
        const float radius = 0.2f + 0.8f * rng.uniform();
        d.inputs.push_back(radius * std::cos(angle));
        d.inputs.push_back(radius * std::sin(angle));
        for (int c = 0; c < 3; ++c)
            d.targets.push_back(c == label ? 1.0f : 0.0f);
    }
    return d;
}

ModelSpec smallNet()
{
    return ModelSpec::mlp(2, {8, 8}, {ActivationKind::Tanh, ActivationKind::Tanh}, 3, LossKind::SoftmaxCrossEntropy);
}

TrainerConfig adam()
{
    TrainerConfig c;
    c.batchSize = 16;
    c.optimizer.kind = OptimizerKind::Adam;
    c.optimizer.learningRate = 0.01f;
    return c;
}

std::vector<float> trainedGrid(int threads)
{
    CpuBackend cpu(threads);
    const TrainingData data = points(120, 5);
    Network net(smallNet(), cpu, 3);
    Trainer trainer(net, data, adam());
    trainer.step(60);
    const std::vector<float> theta = net.parametersToHost();
    const LandscapeGrid g = sampleLandscape(net, [&] { return trainer.evaluate(data); }, theta, filterNormalizedDirection(net, theta, 1),
        filterNormalizedDirection(net, theta, 2), 9, 1.0);
    return g.loss;
}

} // namespace

class TestLandscape : public QObject {
    Q_OBJECT
private slots:
    void centreIsTheLossAndNothingMoves()
    {
        CpuBackend cpu;
        const TrainingData data = points(90, 7);
        Network net(smallNet(), cpu, 11);
        Trainer trainer(net, data, adam());
        trainer.step(40);
        const std::vector<float> theta = net.parametersToHost();
        const TrainerState state = trainer.saveState();
        const float loss = trainer.evaluate(data).loss;
        const std::vector<float> d1 = filterNormalizedDirection(net, theta, 1), d2 = filterNormalizedDirection(net, theta, 2);
        const LandscapeGrid g = sampleLandscape(net, [&] { return trainer.evaluate(data); }, theta, d1, d2, 7, 0.5);
        QCOMPARE(g.size, 7);
        QCOMPARE(g.loss.size(), std::size_t(49));
        QCOMPARE(g.lossAt(3, 3), loss);
        QCOMPARE(g.a(3), 0.0);
        // Away from the minimum the loss rises somewhere.
        float highest = 0.0f;
        for (float l : g.loss)
            highest = std::max(highest, l);
        QVERIFY(highest > loss);
        QVERIFY(net.parametersToHost() == theta);
        QVERIFY(trainer.saveState() == state);
        // And training goes on exactly as it would have.
        Network twin(smallNet(), cpu, 11);
        Trainer twinTrainer(twin, data, adam());
        twinTrainer.step(40);
        twinTrainer.step(5);
        trainer.step(5);
        QVERIFY(net.parametersToHost() == twin.parametersToHost());

        // The 1-D slice from θ towards θ + d1 starts at the current loss, and at t = 0.5 it is the
        // grid's point a = 0.5 (the last column), b = 0 (the middle row).
        const std::vector<float> line = sampleLine(net, [&] { return trainer.evaluate(data); }, theta, theta, [&] {
            std::vector<float> to(theta.size());
            for (std::size_t k = 0; k < to.size(); ++k)
                to[k] = theta[k] + d1[k];
            return to;
        }(), 3, 0.0, 0.5);
        QCOMPARE(line.size(), std::size_t(3));
        QCOMPARE(line[0], loss);
        QVERIFY(std::abs(line[2] - g.lossAt(3, 6)) <= 1e-5f * std::abs(line[2]));
        QVERIFY(net.parametersToHost() == theta);
    }

    void aLinearModelGivesItsQuadratic()
    {
        CpuBackend cpu;
        ModelSpec spec;
        spec.input = {3};
        spec.layers = {LayerSpec::dense(1)};
        spec.loss = LossKind::MeanSquaredError;
        Network net(spec, cpu, 4);
        TrainingData data;
        data.rows = 20;
        data.classification = false;
        Rng rng(9);
        for (int r = 0; r < data.rows; ++r) {
            for (int c = 0; c < 3; ++c)
                data.inputs.push_back(rng.uniform(-1.0f, 1.0f));
            data.targets.push_back(rng.uniform(-2.0f, 2.0f));
        }
        Trainer trainer(net, data, adam());
        const std::vector<float> theta = net.parametersToHost(); // w0, w1, w2, bias
        const std::vector<float> d1 {0.3f, -0.2f, 0.5f, 0.4f}, d2 {-0.1f, 0.6f, 0.2f, -0.3f};
        const LandscapeGrid g = sampleLandscape(net, [&] { return trainer.evaluate(data); }, theta, d1, d2, 11, 2.0);
        for (int r = 0; r < g.size; ++r)
            for (int c = 0; c < g.size; ++c) {
                double w[4];
                for (int k = 0; k < 4; ++k)
                    w[k] = double(theta[std::size_t(k)]) + g.a(c) * d1[std::size_t(k)] + g.b(r) * d2[std::size_t(k)];
                double sum = 0.0;
                for (int i = 0; i < data.rows; ++i) {
                    double y = w[3];
                    for (int k = 0; k < 3; ++k)
                        y += w[k] * data.inputs[std::size_t(i * 3 + k)];
                    sum += (y - data.targets[std::size_t(i)]) * (y - data.targets[std::size_t(i)]);
                }
                const double analytic = sum / data.rows;
                QVERIFY2(std::abs(g.lossAt(r, c) - analytic) <= 1e-5 * analytic,
                    qPrintable(QString("(%1, %2): %3 against %4").arg(r).arg(c).arg(g.lossAt(r, c)).arg(analytic)));
                QCOMPARE(g.accuracy[std::size_t(r * g.size + c)], -1.0f);
            }
    }

    void directionsAreNormalizedFilterByFilter()
    {
        CpuBackend cpu;
        ModelSpec spec;
        spec.input = {2, 6, 6};
        spec.layers = {LayerSpec::conv(3, 3), LayerSpec::batchNorm(), LayerSpec::act(ActivationKind::Relu),
            LayerSpec::flatten(), LayerSpec::dense(4), LayerSpec::softmax()};
        spec.loss = LossKind::SoftmaxCrossEntropy;
        Network net(spec, cpu, 2);
        const std::vector<float> theta = net.parametersToHost();
        const std::vector<float> d = filterNormalizedDirection(net, theta, 77);
        QVERIFY(d != filterNormalizedDirection(net, theta, 78));
        QVERIFY(d == filterNormalizedDirection(net, theta, 77));
        const auto norm = [](const std::vector<float> &v, std::size_t first, std::size_t count, std::size_t stride) {
            double s = 0.0;
            for (std::size_t k = 0; k < count; ++k)
                s += double(v[first + k * stride]) * v[first + k * stride];
            return std::sqrt(s);
        };
        // The convolution's three filters of 2 × 3 × 3, then its bias (zero).
        const std::size_t conv = net.parameterOffset(0);
        for (std::size_t f = 0; f < 3; ++f) {
            const double want = norm(theta, conv + f * 18, 18, 1);
            QVERIFY(std::abs(norm(d, conv + f * 18, 18, 1) - want) <= 1e-6 * want);
        }
        for (std::size_t k = 0; k < 3; ++k)
            QCOMPARE(d[conv + 54 + k], 0.0f);
        // Batch norm's scale, shift and statistics: zero.
        for (std::size_t k = net.parameterOffset(1); k < net.parameterOffset(4); ++k)
            QCOMPARE(d[k], 0.0f);
        // The dense layer's four neurons (columns of 48 inputs), then its bias.
        const std::size_t dense = net.parameterOffset(4);
        for (std::size_t j = 0; j < 4; ++j) {
            const double want = norm(theta, dense + j, 48, 4);
            QVERIFY(std::abs(norm(d, dense + j, 48, 4) - want) <= 1e-6 * want);
        }
        for (std::size_t k = dense + 192; k < dense + 196; ++k)
            QCOMPARE(d[k], 0.0f);
    }

    void thePlaneOfAPathIsFoundAgain()
    {
        // A path in the plane θ + x·u + y·v (u, v orthonormal), with known coordinates.
        const std::size_t n = 50;
        Rng rng(3);
        std::vector<float> theta(n), u(n, 0.0f), v(n, 0.0f);
        for (float &t : theta)
            t = rng.normal();
        for (std::size_t k = 0; k < 10; ++k)
            u[k] = 1.0f / std::sqrt(10.0f);
        for (std::size_t k = 10; k < 15; ++k)
            v[k] = 1.0f / std::sqrt(5.0f);
        std::vector<std::vector<float>> path;
        std::vector<std::pair<double, double>> known;
        for (int i = 0; i < 12; ++i) {
            const double x = 3.0 - 0.25 * i, y = 0.8 * std::sin(0.5 * i) + 0.1;
            known.emplace_back(x, y);
            std::vector<float> p(n);
            for (std::size_t k = 0; k < n; ++k)
                p[k] = float(theta[k] + x * u[k] + y * v[k]);
            path.push_back(std::move(p));
        }
        const PathPlane plane = pathPlane(path, theta);
        QVERIFY2(plane.explained1 + plane.explained2 >= 0.999, qPrintable(QString::number(plane.explained1 + plane.explained2)));
        QVERIFY(plane.explained1 >= plane.explained2);
        // The components span u and v: every known point is a combination of d1 and d2, and the
        // coordinates found put the path back where it was.
        QCOMPARE(plane.path.size(), path.size());
        for (std::size_t i = 0; i < path.size(); ++i) {
            const auto [a, b] = plane.path[i];
            for (std::size_t k = 0; k < n; ++k)
                QVERIFY(std::abs(theta[k] + a * plane.d1[k] + b * plane.d2[k] - path[i][k]) < 1e-4);
            // The distance from θ is kept (the directions are orthonormal).
            const auto [x, y] = known[i];
            QVERIFY(std::abs(std::hypot(a, b) - std::hypot(x, y)) < 1e-4);
        }
        // Random directions are not orthogonal: least squares still finds the coordinates.
        std::vector<float> skew(n);
        for (std::size_t k = 0; k < n; ++k)
            skew[k] = u[k] + 0.5f * v[k];
        const auto coords = projectOntoPlane(path, theta, skew, v);
        for (std::size_t i = 0; i < path.size(); ++i) {
            QVERIFY(std::abs(coords[i].first - known[i].first) < 1e-4);
            QVERIFY(std::abs(coords[i].second - (known[i].second - 0.5 * known[i].first)) < 1e-4);
        }
        // A path on a line spans no plane: said.
        bool refused = false;
        try {
            pathPlane({path[0], path[0]}, theta);
        } catch (const Error &) {
            refused = true;
        }
        QVERIFY(refused);
    }

    // The shape numbers on surfaces whose shape is known: a bowl a² + 2b² (curvature 3, one
    // basin, every row and column falling once and rising once) and the same bowl with ripples.
    void shapeNumbersOfKnownSurfaces()
    {
        auto surface = [](double ripple) {
            LandscapeGrid g;
            g.size = 21;
            g.range = 1.0;
            for (int r = 0; r < g.size; ++r)
                for (int c = 0; c < g.size; ++c) {
                    const double a = g.a(c), b = g.b(r);
                    g.loss.push_back(float(1.0 + a * a + 2 * b * b + ripple * std::sin(9 * a) * std::sin(9 * b)));
                }
            return g;
        };
        const LandscapeGrid bowl = surface(0.0);
        QVERIFY(std::abs(centreCurvature(bowl) - 3.0) < 1e-3);
        QVERIFY(std::abs(landscapeRoughness(bowl) - 1.0) < 1e-6);
        QCOMPARE(centreBasinShare(bowl), 1.0);
        const LandscapeGrid rippled = surface(1.0);
        QVERIFY2(landscapeRoughness(rippled) > 1.5, qPrintable(QString::number(landscapeRoughness(rippled))));
        QVERIFY2(centreBasinShare(rippled) < 0.5, qPrintable(QString::number(centreBasinShare(rippled))));
        LandscapeGrid broken = bowl;
        broken.loss[std::size_t(10 * 21 + 10)] = NAN;
        QVERIFY(std::isnan(centreCurvature(broken)));
        QVERIFY(std::isnan(landscapeRoughness(LandscapeGrid {})));
    }

    void sameBitsOnOneAndTwoThreads()
    {
        QVERIFY(trainedGrid(1) == trainedGrid(2));
    }
};

QTEST_GUILESS_MAIN(TestLandscape)
#include "tst_landscape.moc"
