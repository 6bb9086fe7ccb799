#include "confusionmatrix.h"

#include "colorscale.h"
#include "plotexportmenu.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <utility>

namespace ds::widgets {
namespace {

constexpr int kGap = 6; // between the axis titles, the labels and the grid
const QColor kEmpty(0xf4, 0xf5, 0xf6); // a zero cell: lighter than the scale's neutral grey
const QColor kDarkText(0x1d, 0x1d, 0x1d); // cells are light or saturated on every theme

QColor mix(QColor a, QColor b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
        float(a.greenF() + (b.greenF() - a.greenF()) * t), float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QFont smallFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
}

} // namespace

ConfusionMatrix::ConfusionMatrix(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrix::setMatrix(const std::vector<int> &counts, int classes, const QStringList &names)
{
    if (classes <= 0 || counts.size() != std::size_t(classes) * std::size_t(classes)) {
        clear();
        return;
    }
    m_counts = counts;
    m_classes = classes;
    m_names = names;
    if (m_hover.first >= classes)
        m_hover = {-1, -1};
    update();
}

void ConfusionMatrix::clear()
{
    m_counts.clear();
    m_classes = 0;
    m_names.clear();
    m_hover = {-1, -1};
    update();
}

int ConfusionMatrix::count(int t, int p) const
{
    if (t < 0 || p < 0 || t >= m_classes || p >= m_classes)
        return 0;
    return m_counts[std::size_t(t) * m_classes + p];
}

int ConfusionMatrix::rowTotal(int t) const
{
    int total = 0;
    for (int p = 0; p < m_classes; ++p)
        total += count(t, p);
    return total;
}

QString ConfusionMatrix::name(int i) const
{
    return i < m_names.size() && !m_names[i].isEmpty() ? m_names[i] : QString::number(i);
}

// Shade by the square root of the share, so that the order of shares is kept but small ones still
// show. Mistakes reach full orange at a quarter of the row: a 10% confusion next to a 90% diagonal
// is the thing to see, and should not look pale.
QColor ConfusionMatrix::cellColor(double share, bool diagonal)
{
    share = std::clamp(share, 0.0, 1.0);
    const double t = diagonal ? std::sqrt(share) : std::sqrt(std::min(1.0, share * 4.0));
    // Right in the diverging scale's positive end (blue), wrong in its negative end (orange): the
    // high-contrast ends when the display asks for them.
    return mix(kEmpty, classColor(diagonal ? 1 : 0, 2), t);
}

QString ConfusionMatrix::describeCell(int t, int p) const
{
    if (t < 0 || p < 0 || t >= m_classes || p >= m_classes)
        return {};
    const int n = count(t, p), total = rowTotal(t);
    const double percent = total > 0 ? 100.0 * n / total : 0.0;
    return QString("true %1, predicted %2: %3 image%4 (%5% of %6s)")
        .arg(name(t), name(p))
        .arg(n)
        .arg(n == 1 ? "" : "s")
        .arg(QString::number(percent, 'f', percent < 10 ? 1 : 0), name(t));
}

// Labels left and above, axis titles beyond them, and the largest square grid that fits the rest.
// Column labels turn vertical when the names are wider than a cell (CIFAR's "automobile").
ConfusionMatrix::Layout ConfusionMatrix::layout() const
{
    Layout l;
    if (m_classes == 0)
        return l;
    const QFontMetrics fm(smallFont(font()));
    int widest = 0;
    for (int i = 0; i < m_classes; ++i)
        widest = std::max(widest, fm.horizontalAdvance(name(i)));
    const int left = fm.height() + kGap + widest + kGap;
    auto gridSide = [&](int top) { return std::max(0, std::min(width() - left - 2, height() - top - 2)); };
    int top = fm.height() + kGap + fm.height() + kGap;
    int cell = gridSide(top) / m_classes;
    if (widest + 4 > cell) {
        l.verticalColumnLabels = true;
        top = fm.height() + kGap + widest + kGap;
        cell = gridSide(top) / m_classes;
    }
    l.cell = std::max(1, cell);
    const int side = l.cell * m_classes;
    // Centre the labelled grid horizontally in spare width.
    const int x = left + std::max(0, (width() - left - side - 2) / 2);
    l.grid = QRect(x, top, side, side);
    return l;
}

QRect ConfusionMatrix::cellRect(int t, int p) const
{
    if (t < 0 || p < 0 || t >= m_classes || p >= m_classes)
        return {};
    const Layout l = layout();
    return {l.grid.left() + p * l.cell, l.grid.top() + t * l.cell, l.cell, l.cell};
}

QPair<int, int> ConfusionMatrix::cellAt(QPoint pos) const
{
    const Layout l = layout();
    if (m_classes == 0 || !l.grid.contains(pos))
        return {-1, -1};
    return {(pos.y() - l.grid.top()) / l.cell, (pos.x() - l.grid.left()) / l.cell};
}

QSize ConfusionMatrix::sizeHint() const
{
    return {360, 360};
}

QSize ConfusionMatrix::minimumSizeHint() const
{
    return {160, 160};
}

bool ConfusionMatrix::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const auto [t, p] = cellAt(help->pos());
        if (t >= 0)
            QToolTip::showText(help->globalPos(), describeCell(t, p), this, cellRect(t, p));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void ConfusionMatrix::paintLabels(QPainter &p, const Layout &l) const
{
    const QFontMetrics fm(p.font());
    QColor ink = palette().color(QPalette::WindowText);
    p.setPen(ink);
    for (int i = 0; i < m_classes; ++i) {
        const QString s = name(i);
        const int y = l.grid.top() + i * l.cell;
        p.drawText(QRect(0, y, l.grid.left() - kGap, l.cell), Qt::AlignRight | Qt::AlignVCenter, s);
        const int x = l.grid.left() + i * l.cell;
        if (l.verticalColumnLabels) {
            p.save();
            p.translate(x + l.cell / 2 + (fm.ascent() - fm.descent()) / 2, l.grid.top() - kGap);
            p.rotate(-90);
            p.drawText(QPoint(0, 0), s);
            p.restore();
        } else {
            p.drawText(QRect(x, l.grid.top() - kGap - fm.height(), l.cell, fm.height()), Qt::AlignCenter, s);
        }
    }
    // Axis titles in small capitals, dimmed: "predicted" over the columns, "true" beside the rows.
    // Upper case in the text rather than through the font, which an SVG export would lose.
    QFont title = p.font();
    title.setLetterSpacing(QFont::PercentageSpacing, 106);
    p.setFont(title);
    ink.setAlphaF(0.6f);
    p.setPen(ink);
    p.drawText(QRect(l.grid.left(), 0, l.grid.width(), fm.height()), Qt::AlignCenter, "PREDICTED");
    p.save();
    p.translate(0, l.grid.top() + l.grid.height() / 2);
    p.rotate(-90);
    p.drawText(QRect(-l.grid.height() / 2, 0, l.grid.height(), fm.height()), Qt::AlignCenter, "TRUE");
    p.restore();
}

void ConfusionMatrix::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setFont(smallFont(font()));
    if (m_classes == 0) {
        QColor dim = palette().color(QPalette::WindowText);
        dim.setAlphaF(0.6f);
        p.setPen(dim);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, "No confusion matrix yet: train, then test");
        return;
    }
    const Layout l = layout();
    paintLabels(p, l);

