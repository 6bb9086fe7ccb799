// Per-channel normalization. Statistics are summed in double: a float sum over MNIST's 7.8
// million pixels would lose the small increments near its end.
#include "images.h"

#include "error.h"

#include <array>
#include <cmath>
#include <string>

namespace ds::data {
namespace {

constexpr double kMinStddev = 1e-6;

} // namespace

const std::array<float, 256> &ImageSet::values() const
{
    // Dividing, as the loaders did when they stored floats (a multiplication by a float 1/255
    // would round differently for some bytes).
    static const std::array<float, 256> plain = [] {
        std::array<float, 256> t {};
        for (int v = 0; v < 256; ++v)
            t[std::size_t(v)] = float(v) / 255.0f;
        return t;
    }();
    static const std::array<float, 256> turned = [] {
        std::array<float, 256> t {};
        for (int v = 0; v < 256; ++v)
            t[std::size_t(v)] = 1.0f - plain[std::size_t(v)];
        return t;
    }();
    return inverted ? turned : plain;
}

void ImageSet::imagesInto(int first, int count, float *dst) const
{
    if (first < 0 || count < 0 || first > this->count() - count)
        throw Error("images " + std::to_string(first) + ".." + std::to_string(first + count) + " are outside '" + name
            + "', which holds " + std::to_string(this->count()));
    const std::array<float, 256> &v = values();
    const std::uint8_t *src = bytes(first);
    for (std::size_t k = 0, n = std::size_t(count) * imageSize(); k < n; ++k)
        dst[k] = v[src[k]];
}

std::vector<float> ImageSet::image(int i) const
{
    std::vector<float> out(imageSize());
    imagesInto(i, 1, out.data());
    return out;
}

ChannelStats channelStats(const ImageSet &set)
{
    if (set.count() == 0 || set.imageSize() == 0)
        throw Error("'" + set.name + "' holds no images to compute a mean and standard deviation from");
    const std::size_t plane = std::size_t(set.height) * set.width;
    const double perChannel = double(plane) * set.count();
    const std::array<float, 256> &v = set.values();
    ChannelStats stats;
    for (int c = 0; c < set.channels; ++c) {
        // Two passes: the mean first, then squared distances from it (no cancellation).
        double sum = 0.0;
        for (int i = 0; i < set.count(); ++i) {
            const std::uint8_t *p = set.bytes(i) + c * plane;
            for (std::size_t k = 0; k < plane; ++k)
                sum += v[p[k]];
        }
        const double mean = sum / perChannel;
        double squares = 0.0;
        for (int i = 0; i < set.count(); ++i) {
            const std::uint8_t *p = set.bytes(i) + c * plane;
            for (std::size_t k = 0; k < plane; ++k)
                squares += (v[p[k]] - mean) * (v[p[k]] - mean);
        }
        stats.mean.push_back(static_cast<float>(mean));
        stats.stddev.push_back(static_cast<float>(std::sqrt(squares / perChannel)));
    }
    return stats;
}

namespace {

void checkChannels(const ChannelStats &stats, int channels, const std::string &what)
{
    if (stats.mean.size() != std::size_t(channels) || stats.stddev.size() != std::size_t(channels))
        throw Error("cannot normalize " + what + " (" + std::to_string(channels) + " channels) with statistics of "
            + std::to_string(stats.mean.size()) + " channels");
}

float scaleOf(const ChannelStats &stats, int c)
{
    return stats.stddev[std::size_t(c)] < kMinStddev ? 1.0f : 1.0f / stats.stddev[std::size_t(c)];
}

} // namespace

void normalizeInto(const ImageSet &set, const ChannelStats &stats, int first, int count, float *dst)
{
    checkChannels(stats, set.channels, "'" + set.name + "'");
    if (first < 0 || count < 0 || first > set.count() - count)
        throw Error("images " + std::to_string(first) + ".." + std::to_string(first + count) + " are outside '"
            + set.name + "', which holds " + std::to_string(set.count()));
    const std::size_t plane = std::size_t(set.height) * set.width;
    const std::array<float, 256> &v = set.values();
    for (int c = 0; c < set.channels; ++c) {
        const float mean = stats.mean[std::size_t(c)];
        const float scale = scaleOf(stats, c);
        for (int i = 0; i < count; ++i) {
            const std::uint8_t *p = set.bytes(first + i) + c * plane;
            float *q = dst + std::size_t(i) * set.imageSize() + c * plane;
            for (std::size_t k = 0; k < plane; ++k)
                q[k] = (v[p[k]] - mean) * scale;
        }
    }
}

void normalizeValues(std::span<float> image, int channels, const ChannelStats &stats)
{
    checkChannels(stats, channels, "an image");
    const std::size_t n = image.size();
    if (channels < 1 || n % std::size_t(channels) != 0)
        throw Error("cannot normalize " + std::to_string(n) + " values as an image of " + std::to_string(channels)
            + " channels");
    const std::size_t plane = n / std::size_t(channels);
    for (int c = 0; c < channels; ++c) {
        const float mean = stats.mean[std::size_t(c)];
        const float scale = scaleOf(stats, c);
        float *q = image.data() + std::size_t(c) * plane;
        for (std::size_t k = 0; k < plane; ++k)
            q[k] = (q[k] - mean) * scale;
    }
}

} // namespace ds::data
