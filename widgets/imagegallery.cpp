#include "imagegallery.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace ds::widgets {
namespace {

constexpr int kPad = 5; // around each cell
constexpr int kFrame = 3; // the state frame's width
constexpr int kInset = 2; // between the frame and the image
constexpr int kBadge = 16; // the ✓ / ✗ disc in the frame's corner

QFont captionFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(f.pointSizeF() * 0.92);
    return f;
}

// The image fitted into a square box: a whole factor when it is small (square pixels for 28x28
// digits and 32x32 photos), smooth scaling otherwise.
QRect imageTarget(QSize size, QRect box)
{
    if (size.isEmpty())
        return box;
    QSize s;
    const int factor = std::min(box.width() / size.width(), box.height() / size.height());
    if (factor >= 1 && size.width() * 2 <= box.width())
        s = size * factor;
    else
        s = size.scaled(box.size(), Qt::KeepAspectRatio);
    return {
        box.left() + (box.width() - s.width()) / 2, box.top() + (box.height() - s.height()) / 2, s.width(), s.height()};
}

} // namespace

ImageGallery::ImageGallery(QWidget *parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setMouseTracking(true);
}

void ImageGallery::setItems(const QList<GalleryItem> &items)
{
    const QSize before = cellSize();
    const qsizetype countBefore = m_items.size();
    m_items = items;
    if (m_hover >= count())
        m_hover = -1;
    if (cellSize() != before || countBefore != m_items.size())
        updateGeometry();
    update();
}

void ImageGallery::setThumbnailSize(int side)
{
    m_thumb = std::clamp(side, 16, 512);
    updateGeometry();
    update();
}

int ImageGallery::thumbnailToFill(QSize area, int smallest, int largest) const
{
    if (m_items.isEmpty())
        return smallest;
    ImageGallery probe; // the same items and font, another thumbnail: the same arithmetic as the layout
    probe.setFont(font());
    probe.m_items = m_items;
    int best = smallest;
    for (int side = smallest; side <= largest; side += 4) {
        probe.m_thumb = side;
        if (probe.heightForWidth(area.width()) > area.height())
            break;
        best = side;
    }
    return best;
}

void ImageGallery::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

QColor ImageGallery::stateColor(int state)
{
    // A clear green and red, with ✓ and ✗ on them so that the state does not rest on colour alone.
    switch (state) {
    case GalleryItem::Correct: return QColor(0x1a, 0x98, 0x50);
    case GalleryItem::Wrong: return QColor(0xd7, 0x26, 0x3d);
    default: return {};
    }
}

// Cells are as wide as the widest caption needs (up to twice the image), so "true 4 → 9 (97%)"
// is not cut while a gallery of "7 (92%)" stays compact.
QSize ImageGallery::cellSize() const
{
    const QFontMetrics fm(captionFont(font()));
    int caption = 0;
    for (const GalleryItem &item : m_items)
        caption = std::max(caption, fm.horizontalAdvance(item.caption) + 8);
    const int frame = m_thumb + 2 * (kFrame + kInset);
    const int w = std::max(frame, std::min(caption, 2 * m_thumb)) + 2 * kPad;
    return {w, frame + 2 * kPad + fm.height() + 2};
}

int ImageGallery::columnsFor(int width) const
{
    return std::max(1, width / cellSize().width());
}

QRect ImageGallery::cellRect(int i) const
{
    if (i < 0 || i >= count())
        return {};
    const QSize cell = cellSize();
    const int columns = std::min(columnsFor(width()), count());
    const int left = std::max(0, (width() - columns * cell.width()) / 2);
    return {left + (i % columns) * cell.width(), (i / columns) * cell.height(), cell.width(), cell.height()};
}

QRect ImageGallery::frameRect(int i) const
{
    const QRect cell = cellRect(i);
    if (cell.isEmpty())
        return {};
    const int side = m_thumb + 2 * (kFrame + kInset);
    return {cell.left() + (cell.width() - side) / 2, cell.top() + kPad, side, side};
}

int ImageGallery::itemAt(QPoint pos) const
{
    for (int i = 0; i < count(); ++i)
        if (cellRect(i).contains(pos))
            return i;
    return -1;
}

int ImageGallery::heightForWidth(int width) const
{
    if (m_items.isEmpty())
        return cellSize().height();
    const int columns = columnsFor(width);
    return (count() + columns - 1) / columns * cellSize().height();
}

