// LossChart: a few named series (training and test loss, usually) against epoch, drawn with
// Qt Charts. It stays cheap however long training runs: each series keeps at most about a thousand
// points by thinning old ones, and appends are coalesced into at most about 30 chart updates a second.
// Its context menu exports the chart as PNG or SVG and the points it holds as CSV (losschartexport.cpp).
#pragma once

#include "plotexport.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <vector>

class QAbstractAxis;
class QChart;
class QChartView;
class QLineSeries;
class QLogValueAxis;
class QTimer;
class QValueAxis;

namespace ds::widgets {

class LossChart : public QWidget {
    Q_OBJECT
public:
    explicit LossChart(QWidget *parent = nullptr);
    ~LossChart() override;

    // One series per name, in the order append() takes values. A new number of names clears the
    // chart; the same number only renames.
    void setSeriesNames(const QStringList &names);
    QStringList seriesNames() const { return m_names; }
    // One value per series, in order; NaN and infinite values (and missing ones) are skipped.
    void append(double epoch, const std::vector<double> &values);
    void clear();
    void setLogScale(bool on);
    bool logScale() const { return m_log; }
    void setYLabel(const QString &label);
    // Every series in its own colour on a sequential ramp (one line per layer: purple for the
    // first, orange for the last), instead of training solid and test dashed.
    void setDistinctColours(bool on);

    // The most points any one series holds (what the chart draws), bringing it up to date first.
    int pointCount() const;
    // For tests and styling: the chart and its current axes (the y axis changes with log scale).
    QChart *chart() const { return m_chart; }
    QAbstractAxis *xAxis() const;
    QAbstractAxis *yAxis() const;

    // Exports. Each series' points as the chart holds them (thinned, the latest always kept), with
    // the values appended, not the floor a log axis draws zero at.
    std::vector<QList<QPointF>> history() const;
    // A series' history as saved in a playground file and put back when it opens: the points it
    // keeps (the latest last) and how many appends each kept point stands for, so that the curve
    // goes on thinning as it did. restoreHistory replaces every series (missing ones are emptied).
    struct SavedSeries {
        QList<QPointF> points;
        int stride = 1;
    };
    std::vector<SavedSeries> savedHistory() const;
    void restoreHistory(const std::vector<SavedSeries> &series);
    int seriesCount() const { return int(m_series.size()); }
    // A CSV column name per series, from its name and the y label: "train_loss", "test_loss".
    QStringList csvColumns() const;
    QByteArray historyCsv() const;
    PlotPicture picture() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    // One series' history, thinned: every `stride`-th value is kept, and the latest value always
    // shows as `tail` so the line reaches the current epoch.
    static constexpr int kMaxKept = 1023; // odd, so that halving keeps both the first and the latest point
    struct Track {
        QList<QPointF> kept;
        QPointF tail;
        bool hasTail = false;
        int stride = 1;
        int sinceKept = 0;
    };

    void add(Track &track, QPointF point);
    void rebuildSeries();
    void scheduleSync();
    void sync() const;
    void updateRanges(double xMin, double xMax, double yMin, double yMax) const;
    void restyle();
    bool m_distinct = false;
    QString fileBaseName() const;

    QChartView *m_view;
    QChart *m_chart;
    QValueAxis *m_x;
    QValueAxis *m_yLinear;
    QLogValueAxis *m_yLog;
    std::vector<QLineSeries *> m_series;
    std::vector<Track> m_tracks;
    QStringList m_names;
    bool m_log = false;
    // The series lag the tracks until the sync timer fires (or pointCount() is called).
    QTimer *m_syncTimer;
    mutable QElapsedTimer m_sinceSync;
    mutable bool m_dirty = false;
};

// Several charts' histories as one CSV (the loss and the accuracy chart of a mode): an epoch
// column, then every chart's columns.
QByteArray historyCsv(const std::vector<const LossChart *> &charts);

} // namespace ds::widgets
