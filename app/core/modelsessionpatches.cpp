// ModelSession::topPatches: what a convolution of an opened model looks for, shown by the parts
// of the user's own pictures that make each of its filters fire hardest.
#include "modelsession.h"

#include "receptivefield.h"
#include "strongestoutputs.h"

#include <algorithm>

namespace ds::app {

TopPatches ModelSession::topPatches(int node, const std::vector<std::vector<std::uint8_t>> &pictures, int perFilter)
{
    TopPatches out;
    const ModelSpec &spec = m_network->spec();
    if (node < 0 || node >= m_network->layerCount() || spec.layers[std::size_t(node)].kind != LayerKind::Conv2D
        || perFilter < 1 || pictures.empty())
        return out;
    const std::optional<InputWindow> window = inputWindows(spec)[std::size_t(node)];
    if (!window)
        return out;
    const Shape &in = spec.input, &map = m_network->layerShape(node);
    const int height = in[1], width = in[2];
    const std::size_t inputSize = elementCount(in);
    out.filters = map[0];
    out.perFilter = perFilter;
    out.channels = 3; // the pictures as they are, whatever the network reads
    out.window = window->size;
    out.size = std::min(window->size, kMaxPatchSide);
    out.searched = int(pictures.size());
    LayerWeights w = m_network->layerWeights(node, m_network->parametersToHost());
    out.weights = {w.shape[0], w.shape[1], w.shape[2], std::move(w.weights)};

    // Each filter's strongest output in each picture.
    StrongestOutputs strongest(out.filters, map[1], map[2]);
    const int count = int(pictures.size());
    const int chunk = m_network->forwardChunkRows(std::min(64, count));
    Shape s = in;
    s.insert(s.begin(), chunk);
    Tensor batch = m_backend->tensor(s);
    std::vector<float> host(std::size_t(chunk) * inputSize);
    for (int first = 0; first < count; first += chunk) {
        const int rows = std::min(chunk, count - first);
        for (int r = 0; r < rows; ++r) {
            const std::vector<float> x = inputFor(pictures[std::size_t(first + r)].data());
            std::copy(x.begin(), x.end(), host.begin() + std::ptrdiff_t(std::size_t(r) * inputSize));
        }
        const Tensor view = batch.rows(0, rows);
        m_backend->upload(host.data(), view);
        m_network->forward(view, false);
        strongest.add(m_backend->toHost(m_network->layerOutput(node)), rows, first);
    }
    m_ran = false; // the network's outputs are the last chunk's now, not the last picture's

    // The best hits' windows, cut out of the pictures.
    strongest.fill(out, [&](const OutputHit &h, float *dst) {
        const std::uint8_t *rgb = pictures[std::size_t(h.image)].data();
        const int top = window->start + h.y * window->jump, left = window->start + h.x * window->jump;
        for (int y = 0; y < out.size; ++y)
            for (int x = 0; x < out.size; ++x) {
                // Pixel (y, x) of the patch stands for that part of the window.
                const int iy = top + y * window->size / out.size, ix = left + x * window->size / out.size;
                if (iy < 0 || ix < 0 || iy >= height || ix >= width)
                    continue; // padding: black
                for (int c = 0; c < 3; ++c)
                    dst[(std::size_t(c) * std::size_t(out.size) + std::size_t(y)) * std::size_t(out.size) + std::size_t(x)]
                        = float(rgb[(std::size_t(iy) * std::size_t(width) + std::size_t(ix)) * 3 + std::size_t(c)])
                        / 255.0f;
            }
    });
    return out;
}

} // namespace ds::app
