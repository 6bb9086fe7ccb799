// The one colour scale of the whole app (TensorFlow Playground's): negative values orange
// (#f59322), zero a light neutral grey, positive blue (#0877bd), used by heatmaps, links, weights
// and filters alike; and a qualitative colour-blind-safe set (Okabe-Ito) for classes.
#pragma once

#include <QColor>
#include <QImage>

namespace ds::widgets {

// v in [-1, 1] (clamped) to the diverging scale.
QRgb divergingColor(float v);
// Class k (0, 1, 2, ...) to its qualitative colour. Classes 0 and 1 of a two-class problem use
// the diverging scale's ends, so that the boundary map and the points agree.
QColor classColor(int k, int numClasses);

// A heatmap image of width x height values, row-major with row 0 at the TOP of the image, each
// divided by `range` and mapped through divergingColor. With `discretize`, values snap to -1 or +1.
QImage heatmapImage(const float *values, int width, int height, float range = 1.0f, bool discretize = false);

} // namespace ds::widgets
