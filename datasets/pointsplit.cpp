#include "pointsplit.h"

#include "error.h"
#include "random.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace ds::data {

void checkTrainPercent(int trainPercent)
{
    if (trainPercent < kMinTrainPercent || trainPercent > kMaxTrainPercent)
        throw Error("training share must be between " + std::to_string(kMinTrainPercent) + " and "
            + std::to_string(kMaxTrainPercent) + " percent (got " + std::to_string(trainPercent) + ")");
}

void shuffleAndSplit(std::vector<Point2> points, int trainPercent, Rng &rng, Points2D &out)
{
    const int n = static_cast<int>(points.size());
    if (n < 2)
        throw Error("at least 2 points are needed to split them into training and test sets");

    // Rng shuffles indices, not points: one shuffle routine for every kind of data.
    std::vector<int> order(points.size());
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);

    // Integer rounding (half up) so the split never depends on floating-point details; the
    // clamp only matters for tiny CSV files, where 10% of 2 points would leave no training set.
    const long long rounded = (static_cast<long long>(n) * trainPercent + 50) / 100;
    const int trainCount = static_cast<int>(std::clamp<long long>(rounded, 1, n - 1));

    out.train.clear();
    out.test.clear();
    out.train.reserve(trainCount);
    out.test.reserve(n - trainCount);
    for (int i = 0; i < n; ++i) {
        const Point2 &p = points[order[i]];
        if (i < trainCount)
            out.train.push_back(p);
        else
            out.test.push_back(p);
    }
}

} // namespace ds::data
