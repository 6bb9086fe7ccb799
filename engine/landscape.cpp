#include "landscape.h"

#include "error.h"
#include "random.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <string>

namespace ds {
namespace {

void checkSize(const std::vector<float> &v, std::size_t n, const char *what)
{
    if (v.size() != n)
        throw Error(std::string("landscape: ") + what + " has " + std::to_string(v.size())
            + " values for a network of " + std::to_string(n) + " parameters");
}

// Puts θ back whatever happens in between: the trained weights are never left moved.
class ParametersGoBack {
public:
    ParametersGoBack(Network &net, const std::vector<float> &theta) : m_net(net), m_theta(theta) {}
    ~ParametersGoBack() { m_net.setParameters(m_theta); }
    ParametersGoBack(const ParametersGoBack &) = delete;
    ParametersGoBack &operator=(const ParametersGoBack &) = delete;

private:
    Network &m_net;
    const std::vector<float> &m_theta;
};

// Rescales the entries of `d` at first + k * stride (k < count) to the norm of theta's same entries.
void matchNorm(std::vector<float> &d, const std::vector<float> &theta, std::size_t first, std::size_t count,
    std::size_t stride)
{
    double dn = 0.0, tn = 0.0;
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t i = first + k * stride;
        dn += double(d[i]) * double(d[i]);
        tn += double(theta[i]) * double(theta[i]);
    }
    const double scale = dn > 0.0 ? std::sqrt(tn) / std::sqrt(dn) : 0.0;
    for (std::size_t k = 0; k < count; ++k)
        d[first + k * stride] = float(double(d[first + k * stride]) * scale);
}

} // namespace

std::pair<float, float> LandscapeGrid::lossRange() const
{
    float lo = INFINITY, hi = -INFINITY;
    for (float l : loss)
        if (std::isfinite(l)) {
            lo = std::min(lo, l);
            hi = std::max(hi, l);
        }
    return {lo, hi};
}

std::vector<float> filterNormalizedDirection(const Network &net, const std::vector<float> &theta, std::uint64_t seed)
{
    checkSize(theta, net.parameterCount(), "theta");
    std::vector<float> d(theta.size(), 0.0f);
    Rng rng(seed);
    for (int i = 0; i < net.layerCount(); ++i) {
        if (!net.hasWeights(i))
            continue; // biases, batch norm: zero
        const Shape shape = net.layerWeights(i, theta).shape;
        const std::size_t first = net.parameterOffset(i), n = elementCount(shape);
        for (std::size_t k = 0; k < n; ++k)
            d[first + k] = rng.normal();
        if (net.layer(i).kind() == LayerKind::Conv2D) { // (filters, channels, k, k): a filter is contiguous
            const std::size_t per = n / std::size_t(shape[0]);
            for (int f = 0; f < shape[0]; ++f)
                matchNorm(d, theta, first + std::size_t(f) * per, per, 1);
        } else { // dense (inputs, units): a neuron's weights are a column
            const std::size_t units = std::size_t(shape[1]);
            for (std::size_t j = 0; j < units; ++j)
                matchNorm(d, theta, first + j, std::size_t(shape[0]), units);
        }
    }
    return d;
}

LandscapeGrid sampleLandscape(Network &net, const LandscapeScore &score, const std::vector<float> &theta,
    const std::vector<float> &d1, const std::vector<float> &d2, int size, double range)
{
    const std::size_t n = net.parameterCount();
    checkSize(theta, n, "theta");
    checkSize(d1, n, "the first direction");
    checkSize(d2, n, "the second direction");
    if (size < 2 || size > 1001)
        throw Error("landscape: a grid of " + std::to_string(size) + " points per side (2 to 1,001)");
    if (!(range > 0.0) || !std::isfinite(range))
        throw Error("landscape: the range must be a positive number");
    LandscapeGrid g;
    g.size = size;
    g.range = range;
    g.loss.resize(std::size_t(size) * std::size_t(size));
    g.accuracy.resize(g.loss.size());
    const ParametersGoBack back(net, theta);
    std::vector<float> point(n);
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c) {
            const double a = g.a(c), b = g.b(r);
            for (std::size_t k = 0; k < n; ++k) // the centre is θ to the bit (a = b = 0)
                point[k] = theta[k] + float(a * double(d1[k]) + b * double(d2[k]));
            net.setParameters(point);
            const Metrics m = score();
            g.loss[std::size_t(r) * std::size_t(size) + std::size_t(c)] = m.loss;
            g.accuracy[std::size_t(r) * std::size_t(size) + std::size_t(c)] = m.accuracy;
        }
    return g;
}

