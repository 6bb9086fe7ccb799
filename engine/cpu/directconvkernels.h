// The interface between the direct convolution (directconv.h) and its kernels for one instruction
// set each (directconvavx2.cpp, directconvavx512.cpp). Those files are compiled with their own
// instruction-set flags, so everything they share with the rest of the engine is plain data and
// out-of-line functions: an inline function or template instantiated there could be the copy
// the linker keeps for the whole program, and run AVX-512 code on a CPU without it.
#pragma once

#include <cstddef>

namespace ds {

// One stride-1 convolution laid out for the kernels. Each padded channel is paddedH rows of
// paddedW = inW + padW cells: padW zeros, then the row's pixels. A row's right border is the next
// row's left border, the same zeros, so every output row is computed over the full padded width
// and each kernel tap reads one contiguous run of a padded channel: output position
// n = oy * paddedW + ox reads padded[c][n + ki * dH * paddedW + kj * dW]. The positions with
// ox >= outW are computed and dropped (or, in the filter gradient, weighted 0). This needs
// padW <= dW * (kW - 1), so that no tap reads past the next row's border.
struct DirectConvGeometry {
    int inC = 0, outC = 0, kH = 1, kW = 1, dH = 1, dW = 1;
    int inH = 0, inW = 0, padH = 0, padW = 0; // the image as given, and its zero border
    int paddedH = 0, paddedW = 0; // one input channel with its zero borders
    int outH = 0, outW = 0;
    int positions = 0; // outH * paddedW
    int positionsRounded = 0; // rounded up to whole vectors
    int taps = 0; // inC * kH * kW, in the weights' order (c, ki, kj)
    int productRows = 0; // outC rounded up to the product kernel's block of channels
    int filterRows = 0; // outC rounded up to the filter kernel's block of channels
    int filterTaps = 0; // taps rounded up to the filter kernel's block of taps
    std::size_t paddedImage = 0; // floats of one padded image, with the zero tail the last
                                 // vectors read past its end
};

// The kernels for one instruction set, on vectors of `lanes` floats.
struct DirectConvKernels {
    const char *name;
    int lanes;
    int productBlock; // output channels per block of product's packed weights
    int filterBlock, filterTapBlock; // channels and taps per block of filterProduct

    // z(productRows, positionsRounded) = weights times the taps of one padded image. The weights
    // are packed in blocks of productBlock channels: block b, tap k holds the productBlock values
    // w[b * productBlock + r][k] side by side (zeros past outC).
    void (*product)(const DirectConvGeometry &g, const float *padded, const float *packedWeights, float *z);

    // dw(outC, taps) = the sum over `images` of dy times the taps of each padded image (images
    // g.paddedImage floats apart). dy is packed per image in blocks of filterBlock channels:
    // block b, vector v holds the filterBlock vectors dy[b * filterBlock + r][v * lanes, +lanes)
    // one after the other, zero at dropped positions and past outC; an image's dy takes
    // filterRows * positionsRounded floats. tapOffsets (filterTaps of them) give where each tap
    // starts in a padded image; those past taps read from 0 and are not written.
    void (*filterProduct)(const DirectConvGeometry &g, int images, const float *padded, const float *packedDy,
        const int *tapOffsets, float *dw);
};

// Defined in their own files; call only when the CPU has the instructions (directconv.cpp checks).
extern const DirectConvKernels kDirectConvAvx2;
extern const DirectConvKernels kDirectConvAvx512;

} // namespace ds
