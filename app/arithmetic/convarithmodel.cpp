#include "convarithmodel.h"

#include "convgeometry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ds::widgets {
namespace {

// The input of the guide's Figure 1.1 and its kernel: single digits keep the written-out
// multiply-add short enough to read, and the guide's own figures come out with its numbers.
constexpr int kGuideInput[5][5] = {{3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}};
constexpr int kGuideKernel[3][3] = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};

// Sizes beyond these cannot be drawn as cells anyway; they only keep a typo from hanging the view.
constexpr int kMaxInput = 256, kMaxKernel = 32, kMaxStep = 16, kMaxPadding = 64;

ConvArithSetup sanitized(ConvArithSetup s)
{
    s.inH = std::clamp(s.inH, 1, kMaxInput);
    s.inW = std::clamp(s.inW, 1, kMaxInput);
    s.kernel = std::clamp(s.kernel, 1, kMaxKernel);
    s.stride = std::clamp(s.stride, 1, kMaxStep);
    s.dilation = std::clamp(s.dilation, 1, kMaxStep);
    s.padding = std::clamp(s.padding, 0, kMaxPadding);
    s.outputPadding = std::clamp(s.outputPadding, 0, kMaxStep);
    return s;
}

std::pair<int, int> paddingOf(const ConvArithSetup &s, int dilation)
{
    switch (s.paddingMode) {
    case PaddingMode::Valid: return {0, 0};
    case PaddingMode::Same: {
        const int total = samePaddingTotal(s.kernel, dilation);
        return {total / 2, total - total / 2}; // PyTorch puts the odd cell after
    }
    case PaddingMode::Full: return {fullPadding(s.kernel, dilation), fullPadding(s.kernel, dilation)};
    case PaddingMode::Custom: break;
    }
    return {s.padding, s.padding};
}

// The transposed convolution's direct form: the input with stride - 1 zeros between its cells,
// padded by d(k - 1) - p on each side (cropped where that is negative) and the output padding after.
std::vector<int> transposedStrip(const AxisPlan &a)
{
    // Positions j of the stretched input run from -before to stretched + after; a negative
    // `before` starts inside it. Outside 0 .. stretched - 1 is padding.
    const int stretched = (a.in - 1) * a.stride + 1;
    const int before = a.dilatedKernel() - 1 - a.padBefore;
    const int after = a.dilatedKernel() - 1 - a.padAfter + a.outputPadding;
    std::vector<int> strip;
    for (int j = -before; j < stretched + after; ++j) {
        if (j < 0 || j >= stretched)
            strip.push_back(kPadCell);
        else
            strip.push_back(j % a.stride ? kZeroCell : j / a.stride);
    }
    return strip;
}

} // namespace

bool isTransposed(ConvArithMode mode)
{
    return mode == ConvArithMode::TransposedDirect || mode == ConvArithMode::TransposedScatter;
}

bool isPooling(ConvArithMode mode)
{
    return mode == ConvArithMode::MaxPool || mode == ConvArithMode::AvgPool;
}

AxisPlan planAxis(int in, const ConvArithSetup &setup)
{
    const ConvArithSetup s = sanitized(setup);
    AxisPlan a;
    a.in = std::clamp(in, 1, kMaxInput);
    a.kernel = s.kernel;
    a.stride = s.stride;
    a.dilation = isPooling(s.mode) ? 1 : s.dilation;
    std::tie(a.padBefore, a.padAfter) = paddingOf(s, a.dilation);
    const int dk = a.dilatedKernel();
    if (!isTransposed(s.mode)) {
        // Symmetric padding goes through the engine's own functions; "same" with an even dilated
        // kernel is the same rule with the two sides added.
        if (!a.symmetric()) {
            const int span = a.in + a.padBefore + a.padAfter - dk;
            a.out = span < 0 ? 0 : span / a.stride + 1;
        } else if (isPooling(s.mode)) {
            a.out = poolOutputSize(a.in, a.kernel, a.stride, a.padBefore);
        } else {
            a.out = convOutputSize(a.in, a.kernel, a.stride, a.padBefore, a.dilation);
        }
        a.strip.assign(std::size_t(a.padBefore), kPadCell);
        for (int i = 0; i < a.in; ++i)
            a.strip.push_back(i);
        a.strip.insert(a.strip.end(), std::size_t(a.padAfter), kPadCell);
        a.step = a.stride;
        return a;
    }
    a.outputPadding = s.outputPadding;
    if (a.symmetric()) {
        a.out = transposedConvOutputSize(a.in, a.kernel, a.stride, a.padBefore, a.dilation, a.outputPadding);
    } else if (a.outputPadding < a.stride || a.outputPadding < a.dilation) {
        a.out = std::max(0, (a.in - 1) * a.stride - a.padBefore - a.padAfter + dk + a.outputPadding);
    }
    a.strip = transposedStrip(a);
    a.step = 1;
    a.crop = a.padBefore;
    a.canvas = std::max((a.in - 1) * a.stride + dk, a.padBefore + a.out);
    return a;
}

