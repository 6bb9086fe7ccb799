#include "convarithpresets.h"

namespace ds::widgets {
namespace {

ConvArithPreset preset(const char *name, ConvArithMode mode, int in, int kernel, int stride, int padding,
    PaddingMode paddingMode = PaddingMode::Custom, int dilation = 1, int outputPadding = 0)
{
    ConvArithPreset p;
    p.name = name;
    p.setup.inH = p.setup.inW = in;
    p.setup.kernel = kernel;
    p.setup.stride = stride;
    p.setup.padding = padding;
    p.setup.paddingMode = paddingMode;
    p.setup.dilation = dilation;
    p.setup.outputPadding = outputPadding;
    p.setup.mode = mode;
    return p;
}

} // namespace

// Transposed cases take the input of the convolution they transpose: its output (Figures 4.x).
const std::vector<ConvArithPreset> &convArithPresets()
{
    using M = ConvArithMode;
    using P = PaddingMode;
    static const std::vector<ConvArithPreset> presets = [] {
        std::vector<ConvArithPreset> v {
            preset("No padding, unit strides (4\u00d74, k3)", M::Convolution, 4, 3, 1, 0),
            preset("Arbitrary padding (5\u00d75, k4, p2)", M::Convolution, 5, 4, 1, 2),
            preset("Half (same) padding (5\u00d75, k3)", M::Convolution, 5, 3, 1, 0, P::Same),
            preset("Full padding (5\u00d75, k3)", M::Convolution, 5, 3, 1, 0, P::Full),
            preset("Strides (5\u00d75, k3, s2)", M::Convolution, 5, 3, 2, 0),
            preset("Strides, padding (5\u00d75, k3, s2, p1)", M::Convolution, 5, 3, 2, 1),
            preset("Not tiling (6\u00d76, k3, s2, p1)", M::Convolution, 6, 3, 2, 1),
            preset("Dilation (7\u00d77, k3, d2)", M::Convolution, 7, 3, 1, 0, P::Custom, 2),
            preset("Transposed: no padding (2\u00d72, k3)", M::TransposedDirect, 2, 3, 1, 0),
            preset("Transposed: padding (6\u00d76, k4, p2)", M::TransposedDirect, 6, 4, 1, 2),
            preset("Transposed: half padding (5\u00d75, k3)", M::TransposedDirect, 5, 3, 1, 0, P::Same),
            preset("Transposed: full padding (7\u00d77, k3)", M::TransposedDirect, 7, 3, 1, 0, P::Full),
            preset("Transposed: strides (2\u00d72, k3, s2)", M::TransposedDirect, 2, 3, 2, 0),
            preset("Transposed: s2, p1 (3\u00d73, k3)", M::TransposedDirect, 3, 3, 2, 1),
            preset("Transposed: s2, p1, a1 (3\u00d73, k3)", M::TransposedDirect, 3, 3, 2, 1, P::Custom, 1, 1),
            preset("Transposed: dilation (3\u00d73, k3, d2)", M::TransposedDirect, 3, 3, 1, 0, P::Custom, 2),
            preset("Max pooling (5\u00d75, window 3)", M::MaxPool, 5, 3, 1, 0),
            preset("Average pooling (5\u00d75, window 3)", M::AvgPool, 5, 3, 1, 0),
            preset("Lecture: 3\u00d73 input, 2\u00d72 kernel", M::Convolution, 3, 2, 1, 0),
        };
        v.back().input = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        v.back().kernel = {0, 1, 2, 3};
        // A transposed convolution's input is small (a convolution's output): no zeros in it, so
        // that every cell it scatters shows.
        for (ConvArithPreset &p : v)
            if (isTransposed(p.setup.mode))
                for (int i = 0; i < p.setup.inH * p.setup.inW; ++i)
                    p.input.push_back(i % 4 + 1);
        return v;
    }();
    return presets;
}

} // namespace ds::widgets
