#include "weighthistograms.h"

#include "colorscale.h"
#include "displaystyle.h"
#include "nicestep.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ds::widgets {

WeightHistograms::WeightHistograms(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void WeightHistograms::setLayers(std::vector<WeightLayer> layers)
{
    m_layers = std::move(layers);
    float largest = 0.0f;
    for (const WeightLayer &l : m_layers)
        for (float w : l.weights)
            if (std::isfinite(w))
                largest = std::max(largest, std::fabs(w));
    // A steady axis while training: the range only moves in round steps.
    m_range = largest > 0.0f ? float(niceCeiling(double(largest))) : 1.0f;
    m_counts.assign(m_layers.size(), std::vector<int>(kBins, 0));
    m_spreads.assign(m_layers.size(), 0.0f);
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        double sum = 0.0, sum2 = 0.0;
        int n = 0;
        for (float w : m_layers[i].weights) {
            if (!std::isfinite(w))
                continue;
            const int bin = std::clamp(int(std::floor((w + m_range) / (2.0f * m_range) * kBins)), 0, kBins - 1);
            ++m_counts[i][std::size_t(bin)];
            sum += w;
            sum2 += double(w) * w;
            ++n;
        }
        if (n > 0)
            m_spreads[i] = float(std::sqrt(std::max(0.0, sum2 / n - (sum / n) * (sum / n))));
    }
    update();
}

void WeightHistograms::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int rows = int(m_layers.size());
    const double labelWidth = fm.horizontalAdvance("hidden 88") + 8;
    const double spreadWidth = fm.horizontalAdvance("σ 0.888") + 8;
    const QRectF plot(labelWidth, 4, width() - labelWidth - spreadWidth, height() - fm.height() - 10);
    if (rows == 0 || plot.width() < 20 || plot.height() < 10) {
        p.setPen(palette().placeholderText().color());
        p.drawText(rect(), Qt::AlignCenter, "No weights yet");
        return;
    }
    const double rowHeight = plot.height() / rows;
    const double barWidth = plot.width() / kBins;
    const QColor axis = palette().placeholderText().color();
    for (int r = 0; r < rows; ++r) {
        const std::vector<int> &counts = m_counts[std::size_t(r)];
        const int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
        const double base = plot.top() + (r + 1) * rowHeight - 2;
        const double tallest = rowHeight - 6;
        p.setPen(Qt::NoPen);
        for (int b = 0; b < kBins; ++b) {
            if (counts[std::size_t(b)] == 0)
                continue;
            // The bin's value in [-1, 1] of the range, its colour kept strong enough near zero
            // (where most weights are) to stand out from the background.
            const double centre = (b + 0.5) / kBins * 2.0 - 1.0;
            const double shade = b == kBins / 2 ? 0.0 : std::copysign(0.35 + 0.65 * std::fabs(centre), centre);
            p.setBrush(b == kBins / 2 ? palette().mid().color() : QColor(divergingColor(float(shade))));
            const double h = std::max(1.0, tallest * counts[std::size_t(b)] / most);
            p.drawRect(QRectF(plot.left() + b * barWidth + 0.5, base - h, std::max(1.0, barWidth - 1.0), h));
        }
        p.setPen(QPen(axis, 0.8 * displayStyle().scale));
        p.drawLine(QPointF(plot.left(), base), QPointF(plot.right(), base));
        p.setPen(palette().text().color());
        const QRectF label(0, base - fm.height() - 2, labelWidth - 6, fm.height());
        p.drawText(label, Qt::AlignRight | Qt::AlignVCenter, m_layers[std::size_t(r)].name);
        p.setPen(axis);
        p.drawText(QRectF(plot.right() + 6, label.top(), spreadWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
            QString("σ %1").arg(double(m_spreads[std::size_t(r)]), 0, 'g', 2));
    }
    // The shared axis: zero in the middle, the range at the ends.
    p.setPen(QPen(axis, 0.8 * displayStyle().scale, Qt::DotLine));
    p.drawLine(QPointF(plot.center().x(), plot.top()), QPointF(plot.center().x(), plot.bottom()));
    p.setPen(axis);
    const double y = plot.bottom() + 4;
    const QString end = QString::number(double(m_range), 'g', 3);
    p.drawText(QRectF(plot.left() - 40, y, 80, fm.height()), Qt::AlignCenter, "−" + end);
    p.drawText(QRectF(plot.center().x() - 40, y, 80, fm.height()), Qt::AlignCenter, "0");
    p.drawText(QRectF(plot.right() - 40, y, 80, fm.height()), Qt::AlignCenter, end);
}

} // namespace ds::widgets
