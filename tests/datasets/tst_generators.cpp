// The 2D generators: counts and split, domains, class balance, each generator's geometry at zero
// noise, the effect of noise, determinism per seed, and parameter validation.
#include "error.h"
#include "errorof.h"
#include "points2d.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

using namespace ds::data;

namespace {

constexpr double kPi = std::numbers::pi;

std::vector<Point2> allPoints(const Points2D &d)
{
    std::vector<Point2> all = d.train;
    all.insert(all.end(), d.test.begin(), d.test.end());
    return all;
}

Points2D make(Generator g, int numPoints, int noisePercent, std::uint64_t seed = 7, int trainPercent = 50)
{
    GeneratorParams p;
    p.generator = g;
    p.numPoints = numPoints;
    p.noisePercent = noisePercent;
    p.trainPercent = trainPercent;
    p.seed = seed;
    return generate(p);
}

int countClass(const std::vector<Point2> &points, int cls)
{
    return static_cast<int>(
        std::count_if(points.begin(), points.end(), [cls](const Point2 &p) { return p.value == cls; }));
}

QByteArray describe(Generator g, const Point2 &p)
{
    return QByteArray::fromStdString(generatorName(g)) + " point (" + QByteArray::number(p.x) + ", "
        + QByteArray::number(p.y) + ") value " + QByteArray::number(p.value);
}

bool samePoints(const std::vector<Point2> &a, const std::vector<Point2> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
        [](const Point2 &p, const Point2 &q) { return p.x == q.x && p.y == q.y && p.value == q.value; });
}

} // namespace

class TestGenerators : public QObject {
    Q_OBJECT

private slots:
    void namesRoundTrip();
    void problemTypes();
    void countsAndSplit();
    void pointsInDomain();
    void classValuesAreIndices();
    void balancedClasses();
    void splitIsShuffled();
    void circleWithoutNoise();
    void circleNoiseFlipsLabelsNotPoints();
    void xorWithoutNoise();
    void xorNoiseFlipsLabels();
    void gaussianSpreadFollowsNoise();
    void spiralArms();
    void planeValues();
    void multiGaussianValues();
    void moonsShape();
    void checkerboardWithoutNoise();
    void sameSeedSamePoints();
    void differentSeedDifferentPoints();
    void badParamsThrow();
};

void TestGenerators::namesRoundTrip()
{
    const std::vector<std::string> expected = {
        "circle",
        "xor",
        "gaussian",
        "spiral",
        "plane",
        "multi-gaussian",
        "moons",
        "checkerboard",
        "spiral-3",
    };
    QCOMPARE(allGenerators().size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const Generator g = allGenerators()[i];
        QCOMPARE(QString::fromStdString(generatorName(g)), QString::fromStdString(expected[i]));
        QVERIFY(generatorFromName(expected[i]) == g);
    }
    const QString msg = errorOf([] { generatorFromName("donut"); });
    QVERIFY2(msg.contains("donut") && msg.contains("spiral-3"), qPrintable(msg));
    QVERIFY(!errorOf([] { generatorFromName("Circle"); }).isEmpty());
}

void TestGenerators::problemTypes()
{
    for (Generator g : allGenerators()) {
        const bool regression = g == Generator::Plane || g == Generator::MultiGaussian;
        const ProblemType expected = regression ? ProblemType::Regression : ProblemType::Classification;
        QVERIFY(problemOf(g) == expected);
        QCOMPARE(classesOf(g), regression ? 0 : g == Generator::Spiral3 ? 3 : 2);
        const Points2D d = make(g, 20, 0);
        QVERIFY(d.problem == problemOf(g));
        QCOMPARE(d.numClasses, classesOf(g));
    }
}

void TestGenerators::countsAndSplit()
{
    for (Generator g : allGenerators()) {
        for (int n : {10, 11, 333, 1000}) {
            for (int train : {10, 33, 50, 90}) {
                const Points2D d = make(g, n, 20, 3, train);
                const int expectedTrain = static_cast<int>(std::lround(n * train / 100.0));
                QCOMPARE(static_cast<int>(d.train.size()), expectedTrain);
                QCOMPARE(static_cast<int>(d.test.size()), n - expectedTrain);
            }
        }
    }
}

