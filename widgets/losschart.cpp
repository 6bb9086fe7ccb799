#include "losschart.h"

#include "displaystyle.h"

#include "colorscale.h"
#include "nicestep.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ds::widgets {
namespace {

// A series is thinned to half when it reaches this many kept points, so it holds between half and
// all of it, plus the latest point: about a thousand points, cheap to redraw every frame.
// About 30 chart updates a second at most, however often append() is called.
constexpr int kSyncIntervalMs = 33;
// A log axis cannot show zero or less; a loss of exactly zero is drawn at this floor.
constexpr double kLogFloor = 1e-6;

// Just enough decimals to tell ticks `step` apart.
QString decimalsFormat(double step)
{
    const int decimals = std::clamp(int(-std::floor(std::log10(step) + 1e-9)), 0, 8);
    return QString("%.%1f").arg(decimals);
}

// Sets the range with ticks at round numbers. Every change relays the chart out (about a
// millisecond), so unchanged settings are not set again. The order matters: a wide range with the
// narrow interval of the previous one would lay out and label thousands of ticks in between.
void setRangeAndTicks(QValueAxis *axis, double lo, double hi, double step)
{
    const QString format = decimalsFormat(step);
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
    const bool wider = step > axis->tickInterval();
    if (wider)
        axis->setTickInterval(step);
    if (axis->min() != lo || axis->max() != hi)
        axis->setRange(lo, hi);
    if (!wider && step != axis->tickInterval())
        axis->setTickInterval(step);
}

QFont smallFont(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(f.pointSizeF() * 0.8);
    return f;
}

QColor withAlpha(QColor c, float alpha)
{
    c.setAlphaF(alpha);
    return c;
}

} // namespace

LossChart::LossChart(QWidget *parent)
    : QWidget(parent), m_view(new QChartView(this)), m_chart(new QChart), m_x(new QValueAxis(this)),
      m_yLinear(new QValueAxis(this)), m_yLog(new QLogValueAxis(this)), m_syncTimer(new QTimer(this))
{
    m_syncTimer->setSingleShot(true);
    connect(m_syncTimer, &QTimer::timeout, this, [this] { sync(); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_chart->legend()->setContentsMargins(0, 0, 0, 0);
    m_chart->setMargins(QMargins(0, 0, 0, 0));
    m_chart->setBackgroundRoundness(0);
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    for (QValueAxis *axis : {m_x, m_yLinear}) {
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0.0);
    }
    m_x->setTitleText("epoch"); // every chart here is over epochs
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_yLinear, Qt::AlignLeft);
    m_yLog->setBase(10.0);
    m_yLog->setMinorTickCount(8); // faint lines at 2..9 of each decade
    m_yLog->setLabelFormat("%g");

    m_view->setChart(m_chart); // the view owns the chart
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    // Transparent: the chart sits on whatever panel holds it, in either theme.
    m_view->setStyleSheet("background: transparent");
    m_view->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);

    restyle();
    clear();
}

LossChart::~LossChart() = default;

QSize LossChart::sizeHint() const
{
    return {320, 170};
}

QSize LossChart::minimumSizeHint() const
{
    return {160, 100};
}

QAbstractAxis *LossChart::xAxis() const
{
    return m_x;
}

QAbstractAxis *LossChart::yAxis() const
{
    return m_log ? static_cast<QAbstractAxis *>(m_yLog) : m_yLinear;
}

void LossChart::setSeriesNames(const QStringList &names)
{
    const bool sameCount = names.size() == m_names.size();
    m_names = names;
    if (sameCount) {
        for (int i = 0; i < int(m_series.size()); ++i)
            m_series[std::size_t(i)]->setName(names[i]);
        return;
    }
    rebuildSeries();
    clear();
}

void LossChart::rebuildSeries()
{
    for (QLineSeries *s : m_series) {
        m_chart->removeSeries(s);
        delete s;
    }
    m_series.clear();
    for (const QString &name : m_names) {
        auto *s = new QLineSeries;
        s->setName(name);
        m_chart->addSeries(s); // the chart owns it
        s->attachAxis(m_x);
        s->attachAxis(yAxis());
        m_series.push_back(s);
    }
    m_tracks.assign(m_series.size(), Track {});
    // A row of more than four names leaves each too little width and Qt elides them all: a
    // column on the right keeps every name readable.
    m_chart->legend()->setAlignment(m_series.size() > 4 ? Qt::AlignRight : Qt::AlignTop);
    // More than nine do not fit a chart's height either: the legend names every fourth and the
    // last, and the colour ramp between them says where the others lie.
    if (m_series.size() > 9)
        for (std::size_t i = 0; i < m_series.size(); ++i)
            for (QLegendMarker *marker : m_chart->legend()->markers(m_series[i]))
                marker->setVisible(i % 4 == 0 || i + 1 == m_series.size());
    restyle();
}

