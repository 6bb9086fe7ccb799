// Per-channel normalization. Statistics are summed in double: a float sum over MNIST's 7.8
// million pixels would lose the small increments near its end.
#include "images.h"

#include "error.h"

#include <cmath>
#include <string>

namespace ds::data {
namespace {

constexpr double kMinStddev = 1e-6;

} // namespace

ChannelStats channelStats(const ImageSet &set)
{
    if (set.count() == 0 || set.imageSize() == 0)
        throw Error("'" + set.name + "' holds no images to compute a mean and standard deviation from");
    const std::size_t plane = std::size_t(set.height) * set.width;
    const double perChannel = double(plane) * set.count();
    ChannelStats stats;
    for (int c = 0; c < set.channels; ++c) {
        // Two passes: the mean first, then squared distances from it (no cancellation).
        double sum = 0.0;
        for (int i = 0; i < set.count(); ++i) {
            const float *p = set.image(i) + c * plane;
            for (std::size_t k = 0; k < plane; ++k)
                sum += p[k];
        }
        const double mean = sum / perChannel;
        double squares = 0.0;
        for (int i = 0; i < set.count(); ++i) {
            const float *p = set.image(i) + c * plane;
            for (std::size_t k = 0; k < plane; ++k)
                squares += (p[k] - mean) * (p[k] - mean);
        }
        stats.mean.push_back(static_cast<float>(mean));
        stats.stddev.push_back(static_cast<float>(std::sqrt(squares / perChannel)));
    }
    return stats;
}

void normalizeInto(const ImageSet &set, const ChannelStats &stats, int first, int count, float *dst)
{
    if (stats.mean.size() != std::size_t(set.channels) || stats.stddev.size() != std::size_t(set.channels))
        throw Error("cannot normalize '" + set.name + "' (" + std::to_string(set.channels)
            + " channels) with statistics of " + std::to_string(stats.mean.size()) + " channels");
    if (first < 0 || count < 0 || first > set.count() - count)
        throw Error("images " + std::to_string(first) + ".." + std::to_string(first + count) + " are outside '"
            + set.name + "', which holds " + std::to_string(set.count()));
    const std::size_t plane = std::size_t(set.height) * set.width;
    for (int c = 0; c < set.channels; ++c) {
        const float mean = stats.mean[c];
        const float scale = stats.stddev[c] < kMinStddev ? 1.0f : 1.0f / stats.stddev[c];
        for (int i = 0; i < count; ++i) {
            const float *p = set.image(first + i) + c * plane;
            float *q = dst + std::size_t(i) * set.imageSize() + c * plane;
            for (std::size_t k = 0; k < plane; ++k)
                q[k] = (p[k] - mean) * scale;
        }
    }
}

void normalize(ImageSet &set, const ChannelStats &stats)
{
    normalizeInto(set, stats, 0, set.count(), set.pixels.data());
}

ChannelStats normalizeSplit(ImageSplit &split)
{
    const ChannelStats stats = channelStats(split.train);
    normalize(split.train, stats);
    normalize(split.validation, stats);
    normalize(split.test, stats);
    return stats;
}

} // namespace ds::data
