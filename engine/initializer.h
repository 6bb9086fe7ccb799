// Weight initialization schemes, on host memory (the network uploads the result once).
// Xavier: uniform(+-sqrt(6 / (fanIn + fanOut))); He: normal(0, sqrt(2 / fanIn));
// Uniform: uniform(-0.5, 0.5), TensorFlow Playground's choice; Zeros: all zero.
#pragma once

#include "kinds.h"
#include "random.h"

#include <cstddef>

namespace ds {

void initializeWeights(float *weights, std::size_t count, int fanIn, int fanOut, InitKind init, Rng &rng);

} // namespace ds