void LossChart::clear()
{
    m_tracks.assign(m_series.size(), Track {});
    for (QLineSeries *s : m_series)
        s->clear();
    m_dirty = false;
    updateRanges(0, 1, m_log ? 0.1 : 0.0, 1); // an empty chart still shows a sensible frame
}

void LossChart::add(Track &t, QPointF point)
{
    if (++t.sinceKept < t.stride) {
        t.tail = point;
        t.hasTail = true;
        return;
    }
    t.kept.append(point);
    t.sinceKept = 0;
    t.hasTail = false;
    if (t.kept.size() < kMaxKept)
        return;
    // Keep every second point: the history stays evenly spaced, and from now on every
    // (2 * stride)-th value is kept so the spacing matches.
    qsizetype n = 0;
    for (qsizetype i = 0; i < t.kept.size(); i += 2)
        t.kept[n++] = t.kept[i];
    t.kept.resize(n);
    t.stride *= 2;
}

void LossChart::append(double epoch, const std::vector<double> &values)
{
    if (!std::isfinite(epoch))
        return;
    bool any = false;
    for (std::size_t i = 0; i < m_tracks.size() && i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            continue;
        add(m_tracks[i], QPointF(epoch, values[i]));
        any = true;
    }
    if (any)
        scheduleSync();
}

void LossChart::scheduleSync()
{
    m_dirty = true;
    if (m_syncTimer->isActive() || !isVisible()) // a hidden chart (a tab behind) catches up when shown
        return;
    // Many appends in one pass (history replayed, fast training) become one redraw, and redraws
    // come at most kSyncIntervalMs apart: each costs a few milliseconds inside Qt Charts (it
    // re-strokes every line to find its shape), too much to spend on every snapshot.
    const qint64 since = m_sinceSync.isValid() ? m_sinceSync.elapsed() : kSyncIntervalMs;
    m_syncTimer->start(int(std::max<qint64>(0, kSyncIntervalMs - since)));
}

// Pushes the tracks into the series, one replace() each, and fits the axes to what they hold.
void LossChart::sync() const
{
    if (!m_dirty)
        return;
    m_dirty = false;
    m_sinceSync.start();
    constexpr double inf = std::numeric_limits<double>::infinity();
    double xMin = inf, xMax = -inf, yMin = inf, yMax = -inf;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const Track &t = m_tracks[i];
        QList<QPointF> points;
        points.reserve(t.kept.size() + 1);
        points.append(t.kept);
        if (t.hasTail)
            points.append(t.tail);
        for (QPointF &p : points) {
            if (m_log)
                p.setY(std::max(p.y(), kLogFloor));
            xMin = std::min(xMin, p.x());
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
        m_series[i]->replace(points);
    }
    if (xMin <= xMax)
        updateRanges(xMin, xMax, yMin, yMax);
}

void LossChart::updateRanges(double xMin, double xMax, double yMin, double yMax) const
{
    // The x axis ends exactly at the latest epoch, so the line always reaches the right edge.
    if (xMax <= xMin)
        xMax = xMin + 1;
    setRangeAndTicks(m_x, xMin, xMax, std::max(1.0, niceStep((xMax - xMin) / 4))); // epochs are whole

    if (m_log) {
        // Whole decades, so that there are always labelled ticks at both ends.
        double lo = std::pow(10.0, std::floor(std::log10(std::max(yMin, kLogFloor))));
        double hi = std::pow(10.0, std::ceil(std::log10(std::max(yMax, kLogFloor))));
        if (hi <= lo)
            hi = lo * 10;
        // A hair wider than the decades: Qt drops an end tick that rounding puts just outside.
        lo *= 1 - 1e-9;
        hi *= 1 + 1e-9;
        if (m_yLog->min() != lo || m_yLog->max() != hi)
            m_yLog->setRange(lo, hi);
        return;
    }
    double span = yMax - yMin;
    if (span <= 1e-12 * std::max(1.0, std::abs(yMax)))
        span = std::max(std::abs(yMax) * 0.2, 1e-3); // a flat line sits in the middle
    const double margin = span * 0.05;
    // Both ends on a tick: labelled ends, and the range (and so the layout) changes only when the
    // data crosses a tick rather than with every epoch.
    // As many ticks as fit the height: crowded labels are elided to "..." by Qt Charts.
    const double labelRoom = 2.2 * QFontMetrics(smallFont(font())).height();
    const int ticks = std::clamp(int(0.65 * height() / labelRoom), 1, 4);
    const double step = niceStep((span + 2 * margin) / ticks);
    double lo = std::floor((yMin - margin) / step) * step;
    const double hi = std::ceil((yMax + margin) / step) * step;
    if (yMin >= 0 && lo < 0)
        lo = 0; // losses are never negative; do not invent room below zero
    setRangeAndTicks(m_yLinear, lo, hi, step);
}