QSize ImageGallery::sizeHint() const
{
    const int w = cellSize().width() * std::clamp(count(), 1, 6);
    return {w, heightForWidth(w)};
}

QSize ImageGallery::minimumSizeHint() const
{
    return cellSize();
}

bool ImageGallery::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = itemAt(help->pos());
        if (i >= 0) {
            const GalleryItem &item = m_items[i];
            QToolTip::showText(
                help->globalPos(), item.tooltip.isEmpty() ? item.caption : item.tooltip, this, cellRect(i));
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    return QWidget::event(event);
}

void ImageGallery::paintItem(QPainter &p, int i) const
{
    const GalleryItem &item = m_items[i];
    const QRect cell = cellRect(i), frame = frameRect(i);
    if (i == m_hover) {
        QColor hover = palette().color(QPalette::Highlight);
        hover.setAlphaF(0.12f);
        p.fillRect(cell.adjusted(1, 1, -1, -1), hover);
    }
    const QRect box = frame.adjusted(kFrame + kInset, kFrame + kInset, -kFrame - kInset, -kFrame - kInset);
    const QColor state = stateColor(item.state);
    if (state.isValid()) {
        p.setPen(Qt::NoPen);
        p.setBrush(state);
        // A frame as a ring: four bars, so the inset between it and the image stays the window's colour.
        p.drawRect(frame.left(), frame.top(), frame.width(), kFrame);
        p.drawRect(frame.left(), frame.bottom() - kFrame + 1, frame.width(), kFrame);
        p.drawRect(frame.left(), frame.top(), kFrame, frame.height());
        p.drawRect(frame.right() - kFrame + 1, frame.top(), kFrame, frame.height());
    } else {
        QColor line = palette().color(QPalette::WindowText);
        line.setAlphaF(0.2f);
        p.setPen(line);
        p.setBrush(Qt::NoBrush);
        p.drawRect(box.adjusted(-1, -1, 0, 0));
    }
    if (!item.image.isNull()) {
        const QRect target = imageTarget(item.image.size(), box);
        p.setRenderHint(QPainter::SmoothPixmapTransform, target.width() % item.image.width() != 0);
        p.drawImage(target, item.image);
    }
    if (state.isValid()) {
        const QRectF badge(frame.right() - kBadge + 2, frame.top() - 2, kBadge, kBadge);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(palette().color(QPalette::Window), 1.5));
        p.setBrush(state);
        p.drawEllipse(badge);
        p.setPen(QPen(Qt::white, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        const QPointF c = badge.center();
        if (item.state == GalleryItem::Correct)
            p.drawPolyline(QPolygonF({c + QPointF(-3.5, 0), c + QPointF(-1, 2.8), c + QPointF(3.8, -2.8)}));
        else {
            p.drawLine(c + QPointF(-3, -3), c + QPointF(3, 3));
            p.drawLine(c + QPointF(-3, 3), c + QPointF(3, -3));
        }
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    const QFontMetrics fm(p.font());
    p.setPen(palette().color(QPalette::WindowText));
    const QRect text(cell.left() + 1, frame.bottom() + 2, cell.width() - 2, fm.height());
    p.drawText(text, Qt::AlignHCenter | Qt::AlignTop, fm.elidedText(item.caption, Qt::ElideRight, text.width()));
}

void ImageGallery::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.setFont(captionFont(font()));
    if (m_items.isEmpty()) {
        QColor dim = palette().color(QPalette::WindowText);
        dim.setAlphaF(0.6f);
        p.setPen(dim);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    for (int i = 0; i < count(); ++i)
        if (event->rect().intersects(cellRect(i)))
            paintItem(p, i);
}

void ImageGallery::mousePressEvent(QMouseEvent *event)
{
    const int i = itemAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && i >= 0)
        emit itemClicked(i);
    else
        QWidget::mousePressEvent(event);
}

void ImageGallery::mouseMoveEvent(QMouseEvent *event)
{
    const int i = itemAt(event->position().toPoint());
    if (i != m_hover) {
        update(cellRect(m_hover));
        m_hover = i;
        update(cellRect(m_hover));
        setCursor(i >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    }
    QWidget::mouseMoveEvent(event);
}

void ImageGallery::leaveEvent(QEvent *event)
{
    update(cellRect(m_hover));
    m_hover = -1;
    QWidget::leaveEvent(event);
}

} // namespace ds::widgets
