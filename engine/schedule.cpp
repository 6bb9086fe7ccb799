#include "schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ds {

float scheduledLearningRate(const ScheduleConfig &s, float base, double epoch)
{
    epoch = std::max(epoch, 0.0);
    switch (s.kind) {
    case ScheduleKind::Constant: return base;
    case ScheduleKind::Step:
        return static_cast<float>(base * std::pow(s.gamma, std::floor(epoch / std::max(s.stepEpochs, 1e-9))));
    case ScheduleKind::Exponential: return static_cast<float>(base * std::pow(s.gamma, epoch));
    case ScheduleKind::Cosine: {
        const double t = std::min(epoch, s.cosineEpochs) / std::max(s.cosineEpochs, 1e-9);
        return static_cast<float>(
            s.minLearningRate + 0.5 * (base - s.minLearningRate) * (1.0 + std::cos(std::numbers::pi * t)));
    }
    }
    return base;
}

} // namespace ds