int LossChart::pointCount() const
{
    sync();
    int most = 0;
    for (const QLineSeries *s : m_series)
        most = std::max(most, int(s->count()));
    return most;
}

void LossChart::setLogScale(bool on)
{
    if (on == m_log)
        return;
    QAbstractAxis *old = yAxis();
    old->setVisible(false); // Qt 6.4 leaves a removed axis's labels on screen unless hidden first
    m_chart->removeAxis(old); // detaches the series; the axis stays ours (a child of this widget)
    old->setParent(this);
    m_log = on;
    m_dirty = true;
    // A log axis (and a series still on a log domain) cannot take zero: clamp the values while
    // no log axis is attached, and restore them only once the linear one is.
    if (m_log)
        sync();
    yAxis()->setVisible(true);
    m_chart->addAxis(yAxis(), Qt::AlignLeft);
    for (QLineSeries *s : m_series)
        s->attachAxis(yAxis());
    sync();
    if (pointCount() == 0)
        updateRanges(0, 1, m_log ? 0.1 : 0.0, 1);
}

void LossChart::setDistinctColours(bool on)
{
    m_distinct = on;
    restyle();
}

void LossChart::setYLabel(const QString &label)
{
    m_yLinear->setTitleText(label);
    m_yLog->setTitleText(label);
    m_yLinear->setTitleVisible(!label.isEmpty());
    m_yLog->setTitleVisible(!label.isEmpty());
}

namespace {

// Series i of n on a sequential ramp (purple, blue, green, orange) rather than a qualitative set:
// for one line per layer the colour then says how deep the layer is, and never repeats however
// many layers there are.
QColor depthColor(int i, int n)
{
    static const QColor stops[]
        = {QColor(0x5b, 0x1a, 0x8b), QColor(0x21, 0x66, 0xac), QColor(0x1a, 0x98, 0x50), QColor(0xd9, 0x5f, 0x02)};
    const double t = n > 1 ? double(i) / (n - 1) * 3.0 : 0.0;
    const int k = std::min(2, int(t));
    const double f = t - k;
    const QColor &a = stops[k], &b = stops[k + 1];
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f),
        float(a.greenF() + (b.greenF() - a.greenF()) * f), float(a.blueF() + (b.blueF() - a.blueF()) * f));
}

} // namespace

// Colours from the palette, so the chart follows the light or dark theme. The first series (the
// training loss) is the solid ink line; the second is lighter and dashed; further ones take the
// qualitative class colours; with distinct colours every series takes its place on the depth ramp.
void LossChart::restyle()
{
    const QColor ink = palette().color(QPalette::WindowText);
    const QFont font = smallFont(this->font());
    m_chart->setBackgroundVisible(false);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->legend()->setFont(font);
    m_chart->legend()->setLabelColor(withAlpha(ink, 0.8f));
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_x), static_cast<QAbstractAxis *>(m_yLinear),
             static_cast<QAbstractAxis *>(m_yLog)}) {
        axis->setLabelsFont(font);
        axis->setTitleFont(font);
        axis->setLabelsColor(withAlpha(ink, 0.65f));
        axis->setTitleBrush(withAlpha(ink, 0.65f));
        axis->setLinePenColor(withAlpha(ink, 0.3f));
        axis->setGridLineColor(withAlpha(ink, 0.1f));
        axis->setMinorGridLineColor(withAlpha(ink, 0.05f));
    }
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        QPen pen(m_distinct ? depthColor(int(i), int(m_series.size()))
                : i == 0    ? withAlpha(ink, 0.85f)
                : i == 1    ? withAlpha(ink, 0.5f)
                            : classColor(int(i), 8));
        pen.setWidthF(1.5 * displayStyle().scale - 0.5); // 1 px normally, thicker on a projector
        if (i == 1 && !m_distinct)
            pen.setDashPattern({3.0, 2.0});
        m_series[i]->setPen(pen);
    }
}

void LossChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_dirty = true; // the number of ticks that fit has changed
    scheduleSync();
}

void LossChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        scheduleSync();
}

void LossChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        restyle();
    QWidget::changeEvent(event);
}

} // namespace ds::widgets
