#include "featuretoggles.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace ds::widgets {
namespace {
constexpr int kGap = 8;
constexpr int kMinLabelWidth = 52;
} // namespace

// The names' column: the widest name in the widget's font (presentation mode's larger text cut
// "sin X1" to "in X1" in a fixed 52 px), and at least 52 px so that the tiles line up as before.
int FeatureToggles::labelWidth() const
{
    int widest = 0;
    for (const QString &name : m_names)
        widest = std::max(widest, fontMetrics().horizontalAdvance(name));
    return std::max(kMinLabelWidth, widest + 8);
}

FeatureToggles::FeatureToggles(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
}

void FeatureToggles::setFeatures(
    const std::vector<QString> &names, const std::vector<QImage> &maps, const std::vector<QString> &tips)
{
    m_names = names;
    m_maps = maps;
    m_tips = tips;
    updateGeometry();
    update();
}

void FeatureToggles::setEnabledMask(unsigned mask)
{
    if (mask == m_mask)
        return;
    m_mask = mask;
    update();
}

// Tiles shrink to fit the height so that all seven stay visible on a 768-pixel screen.
int FeatureToggles::tileSize() const
{
    const int n = std::max<int>(1, int(m_names.size()));
    return std::clamp((height() - kGap * (n - 1)) / n, 18, 40);
}

QRect FeatureToggles::tileRect(int index) const
{
    const int s = tileSize();
    return QRect(labelWidth(), index * (s + kGap), s, s);
}

QSize FeatureToggles::sizeHint() const
{
    return QSize(labelWidth() + 44, int(m_names.size()) * (40 + kGap));
}

QSize FeatureToggles::minimumSizeHint() const
{
    return QSize(labelWidth() + 22, int(m_names.size()) * (18 + kGap));
}

int FeatureToggles::indexAt(QPoint p) const
{
    for (int i = 0; i < int(m_names.size()); ++i) {
        const QRect r = tileRect(i);
        if (QRect(0, r.top(), r.right() + 1, r.height()).contains(p))
            return i;
    }
    return -1;
}

void FeatureToggles::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    for (int i = 0; i < int(m_names.size()); ++i) {
        const QRect r = tileRect(i);
        const bool on = m_mask & (1u << i);
        p.setOpacity(on ? 1.0 : 0.35);
        if (i < int(m_maps.size()))
            p.drawImage(r, m_maps[std::size_t(i)]);
        p.setOpacity(1.0);
        QPen border(
            i == m_hover || (hasFocus() && i == m_focus) ? palette().highlight().color() : palette().mid().color());
        border.setWidthF(on ? 2.0 : 1.0);
        p.setPen(border);
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        p.setPen(on ? palette().text().color() : palette().placeholderText().color());
        p.drawText(
            QRect(0, r.top(), labelWidth() - 6, r.height()), Qt::AlignRight | Qt::AlignVCenter, m_names[std::size_t(i)]);
    }
}

void FeatureToggles::mousePressEvent(QMouseEvent *event)
{
    const int i = indexAt(event->position().toPoint());
    if (i < 0)
        return;
    m_focus = i;
    m_mask ^= 1u << i;
    update();
    emit toggled(i, m_mask & (1u << i));
}

void FeatureToggles::mouseMoveEvent(QMouseEvent *event)
{
    const int i = indexAt(event->position().toPoint());
    if (i != m_hover) {
        m_hover = i;
        update();
    }
}

void FeatureToggles::leaveEvent(QEvent *)
{
    m_hover = -1;
    update();
}

void FeatureToggles::keyPressEvent(QKeyEvent *event)
{
    const int n = int(m_names.size());
    if (event->key() == Qt::Key_Down || event->key() == Qt::Key_Up) {
        m_focus = std::clamp(m_focus + (event->key() == Qt::Key_Down ? 1 : -1), 0, std::max(0, n - 1));
        update();
    } else if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && m_focus < n) {
        m_mask ^= 1u << m_focus;
        update();
        emit toggled(m_focus, m_mask & (1u << m_focus));
    } else {
        QWidget::keyPressEvent(event);
    }
}

bool FeatureToggles::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const int i = indexAt(static_cast<QHelpEvent *>(event)->pos());
        if (i >= 0 && i < int(m_tips.size()))
            QToolTip::showText(static_cast<QHelpEvent *>(event)->globalPos(), m_tips[std::size_t(i)], this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace ds::widgets
