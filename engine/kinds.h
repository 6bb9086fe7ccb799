// The named choices of the engine (activations, losses, optimizers, ...), with the names files
// and the UI use for them. Parsing an unknown name throws ds::Error listing the known ones.
#pragma once

#include <string>
#include <vector>

namespace ds {

// Relu6 = min(max(x, 0), 6); HardSigmoid = relu6(x + 3) / 6 and HardSwish = x * HardSigmoid(x), as
// PyTorch defines them (MobileNet's cheap activations).
enum class ActivationKind { Relu, LeakyRelu, Elu, Selu, Gelu, Tanh, Sigmoid, Linear, Softplus, Swish, Relu6, HardSigmoid, HardSwish };
enum class LossKind { MeanSquaredError, BinaryCrossEntropy, SoftmaxCrossEntropy };
enum class OptimizerKind { Sgd, Momentum, Nesterov, AdaGrad, RmsProp, Adam, AdamW };
enum class RegularizerKind { None, L1, L2 };
enum class InitKind { Xavier, He, Uniform, Zeros };
enum class ScheduleKind { Constant, Step, Exponential, Cosine };

// Constants of the parametrised activations (PyTorch's defaults).
constexpr float kLeakyReluSlope = 0.01f;
constexpr float kEluAlpha = 1.0f;
constexpr float kSeluAlpha = 1.6732632423543772f;
constexpr float kSeluScale = 1.0507009873554805f;

template <typename Kind> struct KindName {
    Kind kind;
    const char *name;
};

const std::vector<KindName<ActivationKind>> &activationNames();
const std::vector<KindName<LossKind>> &lossNames();
const std::vector<KindName<OptimizerKind>> &optimizerNames();
const std::vector<KindName<RegularizerKind>> &regularizerNames();
const std::vector<KindName<InitKind>> &initNames();
const std::vector<KindName<ScheduleKind>> &scheduleNames();

std::string nameOf(ActivationKind k);
std::string nameOf(LossKind k);
std::string nameOf(OptimizerKind k);
std::string nameOf(RegularizerKind k);
std::string nameOf(InitKind k);
std::string nameOf(ScheduleKind k);

ActivationKind activationFromName(const std::string &name);
LossKind lossFromName(const std::string &name);
OptimizerKind optimizerFromName(const std::string &name);
RegularizerKind regularizerFromName(const std::string &name);
InitKind initFromName(const std::string &name);
ScheduleKind scheduleFromName(const std::string &name);

} // namespace ds
