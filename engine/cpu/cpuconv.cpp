// CpuBackend's convolutions, one image at a time, images shared between the threads. Stride-1
// convolutions go straight from the padded image where the CPU has AVX2 or AVX-512
// (directconv.h); the others use im2col + GEMM. Each image's columns fit in the cache at the
// sizes this app trains (a 5x5 kernel over 8 channels of 14x14 is 200 x 196 floats), so unfolding
// an image and multiplying it right away beats unfolding a whole batch into one large product.
// GEMMs here call Eigen directly on one thread: the work is already split by image, and
// CpuBackend::gemm would split it again.
#include "cpubackend.h"

#include "convrange.h"
#include "directconv.h"
#include "eigenmaps.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace ds {
namespace {

// Images per chunk of the filter gradient. Each chunk sums its images into its own partial
// gradient and the partials are added in chunk order, so the result does not depend on how
// many threads ran the chunks.
constexpr std::size_t kFilterChunk = 4;

// The columns never overlap the images they come from or go to.
void copyRow(const float *__restrict src, float *__restrict dst, int n)
{
    for (int i = 0; i < n; ++i)
        dst[i] = src[i];
}

void addRow(const float *__restrict src, float *__restrict dst, int n)
{
    for (int i = 0; i < n; ++i)
        dst[i] += src[i];
}

// cols (inC * kH * kW, outH * outW): row (c, ki, kj) holds the input pixel each output position
// reads through that tap, or 0 in the padding.
void im2col(const ConvShape &s, const float *x, float *cols)
{
    const int plane = s.outH * s.outW;
    for (int c = 0; c < s.inC; ++c)
        for (int ki = 0; ki < s.kernelH; ++ki)
            for (int kj = 0; kj < s.kernelW; ++kj) {
                float *dst = cols + std::size_t((c * s.kernelH + ki) * s.kernelW + kj) * plane;
                const int x0 = kj * s.dilationW - s.padW;
                int lo, hi;
                validRange(x0, s.strideW, s.inW, s.outW, lo, hi);
                for (int oy = 0; oy < s.outH; ++oy, dst += s.outW) {
                    const int iy = oy * s.strideH - s.padH + ki * s.dilationH;
                    if (iy < 0 || iy >= s.inH) {
                        std::fill_n(dst, s.outW, 0.0f);
                        continue;
                    }
                    const float *src = x + (std::size_t(c) * s.inH + iy) * s.inW + x0;
                    // Rows are a few dozen floats: plain loops, which the compiler vectorizes,
                    // cost less than calls to memcpy and memset.
                    for (int ox = 0; ox < lo; ++ox)
                        dst[ox] = 0.0f;
                    if (s.strideW == 1)
                        copyRow(src + lo, dst + lo, hi - lo);
                    else
                        for (int ox = lo; ox < hi; ++ox)
                            dst[ox] = src[ox * s.strideW];
                    for (int ox = hi; ox < s.outW; ++ox)
                        dst[ox] = 0.0f;
                }
            }
}

// The adjoint of im2col: adds each column entry back onto the input pixel it was read from.
void col2im(const ConvShape &s, const float *cols, float *dx)
{
    const int plane = s.outH * s.outW;
    std::fill_n(dx, std::size_t(s.inC) * s.inH * s.inW, 0.0f);
    for (int c = 0; c < s.inC; ++c)
        for (int ki = 0; ki < s.kernelH; ++ki)
            for (int kj = 0; kj < s.kernelW; ++kj) {
                const float *src = cols + std::size_t((c * s.kernelH + ki) * s.kernelW + kj) * plane;
                const int x0 = kj * s.dilationW - s.padW;
                int lo, hi;
                validRange(x0, s.strideW, s.inW, s.outW, lo, hi);
                for (int oy = 0; oy < s.outH; ++oy, src += s.outW) {
                    const int iy = oy * s.strideH - s.padH + ki * s.dilationH;
                    if (iy < 0 || iy >= s.inH)
                        continue;
                    float *dst = dx + (std::size_t(c) * s.inH + iy) * s.inW + x0;
                    if (s.strideW == 1)
                        addRow(src + lo, dst + lo, hi - lo);
                    else
                        for (int ox = lo; ox < hi; ++ox)
                            dst[ox * s.strideW] += src[ox];
                }
            }
}

// A 1x1 kernel at stride 1 without padding reads the image as it is: no unfolding needed.
bool identityColumns(const ConvShape &s)
{
    return s.kernelH == 1 && s.kernelW == 1 && s.strideH == 1 && s.strideW == 1 && s.padH == 0 && s.padW == 0;
}

// Scratch for one image's columns, one per thread, grown once and kept.
float *columnScratch(std::size_t count)
{
    thread_local std::vector<float> scratch;
    if (scratch.size() < count)
        scratch.resize(count);
    return scratch.data();
}

struct ConvSizes {
    std::size_t inImage, outImage, plane;
    Eigen::Index taps; // inC * kH * kW: the rows of the columns, the inner size of the products
};

ConvSizes sizesOf(const ConvShape &s)
{
    return {std::size_t(s.inC) * s.inH * s.inW, std::size_t(s.outC) * s.outH * s.outW, std::size_t(s.outH) * s.outW,
        Eigen::Index(s.inC) * s.kernelH * s.kernelW};
}

// The direct kernels for this convolution, or null where im2col + GEMM computes it.
const DirectConvKernels *directKernelsFor(const ConvShape &s)
{
    const DirectConvKernels *kernels = bestDirectConvKernels();
    return kernels && directConvApplies(s) ? kernels : nullptr;
}

// The filter and bias gradients of images [n0, n1) through im2col, written to partial (the
// weights' gradient, then the bias's).
void im2colFilterChunk(
    const ConvShape &s, const float *x, const float *dy, std::size_t n0, std::size_t n1, float *partial)
{
    const ConvSizes z = sizesOf(s);
    const Eigen::Index plane = Eigen::Index(z.plane);
    MatMap pw(partial, s.outC, z.taps);
    VecMap pb(partial + std::size_t(s.outC) * std::size_t(z.taps), s.outC);
    for (std::size_t n = n0; n < n1; ++n) {
        const float *xn = x + n * z.inImage;
        const float *cols = xn;
        if (!identityColumns(s)) {
            float *scratch = columnScratch(std::size_t(z.taps) * z.plane);
            im2col(s, xn, scratch);
            cols = scratch;
        }
        const ConstMatMap dyn(dy + n * z.outImage, s.outC, plane);
        const ConstMatMap c(cols, z.taps, plane);
        if (n == n0) {
            pw.noalias() = dyn * c.transpose();
            pb = dyn.rowwise().sum();
        } else {
            pw.noalias() += dyn * c.transpose();
            pb += dyn.rowwise().sum();
        }
    }
}

} // namespace

