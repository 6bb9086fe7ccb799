#include "convarithformula.h"

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

const QString kMinus = QStringLiteral("\u2212");
const QString kDot = QStringLiteral("\u00b7");

// The cases of the guide, by its relationship numbers, and what is not one of them.
enum class Case {
    NoPadUnit, // 1
    PadUnit, // 2
    Half, // 3
    Full, // 4
    NoPadStrided, // 5
    PadStrided, // 6
    Pool, // 7
    TNoPadUnit, // 8
    TPadUnit, // 9
    THalf, // 10
    TFull, // 11
    TNoPadStrided, // 12
    TPadStrided, // 13
    TOutputPadding, // 14
    Dilated, // 15
    SameEven, // "same" with an even dilated kernel: PyTorch's asymmetric rule
    TGeneral, // transposed with dilation or asymmetric padding
};

QString num(int v)
{
    return v < 0 ? kMinus + QString::number(-v) : QString::number(v);
}

int floorDiv(int a, int b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

Case classify(const ConvArithSetup &s, const AxisPlan &a)
{
    const int k = a.kernel, p = a.padBefore;
    if (isPooling(s.mode))
        return Case::Pool;
    if (isTransposed(s.mode)) {
        if (a.dilation > 1 || !a.symmetric())
            return Case::TGeneral;
        if (a.outputPadding > 0)
            return Case::TOutputPadding;
        if (a.stride > 1)
            return p == 0 ? Case::TNoPadStrided : Case::TPadStrided;
        if (p == 0)
            return Case::TNoPadUnit;
        if (k % 2 == 1 && p == k / 2)
            return Case::THalf;
        return p == k - 1 ? Case::TFull : Case::TPadUnit;
    }
    if (!a.symmetric())
        return Case::SameEven;
    if (a.dilation > 1)
        return Case::Dilated;
    if (a.stride > 1)
        return p == 0 ? Case::NoPadStrided : Case::PadStrided;
    if (p == 0)
        return Case::NoPadUnit;
    if (k % 2 == 1 && p == k / 2)
        return Case::Half;
    return p == k - 1 ? Case::Full : Case::PadUnit;
}

struct CaseName {
    const char *title;
    int relationship; // 0: not one of the guide's
};

CaseName nameOf(Case c, ConvArithMode mode)
{
    switch (c) {
    case Case::NoPadUnit: return {"No zero padding, unit strides", 1};
    case Case::PadUnit: return {"Zero padding, unit strides", 2};
    case Case::Half: return {"Half (same) padding, unit strides", 3};
    case Case::Full: return {"Full padding, unit strides", 4};
    case Case::NoPadStrided: return {"No zero padding, non-unit strides", 5};
    case Case::PadStrided: return {"Zero padding, non-unit strides", 6};
    case Case::Pool: return {mode == ConvArithMode::MaxPool ? "Max pooling" : "Average pooling", 7};
    case Case::TNoPadUnit: return {"Transposed: no zero padding, unit strides", 8};
    case Case::TPadUnit: return {"Transposed: zero padding, unit strides", 9};
    case Case::THalf: return {"Transposed: half (same) padding", 10};
    case Case::TFull: return {"Transposed: full padding", 11};
    case Case::TNoPadStrided: return {"Transposed: no zero padding, non-unit strides", 12};
    case Case::TPadStrided: return {"Transposed: zero padding, non-unit strides", 13};
    case Case::TOutputPadding: return {"Transposed: non-unit strides, output padding", 14};
    case Case::Dilated: return {"Dilated convolution", 15};
    case Case::SameEven: return {"Same padding, even kernel (one more cell after)", 0};
    case Case::TGeneral: break;
    }
    return {"Transposed convolution", 0};
}

// The output size as the formulas compute it, also where it is not positive (an invalid setup).
int rawSize(const ConvArithSetup &s, const AxisPlan &a)
{
    if (isTransposed(s.mode))
        return (a.in - 1) * a.stride - a.padBefore - a.padAfter + a.dilatedKernel() + a.outputPadding;
    return floorDiv(a.in + a.padBefore + a.padAfter - a.dilatedKernel(), a.stride) + 1;
}

// The relationship of the case with one axis's numbers substituted.
QString caseFormula(Case c, const AxisPlan &a, int o)
{
    const QString i = num(a.in), k = num(a.kernel), s = num(a.stride), p = num(a.padBefore), d = num(a.dilation);
    const QString km1 = num(a.kernel - 1), res = " = " + num(o), M = " " + kMinus + " ";
    switch (c) {
    case Case::NoPadUnit: return "o = (i" + M + "k) + 1 = (" + i + M + k + ") + 1" + res;
    case Case::PadUnit: return "o = (i" + M + "k) + 2p + 1 = (" + i + M + k + ") + 2" + kDot + p + " + 1" + res;
    case Case::Half: return "o = i + 2\u230ak/2\u230b" + M + "(k" + M + "1) = " + i + " + 2" + kDot + p + M + km1 + res;
    case Case::Full: return "o = i + (k" + M + "1) = " + i + " + " + km1 + res;
    case Case::NoPadStrided:
        return "o = \u230a(i" + M + "k)/s\u230b + 1 = \u230a(" + i + M + k + ")/" + s + "\u230b + 1" + res;
    case Case::PadStrided:
    case Case::Pool:
        if (a.padBefore == 0 && c == Case::Pool)
            return "o = \u230a(i" + M + "k)/s\u230b + 1 = \u230a(" + i + M + k + ")/" + s + "\u230b + 1" + res;
        return "o = \u230a(i + 2p" + M + "k)/s\u230b + 1 = \u230a(" + i + " + 2" + kDot + p + M + k + ")/" + s
            + "\u230b + 1" + res;
    case Case::Dilated:
        return "o = \u230a(i + 2p" + M + "k" + M + "(k" + M + "1)(d" + M + "1))/s\u230b + 1 = \u230a(" + i + " + 2"
            + kDot + p + M + k + M + km1 + kDot + num(a.dilation - 1) + ")/" + s + "\u230b + 1" + res;
    case Case::SameEven:
        return "o = \u230a(i + p\u2081 + p\u2082" + M + "d(k" + M + "1)" + M + "1)/s\u230b + 1 = \u230a(" + i + " + "
            + p + " + " + num(a.padAfter) + M + d + kDot + "(" + k + M + "1)" + M + "1)/" + s + "\u230b + 1" + res;
    case Case::TNoPadUnit: return "o\u2032 = i\u2032 + (k" + M + "1) = " + i + " + " + km1 + res;
    case Case::TPadUnit:
    case Case::THalf:
        return "o\u2032 = i\u2032 + (k" + M + "1)" + M + "2p = " + i + " + " + km1 + M + "2" + kDot + p + res;
    case Case::TFull: return "o\u2032 = i\u2032" + M + "(k" + M + "1) = " + i + M + km1 + res;
    case Case::TNoPadStrided:
        return "o\u2032 = s(i\u2032" + M + "1) + k = " + s + kDot + "(" + i + M + "1) + " + k + res;
    case Case::TPadStrided:
        return "o\u2032 = s(i\u2032" + M + "1) + k" + M + "2p = " + s + kDot + "(" + i + M + "1) + " + k + M + "2"
            + kDot + p + res;
    case Case::TOutputPadding:
        return "o\u2032 = s(i\u2032" + M + "1) + a + k" + M + "2p = " + s + kDot + "(" + i + M + "1) + "
            + num(a.outputPadding) + " + " + k + M + "2" + kDot + p + res;
    case Case::TGeneral: break;
    }
    return {};
}

// The rule the engine and PyTorch compute, for every case.
QString generalFormula(const ConvArithSetup &setup, const AxisPlan &a, int o)
{
    const QString i = num(a.in), k = num(a.kernel), s = num(a.stride), d = num(a.dilation);
    const QString res = " = " + num(o), M = " " + kMinus + " ";
    const bool sym = a.symmetric();
    const QString pSym = sym ? "2p" : "p\u2081 + p\u2082";
    const QString pNum = sym ? "2" + kDot + num(a.padBefore) : num(a.padBefore) + " + " + num(a.padAfter);
    if (isTransposed(setup.mode)) {
        const QString pT = sym ? M + "2p" : M + "p\u2081" + M + "p\u2082";
        const QString pTNum = sym ? M + "2" + kDot + num(a.padBefore) : M + num(a.padBefore) + M + num(a.padAfter);
        return "o\u2032 = s(i\u2032" + M + "1)" + pT + " + d(k" + M + "1) + a + 1 = " + s + kDot + "(" + i + M + "1)"
            + pTNum + " + " + d + kDot + "(" + k + M + "1) + " + num(a.outputPadding) + " + 1" + res;
    }
    return "o = \u230a(i + " + pSym + M + "d(k" + M + "1)" + M + "1)/s\u230b + 1 = \u230a(" + i + " + " + pNum + M + d
        + kDot + "(" + k + M + "1)" + M + "1)/" + s + "\u230b + 1" + res;
}

// Per-axis lines, written once when both axes give the same text.
void addAxisLines(QStringList &lines, const QString &rows, const QString &cols)
{
    if (rows.isEmpty())
        return;
    if (rows == cols) {
        lines << rows;
    } else {
        lines << "H: " + rows << "W: " + cols;
    }
}

QString plural(int n, const QString &one, const QString &many)
{
    return QString::number(n) + " " + (n == 1 ? one : many);
}

// Cells of the padded input that no window reads: the end rows and columns when the windows do
// not tile it, or cells between dilated taps.
QString unvisitedNote(const ConvArithModel &m)
{
    if (!m.valid() || isTransposed(m.mode()))
        return {};
    const AxisPlan &rows = m.rows(), &cols = m.cols();
    int hatched = 0;
    for (int r = 0; r < int(rows.strip.size()); ++r)
        for (int c = 0; c < int(cols.strip.size()); ++c)
            hatched += !m.stripVisited(r, c);
    if (hatched == 0)
        return {};
    const int inputs = int(m.unvisitedInputs().size());
    QString note = "Hatched: " + plural(hatched, "cell", "cells") + " that no window reads"
        + (inputs == 0 ? QString(", all padding") : ", " + QString::number(inputs) + " of them input");
    const int leftH = (int(rows.strip.size()) - rows.dilatedKernel()) % rows.step;
    const int leftW = (int(cols.strip.size()) - cols.dilatedKernel()) % cols.step;
    if (leftH == 0 && leftW == 0)
        return note + ": the dilated taps step over them.";
    // i + 2p - d(k - 1) - 1 along the axis that falls short (both, when they do).
    QStringList spans;
    for (const AxisPlan *a : {&rows, &cols}) {
        const QString v = num(int(a->strip.size()) - a->dilatedKernel());
        if ((int(a->strip.size()) - a->dilatedKernel()) % a->step && !spans.contains(v))
            spans << v;
    }
    QStringList where;
    if (leftH)
        where << plural(leftH, "row", "rows") + " at the bottom";
    if (leftW)
        where << plural(leftW, "column", "columns") + " at the right";
    return note + ": i + 2p " + kMinus + " d(k " + kMinus + " 1) " + kMinus + " 1 = " + spans.join(" and ")
        + " is not a multiple of s = " + num(rows.step) + ", so the windows stop short by " + where.join(" and ") + ".";
}

QString transposedNote(const ConvArithModel &m)
{
    const AxisPlan &a = m.rows();
    const QString M = " " + kMinus + " ";
    if (m.mode() == ConvArithMode::TransposedScatter) {
        QString note = "Each input cell adds its value times the kernel to the output, s = "
            + plural(a.stride, "cell", "cells") + " on from its neighbour";
        if (a.padBefore > 0 || a.padAfter > 0)
            note += "; padding p = " + num(a.padBefore) + " cuts cells off each side (grey)";
        if (a.outputPadding > 0)
            note += "; output padding adds " + plural(a.outputPadding, "cell", "cells") + " after";
        return note + ".";
    }
    const int pb = a.dilatedKernel() - 1 - a.padBefore;
    QString note = "As a convolution: ";
    if (a.stride > 1)
        note += plural(a.stride - 1, "zero", "zeros") + " (s" + M + "1) between input cells, ";
    if (pb >= 0)
        note += "padding p\u2032 = d(k" + M + "1)" + M + "p = " + num(pb) + " each side";
    else
        note += "p\u2032 = d(k" + M + "1)" + M + "p = " + num(pb) + ": " + plural(-pb, "cell", "cells")
            + " cropped off each side";
    if (a.outputPadding > 0)
        note += ", " + num(a.outputPadding) + " more after (a)";
    return note + ", the kernel rotated 180\u00b0, stride 1.";
}

QStringList notesOf(const ConvArithModel &m)
{
    QStringList notes;
    const ConvArithSetup &s = m.setup();
    const AxisPlan &a = m.rows();
    const QString unvisited = unvisitedNote(m);
    if (!unvisited.isEmpty())
        notes << unvisited;
    if (isTransposed(s.mode))
        notes << transposedNote(m);
    if (!a.symmetric() && !isTransposed(s.mode))
        notes << "\u201cSame\u201d with an even kernel pads " + num(a.padBefore) + " before and " + num(a.padAfter)
                + " after (PyTorch\u2019s rule); the engine\u2019s Conv2D pads both sides alike.";
    if (s.paddingMode == PaddingMode::Same && s.stride > 1 && !isTransposed(s.mode))
        notes << "At stride " + num(s.stride) + ", \u201csame\u201d padding no longer keeps the size.";
    if (a.padBefore > 0 && s.mode == ConvArithMode::MaxPool)
        notes << "Padding counts as " + kMinus + "\u221e: it never wins the max.";
    if (a.padBefore > 0 && s.mode == ConvArithMode::AvgPool)
        notes << "Padding counts as 0 in the average (count_include_pad, PyTorch\u2019s default).";
    return notes;
}

QString cellName(const QString &name, int r, int c)
{
    return name + "(" + QString::number(r) + "," + QString::number(c) + ")";
}

QString factor(double v)
{
    const QString s = formatNumber(v);
    return v < 0 ? "(" + s + ")" : s;
}

QString span(int lo, int hi)
{
    return lo == hi ? num(lo) : num(lo) + "\u2013" + num(hi);
}

ConvArithEquation scatterEquation(const ConvArithModel &m, int frame, bool numbers)
{
    ConvArithEquation eq;
    const GridCell in = m.frameCell(frame);
    const std::vector<ScatterTap> taps = m.scatter(frame);
    int cropped = 0, r0 = 1 << 20, r1 = -1, c0 = 1 << 20, c1 = -1;
    for (const ScatterTap &t : taps) {
        if (!t.inside) {
            ++cropped;
            continue;
        }
        const int r = t.cr - m.rows().crop, c = t.cc - m.cols().crop;
        r0 = std::min(r0, r);
        r1 = std::max(r1, r);
        c0 = std::min(c0, c);
        c1 = std::max(c1, c);
        eq.terms << cellName("o", r, c) + " += " + factor(t.x) + kDot + factor(t.w);
    }
    const QString x = cellName("x", in.row, in.col);
    const QString tail = cropped ? " (" + plural(cropped, "product", "products") + " cropped)" : QString();
    if (!numbers || eq.terms.isEmpty()) {
        eq.terms.clear();
        eq.head = x + " adds the kernel times itself to "
            + (r1 < 0 ? QString("no output cell") : "output rows " + span(r0, r1) + ", columns " + span(c0, c1));
        eq.tail = tail;
        return eq;
    }
    eq.head = x + " = " + formatNumber(taps.front().x) + ": ";
    eq.separator = ", ";
    eq.tail = tail;
    return eq;
}

} // namespace

