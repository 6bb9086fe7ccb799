// Image tiles: float tensors (filters, feature maps, input images) turned into small QImages
// through the app's colour scales, and the nearest-neighbour scaling that keeps their pixels
// square. The CNN widgets share these so that a filter or a map looks the same everywhere.
#pragma once

#include <QImage>
#include <QRgb>
#include <QString>

#include <cstddef>

namespace ds::widgets {

// The smallest and largest of n values, NaN skipped; {0, 0} when there are none.
struct ValueRange {
    float lo = 0.0f, hi = 0.0f;
};
ValueRange valueRange(const float *values, std::size_t n);
// The largest |value| (NaN skipped); 0 when there are none.
float maxAbs(const float *values, std::size_t n);

// t in [0, 1] (clamped) to a sequential scale: Gray runs black to white; Viridis (perceptually
// even, colour-blind safe) runs dark purple through teal to yellow.
enum class SequentialScale { Gray, Viridis };
QRgb sequentialColor(float t, SequentialScale scale = SequentialScale::Gray);

// One (height x width) plane, row-major, divided by `range` and coloured by the diverging scale
// (negative orange, 0 neutral grey, positive blue). range <= 0 shows everything as 0.
QImage divergingTile(const float *values, int height, int width, float range);
// One plane, (v - lo) / (hi - lo) through the sequential scale; hi <= lo shows everything as lo.
QImage sequentialTile(
    const float *values, int height, int width, float lo, float hi, SequentialScale scale = SequentialScale::Gray);
// Three planes (R, G, B; channel-major as in PyTorch's (C, H, W)), each value mapped by
// (v - lo) / (hi - lo) to 0..255.
QImage rgbTile(const float *values, int height, int width, float lo, float hi);
// An input image from (channels, height, width) floats: 3 channels in colour, any other count
// the mean of its channels in grey, min-max normalized so any value range shows.
QImage imageFromTensor(const float *values, int channels, int height, int width);

// `image` blown up `factor` times with nearest-neighbour (square pixels, no blur).
QImage scaledNearest(const QImage &image, int factor);

// A number for captions and tooltips: 3 significant digits and a typographic minus ("−0.213").
QString shortNumber(double v);
// A count with thousands grouped by commas ("61,706"), independent of the locale.
QString groupedCount(qlonglong n);

} // namespace ds::widgets
