// The painter's layout, geometry and text; the grids are drawn in convarithpaintcells.cpp.
#include "convarithpainter.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

constexpr int kEquationLines = 2;
constexpr qreal kWrapHeight = 1e6;

QFont scaled(const QFont &base, qreal factor, bool bold = false)
{
    QFont f = base;
    if (f.pixelSize() > 0)
        f.setPixelSize(std::max(1, int(std::lround(f.pixelSize() * factor))));
    else
        f.setPointSizeF(f.pointSizeF() * factor);
    if (bold)
        f.setWeight(QFont::DemiBold);
    return f;
}

qreal wrappedHeight(const QFont &font, qreal width, const QString &text)
{
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, kWrapHeight), Qt::TextWordWrap, text).height();
}

} // namespace

ConvArithColors ConvArithColors::forPalette(const QPalette &palette)
{
    ConvArithColors c;
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    c.background = palette.color(QPalette::Base);
    c.ink = palette.color(QPalette::Text);
    c.faintInk = palette.color(QPalette::PlaceholderText);
    c.input = QColor(0x7f, 0xb0, 0xe3);
    c.inputActive = QColor(0x2a, 0x5d, 0x95);
    c.kernel = c.inputActive;
    c.output = QColor(0x5c, 0xc4, 0xbc);
    c.outputActive = QColor(0x12, 0x74, 0x6e);
    c.unvisited = dark ? QColor(0xff, 0x6b, 0x7d) : QColor(0xd1, 0x49, 0x5b);
    if (dark) {
        c.padding = QColor(0x3b, 0x42, 0x4a);
        c.paddingActive = QColor(0x6b, 0x77, 0x84);
        c.paddingBorder = QColor(0xa0, 0xab, 0xb7);
        c.zero = QColor(0x33, 0x3a, 0x42);
        c.outputPending = QColor(0x25, 0x45, 0x44);
        c.cropped = QColor(0x35, 0x39, 0x3e);
        c.outline = QColor(0xf2, 0xf5, 0xf8);
    } else {
        c.padding = QColor(0xff, 0xff, 0xff);
        c.paddingActive = QColor(0x9c, 0xa9, 0xb6);
        c.paddingBorder = QColor(0x86, 0x94, 0xa3);
        c.zero = QColor(0xf1, 0xf5, 0xf9);
        c.outputPending = QColor(0xd4, 0xf0, 0xed);
        c.cropped = QColor(0xe5, 0xe7, 0xea);
        c.outline = QColor(0x0b, 0x22, 0x39);
    }
    return c;
}

