// The painter's grids: the cells the window slides over, the kernel, the output, and the labels
// under them. Cells are drawn without antialiasing so that their edges stay crisp at any size.
#include "convarithpainter.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <climits>
#include <cmath>

namespace ds::widgets {
namespace {

// Weights are amber wherever they appear (the kernel, the taps under the window), so that the
// eye tells them from the values they multiply.
const QColor kWeightOnDark(0xff, 0xd3, 0x85);

QString sizeText(int h, int w)
{
    return QString::number(h) + "\u00d7" + QString::number(w);
}

} // namespace

void ConvArithPainter::drawCell(
    QPainter &p, const QRectF &rect, const QColor &fill, Qt::PenStyle border, const QString &text) const
{
    const qreal gap = std::max(1.0, std::round(m_cell * 0.06));
    const QRectF r = rect.adjusted(0, 0, -gap, -gap);
    p.fillRect(r, fill);
    if (border != Qt::NoPen) {
        p.setPen(QPen(m_colors.paddingBorder, 1, border));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(0, 0, -1, -1));
    }
    if (text.isEmpty())
        return;
    // Shrink a long number to fit rather than let it spill into the next cell.
    QFont f = m_cellFont;
    const qreal advance = QFontMetricsF(f).horizontalAdvance(text);
    if (advance > r.width() * 0.9)
        f.setPixelSize(std::max(6, int(f.pixelSize() * r.width() * 0.9 / advance)));
    p.setFont(f);
    p.setPen(textOn(fill));
    p.drawText(r, Qt::AlignCenter, text);
}

void ConvArithPainter::drawHatch(QPainter &p, const QRectF &rect) const
{
    const qreal gap = std::max(1.0, std::round(m_cell * 0.06));
    const QRectF r = rect.adjusted(0, 0, -gap, -gap);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setClipRect(r);
    p.setPen(QPen(m_colors.unvisited, std::max(1.5, m_cell / 14)));
    const qreal spacing = std::max(5.0, m_cell / 4);
    for (qreal x = r.left() - r.height(); x < r.right(); x += spacing)
        p.drawLine(QPointF(x, r.bottom()), QPointF(x + r.height(), r.top()));
    p.setPen(QPen(m_colors.unvisited, 2));
    p.drawRect(r.adjusted(1, 1, -1, -1));
    p.restore();
}

void ConvArithPainter::drawOutline(QPainter &p, const QRectF &rect) const
{
    const qreal gap = std::max(1.0, std::round(m_cell * 0.06));
    const qreal width = std::max(2.0, std::round(m_cell / 12));
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(m_colors.outline, width, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rect.adjusted(-gap / 2, -gap / 2, -gap / 2, -gap / 2));
    p.restore();
}

void ConvArithPainter::drawSource(QPainter &p, int frame) const
{
    const ConvArithModel &m = *m_model;
    const std::vector<WindowTap> taps = m.window(frame);
    std::vector<int> tapAt(std::size_t(m_sh * m_sw), -1);
    for (std::size_t i = 0; i < taps.size(); ++i)
        tapAt[std::size_t(taps[i].sr * m_sw + taps[i].sc)] = int(i);
    const bool numbers = cellNumbers();
    const bool weights = numbers && !isPooling(m.mode()) && m_cell >= 30;
    for (int sr = 0; sr < m_sh; ++sr)
        for (int sc = 0; sc < m_sw; ++sc) {
            const int kind = m.stripKind(sr, sc), tap = tapAt[std::size_t(sr * m_sw + sc)];
            const bool active = tap >= 0;
            QColor fill = active ? m_colors.inputActive : m_colors.input;
            Qt::PenStyle border = Qt::NoPen;
            if (kind < 0) {
                fill = active ? m_colors.paddingActive : kind == kPadCell ? m_colors.padding : m_colors.zero;
                border = kind == kPadCell ? Qt::DashLine : Qt::DotLine;
            }
            // Padding and inserted zeros show their value only under the window: a frame of zeros
            // everywhere would hide the input.
            const bool showValue = numbers && (kind >= 0 || active);
            const QRectF rect = sourceCell(sr, sc);
            drawCell(p, rect, fill, border, showValue ? formatNumber(m.stripValue(sr, sc)) : QString());
            if (m.valid() && !m.stripVisited(sr, sc))
                drawHatch(p, rect);
            if (active && weights) {
                p.setFont(m_tapFont);
                p.setPen(kWeightOnDark);
                const qreal pad = m_cell * 0.08;
                p.drawText(rect.adjusted(0, 0, -pad - 1, -pad), Qt::AlignRight | Qt::AlignBottom,
                    formatNumber(taps[std::size_t(tap)].w));
            }
        }
    if (!taps.empty())
        drawOutline(p, sourceCell(taps.front().sr, taps.front().sc).united(sourceCell(taps.back().sr, taps.back().sc)));
}

