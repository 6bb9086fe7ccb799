// CpuBackend's grouped convolutions (ConvShape::groups > 1): MobileNet's depthwise ones (one input
// channel per filter) and any other split. Direct loops over each filter's own channels, with no
// unfolding: a depthwise filter reads k * k values per output, too little for a matrix product to
// pay for packing. The inner loops run along an output row, which the compiler vectorizes at
// stride 1. Every output value (of y, dx, dw) is summed by one thread in a fixed order, so the
// bits do not depend on the thread count.
#include "cpubackend.h"

#include "convrange.h"

#include <algorithm>

namespace ds {
namespace {

struct GroupSizes {
    int inPerGroup, outPerGroup;
    std::size_t inPlane, outPlane, taps; // taps: one filter's weights
};

GroupSizes groupSizes(const ConvShape &s)
{
    const int inPerGroup = s.inC / s.groups;
    return {inPerGroup, s.outC / s.groups, std::size_t(s.inH) * s.inW, std::size_t(s.outH) * s.outW,
        std::size_t(inPerGroup) * s.kernelH * s.kernelW};
}

// Calls fn(oy, iy, ox0, ox1, x0) for every output row oy of tap (ki, kj) that reads input row iy,
// with [ox0, ox1) the outputs whose input column x0 + ox * strideW is inside the image.
template <typename Fn> void forTapRows(const ConvShape &s, int ki, int kj, Fn &&fn)
{
    const int x0 = kj * s.dilationW - s.padW;
    int lo, hi;
    validRange(x0, s.strideW, s.inW, s.outW, lo, hi);
    if (lo >= hi)
        return;
    for (int oy = 0; oy < s.outH; ++oy) {
        const int iy = oy * s.strideH - s.padH + ki * s.dilationH;
        if (iy >= 0 && iy < s.inH)
            fn(oy, iy, lo, hi, x0);
    }
}

} // namespace

void CpuBackend::groupedConvForward(const ConvShape &s, const float *x, const float *w, const float *bias, float *y)
{
    const GroupSizes z = groupSizes(s);
    forChunks(std::size_t(s.batch) * s.outC, 1, [&](std::size_t p0, std::size_t p1) {
        for (std::size_t p = p0; p < p1; ++p) {
            const std::size_t n = p / std::size_t(s.outC);
            const int f = int(p % std::size_t(s.outC)), g = f / z.outPerGroup;
            float *out = y + p * z.outPlane;
            std::fill_n(out, z.outPlane, bias[f]);
            const float *filter = w + std::size_t(f) * z.taps;
            for (int c = 0; c < z.inPerGroup; ++c) {
                const float *in = x + (n * s.inC + std::size_t(g * z.inPerGroup + c)) * z.inPlane;
                for (int ki = 0; ki < s.kernelH; ++ki)
                    for (int kj = 0; kj < s.kernelW; ++kj) {
                        const float wv = filter[(std::size_t(c) * s.kernelH + ki) * s.kernelW + kj];
                        forTapRows(s, ki, kj, [&](int oy, int iy, int lo, int hi, int x0) {
                            float *row = out + std::size_t(oy) * s.outW;
                            const float *src = in + std::size_t(iy) * s.inW + x0;
                            if (s.strideW == 1)
                                for (int ox = lo; ox < hi; ++ox)
                                    row[ox] += wv * src[ox];
                            else
                                for (int ox = lo; ox < hi; ++ox)
                                    row[ox] += wv * src[ox * s.strideW];
                        });
                    }
            }
        }
    });
}

void CpuBackend::groupedConvBackwardData(const ConvShape &s, const float *dy, const float *w, float *dx)
{
    const GroupSizes z = groupSizes(s);
    forChunks(std::size_t(s.batch) * s.inC, 1, [&](std::size_t p0, std::size_t p1) {
        for (std::size_t p = p0; p < p1; ++p) {
            const std::size_t n = p / std::size_t(s.inC);
            const int ic = int(p % std::size_t(s.inC)), g = ic / z.inPerGroup, c = ic % z.inPerGroup;
            float *out = dx + p * z.inPlane;
            std::fill_n(out, z.inPlane, 0.0f);
            for (int f = g * z.outPerGroup; f < (g + 1) * z.outPerGroup; ++f) {
                const float *grad = dy + (n * s.outC + std::size_t(f)) * z.outPlane;
                const float *filter = w + std::size_t(f) * z.taps + std::size_t(c) * s.kernelH * s.kernelW;
                for (int ki = 0; ki < s.kernelH; ++ki)
                    for (int kj = 0; kj < s.kernelW; ++kj) {
                        const float wv = filter[ki * s.kernelW + kj];
                        forTapRows(s, ki, kj, [&](int oy, int iy, int lo, int hi, int x0) {
                            const float *row = grad + std::size_t(oy) * s.outW;
                            float *dst = out + std::size_t(iy) * s.inW + x0;
                            if (s.strideW == 1)
                                for (int ox = lo; ox < hi; ++ox)
                                    dst[ox] += wv * row[ox];
                            else
                                for (int ox = lo; ox < hi; ++ox)
                                    dst[ox * s.strideW] += wv * row[ox];
                        });
                    }
            }
        }
    });
}

void CpuBackend::groupedConvBackwardFilter(const ConvShape &s, const float *x, const float *dy, float *dw, float *db)
{
    const GroupSizes z = groupSizes(s);
    forChunks(std::size_t(s.outC), 1, [&](std::size_t f0, std::size_t f1) {
        for (std::size_t f = f0; f < f1; ++f) {
            const int g = int(f) / z.outPerGroup;
            float *filter = dw + f * z.taps;
            std::fill_n(filter, z.taps, 0.0f);
            float biasSum = 0.0f;
            for (int n = 0; n < s.batch; ++n) {
                const float *grad = dy + (std::size_t(n) * s.outC + f) * z.outPlane;
                for (std::size_t i = 0; i < z.outPlane; ++i)
                    biasSum += grad[i];
                for (int c = 0; c < z.inPerGroup; ++c) {
                    const float *in = x + (std::size_t(n) * s.inC + std::size_t(g * z.inPerGroup + c)) * z.inPlane;
                    for (int ki = 0; ki < s.kernelH; ++ki)
                        for (int kj = 0; kj < s.kernelW; ++kj) {
                            float sum = 0.0f;
                            forTapRows(s, ki, kj, [&](int oy, int iy, int lo, int hi, int x0) {
                                const float *row = grad + std::size_t(oy) * s.outW;
                                const float *src = in + std::size_t(iy) * s.inW + x0;
                                float part = 0.0f;
                                if (s.strideW == 1)
                                    for (int ox = lo; ox < hi; ++ox)
                                        part += row[ox] * src[ox];
                                else
                                    for (int ox = lo; ox < hi; ++ox)
                                        part += row[ox] * src[ox * s.strideW];
                                sum += part;
                            });
                            filter[(std::size_t(c) * s.kernelH + ki) * s.kernelW + kj] += sum;
                        }
                }
            }
            db[f] = biasSum;
        }
    });
}

} // namespace ds