ConvArithModel::ConvArithModel(const ConvArithSetup &setup)
{
    setSetup(setup);
}

void ConvArithModel::setSetup(const ConvArithSetup &setup)
{
    m_setup = sanitized(setup);
    rebuild();
}

double ConvArithModel::defaultInput(int r, int c)
{
    return kGuideInput[r % 5][c % 5];
}

double ConvArithModel::defaultKernel(int r, int c, int kernel)
{
    if (kernel == 3)
        return kGuideKernel[r][c];
    return kernel == 1 ? 1 : (r * kernel + c) % 4; // 2x2: 0 1 / 2 3, the lecture's kernel
}

void ConvArithModel::setInput(int r, int c, double v)
{
    if (r < 0 || c < 0 || r >= m_setup.inH || c >= m_setup.inW)
        return;
    m_inputEdits[{r, c}] = v;
    rebuild();
}

void ConvArithModel::setKernel(int r, int c, double v)
{
    if (r < 0 || c < 0 || r >= m_setup.kernel || c >= m_setup.kernel)
        return;
    m_kernelEdits[{r, c}] = v;
    rebuild();
}

void ConvArithModel::setNumbers(const std::vector<double> &input, const std::vector<double> &kernel)
{
    m_inputEdits.clear();
    m_kernelEdits.clear();
    for (int i = 0; i < int(input.size()) && i < m_setup.inH * m_setup.inW; ++i)
        m_inputEdits[{i / m_setup.inW, i % m_setup.inW}] = input[std::size_t(i)];
    const int k = m_setup.kernel;
    for (int i = 0; i < int(kernel.size()) && i < k * k; ++i)
        m_kernelEdits[{i / k, i % k}] = kernel[std::size_t(i)];
    rebuild();
}

void ConvArithModel::resetNumbers()
{
    m_inputEdits.clear();
    m_kernelEdits.clear();
    rebuild();
}

double ConvArithModel::appliedKernel(int r, int c) const
{
    const int k = m_setup.kernel;
    return kernelFlipped() ? kernel(k - 1 - r, k - 1 - c) : kernel(r, c);
}

