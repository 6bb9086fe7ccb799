// Input features and target encodings: what turns points into the network's matrices.
#include "points2d.h"

#include "error.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <string>

namespace ds::data {
namespace {

constexpr Feature kFeatures[kFeatureCount] = {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1TimesX2,
    SinX1,
    SinX2,
};

std::string hex(unsigned v)
{
    static const char digits[] = "0123456789abcdef";
    std::string s;
    do {
        s.insert(s.begin(), digits[v & 0xf]);
        v >>= 4;
    } while (v != 0);
    return "0x" + s;
}

// A Feature that is not exactly one known bit is a programming error upstream; say which value.
[[noreturn]] void throwNotAFeature(Feature f)
{
    throw Error("not a single input feature: " + hex(static_cast<unsigned>(f)));
}

// Shortest form that reads back the same ("0.5", not std::to_string's "0.500000").
std::string shortest(float v)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

// The class index a classification point carries; anything else means the points do not belong
// to the problem the encoding was chosen for.
int classIndex(const Point2 &p, int numClasses)
{
    const float v = p.value;
    if (!(v >= 0.0f && v < static_cast<float>(numClasses)) || v != std::floor(v))
        throw Error("point value " + shortest(v) + " is not a class index below " + std::to_string(numClasses));
    return static_cast<int>(v);
}

void requireTwoClasses(const char *encoding, int numClasses)
{
    if (numClasses != 2)
        throw Error(std::string(encoding) + " targets need exactly 2 classes (got " + std::to_string(numClasses) + ")");
}

} // namespace

std::string featureName(Feature f)
{
    switch (f) {
    case X1: return "X1";
    case X2: return "X2";
    case X1Squared: return "X1²";
    case X2Squared: return "X2²";
    case X1TimesX2: return "X1·X2";
    case SinX1: return "sin X1";
    case SinX2: return "sin X2";
    }
    throwNotAFeature(f);
}

// Bits outside kAllFeatures are not features, so they do not count as columns.
int featureCount(unsigned mask)
{
    return std::popcount(mask & kAllFeatures);
}

float featureValue(Feature f, float x, float y)
{
    switch (f) {
    case X1: return x;
    case X2: return y;
    // Squares and the product in units of the domain, so they span [0, 1] and [-1, 1] rather
    // than up to 36: raw, Xavier weights on them start tanh saturated over the outer ring of the
    // circle and 28 seeds in 100 never left 50 % (tst_training's circle measures every seed).
    case X1Squared: return x * x / (kDomain * kDomain);
    case X2Squared: return y * y / (kDomain * kDomain);
    case X1TimesX2: return x * y / (kDomain * kDomain);
    case SinX1: return std::sin(x);
    case SinX2: return std::sin(y);
    }
    throwNotAFeature(f);
}

std::vector<float> featureMatrix(const std::vector<Point2> &points, unsigned mask)
{
    if ((mask & ~kAllFeatures) != 0)
        throw Error("feature mask " + hex(mask) + " has bits that are not input features");
    if (mask == 0)
        throw Error("no input features selected; enable at least one");

    std::vector<float> m;
    m.reserve(points.size() * static_cast<std::size_t>(featureCount(mask)));
    for (const Point2 &p : points) {
        for (Feature f : kFeatures) {
            if (mask & f)
                m.push_back(featureValue(f, p.x, p.y));
        }
    }
    return m;
}

int targetColumns(TargetEncoding e, int numClasses)
{
    return e == TargetEncoding::OneHot ? numClasses : 1;
}

std::vector<float> targetMatrix(const std::vector<Point2> &points, TargetEncoding e, int numClasses)
{
    std::vector<float> t;
    switch (e) {
    case TargetEncoding::Binary01:
        requireTwoClasses("0/1", numClasses);
        for (const Point2 &p : points)
            t.push_back(static_cast<float>(classIndex(p, 2)));
        break;
    case TargetEncoding::PlusMinusOne:
        requireTwoClasses("-1/+1", numClasses);
        for (const Point2 &p : points)
            t.push_back(classIndex(p, 2) == 1 ? 1.0f : -1.0f);
        break;
    case TargetEncoding::OneHot:
        if (numClasses < 2)
            throw Error("one-hot targets need at least 2 classes (got " + std::to_string(numClasses) + ")");
        t.assign(points.size() * static_cast<std::size_t>(numClasses), 0.0f);
        for (std::size_t i = 0; i < points.size(); ++i)
            t[i * numClasses + classIndex(points[i], numClasses)] = 1.0f;
        break;
    case TargetEncoding::Value:
        for (const Point2 &p : points)
            t.push_back(p.value);
        break;
    }
    return t;
}

} // namespace ds::data
