// ConvArithModel and the layer-stack arithmetic: output sizes against the engine's formulas
// (convgeometry.h) and PyTorch's, written out here on their own, over every small size; the cells
// each frame reads against a brute-force enumeration; the transposed convolution's two forms
// against each other and against its definition; pooling values; receptive fields; the text.
#include "arithmetic/convarithformula.h"
#include "arithmetic/convarithmodel.h"
#include "arithmetic/convarithpresets.h"
#include "arithmetic/convarithstack.h"
#include "convgeometry.h"

#include <QTest>

#include <cmath>
#include <random>
#include <set>

using namespace ds::widgets;

namespace {

// PyTorch's formulas (torch.nn.Conv2d, ConvTranspose2d, MaxPool2d / AvgPool2d in floor mode),
// independent of convgeometry.h. 0 where PyTorch refuses the layer.
int torchConv(int i, int k, int s, int p, int d)
{
    const int num = i + 2 * p - d * (k - 1) - 1;
    if (num < 0)
        return 0;
    return int(std::floor(double(num) / s)) + 1;
}

int torchConvTranspose(int i, int k, int s, int p, int d, int a)
{
    if (!(a < s || a < d))
        return 0;
    const int o = (i - 1) * s - 2 * p + d * (k - 1) + a + 1;
    return o > 0 ? o : 0;
}

int torchPool(int i, int k, int s, int p)
{
    if (2 * p > k)
        return 0;
    return torchConv(i, k, s, p, 1);
}

ConvArithSetup setupOf(ConvArithMode mode, int inH, int inW, int k, int s, int p, int d = 1, int a = 0)
{
    ConvArithSetup st;
    st.inH = inH;
    st.inW = inW;
    st.kernel = k;
    st.stride = s;
    st.padding = p;
    st.dilation = d;
    st.outputPadding = a;
    st.mode = mode;
    return st;
}

// A direct mode's window must fit on the strip for every output cell, and one more would not.
bool stripFits(const AxisPlan &a)
{
    const int n = int(a.strip.size());
    return a.out == 0 || ((a.out - 1) * a.step + a.dilatedKernel() <= n && a.out * a.step + a.dilatedKernel() > n);
}

std::vector<double> randomInts(int n, std::mt19937 &rng)
{
    std::uniform_int_distribution<int> dist(-3, 4);
    std::vector<double> v(static_cast<std::size_t>(n));
    for (double &x : v)
        x = dist(rng);
    return v;
}

using Cells = std::set<std::pair<int, int>>;

// Every combination of the sizes, for the sweeps: input height and width 1..inMax (width in steps
// of inStep), kernel 1..kMax, stride 1..sMax, padding 0..pMax, dilation 1..dMax, output padding 0..aMax.
struct Params {
    int inH, inW, k, s, p, d, a;
};
std::vector<Params> sweep(int inMax, int kMax, int sMax, int pMax, int dMax, int aMax, int inStep = 1)
{
    std::vector<Params> all;
    for (int inH = 1; inH <= inMax; ++inH)
        for (int inW = 1; inW <= inMax; inW += inStep)
            for (int k = 1; k <= kMax; ++k)
                for (int s = 1; s <= sMax; ++s)
                    for (int p = 0; p <= pMax; ++p)
                        for (int d = 1; d <= dMax; ++d)
                            for (int a = 0; a <= aMax; ++a)
                                all.push_back({inH, inW, k, s, p, d, a});
    return all;
}

ConvArithSetup setupOf(ConvArithMode mode, const Params &q)
{
    return setupOf(mode, q.inH, q.inW, q.k, q.s, q.p, q.d, q.a);
}

} // namespace