void ConvArithModel::rebuild()
{
    const ConvArithSetup &s = m_setup;
    m_rows = planAxis(s.inH, s);
    m_cols = planAxis(s.inW, s);

    m_x.assign(std::size_t(s.inH * s.inW), 0.0);
    for (int r = 0; r < s.inH; ++r)
        for (int c = 0; c < s.inW; ++c) {
            const auto edit = m_inputEdits.find({r, c});
            m_x[std::size_t(r * s.inW + c)] = edit != m_inputEdits.end() ? edit->second : defaultInput(r, c);
        }
    m_w.assign(std::size_t(s.kernel * s.kernel), 0.0);
    for (int r = 0; r < s.kernel; ++r)
        for (int c = 0; c < s.kernel; ++c) {
            const auto edit = m_kernelEdits.find({r, c});
            m_w[std::size_t(r * s.kernel + c)]
                = edit != m_kernelEdits.end() ? edit->second : defaultKernel(r, c, s.kernel);
        }

    m_error.clear();
    const int pad = std::max(m_rows.padBefore, m_rows.padAfter);
    if (isPooling(s.mode) && !poolPaddingValid(s.kernel, pad)) {
        m_error = "A pool pads at most half its window (PyTorch's rule): padding " + std::to_string(pad)
            + " is more than " + std::to_string(s.kernel) + "/2.";
    } else if (isTransposed(s.mode) && s.outputPadding >= s.stride && s.outputPadding >= s.dilation) {
        m_error = "Output padding must be smaller than the stride or the dilation (PyTorch's rule).";
    } else if (m_rows.out == 0 || m_cols.out == 0) {
        const int dk = m_rows.dilatedKernel();
        if (isTransposed(s.mode))
            m_error = "The padding crops the whole output away.";
        else
            m_error = "The " + std::to_string(dk) + "\u00d7" + std::to_string(dk) + " window does not fit in the "
                + std::to_string(m_rows.strip.size()) + "\u00d7" + std::to_string(m_cols.strip.size())
                + " padded input.";
    }
    if (!m_error.empty())
        m_rows.out = m_cols.out = 0;

    m_rowVisited = visitedAlong(m_rows);
    m_colVisited = visitedAlong(m_cols);

    m_outDirty = true;
}

const std::vector<double> &ConvArithModel::output() const
{
    if (m_outDirty)
        computeOutput();
    return m_out;
}

void ConvArithModel::computeOutput() const
{
    m_outDirty = false;
    m_out.assign(std::size_t(outH() * outW()), 0.0);
    if (m_setup.mode == ConvArithMode::TransposedScatter) {
        const std::vector<double> canvas = canvasOutput();
        for (int r = 0; r < outH(); ++r)
            for (int c = 0; c < outW(); ++c)
                m_out[std::size_t(r * outW() + c)]
                    = canvas[std::size_t((r + m_rows.crop) * m_cols.canvas + c + m_cols.crop)];
    } else {
        for (int f = 0; f < frameCount(); ++f)
            m_out[std::size_t(f)] = combine(window(f));
    }
}

std::vector<bool> ConvArithModel::visitedAlong(const AxisPlan &axis)
{
    std::vector<bool> visited(axis.strip.size(), false);
    for (int o = 0; o < axis.out; ++o)
        for (int t = 0; t < axis.kernel; ++t)
            visited[std::size_t(o * axis.step + t * axis.dilation)] = true;
    return visited;
}

int ConvArithModel::frameCount() const
{
    if (!valid())
        return 0;
    return m_setup.mode == ConvArithMode::TransposedScatter ? m_setup.inH * m_setup.inW : outH() * outW();
}

GridCell ConvArithModel::frameCell(int frame) const
{
    if (frame < 0 || frame >= frameCount())
        return {};
    const int width = m_setup.mode == ConvArithMode::TransposedScatter ? m_setup.inW : outW();
    return {frame / width, frame % width};
}

int ConvArithModel::frameOf(GridCell cell) const
{
    const bool scatter = m_setup.mode == ConvArithMode::TransposedScatter;
    const int h = scatter ? m_setup.inH : outH(), w = scatter ? m_setup.inW : outW();
    if (cell.row < 0 || cell.col < 0 || cell.row >= h || cell.col >= w)
        return -1;
    return cell.row * w + cell.col;
}

int ConvArithModel::stripKind(int sr, int sc) const
{
    const int r = m_rows.strip[std::size_t(sr)], c = m_cols.strip[std::size_t(sc)];
    if (r == kPadCell || c == kPadCell)
        return kPadCell;
    if (r == kZeroCell || c == kZeroCell)
        return kZeroCell;
    return r * m_setup.inW + c;
}

double ConvArithModel::stripValue(int sr, int sc) const
{
    const int kind = stripKind(sr, sc);
    if (kind >= 0)
        return m_x[std::size_t(kind)];
    // A padded cell never wins a max; in an average it counts as a zero (count_include_pad).
    if (kind == kPadCell && m_setup.mode == ConvArithMode::MaxPool)
        return -std::numeric_limits<double>::infinity();
    return 0.0;
}

