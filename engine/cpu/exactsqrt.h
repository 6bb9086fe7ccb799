// An Eigen array square root that is exact (IEEE-754 correctly rounded) on every x86-64 CPU.
// Eigen 3.4 builds with EIGEN_FAST_MATH on, and then its vectorized sqrt is vrsqrtps plus one
// Newton step. That instruction's bits are specified only to within an error bound: AMD and
// Intel processors return different ones, so the same seed trained different networks on them.
// sqrtps is exact. Turning EIGEN_FAST_MATH off instead would also make Eigen's tanh scalar, which
// the playground's networks use everywhere; so only the square root is replaced.
#pragma once

#include <Eigen/Core>

#include <cmath>

#if defined(__SSE__) || defined(__x86_64__)
#include <immintrin.h>
#endif

namespace ds {

struct ExactSqrtOp {
    float operator()(float x) const { return std::sqrt(x); }
    template <typename Packet> Packet packetOp(const Packet &x) const { return exactSqrtPacket(x); }

private:
#if defined(__AVX512F__)
    static __m512 exactSqrtPacket(const __m512 &x) { return _mm512_sqrt_ps(x); }
#endif
#if defined(__AVX__)
    static __m256 exactSqrtPacket(const __m256 &x) { return _mm256_sqrt_ps(x); }
#endif
#if defined(__SSE__) || defined(__x86_64__)
    static __m128 exactSqrtPacket(const __m128 &x) { return _mm_sqrt_ps(x); }
#endif
};

// exactSqrt(a): a.sqrt() with exact packets.
template <typename Derived> auto exactSqrt(const Eigen::ArrayBase<Derived> &a)
{
    return a.unaryExpr(ExactSqrtOp());
}

} // namespace ds

namespace Eigen::internal {
// Vectorize the functor on x86-64, where each of Eigen's float packets is one of the types above;
// elsewhere (no packet overload) it runs the scalar std::sqrt, exact too.
template <> struct functor_traits<ds::ExactSqrtOp> {
    enum {
        Cost = 5 * NumTraits<float>::MulCost,
#if defined(__SSE__) || defined(__x86_64__)
        PacketAccess = 1
#else
        PacketAccess = 0
#endif
    };
};
} // namespace Eigen::internal
