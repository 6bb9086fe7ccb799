// The 2D generators. The six TensorFlow Playground ones follow its dataset.ts formula for formula
// (same radii, paddings, noise scales and labelling on the noisy position), with its -1/+1 labels
// mapped to class 0/1; odd point counts give the first class the extra point so that the total
// is exactly numPoints. Arithmetic is in double, as in JavaScript; only the stored point is float.
#include "points2d.h"

#include "error.h"
#include "pointsplit.h"
#include "random.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>

namespace ds::data {
namespace {

using Points = std::vector<Point2>;
using GenerateFn = void (*)(Points &out, int n, double noise, Rng &rng);

constexpr double kPi = std::numbers::pi;

double uniform(Rng &rng, double lo, double hi)
{
    return rng.uniform(static_cast<float>(lo), static_cast<float>(hi));
}

// d3.scale.linear(), which TensorFlow Playground uses for its label and variance scales.
double linearMap(double v, double d0, double d1, double r0, double r1)
{
    return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
}

void add(Points &out, double x, double y, double value)
{
    out.push_back({static_cast<float>(x), static_cast<float>(y), static_cast<float>(value)});
}

void circle(Points &out, int n, double noise, Rng &rng)
{
    const double radius = 5.0;
    // The label comes from the noisy position but the clean one is stored: noise shows up as
    // points on the wrong side of the boundary, not as a blurred ring.
    auto ring = [&](int count, double rMin, double rMax) {
        for (int i = 0; i < count; ++i) {
            const double r = uniform(rng, rMin, rMax);
            const double angle = uniform(rng, 0.0, 2.0 * kPi);
            const double x = r * std::sin(angle);
            const double y = r * std::cos(angle);
            const double noiseX = uniform(rng, -radius, radius) * noise;
            const double noiseY = uniform(rng, -radius, radius) * noise;
            const bool inside = std::hypot(x + noiseX, y + noiseY) < radius * 0.5;
            add(out, x, y, inside ? 1.0 : 0.0);
        }
    };
    ring(n - n / 2, 0.0, radius * 0.5);
    ring(n / 2, radius * 0.7, radius);
}

void exclusiveOr(Points &out, int n, double noise, Rng &rng)
{
    // The padding keeps points off the axes, so that at zero noise the quadrants are separable.
    const double padding = 0.3;
    for (int i = 0; i < n; ++i) {
        double x = uniform(rng, -5.0, 5.0);
        x += x > 0 ? padding : -padding;
        double y = uniform(rng, -5.0, 5.0);
        y += y > 0 ? padding : -padding;
        const double noiseX = uniform(rng, -5.0, 5.0) * noise;
        const double noiseY = uniform(rng, -5.0, 5.0) * noise;
        add(out, x, y, (x + noiseX) * (y + noiseY) >= 0 ? 1.0 : 0.0);
    }
}

void gaussian(Points &out, int n, double noise, Rng &rng)
{
    // Noise widens the clouds rather than flipping labels. At high noise a few points fall
    // outside [-6, 6]^2, as in TensorFlow Playground.
    const double sigma = std::sqrt(linearMap(noise, 0.0, 0.5, 0.5, 4.0));
    auto cloud = [&](int count, double cx, double cy, double label) {
        for (int i = 0; i < count; ++i) {
            const double x = cx + sigma * rng.normal();
            const double y = cy + sigma * rng.normal();
            add(out, x, y, label);
        }
    };
    cloud(n - n / 2, 2.0, 2.0, 1.0);
    cloud(n / 2, -2.0, -2.0, 0.0);
}

// One arm of TensorFlow Playground's spiral: 1.75 turns out to radius 5.
void spiralArm(Points &out, int count, double deltaT, double label, double noise, Rng &rng)
{
    for (int i = 0; i < count; ++i) {
        const double r = static_cast<double>(i) / count * 5.0;
        const double t = 1.75 * i / count * 2.0 * kPi + deltaT;
        const double x = r * std::sin(t) + uniform(rng, -1.0, 1.0) * noise;
        const double y = r * std::cos(t) + uniform(rng, -1.0, 1.0) * noise;
        add(out, x, y, label);
    }
}

void spiral(Points &out, int n, double noise, Rng &rng)
{
    spiralArm(out, n - n / 2, 0.0, 1.0, noise, rng);
    spiralArm(out, n / 2, kPi, 0.0, noise, rng);
}

void spiral3(Points &out, int n, double noise, Rng &rng)
{
    for (int arm = 0; arm < 3; ++arm) {
        const int count = n / 3 + (arm < n % 3 ? 1 : 0);
        spiralArm(out, count, arm * 2.0 * kPi / 3.0, arm, noise, rng);
    }
}

void plane(Points &out, int n, double noise, Rng &rng)
{
    // Not clamped: with noise the value can exceed [-1, 1] (up to 1.8), as in TensorFlow
    // Playground.
    const double radius = 6.0;
    for (int i = 0; i < n; ++i) {
        const double x = uniform(rng, -radius, radius);
        const double y = uniform(rng, -radius, radius);
        const double noiseX = uniform(rng, -radius, radius) * noise;
        const double noiseY = uniform(rng, -radius, radius) * noise;
        add(out, x, y, linearMap(x + noiseX + y + noiseY, -10.0, 10.0, -1.0, 1.0));
    }
}

double multiGaussianValue(double x, double y)
{
    struct Bump {
        double cx, cy, sign;
    };
    static constexpr std::array<Bump, 6> bumps = {{
        {-4.0, 2.5, 1.0},
        {0.0, 2.5, -1.0},
        {4.0, 2.5, 1.0},
        {-4.0, -2.5, -1.0},
        {0.0, -2.5, 1.0},
        {4.0, -2.5, -1.0},
    }};
    // The strongest bump wins (strictly stronger replaces), so values stay within [-1, 1].
    double value = 0.0;
    for (const Bump &b : bumps) {
        const double distance = std::hypot(x - b.cx, y - b.cy);
        const double scale = std::clamp(linearMap(distance, 0.0, 2.0, 1.0, 0.0), 0.0, 1.0);
        const double candidate = b.sign * scale;
        if (std::abs(candidate) > std::abs(value))
            value = candidate;
    }
    return value;
}

void multiGaussian(Points &out, int n, double noise, Rng &rng)
{
    const double radius = 6.0;
    for (int i = 0; i < n; ++i) {
        const double x = uniform(rng, -radius, radius);
        const double y = uniform(rng, -radius, radius);
        const double noiseX = uniform(rng, -radius, radius) * noise;
        const double noiseY = uniform(rng, -radius, radius) * noise;
        add(out, x, y, multiGaussianValue(x + noiseX, y + noiseY));
    }
}

void moons(Points &out, int n, double noise, Rng &rng)
{
    // scikit-learn's make_moons shape, (cos t, sin t) and (1 - cos t, 0.5 - sin t), spans
    // x in [-1, 2] and y in [-0.5, 1]; centred and scaled by 3.3 it spans about [-5, 5] in x.
    // Gaussian jitter up to sigma 1 at the 50% slider mixes the tips without drowning the shape.
    const double scale = 3.3;
    const double sigma = 2.0 * noise;
    const double limit = kDomain; // the jitter's tails would otherwise leave the plane
    auto arc = [&](int count, bool upper, double label) {
        for (int i = 0; i < count; ++i) {
            const double t = uniform(rng, 0.0, kPi);
            const double u = upper ? std::cos(t) : 1.0 - std::cos(t);
            const double v = upper ? std::sin(t) : 0.5 - std::sin(t);
            const double x = (u - 0.5) * scale + sigma * rng.normal();
            const double y = (v - 0.25) * scale + sigma * rng.normal();
            add(out, std::clamp(x, -limit, limit), std::clamp(y, -limit, limit), label);
        }
    };
    arc(n - n / 2, true, 1.0);
    arc(n / 2, false, 0.0);
}

void checkerboard(Points &out, int n, double noise, Rng &rng)
{
    // Squares of side 3 make a 4 x 4 board over [-6, 6]^2. As in XOR, the label comes from the
    // noisy position; the noise reaches half a square at the 50% slider.
    const double side = 3.0;
    for (int i = 0; i < n; ++i) {
        const double x = uniform(rng, -kDomain, kDomain);
        const double y = uniform(rng, -kDomain, kDomain);
        const double noiseX = uniform(rng, -side, side) * noise;
        const double noiseY = uniform(rng, -side, side) * noise;
        const long column = std::lround(std::floor((x + noiseX) / side));
        const long row = std::lround(std::floor((y + noiseY) / side));
        add(out, x, y, (column + row) % 2 == 0 ? 1.0 : 0.0);
    }
}

struct GeneratorInfo {
    Generator generator;
    const char *name;
    int classes; // 0 for regression
    GenerateFn fn;
};

// One table, so that a new generator cannot get a name but no problem type, or the reverse.
constexpr std::array<GeneratorInfo, 9> kGenerators = {{
    {Generator::Circle, "circle", 2, circle},
    {Generator::Xor, "xor", 2, exclusiveOr},
    {Generator::Gaussian, "gaussian", 2, gaussian},
    {Generator::Spiral, "spiral", 2, spiral},
    {Generator::Plane, "plane", 0, plane},
    {Generator::MultiGaussian, "multi-gaussian", 0, multiGaussian},
    {Generator::Moons, "moons", 2, moons},
    {Generator::Checkerboard, "checkerboard", 2, checkerboard},
    {Generator::Spiral3, "spiral-3", 3, spiral3},
}};

const GeneratorInfo &infoOf(Generator g)
{
    for (const GeneratorInfo &info : kGenerators) {
        if (info.generator == g)
            return info;
    }
    throw Error("unknown generator (" + std::to_string(static_cast<int>(g)) + ")");
}

void checkRange(const char *what, int value, int lo, int hi)
{
    if (value < lo || value > hi)
        throw Error(std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi)
            + " (got " + std::to_string(value) + ")");
}

} // namespace

