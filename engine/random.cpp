#include "random.h"

#include "hashuniform.h"

#include <cmath>
#include <cstring>
#include <numbers>
#include <utility>

namespace ds {
namespace {

std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

Rng::Rng(std::uint64_t seed)
{
    for (auto &s : m_state)
        s = splitmix64(seed);
}

std::uint64_t Rng::next()
{
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

// 24 random bits give every float in [0, 1) on a uniform grid of 2^-24.
float Rng::uniform()
{
    return static_cast<float>(next() >> 40) * 0x1.0p-24f;
}

float Rng::uniform(float lo, float hi)
{
    return lo + (hi - lo) * uniform();
}

double Rng::uniformDouble()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

std::array<std::uint64_t, 6> Rng::state() const
{
    std::uint32_t spare = 0;
    std::memcpy(&spare, &m_spare, sizeof spare);
    return {m_state[0], m_state[1], m_state[2], m_state[3], m_hasSpare ? 1u : 0u, spare};
}

void Rng::setState(const std::array<std::uint64_t, 6> &s)
{
    for (int i = 0; i < 4; ++i)
        m_state[i] = s[std::size_t(i)];
    m_hasSpare = s[4] != 0;
    const auto spare = std::uint32_t(s[5]);
    std::memcpy(&m_spare, &spare, sizeof spare);
}

float Rng::normal()
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const double u1 = 1.0 - uniformDouble();
    const double u2 = uniformDouble();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double a = 2.0 * std::numbers::pi * u2;
    m_spare = static_cast<float>(r * std::sin(a));
    m_hasSpare = true;
    return static_cast<float>(r * std::cos(a));
}

std::uint64_t Rng::below(std::uint64_t n)
{
    // Rejection keeps every value equally likely.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do {
        x = next();
    } while (x >= limit);
    return x % n;
}

void Rng::shuffle(std::vector<int> &values)
{
    for (std::size_t i = values.size(); i > 1; --i)
        std::swap(values[i - 1], values[below(i)]);
}

float hashUniform(std::uint64_t seed, std::uint64_t index)
{
    return hashUniformBits(seed, index);
}

} // namespace ds