    // Counts in a font that fits the cell; left out when even a small one would not.
    int most = 0;
    for (int n : m_counts)
        most = std::max(most, n);
    QFont countFont = font();
    countFont.setPixelSize(std::clamp(int(l.cell * 0.36), 7, 18));
    while (countFont.pixelSize() > 7 && QFontMetrics(countFont).horizontalAdvance(QString::number(most)) > l.cell - 4)
        countFont.setPixelSize(countFont.pixelSize() - 1);
    const bool writeCounts = QFontMetrics(countFont).horizontalAdvance(QString::number(most)) <= l.cell - 4
        && QFontMetrics(countFont).height() <= l.cell;
    p.setFont(countFont);
    for (int t = 0; t < m_classes; ++t) {
        const int total = rowTotal(t);
        for (int c = 0; c < m_classes; ++c) {
            const QRect r = cellRect(t, c);
            const int n = count(t, c);
            const double share = total > 0 ? double(n) / total : 0.0;
            const QColor fill = n > 0 ? cellColor(share, t == c) : kEmpty;
            p.fillRect(r.adjusted(0, 0, -1, -1), fill); // a one-pixel seam between cells
            if (writeCounts && n > 0) {
                p.setPen(fill.lightnessF() < 0.55 ? Qt::white : kDarkText);
                p.drawText(r, Qt::AlignCenter, QString::number(n));
            }
        }
    }
    if (m_hover.first >= 0) {
        p.setPen(QPen(palette().color(QPalette::WindowText), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(cellRect(m_hover.first, m_hover.second)).adjusted(0.5, 0.5, -1.5, -1.5));
    }
}

void ConfusionMatrix::mousePressEvent(QMouseEvent *event)
{
    const auto [t, c] = cellAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && t >= 0)
        emit cellClicked(t, c);
    else
        QWidget::mousePressEvent(event);
}

void ConfusionMatrix::mouseMoveEvent(QMouseEvent *event)
{
    const QPair<int, int> cell = cellAt(event->position().toPoint());
    if (cell != m_hover) {
        m_hover = cell;
        setCursor(cell.first >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void ConfusionMatrix::leaveEvent(QEvent *event)
{
    m_hover = {-1, -1};
    update();
    QWidget::leaveEvent(event);
}

PlotPicture ConfusionMatrix::picture()
{
    PlotPicture picture = widgetPicture(this, "Confusion matrix");
    picture.paint = [this, render = std::move(picture.paint)](QPainter &p) {
        // A slide should not keep the outline of the cell the mouse was on when it was asked for.
        const QPair<int, int> hover = std::exchange(m_hover, {-1, -1});
        render(p);
        m_hover = hover;
    };
    return picture;
}

void ConfusionMatrix::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    addPlotExportActions(&menu, this, "confusion-matrix", [this] { return picture(); });
    menu.exec(event->globalPos());
}

} // namespace ds::widgets