void ConvArithPainter::drawScatterSource(QPainter &p, int frame) const
{
    const ConvArithModel &m = *m_model;
    const GridCell now = m.frameCell(frame);
    for (int r = 0; r < m_sh; ++r)
        for (int c = 0; c < m_sw; ++c) {
            const bool active = now == GridCell {r, c};
            drawCell(p, sourceCell(r, c), active ? m_colors.inputActive : m_colors.input, Qt::NoPen,
                cellNumbers() ? formatNumber(m.input(r, c)) : QString());
        }
    if (now.row >= 0)
        drawOutline(p, sourceCell(now.row, now.col));
}

void ConvArithPainter::drawKernel(QPainter &p) const
{
    const ConvArithModel &m = *m_model;
    const int k = m.setup().kernel;
    const bool pool = isPooling(m.mode());
    for (int r = 0; r < k; ++r)
        for (int c = 0; c < k; ++c) {
            const QRectF rect = kernelCell(r, c);
            drawCell(p, rect, m_colors.kernel, Qt::NoPen, QString());
            if (pool || !cellNumbers())
                continue;
            const qreal gap = std::max(1.0, std::round(m_cell * 0.06));
            p.setFont(m_cellFont);
            p.setPen(kWeightOnDark);
            p.drawText(rect.adjusted(0, 0, -gap, -gap), Qt::AlignCenter, formatNumber(m.kernel(r, c)));
        }
}

