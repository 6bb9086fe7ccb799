#include "receptivefield.h"

#include "convgeometry.h"

#include <algorithm>

namespace ds::app {

std::vector<std::optional<InputWindow>> inputWindows(const ModelSpec &spec)
{
    const std::vector<LayerCheck> checks = spec.check();
    std::vector<std::optional<InputWindow>> out;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec &l = spec.layers[i];
        std::optional<InputWindow> w;
        if (checks[i].output.size() == 3) {
            // The union of what its inputs see (one input: that one's); -1 is the input itself.
            for (int k : spec.inputsOf(i)) {
                const std::optional<InputWindow> from = k < 0 ? std::optional<InputWindow>(InputWindow {})
                                                              : out[std::size_t(k)];
                if (!from || (w && w->jump != from->jump)) {
                    w.reset();
                    break;
                }
                if (!w) {
                    w = from;
                    continue;
                }
                const int end = std::max(w->start + w->size, from->start + from->size);
                w->start = std::min(w->start, from->start);
                w->size = end - w->start;
            }
            if (w && hasWindow(l.kind)) {
                const int taps = l.kind == LayerKind::Conv2D ? dilatedKernel(l.kernel, l.dilation) : l.kernel;
                const int stride = l.stride > 0 ? l.stride : l.kernel;
                w->start -= l.padding * w->jump;
                w->size += (taps - 1) * w->jump;
                w->jump *= stride;
            }
        }
        out.push_back(w);
    }
    return out;
}

} // namespace ds::app
