// The 2D playground data: TensorFlow Playground's six generators with its parameters, three of
// our own (two moons, checkerboard, a 3-class spiral), the seven input features, and points read
// from a CSV file. Plain C++ (no Qt): the app, the tests and the benchmarks share it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ds::data {

enum class ProblemType { Classification, Regression };

enum class Generator {
    Circle, // classification, 2 classes (TensorFlow Playground)
    Xor, // classification, 2 classes (TensorFlow Playground "exclusive or")
    Gaussian, // classification, 2 classes (TensorFlow Playground)
    Spiral, // classification, 2 classes (TensorFlow Playground)
    Plane, // regression (TensorFlow Playground)
    MultiGaussian, // regression (TensorFlow Playground)
    Moons, // classification, 2 classes
    Checkerboard, // classification, 2 classes
    Spiral3, // classification, 3 classes
};

// One point of the input plane. `value` is the class index (0, 1, 2, ...) for classification and
// the target for regression: in [-1, 1], except that the plane's noise reaches +-1.8, as in
// TensorFlow Playground.
struct Point2 {
    float x = 0.0f;
    float y = 0.0f;
    float value = 0.0f;
    bool operator==(const Point2 &) const = default;
};

struct Points2D {
    ProblemType problem = ProblemType::Classification;
    int numClasses = 2; // 0 for regression
    std::vector<Point2> train;
    std::vector<Point2> test;
};

struct GeneratorParams {
    Generator generator = Generator::Circle;
    int numPoints = 500; // train + test, 10..100000
    int noisePercent = 0; // 0..50, as TensorFlow Playground's noise slider
    int trainPercent = 50; // 10..90, share of the points used for training
    std::uint64_t seed = 1;
};

// All generators draw in the square [-6, 6]^2 (TensorFlow Playground's input domain), except
// that at high noise a few points of the Gaussian clouds fall outside it, as in TensorFlow
// Playground.
constexpr float kDomain = 6.0f;

// Names as the UI and files use them ("circle", "xor", "gaussian", "spiral", "plane",
// "multi-gaussian", "moons", "checkerboard", "spiral-3").
const std::vector<Generator> &allGenerators();
std::string generatorName(Generator g);
Generator generatorFromName(const std::string &name); // throws ds::Error for an unknown name
ProblemType problemOf(Generator g);
int classesOf(Generator g); // 0 for regression

// Generates the points, shuffles them with the seed and splits them train/test.
// Throws ds::Error for parameters out of range, saying which and what is allowed.
Points2D generate(const GeneratorParams &params);

// The seven input features, combinable as a bit mask.
enum Feature : unsigned {
    X1 = 1u << 0,
    X2 = 1u << 1,
    X1Squared = 1u << 2,
    X2Squared = 1u << 3,
    X1TimesX2 = 1u << 4,
    SinX1 = 1u << 5,
    SinX2 = 1u << 6,
};
constexpr unsigned kAllFeatures = 0x7f;
constexpr int kFeatureCount = 7;

std::string featureName(Feature f); // "X1", "X2", "X1²", "X2²", "X1·X2", "sin X1", "sin X2"
int featureCount(unsigned mask); // how many bits of the mask are set
// X1, X2 and the sines take the coordinates as they are; X1², X2² and X1·X2 are divided by
// kDomain² (x² / 36), which keeps every feature within a few units of zero.
float featureValue(Feature f, float x, float y);

// Row-major (points.size(), featureCount(mask)) matrix of the enabled features, in the order
// of the enum. Throws ds::Error for an empty mask.
std::vector<float> featureMatrix(const std::vector<Point2> &points, unsigned mask);

// How the network's targets are encoded for a problem (row-major, one row per point):
enum class TargetEncoding {
    Binary01, // one column, 0 or 1 (sigmoid + binary cross-entropy)
    PlusMinusOne, // one column, -1 or +1 (tanh + squared error, as TensorFlow Playground)
    OneHot, // numClasses columns (softmax + cross-entropy)
    Value, // one column, the regression value
};
int targetColumns(TargetEncoding e, int numClasses);
std::vector<float> targetMatrix(const std::vector<Point2> &points, TargetEncoding e, int numClasses);

// Reads points from a CSV file: one point per line as "x,y,value" (value: class index or
// regression target). A first line that is not numeric is taken as a header; blank lines and
// lines starting with '#' are skipped. The problem type is classification when every value is a
// non-negative integer below 16, else regression. `trainPercent` and `seed` split the points.
// Throws ds::Error naming the file and the line number of the first bad row and what is wrong.
Points2D loadCsv(const std::string &path, int trainPercent = 50, std::uint64_t seed = 1);
Points2D parseCsv(
    const std::string &text, const std::string &sourceName, int trainPercent = 50, std::uint64_t seed = 1);

} // namespace ds::data
