// A stack of convolution and pooling windows, and the receptive field of one output cell of the
// stack on its input: which input cells can change that cell's value. Qt-free, so the app, the
// conv-arithmetic view and their tests share one rule. Stacks are typed as text, e.g.
// "conv k5 s1 p2; pool k2 s2; conv k5 d2" (k kernel, s stride, p padding, d dilation).
#pragma once

#include <string>
#include <vector>

namespace ds::widgets {

// One layer's window along both spatial axes (square, as the engine's Conv2D and pools).
// `pool` only changes the name it is written with; pools have dilation 1.
struct ConvWindow {
    int kernel = 1;
    int stride = 1;
    int padding = 0;
    int dilation = 1;
    bool pool = false;
    bool operator==(const ConvWindow &) const = default;
};

struct ParsedStack {
    std::vector<ConvWindow> layers;
    std::string error; // "" when the text parsed; otherwise what is wrong and where
};

// Layers separated by ';' or new lines; each a kind ("conv", "pool", "maxpool", "avgpool") and
// any of kN, sN, pN, dN. A pool's stride defaults to its window (PyTorch's default); a conv's to 1.
ParsedStack parseLayerStack(const std::string &text);
// The inverse: "conv k3 s1 p1; pool k2 s2". Round-trips through parseLayerStack.
std::string formatLayerStack(const std::vector<ConvWindow> &layers);

// The map sizes along one axis: sizes[0] = in, sizes[l + 1] after layer l (0 once a window no
// longer fits).
std::vector<int> stackSizes(const std::vector<ConvWindow> &layers, int in);

// A closed interval of cells along one axis, in one layer's own coordinates. It may reach past
// the map into the padding (lo < 0 or hi >= size).
struct CellSpan {
    int lo = 0, hi = -1;
    int size() const { return hi - lo + 1; }
    bool operator==(const CellSpan &) const = default;
};

// spans[l]: the cells of map l (0 = the input, layers.size() = the output) that output cell
// `cell` of the last map depends on, along one axis. spans.back() is {cell, cell}.
std::vector<CellSpan> receptiveSpans(const std::vector<ConvWindow> &layers, int cell);

// The receptive field's extent on the input along one axis, r = 1 + sum (k_l - 1) d_l j_l with
// j_l the product of the strides before layer l; and that jump j of the last map (how many input
// cells apart its neighbouring cells' fields start).
int receptiveFieldSize(const std::vector<ConvWindow> &layers);
int receptiveFieldJump(const std::vector<ConvWindow> &layers);

} // namespace ds::widgets