std::vector<WindowTap> ConvArithModel::window(int frame) const
{
    std::vector<WindowTap> taps;
    const GridCell o = frameCell(frame);
    if (o.row < 0 || m_setup.mode == ConvArithMode::TransposedScatter)
        return taps;
    const int k = m_setup.kernel;
    for (int kr = 0; kr < k; ++kr)
        for (int kc = 0; kc < k; ++kc) {
            WindowTap t;
            t.kr = kr;
            t.kc = kc;
            t.sr = o.row * m_rows.step + kr * m_rows.dilation;
            t.sc = o.col * m_cols.step + kc * m_cols.dilation;
            t.x = stripValue(t.sr, t.sc);
            t.w = isPooling(m_setup.mode) ? 1.0 : appliedKernel(kr, kc);
            taps.push_back(t);
        }
    return taps;
}

double ConvArithModel::combine(const std::vector<WindowTap> &taps) const
{
    if (m_setup.mode == ConvArithMode::MaxPool) {
        double best = -std::numeric_limits<double>::infinity();
        for (const WindowTap &t : taps)
            best = std::max(best, t.x);
        return best;
    }
    double sum = 0;
    for (const WindowTap &t : taps)
        sum += t.x * t.w;
    return m_setup.mode == ConvArithMode::AvgPool && !taps.empty() ? sum / double(taps.size()) : sum;
}

std::vector<ScatterTap> ConvArithModel::scatter(int frame) const
{
    std::vector<ScatterTap> taps;
    const GridCell in = frameCell(frame);
    if (in.row < 0 || m_setup.mode != ConvArithMode::TransposedScatter)
        return taps;
    const int k = m_setup.kernel;
    for (int kr = 0; kr < k; ++kr)
        for (int kc = 0; kc < k; ++kc) {
            ScatterTap t;
            t.kr = kr;
            t.kc = kc;
            t.cr = in.row * m_rows.stride + kr * m_rows.dilation;
            t.cc = in.col * m_cols.stride + kc * m_cols.dilation;
            t.x = input(in.row, in.col);
            t.w = kernel(kr, kc);
            const int orow = t.cr - m_rows.crop, ocol = t.cc - m_cols.crop;
            t.inside = orow >= 0 && orow < outH() && ocol >= 0 && ocol < outW();
            taps.push_back(t);
        }
    return taps;
}

std::vector<double> ConvArithModel::partialOutput(int done) const
{
    done = std::clamp(done, 0, frameCount());
    if (m_setup.mode != ConvArithMode::TransposedScatter) {
        const std::vector<double> &all = output();
        std::vector<double> out(all.size(), std::numeric_limits<double>::quiet_NaN());
        std::copy(all.begin(), all.begin() + done, out.begin());
        return out;
    }
    std::vector<double> canvas(std::size_t(m_rows.canvas * m_cols.canvas), 0.0);
    for (int f = 0; f < done; ++f)
        for (const ScatterTap &t : scatter(f))
            canvas[std::size_t(t.cr * m_cols.canvas + t.cc)] += t.x * t.w;
    return canvas;
}

std::vector<std::pair<int, int>> ConvArithModel::unvisitedInputs() const
{
    std::vector<bool> seen(std::size_t(m_setup.inH * m_setup.inW), false);
    for (std::size_t sr = 0; sr < m_rows.strip.size(); ++sr)
        for (std::size_t sc = 0; sc < m_cols.strip.size(); ++sc)
            if (m_rows.strip[sr] >= 0 && m_cols.strip[sc] >= 0 && m_rowVisited[sr] && m_colVisited[sc])
                seen[std::size_t(m_rows.strip[sr] * m_setup.inW + m_cols.strip[sc])] = true;
    std::vector<std::pair<int, int>> cells;
    for (int r = 0; r < m_setup.inH; ++r)
        for (int c = 0; c < m_setup.inW; ++c)
            if (!seen[std::size_t(r * m_setup.inW + c)])
                cells.emplace_back(r, c);
    return cells;
}

} // namespace ds::widgets