ConvArithPainter::ConvArithPainter(const ConvArithModel &model, const ConvArithOptions &options, const QRectF &area)
    : m_model(&model), m_options(options), m_colors(ConvArithColors::forPalette(options.palette)), m_area(area)
{
    m_font = options.font;
    m_small = scaled(m_font, 0.88);
    m_titleFont = scaled(m_font, 1.15, true);
    if (options.text)
        m_text = describeSetup(model);

    const QFontMetricsF fm(m_font), fs(m_small), ft(m_titleFont);
    const qreal margin = std::round(fm.height() * 0.7);
    m_inner = area.adjusted(margin, margin * 0.8, -margin, -margin * 0.8);
    m_gap = std::max(24.0, std::round(fm.height() * 2.4));

    // Text first: the grids get what is left, so that nothing is cut off at any size.
    qreal top = m_inner.top(), textHeight = 0;
    if (options.text) {
        m_title = QRectF(m_inner.left(), top, m_inner.width(), ft.height());
        top += ft.lineSpacing() * 1.5;
        textHeight = kEquationLines * fm.lineSpacing() + fm.lineSpacing() * 0.5;
        for (const QString &line : m_text.formulas)
            textHeight += wrappedHeight(m_font, m_inner.width(), line) + 2;
        for (const QString &note : m_text.notes)
            textHeight += wrappedHeight(m_small, m_inner.width(), note) + 2;
        if (!model.error().empty())
            textHeight += fm.lineSpacing();
    }
    auto layoutFor = [&](qreal labelHeight) {
        m_labelHeight = labelHeight;
        layoutGrids(
            m_inner, top, std::max(0.0, m_inner.bottom() - top - textHeight - labelHeight - fm.lineSpacing() * 0.5));
    };
    layoutFor(fs.lineSpacing() + 6);
    // A label wider than its grid (and the gaps beside it) takes a second line.
    const QStringList labels = labelTexts();
    const QRectF *grids[] = {&m_source, &m_kernel, &m_target};
    for (int i = 0; i < 3; ++i)
        if (fs.horizontalAdvance(labels[i]) > labelWidth(*grids[i])) {
            layoutFor(2 * fs.lineSpacing() + 6);
            break;
        }
    m_cellFont = m_font;
    m_cellFont.setPixelSize(std::clamp(int(m_cell * 0.4), 7, 40));
    m_tapFont = m_font;
    m_tapFont.setPixelSize(std::max(1, int(m_cell * 0.24)));

    // The text sits right under the grids. Title, grids and text share one left edge, and that
    // block is centred across the area.
    const qreal gridsBottom = std::max({m_source.bottom(), m_kernel.bottom(), m_target.bottom()});
    const qreal textTop = gridsBottom + m_labelHeight + fm.lineSpacing() * 0.5;
    qreal contentWidth = m_target.right() - m_source.left();
    if (options.text) {
        for (const QString &line : m_text.formulas)
            contentWidth = std::max(contentWidth, fm.horizontalAdvance(line));
        for (const QString &note : m_text.notes)
            contentWidth = std::max(contentWidth, fs.horizontalAdvance(note));
        contentWidth = std::max(contentWidth, fm.horizontalAdvance(frameEquation(model, 0, options.numbers).text()));
        contentWidth = std::max(contentWidth, ft.horizontalAdvance(m_text.title + m_text.reference) + fm.height());
    }
    contentWidth = std::min(std::ceil(contentWidth), m_inner.width());
    const qreal left = std::round(m_inner.center().x() - contentWidth / 2);
    const qreal shift = left - m_source.left();
    for (QRectF *r : {&m_source, &m_kernel, &m_target})
        r->translate(shift, 0);
    m_title.setLeft(left);
    m_textBlock = QRectF(left, textTop, contentWidth, textHeight);
}

// The three grids share one cell size (the view is to scale) and are centred as a row.
void ConvArithPainter::layoutGrids(const QRectF &inner, qreal top, qreal band)
{
    const ConvArithModel &m = *m_model;
    const bool scatter = scatterMode();
    m_sh = scatter ? m.setup().inH : int(m.rows().strip.size());
    m_sw = scatter ? m.setup().inW : int(m.cols().strip.size());
    m_th = scatter ? m.rows().canvas : m.outH();
    m_tw = scatter ? m.cols().canvas : m.outW();
    if (!m.valid())
        m_th = m_tw = 0;
    const int k = m.setup().kernel;
    // An invalid setup has no output; its message takes the output's place.
    const int targetCols = m.valid() ? m_tw : std::max(k, 4);
    const int cols = m_sw + k + targetCols, rows = std::max({m_sh, k, m_th, 1});
    // Cells grow with the space (a 1080p screen or a projector), until the numbers in them would
    // look out of scale with the text around.
    const qreal maxCell = std::round(QFontMetricsF(m_font).height() * 5.0);
    qreal cell = std::min((inner.width() - 2 * m_gap) / cols, band / rows);
    m_cell = std::max(2.0, std::floor(std::min(cell, maxCell)));

    const qreal gridsHeight = rows * m_cell;
    const qreal width = cols * m_cell + 2 * m_gap;
    // Centre the grids and everything under them in the space the text leaves.
    const qreal spare = std::max(0.0, band - gridsHeight);
    const qreal middle = std::round(top + spare / 2 + gridsHeight / 2);
    qreal x = std::round(inner.center().x() - width / 2);
    auto place = [&](int w, int h) {
        const QRectF r(x, std::round(middle - h * m_cell / 2), w * m_cell, h * m_cell);
        x += w * m_cell + m_gap;
        return r;
    };
    m_source = place(m_sw, m_sh);
    m_kernel = place(k, k);
    m_target = place(targetCols, m.valid() ? m_th : std::min(rows, std::max(k, 3)));
}

