#include "snapshotimages.h"

#include "colorscale.h"

#include <algorithm>
#include <cmath>

namespace ds::app {

QImage neuronImage(const Snapshot &s, int column, int neuron, bool discretize)
{
    const float *v = s.map(column, neuron);
    const int cells = s.grid * s.grid;
    float range = 1.0f;
    if (column == 0) {
        range = 0.0f;
        for (int i = 0; i < cells; ++i)
            range = std::max(range, std::fabs(v[i]));
        if (range == 0.0f)
            range = 1.0f;
    }
    return widgets::heatmapImage(v, s.grid, s.grid, range, discretize);
}

QImage outputImage(const Snapshot &s, int numClasses, bool discretize)
{
    return outputImage(s.map(int(s.columnSizes.size()) - 1, 0), s.grid, numClasses, discretize);
}

QImage outputImage(const float *maps, int grid, int numClasses, bool discretize)
{
    if (numClasses <= 2) // one output neuron, in -1..1 as every neuron's map
        return widgets::heatmapImage(maps, grid, grid, 1.0f, discretize);
    // Several classes: each point takes the colour of its most probable class, blended towards
    // the neutral grey as that probability falls to chance.
    QImage image(grid, grid, QImage::Format_RGB32);
    const int cells = grid * grid;
    auto map = [&](int k) { return maps + std::size_t(k) * std::size_t(cells); };
    const QColor grey(0xe8, 0xea, 0xeb);
    for (int i = 0; i < cells; ++i) {
        int best = 0;
        for (int k = 1; k < numClasses; ++k)
            if (map(k)[i] > map(best)[i])
                best = k;
        const float chance = 1.0f / float(numClasses);
        const float t = discretize ? 1.0f : std::clamp((map(best)[i] - chance) / (1.0f - chance), 0.0f, 1.0f);
        const QColor c = widgets::classColor(best, numClasses);
        image.setPixel(i % grid, i / grid,
            qRgb(int(grey.red() + (c.red() - grey.red()) * t), int(grey.green() + (c.green() - grey.green()) * t),
                int(grey.blue() + (c.blue() - grey.blue()) * t)));
    }
    return image;
}

} // namespace ds::app
