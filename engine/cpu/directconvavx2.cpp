// The direct convolution's kernels on AVX2 + FMA (8 floats a vector, 16 vector registers). This
// file alone is compiled with -mavx2 -mfma (engine/CMakeLists.txt); directconv.cpp calls it only
// on CPUs that have them.
#include "directconvsimd.h"

#include <immintrin.h>

namespace ds {
namespace {

struct Avx2 {
    using V = __m256;
    static constexpr int lanes = 8;
    static V zero() { return _mm256_setzero_ps(); }
    static V load(const float *p) { return _mm256_loadu_ps(p); }
    static void store(float *p, V v) { _mm256_storeu_ps(p, v); }
    static V broadcast(const float *p) { return _mm256_broadcast_ss(p); }
    static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
    static float sum(V v)
    {
        const __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
        const __m128 quarter = _mm_add_ps(half, _mm_movehl_ps(half, half));
        return _mm_cvtss_f32(_mm_add_ss(quarter, _mm_movehdup_ps(quarter)));
    }
};

// product: 4 channels x 3 vectors = 12 accumulators, 3 loaded vectors and a broadcast.
constexpr int kProductRows = 4, kProductVectors = 3;
// filterProduct: 4 channels x 3 taps = 12 accumulators, 3 tap vectors and a dy vector.
constexpr int kFilterRows = 4, kFilterTaps = 3;

} // namespace

const DirectConvKernels kDirectConvAvx2 = {"AVX2", Avx2::lanes, kProductRows, kFilterRows, kFilterTaps,
    &product<Avx2, kProductRows, kProductVectors>, &filterProduct<Avx2, kFilterRows, kFilterTaps>};

} // namespace ds