void CpuBackend::convForward(const ConvShape &s, const float *x, const float *w, const float *bias, float *y)
{
    if (s.groups > 1)
        return groupedConvForward(s, x, w, bias, y);
    const ConvSizes z = sizesOf(s);
    if (const DirectConvKernels *kernels = directKernelsFor(s)) {
        const DirectConvProduct product(*kernels, s, w, bias);
        forChunks(std::size_t(s.batch), 1, [&](std::size_t n0, std::size_t n1) {
            for (std::size_t n = n0; n < n1; ++n)
                product.run(x + n * z.inImage, y + n * z.outImage);
        });
        return;
    }
    const Eigen::Index plane = Eigen::Index(z.plane);
    const ConstMatMap weights(w, s.outC, z.taps);
    const ConstVecMap b(bias, s.outC);
    forChunks(std::size_t(s.batch), 1, [&](std::size_t n0, std::size_t n1) {
        for (std::size_t n = n0; n < n1; ++n) {
            const float *xn = x + n * z.inImage;
            const float *cols = xn;
            if (!identityColumns(s)) {
                float *scratch = columnScratch(std::size_t(z.taps) * z.plane);
                im2col(s, xn, scratch);
                cols = scratch;
            }
            MatMap yn(y + n * z.outImage, s.outC, plane);
            yn.noalias() = weights * ConstMatMap(cols, z.taps, plane);
            yn.colwise() += b;
        }
    });
}

