#include "probabilitybars.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

constexpr int kMinRow = 18;
constexpr int kMaxRow = 64;
constexpr int kGap = 8; // between the label, the bar and the percentage
constexpr int kMargin = 4; // left and right of everything
const QColor kTop(0x08, 0x77, 0xbd); // the diverging scale's blue: "the network's answer"
const QColor kOther(0x8f, 0xa9, 0xbc); // the same hue, quieter

} // namespace

ProbabilityBars::ProbabilityBars(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void ProbabilityBars::setProbabilities(const std::vector<float> &probabilities, const QStringList &classNames)
{
    const bool resized = probabilities.size() != m_p.size();
    m_p = probabilities;
    m_names = classNames;
    if (resized)
        updateGeometry();
    update();
}

void ProbabilityBars::clear()
{
    setProbabilities({});
}

int ProbabilityBars::highest() const
{
    if (m_p.empty())
        return -1;
    return int(std::max_element(m_p.begin(), m_p.end()) - m_p.begin());
}

QString ProbabilityBars::percentText(float p)
{
    const double percent = std::clamp(double(p), 0.0, 1.0) * 100.0;
    if (percent > 0 && percent < 9.95)
        return QString::number(percent, 'f', 1) + "%";
    return QString::number(std::lround(percent)) + "%";
}

QString ProbabilityBars::name(int i) const
{
    return i < m_names.size() && !m_names[i].isEmpty() ? m_names[i] : QString::number(i);
}

// The rows share the height (within limits), and the font follows the row: half its height,
// never below the window's own font.
ProbabilityBars::Layout ProbabilityBars::layout() const
{
    Layout l;
    const int n = std::max(1, count());
    l.row = std::clamp(height() / n, kMinRow, kMaxRow);
    l.top = std::max(0, (height() - l.row * n) / 2);
    l.font = font();
    const qreal basePx = QFontInfo(font()).pixelSize();
    l.font.setPixelSize(int(std::max(basePx, l.row * 0.5)));
    // Measured in bold, as the top row is drawn: its name must not be the one cut short.
    QFont bold = l.font;
    bold.setBold(true);
    const QFontMetrics fm(bold);
    for (int i = 0; i < count(); ++i)
        l.labelWidth = std::max(l.labelWidth, fm.horizontalAdvance(name(i)) + 2); // + rounding: elision compares fractions
    l.labelWidth = std::min(l.labelWidth, width() / 3);
    l.percentWidth = QFontMetrics(bold).horizontalAdvance("100%");
    return l;
}

QRect ProbabilityBars::trackRect(int i) const
{
    if (i < 0 || i >= count())
        return {};
    const Layout l = layout();
    const int left = kMargin + l.labelWidth + kGap;
    const int w = std::max(1, width() - left - kGap - l.percentWidth - kMargin);
    const int barH = std::max(6, int(l.row * 0.62));
    return {left, l.top + i * l.row + (l.row - barH) / 2, w, barH};
}

QRect ProbabilityBars::barRect(int i) const
{
    QRect r = trackRect(i);
    if (r.isEmpty())
        return r;
    r.setWidth(int(std::lround(std::clamp(double(m_p[std::size_t(i)]), 0.0, 1.0) * r.width())));
    return r;
}

QSize ProbabilityBars::sizeHint() const
{
    return {280, std::max(1, count()) * 26};
}

QSize ProbabilityBars::minimumSizeHint() const
{
    return {140, std::max(1, count()) * kMinRow};
}

void ProbabilityBars::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const Layout l = layout();
    p.setFont(l.font);
    const QColor ink = palette().color(QPalette::WindowText);
    QColor track = ink;
    track.setAlphaF(0.08f);
    const int top = highest();
    for (int i = 0; i < count(); ++i) {
        const QRect t = trackRect(i), b = barRect(i);
        const QRect rowRect(0, l.top + i * l.row, width(), l.row);
        QFont f = l.font;
        f.setBold(i == top);
        p.setFont(f);
        const QFontMetrics fm(f);
        p.setPen(ink);
        p.drawText(QRect(kMargin, rowRect.top(), l.labelWidth, l.row), Qt::AlignRight | Qt::AlignVCenter,
            fm.elidedText(name(i), Qt::ElideRight, l.labelWidth));
        p.fillRect(t, track);
        p.fillRect(b, i == top ? kTop : kOther);
        // Right-aligned, so that the digits of "91%" and "0.4%" line up.
        p.drawText(QRect(t.right() + kGap, rowRect.top(), l.percentWidth, l.row), Qt::AlignRight | Qt::AlignVCenter,
            percentText(m_p[std::size_t(i)]));
    }
}

} // namespace ds::widgets
