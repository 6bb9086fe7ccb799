#include "smallgemm.h"

#include <cstring>
#include <vector>

namespace ds {
namespace {

// Columns of C are produced eight at a time in an accumulator held in vector registers; eight is
// the playground's usual layer width.
constexpr int kWidth = 8;

// Four floats as one value (GCC and Clang vector extensions), one SSE register: an array of
// floats left the compiler to vectorize piecemeal, and an eight-wide vector spilled to the stack
// without AVX.
using Float4 = float __attribute__((vector_size(16)));

inline void load4(Float4 &v, const float *p)
{
    std::memcpy(&v, p, sizeof v);
}

// Columns [j0, j0 + 8) of C row i, in two registers.
template <typename AAt>
inline void accumulateBlock8(int i, int j0, int n, int k, float alpha, AAt aAt, const float *b, float beta, float *ci)
{
    Float4 lo = {}, hi = {}, row;
    for (int p = 0; p < k; ++p) {
        const float s = aAt(i, p);
        load4(row, b + p * n + j0);
        lo += s * row;
        load4(row, b + p * n + j0 + 4);
        hi += s * row;
    }
    lo *= alpha;
    hi *= alpha;
    if (beta != 0.0f) {
        load4(row, ci + j0);
        lo += beta * row;
        load4(row, ci + j0 + 4);
        hi += beta * row;
    }
    std::memcpy(ci + j0, &lo, sizeof lo);
    std::memcpy(ci + j0 + 4, &hi, sizeof hi);
}

// Columns [j0, n) of C row i, fewer than eight.
template <typename AAt>
inline void accumulateTail(int i, int j0, int n, int k, float alpha, AAt aAt, const float *b, float beta, float *ci)
{
    float acc[kWidth] = {};
    for (int p = 0; p < k; ++p) {
        const float s = aAt(i, p);
        for (int j = j0; j < n; ++j)
            acc[j - j0] += s * b[p * n + j];
    }
    for (int j = j0; j < n; ++j)
        ci[j] = alpha * acc[j - j0] + (beta == 0.0f ? 0.0f : beta * ci[j]);
}

// C row i = alpha * sum_p op(A)(i, p) * B row p + beta * C row i.
template <typename AAt> void rowsTimesB(int m, int n, int k, float alpha, AAt aAt, const float *b, float beta, float *c)
{
    for (int i = 0; i < m; ++i) {
        float *ci = c + i * n;
        int j0 = 0;
        for (; j0 + kWidth <= n; j0 += kWidth)
            accumulateBlock8(i, j0, n, k, alpha, aAt, b, beta, ci);
        if (j0 < n)
            accumulateTail(i, j0, n, k, alpha, aAt, b, beta, ci);
    }
}

} // namespace

void smallGemm(
    bool transA, bool transB, int m, int n, int k, float alpha, const float *a, const float *b, float beta, float *c)
{
    if (transB) {
        // B is stored (n, k). Transposing it first (k * n moves, a few dozen here) turns the product
        // into row axpys again, which beats n dot products of strided or horizontal sums.
        thread_local std::vector<float> bt;
        bt.resize(static_cast<std::size_t>(k) * n);
        for (int j = 0; j < n; ++j)
            for (int p = 0; p < k; ++p)
                bt[static_cast<std::size_t>(p) * n + j] = b[j * k + p];
        b = bt.data();
    }
    if (transA)
        rowsTimesB(
            m, n, k, alpha, [=](int i, int p) { return a[p * m + i]; }, b, beta, c);
    else
        rowsTimesB(
            m, n, k, alpha, [=](int i, int p) { return a[i * k + p]; }, b, beta, c);
}

void columnSums(int rows, int cols, const float *x, float *out)
{
    int j0 = 0;
    for (; j0 + 4 <= cols; j0 += 4) {
        Float4 acc = {}, row;
        for (int r = 0; r < rows; ++r) {
            load4(row, x + r * cols + j0);
            acc += row;
        }
        std::memcpy(out + j0, &acc, sizeof acc);
    }
    for (; j0 < cols; ++j0) {
        float acc = 0.0f;
        for (int r = 0; r < rows; ++r)
            acc += x[r * cols + j0];
        out[j0] = acc;
    }
}

} // namespace ds
