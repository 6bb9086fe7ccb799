// Stride-1 convolutions straight from the zero-padded image, without im2col: the kernels
// (directconvkernels.h) read each tap as a contiguous run of the padded image and keep their
// sums in vector registers, where im2col + Eigen copied every image 25 times over and packed
// both operands again for each product. CpuBackend uses this on CPUs with AVX2 + FMA or AVX-512
// for every stride-1 convolution whose padding is below the (dilated) kernel, the cases whose
// input gradient is again such a convolution; strided ones keep im2col + Eigen.
//
// The plans below work on one image (or one chunk of images) and leave the threading to
// CpuBackend. Every image's sums run in the same order whatever thread runs them.
#pragma once

#include "directconvkernels.h"

#include <vector>

namespace ds {

struct ConvShape;

// The best kernels this CPU can run (AVX-512, else AVX2 + FMA), or null.
const DirectConvKernels *bestDirectConvKernels();
// Every kernel set this CPU can run, best first (the tests check them all).
std::vector<const DirectConvKernels *> usableDirectConvKernels();

// Whether the direct path computes this convolution: stride 1 and padding below the dilated
// kernel on both axes.
bool directConvApplies(const ConvShape &s);

// The forward pass y = conv(x, w) + bias of one image, or (made by backwardData) the input
// gradient dx = the full convolution of dy with the flipped, transposed weights.
class DirectConvProduct {
public:
    DirectConvProduct(const DirectConvKernels &kernels, const ConvShape &s, const float *w, const float *bias);
    static DirectConvProduct backwardData(const DirectConvKernels &kernels, const ConvShape &s, const float *w);

    // One image in, one out; may run on several threads at once.
    void run(const float *in, float *out) const;

private:
    explicit DirectConvProduct(const DirectConvKernels &kernels);

    const DirectConvKernels &m_kernels;
    DirectConvGeometry m_g;
    std::vector<float> m_packedWeights;
    const float *m_bias = nullptr;
};

// The filter and bias gradients summed over a chunk of images.
class DirectConvFilterGradient {
public:
    DirectConvFilterGradient(const DirectConvKernels &kernels, const ConvShape &s);

    // dw(outC, taps) and db(outC) = the sums over the `images` consecutive images of x and dy
    // (written, not added to); may run on several threads at once.
    void run(const float *x, const float *dy, int images, float *dw, float *db) const;

private:
    const DirectConvKernels &m_kernels;
    DirectConvGeometry m_g;
    std::vector<int> m_tapOffsets;
};

} // namespace ds
