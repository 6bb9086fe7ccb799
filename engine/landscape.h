// The loss landscape around a network (Li et al., "Visualizing the Loss Landscape of Neural
// Nets", NeurIPS 2018): the loss over a plane of weight points θ + a·d1 + b·d2 through the
// current weights θ, along directions that are random but scaled filter by filter to θ's own
// (so that networks of different scales compare), or the two principal components of the path
// training took; the path projected onto the plane; and a 1-D slice between two weight states
// (Goodfellow et al.'s linear interpolation). Directions and weights are host vectors in the
// layout of Network::parametersToHost. Sampling changes the network's parameters only while it
// runs: they are put back bit for bit, and no optimizer state is touched.
#pragma once

#include "network.h"
#include "trainer.h"

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace ds {

// Gaussian entries, then each convolution filter and each dense neuron (the weights into one
// unit) rescaled to the norm of the same filter or neuron in `theta`; biases and every other
// parameter (batch norm's scale, shift and running statistics) zero, as the paper does.
std::vector<float> filterNormalizedDirection(const Network &net, const std::vector<float> &theta, std::uint64_t seed);

struct LandscapeGrid {
    int size = 0; // points per side (odd: the centre is θ)
    double range = 1.0; // a and b run over [-range, range]
    // size * size values, row by row: row r has b = -range + 2 * range * r / (size - 1), column
    // c has a likewise. accuracy is -1 everywhere for regression.
    std::vector<float> loss, accuracy;
    double a(int column) const { return -range + 2.0 * range * column / (size - 1); }
    double b(int row) const { return -range + 2.0 * range * row / (size - 1); }
    float lossAt(int row, int column) const { return loss[std::size_t(row) * std::size_t(size) + std::size_t(column)]; }
    // The smallest and largest finite loss (INFINITY and -INFINITY when there is none).
    std::pair<float, float> lossRange() const;
};

// What a point of the landscape is scored by: the network as its parameters are now, on some
// data (Trainer::evaluate or evaluateTraining: the data loss, without regularization).
using LandscapeScore = std::function<Metrics()>;

// The loss at each point of a size × size grid; `theta` must be the network's current
// parameters (it is where they go back). size >= 2; throws ds::Error on sizes that do not fit.
LandscapeGrid sampleLandscape(Network &net, const LandscapeScore &score, const std::vector<float> &theta,
    const std::vector<float> &d1, const std::vector<float> &d2, int size, double range);

// The loss at `points` evenly spaced t in [tMin, tMax] on from + t * (to - from).
std::vector<float> sampleLine(Network &net, const LandscapeScore &score, const std::vector<float> &theta,
    const std::vector<float> &from, const std::vector<float> &to, int points, double tMin, double tMax);

// The plane of a training path (the paper's section 7): the top two principal components of
// the snapshots' differences from θ, unit length, with the share of the differences' variance
// each explains, and every snapshot's coordinates in the plane.
struct PathPlane {
    std::vector<float> d1, d2;
    double explained1 = 0.0, explained2 = 0.0;
    std::vector<std::pair<double, double>> path;
};
// Needs two snapshots at least that differ from θ; throws ds::Error otherwise.
PathPlane pathPlane(const std::vector<std::vector<float>> &snapshots, const std::vector<float> &theta);

// Each point's coordinates (a, b) with point ≈ θ + a·d1 + b·d2, by least squares (d1 and d2 need
// not be orthogonal: random directions are not).
std::vector<std::pair<double, double>> projectOntoPlane(const std::vector<std::vector<float>> &points,
    const std::vector<float> &theta, const std::vector<float> &d1, const std::vector<float> &d2);

} // namespace ds