QString formatNumber(double v)
{
    if (std::isinf(v))
        return v < 0 ? kMinus + "\u221e" : "\u221e";
    if (std::isnan(v))
        return {};
    QString s;
    if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e9) {
        s = QString::number(qint64(std::llround(v)));
    } else {
        s = QString::number(v, 'f', 2);
        while (s.endsWith('0'))
            s.chop(1);
        if (s.endsWith('.'))
            s.chop(1);
    }
    if (s == "-0")
        s = "0";
    return s.replace('-', kMinus);
}

ConvArithText describeSetup(const ConvArithModel &m)
{
    ConvArithText text;
    const ConvArithSetup &s = m.setup();
    const Case c = classify(s, m.rows());
    const CaseName name = nameOf(c, s.mode);
    text.title = name.title;
    if (c == Case::TGeneral)
        text.title = m.rows().dilation > 1 ? "Transposed dilated convolution" : "Transposed: uneven padding";
    if (name.relationship)
        text.reference = "relationship " + QString::number(name.relationship) + " of the guide";
    const int oh = rawSize(s, m.rows()), ow = rawSize(s, m.cols());
    if (c != Case::TGeneral)
        addAxisLines(text.formulas, caseFormula(c, m.rows(), oh), caseFormula(c, m.cols(), ow));
    QStringList general;
    addAxisLines(general, generalFormula(s, m.rows(), oh), generalFormula(s, m.cols(), ow));
    if (isPooling(s.mode)) // the pool's rule is the convolution's with d = 1: shown once is enough
        general.clear();
    text.formulas << general;
    text.notes = notesOf(m);
    return text;
}

