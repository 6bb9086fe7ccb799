#include "datasetpicker.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace ds::widgets {
namespace {

constexpr int kGap = 8;
// Room around the grid for the focus ring, which is drawn outside its tile.
constexpr int kPad = 3;
constexpr int kMinTile = 24;
constexpr int kDefaultTile = 56;

// "multi-gaussian" reads as "Multi gaussian".
QString displayName(const QString &id)
{
    QString s = id;
    s.replace('-', ' ').replace('_', ' ');
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

} // namespace

DatasetPicker::DatasetPicker(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void DatasetPicker::setThumbnails(std::vector<std::pair<QString, QImage>> items)
{
    const QString current = this->current();
    m_items = std::move(items);
    m_hover = -1;
    setCurrent(current);
    updateGeometry();
    update();
}

void DatasetPicker::setCurrent(const QString &id)
{
    m_current = -1;
    for (int i = 0; i < count(); ++i)
        if (m_items[std::size_t(i)].first == id)
            m_current = i;
    // The keyboard cursor starts from the chosen tile.
    m_focus = m_current >= 0 ? m_current : std::clamp(m_focus, 0, std::max(0, count() - 1));
    update();
}

QString DatasetPicker::current() const
{
    return m_current >= 0 ? m_items[std::size_t(m_current)].first : QString();
}

void DatasetPicker::setColumns(int columns)
{
    m_columns = std::max(1, columns);
    updateGeometry();
    update();
}

int DatasetPicker::naturalTileSize() const
{
    int size = 0;
    for (const auto &item : m_items)
        size = std::max({size, item.second.width(), item.second.height()});
    return size > 0 ? std::max(size, kMinTile) : kDefaultTile;
}

// Tiles shrink to fit a narrow panel but never grow past their pictures, which would blur them.
int DatasetPicker::tileSizeFor(int width) const
{
    const int fit = (width - 2 * kPad - (m_columns - 1) * kGap) / m_columns;
    return std::clamp(fit, kMinTile, naturalTileSize());
}

int DatasetPicker::rows() const
{
    return (count() + m_columns - 1) / m_columns;
}

QRect DatasetPicker::tileRect(int index) const
{
    if (index < 0 || index >= count())
        return {};
    const int s = tileSizeFor(width());
    return QRect(kPad + (index % m_columns) * (s + kGap), kPad + (index / m_columns) * (s + kGap), s, s);
}

int DatasetPicker::indexAt(QPoint pos) const
{
    for (int i = 0; i < count(); ++i)
        if (tileRect(i).contains(pos))
            return i;
    return -1;
}

int DatasetPicker::heightForWidth(int width) const
{
    const int n = rows();
    return n == 0 ? 2 * kPad : 2 * kPad + n * tileSizeFor(width) + (n - 1) * kGap;
}

QSize DatasetPicker::sizeHint() const
{
    const int s = naturalTileSize();
    const int w = 2 * kPad + m_columns * s + (m_columns - 1) * kGap;
    return {w, heightForWidth(w)};
}

QSize DatasetPicker::minimumSizeHint() const
{
    const int w = 2 * kPad + m_columns * kMinTile + (m_columns - 1) * kGap;
    return {w, heightForWidth(w)};
}

void DatasetPicker::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    const QColor ink = palette().color(QPalette::WindowText);
    QColor frame = ink;
    frame.setAlphaF(0.18f);
    for (int i = 0; i < count(); ++i) {
        const QRectF r = tileRect(i);
        const bool chosen = i == m_current;
        // The playground's look: the chosen data set at full strength, the others faded until
        // the mouse is over them.
        p.setOpacity(chosen ? 1.0 : i == m_hover ? 0.9 : 0.55);
        p.drawImage(r, m_items[std::size_t(i)].second);
        p.setOpacity(1.0);
        p.setBrush(Qt::NoBrush);
        if (chosen)
            p.setPen(QPen(ink, 2.0));
        else
            p.setPen(QPen(frame, 1.0)); // a hairline keeps pale pictures apart from the panel
        const qreal inset = chosen ? 1.0 : 0.5;
        p.drawRect(r.adjusted(inset, inset, -inset, -inset));
        if (hasFocus() && i == m_focus) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 2.0));
            p.drawRoundedRect(r.adjusted(-2, -2, 2, 2), 3, 3);
        }
    }
}

void DatasetPicker::choose(int index)
{
    if (index < 0 || index >= count())
        return;
    m_focus = index;
    update();
    if (index == m_current)
        return; // choosing again changes nothing, so it asks the app for nothing
    m_current = index;
    emit datasetChosen(m_items[std::size_t(index)].first);
}

void DatasetPicker::mousePressEvent(QMouseEvent *event)
{
    const int i = event->button() == Qt::LeftButton ? indexAt(event->position().toPoint()) : -1;
    if (i < 0) {
        QWidget::mousePressEvent(event);
        return;
    }
    choose(i);
}

void DatasetPicker::mouseMoveEvent(QMouseEvent *event)
{
    const int i = indexAt(event->position().toPoint());
    if (i != m_hover) {
        m_hover = i;
        setCursor(i >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void DatasetPicker::leaveEvent(QEvent *event)
{
    m_hover = -1;
    update();
    QWidget::leaveEvent(event);
}

void DatasetPicker::keyPressEvent(QKeyEvent *event)
{
    if (count() == 0) {
        QWidget::keyPressEvent(event);
        return;
    }
    int next = m_focus;
    switch (event->key()) {
    case Qt::Key_Left: next = m_focus - 1; break;
    case Qt::Key_Right: next = m_focus + 1; break;
    case Qt::Key_Up: next = m_focus - m_columns; break;
    case Qt::Key_Down: next = m_focus + m_columns; break;
    case Qt::Key_Home: next = 0; break;
    case Qt::Key_End: next = count() - 1; break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space: choose(m_focus); return;
    default: QWidget::keyPressEvent(event); return;
    }
    // Moving off the grid stays put rather than wrapping: the edge is where the tiles end.
    if (next >= 0 && next < count())
        m_focus = next;
    update();
}

void DatasetPicker::focusInEvent(QFocusEvent *event)
{
    update();
    QWidget::focusInEvent(event);
}

void DatasetPicker::focusOutEvent(QFocusEvent *event)
{
    update();
    QWidget::focusOutEvent(event);
}

bool DatasetPicker::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = indexAt(help->pos());
        if (i >= 0) {
            QToolTip::showText(help->globalPos(), displayName(m_items[std::size_t(i)].first), this, tileRect(i));
            return true;
        }
    }
    return QWidget::event(event);
}

} // namespace ds::widgets
