// OptimizerConfig: which update rule and its hyperparameters (PyTorch's names and defaults).
#pragma once

#include "kinds.h"

namespace ds {

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Sgd;
    float learningRate = 0.03f;
    float momentum = 0.9f; // Momentum, Nesterov
    float alpha = 0.99f; // RMSProp's smoothing constant
    float beta1 = 0.9f; // Adam, AdamW
    float beta2 = 0.999f; // Adam, AdamW
    float epsilon = 1e-8f; // Adam, AdamW, RMSProp; AdaGrad uses 1e-10 as PyTorch does
    float weightDecay = 0.01f; // AdamW's decoupled decay, applied to weights only
};

} // namespace ds
