#include "workload.h"

#include "error.h"

#include <algorithm>
#include <cstdio>

namespace ds {
namespace {

constexpr double kFloat = 4.0;

std::string withUnit(double value, const char *const units[], int count)
{
    int u = 0;
    while (value >= 999.5 && u + 1 < count) {
        value /= 1000.0;
        ++u;
    }
    char text[32];
    std::snprintf(text, sizeof text, value < 9.95 && u > 0 ? "%.1f %s" : "%.0f %s", value, units[u]);
    return text;
}

} // namespace

double Workload::trainingBytes(int batch) const
{
    const double perParameter = 4.0 * kFloat; // weight, gradient, two moments (Adam; SGD needs fewer)
    return perParameter * double(parameters) + double(batch) * kFloat * (2.0 * double(activations) + double(workspace));
}

double Workload::forwardBytes(int rows) const
{
    return kFloat * double(parameters) + double(rows) * kFloat * (double(activations) + double(workspace));
}

Workload estimateWorkload(const ModelSpec &spec)
{
    spec.validate();
    const std::vector<LayerCheck> checks = spec.check();
    Workload w;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec &l = spec.layers[i];
        const int first = spec.inputsOf(i).front();
        const Shape &in = first < 0 ? spec.input : checks[std::size_t(first)].output;
        const Shape &out = checks[i].output;
        const double outValues = double(elementCount(out));
        w.parameters += checks[i].parameters;
        w.activations += elementCount(out);
        switch (l.kind) {
        case LayerKind::Dense: w.flops += 2.0 * double(elementCount(in)) * double(l.units); break;
        case LayerKind::Conv2D: {
            const double window = double(in[0] / l.groups) * l.kernel * l.kernel; // inputs per output value
            w.flops += 2.0 * window * outValues;
            w.workspace = std::max(w.workspace, std::size_t(window) * std::size_t(out[1]) * std::size_t(out[2]));
            break;
        }
        case LayerKind::MaxPool2D:
        case LayerKind::AvgPool2D: w.flops += double(l.kernel) * l.kernel * outValues; break;
        case LayerKind::Flatten: break; // a new shape for the same values: no arithmetic
        default: w.flops += 4.0 * outValues; break; // a few operations per value
        }
    }
    return w;
}

std::string workloadError(const Workload &w, int batch, double extraBytes)
{
    const double bytes = w.trainingBytes(batch) + extraBytes;
    if (bytes > kMaxTrainingBytes)
        return "training this network needs about " + formatBytes(bytes) + " of memory (at most "
            + formatBytes(kMaxTrainingBytes) + "): use fewer or smaller layers, or smaller batches";
    const double flops = w.stepFlops(batch);
    if (flops > kMaxStepFlops)
        return "one training step of this network is about " + formatFlops(flops) + " of arithmetic (at most "
            + formatFlops(kMaxStepFlops) + ", seconds per step): use fewer or smaller layers, or smaller batches";
    return {};
}

std::string formatBytes(double bytes)
{
    static const char *const units[] = {"bytes", "KB", "MB", "GB", "TB"};
    return withUnit(bytes, units, 5);
}

std::string formatFlops(double flops)
{
    static const char *const units[] = {"FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP"};
    return withUnit(flops, units, 6);
}

} // namespace ds
