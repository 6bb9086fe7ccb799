// The direct convolution's two products, written once over a vector type S (directconvavx2.cpp
// and directconvavx512.cpp instantiate them). Include only from those files: everything here has
// internal linkage and nothing from the standard library is used, so no code compiled for one
// instruction set can be shared with the rest of the program (see directconvkernels.h).
//
// S provides: V, lanes, zero(), load(p), store(p, v), broadcast(p), fma(a, b, c) = a * b + c,
// and sum(v), the sum of v's lanes in a fixed order.
#pragma once

#include "directconvkernels.h"

namespace ds {
namespace {

// One tile of product: channels [b * Rows, +Rows) of the block at wBlock, positions
// [n0, n0 + Vectors * lanes). The sums run over the taps in the weights' order for every
// position, so the tiling does not change the result.
template <typename S, int Rows, int Vectors>
inline void productTile(const DirectConvGeometry &g, const float *padded, const float *wBlock, float *z, int n0)
{
    using V = typename S::V;
    V acc[Rows][Vectors];
    for (int r = 0; r < Rows; ++r)
        for (int v = 0; v < Vectors; ++v)
            acc[r][v] = S::zero();
    const int plane = g.paddedH * g.paddedW;
    const int rowStep = g.dH * g.paddedW;
    const float *w = wBlock;
    for (int c = 0; c < g.inC; ++c)
        for (int ki = 0; ki < g.kH; ++ki) {
            const float *p = padded + c * plane + ki * rowStep + n0;
            for (int kj = 0; kj < g.kW; ++kj, p += g.dW, w += Rows) {
                V x[Vectors];
                for (int v = 0; v < Vectors; ++v)
                    x[v] = S::load(p + v * S::lanes);
                for (int r = 0; r < Rows; ++r) {
                    const V wr = S::broadcast(w + r);
                    for (int v = 0; v < Vectors; ++v)
                        acc[r][v] = S::fma(wr, x[v], acc[r][v]);
                }
            }
        }
    for (int r = 0; r < Rows; ++r)
        for (int v = 0; v < Vectors; ++v)
            S::store(z + r * g.positionsRounded + n0 + v * S::lanes, acc[r][v]);
}

// The last (fewer than Vectors) vectors of a row of tiles.
template <typename S, int Rows, int Vectors>
inline void productTail(
    const DirectConvGeometry &g, const float *padded, const float *wBlock, float *z, int n0, int left)
{
    if constexpr (Vectors > 0) {
        if (left >= Vectors)
            productTile<S, Rows, Vectors>(g, padded, wBlock, z, n0);
        else
            productTail<S, Rows, Vectors - 1>(g, padded, wBlock, z, n0, left);
    }
}

template <typename S, int Rows, int Vectors>
void product(const DirectConvGeometry &g, const float *padded, const float *packedWeights, float *z)
{
    const int vectors = g.positionsRounded / S::lanes;
    for (int b = 0; b * Rows < g.productRows; ++b) {
        const float *wBlock = packedWeights + b * Rows * g.taps;
        float *zBlock = z + b * Rows * g.positionsRounded;
        int v = 0;
        for (; v + Vectors <= vectors; v += Vectors)
            productTile<S, Rows, Vectors>(g, padded, wBlock, zBlock, v * S::lanes);
        if (v < vectors)
            productTail<S, Rows, Vectors - 1>(g, padded, wBlock, zBlock, v * S::lanes, vectors - v);
    }
}

// One tile of filterProduct: channels [c0, c0 + Rows) times taps [k0, k0 + Taps), summed over
// all positions of all images in vector lanes, then across the lanes.
template <typename S, int Rows, int Taps>
inline void filterTile(const DirectConvGeometry &g, int images, const float *padded, const float *packedDy,
    const int *tapOffsets, float *dw, int block, int k0)
{
    using V = typename S::V;
    V acc[Rows][Taps];
    for (int r = 0; r < Rows; ++r)
        for (int t = 0; t < Taps; ++t)
            acc[r][t] = S::zero();
    const int vectors = g.positionsRounded / S::lanes;
    const long dyImage = long(g.filterRows) * g.positionsRounded;
    for (int i = 0; i < images; ++i) {
        const float *image = padded + i * g.paddedImage;
        const float *x[Taps];
        for (int t = 0; t < Taps; ++t)
            x[t] = image + tapOffsets[k0 + t];
        const float *d = packedDy + i * dyImage + long(block) * Rows * g.positionsRounded;
        for (int v = 0; v < vectors; ++v, d += Rows * S::lanes) {
            V xv[Taps];
            for (int t = 0; t < Taps; ++t)
                xv[t] = S::load(x[t] + v * S::lanes);
            for (int r = 0; r < Rows; ++r) {
                const V dr = S::load(d + r * S::lanes);
                for (int t = 0; t < Taps; ++t)
                    acc[r][t] = S::fma(dr, xv[t], acc[r][t]);
            }
        }
    }
    const int c0 = block * Rows;
    for (int r = 0; r < Rows && c0 + r < g.outC; ++r)
        for (int t = 0; t < Taps && k0 + t < g.taps; ++t)
            dw[(c0 + r) * g.taps + k0 + t] = S::sum(acc[r][t]);
}

template <typename S, int Rows, int Taps>
void filterProduct(const DirectConvGeometry &g, int images, const float *padded, const float *packedDy,
    const int *tapOffsets, float *dw)
{
    for (int b = 0; b * Rows < g.filterRows; ++b)
        for (int k0 = 0; k0 < g.filterTaps; k0 += Taps)
            filterTile<S, Rows, Taps>(g, images, padded, packedDy, tapOffsets, dw, b, k0);
}

} // namespace
} // namespace ds