void TestGenerators::pointsInDomain()
{
    for (Generator g : allGenerators()) {
        for (int noise : {0, 25, 50}) {
            // TensorFlow Playground's Gaussian clouds widen past the plane at high noise.
            if (g == Generator::Gaussian && noise > 0)
                continue;
            for (const Point2 &p : allPoints(make(g, 2000, noise))) {
                QVERIFY2(std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(p.value), describe(g, p));
                QVERIFY2(std::abs(p.x) <= kDomain && std::abs(p.y) <= kDomain, describe(g, p));
            }
        }
    }
}

void TestGenerators::classValuesAreIndices()
{
    for (Generator g : allGenerators()) {
        if (problemOf(g) != ProblemType::Classification)
            continue;
        const std::vector<Point2> points = allPoints(make(g, 600, 50));
        std::set<float> seen;
        for (const Point2 &p : points) {
            QVERIFY2(p.value == std::floor(p.value) && p.value >= 0 && p.value < classesOf(g), describe(g, p));
            seen.insert(p.value);
        }
        QCOMPARE(static_cast<int>(seen.size()), classesOf(g));
    }
}

void TestGenerators::balancedClasses()
{
    // These generators draw a fixed count per class whatever the noise.
    for (Generator g : {Generator::Gaussian, Generator::Spiral, Generator::Moons}) {
        for (int noise : {0, 50}) {
            const std::vector<Point2> points = allPoints(make(g, 501, noise));
            QCOMPARE(countClass(points, 1), 251);
            QCOMPARE(countClass(points, 0), 250);
        }
    }
    const std::vector<Point2> spiral3 = allPoints(make(Generator::Spiral3, 301, 30));
    QCOMPARE(countClass(spiral3, 0), 101);
    QCOMPARE(countClass(spiral3, 1), 100);
    QCOMPARE(countClass(spiral3, 2), 100);
    // The circle labels by position, which only matches the draw at zero noise.
    const std::vector<Point2> circle = allPoints(make(Generator::Circle, 500, 0));
    QCOMPARE(countClass(circle, 1), 250);
    // XOR and the checkerboard are balanced by symmetry, so only roughly.
    for (Generator g : {Generator::Xor, Generator::Checkerboard}) {
        const int positives = countClass(allPoints(make(g, 2000, 0)), 1);
        QVERIFY2(positives > 850 && positives < 1150, QByteArray::number(positives));
    }
}

void TestGenerators::splitIsShuffled()
{
    // Unshuffled, the circle's training half would be all positives.
    const Points2D d = make(Generator::Circle, 1000, 0);
    const int positives = countClass(d.train, 1);
    QVERIFY2(positives > 200 && positives < 300, QByteArray::number(positives));
}

void TestGenerators::circleWithoutNoise()
{
    for (const Point2 &p : allPoints(make(Generator::Circle, 2000, 0))) {
        const double r = std::hypot(p.x, p.y);
        if (p.value == 1)
            QVERIFY2(r <= 2.5 + 1e-5, describe(Generator::Circle, p));
        else
            QVERIFY2(r >= 3.5 - 1e-5 && r <= 5.0 + 1e-5, describe(Generator::Circle, p));
    }
}

void TestGenerators::circleNoiseFlipsLabelsNotPoints()
{
    int flipped = 0;
    for (const Point2 &p : allPoints(make(Generator::Circle, 2000, 50))) {
        const double r = std::hypot(p.x, p.y);
        // The stored points stay on the clean disc and ring ...
        QVERIFY2(r <= 2.5 + 1e-5 || (r >= 3.5 - 1e-5 && r <= 5.0 + 1e-5), describe(Generator::Circle, p));
        // ... while the labels come from the noisy position.
        if ((r < 2.5) != (p.value == 1))
            ++flipped;
    }
    QVERIFY2(flipped > 100 && flipped < 1000, QByteArray::number(flipped));
}

void TestGenerators::xorWithoutNoise()
{
    for (const Point2 &p : allPoints(make(Generator::Xor, 2000, 0))) {
        // Padded by 0.3 away from the axes, so within 0.3..5.3 of them.
        for (float v : {p.x, p.y})
            QVERIFY2(std::abs(v) >= 0.3f && std::abs(v) <= 5.3f + 1e-5f, describe(Generator::Xor, p));
        QCOMPARE(p.value, p.x * p.y >= 0 ? 1.0f : 0.0f);
    }
}