const std::vector<Generator> &allGenerators()
{
    static const std::vector<Generator> all = [] {
        std::vector<Generator> v;
        for (const GeneratorInfo &info : kGenerators)
            v.push_back(info.generator);
        return v;
    }();
    return all;
}

std::string generatorName(Generator g)
{
    return infoOf(g).name;
}

Generator generatorFromName(const std::string &name)
{
    std::string known;
    for (const GeneratorInfo &info : kGenerators) {
        if (name == info.name)
            return info.generator;
        known += (known.empty() ? "" : ", ") + std::string(info.name);
    }
    throw Error("unknown dataset '" + name + "'; the 2D datasets are: " + known);
}

ProblemType problemOf(Generator g)
{
    return infoOf(g).classes > 0 ? ProblemType::Classification : ProblemType::Regression;
}

int classesOf(Generator g)
{
    return infoOf(g).classes;
}

Points2D generate(const GeneratorParams &params)
{
    const GeneratorInfo &info = infoOf(params.generator);
    checkRange("number of points", params.numPoints, 10, 100000);
    checkRange("noise", params.noisePercent, 0, 50);
    checkTrainPercent(params.trainPercent);

    // One stream for drawing and shuffling: the seed alone fixes the whole data set.
    Rng rng(params.seed);
    Points all;
    all.reserve(static_cast<std::size_t>(params.numPoints));
    info.fn(all, params.numPoints, params.noisePercent / 100.0, rng);

    Points2D result;
    result.problem = problemOf(params.generator);
    result.numClasses = info.classes;
    shuffleAndSplit(std::move(all), params.trainPercent, rng, result);
    return result;
}

} // namespace ds::data