QRectF ConvArithPainter::sourceCell(int sr, int sc) const
{
    if (sr < 0 || sc < 0 || sr >= m_sh || sc >= m_sw)
        return {};
    return QRectF(m_source.left() + sc * m_cell, m_source.top() + sr * m_cell, m_cell, m_cell);
}

QRectF ConvArithPainter::targetCell(int tr, int tc) const
{
    if (tr < 0 || tc < 0 || tr >= m_th || tc >= m_tw)
        return {};
    return QRectF(m_target.left() + tc * m_cell, m_target.top() + tr * m_cell, m_cell, m_cell);
}

QRectF ConvArithPainter::kernelCell(int r, int c) const
{
    const int k = m_model->setup().kernel;
    if (r < 0 || c < 0 || r >= k || c >= k)
        return {};
    if (m_model->kernelFlipped()) { // drawn as applied: rotated 180 degrees
        r = k - 1 - r;
        c = k - 1 - c;
    }
    return QRectF(m_kernel.left() + c * m_cell, m_kernel.top() + r * m_cell, m_cell, m_cell);
}

QRectF ConvArithPainter::inputCell(int r, int c) const
{
    if (scatterMode())
        return sourceCell(r, c);
    const auto &rows = m_model->rows().strip, &cols = m_model->cols().strip;
    const auto sr = std::find(rows.begin(), rows.end(), r), sc = std::find(cols.begin(), cols.end(), c);
    if (r < 0 || c < 0 || sr == rows.end() || sc == cols.end())
        return {};
    return sourceCell(int(sr - rows.begin()), int(sc - cols.begin()));
}

QRectF ConvArithPainter::outputCell(int r, int c) const
{
    if (r < 0 || c < 0 || r >= m_model->outH() || c >= m_model->outW())
        return {};
    return scatterMode() ? targetCell(r + m_model->rows().crop, c + m_model->cols().crop) : targetCell(r, c);
}

ConvArithHit ConvArithPainter::hitTest(QPointF pos) const
{
    ConvArithHit hit;
    if (m_cell <= 0)
        return hit;
    auto cellAt = [&](const QRectF &grid, int &r, int &c) {
        if (!grid.contains(pos))
            return false;
        r = int((pos.y() - grid.top()) / m_cell);
        c = int((pos.x() - grid.left()) / m_cell);
        return true;
    };
    int r = 0, c = 0;
    if (cellAt(m_source, r, c)) {
        if (scatterMode()) {
            hit = {ConvArithGrid::Input, r, c};
        } else if (r < m_sh && c < m_sw && m_model->stripKind(r, c) >= 0) {
            hit = {ConvArithGrid::Input, m_model->rows().strip[std::size_t(r)], m_model->cols().strip[std::size_t(c)]};
        }
    } else if (cellAt(m_kernel, r, c)) {
        const int k = m_model->setup().kernel;
        hit = m_model->kernelFlipped() ? ConvArithHit {ConvArithGrid::Kernel, k - 1 - r, k - 1 - c}
                                       : ConvArithHit {ConvArithGrid::Kernel, r, c};
    } else if (m_model->valid() && cellAt(m_target, r, c)) {
        if (scatterMode()) {
            r -= m_model->rows().crop;
            c -= m_model->cols().crop;
        }
        if (r >= 0 && c >= 0 && r < m_model->outH() && c < m_model->outW())
            hit = {ConvArithGrid::Output, r, c};
    }
    return hit;
}

QColor ConvArithPainter::textOn(const QColor &fill) const
{
    return qGray(fill.rgb()) > 150 ? QColor(0x14, 0x20, 0x2b) : QColor(Qt::white);
}

bool ConvArithPainter::cellNumbers() const
{
    return m_options.numbers && m_cell >= 16;
}

