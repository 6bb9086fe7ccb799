// LossChart: series follow appends, long runs stay bounded by thinning, NaN and infinity are
// skipped, the axes fit the data, and the log scale swaps the y axis.
#include "losschart.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>
#include <limits>

using ds::widgets::LossChart;

namespace {

QList<QLineSeries *> lineSeries(const LossChart &chart)
{
    QList<QLineSeries *> out;
    for (QAbstractSeries *s : chart.chart()->series())
        out.append(qobject_cast<QLineSeries *>(s));
    return out;
}

QValueAxis *xAxis(const LossChart &chart)
{
    return qobject_cast<QValueAxis *>(chart.xAxis());
}

} // namespace

class TestLossChart : public QObject {
    Q_OBJECT

private slots:
    void seriesAreNamed()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        const auto series = lineSeries(chart);
        QCOMPARE(series.size(), 2);
        QCOMPARE(series[0]->name(), QString("Training loss"));
        QCOMPARE(series[1]->name(), QString("Test loss"));
        chart.append(1, {0.5, 0.6});
        chart.setSeriesNames({"Train", "Test"}); // same count: renamed, data kept
        QCOMPARE(lineSeries(chart)[0]->name(), QString("Train"));
        QCOMPARE(chart.pointCount(), 1);
        chart.setSeriesNames({"Only"}); // a new count starts over
        QCOMPARE(lineSeries(chart).size(), 1);
        QCOMPARE(chart.pointCount(), 0);
    }

    void appendsShowAndFitTheAxes()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        for (int e = 0; e <= 10; ++e)
            chart.append(e, {1.0 / (1 + e), 1.2 / (1 + e)});
        QCOMPARE(chart.pointCount(), 11);
        const auto series = lineSeries(chart);
        QCOMPARE(series[0]->at(3), QPointF(3, 0.25));
        QCOMPARE(series[1]->at(10).y(), 1.2 / 11);
        QCOMPARE(xAxis(chart)->min(), 0.0);
        QCOMPARE(xAxis(chart)->max(), 10.0);
        auto *y = qobject_cast<QValueAxis *>(chart.yAxis());
        QVERIFY(y);
        QVERIFY(y->min() <= 1.0 / 11 && y->min() >= 0.0); // losses are not negative: no room below 0
        QVERIFY(y->max() >= 1.2 && y->max() < 1.5);
    }

    void seriesUpdateWithoutAskingToo()
    {
        LossChart chart;
        chart.setSeriesNames({"a"});
        chart.append(0, {1.0});
        chart.append(1, {2.0});
        QTest::qWait(60);
        QCOMPARE(lineSeries(chart)[0]->count(), 0); // hidden: no work until it shows
        chart.show();
        QTRY_COMPARE(lineSeries(chart)[0]->count(), 2); // the update then runs by itself
        chart.append(2, {3.0});
        QTRY_COMPARE(lineSeries(chart)[0]->count(), 3);
        QCOMPARE(xAxis(chart)->max(), 2.0);
    }

    void nanAndInfinityAreSkipped()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        chart.append(0, {0.5, 0.5});
        chart.append(1, {nan, 0.4});
        chart.append(2, {0.3, inf});
        chart.append(3, {0.2}); // a missing value is skipped as well
        chart.append(nan, {0.1, 0.1});
        const auto series = lineSeries(chart);
        QCOMPARE(chart.pointCount(), 3);
        QCOMPARE(series[0]->count(), 3);
        QCOMPARE(series[1]->count(), 2);
        for (QLineSeries *s : series)
            for (const QPointF &p : s->points())
                QVERIFY(std::isfinite(p.x()) && std::isfinite(p.y()));
        auto *y = qobject_cast<QValueAxis *>(chart.yAxis());
        QVERIFY(std::isfinite(y->min()) && std::isfinite(y->max()));
        QVERIFY(y->max() < 1.0);
    }

    void hundredThousandEpochsStayBounded()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        chart.resize(320, 180);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QElapsedTimer timer;
        timer.start();
        for (int e = 1; e <= 100000; ++e) {
            chart.append(e, {1.0 / std::sqrt(e), 1.1 / std::sqrt(e)});
            if (e % 1000 == 0) // as the app does: the event loop runs between snapshots
                QCoreApplication::processEvents();
        }
        QVERIFY(chart.pointCount() <= 2000);
        QVERIFY(chart.pointCount() >= 500); // thinned, not emptied
        for (QLineSeries *s : lineSeries(chart)) {
            QVERIFY(s->count() <= 2000);
            QCOMPARE(s->points().first().x(), 1.0);
            QCOMPARE(s->points().last().x(), 100000.0); // the latest epoch is always drawn
            for (qsizetype i = 1; i < s->count(); ++i)
                QVERIFY(s->at(i).x() > s->at(i - 1).x());
        }
        QCOMPARE(xAxis(chart)->max(), 100000.0);
        QCOMPARE(xAxis(chart)->min(), 1.0);
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!chart.grab().isNull());
    }

    void thinningKeepsEvenSpacing()
    {
        LossChart chart;
        chart.setSeriesNames({"a"});
        for (int e = 0; e < 5000; ++e)
            chart.append(e, {double(e)});
        chart.pointCount();
        const QList<QPointF> points = lineSeries(chart)[0]->points();
        const double step = points[1].x() - points[0].x();
        QVERIFY(step > 1);
        for (qsizetype i = 1; i + 1 < points.size(); ++i) // all but the latest point
            QCOMPARE(points[i].x() - points[i - 1].x(), step);
        QCOMPARE(points.last().x(), 4999.0);
    }

    void logScaleSwapsTheAxis()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        chart.append(0, {1.0, 2.0});
        chart.append(1, {0.01, 0.0}); // zero cannot be drawn on a log axis
        chart.pointCount();
        QCOMPARE(chart.yAxis()->type(), QAbstractAxis::AxisTypeValue);

        chart.setLogScale(true);
        QVERIFY(chart.logScale());
        QCOMPARE(chart.yAxis()->type(), QAbstractAxis::AxisTypeLogValue);
        QVERIFY(chart.chart()->axes(Qt::Vertical).contains(chart.yAxis()));
        QCOMPARE(chart.chart()->axes(Qt::Vertical).size(), 1);
        const auto series = lineSeries(chart);
        for (QLineSeries *s : series) {
            QCOMPARE(s->attachedAxes().size(), 2);
            QVERIFY(s->attachedAxes().contains(chart.yAxis()));
            for (const QPointF &p : s->points())
                QVERIFY(p.y() > 0);
        }
        auto *log = qobject_cast<QLogValueAxis *>(chart.yAxis());
        QVERIFY(log->min() > 0 && log->min() <= 0.01);
        QVERIFY(log->max() >= 2.0);

        chart.setLogScale(false);
        QCOMPARE(chart.yAxis()->type(), QAbstractAxis::AxisTypeValue);
        QCOMPARE(chart.chart()->axes(Qt::Vertical).size(), 1);
        QCOMPARE(series[1]->at(1).y(), 0.0); // the true value again, not the log floor
    }

    void clearEmpties()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        for (int e = 0; e < 3000; ++e)
            chart.append(e, {0.5, 0.5});
        QVERIFY(chart.pointCount() > 0);
        chart.clear();
        QCOMPARE(chart.pointCount(), 0);
        chart.append(7, {0.25, 0.5}); // a fresh start is not thinned
        chart.append(8, {0.25, 0.5});
        QCOMPARE(chart.pointCount(), 2);
        QCOMPARE(xAxis(chart)->min(), 7.0);
        QCOMPARE(xAxis(chart)->max(), 8.0);
    }

    void tooltipOfTheWidgetShowsOverTheChart()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss"});
        chart.setToolTip("Loss by epoch");
        chart.resize(320, 180);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QWidget *viewport = chart.findChild<QChartView *>()->viewport();
        const QPoint at = viewport->rect().center();
        QHelpEvent help(QEvent::ToolTip, at, viewport->mapToGlobal(at));
        QApplication::sendEvent(viewport, &help);
        QTRY_COMPARE(QToolTip::text(), QString("Loss by epoch"));
        QToolTip::hideText();
    }

    void yLabelShowsAsTheAxisTitle()
    {
        LossChart chart;
        chart.setYLabel("loss");
        QCOMPARE(chart.yAxis()->titleText(), QString("loss"));
        QVERIFY(chart.yAxis()->isTitleVisible());
        chart.setLogScale(true);
        QCOMPARE(chart.yAxis()->titleText(), QString("loss"));
    }
};

QTEST_MAIN(TestLossChart)
#include "tst_losschart.moc"
