// ImageSession::topPatches: what each first-layer filter looks for, shown by the pieces of real
// images that make it fire hardest.
#include "imagesession.h"

#include "convgeometry.h"
#include "strongestoutputs.h"

#include <algorithm>

namespace ds::app {

TopPatches ImageSession::topPatches(int perFilter, int maxImages)
{
    TopPatches out;
    int conv = -1;
    for (int i = 0; i < m_network->layerCount() && conv < 0; ++i)
        if (m_config.spec.layers[std::size_t(i)].kind == LayerKind::Conv2D)
            conv = i;
    const int images = std::min(maxImages, m_test.rows);
    if (conv < 0 || perFilter < 1 || images < 1)
        return out;
    // A window of the image is what the filter sees only if nothing before it moves pixels (a
    // pool would): batch norm or an activation may come first, as they keep the shape.
    const Shape &in = m_config.spec.input;
    for (int i = 0; i < conv; ++i)
        if (m_network->layerShape(i) != in || hasWindow(m_config.spec.layers[std::size_t(i)].kind))
            return out;
    const LayerSpec &l = m_config.spec.layers[std::size_t(conv)];
    const Shape &map = m_network->layerShape(conv);
    const int channels = in[0], height = in[1], width = in[2];
    out.filters = map[0];
    out.perFilter = perFilter;
    out.channels = channels;
    out.size = dilatedKernel(l.kernel, l.dilation);
    out.window = out.size;
    out.searched = images;
    out.weights = filters(0);

    // Each filter's best output in each image, then the best images.
    StrongestOutputs strongest(out.filters, map[1], map[2]);
    const int chunk = m_network->forwardChunkRows(std::min(100, images));
    Shape s = in;
    s.insert(s.begin(), chunk);
    Tensor batch = m_backend->tensor(s);
    std::vector<float> pixels(std::size_t(chunk) * elementCount(in));
    for (int first = 0; first < images; first += chunk) {
        const int rows = std::min(chunk, images - first);
        const Tensor view = batch.rows(0, rows);
        testImages(first, rows, pixels.data());
        m_backend->upload(pixels.data(), view);
        m_network->forward(view, false);
        strongest.add(m_backend->toHost(m_network->layerOutput(conv)), rows, first);
    }

    // The window under each best output, un-normalized back to the data set's values.
    std::vector<float> one(elementCount(in));
    strongest.fill(out, [&](const OutputHit &h, float *dst) {
        testImages(h.image, 1, one.data());
        const float *image = one.data();
        const int top = h.y * l.stride - l.padding, left = h.x * l.stride - l.padding;
        for (int c = 0; c < channels; ++c) {
            const float mean = m_stats.mean[std::size_t(c)];
            const float sd = m_stats.stddev[std::size_t(c)] < 1e-6f ? 1.0f : m_stats.stddev[std::size_t(c)];
            for (int y = 0; y < out.size; ++y)
                for (int x = 0; x < out.size; ++x) {
                    const int iy = top + y, ix = left + x;
                    if (iy < 0 || ix < 0 || iy >= height || ix >= width)
                        continue;
                    const float v = image[(std::size_t(c) * std::size_t(height) + std::size_t(iy)) * std::size_t(width)
                        + std::size_t(ix)];
                    dst[(std::size_t(c) * std::size_t(out.size) + std::size_t(y)) * std::size_t(out.size)
                        + std::size_t(x)]
                        = v * sd + mean;
                }
        }
    });
    return out;
}

} // namespace ds::app