class TestConvArithModel : public QObject {
    Q_OBJECT

private slots:
    void convolutionSizesMatchTheEngineAndPyTorch()
    {
        const std::vector<Params> all = sweep(9, 5, 3, 3, 3, 0);
        QCOMPARE(int(all.size()), 81 * 5 * 3 * 4 * 3);
        for (const Params &q : all) {
            const ConvArithModel m(setupOf(ConvArithMode::Convolution, q));
            const int h = ds::convOutputSize(q.inH, q.k, q.s, q.p, q.d),
                      w = ds::convOutputSize(q.inW, q.k, q.s, q.p, q.d);
            const bool ok = h > 0 && w > 0;
            QCOMPARE(h, torchConv(q.inH, q.k, q.s, q.p, q.d));
            QCOMPARE(w, torchConv(q.inW, q.k, q.s, q.p, q.d));
            QCOMPARE(m.valid(), ok);
            QCOMPARE(m.outH(), ok ? h : 0);
            QCOMPARE(m.outW(), ok ? w : 0);
            QCOMPARE(m.frameCount(), ok ? h * w : 0);
            QVERIFY(stripFits(m.rows()) && stripFits(m.cols()));
            QCOMPARE(int(m.rows().strip.size()), q.inH + 2 * q.p);
        }
    }

    void transposedSizesMatchTheEngineAndPyTorch()
    {
        for (const Params &q : sweep(9, 5, 3, 3, 3, 2)) {
            const ConvArithModel m(setupOf(ConvArithMode::TransposedDirect, q));
            const int h = ds::transposedConvOutputSize(q.inH, q.k, q.s, q.p, q.d, q.a);
            const int w = ds::transposedConvOutputSize(q.inW, q.k, q.s, q.p, q.d, q.a);
            QCOMPARE(h, torchConvTranspose(q.inH, q.k, q.s, q.p, q.d, q.a));
            QCOMPARE(w, torchConvTranspose(q.inW, q.k, q.s, q.p, q.d, q.a));
            const bool ok = h > 0 && w > 0;
            QCOMPARE(m.valid(), ok);
            QCOMPARE(m.outH(), ok ? h : 0);
            QCOMPARE(m.outW(), ok ? w : 0);
            if (!ok)
                continue;
            // The direct form: a stride-1 convolution over the strip.
            QVERIFY(stripFits(m.rows()) && stripFits(m.cols()));
            QCOMPARE(int(m.rows().strip.size()) - m.rows().dilatedKernel() + 1, h);
            // The scatter form: the output is a window of the canvas.
            const ConvArithModel sc(setupOf(ConvArithMode::TransposedScatter, q));
            QCOMPARE(sc.outH(), h);
            QVERIFY(sc.rows().crop + h <= sc.rows().canvas);
            QCOMPARE(sc.frameCount(), q.inH * q.inW);
        }
    }

    void poolingSizesMatchTheEngineAndPyTorch()
    {
        for (const ConvArithMode mode : {ConvArithMode::MaxPool, ConvArithMode::AvgPool})
            for (const Params &q : sweep(9, 5, 3, 3, 1, 0)) {
                // A dilation is ignored by pools.
                const ConvArithModel m(setupOf(mode, q.inH, q.inW, q.k, q.s, q.p, 3));
                const bool padOk = ds::poolPaddingValid(q.k, q.p);
                const int h = padOk ? ds::poolOutputSize(q.inH, q.k, q.s, q.p) : 0;
                const int w = padOk ? ds::poolOutputSize(q.inW, q.k, q.s, q.p) : 0;
                QCOMPARE(h, torchPool(q.inH, q.k, q.s, q.p));
                QCOMPARE(w, torchPool(q.inW, q.k, q.s, q.p));
                QCOMPARE(m.valid(), h > 0 && w > 0);
                QCOMPARE(m.outH(), h > 0 && w > 0 ? h : 0);
                QCOMPARE(m.rows().dilation, 1);
                QVERIFY(stripFits(m.rows()));
            }
    }

    void sameAndFullPadding()
    {
        for (int in = 1; in <= 9; ++in)
            for (int k = 1; k <= 5; ++k)
                for (int d = 1; d <= 3; ++d) {
                    ConvArithSetup st = setupOf(ConvArithMode::Convolution, in, in, k, 1, 0, d);
                    st.paddingMode = PaddingMode::Same;
                    const AxisPlan same = planAxis(in, st);
                    QCOMPARE(same.out, in); // at stride 1, "same" keeps the size, even kernels too
                    QCOMPARE(same.padBefore + same.padAfter, ds::samePaddingTotal(k, d));
                    QVERIFY(same.padAfter - same.padBefore == 0 || same.padAfter - same.padBefore == 1);
                    if (same.symmetric())
                        QCOMPARE(same.out, ds::convOutputSize(in, k, 1, same.padBefore, d));
                    st.paddingMode = PaddingMode::Full;
                    const AxisPlan full = planAxis(in, st);
                    QCOMPARE(full.padBefore, ds::fullPadding(k, d));
                    QCOMPARE(full.out, in + ds::dilatedKernel(k, d) - 1);
                    st.paddingMode = PaddingMode::Valid;
                    st.padding = 3; // ignored
                    QCOMPARE(planAxis(in, st).out, ds::convOutputSize(in, k, 1, 0, d));
                    // Transposing "same" gives the size back too.
                    st.paddingMode = PaddingMode::Same;
                    st.mode = ConvArithMode::TransposedDirect;
                    QCOMPARE(planAxis(in, st).out, in);
                }
    }

