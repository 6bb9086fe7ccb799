// Subsets and train/validation/test splits of an ImageSet. Draws are stratified: each class gives
// its share of the drawn images, so a small folder of images does not end up with a class
// missing from the validation or test part by bad luck, and a seed gives the same split on every
// platform (ds::Rng, integer quotas).
#include "images.h"

#include "error.h"
#include "random.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace ds::data {
namespace {

// `want` of the `candidates` (indices into the set), each class giving its share (largest
// remainder, ties to the lower class), drawn within the class by `rng`. Sorted.
std::vector<int> drawStratified(const ImageSet &set, const std::vector<int> &candidates, int want, Rng &rng)
{
    if (want == 0)
        return {};
    const std::size_t classes = set.classNames.size();
    std::vector<std::vector<int>> byClass(classes);
    for (int i : candidates)
        byClass[static_cast<std::size_t>(set.labels[i])].push_back(i);

    const long long total = static_cast<long long>(candidates.size());
    std::vector<int> quota(classes);
    std::vector<long long> remainder(classes);
    int given = 0;
    for (std::size_t c = 0; c < classes; ++c) {
        const long long share = static_cast<long long>(byClass[c].size()) * want;
        quota[c] = static_cast<int>(share / total);
        remainder[c] = share % total;
        given += quota[c];
    }
    std::vector<int> order(classes);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return remainder[a] > remainder[b]; });
    for (int k = 0; given < want; ++k, ++given)
        ++quota[order[k]];

    std::vector<int> picked;
    picked.reserve(static_cast<std::size_t>(want));
    for (std::size_t c = 0; c < classes; ++c) {
        rng.shuffle(byClass[c]);
        picked.insert(picked.end(), byClass[c].begin(), byClass[c].begin() + quota[c]);
    }
    std::sort(picked.begin(), picked.end());
    return picked;
}

// The sorted `all` without the sorted `taken`.
std::vector<int> without(const std::vector<int> &all, const std::vector<int> &taken)
{
    std::vector<int> rest;
    rest.reserve(all.size() - taken.size());
    std::set_difference(all.begin(), all.end(), taken.begin(), taken.end(), std::back_inserter(rest));
    return rest;
}

void checkLabels(const ImageSet &set)
{
    for (int label : set.labels) {
        if (label < 0 || label >= static_cast<int>(set.classNames.size()))
            throw Error("'" + set.name + "' has a label " + std::to_string(label) + " outside its "
                + std::to_string(set.classNames.size()) + " classes");
    }
}

int countOf(double fraction, int n, const char *what)
{
    if (!(fraction >= 0.0 && fraction < 1.0))
        throw Error(std::string("the ") + what + " share must be at least 0 and below 1 (got "
            + std::to_string(fraction) + ")");
    return static_cast<int>(std::llround(fraction * n));
}

} // namespace

ImageSet subset(const ImageSet &set, int first, int count)
{
    if (first < 0 || count < 0 || first > set.count() - count)
        throw Error("images " + std::to_string(first) + ".." + std::to_string(first + count) + " are outside '"
            + set.name + "', which holds " + std::to_string(set.count()));
    std::vector<int> indices(static_cast<std::size_t>(count));
    std::iota(indices.begin(), indices.end(), first);
    return subset(set, indices);
}

ImageSet subset(const ImageSet &set, const std::vector<int> &indices)
{
    ImageSet out;
    out.name = set.name;
    out.channels = set.channels;
    out.height = set.height;
    out.width = set.width;
    out.classNames = set.classNames;
    out.inverted = set.inverted;
    const std::size_t size = set.imageSize();
    out.pixels.resize(indices.size() * size);
    out.labels.reserve(indices.size());
    for (std::size_t k = 0; k < indices.size(); ++k) {
        const int i = indices[k];
        if (i < 0 || i >= set.count())
            throw Error("image " + std::to_string(i) + " is outside '" + set.name + "', which holds "
                + std::to_string(set.count()));
        std::copy_n(set.bytes(i), size, out.pixels.data() + k * size);
        out.labels.push_back(set.labels[static_cast<std::size_t>(i)]);
    }
    return out;
}

ImageSplit splitImages(const ImageSet &set, int validationCount, int testCount, std::uint64_t seed, TestPart testPart)
{
    const int n = set.count();
    if (validationCount < 0 || testCount < 0)
        throw Error("the validation and test parts cannot be negative (got " + std::to_string(validationCount) + " and "
            + std::to_string(testCount) + ")");
    if (static_cast<long long>(validationCount) + testCount >= n)
        throw Error("cannot hold out " + std::to_string(validationCount) + " validation and "
            + std::to_string(testCount) + " test images from the " + std::to_string(n) + " of '" + set.name
            + "': at least one must be left to train on");
    checkLabels(set);

    Rng rng(seed);
    std::vector<int> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    std::vector<int> test;
    if (testPart == TestPart::Last)
        test.assign(all.end() - testCount, all.end());
    else
        test = drawStratified(set, all, testCount, rng);
    const std::vector<int> rest = without(all, test);
    const std::vector<int> validation = drawStratified(set, rest, validationCount, rng);

    ImageSplit split;
    split.train = subset(set, without(rest, validation));
    split.validation = subset(set, validation);
    split.test = subset(set, test);
    return split;
}

ImageSplit splitImagesByFraction(
    const ImageSet &set, double validationFraction, double testFraction, std::uint64_t seed, TestPart testPart)
{
    const int test = countOf(testFraction, set.count(), "test");
    const int validation = countOf(validationFraction, set.count() - test, "validation");
    return splitImages(set, validation, test, seed, testPart);
}

ImageSplit splitBundledMnist(const ImageSet &bundled, double validationFraction, std::uint64_t seed)
{
    if (bundled.count() != kBundledMnistTrainCount + kBundledMnistTestCount)
        throw Error("'" + bundled.name + "' is not the bundled MNIST subset (" + std::to_string(bundled.count())
            + " images, not " + std::to_string(kBundledMnistTrainCount + kBundledMnistTestCount) + ")");
    const int validation = countOf(validationFraction, kBundledMnistTrainCount, "validation");
    return splitImages(bundled, validation, kBundledMnistTestCount, seed, TestPart::Last);
}

void invertImages(ImageSet &set)
{
    set.inverted = !set.inverted;
}

void keepFirstImages(ImageSet &set, int count)
{
    if (count <= 0 || count >= set.count())
        return;
    set.labels.resize(std::size_t(count));
    set.pixels.resize(std::size_t(count) * set.imageSize());
    set.pixels.shrink_to_fit();
}

} // namespace ds::data
