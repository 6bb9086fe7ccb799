#include "landscapeline.h"

#include "lossscale.h"
#include "plotexportmenu.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ds::widgets {
namespace {

constexpr double kLeft = 54, kBottom = 22, kTop = 8, kRight = 12; // room for the axes' labels

} // namespace

LandscapeLine::LandscapeLine(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    m_placeholder = "Press Compute to see the loss along the line";
}

void LandscapeLine::setLine(double from, double to, const std::vector<float> &loss, const std::vector<double> &marks)
{
    if (loss.size() < 2 || !(to > from)) {
        clear();
        return;
    }
    m_from = from;
    m_to = to;
    m_loss = loss;
    m_marks = marks;
    update();
}

void LandscapeLine::clear()
{
    m_loss.clear();
    m_marks.clear();
    update();
}

void LandscapeLine::setLogScale(bool on)
{
    m_log = on;
    update();
}

void LandscapeLine::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

float LandscapeLine::shown(float loss) const
{
    return shownLoss(loss, m_log);
}

std::pair<float, float> LandscapeLine::shownRange() const
{
    float lo = INFINITY, hi = -INFINITY;
    for (float l : m_loss)
        if (std::isfinite(l)) {
            lo = std::min(lo, shown(l));
            hi = std::max(hi, shown(l));
        }
    if (hi <= lo)
        hi = lo + 1.0f;
    return {lo, hi};
}

QRectF LandscapeLine::plotRect() const
{
    return {kLeft, kTop, std::max(10.0, width() - kLeft - kRight), std::max(10.0, height() - kTop - kBottom)};
}

QPointF LandscapeLine::toWidget(double t, float loss) const
{
    const QRectF r = plotRect();
    const auto [lo, hi] = shownRange();
    const double y = std::isfinite(loss) ? (shown(loss) - lo) / (hi - lo) : 1.0;
    return {r.left() + (t - m_from) / (m_to - m_from) * r.width(), r.bottom() - std::clamp(y, 0.0, 1.0) * r.height()};
}

float LandscapeLine::lossAt(double t) const
{
    if (isEmpty() || !(t >= m_from && t <= m_to))
        return std::numeric_limits<float>::quiet_NaN();
    const double x = (t - m_from) / (m_to - m_from) * (int(m_loss.size()) - 1);
    const int i = std::min(int(x), int(m_loss.size()) - 2);
    const double f = x - i;
    return float((1 - f) * m_loss[std::size_t(i)] + f * m_loss[std::size_t(i) + 1]);
}

QByteArray LandscapeLine::csv() const
{
    QByteArray out = "t,loss\n";
    for (int i = 0; i < int(m_loss.size()); ++i)
        out += QByteArray::number(tAt(i), 'g', 9) + ',' + QByteArray::number(double(m_loss[std::size_t(i)]), 'g', 9) + '\n';
    return out;
}

void LandscapeLine::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paint(p);
}

void LandscapeLine::paint(QPainter &p) const
{
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = plotRect();
    const QColor text = palette().color(QPalette::WindowText);
    if (isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    p.setPen(QPen(palette().color(QPalette::Mid), 1.0));
    p.drawRect(r);
    // The start and now, as vertical guides.
    p.setPen(QPen(palette().color(QPalette::Mid), 1.0, Qt::DashLine));
    for (double t : {0.0, 1.0})
        if (t >= m_from && t <= m_to)
            p.drawLine(QPointF(toWidget(t, 0).x(), r.top()), QPointF(toWidget(t, 0).x(), r.bottom()));
    // The loss along the line.
    QPainterPath curve;
    bool drawing = false;
    for (int i = 0; i < int(m_loss.size()); ++i) {
        const float l = m_loss[std::size_t(i)];
        if (!std::isfinite(l)) {
            drawing = false;
            continue;
        }
        const QPointF q = toWidget(tAt(i), l);
        drawing ? curve.lineTo(q) : curve.moveTo(q);
        drawing = true;
    }
    p.setPen(QPen(QColor(0x30, 0x30, 0x80), 2.0));
    p.setBrush(Qt::NoBrush);
    p.drawPath(curve);
    // The saved states where they fall on the line, then the start (hollow) and now (red).
    p.setPen(QPen(QColor(20, 20, 20), 1.0));
    p.setBrush(Qt::white);
    for (double t : m_marks)
        if (const float l = lossAt(t); std::isfinite(l))
            p.drawEllipse(toWidget(t, l), 2.5, 2.5);
    p.setPen(QPen(QColor(20, 20, 20), 1.5));
    p.setBrush(Qt::NoBrush);
    if (const float l = lossAt(0.0); std::isfinite(l))
        p.drawEllipse(toWidget(0.0, l), 4.5, 4.5);
    p.setPen(QPen(Qt::white, 1.5));
    p.setBrush(QColor(0xe0, 0x30, 0x30));
    if (const float l = lossAt(1.0); std::isfinite(l))
        p.drawEllipse(toWidget(1.0, l), 4.5, 4.5);
    // Axes: t at the ends and at the start and now; the loss at the bottom and top.
    p.setPen(text);
    auto tLabel = [&](double t, const QString &s) {
        p.drawText(QRectF(toWidget(t, 0).x() - 30, r.bottom() + 2, 60, kBottom - 4), Qt::AlignHCenter | Qt::AlignTop, s);
    };
    tLabel(m_from, QString::number(m_from, 'g', 3));
    tLabel(m_to, QString::number(m_to, 'g', 3));
    tLabel(0.0, "start");
    tLabel(1.0, "now");
    const auto [lo, hi] = shownRange();
    auto lossLabel = [&](float v, double y) {
        const double value = m_log ? std::pow(10.0, double(v)) : double(v);
        p.drawText(QRectF(0, y - 8, kLeft - 4, 16), Qt::AlignRight | Qt::AlignVCenter, QString::number(value, 'g', 3));
    };
    lossLabel(lo, r.bottom());
    lossLabel(hi, r.top());
}

bool LandscapeLine::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QRectF r = plotRect();
        const double t = m_from + (help->pos().x() - r.left()) / r.width() * (m_to - m_from);
        const float l = lossAt(t);
        if (std::isfinite(l))
            QToolTip::showText(help->globalPos(), QString("t %1: loss %2").arg(t, 0, 'f', 2).arg(double(l), 0, 'g', 4), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

PlotPicture LandscapeLine::picture()
{
    return widgetPicture(this, "loss along a line", [this](QPainter &p) { paint(p); });
}

void LandscapeLine::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    addPlotExportActions(&menu, this, "landscape-line", [this] { return picture(); });
    menu.addSeparator();
    addFileExportAction(&menu, this, "Export the line as CSV…", "landscape-line.csv", "CSV files (*.csv)",
        [this](const QString &path, QString *error) { return writeWholeFile(path, csv(), error); });
    menu.exec(event->globalPos());
}

} // namespace ds::widgets
