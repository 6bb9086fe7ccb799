// The direct convolution's kernels on AVX-512 (16 floats a vector, 32 vector registers). This
// file alone is compiled with -mavx512f -mavx512vl (engine/CMakeLists.txt); directconv.cpp calls
// it only on CPUs that have them.
#include "directconvsimd.h"

#include <immintrin.h>

namespace ds {
namespace {

struct Avx512 {
    using V = __m512;
    static constexpr int lanes = 16;
    static V zero() { return _mm512_setzero_ps(); }
    static V load(const float *p) { return _mm512_loadu_ps(p); }
    static void store(float *p, V v) { _mm512_storeu_ps(p, v); }
    static V broadcast(const float *p) { return _mm512_set1_ps(*p); }
    static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
    // Halved with plain shuffles: GCC 12 warns inside _mm512_reduce_add_ps and the extract
    // intrinsics (their undefined pass-through operand).
    static float sum(V v)
    {
        const __m256 eight = _mm256_add_ps(__builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7),
            __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15));
        const __m128 four = _mm_add_ps(_mm256_castps256_ps128(eight), _mm256_extractf128_ps(eight, 1));
        const __m128 two = _mm_add_ps(four, _mm_movehl_ps(four, four));
        return _mm_cvtss_f32(_mm_add_ss(two, _mm_movehdup_ps(two)));
    }
};

// product: 8 channels x 3 vectors = 24 accumulators, 3 loaded vectors and a broadcast.
constexpr int kProductRows = 8, kProductVectors = 3;
// filterProduct: 4 channels x 6 taps = 24 accumulators, 6 tap vectors and a dy vector.
constexpr int kFilterRows = 4, kFilterTaps = 6;

} // namespace

const DirectConvKernels kDirectConvAvx512 = {"AVX-512", Avx512::lanes, kProductRows, kFilterRows, kFilterTaps,
    &product<Avx512, kProductRows, kProductVectors>, &filterProduct<Avx512, kFilterRows, kFilterTaps>};

} // namespace ds
