// ConvArithSetup: what the conv-arithmetic mode's controls set (the input size, the window, the
// padding and the operation). Plain data, here rather than in arithmetic/ so that the playground
// file (document/) keeps it without knowing the view; arithmetic/convarithmodel.h resolves it.
#pragma once

namespace ds::app {

enum class ConvArithMode {
    Convolution,
    TransposedDirect, // transposed, as a stride-1 convolution over the zero-inserted, padded input
    TransposedScatter, // transposed, as each input cell adding the kernel times itself to the output
    MaxPool,
    AvgPool,
};
enum class PaddingMode { Valid, Same, Full, Custom };

// A square kernel, stride and dilation, as the engine's layers have. For the transposed modes
// these are the parameters of the convolution being transposed (PyTorch's ConvTranspose2d), and
// the input is that convolution's output. Pools ignore the dilation.
struct ConvArithSetup {
    int inH = 5, inW = 5;
    int kernel = 3;
    int stride = 1;
    int padding = 0; // used by PaddingMode::Custom
    int dilation = 1;
    int outputPadding = 0; // transposed only: extra cells after (bottom, right)
    PaddingMode paddingMode = PaddingMode::Custom;
    ConvArithMode mode = ConvArithMode::Convolution;
    bool operator==(const ConvArithSetup &) const = default;

    // The controls' ranges, which a playground file is held to: larger setups have too many
    // cells to draw.
    static constexpr int kMaxInput = 64, kMaxKernel = 11, kMaxStride = 6, kMaxDilation = 6, kMaxPadding = 16,
                         kMaxOutputPadding = 5;
};

} // namespace ds::app