    void visitedCellsMatchABruteForceEnumeration()
    {
        for (const Params &q : sweep(8, 4, 3, 2, 3, 0, 3)) {
            const ConvArithModel m(setupOf(ConvArithMode::Convolution, q));
            if (!m.valid())
                continue;
            Cells seen;
            for (int f = 0; f < m.frameCount(); ++f) {
                const int orow = f / m.outW(), ocol = f % m.outW();
                Cells expected, got;
                for (int kr = 0; kr < q.k; ++kr)
                    for (int kc = 0; kc < q.k; ++kc) {
                        const int r = orow * q.s + kr * q.d - q.p, c = ocol * q.s + kc * q.d - q.p;
                        if (r >= 0 && r < q.inH && c >= 0 && c < q.inW)
                            expected.insert({r, c});
                    }
                for (const WindowTap &t : m.window(f)) {
                    const int kind = m.stripKind(t.sr, t.sc);
                    if (kind >= 0)
                        got.insert({kind / q.inW, kind % q.inW});
                }
                QCOMPARE(got, expected);
                seen.insert(expected.begin(), expected.end());
            }
            Cells unvisited;
            for (int r = 0; r < q.inH; ++r)
                for (int c = 0; c < q.inW; ++c)
                    if (!seen.count({r, c}))
                        unvisited.insert({r, c});
            const auto model = m.unvisitedInputs();
            QCOMPARE(Cells(model.begin(), model.end()), unvisited);
        }
        // 6x6, k3, s2 without padding: the last input row and column are never read.
        const ConvArithModel odd(setupOf(ConvArithMode::Convolution, 6, 6, 3, 2, 0));
        QCOMPARE(int(odd.unvisitedInputs().size()), 11);
        QCOMPARE(odd.unvisitedInputs().front(), std::make_pair(0, 5));
        // The guide's 6x6, k3, s2, p1: every input cell is read, but not the last padding row and
        // column.
        const ConvArithModel padded(setupOf(ConvArithMode::Convolution, 6, 6, 3, 2, 1));
        QVERIFY(padded.unvisitedInputs().empty());
        QVERIFY(!padded.stripRowVisited(7) && !padded.stripColVisited(7));
        QVERIFY(padded.stripRowVisited(6) && padded.stripColVisited(6));
    }

    void convolutionValuesMatchTheDefinition()
    {
        // The guide's Figure 1.1: its input and kernel are the defaults.
        const ConvArithModel guide(setupOf(ConvArithMode::Convolution, 5, 5, 3, 1, 0));
        const std::vector<double> expected {12, 12, 17, 10, 17, 19, 9, 6, 14};
        QCOMPARE(guide.output(), expected);
        // The lecture's example.
        const ConvArithPreset &lecture = convArithPresets().back();
        ConvArithModel m(lecture.setup);
        m.setNumbers(lecture.input, lecture.kernel);
        QCOMPARE(m.output(), (std::vector<double> {19, 25, 37, 43}));

        std::mt19937 rng(7);
        for (const Params &q : sweep(6, 3, 2, 2, 2, 0)) {
            ConvArithModel c(setupOf(ConvArithMode::Convolution, q));
            if (!c.valid())
                continue;
            const auto x = randomInts(q.inH * q.inW, rng), w = randomInts(q.k * q.k, rng);
            c.setNumbers(x, w);
            for (int o = 0; o < c.outH() * c.outW(); ++o) {
                double sum = 0;
                for (int kr = 0; kr < q.k; ++kr)
                    for (int kc = 0; kc < q.k; ++kc) {
                        const int r = o / c.outW() * q.s + kr * q.d - q.p, cc = o % c.outW() * q.s + kc * q.d - q.p;
                        if (r >= 0 && r < q.inH && cc >= 0 && cc < q.inW)
                            sum += x[std::size_t(r * q.inW + cc)] * w[std::size_t(kr * q.k + kc)];
                    }
                QCOMPARE(c.output()[std::size_t(o)], sum);
            }
        }
    }