void ConvArithPainter::paint(QPainter &p, int frame) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    if (m_options.fillBackground)
        p.fillRect(m_area, m_colors.background);
    if (scatterMode()) {
        drawScatterSource(p, frame);
        drawKernel(p);
        drawScatterTarget(p, frame);
    } else {
        drawSource(p, frame);
        drawKernel(p);
        drawTarget(p, frame);
    }
    drawLabels(p);
    if (m_options.text)
        drawText(p, frame);
    p.restore();
}

// Wraps between terms; when even two lines are too few, the middle terms become "…".
QStringList ConvArithPainter::wrapEquation(const ConvArithEquation &eq) const
{
    const QFontMetricsF fm(m_font);
    const qreal width = m_textBlock.width();
    auto wrap = [&](const QStringList &terms) {
        QStringList tokens;
        for (int i = 0; i < terms.size(); ++i)
            tokens << (i == 0 ? eq.head : QString()) + terms[i] + (i + 1 < terms.size() ? eq.separator : eq.tail);
        if (tokens.isEmpty())
            tokens << eq.head + eq.tail;
        QStringList lines {QString()};
        for (const QString &t : tokens) {
            if (!lines.back().isEmpty() && fm.horizontalAdvance(lines.back() + t) > width)
                lines << QString();
            lines.back() += t;
        }
        return lines;
    };
    QStringList lines = wrap(eq.terms);
    for (int keep = int(eq.terms.size()) - 2; lines.size() > kEquationLines && keep >= 1; --keep) {
        QStringList shorter = eq.terms.mid(0, keep);
        shorter << QStringLiteral("\u2026") << eq.terms.back();
        lines = wrap(shorter);
    }
    for (QString &line : lines)
        line = fm.elidedText(line, Qt::ElideRight, width);
    return lines.mid(0, kEquationLines);
}

void ConvArithPainter::drawText(QPainter &p, int frame) const
{
    const QFontMetricsF fm(m_font), ft(m_titleFont);
    p.setPen(m_colors.ink);
    p.setFont(m_titleFont);
    p.drawText(m_title, Qt::AlignLeft | Qt::AlignVCenter, m_text.title);
    if (!m_text.reference.isEmpty()) {
        p.setFont(m_small);
        p.setPen(m_colors.faintInk);
        const qreal x = m_title.left() + ft.horizontalAdvance(m_text.title) + fm.height();
        p.drawText(QRectF(x, m_title.top(), m_title.right() - x, m_title.height()), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(m_small).elidedText(m_text.reference, Qt::ElideRight, m_title.right() - x));
    }

    qreal y = m_textBlock.top();
    p.setFont(m_font);
    p.setPen(m_colors.ink);
    const QStringList equation = wrapEquation(frameEquation(*m_model, frame, m_options.numbers));
    for (const QString &line : equation) {
        p.drawText(QPointF(m_textBlock.left(), y + fm.ascent()), line);
        y += fm.lineSpacing();
    }
    y += (kEquationLines - equation.size()) * fm.lineSpacing() + fm.lineSpacing() * 0.5;
    for (const QString &line : m_text.formulas) {
        const qreal h = wrappedHeight(m_font, m_textBlock.width(), line);
        p.drawText(QRectF(m_textBlock.left(), y, m_textBlock.width(), h), Qt::TextWordWrap, line);
        y += h + 2;
    }
    if (!m_model->error().empty()) {
        p.setPen(m_colors.unvisited);
        p.drawText(QPointF(m_textBlock.left(), y + fm.ascent()), QString::fromStdString(m_model->error()));
        y += fm.lineSpacing();
    }
    p.setFont(m_small);
    p.setPen(m_colors.faintInk);
    for (const QString &note : m_text.notes) {
        const qreal h = wrappedHeight(m_small, m_textBlock.width(), note);
        p.drawText(QRectF(m_textBlock.left(), y, m_textBlock.width(), h), Qt::TextWordWrap, note);
        y += h + 2;
    }
}

} // namespace ds::widgets
