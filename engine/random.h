// Rng: the engine's only source of randomness. xoshiro256** seeded through splitmix64, with our
// own uniform and normal transforms, so a seed gives the same numbers on every compiler and
// platform (std::*_distribution are implementation-defined and would not).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ds {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0);

    std::uint64_t next(); // 64 uniformly random bits
    float uniform(); // [0, 1)
    float uniform(float lo, float hi); // [lo, hi)
    double uniformDouble(); // [0, 1), 53 bits
    float normal(); // mean 0, variance 1 (Box-Muller, both values used)
    std::uint64_t below(std::uint64_t n); // [0, n), unbiased; n > 0
    void shuffle(std::vector<int> &values); // Fisher-Yates

    // The whole state as six words (for saving a run to a file), and back: a restored generator
    // continues the same sequence.
    std::array<std::uint64_t, 6> state() const;
    void setState(const std::array<std::uint64_t, 6> &state);

private:
    std::uint64_t m_state[4];
    bool m_hasSpare = false;
    float m_spare = 0.0f;
};

// A counter-based uniform in [0, 1) for element `index` of stream `seed`: the same on every
// backend and thread count, which is what dropout masks need.
float hashUniform(std::uint64_t seed, std::uint64_t index);

} // namespace ds