void CpuBackend::convBackwardData(const ConvShape &s, const float *dy, const float *w, float *dx)
{
    if (s.groups > 1)
        return groupedConvBackwardData(s, dy, w, dx);
    const ConvSizes z = sizesOf(s);
    if (const DirectConvKernels *kernels = directKernelsFor(s)) {
        const DirectConvProduct product = DirectConvProduct::backwardData(*kernels, s, w);
        forChunks(std::size_t(s.batch), 1, [&](std::size_t n0, std::size_t n1) {
            for (std::size_t n = n0; n < n1; ++n)
                product.run(dy + n * z.outImage, dx + n * z.inImage);
        });
        return;
    }
    const Eigen::Index plane = Eigen::Index(z.plane);
    const ConstMatMap weights(w, s.outC, z.taps);
    forChunks(std::size_t(s.batch), 1, [&](std::size_t n0, std::size_t n1) {
        for (std::size_t n = n0; n < n1; ++n) {
            const ConstMatMap dyn(dy + n * z.outImage, s.outC, plane);
            if (identityColumns(s)) {
                MatMap(dx + n * z.inImage, z.taps, plane).noalias() = weights.transpose() * dyn;
                continue;
            }
            float *cols = columnScratch(std::size_t(z.taps) * z.plane);
            MatMap(cols, z.taps, plane).noalias() = weights.transpose() * dyn;
            col2im(s, cols, dx + n * z.inImage);
        }
    });
}

void CpuBackend::convBackwardFilter(const ConvShape &s, const float *x, const float *dy, float *dw, float *db)
{
    if (s.groups > 1)
        return groupedConvBackwardFilter(s, x, dy, dw, db);
    const ConvSizes z = sizesOf(s);
    const std::size_t weightCount = std::size_t(s.outC) * std::size_t(z.taps);
    const std::size_t partialSize = weightCount + std::size_t(s.outC);
    const std::size_t chunks = (std::size_t(s.batch) + kFilterChunk - 1) / kFilterChunk;
    // Every chunk overwrites its partial, so the buffer is kept between calls and never cleared
    // (clearing it cost as much as a small layer's gradient).
    thread_local std::vector<float> kept;
    if (kept.size() < chunks * partialSize)
        kept.resize(chunks * partialSize);
    float *const partials = kept.data(); // the calling thread's buffer, also for the pool's threads
    const DirectConvKernels *kernels = directKernelsFor(s);
    const std::optional<DirectConvFilterGradient> direct
        = kernels ? std::optional<DirectConvFilterGradient>(std::in_place, *kernels, s) : std::nullopt;
    forChunks(std::size_t(s.batch), kFilterChunk, [&](std::size_t n0, std::size_t n1) {
        float *partial = partials + (n0 / kFilterChunk) * partialSize;
        if (direct)
            direct->run(x + n0 * z.inImage, dy + n0 * z.outImage, int(n1 - n0), partial, partial + weightCount);
        else
            im2colFilterChunk(s, x, dy, n0, n1, partial);
    });
    VecMap total(dw, Eigen::Index(weightCount));
    VecMap totalBias(db, s.outC);
    total = ConstVecMap(partials, Eigen::Index(weightCount));
    totalBias = ConstVecMap(partials + weightCount, s.outC);
    for (std::size_t c = 1; c < chunks; ++c) {
        total += ConstVecMap(partials + c * partialSize, Eigen::Index(weightCount));
        totalBias += ConstVecMap(partials + c * partialSize + weightCount, s.outC);
    }
}

} // namespace ds
