// Finite-difference checks of one layer, shared by the dense and the convolution tests.
#pragma once

#include "layer.h"

#include <vector>

namespace ds::test {

constexpr double kTolerance = 2e-2; // float forward, eps 1e-2: differences of ~1e-4 are noise

double weightedSum(const std::vector<float> &y, const std::vector<float> &r);

// Keeps inputs away from the kinks of relu-like functions, where differences are meaningless.
std::vector<float> inputsAwayFromZero(std::size_t n, unsigned seed);

// n distinct values at least 0.1 apart, shuffled: no two cells of a max-pooling window are
// within the finite differences' step of each other, so the winner never changes mid-difference.
std::vector<float> distinctValues(std::size_t n, unsigned seed);

// Checks the layer's input gradient (and, when it has parameters, their gradient) for the
// scalar L = sum(r * layer(x)), with random inputs or the given ones, in evaluation or training
// mode (batch norm's batch statistics). Records a Qt Test failure naming the layer.
void checkLayer(Backend &be, Layer &layer, const Shape &inRow, int rows, unsigned seed, bool training = false,
    const std::vector<float> &inputs = {});

} // namespace ds::test
