// Augmentation of host image batches: random shift, horizontal flip and small rotation, as one
// inverse mapping per output pixel (each output pixel asks where it comes from), so the three
// compose without intermediate images and without holes. Without rotation the mapping is an
// integer copy: a shift moves pixels exactly, with no interpolation blur.
#include "images.h"

#include "error.h"
#include "random.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace ds::data {
namespace {

// An integer in [-k, k] from one uniform draw, so every transform uses the same number of draws.
int shiftFrom(double u, int k)
{
    return std::min(static_cast<int>(u * (2 * k + 1)), 2 * k) - k;
}

void copyShifted(const float *src, float *dst, int channels, int height, int width, const ImageTransform &t, float fill)
{
    for (int c = 0; c < channels; ++c) {
        const float *plane = src + std::size_t(c) * height * width;
        float *out = dst + std::size_t(c) * height * width;
        for (int y = 0; y < height; ++y) {
            const int sy = y - t.shiftY;
            for (int x = 0; x < width; ++x) {
                int sx = x - t.shiftX;
                if (t.flip)
                    sx = width - 1 - sx;
                const bool inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                out[y * width + x] = inside ? plane[sy * width + sx] : fill;
            }
        }
    }
}

void rotateBilinear(
    const float *src, float *dst, int channels, int height, int width, const ImageTransform &t, float fill)
{
    const double radians = t.degrees * std::numbers::pi / 180.0;
    const double cosA = std::cos(radians), sinA = std::sin(radians);
    const double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
    const std::size_t plane = std::size_t(height) * width;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            // Undo the shift, then the rotation (screen coordinates, y down: counter-clockwise on
            // screen is (dx, dy) -> (dx cos + dy sin, -dx sin + dy cos)), then the flip.
            const double dx = x - t.shiftX - cx, dy = y - t.shiftY - cy;
            double u = cx + dx * cosA - dy * sinA;
            const double v = cy + dx * sinA + dy * cosA;
            if (t.flip)
                u = width - 1 - u;
            const double fu = std::floor(u), fv = std::floor(v);
            const int x0 = static_cast<int>(fu), y0 = static_cast<int>(fv);
            const float ax = static_cast<float>(u - fu), ay = static_cast<float>(v - fv);
            const bool in00 = x0 >= 0 && x0 < width && y0 >= 0 && y0 < height;
            const bool in10 = x0 + 1 >= 0 && x0 + 1 < width && y0 >= 0 && y0 < height;
            const bool in01 = x0 >= 0 && x0 < width && y0 + 1 >= 0 && y0 + 1 < height;
            const bool in11 = x0 + 1 >= 0 && x0 + 1 < width && y0 + 1 >= 0 && y0 + 1 < height;
            for (int c = 0; c < channels; ++c) {
                const float *p = src + c * plane;
                const float p00 = in00 ? p[y0 * width + x0] : fill;
                const float p10 = in10 ? p[y0 * width + x0 + 1] : fill;
                const float p01 = in01 ? p[(y0 + 1) * width + x0] : fill;
                const float p11 = in11 ? p[(y0 + 1) * width + x0 + 1] : fill;
                const float top = p00 + (p10 - p00) * ax;
                const float bottom = p01 + (p11 - p01) * ax;
                dst[c * plane + y * width + x] = top + (bottom - top) * ay;
            }
        }
    }
}

} // namespace

ImageTransform randomTransform(const AugmentConfig &config, Rng &rng)
{
    const double ux = rng.uniformDouble(), uy = rng.uniformDouble();
    const float uFlip = rng.uniform(), uAngle = rng.uniform();
    const int k = std::max(0, config.maxShift);
    ImageTransform t;
    t.shiftX = shiftFrom(ux, k);
    t.shiftY = shiftFrom(uy, k);
    t.flip = config.horizontalFlip && uFlip < 0.5f;
    t.degrees = config.maxRotationDegrees * (2.0f * uAngle - 1.0f);
    return t;
}

void applyTransform(
    const float *src, float *dst, int channels, int height, int width, const ImageTransform &t, float fill)
{
    if (t.degrees == 0.0f)
        copyShifted(src, dst, channels, height, width, t, fill);
    else
        rotateBilinear(src, dst, channels, height, width, t, fill);
}

void augmentBatch(std::span<float> images, int channels, int height, int width, const AugmentConfig &config, Rng &rng)
{
    if (channels < 1 || height < 1 || width < 1)
        throw Error("cannot augment images of " + std::to_string(channels) + "x" + std::to_string(height) + "x"
            + std::to_string(width));
    const std::size_t size = std::size_t(channels) * height * width;
    if (images.size() % size != 0)
        throw Error("a batch of " + std::to_string(images.size()) + " values is not a whole number of "
            + std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width) + " images");
    std::vector<float> original(size);
    for (std::size_t start = 0; start < images.size(); start += size) {
        const ImageTransform t = randomTransform(config, rng);
        if (t.shiftX == 0 && t.shiftY == 0 && !t.flip && t.degrees == 0.0f)
            continue;
        float *image = images.data() + start;
        std::copy_n(image, size, original.data());
        applyTransform(original.data(), image, channels, height, width, t, config.fill);
    }
}

} // namespace ds::data
