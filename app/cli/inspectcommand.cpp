#include "inspectcommand.h"

#include "cli.h"
#include "document/playgroundfile.h"
#include "onnximport.h"
#include "workload.h"

#include <QString>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace ds::app {
namespace {


// 11689512 -> "11,689,512", the same on every machine.
std::string grouped(std::size_t n)
{
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

std::string bytesText(double bytes)
{
    char text[32];
    if (bytes >= 1e9)
        std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
    else
        std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6 + 0.5);
    return text;
}

std::string readsText(const ModelSpec &spec, std::size_t i)
{
    std::string s;
    for (int k : spec.inputsOf(i))
        s += (s.empty() ? "" : ", ") + (k < 0 ? std::string("input") : std::to_string(k));
    return s;
}

std::string listText(const std::vector<float> &v)
{
    std::ostringstream s;
    s.precision(4);
    for (std::size_t i = 0; i < v.size(); ++i)
        s << (i ? ", " : "") << v[i];
    return s.str();
}

// The report; throws ds::Error when the model cannot be built.
std::string report(const std::string &name, const onnx::OnnxModel &model, int batch)
{
    const ModelSpec &spec = model.spec;
    const std::vector<LayerCheck> checks = spec.check();
    const Workload w = estimateWorkload(spec);
    std::ostringstream out;
    bool skips = false;
    for (const LayerSpec &l : spec.layers)
        skips = skips || l.kind == LayerKind::Residual;
    out << name << ": " << spec.layers.size() << " layers, "
        << (spec.isGraph() ? "a graph" : skips ? "a chain with skip connections" : "a chain") << "\n";
    out << "input " << shapeToString(spec.input) << " -> output " << shapeToString(spec.outputShape()) << "\n\n";
    out << "  #  layer                                              reads        output            parameters\n";
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        char line[256];
        std::snprintf(line, sizeof line, "%3zu  %-50s %-12s %-17s %s\n", i, describeLayer(spec.layers[i]).c_str(),
            readsText(spec, i).c_str(), shapeToString(checks[i].output).c_str(),
            checks[i].parameters ? grouped(checks[i].parameters).c_str() : "");
        out << line;
    }
    out << "\nparameters: " << grouped(w.parameters) << " trainable";
    if (model.parameters.size() != w.parameters)
        out << ", " << grouped(model.parameters.size()) << " stored (batch-norm statistics included)";
    out << "\n";
    char compute[128];
    if (w.flops >= 1e9)
        std::snprintf(compute, sizeof compute, "compute: %.2f GFLOP per image forward\n", w.flops / 1e9);
    else
        std::snprintf(compute, sizeof compute, "compute: %.2f MFLOP per image forward\n", w.flops / 1e6);
    out << compute;
    out << "memory: " << bytesText(w.forwardBytes(1)) << " to run one image; " << bytesText(w.trainingBytes(batch))
        << " to train in batches of " << batch << "\n";
    const onnx::InputPrelude &p = model.prelude;
    if (!p.mean.empty())
        out << "preprocessing: (x - mean) / std per channel on values in [0, 1]; mean " << listText(p.mean)
            << "; std " << listText(p.stddev) << "\n";
    else
        out << "preprocessing: none in the file (the network takes its input as given)\n";
    for (const auto &[key, value] : model.metadata)
        out << "metadata: " << key << " = " << value << "\n";
    return out.str();
}

} // namespace

int runInspect(const std::vector<std::string> &args)
{
    std::string file;
    int batch = 32;
    onnx::ImportOptions options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--size" && i + 1 < args.size()) {
            // HEIGHTxWIDTH, or one side for both: for a model that takes pictures of any size.
            const std::string &size = args[++i];
            const std::size_t x = size.find('x');
            const auto h = wholeArgument(size.substr(0, x), 1, 8192);
            const auto w = x == std::string::npos ? h : wholeArgument(size.substr(x + 1), 1, 8192);
            if (!h || !w) {
                std::cerr << "deepscope inspect: --size is HEIGHTxWIDTH (or one side), from 1 to 8192, not '" << size
                          << "'\n";
                return 2;
            }
            options.height = int(*h);
            options.width = int(*w);
            continue;
        }
        if (args[i] == "--batch" && i + 1 < args.size()) {
            char *end = nullptr;
            const long n = std::strtol(args[++i].c_str(), &end, 10);
            if (*end != '\0' || n < 1 || n > 4096) {
                std::cerr << "deepscope inspect: --batch takes a whole number from 1 to 4096\n";
                return 2;
            }
            batch = int(n);
        } else if (file.empty() && !args[i].starts_with("-")) {
            file = args[i];
        } else {
            std::cerr << "deepscope inspect: unexpected argument '" << args[i] << "'\n";
            return 2;
        }
    }
    if (file.empty()) {
        std::cerr << "usage: deepscope inspect MODEL.onnx [--batch N] [--size HxW]\n";
        return 2;
    }
    QString error;
    const std::optional<QByteArray> bytes
        = readRegularFile(QString::fromLocal8Bit(file.c_str()), kMaxModelBytes, "an ONNX model", &error);
    if (!bytes) {
        std::cerr << "deepscope inspect: " << error.toStdString() << "\n";
        return 1;
    }
    try {
        const onnx::OnnxModel model
            = onnx::importOnnx(std::string_view(bytes->constData(), std::size_t(bytes->size())), options);
        std::cout << report(file, model, batch);
    } catch (const std::exception &e) {
        std::cerr << "deepscope inspect: " << file << ": " << e.what() << "\n";
        return 1;
    }
    return 0;
}

} // namespace ds::app
