// Matrix products too small for Eigen's blocked GEMM to pay off (the playground's 10 x 8 x 8):
// plain loops whose inner loop runs along contiguous rows, so the compiler vectorizes it, with a
// fixed summation order (bit-identical results on every run). Row-major, as Backend::gemm.
#pragma once

namespace ds {

// C(m, n) = alpha * op(A) op(B) + beta * C.
void smallGemm(
    bool transA, bool transB, int m, int n, int k, float alpha, const float *a, const float *b, float beta, float *c);

// out(cols) = the sums of the columns of x(rows, cols), four columns at a time.
void columnSums(int rows, int cols, const float *x, float *out);

} // namespace ds
