// LossChart: series follow appends, long runs stay bounded by thinning, NaN and infinity are
// skipped, the axes fit the data, the log scale swaps the y axis, and the history exports as CSV.
#include "historycsv.h"
#include "losschart.h"
#include "plotexport.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QFile>
#include <QHelpEvent>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

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

// The chart's CSV written to a file and read back: the header, then each row's cells as numbers
// (nullopt for an empty cell).
struct Csv {
    QByteArray header;
    std::vector<std::vector<std::optional<double>>> rows;
};

Csv exportAndRead(const LossChart &chart)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("history.csv");
    QString error;
    if (!ds::widgets::writeWholeFile(path, chart.historyCsv(), &error))
        qFatal("%s", qPrintable(error));
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    QList<QByteArray> lines = file.readAll().split('\n');
    if (lines.isEmpty() || !lines.last().isEmpty())
        qFatal("the CSV does not end in a newline");
    lines.removeLast();
    Csv csv {lines.value(0), {}};
    for (qsizetype i = 1; i < lines.size(); ++i) {
        std::vector<std::optional<double>> row;
        for (const QByteArray &cell : lines[i].split(',')) {
            double v = 0;
            if (cell.isEmpty())
                row.emplace_back();
            else if (std::from_chars(cell.data(), cell.data() + cell.size(), v).ptr == cell.data() + cell.size())
                row.emplace_back(v);
            else
                qFatal("not a number: %s", cell.constData());
        }
        csv.rows.push_back(row);
    }
    return csv;
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

    void historyExportsAsCsvThatReadsBackExactly()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        for (int e = 1; e <= 50; ++e) // values whose decimals never end
            chart.append(e, {1.0 / (3 * e), std::exp(-0.1 * e) / 7});
        const Csv csv = exportAndRead(chart);
        QCOMPARE(csv.header, QByteArray("epoch,train_loss,test_loss"));
        QCOMPARE(int(csv.rows.size()), chart.pointCount());
        for (int e = 1; e <= 50; ++e) {
            const auto &row = csv.rows[std::size_t(e - 1)];
            QCOMPARE(int(row.size()), 3);
            QCOMPARE(*row[0], double(e));
            QCOMPARE(*row[1], 1.0 / (3 * e)); // bit for bit, not to a tolerance
            QCOMPARE(*row[2], std::exp(-0.1 * e) / 7);
        }
        QVERIFY(chart.historyCsv().contains("\n1,0.3333333333333333,"));
    }

    void aThinnedHistoryHasOneRowPerPointHeld()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        for (int e = 0; e < 3000; ++e)
            chart.append(e, {1.0 / (1 + e), 2.0 / (1 + e)});
        const Csv csv = exportAndRead(chart);
        QCOMPARE(int(csv.rows.size()), chart.pointCount());
        QVERIFY(csv.rows.size() < 3000);
        const auto held = chart.history();
        for (std::size_t i = 0; i < csv.rows.size(); ++i) {
            QCOMPARE(*csv.rows[i][0], held[0][qsizetype(i)].x());
            QCOMPARE(*csv.rows[i][1], held[0][qsizetype(i)].y());
            QCOMPARE(*csv.rows[i][2], held[1][qsizetype(i)].y());
        }
        QCOMPARE(*csv.rows.back()[0], 2999.0); // the latest epoch is always held
    }

    void skippedValuesLeaveEmptyCells()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        chart.append(0, {0.5, 0.5});
        chart.append(1, {std::numeric_limits<double>::quiet_NaN(), 0.4});
        chart.append(2, {0.3, std::numeric_limits<double>::infinity()});
        chart.append(3, {0.2});
        QCOMPARE(chart.historyCsv(), QByteArray("epoch,train_loss,test_loss\n0,0.5,0.5\n1,,0.4\n2,0.3,\n3,0.2,\n"));
        chart.clear();
        QCOMPARE(chart.historyCsv(), QByteArray("epoch,train_loss,test_loss\n"));
    }

    void logScaleExportsTheValuesNotTheFloor()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        chart.append(0, {1.0, 0.0});
        chart.setLogScale(true);
        QCOMPARE(chart.historyCsv(), QByteArray("epoch,train_loss,test_loss\n0,1,0\n"));
    }

    void columnsAreNamedFromTheSeriesAndTheYLabel()
    {
        using ds::widgets::csvColumnName;
        LossChart accuracy; // as the Points mode names its accuracy chart
        accuracy.setSeriesNames({"Training accuracy", "Test accuracy"});
        QCOMPARE(accuracy.csvColumns(), QStringList({"train_accuracy", "test_accuracy"}));
        LossChart images; // as the Images mode names its charts: the quantity in the y label
        images.setSeriesNames({"training", "validation"});
        images.setYLabel("accuracy %");
        QCOMPARE(images.csvColumns(), QStringList({"train_accuracy", "validation_accuracy"}));
        images.setYLabel("loss");
        QCOMPARE(images.csvColumns(), QStringList({"train_loss", "validation_loss"}));
        QVERIFY(images.historyCsv().startsWith("epoch,train_loss,validation_loss\n"));
        LossChart unnamed;
        unnamed.setSeriesNames({"", "?"});
        QCOMPARE(unnamed.csvColumns(), QStringList({"series1", "series2"}));
        QCOMPARE(csvColumnName("Test loss", "loss"), QString("test_loss")); // not test_loss_loss
        QCOMPARE(ds::widgets::shortestNumber(0.1), QByteArray("0.1"));
        QCOMPARE(ds::widgets::shortestNumber(1e-7), QByteArray("1e-07"));
    }

    // The engine's numbers are floats: written as the floats they are, "0.2" and "10.5", not the
    // doubles they widen to (0.20000000298023224) or a percentage taken in double (10.499999672174454).
    void floatsAreWrittenAsFloats()
    {
        LossChart chart;
        chart.setSeriesNames({"Training loss", "Test loss"});
        chart.append(0, {double(0.2f), double(100.0f * 0.105f)});
        QCOMPARE(chart.historyCsv(), QByteArray("epoch,train_loss,test_loss\n0,0.2,10.5\n"));
        const Csv csv = exportAndRead(chart);
        QCOMPARE(float(*csv.rows[0][1]), 0.2f); // reads back as the same float
        chart.append(1, {1e300, -1e-300}); // beyond float's range, or below it: the double
        QVERIFY(chart.historyCsv().endsWith("\n1,1e+300,-1e-300\n"));
    }
};

QTEST_MAIN(TestLossChart)
#include "tst_losschart.moc"
