#include "onnxprelude.h"

#include "error.h"

#include <charconv>
#include <sstream>

namespace ds::onnx {
namespace {

std::string shortest(float v)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

std::string featureText(const PointFeature &f)
{
    std::string a = "x"; // appended, not "x" + ...: GCC 12 warns falsely (-Wrestrict) on that form
    a += std::to_string(f.a + 1);
    switch (f.op) {
    case PointFeature::Op::Coordinate: return a;
    case PointFeature::Op::Sine: return "sin(" + a + ')';
    case PointFeature::Op::Product: return a + "*x" + std::to_string(f.b + 1) + '/' + shortest(f.divisor);
    }
    return {};
}

int coordinate(const std::string &token, const std::string &text)
{
    if (text == "x1" || text == "x2")
        return text[1] - '1';
    throw Error("input feature '" + token + "' is not one Deepscope computes");
}

PointFeature parseFeature(const std::string &t)
{
    PointFeature f;
    if (t.starts_with("sin(") && t.ends_with(")")) {
        f.op = PointFeature::Op::Sine;
        f.a = coordinate(t, t.substr(4, t.size() - 5));
        return f;
    }
    const std::size_t star = t.find('*'), slash = t.find('/');
    if (star == std::string::npos) {
        f.a = coordinate(t, t);
        return f;
    }
    if (slash == std::string::npos || slash < star)
        throw Error("input feature '" + t + "' is not one Deepscope computes");
    f.op = PointFeature::Op::Product;
    f.a = coordinate(t, t.substr(0, star));
    f.b = coordinate(t, t.substr(star + 1, slash - star - 1));
    const char *first = t.data() + slash + 1, *last = t.data() + t.size();
    const auto result = std::from_chars(first, last, f.divisor);
    if (result.ec != std::errc() || result.ptr != last || !(f.divisor != 0.0f))
        throw Error("input feature '" + t + "' has no usable divisor");
    return f;
}

std::vector<float> parseNumbers(const std::string &key, const std::string &text)
{
    std::vector<float> values;
    std::istringstream in(text);
    for (std::string token; in >> token;) {
        float v = 0.0f;
        const auto result = std::from_chars(token.data(), token.data() + token.size(), v);
        if (result.ec != std::errc() || result.ptr != token.data() + token.size())
            throw Error(key + ": '" + token + "' is not a number");
        values.push_back(v);
    }
    return values;
}

} // namespace

void writePreludeMetadata(const InputPrelude &prelude, std::map<std::string, std::string> &metadata)
{
    auto join = [](const auto &items, auto text) {
        std::string s;
        for (const auto &item : items) {
            if (!s.empty())
                s += ' ';
            s += text(item);
        }
        return s;
    };
    if (!prelude.pointFeatures.empty())
        metadata[kFeaturesKey] = join(prelude.pointFeatures, featureText);
    if (!prelude.mean.empty()) {
        metadata[kMeanKey] = join(prelude.mean, shortest);
        metadata[kStddevKey] = join(prelude.stddev, shortest);
    }
}

InputPrelude readPreludeMetadata(const std::map<std::string, std::string> &metadata)
{
    InputPrelude prelude;
    if (const auto it = metadata.find(kFeaturesKey); it != metadata.end()) {
        std::istringstream in(it->second);
        for (std::string token; in >> token;)
            prelude.pointFeatures.push_back(parseFeature(token));
    }
    const auto mean = metadata.find(kMeanKey), stddev = metadata.find(kStddevKey);
    if (mean != metadata.end() && stddev != metadata.end()) {
        prelude.mean = parseNumbers(kMeanKey, mean->second);
        prelude.stddev = parseNumbers(kStddevKey, stddev->second);
        if (prelude.mean.size() != prelude.stddev.size())
            throw Error("the model's normalization has " + std::to_string(prelude.mean.size()) + " means and "
                + std::to_string(prelude.stddev.size()) + " standard deviations");
    }
    return prelude;
}

} // namespace ds::onnx