void TestGenerators::xorNoiseFlipsLabels()
{
    int flipped = 0;
    for (const Point2 &p : allPoints(make(Generator::Xor, 2000, 50))) {
        QVERIFY2(std::abs(p.x) >= 0.3f && std::abs(p.y) >= 0.3f, describe(Generator::Xor, p));
        if ((p.x * p.y >= 0) != (p.value == 1))
            ++flipped;
    }
    QVERIFY2(flipped > 100 && flipped < 1000, QByteArray::number(flipped));
}

void TestGenerators::gaussianSpreadFollowsNoise()
{
    // TensorFlow Playground maps noise 0..50% linearly onto variance 0.5..4.
    const std::pair<int, double> cases[] = {{0, 0.5}, {25, 2.25}, {50, 4.0}};
    for (const auto &[noise, variance] : cases) {
        const std::vector<Point2> points = allPoints(make(Generator::Gaussian, 20000, noise));
        for (int cls : {0, 1}) {
            const double centre = cls == 1 ? 2.0 : -2.0;
            double sum = 0, sumSq = 0;
            int n = 0;
            for (const Point2 &p : points) {
                if (p.value != cls)
                    continue;
                for (double v : {double(p.x), double(p.y)}) {
                    sum += v;
                    sumSq += (v - centre) * (v - centre);
                    ++n;
                }
            }
            QVERIFY2(std::abs(sum / n - centre) < 0.05, QByteArray::number(sum / n));
            QVERIFY2(std::abs(sumSq / n / variance - 1.0) < 0.05, QByteArray::number(sumSq / n));
        }
    }
}

void TestGenerators::spiralArms()
{
    // At zero noise every point lies on its arm: angle = 1.75 turns * r / 5 + the arm's offset.
    auto check = [](Generator g, auto offsetOf) {
        for (const Point2 &p : allPoints(make(g, 999, 0))) {
            const double r = std::hypot(p.x, p.y);
            QVERIFY2(r <= 5.0 + 1e-5, describe(g, p));
            const double t = 1.75 * 2.0 * kPi * r / 5.0 + offsetOf(static_cast<int>(p.value));
            QVERIFY2(std::abs(p.x - r * std::sin(t)) < 1e-4, describe(g, p));
            QVERIFY2(std::abs(p.y - r * std::cos(t)) < 1e-4, describe(g, p));
        }
    };
    check(Generator::Spiral, [](int cls) { return cls == 1 ? 0.0 : kPi; });
    check(Generator::Spiral3, [](int cls) { return cls * 2.0 * kPi / 3.0; });

    // Noise is uniform(-1, 1) * noise per coordinate, so at 50% points leave the arm by <= 0.5.
    const double reach = 5.0 + std::sqrt(0.5) + 1e-5;
    for (const Point2 &p : allPoints(make(Generator::Spiral, 999, 50)))
        QVERIFY2(std::hypot(p.x, p.y) <= reach, describe(Generator::Spiral, p));
}

void TestGenerators::planeValues()
{
    for (const Point2 &p : allPoints(make(Generator::Plane, 2000, 0)))
        QVERIFY2(std::abs(p.value - (p.x + p.y) / 10.0f) < 1e-5f, describe(Generator::Plane, p));

    int offPlane = 0;
    for (const Point2 &p : allPoints(make(Generator::Plane, 2000, 50))) {
        QVERIFY2(std::abs(p.value) <= 1.8f + 1e-5f, describe(Generator::Plane, p));
        if (std::abs(p.value - (p.x + p.y) / 10.0f) > 0.01f)
            ++offPlane;
    }
    QVERIFY(offPlane > 1500);
}

