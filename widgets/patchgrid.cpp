#include "patchgrid.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace ds::widgets {
namespace {

constexpr int kGap = 3; // between tiles
constexpr int kFilterGap = 10; // after the filter, before its patches
constexpr int kMaxTile = 56;

} // namespace

PatchGrid::PatchGrid(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void PatchGrid::setRows(std::vector<PatchRow> rows, const QString &caption)
{
    m_rows = std::move(rows);
    m_caption = caption;
    updateGeometry();
    update();
}

void PatchGrid::clear()
{
    setRows({}, {});
}

int PatchGrid::columns() const
{
    std::size_t most = 0;
    for (const PatchRow &r : m_rows)
        most = std::max(most, r.patches.size());
    return 1 + int(most);
}

int PatchGrid::tileSize(int width) const
{
    const int n = columns();
    return std::clamp((width - kFilterGap - (n - 1) * kGap) / std::max(1, n), 4, kMaxTile);
}

int PatchGrid::heightForWidth(int width) const
{
    const int caption = fontMetrics().height() + 6;
    return caption + int(m_rows.size()) * (tileSize(width) + kGap);
}

QRect PatchGrid::tileRect(int row, int k) const
{
    if (row < 0 || row >= rowCount() || k < -1 || k >= int(m_rows[std::size_t(row)].patches.size()))
        return {};
    const int t = tileSize(width());
    const int top = fontMetrics().height() + 6 + row * (t + kGap);
    const int left = k < 0 ? 0 : t + kFilterGap + k * (t + kGap);
    return {left, top, t, t};
}

void PatchGrid::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setPen(palette().color(QPalette::PlaceholderText));
    if (m_rows.empty()) {
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, "The top patches appear here");
        return;
    }
    p.drawText(QRect(0, 0, width(), fontMetrics().height() + 4), Qt::AlignLeft | Qt::AlignVCenter,
        fontMetrics().elidedText(m_caption, Qt::ElideRight, width()));
    p.setRenderHint(QPainter::SmoothPixmapTransform, false); // square pixels
    for (int r = 0; r < rowCount(); ++r) {
        const PatchRow &row = m_rows[std::size_t(r)];
        for (int k = -1; k < int(row.patches.size()); ++k) {
            const QImage &image = k < 0 ? row.filter : row.patches[std::size_t(k)];
            const QRect at = tileRect(r, k);
            if (!image.isNull())
                p.drawImage(at, image);
            p.setPen(QPen(k < 0 ? palette().color(QPalette::WindowText) : palette().color(QPalette::Mid), 1));
            p.drawRect(at.adjusted(0, 0, -1, -1));
        }
    }
}

bool PatchGrid::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const QPoint pos = static_cast<QHelpEvent *>(event)->pos();
        for (int r = 0; r < rowCount(); ++r) {
            const QRect first = tileRect(r, -1);
            if (pos.y() >= first.top() && pos.y() < first.bottom() + kGap) {
                QToolTip::showText(static_cast<QHelpEvent *>(event)->globalPos(), m_rows[std::size_t(r)].toolTip, this);
                return true;
            }
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace ds::widgets
