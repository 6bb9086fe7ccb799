// The conv-arithmetic mode's fields, one line each (configfield.h). None touches training: each
// only changes what the diagram shows.
#include "arithmeticfields.h"

#include <array>
#include <utility>

namespace ds::app {
namespace {

constexpr FieldEffect kView = FieldEffect::View;

constexpr std::array<std::pair<ConvArithMode, const char *>, 5> kOperations {{
    {ConvArithMode::Convolution, "convolution"},
    {ConvArithMode::TransposedDirect, "transposed"},
    {ConvArithMode::TransposedScatter, "transposed-scatter"},
    {ConvArithMode::MaxPool, "maxpool"},
    {ConvArithMode::AvgPool, "avgpool"},
}};
constexpr std::array<std::pair<PaddingMode, const char *>, 4> kPaddings {{
    {PaddingMode::Valid, "valid"},
    {PaddingMode::Same, "same"},
    {PaddingMode::Full, "full"},
    {PaddingMode::Custom, "custom"},
}};

// A name of `table` for a value, and back (throwing ds::Error for a name it lacks).
template <class Table> std::string nameOf(const Table &table, decltype(table[0].first) value)
{
    for (const auto &[v, name] : table)
        if (v == value)
            return name;
    return table[0].second;
}
template <class Table> std::string namesOf(const Table &table)
{
    std::string s;
    for (const auto &[v, name] : table)
        s += (s.empty() ? "" : ", ") + std::string(name);
    return s;
}
template <class Table> auto valueOf(const Table &table, const std::string &name, const char *what)
{
    for (const auto &[v, known] : table)
        if (name == known)
            return v;
    throw Error("unknown " + std::string(what) + " '" + name + "'; known: " + namesOf(table));
}

FieldTable<ConvArithSetup> makeTable()
{
    using S = ConvArithSetup;
    FieldTable<S> t;
    t.push_back(nameField<S>(
        "operation", [](auto &s) -> auto & { return s.mode; },
        [](const std::string &n) { return valueOf(kOperations, n, "operation"); },
        [](ConvArithMode m) { return nameOf(kOperations, m); }, namesOf(kOperations), kView,
        "what slides over the input: a convolution, a transposed one (as a convolution over inserted zeros, or "
        "scattered), a pool"));
    t.push_back(wholeField<S>("inputHeight", [](auto &s) -> auto & { return s.inH; }, 1, S::kMaxInput, kView,
        "the input's height in cells"));
    t.push_back(wholeField<S>("inputWidth", [](auto &s) -> auto & { return s.inW; }, 1, S::kMaxInput, kView,
        "the input's width in cells"));
    t.push_back(wholeField<S>("kernel", [](auto &s) -> auto & { return s.kernel; }, 1, S::kMaxKernel, kView,
        "the kernel's (or pooling window's) side"));
    t.push_back(wholeField<S>("stride", [](auto &s) -> auto & { return s.stride; }, 1, S::kMaxStride, kView,
        "how far the window moves per step"));
    t.push_back(wholeField<S>("dilation", [](auto &s) -> auto & { return s.dilation; }, 1, S::kMaxDilation, kView,
        "the spacing of the kernel's taps (pools ignore it)"));
    t.push_back(nameField<S>(
        "paddingMode", [](auto &s) -> auto & { return s.paddingMode; },
        [](const std::string &n) { return valueOf(kPaddings, n, "padding mode"); },
        [](PaddingMode m) { return nameOf(kPaddings, m); }, namesOf(kPaddings), kView,
        "valid (none), same (the size kept at stride 1), full, or `padding` cells"));
    t.push_back(wholeField<S>("padding", [](auto &s) -> auto & { return s.padding; }, 0, S::kMaxPadding, kView,
        "custom padding: zero cells on each side"));
    t.push_back(wholeField<S>("outputPadding", [](auto &s) -> auto & { return s.outputPadding; }, 0,
        S::kMaxOutputPadding, kView, "transposed only: extra cells after the output"));
    return t;
}

} // namespace

const FieldTable<ConvArithSetup> &arithmeticFields()
{
    static const FieldTable<ConvArithSetup> table = makeTable();
    return table;
}

} // namespace ds::app