    void transposedTwoWaysGiveTheSameNumbers()
    {
        std::mt19937 rng(11);
        int cases = 0;
        for (const Params &q : sweep(5, 4, 3, 2, 2, 1, 2)) {
            ConvArithModel direct(setupOf(ConvArithMode::TransposedDirect, q));
            if (!direct.valid())
                continue;
            ConvArithModel scatter(setupOf(ConvArithMode::TransposedScatter, q));
            const auto x = randomInts(q.inH * q.inW, rng), w = randomInts(q.k * q.k, rng);
            direct.setNumbers(x, w);
            scatter.setNumbers(x, w);
            // The definition: input cell r adds x[r] * w[t] to output r*s + t*d - p, per axis.
            const int oh = direct.outH(), ow = direct.outW();
            std::vector<double> expected(std::size_t(oh * ow), 0.0);
            for (int r = 0; r < q.inH; ++r)
                for (int c = 0; c < q.inW; ++c)
                    for (int kr = 0; kr < q.k; ++kr)
                        for (int kc = 0; kc < q.k; ++kc) {
                            const int orow = r * q.s + kr * q.d - q.p, ocol = c * q.s + kc * q.d - q.p;
                            if (orow >= 0 && orow < oh && ocol >= 0 && ocol < ow)
                                expected[std::size_t(orow * ow + ocol)]
                                    += x[std::size_t(r * q.inW + c)] * w[std::size_t(kr * q.k + kc)];
                        }
            QCOMPARE(direct.output(), expected);
            QCOMPARE(scatter.output(), expected);
            ++cases;
        }
        QVERIFY(cases > 500);
    }

    void scatterFramesAddUp()
    {
        ConvArithModel m(setupOf(ConvArithMode::TransposedScatter, 3, 3, 3, 2, 1, 1, 1));
        QCOMPARE(m.outH(), 6);
        // After all frames the canvas, cropped, is the output; before any, it is all zeros.
        const std::vector<double> none = m.partialOutput(0);
        QVERIFY(std::all_of(none.begin(), none.end(), [](double v) { return v == 0; }));
        const std::vector<double> all = m.canvasOutput();
        for (int r = 0; r < m.outH(); ++r)
            for (int c = 0; c < m.outW(); ++c)
                QCOMPARE(all[std::size_t((r + m.rows().crop) * m.cols().canvas + c + m.cols().crop)],
                    m.output()[std::size_t(r * m.outW() + c)]);
        // Frame 0 spreads input cell (0,0): its taps before the crop are cropped away.
        int cropped = 0;
        for (const ScatterTap &t : m.scatter(0))
            cropped += !t.inside;
        QCOMPARE(cropped, 5);
    }

    void poolingValues()
    {
        // The guide's 3x3 max pooling of its 5x5 input, stride 1.
        const ConvArithModel max(setupOf(ConvArithMode::MaxPool, 5, 5, 3, 1, 0));
        QCOMPARE(max.output(), (std::vector<double> {3, 3, 3, 3, 3, 3, 3, 2, 3}));
        const ConvArithModel avg(setupOf(ConvArithMode::AvgPool, 5, 5, 3, 1, 0));
        QCOMPARE(avg.output().front(), (3 + 3 + 2 + 0 + 0 + 1 + 3 + 1 + 2) / 9.0);
        // Padding never wins a max and counts as zero in an average.
        ConvArithModel pmax(setupOf(ConvArithMode::MaxPool, 2, 2, 3, 1, 1));
        pmax.setNumbers({-1, -2, -3, -4}, {});
        QCOMPARE(pmax.output(), (std::vector<double> {-1, -1, -1, -1}));
        ConvArithModel pavg(setupOf(ConvArithMode::AvgPool, 2, 2, 3, 1, 1));
        pavg.setNumbers({1, 2, 3, 4}, {});
        QCOMPARE(pavg.output(), (std::vector<double> {10 / 9.0, 10 / 9.0, 10 / 9.0, 10 / 9.0}));
        // Pools: 2x2 windows at stride 2 over 4x4.
        ConvArithModel p2(setupOf(ConvArithMode::MaxPool, 4, 4, 2, 2, 0));
        p2.setNumbers({1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 2, 1, 7}, {});
        QCOMPARE(p2.output(), (std::vector<double> {5, 8, 9, 7}));
        // Too much padding is refused, with a reason.
        const ConvArithModel bad(setupOf(ConvArithMode::MaxPool, 5, 5, 2, 1, 2));
        QVERIFY(!bad.valid());
        QVERIFY(bad.error().find("half") != std::string::npos);
    }