void TestGenerators::multiGaussianValues()
{
    // Peaks of +1 and -1 at the six centres, fading to 0 two units away.
    struct Bump {
        float cx, cy, sign;
    };
    const Bump bumps[] = {{-4, 2.5f, 1}, {0, 2.5f, -1}, {4, 2.5f, 1}, {-4, -2.5f, -1}, {0, -2.5f, 1}, {4, -2.5f, -1}};
    int nearPeaks = 0;
    for (const Point2 &p : allPoints(make(Generator::MultiGaussian, 3000, 0))) {
        QVERIFY2(std::abs(p.value) <= 1.0f, describe(Generator::MultiGaussian, p));
        bool nearAny = false;
        for (const Bump &b : bumps) {
            const float d = std::hypot(p.x - b.cx, p.y - b.cy);
            // The bumps are 4 and 5 apart, so within 2 of one centre no other one reaches.
            if (d < 2.0f) {
                QVERIFY2(std::abs(p.value - b.sign * (1.0f - d / 2.0f)) < 1e-5f, describe(Generator::MultiGaussian, p));
                nearAny = true;
            }
        }
        if (!nearAny)
            QVERIFY2(p.value == 0.0f, describe(Generator::MultiGaussian, p));
        nearPeaks += nearAny;
    }
    QVERIFY(nearPeaks > 500);
}

void TestGenerators::moonsShape()
{
    // Undo the centring and the 3.3 scale: class 1 lies on the upper unit half circle, class 0 on
    // the lower one centred at (1, 0.5).
    for (const Point2 &p : allPoints(make(Generator::Moons, 1000, 0))) {
        const double u = p.x / 3.3 + 0.5;
        const double v = p.y / 3.3 + 0.25;
        if (p.value == 1) {
            QVERIFY2(std::abs(std::hypot(u, v) - 1.0) < 1e-4 && v >= -1e-4, describe(Generator::Moons, p));
        } else {
            QVERIFY2(
                std::abs(std::hypot(1.0 - u, 0.5 - v) - 1.0) < 1e-4 && v <= 0.5 + 1e-4, describe(Generator::Moons, p));
        }
    }
}

void TestGenerators::checkerboardWithoutNoise()
{
    std::set<std::pair<int, int>> squares;
    for (const Point2 &p : allPoints(make(Generator::Checkerboard, 2000, 0))) {
        // In double, as the generator divides, so that points next to an edge agree.
        const int column = static_cast<int>(std::floor(double(p.x) / 3.0));
        const int row = static_cast<int>(std::floor(double(p.y) / 3.0));
        squares.insert({column, row});
        QCOMPARE(p.value, (column + row) % 2 == 0 ? 1.0f : 0.0f);
    }
    QCOMPARE(squares.size(), std::size_t(16));
}

void TestGenerators::sameSeedSamePoints()
{
    for (Generator g : allGenerators()) {
        const Points2D a = make(g, 300, 30, 42);
        const Points2D b = make(g, 300, 30, 42);
        QVERIFY(samePoints(a.train, b.train));
        QVERIFY(samePoints(a.test, b.test));
    }
}

void TestGenerators::differentSeedDifferentPoints()
{
    for (Generator g : allGenerators()) {
        const Points2D a = make(g, 300, 30, 42);
        const Points2D b = make(g, 300, 30, 43);
        QVERIFY2(!samePoints(a.train, b.train), generatorName(g).c_str());
    }
}

void TestGenerators::badParamsThrow()
{
    auto messageFor = [](int numPoints, int noise, int train) {
        return errorOf([=] { make(Generator::Circle, numPoints, noise, 1, train); });
    };
    QVERIFY(messageFor(10, 0, 10).isEmpty());
    QVERIFY(messageFor(100000, 50, 90).isEmpty());

    QString msg = messageFor(9, 0, 50);
    QVERIFY2(msg.contains("points") && msg.contains("(got 9)"), qPrintable(msg));
    msg = messageFor(100001, 0, 50);
    QVERIFY2(msg.contains("points") && msg.contains("100001"), qPrintable(msg));
    msg = messageFor(500, 70, 50);
    QCOMPARE(msg, QString("noise must be between 0 and 50 (got 70)"));
    msg = messageFor(500, -1, 50);
    QVERIFY2(msg.contains("noise") && msg.contains("-1"), qPrintable(msg));
    msg = messageFor(500, 0, 9);
    QVERIFY2(msg.contains("training") && msg.contains("(got 9)"), qPrintable(msg));
    msg = messageFor(500, 0, 91);
    QVERIFY2(msg.contains("training") && msg.contains("(got 91)"), qPrintable(msg));

    msg = errorOf([] {
        GeneratorParams p;
        p.generator = static_cast<Generator>(99);
        generate(p);
    });
    QVERIFY2(msg.contains("unknown generator"), qPrintable(msg));
}

QTEST_APPLESS_MAIN(TestGenerators)
#include "tst_generators.moc"
