#include "imagetiles.h"

#include "colorscale.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace ds::widgets {
namespace {

// Viridis at nine even stops (matplotlib's), interpolated into a 256-entry table once.
constexpr QRgb kViridisStops[]
    = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725};

const std::array<QRgb, 256> &viridisTable()
{
    static const std::array<QRgb, 256> t = [] {
        std::array<QRgb, 256> a {};
        constexpr int last = int(std::size(kViridisStops)) - 1;
        for (int i = 0; i < 256; ++i) {
            const float x = i / 255.0f * last;
            const int k = std::min(int(x), last - 1);
            const float f = x - k;
            const QRgb c0 = kViridisStops[k], c1 = kViridisStops[k + 1];
            auto mix = [f](int u, int v) { return int(u + (v - u) * f + 0.5f); };
            a[i] = qRgb(mix(qRed(c0), qRed(c1)), mix(qGreen(c0), qGreen(c1)), mix(qBlue(c0), qBlue(c1)));
        }
        return a;
    }();
    return t;
}

int level(float t)
{
    if (!(t == t)) // NaN: the bottom of the scale rather than a colour that means something
        return 0;
    return std::clamp(int(std::clamp(t, 0.0f, 1.0f) * 255.0f + 0.5f), 0, 255);
}

// The factor that maps [lo, hi] onto [0, 1]; 0 for an empty range, so a constant plane shows as lo.
float unitScale(float lo, float hi)
{
    return hi > lo ? 1.0f / (hi - lo) : 0.0f;
}

} // namespace

ValueRange valueRange(const float *values, std::size_t n)
{
    ValueRange r {INFINITY, -INFINITY};
    for (std::size_t i = 0; i < n; ++i) {
        const float v = values[i];
        if (v == v) {
            r.lo = std::min(r.lo, v);
            r.hi = std::max(r.hi, v);
        }
    }
    return r.lo <= r.hi ? r : ValueRange {};
}

float maxAbs(const float *values, std::size_t n)
{
    float m = 0.0f;
    for (std::size_t i = 0; i < n; ++i)
        if (values[i] == values[i])
            m = std::max(m, std::abs(values[i]));
    return m;
}

QRgb sequentialColor(float t, SequentialScale scale)
{
    const int i = level(t);
    return scale == SequentialScale::Viridis ? viridisTable()[std::size_t(i)] : qRgb(i, i, i);
}

QImage divergingTile(const float *values, int height, int width, float range)
{
    QImage image(width, height, QImage::Format_RGB32);
    const float scale = range > 0 ? 1.0f / range : 0.0f;
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const float *row = values + std::size_t(y) * width;
        for (int x = 0; x < width; ++x)
            line[x] = divergingColor(row[x] * scale);
    }
    return image;
}

QImage sequentialTile(const float *values, int height, int width, float lo, float hi, SequentialScale scale)
{
    QImage image(width, height, QImage::Format_RGB32);
    const float k = unitScale(lo, hi);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const float *row = values + std::size_t(y) * width;
        for (int x = 0; x < width; ++x)
            line[x] = sequentialColor((row[x] - lo) * k, scale);
    }
    return image;
}

QImage rgbTile(const float *values, int height, int width, float lo, float hi)
{
    QImage image(width, height, QImage::Format_RGB32);
    const float k = unitScale(lo, hi);
    const std::size_t plane = std::size_t(height) * width;
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const std::size_t i = std::size_t(y) * width + x;
            line[x] = qRgb(level((values[i] - lo) * k), level((values[plane + i] - lo) * k),
                level((values[2 * plane + i] - lo) * k));
        }
    }
    return image;
}

QImage imageFromTensor(const float *values, int channels, int height, int width)
{
    if (channels < 1 || height < 1 || width < 1)
        return {};
    const std::size_t plane = std::size_t(height) * width;
    const ValueRange r = valueRange(values, plane * channels);
    if (channels == 3)
        return rgbTile(values, height, width, r.lo, r.hi);
    std::vector<float> mean(values, values + plane);
    for (int c = 1; c < channels; ++c)
        for (std::size_t i = 0; i < plane; ++i)
            mean[i] += values[c * plane + i];
    for (float &v : mean)
        v /= float(std::max(1, channels));
    const ValueRange m = valueRange(mean.data(), plane);
    return sequentialTile(mean.data(), height, width, m.lo, m.hi);
}

QImage scaledNearest(const QImage &image, int factor)
{
    if (factor <= 1 || image.isNull())
        return image;
    // Qt::FastTransformation is nearest-neighbour: every source pixel becomes a factor x factor block.
    return image.scaled(image.size() * factor, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

QString shortNumber(double v)
{
    return QString::number(v, 'g', 3).replace('-', QChar(0x2212));
}

QString groupedCount(qlonglong n)
{
    QString digits = QString::number(std::abs(n));
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(i, ',');
    return n < 0 ? QChar(0x2212) + digits : digits;
}

} // namespace ds::widgets