    void editsStickToTheirCells()
    {
        ConvArithModel m(setupOf(ConvArithMode::Convolution, 4, 4, 3, 1, 0));
        m.setInput(1, 2, 42);
        m.setKernel(0, 0, -1);
        ConvArithSetup bigger = m.setup();
        bigger.inH = bigger.inW = 6;
        m.setSetup(bigger);
        QCOMPARE(m.input(1, 2), 42.0);
        QCOMPARE(m.kernel(0, 0), -1.0);
        QCOMPARE(m.input(5, 5), ConvArithModel::defaultInput(5, 5));
        bigger.mode = ConvArithMode::TransposedDirect; // the direct form applies the kernel rotated
        m.setSetup(bigger);
        QCOMPARE(m.appliedKernel(2, 2), -1.0);
        m.resetNumbers();
        QCOMPARE(m.input(1, 2), ConvArithModel::defaultInput(1, 2));
    }

    void receptiveFields()
    {
        const ParsedStack two = parseLayerStack("conv k3; conv k3");
        QVERIFY(two.error.empty());
        QCOMPARE(receptiveFieldSize(two.layers), 5);
        const auto spans = receptiveSpans(two.layers, 2);
        QCOMPARE(spans.front(), (CellSpan {2, 6}));
        QCOMPARE(spans[1], (CellSpan {2, 4}));
        QCOMPARE(spans.back(), (CellSpan {2, 2}));
        // Strides multiply the later layers' reach.
        QCOMPARE(receptiveFieldSize(parseLayerStack("conv k3 s2; conv k3").layers), 7);
        QCOMPARE(receptiveFieldSize(parseLayerStack("conv k3; pool k2 s2; conv k3").layers), 8);
        QCOMPARE(receptiveFieldJump(parseLayerStack("conv k3 s2; pool k2; conv k3").layers), 4);
        QCOMPARE(receptiveFieldSize(parseLayerStack("conv k3 d2; conv k3 d4").layers), 13);
        // Every span agrees with walking the layers cell by cell.
        const auto stack = parseLayerStack("conv k5 s1 p2; pool k2 s2; conv k3 s2 p1 d2").layers;
        const std::vector<int> sizes = stackSizes(stack, 28);
        QCOMPARE(sizes, (std::vector<int> {28, 28, 14, 6}));
        for (int cell = 0; cell < sizes.back(); ++cell) {
            std::set<int> cells {cell};
            const auto s = receptiveSpans(stack, cell);
            for (std::size_t l = stack.size(); l-- > 0;) {
                std::set<int> below;
                for (int o : cells)
                    for (int t = 0; t < stack[l].kernel; ++t)
                        below.insert(o * stack[l].stride - stack[l].padding + t * stack[l].dilation);
                cells = below;
                QCOMPARE(*cells.begin(), s[l].lo);
                QCOMPARE(*cells.rbegin(), s[l].hi);
            }
        }
    }

