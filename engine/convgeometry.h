// Output sizes of convolutions and pooling along one spatial axis, as the engine's Conv2D and
// pooling layers compute them (and as PyTorch does, floor mode). The conv-arithmetic view and
// the layer editor use these same functions, so what they show is what the engine builds.
#pragma once

namespace ds {

// The extent a kernel of `kernel` taps covers with that dilation: d * (k - 1) + 1.
constexpr int dilatedKernel(int kernel, int dilation)
{
    return dilation * (kernel - 1) + 1;
}

// floor((in + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1, or 0 when the (dilated)
// kernel does not fit in the padded input or an argument is out of range.
constexpr int convOutputSize(int in, int kernel, int stride = 1, int pad = 0, int dilation = 1)
{
    if (in <= 0 || kernel <= 0 || stride <= 0 || pad < 0 || dilation <= 0)
        return 0;
    const int span = in + 2 * pad - dilatedKernel(kernel, dilation);
    return span < 0 ? 0 : span / stride + 1;
}

// Pooling windows follow the convolution's rule (dilation 1). PyTorch also requires the padding
// to be at most half the window; poolPaddingValid says whether it is.
// With `ceil` (PyTorch's ceil_mode) the size rounds up, so a last window that starts inside the
// input (or its left padding) and runs past the end still counts; it is clipped there.
constexpr int poolOutputSize(int in, int window, int stride, int pad = 0, bool ceil = false)
{
    const int floor = convOutputSize(in, window, stride, pad, 1);
    if (!ceil || floor <= 0)
        return floor;
    const int span = in + 2 * pad - window;
    int out = (span + stride - 1) / stride + 1;
    if ((out - 1) * stride >= in + pad)
        --out;
    return out;
}
constexpr bool poolPaddingValid(int window, int pad)
{
    return pad >= 0 && 2 * pad <= window;
}

// A transposed convolution (the gradient of a convolution with respect to its input):
// (in - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPadding + 1, or 0 when that is
// not positive or outputPadding is not below the stride (or the dilation), as PyTorch requires.
constexpr int transposedConvOutputSize(
    int in, int kernel, int stride = 1, int pad = 0, int dilation = 1, int outputPadding = 0)
{
    if (in <= 0 || kernel <= 0 || stride <= 0 || pad < 0 || dilation <= 0 || outputPadding < 0)
        return 0;
    if (outputPadding >= stride && outputPadding >= dilation)
        return 0;
    const int out = (in - 1) * stride - 2 * pad + dilatedKernel(kernel, dilation) + outputPadding;
    return out > 0 ? out : 0;
}

// Padding that keeps the size at stride 1 ("same"): total d * (k - 1), split with the extra cell
// after (PyTorch's rule). With a symmetric pad only odd dilated kernels keep the size exactly.
constexpr int samePaddingTotal(int kernel, int dilation = 1)
{
    return dilation * (kernel - 1);
}
// "full" padding: every input cell is visited by every kernel tap, pad = d * (k - 1).
constexpr int fullPadding(int kernel, int dilation = 1)
{
    return dilation * (kernel - 1);
}

} // namespace ds
