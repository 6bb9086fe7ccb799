#include "initializer.h"

#include <algorithm>
#include <cmath>

namespace ds {

void initializeWeights(float *weights, std::size_t count, int fanIn, int fanOut, InitKind init, Rng &rng)
{
    switch (init) {
    case InitKind::Xavier: {
        const float limit = std::sqrt(6.0f / static_cast<float>(fanIn + fanOut));
        for (std::size_t i = 0; i < count; ++i)
            weights[i] = rng.uniform(-limit, limit);
        break;
    }
    case InitKind::He: {
        const float stddev = std::sqrt(2.0f / static_cast<float>(fanIn));
        for (std::size_t i = 0; i < count; ++i)
            weights[i] = stddev * rng.normal();
        break;
    }
    case InitKind::Uniform:
        for (std::size_t i = 0; i < count; ++i)
            weights[i] = rng.uniform(-0.5f, 0.5f);
        break;
    case InitKind::Zeros: std::fill_n(weights, count, 0.0f); break;
    }
}

} // namespace ds