    void stackText()
    {
        const ParsedStack p = parseLayerStack("conv k5 s1 p2; pool k2 s2;\nConv k5 d2");
        QVERIFY2(p.error.empty(), p.error.c_str());
        QCOMPARE(int(p.layers.size()), 3);
        QCOMPARE(p.layers[0], (ConvWindow {5, 1, 2, 1, false}));
        QCOMPARE(p.layers[1], (ConvWindow {2, 2, 0, 1, true})); // a pool strides by its window
        QCOMPARE(p.layers[2], (ConvWindow {5, 1, 0, 2, false}));
        QCOMPARE(parseLayerStack(formatLayerStack(p.layers)).layers, p.layers);
        QVERIFY(!parseLayerStack("conv x5").error.empty());
        QVERIFY(!parseLayerStack("dense k3").error.empty());
        QVERIFY(!parseLayerStack("  ;  ").error.empty());
        QVERIFY(!parseLayerStack("conv k0").error.empty());
        QVERIFY(parseLayerStack("conv k3; oops").error.find("layer 2") != std::string::npos);
    }

    void formulasWithTheNumbersSubstituted()
    {
        const ConvArithModel m(setupOf(ConvArithMode::Convolution, 5, 5, 3, 2, 1));
        const ConvArithText t = describeSetup(m);
        QCOMPARE(t.title, QString("Zero padding, non-unit strides"));
        QCOMPARE(t.reference, QString("relationship 6 of the guide"));
        QCOMPARE(t.formulas.size(), 2);
        QCOMPARE(t.formulas[0], QString("o = ⌊(i + 2p − k)/s⌋ + 1 = ⌊(5 + 2·1 − 3)/2⌋ + 1 = 3"));
        QCOMPARE(t.formulas[1], QString("o = ⌊(i + 2p − d(k − 1) − 1)/s⌋ + 1 = ⌊(5 + 2·1 − 1·(3 − 1) − 1)/2⌋ + 1 = 3"));

        const ConvArithEquation eq
            = frameEquation(ConvArithModel(setupOf(ConvArithMode::Convolution, 5, 5, 3, 1, 0)), 0, true);
        QCOMPARE(eq.text(), QString("o(0,0) = 3·0 + 3·1 + 2·2 + 0·2 + 0·2 + 1·0 + 3·0 + 1·1 + 2·2 = 12"));

        // Each case of the guide gets its own relationship; different axes get a line each.
        const std::pair<int, int> refs[] = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 6}, {7, 15}, {8, 8},
            {9, 9}, {10, 10}, {11, 11}, {12, 12}, {13, 13}, {14, 14}, {16, 7}, {17, 7}};
        for (const auto &[preset, relationship] : refs) {
            const ConvArithModel pm(convArithPresets()[std::size_t(preset)].setup);
            QVERIFY2(pm.valid(), convArithPresets()[std::size_t(preset)].name.c_str());
            QCOMPARE(describeSetup(pm).reference, QString("relationship %1 of the guide").arg(relationship));
        }
        const ConvArithModel wide(setupOf(ConvArithMode::Convolution, 4, 7, 3, 1, 0));
        QVERIFY(describeSetup(wide).formulas.first().startsWith("H: "));
        // The case that does not tile says which cells are never read.
        const QStringList oddNotes = describeSetup(ConvArithModel(convArithPresets()[6].setup)).notes;
        QVERIFY(!oddNotes.isEmpty());
        QCOMPARE(oddNotes.first(),
            QString("Hatched: 15 cells that no window reads, all padding: i + 2p − d(k − 1) − 1 = 5 is not a multiple "
                    "of s = 2, so the windows stop short by 1 row at the bottom and 1 column at the right."));
        const QStringList unpadded
            = describeSetup(ConvArithModel(setupOf(ConvArithMode::Convolution, 6, 6, 3, 2, 0))).notes;
        QVERIFY(!unpadded.isEmpty());
        QVERIFY(unpadded.first().startsWith("Hatched: 11 cells that no window reads, 11 of them input: "));
        const ConvArithModel evenSame([] {
            ConvArithSetup s = setupOf(ConvArithMode::Convolution, 5, 5, 4, 1, 0);
            s.paddingMode = PaddingMode::Same;
            return s;
        }());
        QVERIFY(describeSetup(evenSame).notes.join(" ").contains("1 before and 2 after"));
        QCOMPARE(formatNumber(-2.5), QString("−2.5"));
        QCOMPARE(formatNumber(10 / 9.0), QString("1.11"));
    }
};

QTEST_MAIN(TestConvArithModel)
#include "tst_convarithmodel.moc"
