// CpuBackend's batch normalization: one channel at a time (channels shared between threads),
// sums in double so that a batch of thousands of positions keeps its precision.
#include "cpubackend.h"

#include <cmath>

namespace ds {
namespace {

constexpr std::size_t kChannelGrain = 4;

// Calls fn(value pointer, count) for each contiguous run of channel c's values in (N, C, S).
template <typename Fn> void forChannel(const NormShape &s, int c, Fn &&fn)
{
    for (int n = 0; n < s.batch; ++n)
        fn((std::size_t(n) * s.channels + c) * s.spatial, std::size_t(s.spatial));
}

} // namespace

void CpuBackend::batchNormTraining(const NormShape &s, const float *x, const float *gamma, const float *beta,
    float *runningMean, float *runningVar, float *savedMean, float *savedInvStd, float *y)
{
    const double count = double(s.batch) * s.spatial;
    forChunks(std::size_t(s.channels), kChannelGrain, [&](std::size_t c0, std::size_t c1) {
        for (std::size_t c = c0; c < c1; ++c) {
            double sum = 0.0;
            forChannel(s, int(c), [&](std::size_t at, std::size_t len) {
                for (std::size_t i = 0; i < len; ++i)
                    sum += x[at + i];
            });
            const double mean = sum / count;
            double squares = 0.0;
            forChannel(s, int(c), [&](std::size_t at, std::size_t len) {
                for (std::size_t i = 0; i < len; ++i) {
                    const double d = x[at + i] - mean;
                    squares += d * d;
                }
            });
            const double var = squares / count;
            const float invStd = float(1.0 / std::sqrt(var + s.epsilon));
            const float m = float(mean), scale = gamma[c] * invStd, shift = beta[c];
            forChannel(s, int(c), [&](std::size_t at, std::size_t len) {
                for (std::size_t i = 0; i < len; ++i)
                    y[at + i] = (x[at + i] - m) * scale + shift;
            });
            savedMean[c] = m;
            savedInvStd[c] = invStd;
            const double unbiased = count > 1.0 ? squares / (count - 1.0) : var;
            runningMean[c] = float((1.0 - s.momentum) * runningMean[c] + s.momentum * mean);
            runningVar[c] = float((1.0 - s.momentum) * runningVar[c] + s.momentum * unbiased);
        }
    });
}

void CpuBackend::batchNormInference(const NormShape &s, const float *x, const float *gamma, const float *beta,
    const float *runningMean, const float *runningVar, float *y)
{
    forChunks(std::size_t(s.channels), kChannelGrain, [&](std::size_t c0, std::size_t c1) {
        for (std::size_t c = c0; c < c1; ++c) {
            const float scale = gamma[c] / std::sqrt(runningVar[c] + s.epsilon);
            const float shift = beta[c] - runningMean[c] * scale;
            forChannel(s, int(c), [&](std::size_t at, std::size_t len) {
                for (std::size_t i = 0; i < len; ++i)
                    y[at + i] = x[at + i] * scale + shift;
            });
        }
    });
}

void CpuBackend::batchNormBackward(const NormShape &s, const float *x, const float *dy, const float *gamma,
    const float *savedMean, const float *savedInvStd, float *dx, float *dgamma, float *dbeta)
{
    const double count = double(s.batch) * s.spatial;
    forChunks(std::size_t(s.channels), kChannelGrain, [&](std::size_t c0, std::size_t c1) {
        for (std::size_t c = c0; c < c1; ++c) {
            const double mean = savedMean[c], invStd = savedInvStd[c];
            // dbeta = sum dy; dgamma = sum dy * xhat, with xhat = (x - mean) * invStd.
            double sumDy = 0.0, sumDyXhat = 0.0;
            forChannel(s, int(c), [&](std::size_t at, std::size_t len) {
                for (std::size_t i = 0; i < len; ++i) {
                    sumDy += dy[at + i];
                    sumDyXhat += dy[at + i] * (x[at + i] - mean) * invStd;
                }
            });
            dbeta[c] = float(sumDy);
            dgamma[c] = float(sumDyXhat);
            if (!dx)
                continue;
            // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)).
            const double k = gamma[c] * invStd, meanDy = sumDy / count, meanDyXhat = sumDyXhat / count;
            forChannel(s, int(c), [&](std::size_t at, std::size_t len) {
                for (std::size_t i = 0; i < len; ++i) {
                    const double xhat = (x[at + i] - mean) * invStd;
                    dx[at + i] = float(k * (dy[at + i] - meanDy - xhat * meanDyXhat));
                }
            });
        }
    });
}

} // namespace ds
