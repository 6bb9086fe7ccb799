#include "patchrows.h"

#include "imagetiles.h"

namespace ds::app {
using namespace ds::widgets;

namespace {

// One plane of `channels` (C, size, size) values: three as colour, any other count as their mean.
std::vector<float> channelMean(const float *v, int channels, int size)
{
    const std::size_t plane = std::size_t(size) * std::size_t(size);
    std::vector<float> mean(plane, 0.0f);
    for (int c = 0; c < channels; ++c)
        for (std::size_t i = 0; i < plane; ++i)
            mean[i] += v[std::size_t(c) * plane + i] / float(channels);
    return mean;
}

} // namespace

// The top patches as rows of images: each filter as the filter grid draws it (diverging scale,
// or colour for three channels), its patches as the data set's images look (grey or colour).
std::vector<PatchRow> patchRows(const TopPatches &t, const QString &what)
{
    std::vector<PatchRow> rows;
    const Filters &f = t.weights;
    const std::size_t filterSize = std::size_t(f.channels) * std::size_t(f.size) * std::size_t(f.size);
    const std::size_t patchSize = std::size_t(t.channels) * std::size_t(t.size) * std::size_t(t.size);
    for (int i = 0; i < t.filters && f.count == t.filters; ++i) {
        PatchRow row;
        const float *w = f.weights.data() + std::size_t(i) * filterSize;
        if (f.channels == 3) {
            const ValueRange r = valueRange(w, filterSize);
            row.filter = rgbTile(w, f.size, f.size, r.lo, r.hi);
        } else {
            const std::vector<float> m = channelMean(w, f.channels, f.size);
            row.filter = divergingTile(m.data(), f.size, f.size, maxAbs(m.data(), m.size()));
        }
        int found = 0;
        for (int k = 0; k < t.perFilter; ++k) {
            const std::size_t slot = std::size_t(i) * std::size_t(t.perFilter) + std::size_t(k);
            if (t.images[slot] < 0)
                continue;
            const float *p = t.pixels.data() + slot * patchSize;
            if (t.channels == 3) {
                row.patches.push_back(rgbTile(p, t.size, t.size, 0.0f, 1.0f));
            } else {
                const std::vector<float> m = channelMean(p, t.channels, t.size);
                row.patches.push_back(sequentialTile(m.data(), t.size, t.size, 0.0f, 1.0f));
            }
            ++found;
        }
        row.toolTip = found == 0
            ? QString("Filter %1 fired on no %2").arg(i + 1).arg(what)
            : QString("Filter %1: its %2 strongest patches, output %3 down to %4")
                  .arg(i + 1)
                  .arg(found)
                  .arg(double(t.activations[std::size_t(i) * std::size_t(t.perFilter)]), 0, 'g', 3)
                  .arg(double(t.activations[std::size_t(i) * std::size_t(t.perFilter) + std::size_t(found - 1)]), 0,
                      'g', 3);
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace ds::app