std::vector<float> sampleLine(Network &net, const LandscapeScore &score, const std::vector<float> &theta,
    const std::vector<float> &from, const std::vector<float> &to, int points, double tMin, double tMax)
{
    const std::size_t n = net.parameterCount();
    checkSize(theta, n, "theta");
    checkSize(from, n, "the first state");
    checkSize(to, n, "the second state");
    if (points < 2 || points > 100001)
        throw Error("landscape: a line of " + std::to_string(points) + " points (2 to 100,001)");
    const ParametersGoBack back(net, theta);
    std::vector<float> loss, point(n);
    for (int p = 0; p < points; ++p) {
        const double t = tMin + (tMax - tMin) * p / (points - 1);
        for (std::size_t k = 0; k < n; ++k)
            point[k] = float(double(from[k]) + t * (double(to[k]) - double(from[k])));
        net.setParameters(point);
        loss.push_back(score().loss);
    }
    return loss;
}

std::vector<std::pair<double, double>> projectOntoPlane(const std::vector<std::vector<float>> &points,
    const std::vector<float> &theta, const std::vector<float> &d1, const std::vector<float> &d2)
{
    const std::size_t n = theta.size();
    checkSize(d1, n, "the first direction");
    checkSize(d2, n, "the second direction");
    double g11 = 0.0, g12 = 0.0, g22 = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        g11 += double(d1[k]) * d1[k];
        g12 += double(d1[k]) * d2[k];
        g22 += double(d2[k]) * d2[k];
    }
    const double det = g11 * g22 - g12 * g12;
    if (!(det > 1e-12 * g11 * g22))
        throw Error("landscape: the two directions are parallel (or zero)");
    std::vector<std::pair<double, double>> out;
    for (const std::vector<float> &p : points) {
        checkSize(p, n, "a point");
        double r1 = 0.0, r2 = 0.0;
        for (std::size_t k = 0; k < n; ++k) {
            const double x = double(p[k]) - double(theta[k]);
            r1 += x * d1[k];
            r2 += x * d2[k];
        }
        out.emplace_back((g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det);
    }
    return out;
}

PathPlane pathPlane(const std::vector<std::vector<float>> &snapshots, const std::vector<float> &theta)
{
    const std::size_t m = snapshots.size(), n = theta.size();
    if (m < 2)
        throw Error("landscape: the path's plane needs two saved states at least");
    for (const auto &s : snapshots)
        checkSize(s, n, "a saved state");
    // The Gram matrix of the differences from θ (m × m, small): its eigenvectors give the
    // principal components without forming the n × n covariance.
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(Eigen::Index(m), Eigen::Index(m));
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = i; j < m; ++j) {
            double sum = 0.0;
            for (std::size_t k = 0; k < n; ++k)
                sum += (double(snapshots[i][k]) - theta[k]) * (double(snapshots[j][k]) - theta[k]);
            gram(Eigen::Index(i), Eigen::Index(j)) = gram(Eigen::Index(j), Eigen::Index(i)) = sum;
        }
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(gram);
    const Eigen::VectorXd &values = eigen.eigenvalues(); // ascending
    const double total = gram.trace();
    const double l1 = values(Eigen::Index(m - 1)), l2 = values(Eigen::Index(m - 2));
    if (!(total > 0.0) || !(l2 > 1e-12 * l1))
        throw Error("landscape: the saved states do not span a plane around the current weights");
    PathPlane plane;
    plane.explained1 = l1 / total;
    plane.explained2 = l2 / total;
    for (int which = 0; which < 2; ++which) {
        const Eigen::VectorXd u = eigen.eigenvectors().col(Eigen::Index(m - 1 - std::size_t(which)));
        const double norm = std::sqrt(which == 0 ? l1 : l2);
        std::vector<float> &d = which == 0 ? plane.d1 : plane.d2;
        d.assign(n, 0.0f);
        for (std::size_t k = 0; k < n; ++k) {
            double sum = 0.0;
            for (std::size_t i = 0; i < m; ++i)
                sum += u(Eigen::Index(i)) * (double(snapshots[i][k]) - theta[k]);
            d[k] = float(sum / norm);
        }
    }
    plane.path = projectOntoPlane(snapshots, theta, plane.d1, plane.d2);
    return plane;
}

} // namespace ds
