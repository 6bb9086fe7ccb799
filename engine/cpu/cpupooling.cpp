// CpuBackend's pooling: plain loops over each channel plane; planes are shared between threads.
#include "cpubackend.h"

#include "convgeometry.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

namespace ds {
namespace {

constexpr std::size_t kPlaneGrain = 16; // planes per chunk: a 28x28 plane is too little work alone

// The clipped extent [lo, hi) of every window along one axis, computed once per call rather than
// once per output cell.
struct Span {
    int lo, hi;
};

std::vector<Span> spans(int out, int stride, int pad, int window, int size)
{
    std::vector<Span> v(std::size_t(out > 0 ? out : 0));
    for (int o = 0; o < out; ++o) {
        const int start = o * stride - pad;
        v[std::size_t(o)] = {std::max(start, 0), std::min(start + window, size)};
    }
    return v;
}

// The first cell of the window holding its maximum, as an offset into the plane; -1 for a window
// entirely in the padding (its output is -inf and passes no gradient). Rows are scanned in
// order and a later cell wins only when strictly larger, the same rule on every backend.
inline int argMax(const float *plane, int width, const Span &r, const Span &c)
{
    if (r.lo >= r.hi || c.lo >= c.hi)
        return -1;
    int best = r.lo * width + c.lo;
    float value = plane[best];
    for (int iy = r.lo; iy < r.hi; ++iy) {
        const float *row = plane + iy * width;
        for (int ix = c.lo; ix < c.hi; ++ix)
            if (row[ix] > value) {
                value = row[ix];
                best = iy * width + ix;
            }
    }
    return best;
}

inline float windowSum(const float *plane, int width, const Span &r, const Span &c)
{
    float sum = 0.0f;
    for (int iy = r.lo; iy < r.hi; ++iy) {
        const float *row = plane + iy * width;
        for (int ix = c.lo; ix < c.hi; ++ix)
            sum += row[ix];
    }
    return sum;
}

// The common case, a 2x2 or 3x3 max pool without padding, with the window's size known at compile
// time: the loops unroll and the comparisons become branch-free selects. (Random activations
// make the generic loop's branches mispredict about half the time.) Same rule as argMax: the
// first cell strictly larger than all before it wins, so NaN never wins unless it comes first.
template <int K> void maxPlaneForward(const PoolShape &s, const float *in, float *out)
{
    for (int oy = 0; oy < s.outH; ++oy, out += s.outW) {
        const float *row = in + std::size_t(oy) * s.strideH * s.inW;
        for (int ox = 0; ox < s.outW; ++ox) {
            const float *w = row + ox * s.strideW;
            float m = w[0];
            for (int i = 0; i < K; ++i)
                for (int j = 0; j < K; ++j)
                    m = std::max(m, w[i * s.inW + j]);
            out[ox] = m;
        }
    }
}

template <int K> void maxPlaneBackward(const PoolShape &s, const float *in, const float *g, float *out)
{
    for (int oy = 0; oy < s.outH; ++oy, g += s.outW) {
        const std::size_t rowStart = std::size_t(oy) * s.strideH * s.inW;
        for (int ox = 0; ox < s.outW; ++ox) {
            const std::size_t start = rowStart + std::size_t(ox) * s.strideW;
            const float *w = in + start;
            int best = 0;
            float value = w[0];
            for (int i = 0; i < K; ++i)
                for (int j = 0; j < K; ++j) {
                    const float v = w[i * s.inW + j];
                    const bool better = v > value;
                    best = better ? i * s.inW + j : best;
                    value = better ? v : value;
                }
            out[start + std::size_t(best)] += g[ox];
        }
    }
}

// The 2x2 pool at stride 2, by far the most common: the windows tile the plane, so every cell is
// written once, as its window's gradient if it won and 0 if not (nothing cleared first, nothing
// read back). Same winner rule as above. Windows go eight and then four at a time through
// vectors (GCC's vector extensions): two rows of a window's cells are split into their even and
// odd columns, compared lane by lane, and the four results interleaved back.
// Built for any x86-64 (DEEPSCOPE_CPU=baseline) GCC warns that 32-byte vectors are passed
// differently without AVX: these helpers are local to this file (never across a library's ABI),
// so the warning says nothing here.
#pragma GCC diagnostic ignored "-Wpsabi"
template <int W> struct FloatsOf;
template <> struct FloatsOf<8> {
    using Type = float __attribute__((vector_size(32)));
};
template <> struct FloatsOf<4> {
    using Type = float __attribute__((vector_size(16)));
};
template <int W> using Floats = typename FloatsOf<W>::Type;

template <int W> inline Floats<W> loadFloats(const float *p)
{
    Floats<W> v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

template <int W> inline void storeFloats(float *p, Floats<W> v)
{
    std::memcpy(p, &v, sizeof v);
}

// Windows [ox, ox + W) of one row of windows; r0, r1 its two input rows, o0, o1 their gradients.
template <int W>
inline void backward2x2Windows(const float *r0, const float *r1, const float *g, float *o0, float *o1, int ox)
{
    using V = Floats<W>;
    const V top0 = loadFloats<W>(r0 + 2 * ox), top1 = loadFloats<W>(r0 + 2 * ox + W);
    const V bottom0 = loadFloats<W>(r1 + 2 * ox), bottom1 = loadFloats<W>(r1 + 2 * ox + W);
    V a, b, c, d; // the four cells of each window, in scan order
    if constexpr (W == 8) {
        a = __builtin_shufflevector(top0, top1, 0, 2, 4, 6, 8, 10, 12, 14);
        b = __builtin_shufflevector(top0, top1, 1, 3, 5, 7, 9, 11, 13, 15);
        c = __builtin_shufflevector(bottom0, bottom1, 0, 2, 4, 6, 8, 10, 12, 14);
        d = __builtin_shufflevector(bottom0, bottom1, 1, 3, 5, 7, 9, 11, 13, 15);
    } else {
        a = __builtin_shufflevector(top0, top1, 0, 2, 4, 6);
        b = __builtin_shufflevector(top0, top1, 1, 3, 5, 7);
        c = __builtin_shufflevector(bottom0, bottom1, 0, 2, 4, 6);
        d = __builtin_shufflevector(bottom0, bottom1, 1, 3, 5, 7);
    }
    const V grad = loadFloats<W>(g + ox), zero = V {};
    const auto bWins = b > a;
    const V ab = bWins ? b : a;
    const auto cWins = c > ab;
    const auto dWins = d > (cWins ? c : ab);
    const V ga = (bWins | cWins | dWins) ? zero : grad;
    const V gb = (bWins & ~cWins & ~dWins) ? grad : zero;
    const V gc = (cWins & ~dWins) ? grad : zero;
    const V gd = dWins ? grad : zero;
    if constexpr (W == 8) {
        storeFloats<W>(o0 + 2 * ox, __builtin_shufflevector(ga, gb, 0, 8, 1, 9, 2, 10, 3, 11));
        storeFloats<W>(o0 + 2 * ox + W, __builtin_shufflevector(ga, gb, 4, 12, 5, 13, 6, 14, 7, 15));
        storeFloats<W>(o1 + 2 * ox, __builtin_shufflevector(gc, gd, 0, 8, 1, 9, 2, 10, 3, 11));
        storeFloats<W>(o1 + 2 * ox + W, __builtin_shufflevector(gc, gd, 4, 12, 5, 13, 6, 14, 7, 15));
    } else {
        storeFloats<W>(o0 + 2 * ox, __builtin_shufflevector(ga, gb, 0, 4, 1, 5));
        storeFloats<W>(o0 + 2 * ox + W, __builtin_shufflevector(ga, gb, 2, 6, 3, 7));
        storeFloats<W>(o1 + 2 * ox, __builtin_shufflevector(gc, gd, 0, 4, 1, 5));
        storeFloats<W>(o1 + 2 * ox + W, __builtin_shufflevector(gc, gd, 2, 6, 3, 7));
    }
}

void maxPlaneBackward2x2(const PoolShape &s, const float *in, const float *g, float *out)
{
    const int w = s.inW;
    for (int oy = 0; oy < s.outH; ++oy, g += s.outW) {
        const float *r0 = in + std::size_t(2 * oy) * w, *r1 = r0 + w;
        float *o0 = out + std::size_t(2 * oy) * w, *o1 = o0 + w;
        int ox = 0;
        for (; ox + 8 <= s.outW; ox += 8)
            backward2x2Windows<8>(r0, r1, g, o0, o1, ox);
        for (; ox + 4 <= s.outW; ox += 4)
            backward2x2Windows<4>(r0, r1, g, o0, o1, ox);
        for (; ox < s.outW; ++ox) {
            const float a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];
            int best = b > a ? 1 : 0;
            float value = best ? b : a;
            if (c > value) {
                best = 2;
                value = c;
            }
            if (d > value)
                best = 3;
            o0[2 * ox] = best == 0 ? g[ox] : 0.0f;
            o0[2 * ox + 1] = best == 1 ? g[ox] : 0.0f;
            o1[2 * ox] = best == 2 ? g[ox] : 0.0f;
            o1[2 * ox + 1] = best == 3 ? g[ox] : 0.0f;
        }
        for (int x = 2 * s.outW; x < w; ++x)
            o0[x] = o1[x] = 0.0f; // an odd last column belongs to no window
    }
    std::fill(out + std::size_t(2 * s.outH) * w, out + std::size_t(s.inH) * w, 0.0f);
}

// The window size of a max pool the templates above handle, or 0.
// Whether every window lies inside the padded input (floor mode); ceil mode's last ones may not.
bool windowsInside(const PoolShape &s)
{
    return s.outH == poolOutputSize(s.inH, s.windowH, s.strideH, s.padH)
        && s.outW == poolOutputSize(s.inW, s.windowW, s.strideW, s.padW);
}

// The cells of a window clipped to the padded input: what an average divides by.
std::vector<int> clippedExtents(int out, int stride, int pad, int window, int size)
{
    std::vector<int> v(std::size_t(out > 0 ? out : 0));
    for (int o = 0; o < out; ++o) {
        const int start = o * stride - pad;
        v[std::size_t(o)] = std::min(start + window, size + pad) - start;
    }
    return v;
}

int fastMaxWindow(const PoolShape &s)
{
    if (!s.max || s.padH != 0 || s.padW != 0 || s.windowH != s.windowW || !windowsInside(s))
        return 0;
    return s.windowH == 2 || s.windowH == 3 ? s.windowH : 0;
}

// Where every output's window lies in the input, what an average divides by, and whether a fast
// max-pool path applies: the same for forward and backward.
struct Windows {
    explicit Windows(const PoolShape &s)
        : rows(spans(s.outH, s.strideH, s.padH, s.windowH, s.inH)),
          cols(spans(s.outW, s.strideW, s.padW, s.windowW, s.inW)),
          high(clippedExtents(s.outH, s.strideH, s.padH, s.windowH, s.inH)),
          wide(clippedExtents(s.outW, s.strideW, s.padW, s.windowW, s.inW)), fast(fastMaxWindow(s))
    {
    }
    float divisor(int oy, int ox) const { return float(high[std::size_t(oy)] * wide[std::size_t(ox)]); }
    std::vector<Span> rows, cols;
    std::vector<int> high, wide; // the windows' sizes clipped to the padded input (ceil mode)
    int fast;
};

} // namespace

void CpuBackend::poolForward(const PoolShape &s, const float *x, float *y)
{
    const std::size_t inPlane = std::size_t(s.inH) * s.inW, outPlane = std::size_t(s.outH) * s.outW;
    const Windows w(s);
    forChunks(std::size_t(s.batch) * s.channels, kPlaneGrain, [&](std::size_t p0, std::size_t p1) {
        for (std::size_t p = p0; p < p1; ++p) {
            const float *in = x + p * inPlane;
            float *out = y + p * outPlane;
            if (w.fast == 2) {
                maxPlaneForward<2>(s, in, out);
                continue;
            }
            if (w.fast == 3) {
                maxPlaneForward<3>(s, in, out);
                continue;
            }
            for (int oy = 0; oy < s.outH; ++oy, out += s.outW) {
                const Span &r = w.rows[std::size_t(oy)];
                for (int ox = 0; ox < s.outW; ++ox) {
                    const Span &c = w.cols[std::size_t(ox)];
                    if (s.max) {
                        const int at = argMax(in, s.inW, r, c);
                        out[ox] = at < 0 ? -std::numeric_limits<float>::infinity() : in[at];
                    } else {
                        out[ox] = windowSum(in, s.inW, r, c) / w.divisor(oy, ox);
                    }
                }
            }
        }
    });
}

void CpuBackend::poolBackward(const PoolShape &s, const float *x, const float *, const float *dy, float *dx)
{
    const std::size_t inPlane = std::size_t(s.inH) * s.inW, outPlane = std::size_t(s.outH) * s.outW;
    const Windows w(s);
    forChunks(std::size_t(s.batch) * s.channels, kPlaneGrain, [&](std::size_t p0, std::size_t p1) {
        for (std::size_t p = p0; p < p1; ++p) {
            const float *in = x + p * inPlane;
            const float *g = dy + p * outPlane;
            float *out = dx + p * inPlane;
            if (w.fast == 2 && s.strideH == 2 && s.strideW == 2) {
                maxPlaneBackward2x2(s, in, g, out);
                continue;
            }
            std::fill_n(out, inPlane, 0.0f);
            if (w.fast == 2) {
                maxPlaneBackward<2>(s, in, g, out);
                continue;
            }
            if (w.fast == 3) {
                maxPlaneBackward<3>(s, in, g, out);
                continue;
            }
            for (int oy = 0; oy < s.outH; ++oy, g += s.outW) {
                const Span &r = w.rows[std::size_t(oy)];
                for (int ox = 0; ox < s.outW; ++ox) {
                    const Span &c = w.cols[std::size_t(ox)];
                    if (s.max) {
                        const int at = argMax(in, s.inW, r, c);
                        if (at >= 0)
                            out[at] += g[ox];
                        continue;
                    }
                    const float share = g[ox] / w.divisor(oy, ox);
                    for (int iy = r.lo; iy < r.hi; ++iy)
                        for (int ix = c.lo; ix < c.hi; ++ix)
                            out[iy * s.inW + ix] += share;
                }
            }
        }
    });
}

} // namespace ds
