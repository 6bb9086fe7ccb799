#include "directconv.h"

#include "backend.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <string_view>

namespace ds {
namespace {

int roundUp(int value, int multiple)
{
    return (value + multiple - 1) / multiple * multiple;
}

// The layout of a stride-1 convolution of inC channels of inH x inW, zero-padded by padH, padW,
// into outC channels (directconvkernels.h).
DirectConvGeometry geometryOf(
    const DirectConvKernels &k, int inC, int inH, int inW, int outC, int kH, int kW, int dH, int dW, int padH, int padW)
{
    DirectConvGeometry g;
    g.inC = inC;
    g.outC = outC;
    g.kH = kH;
    g.kW = kW;
    g.dH = dH;
    g.dW = dW;
    g.inH = inH;
    g.inW = inW;
    g.padH = padH;
    g.padW = padW;
    g.paddedH = inH + 2 * padH;
    // One border column per row, not two: the cells right of a row are the next row's left
    // border, which holds the same zeros (and the last row reads the zero tail).
    g.paddedW = inW + padW;
    g.outH = g.paddedH - dH * (kH - 1);
    g.outW = inW + 2 * padW - dW * (kW - 1);
    g.positions = g.outH * g.paddedW;
    g.positionsRounded = roundUp(g.positions, k.lanes);
    g.taps = inC * kH * kW;
    g.productRows = roundUp(outC, k.productBlock);
    g.filterRows = roundUp(outC, k.filterBlock);
    g.filterTaps = roundUp(g.taps, k.filterTapBlock);
    // The last tap of the last channel starts (kW - 1) * dW past the channel's last full row and
    // reads positionsRounded floats.
    g.paddedImage = std::size_t(inC) * g.paddedH * g.paddedW + std::size_t((kW - 1) * dW)
        + std::size_t(g.positionsRounded - g.positions);
    return g;
}

// Copies one image of g.inC channels of g.inH x g.inW into the middle of its zero-padded layout.
void pad(const DirectConvGeometry &g, const float *x, float *padded)
{
    std::fill_n(padded, g.paddedImage, 0.0f);
    const int plane = g.paddedH * g.paddedW;
    for (int c = 0; c < g.inC; ++c)
        for (int y = 0; y < g.inH; ++y) {
            const float *src = x + (std::size_t(c) * g.inH + y) * g.inW;
            float *dst = padded + std::size_t(c) * plane + std::size_t(y + g.padH) * g.paddedW + g.padW;
            for (int i = 0; i < g.inW; ++i)
                dst[i] = src[i];
        }
}

// Scratch kept by each thread between calls, grown as needed.
float *scratch(std::vector<float> &buffer, std::size_t count)
{
    if (buffer.size() < count)
        buffer.resize(count);
    return buffer.data();
}

// DEEPSCOPE_CPU_CONV=im2col turns the direct path off, =avx2 keeps it off AVX-512 (to compare).
const DirectConvKernels *chooseKernels()
{
    const std::vector<const DirectConvKernels *> usable = usableDirectConvKernels();
    const char *env = std::getenv("DEEPSCOPE_CPU_CONV");
    const std::string_view wanted = env ? env : "";
    if (wanted == "im2col")
        return nullptr;
#ifdef DEEPSCOPE_DIRECT_CONV
    if (wanted == "avx2")
        for (const DirectConvKernels *k : usable)
            if (k == &kDirectConvAvx2)
                return k;
#endif
    return usable.empty() ? nullptr : usable.front();
}

} // namespace

std::vector<const DirectConvKernels *> usableDirectConvKernels()
{
    std::vector<const DirectConvKernels *> usable;
#ifdef DEEPSCOPE_DIRECT_CONV
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl"))
        usable.push_back(&kDirectConvAvx512);
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        usable.push_back(&kDirectConvAvx2);
#endif
    return usable;
}

const DirectConvKernels *bestDirectConvKernels()
{
    static const DirectConvKernels *const best = chooseKernels();
    return best;
}

bool directConvApplies(const ConvShape &s)
{
    return s.strideH == 1 && s.strideW == 1 && s.padH <= s.dilationH * (s.kernelH - 1)
        && s.padW <= s.dilationW * (s.kernelW - 1) && s.outH > 0 && s.outW > 0;
}

DirectConvProduct::DirectConvProduct(const DirectConvKernels &kernels) : m_kernels(kernels) { }

DirectConvProduct::DirectConvProduct(
    const DirectConvKernels &kernels, const ConvShape &s, const float *w, const float *bias)
    : m_kernels(kernels), m_g(geometryOf(kernels, s.inC, s.inH, s.inW, s.outC, s.kernelH, s.kernelW, s.dilationH,
                              s.dilationW, s.padH, s.padW)),
      m_packedWeights(std::size_t(m_g.productRows) * m_g.taps, 0.0f), m_bias(bias)
{
    const int rows = kernels.productBlock;
    for (int c = 0; c < s.outC; ++c)
        for (int k = 0; k < m_g.taps; ++k)
            m_packedWeights[(std::size_t(c / rows) * m_g.taps + k) * rows + c % rows]
                = w[std::size_t(c) * m_g.taps + k];
}

DirectConvProduct DirectConvProduct::backwardData(const DirectConvKernels &kernels, const ConvShape &s, const float *w)
{
    // dx is the convolution of dy, padded by d * (k - 1) - pad, with the weights flipped in both
    // spatial axes and their input and output channels swapped.
    DirectConvProduct p(kernels);
    p.m_g = geometryOf(kernels, s.outC, s.outH, s.outW, s.inC, s.kernelH, s.kernelW, s.dilationH, s.dilationW,
        s.dilationH * (s.kernelH - 1) - s.padH, s.dilationW * (s.kernelW - 1) - s.padW);
    p.m_packedWeights.assign(std::size_t(p.m_g.productRows) * p.m_g.taps, 0.0f);
    const int rows = kernels.productBlock;
    const int kH = s.kernelH, kW = s.kernelW;
    for (int o = 0; o < s.outC; ++o)
        for (int i = 0; i < s.inC; ++i)
            for (int ki = 0; ki < kH; ++ki)
                for (int kj = 0; kj < kW; ++kj) {
                    const int tap = (o * kH + ki) * kW + kj; // the tap of dy's channel o
                    const float value = w[((std::size_t(o) * s.inC + i) * kH + (kH - 1 - ki)) * kW + (kW - 1 - kj)];
                    p.m_packedWeights[(std::size_t(i / rows) * p.m_g.taps + tap) * rows + i % rows] = value;
                }
    return p;
}

void DirectConvProduct::run(const float *in, float *out) const
{
    thread_local std::vector<float> paddedBuffer, productBuffer;
    float *padded = scratch(paddedBuffer, m_g.paddedImage);
    float *z = scratch(productBuffer, std::size_t(m_g.productRows) * m_g.positionsRounded);
    pad(m_g, in, padded);
    m_kernels.product(m_g, padded, m_packedWeights.data(), z);
    // Keep the outW real columns of each row computed over the padded width.
    for (int c = 0; c < m_g.outC; ++c) {
        const float b = m_bias ? m_bias[c] : 0.0f;
        for (int y = 0; y < m_g.outH; ++y) {
            const float *src = z + std::size_t(c) * m_g.positionsRounded + std::size_t(y) * m_g.paddedW;
            float *dst = out + (std::size_t(c) * m_g.outH + y) * m_g.outW;
            for (int x = 0; x < m_g.outW; ++x)
                dst[x] = src[x] + b;
        }
    }
}

DirectConvFilterGradient::DirectConvFilterGradient(const DirectConvKernels &kernels, const ConvShape &s)
    : m_kernels(kernels), m_g(geometryOf(kernels, s.inC, s.inH, s.inW, s.outC, s.kernelH, s.kernelW, s.dilationH,
                              s.dilationW, s.padH, s.padW)),
      m_tapOffsets(std::size_t(m_g.filterTaps), 0)
{
    const int plane = m_g.paddedH * m_g.paddedW;
    int k = 0;
    for (int c = 0; c < s.inC; ++c)
        for (int ki = 0; ki < s.kernelH; ++ki)
            for (int kj = 0; kj < s.kernelW; ++kj)
                m_tapOffsets[std::size_t(k++)] = c * plane + ki * s.dilationH * m_g.paddedW + kj * s.dilationW;
}

void DirectConvFilterGradient::run(const float *x, const float *dy, int images, float *dw, float *db) const
{
    const DirectConvGeometry &g = m_g;
    const std::size_t inImage = std::size_t(g.inC) * g.inH * g.inW;
    const std::size_t plane = std::size_t(g.outH) * g.outW;
    const std::size_t dyImage = std::size_t(g.filterRows) * g.positionsRounded;
    thread_local std::vector<float> paddedBuffer, dyBuffer;
    float *padded = scratch(paddedBuffer, std::size_t(images) * g.paddedImage);
    float *packedDy = scratch(dyBuffer, std::size_t(images) * dyImage);
    std::fill_n(packedDy, std::size_t(images) * dyImage, 0.0f);
    const int lanes = m_kernels.lanes, rows = m_kernels.filterBlock;
    const int laneBits = std::countr_zero(unsigned(lanes)); // lanes is 8 or 16
    for (int i = 0; i < images; ++i) {
        pad(g, x + i * inImage, padded + i * g.paddedImage);
        // dy goes to the padded-width positions, in the blocks filterProduct reads.
        float *image = packedDy + i * dyImage;
        for (int c = 0; c < g.outC; ++c) {
            float *block = image + std::size_t(c / rows) * rows * g.positionsRounded + std::size_t(c % rows) * lanes;
            const float *src = dy + i * std::size_t(g.outC) * plane + c * plane;
            for (int y = 0; y < g.outH; ++y) {
                // A row is contiguous within each vector it touches: copy it in those runs.
                int n = y * g.paddedW;
                for (int xo = 0; xo < g.outW;) {
                    const int lane = n & (lanes - 1);
                    const int run = std::min(lanes - lane, g.outW - xo);
                    float *dst = block + std::size_t(n >> laneBits) * rows * lanes + lane;
                    const float *from = src + y * g.outW + xo;
                    for (int j = 0; j < run; ++j)
                        dst[j] = from[j];
                    n += run;
                    xo += run;
                }
            }
        }
    }
    m_kernels.filterProduct(g, images, padded, packedDy, m_tapOffsets.data(), dw);
    for (int c = 0; c < g.outC; ++c) {
        // 32 running sums, which the compiler keeps in four vectors, added up at the end: one
        // chain of scalar additions took half as long as the whole filter product.
        constexpr int kSums = 32;
        float sums[kSums] = {};
        for (int i = 0; i < images; ++i) {
            const float *src = dy + i * std::size_t(g.outC) * plane + c * plane;
            std::size_t p = 0;
            for (; p + kSums <= plane; p += kSums)
                for (int j = 0; j < kSums; ++j)
                    sums[j] += src[p + j];
            for (; p < plane; ++p)
                sums[p % kSums] += src[p];
        }
        for (int width = kSums / 2; width > 0; width /= 2)
            for (int j = 0; j < width; ++j)
                sums[j] += sums[j + width];
        db[c] = sums[0];
    }
}

} // namespace ds
