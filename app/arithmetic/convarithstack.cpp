#include "convarithstack.h"

#include "convgeometry.h"

#include <cctype>
#include <sstream>

namespace ds::widgets {
namespace {

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "k5" -> 5; -1 when the rest is not a number. Accepts "k=5" too, as people type either.
int valueOf(const std::string &token)
{
    std::size_t at = 1;
    if (at < token.size() && token[at] == '=')
        ++at;
    if (at >= token.size() || token.size() - at > 4)
        return -1;
    int v = 0;
    for (; at < token.size(); ++at) {
        if (!std::isdigit(static_cast<unsigned char>(token[at])))
            return -1;
        v = v * 10 + (token[at] - '0');
    }
    return v;
}

// One layer's text, e.g. "conv k5 s1 p2". Empty error when it parsed.
std::string parseLayer(const std::string &text, ConvWindow &w)
{
    std::istringstream in(text);
    std::string kind;
    in >> kind;
    if (kind == "conv" || kind == "conv2d")
        w.pool = false;
    else if (kind == "pool" || kind == "maxpool" || kind == "avgpool" || kind == "maxpool2d" || kind == "avgpool2d")
        w.pool = true;
    else
        return "unknown layer \"" + kind + "\" (write conv or pool)";
    bool strideGiven = false;
    for (std::string token; in >> token;) {
        const int v = valueOf(token);
        const char key = token[0];
        if (v < 0 || std::string("kspd").find(key) == std::string::npos)
            return "\"" + token + "\" is not one of kN, sN, pN, dN";
        if (key == 'k') {
            w.kernel = v;
        } else if (key == 's') {
            w.stride = v;
            strideGiven = true;
        } else if (key == 'p') {
            w.padding = v;
        } else {
            w.dilation = v;
        }
    }
    if (w.pool && !strideGiven)
        w.stride = w.kernel;
    if (w.kernel < 1 || w.stride < 1 || w.dilation < 1)
        return "kernel, stride and dilation must be at least 1";
    if (w.pool && w.dilation != 1)
        return "pools have no dilation";
    return {};
}

} // namespace

ParsedStack parseLayerStack(const std::string &text)
{
    ParsedStack result;
    std::string part;
    int index = 0;
    auto flush = [&]() {
        const std::string trimmed = lower(part);
        part.clear();
        if (trimmed.find_first_not_of(" \t\r") == std::string::npos || !result.error.empty())
            return;
        ++index;
        ConvWindow w;
        const std::string error = parseLayer(trimmed, w);
        if (!error.empty())
            result.error = "layer " + std::to_string(index) + ": " + error;
        else
            result.layers.push_back(w);
    };
    for (char c : text) {
        if (c == ';' || c == '\n')
            flush();
        else
            part += c;
    }
    flush();
    if (result.error.empty() && result.layers.empty())
        result.error = "no layers: type e.g. \"conv k3; conv k3\"";
    if (!result.error.empty())
        result.layers.clear();
    return result;
}

std::string formatLayerStack(const std::vector<ConvWindow> &layers)
{
    std::string s;
    for (const ConvWindow &w : layers) {
        if (!s.empty())
            s += "; ";
        s += w.pool ? "pool" : "conv";
        s += " k" + std::to_string(w.kernel) + " s" + std::to_string(w.stride);
        if (w.padding)
            s += " p" + std::to_string(w.padding);
        if (w.dilation != 1)
            s += " d" + std::to_string(w.dilation);
    }
    return s;
}

std::vector<int> stackSizes(const std::vector<ConvWindow> &layers, int in)
{
    std::vector<int> sizes {in};
    for (const ConvWindow &w : layers)
        sizes.push_back(convOutputSize(sizes.back(), w.kernel, w.stride, w.padding, w.dilation));
    return sizes;
}

// Walking back one layer: output cell o reads input cells o*s - p .. o*s - p + d(k-1).
std::vector<CellSpan> receptiveSpans(const std::vector<ConvWindow> &layers, int cell)
{
    std::vector<CellSpan> spans(layers.size() + 1);
    spans.back() = {cell, cell};
    for (std::size_t l = layers.size(); l-- > 0;) {
        const ConvWindow &w = layers[l];
        const CellSpan &out = spans[l + 1];
        spans[l] = {out.lo * w.stride - w.padding, out.hi * w.stride - w.padding + w.dilation * (w.kernel - 1)};
    }
    return spans;
}

int receptiveFieldSize(const std::vector<ConvWindow> &layers)
{
    int size = 1, jump = 1;
    for (const ConvWindow &w : layers) {
        size += (w.kernel - 1) * w.dilation * jump;
        jump *= w.stride;
    }
    return size;
}

int receptiveFieldJump(const std::vector<ConvWindow> &layers)
{
    int jump = 1;
    for (const ConvWindow &w : layers)
        jump *= w.stride;
    return jump;
}

} // namespace ds::widgets