ConvArithEquation frameEquation(const ConvArithModel &m, int frame, bool numbers)
{
    if (m.mode() == ConvArithMode::TransposedScatter)
        return scatterEquation(m, frame, numbers);
    ConvArithEquation eq;
    const GridCell o = m.frameCell(frame);
    if (o.row < 0)
        return eq;
    const std::vector<WindowTap> taps = m.window(frame);
    const QString lhs = cellName("o", o.row, o.col);
    const QString value = formatNumber(m.output()[std::size_t(m.frameOf(o))]);
    if (!numbers) {
        const WindowTap &first = taps.front(), &last = taps.back();
        const QString where = m.mode() == ConvArithMode::TransposedDirect ? "the zero-inserted, padded input"
            : m.rows().padBefore || m.rows().padAfter                     ? "the padded input"
                                                                          : "the input";
        eq.head
            = lhs + " reads rows " + span(first.sr, last.sr) + ", columns " + span(first.sc, last.sc) + " of " + where;
        if (m.rows().dilation > 1)
            eq.head += ", taps " + QString::number(m.rows().dilation) + " cells apart";
        return eq;
    }
    for (const WindowTap &t : taps)
        eq.terms << (isPooling(m.mode()) ? formatNumber(t.x) : factor(t.x) + kDot + factor(t.w));
    switch (m.mode()) {
    case ConvArithMode::MaxPool:
        eq.head = lhs + " = max(";
        eq.separator = ", ";
        eq.tail = ") = " + value;
        break;
    case ConvArithMode::AvgPool:
        eq.head = lhs + " = (";
        eq.separator = " + ";
        eq.tail = ")/" + QString::number(taps.size()) + " = " + value;
        break;
    default:
        eq.head = lhs + " = ";
        eq.separator = " + ";
        eq.tail = " = " + value;
    }
    return eq;
}

} // namespace ds::widgets
