// ConvArithModel: the geometry and the numbers behind the conv-arithmetic view (Dumoulin and
// Visin, "A guide to convolution arithmetic for deep learning"), Qt-free. For one setup (input
// size, kernel, stride, padding, dilation, output padding, and a mode: convolution, transposed
// convolution seen two ways, or pooling) it says what the view draws: the strip of cells the
// window slides over on each axis (input, padding, inserted zeros), the output size (from
// convgeometry.h, so it is what the engine builds), the frames of the animation, which cells each
// frame reads or writes with which weights, the values, and the cells no window ever visits.
#pragma once

#include "core/convarithsetup.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ds::widgets {

// The setup itself (what the user sets, and what a playground file keeps) is core's.
using app::ConvArithMode;
using app::ConvArithSetup;
using app::PaddingMode;

bool isTransposed(ConvArithMode mode);
bool isPooling(ConvArithMode mode);

// Kinds of cell on a strip (any value >= 0 is an input cell's index).
constexpr int kPadCell = -1; // zero padding (minus infinity for a max pool)
constexpr int kZeroCell = -2; // a zero inserted between input cells by a transposed convolution

// One axis of a setup, resolved.
struct AxisPlan {
    int in = 0, kernel = 1, stride = 1, dilation = 1;
    int padBefore = 0, padAfter = 0; // "same" with an even dilated kernel pads one more after
    int outputPadding = 0;
    int out = 0; // output cells; 0 when the kernel does not fit or the setup is invalid
    // Direct modes: the cells the window slides over, first to last, and its step along them.
    // Output cell o reads strip[o * step + t * dilation] for taps t = 0 .. kernel - 1.
    std::vector<int> strip;
    int step = 1;
    // Scatter mode: the uncropped output the input cells scatter into, `canvas` cells long; output
    // cell o is canvas cell o + crop (the cells before and after are cut away by the padding).
    int canvas = 0, crop = 0;

    int dilatedKernel() const { return dilation * (kernel - 1) + 1; }
    bool symmetric() const { return padBefore == padAfter; }
};

// Resolves one axis of `in` cells: padding from the mode, the strip, the output size.
AxisPlan planAxis(int in, const ConvArithSetup &setup);

struct GridCell {
    int row = -1, col = -1;
    bool operator==(const GridCell &) const = default;
};

// A direct mode's kernel tap in one frame: tap (kr, kc) of the kernel as applied (flipped in
// TransposedDirect) over strip cell (sr, sc), whose value is x; the weight is w (1 for pools).
struct WindowTap {
    int kr = 0, kc = 0, sr = 0, sc = 0;
    double x = 0, w = 0;
};

// A scatter frame's contribution: input cell times kernel tap (kr, kc) lands on canvas cell
// (cr, cc), which is output cell (cr - crop, cc - crop) when `inside`.
struct ScatterTap {
    int kr = 0, kc = 0, cr = 0, cc = 0;
    double x = 0, w = 0;
    bool inside = false;
};

class ConvArithModel {
public:
    explicit ConvArithModel(const ConvArithSetup &setup = {});

    // Keeps the numbers the user typed where their cells still exist.
    void setSetup(const ConvArithSetup &setup);
    const ConvArithSetup &setup() const { return m_setup; }
    ConvArithMode mode() const { return m_setup.mode; }
    const AxisPlan &rows() const { return m_rows; }
    const AxisPlan &cols() const { return m_cols; }
    int outH() const { return m_rows.out; }
    int outW() const { return m_cols.out; }
    // "" when the setup builds; otherwise why not, in words (then outH() or outW() is 0).
    const std::string &error() const { return m_error; }
    bool valid() const { return m_error.empty(); }

    // The numbers. Defaults: the input of the guide's Figure 1.1 tiled, its 3x3 kernel (other
    // kernel sizes count 0, 1, 2, ...). Edits stick to their cell until resetNumbers().
    double input(int r, int c) const { return m_x[std::size_t(r * m_setup.inW + c)]; }
    double kernel(int r, int c) const { return m_w[std::size_t(r * m_setup.kernel + c)]; }
    void setInput(int r, int c, double v);
    void setKernel(int r, int c, double v);
    void setNumbers(const std::vector<double> &input, const std::vector<double> &kernel); // row-major
    void resetNumbers();
    // The kernel as the direct view applies it: rotated 180 degrees in TransposedDirect.
    bool kernelFlipped() const { return m_setup.mode == ConvArithMode::TransposedDirect; }
    double appliedKernel(int r, int c) const;

    // One frame per output cell (direct modes) or per input cell (scatter), row-major.
    int frameCount() const;
    // The output cell a direct frame computes, or the input cell a scatter frame spreads.
    GridCell frameCell(int frame) const;
    int frameOf(GridCell cell) const; // the inverse; -1 when out of range

    // Direct modes. The strip cell's kind (index >= 0, kPadCell, kZeroCell) and value.
    int stripKind(int sr, int sc) const;
    double stripValue(int sr, int sc) const;
    std::vector<WindowTap> window(int frame) const;
    // Scatter mode.
    std::vector<ScatterTap> scatter(int frame) const;

    // The finished output, row-major outH x outW. Computed on first use, so that a model asked
    // only for sizes stays cheap.
    const std::vector<double> &output() const;
    // The output after frames 0 .. done - 1: direct modes leave cells not yet computed NaN;
    // scatter mode holds the partial sums (canvas-sized, row-major, cropped cells included).
    std::vector<double> partialOutput(int done) const;
    // Scatter mode: the finished uncropped canvas, rows().canvas x cols().canvas.
    std::vector<double> canvasOutput() const { return partialOutput(frameCount()); }

    // Direct modes: whether any window reads this strip row / column / cell, and the input cells
    // (input coordinates) that no window reads.
    bool stripRowVisited(int sr) const { return m_rowVisited[std::size_t(sr)]; }
    bool stripColVisited(int sc) const { return m_colVisited[std::size_t(sc)]; }
    bool stripVisited(int sr, int sc) const { return stripRowVisited(sr) && stripColVisited(sc); }
    std::vector<std::pair<int, int>> unvisitedInputs() const;

    static double defaultInput(int r, int c);
    static double defaultKernel(int r, int c, int kernel);

private:
    void rebuild();
    void computeOutput() const;
    double combine(const std::vector<WindowTap> &taps) const;
    static std::vector<bool> visitedAlong(const AxisPlan &axis);

    ConvArithSetup m_setup;
    AxisPlan m_rows, m_cols;
    std::string m_error;
    std::vector<double> m_x, m_w;
    mutable std::vector<double> m_out;
    mutable bool m_outDirty = true;
    std::vector<bool> m_rowVisited, m_colVisited;
    // Typed numbers, kept by position so that growing the input does not lose them.
    std::map<std::pair<int, int>, double> m_inputEdits, m_kernelEdits;
};

} // namespace ds::widgets