void ConvArithPainter::drawTarget(QPainter &p, int frame) const
{
    const ConvArithModel &m = *m_model;
    if (!m.valid()) {
        p.setPen(QPen(m_colors.unvisited, 1, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(m_target.adjusted(0, 0, -1, -1));
        p.setFont(m_small);
        p.drawText(m_target.adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWordWrap, "no output");
        return;
    }
    const std::vector<double> &out = m.output();
    for (int r = 0; r < m_th; ++r)
        for (int c = 0; c < m_tw; ++c) {
            const int f = r * m_tw + c;
            const QColor fill = f < frame ? m_colors.output
                : f == frame              ? m_colors.outputActive
                                          : m_colors.outputPending;
            drawCell(p, targetCell(r, c), fill, Qt::NoPen,
                cellNumbers() && f <= frame ? formatNumber(out[std::size_t(f)]) : QString());
        }
    const GridCell now = m.frameCell(frame);
    if (now.row >= 0)
        drawOutline(p, targetCell(now.row, now.col));
}

void ConvArithPainter::drawScatterTarget(QPainter &p, int frame) const
{
    const ConvArithModel &m = *m_model;
    if (!m.valid()) {
        drawTarget(p, frame);
        return;
    }
    // When each canvas cell first receives a product, to tell cells already written from those
    // still waiting.
    std::vector<int> first(std::size_t(m_th * m_tw), INT_MAX);
    for (int f = 0; f < m.frameCount(); ++f)
        for (const ScatterTap &t : m.scatter(f))
            first[std::size_t(t.cr * m_tw + t.cc)] = std::min(first[std::size_t(t.cr * m_tw + t.cc)], f);
    std::vector<bool> now(first.size(), false);
    QRectF footprint;
    for (const ScatterTap &t : m.scatter(frame)) {
        now[std::size_t(t.cr * m_tw + t.cc)] = true;
        footprint = footprint.united(targetCell(t.cr, t.cc));
    }
    const std::vector<double> partial = m.partialOutput(frame + 1);
    const AxisPlan &rows = m.rows(), &cols = m.cols();
    for (int r = 0; r < m_th; ++r)
        for (int c = 0; c < m_tw; ++c) {
            const std::size_t i = std::size_t(r * m_tw + c);
            const bool inside
                = r >= rows.crop && r < rows.crop + m.outH() && c >= cols.crop && c < cols.crop + m.outW();
            const bool written = first[i] <= frame;
            QColor fill = now[i] ? m_colors.outputActive : written ? m_colors.output : m_colors.outputPending;
            if (!inside)
                fill = now[i] ? m_colors.paddingActive : m_colors.cropped;
            drawCell(p, targetCell(r, c), fill, inside ? Qt::NoPen : Qt::DashLine,
                cellNumbers() && written ? formatNumber(partial[i]) : QString());
        }
    if (!footprint.isNull())
        drawOutline(p, footprint);
}

QStringList ConvArithPainter::labelTexts() const
{
    const ConvArithModel &m = *m_model;
    const ConvArithSetup &s = m.setup();
    const AxisPlan &a = m.rows();
    QString source = "input " + sizeText(s.inH, s.inW);
    if (s.mode == ConvArithMode::TransposedDirect)
        source += s.stride > 1 ? ", zero-inserted, padded" : ", padded";
    else if (!isTransposed(s.mode) && (a.padBefore || a.padAfter))
        source += ", padding "
            + (a.symmetric() ? QString::number(a.padBefore)
                             : QString::number(a.padBefore) + "+" + QString::number(a.padAfter));
    QString kernel = "kernel " + sizeText(s.kernel, s.kernel);
    if (isPooling(s.mode))
        kernel = (s.mode == ConvArithMode::MaxPool ? "max over " : "average over ") + sizeText(s.kernel, s.kernel);
    else if (a.dilation > 1)
        kernel += ", dilation\u00a0" + QString::number(a.dilation); // no-break spaces: wrap between phrases
    if (m.kernelFlipped())
        kernel += ", rotated\u00a0180\u00b0";
    QString target = m.valid() ? "output " + sizeText(m.outH(), m.outW()) : QString("no output");
    if (m.valid() && scatterMode() && (m_th > m.outH() || m_tw > m.outW()))
        target += " (grey: cropped)";
    return {source, kernel, target};
}

void ConvArithPainter::drawLabels(QPainter &p) const
{
    const QStringList labels = labelTexts();
    const qreal top = std::max({m_source.bottom(), m_kernel.bottom(), m_target.bottom()}) + 4;
    p.setFont(m_small);
    p.setPen(m_colors.faintInk);
    const QRectF *grids[] = {&m_source, &m_kernel, &m_target};
    for (int i = 0; i < 3; ++i) {
        const qreal w = labelWidth(*grids[i]);
        p.drawText(QRectF(grids[i]->center().x() - w / 2, top, w, m_labelHeight),
            Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, labels[i]);
    }
    const ConvArithSetup &s = m_model->setup();

    // The operators between the grids: the input "times" the kernel "gives" the output.
    QFont symbol = m_titleFont;
    symbol.setPixelSize(std::max(12, int(QFontMetricsF(m_font).height() * 1.3)));
    p.setFont(symbol);
    const qreal middle = std::max({m_source.bottom(), m_kernel.bottom(), m_target.bottom()})
        - std::max({m_source.height(), m_kernel.height(), m_target.height()}) / 2;
    const QString first = isPooling(s.mode) ? QString() : scatterMode() ? QString("\u00d7") : QString("\u2217");
    const QRectF gap1(m_source.right(), middle - m_gap / 2, m_kernel.left() - m_source.right(), m_gap);
    const QRectF gap2(m_kernel.right(), middle - m_gap / 2, m_target.left() - m_kernel.right(), m_gap);
    p.drawText(gap1, Qt::AlignCenter, first);
    p.drawText(gap2, Qt::AlignCenter, "\u2192");
}

} // namespace ds::widgets
