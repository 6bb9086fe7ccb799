// Internal to datasets/: the train-share check and the seeded shuffle-and-split that the
// generators and the CSV reader share, so both split a point set the same way.
#pragma once

#include "points2d.h"

#include <vector>

namespace ds {
class Rng;
}

namespace ds::data {

constexpr int kMinTrainPercent = 10;
constexpr int kMaxTrainPercent = 90;

// Throws ds::Error unless trainPercent is in [kMinTrainPercent, kMaxTrainPercent].
void checkTrainPercent(int trainPercent);

// Shuffles `points` with `rng`; the first round(n * trainPercent / 100) of them, kept within
// [1, n - 1] so that neither side is empty, go to out.train and the rest to out.test.
// Needs at least 2 points.
void shuffleAndSplit(std::vector<Point2> points, int trainPercent, Rng &rng, Points2D &out);

} // namespace ds::data
