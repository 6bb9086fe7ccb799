#include "colorscale.h"

#include "displaystyle.h"

#include <algorithm>
#include <array>

namespace ds::widgets {
namespace {

constexpr QRgb kNegative = qRgb(0xf5, 0x93, 0x22);
constexpr QRgb kZero = qRgb(0xe8, 0xea, 0xeb);
constexpr QRgb kPositive = qRgb(0x08, 0x77, 0xbd);
// High contrast: Okabe-Ito's vermilion and a deep blue around white, still apart for the
// common colour-vision deficiencies.
constexpr QRgb kNegativeStrong = qRgb(0xd5, 0x5e, 0x00);
constexpr QRgb kZeroStrong = qRgb(0xff, 0xff, 0xff);
constexpr QRgb kPositiveStrong = qRgb(0x00, 0x3f, 0x8a);

QRgb negativeEnd()
{
    return displayStyle().highContrast ? kNegativeStrong : kNegative;
}

QRgb positiveEnd()
{
    return displayStyle().highContrast ? kPositiveStrong : kPositive;
}

int mix(int a, int b, float t)
{
    return int(a + (b - a) * t + 0.5f);
}

QRgb lerp(QRgb a, QRgb b, float t)
{
    return qRgb(mix(qRed(a), qRed(b), t), mix(qGreen(a), qGreen(b), t), mix(qBlue(a), qBlue(b), t));
}

// 256 precomputed steps per contrast: heatmaps map tens of thousands of values per frame.
const std::array<QRgb, 256> &table()
{
    auto make = [](QRgb zero, QRgb negative, QRgb positive) {
        std::array<QRgb, 256> a {};
        for (int i = 0; i < 256; ++i) {
            const float v = i / 127.5f - 1.0f;
            a[i] = v < 0 ? lerp(zero, negative, -v) : lerp(zero, positive, v);
        }
        return a;
    };
    static const std::array<QRgb, 256> standard = make(kZero, kNegative, kPositive);
    static const std::array<QRgb, 256> strong = make(kZeroStrong, kNegativeStrong, kPositiveStrong);
    return displayStyle().highContrast ? strong : standard;
}

int index(float v)
{
    if (!(v == v)) // NaN shows as zero rather than as a colour that means something
        return 128;
    return std::clamp(int((std::clamp(v, -1.0f, 1.0f) + 1.0f) * 127.5f), 0, 255);
}

} // namespace

QRgb divergingColor(float v)
{
    return table()[index(v)];
}

QColor classColor(int k, int numClasses)
{
    if (numClasses <= 2)
        return QColor(k == 0 ? negativeEnd() : positiveEnd());
    // Okabe-Ito, without black and with orange and blue first.
    static const QRgb okabeIto[] = {0xe69f00, 0x0072b2, 0x009e73, 0xcc79a7, 0xd55e00, 0x56b4e9, 0xf0e442};
    return QColor(okabeIto[k % 7]);
}

QImage heatmapImage(const float *values, int width, int height, float range, bool discretize)
{
    QImage image(width, height, QImage::Format_RGB32);
    const float scale = range > 0 ? 1.0f / range : 1.0f;
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const float *row = values + std::size_t(y) * width;
        for (int x = 0; x < width; ++x) {
            float v = row[x] * scale;
            if (discretize)
                v = v < 0 ? -1.0f : 1.0f;
            line[x] = divergingColor(v);
        }
    }
    return image;
}

} // namespace ds::widgets
