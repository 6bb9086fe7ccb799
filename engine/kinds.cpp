#include "kinds.h"

#include "error.h"

namespace ds {
namespace {

template <typename Kind> std::string nameIn(const std::vector<KindName<Kind>> &table, Kind k)
{
    for (const auto &e : table)
        if (e.kind == k)
            return e.name;
    return "?";
}

template <typename Kind>
Kind kindIn(const std::vector<KindName<Kind>> &table, const std::string &name, const char *what)
{
    std::string known;
    for (const auto &e : table) {
        if (name == e.name)
            return e.kind;
        known += (known.empty() ? "" : ", ") + std::string(e.name);
    }
    throw Error("unknown " + std::string(what) + " '" + name + "'; known: " + known);
}

} // namespace

const std::vector<KindName<ActivationKind>> &activationNames()
{
    static const std::vector<KindName<ActivationKind>> t = {
        {ActivationKind::Relu, "relu"},
        {ActivationKind::LeakyRelu, "leaky-relu"},
        {ActivationKind::Elu, "elu"},
        {ActivationKind::Selu, "selu"},
        {ActivationKind::Gelu, "gelu"},
        {ActivationKind::Tanh, "tanh"},
        {ActivationKind::Sigmoid, "sigmoid"},
        {ActivationKind::Linear, "linear"},
        {ActivationKind::Softplus, "softplus"},
        {ActivationKind::Swish, "swish"},
        {ActivationKind::Relu6, "relu6"},
        {ActivationKind::HardSigmoid, "hard-sigmoid"},
        {ActivationKind::HardSwish, "hard-swish"},
    };
    return t;
}

const std::vector<KindName<LossKind>> &lossNames()
{
    static const std::vector<KindName<LossKind>> t = {
        {LossKind::MeanSquaredError, "mse"},
        {LossKind::BinaryCrossEntropy, "binary-cross-entropy"},
        {LossKind::SoftmaxCrossEntropy, "softmax-cross-entropy"},
    };
    return t;
}

const std::vector<KindName<OptimizerKind>> &optimizerNames()
{
    static const std::vector<KindName<OptimizerKind>> t = {
        {OptimizerKind::Sgd, "sgd"},
        {OptimizerKind::Momentum, "momentum"},
        {OptimizerKind::Nesterov, "nesterov"},
        {OptimizerKind::AdaGrad, "adagrad"},
        {OptimizerKind::RmsProp, "rmsprop"},
        {OptimizerKind::Adam, "adam"},
        {OptimizerKind::AdamW, "adamw"},
    };
    return t;
}

const std::vector<KindName<RegularizerKind>> &regularizerNames()
{
    static const std::vector<KindName<RegularizerKind>> t
        = {{RegularizerKind::None, "none"}, {RegularizerKind::L1, "l1"}, {RegularizerKind::L2, "l2"}};
    return t;
}

const std::vector<KindName<InitKind>> &initNames()
{
    static const std::vector<KindName<InitKind>> t = {
        {InitKind::Xavier, "xavier"}, {InitKind::He, "he"}, {InitKind::Uniform, "uniform"}, {InitKind::Zeros, "zeros"}};
    return t;
}

const std::vector<KindName<ScheduleKind>> &scheduleNames()
{
    static const std::vector<KindName<ScheduleKind>> t = {{ScheduleKind::Constant, "constant"},
        {ScheduleKind::Step, "step"}, {ScheduleKind::Exponential, "exponential"}, {ScheduleKind::Cosine, "cosine"}};
    return t;
}

std::string nameOf(ActivationKind k)
{
    return nameIn(activationNames(), k);
}
std::string nameOf(LossKind k)
{
    return nameIn(lossNames(), k);
}
std::string nameOf(OptimizerKind k)
{
    return nameIn(optimizerNames(), k);
}
std::string nameOf(RegularizerKind k)
{
    return nameIn(regularizerNames(), k);
}
std::string nameOf(InitKind k)
{
    return nameIn(initNames(), k);
}
std::string nameOf(ScheduleKind k)
{
    return nameIn(scheduleNames(), k);
}

ActivationKind activationFromName(const std::string &n)
{
    return kindIn(activationNames(), n, "activation");
}
LossKind lossFromName(const std::string &n)
{
    return kindIn(lossNames(), n, "loss");
}
OptimizerKind optimizerFromName(const std::string &n)
{
    return kindIn(optimizerNames(), n, "optimizer");
}
RegularizerKind regularizerFromName(const std::string &n)
{
    return kindIn(regularizerNames(), n, "regularizer");
}
InitKind initFromName(const std::string &n)
{
    return kindIn(initNames(), n, "initializer");
}
ScheduleKind scheduleFromName(const std::string &n)
{
    return kindIn(scheduleNames(), n, "learning-rate schedule");
}

} // namespace ds
