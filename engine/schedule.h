// Learning-rate schedules, as a function of the epoch (fractional: epoch 2.5 is half way through
// the third). Constant: base. Step: base * gamma^floor(epoch / stepEpochs). Exponential:
// base * gamma^epoch. Cosine: from base down to minLearningRate over cosineEpochs, then flat.
#pragma once

#include "kinds.h"

namespace ds {

struct ScheduleConfig {
    ScheduleKind kind = ScheduleKind::Constant;
    double stepEpochs = 100.0;
    double gamma = 0.5;
    double cosineEpochs = 1000.0;
    double minLearningRate = 0.0;
    bool operator==(const ScheduleConfig &) const = default;
};

float scheduledLearningRate(const ScheduleConfig &schedule, float base, double epoch);

} // namespace ds
