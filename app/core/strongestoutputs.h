// Both modes' top patches (Zeiler and Fergus): each filter's strongest output in each image,
// gathered a chunk of images at a time, then each filter's best images, strongest first.
#pragma once

#include "imagesession.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace ds::app {

struct OutputHit {
    float value;
    int image, y, x; // where in the filter's map
};

class StrongestOutputs {
public:
    StrongestOutputs(int filters, int mapHeight, int mapWidth)
        : m_best(std::size_t(filters)), m_height(mapHeight), m_width(mapWidth)
    {
    }

    // One chunk's maps, (rows, filters, height, width), of images firstImage, firstImage + 1, ...
    void add(const std::vector<float> &maps, int rows, int firstImage)
    {
        const std::size_t plane = std::size_t(m_height) * std::size_t(m_width), filters = m_best.size();
        for (int r = 0; r < rows; ++r)
            for (std::size_t f = 0; f < filters; ++f) {
                const float *m = maps.data() + (std::size_t(r) * filters + f) * plane;
                const std::size_t at = std::size_t(std::max_element(m, m + plane) - m);
                if (std::isfinite(m[at]))
                    m_best[f].push_back({m[at], firstImage + r, int(at / std::size_t(m_width)),
                        int(at % std::size_t(m_width))});
            }
    }

    // Filter f's best `count` images (fewer when fewer were seen), strongest first, ties to the
    // earlier image.
    std::vector<OutputHit> best(int f, int count)
    {
        std::vector<OutputHit> &hits = m_best[std::size_t(f)];
        const std::size_t keep = std::min(hits.size(), std::size_t(std::max(count, 0)));
        std::partial_sort(hits.begin(), hits.begin() + std::ptrdiff_t(keep), hits.end(),
            [](const OutputHit &a, const OutputHit &b) { return a.value != b.value ? a.value > b.value : a.image < b.image; });
        return {hits.begin(), hits.begin() + std::ptrdiff_t(keep)};
    }

    // Fills out.activations, out.images and out.pixels (filters x perFilter slots of
    // out.channels x out.size x out.size values, zero where nothing was found or cut) with each
    // filter's best; `cut(hit, patch)` writes one hit's window into its slot.
    template <typename Cut> void fill(TopPatches &out, Cut cut)
    {
        const std::size_t slots = std::size_t(out.filters) * std::size_t(out.perFilter);
        const std::size_t patch = std::size_t(out.channels) * std::size_t(out.size) * std::size_t(out.size);
        out.pixels.assign(slots * patch, 0.0f);
        out.activations.assign(slots, std::numeric_limits<float>::quiet_NaN());
        out.images.assign(slots, -1);
        for (int f = 0; f < out.filters; ++f) {
            const std::vector<OutputHit> hits = best(f, out.perFilter);
            for (std::size_t k = 0; k < hits.size(); ++k) {
                const std::size_t slot = std::size_t(f) * std::size_t(out.perFilter) + k;
                out.activations[slot] = hits[k].value;
                out.images[slot] = hits[k].image;
                cut(hits[k], out.pixels.data() + slot * patch);
            }
        }
    }

private:
    std::vector<std::vector<OutputHit>> m_best;
    int m_height, m_width;
};

} // namespace ds::app
