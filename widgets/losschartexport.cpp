// LossChart's exports: the chart as a picture and the points it holds as CSV, and the context
// menu that offers them. The chart itself is in losschart.cpp.
#include "losschart.h"

#include "historycsv.h"
#include "plotexportmenu.h"

#include <QChartView>
#include <QContextMenuEvent>
#include <QMenu>
#include <QRegularExpression>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ds::widgets {

std::vector<QList<QPointF>> LossChart::history() const
{
    std::vector<QList<QPointF>> out;
    for (const Track &t : m_tracks) {
        QList<QPointF> points = t.kept;
        if (t.hasTail)
            points.append(t.tail);
        out.push_back(std::move(points));
    }
    return out;
}

QStringList LossChart::csvColumns() const
{
    QStringList columns;
    for (const QString &name : m_names) {
        const QString column = csvColumnName(name, m_yLinear->titleText());
        columns.append(column.isEmpty() ? QString("series%1").arg(columns.size() + 1) : column);
    }
    return columns;
}

std::vector<LossChart::SavedSeries> LossChart::savedHistory() const
{
    std::vector<SavedSeries> out;
    for (const Track &t : m_tracks) {
        SavedSeries s {t.kept, t.stride};
        if (t.hasTail)
            s.points.append(t.tail);
        out.push_back(std::move(s));
    }
    return out;
}

void LossChart::restoreHistory(const std::vector<SavedSeries> &series)
{
    clear();
    for (std::size_t i = 0; i < m_tracks.size() && i < series.size(); ++i) {
        Track &t = m_tracks[i];
        for (const QPointF &p : series[i].points)
            if (std::isfinite(p.x()) && std::isfinite(p.y()) && t.kept.size() < kMaxKept - 1)
                t.kept.append(p);
        t.stride = std::clamp(series[i].stride, 1, 1 << 30);
    }
    scheduleSync();
}

QByteArray LossChart::historyCsv() const
{
    return widgets::historyCsv(csvColumns(), history());
}

QByteArray historyCsv(const std::vector<const LossChart *> &charts)
{
    QStringList columns;
    std::vector<QList<QPointF>> series;
    for (const LossChart *chart : charts) {
        columns += chart->csvColumns();
        for (QList<QPointF> &s : chart->history())
            series.push_back(std::move(s));
    }
    return historyCsv(columns, series);
}

PlotPicture LossChart::picture() const
{
    sync(); // the series may lag the latest appends
    const QString title = m_yLinear->titleText().isEmpty() ? m_names.join(", ") : m_yLinear->titleText();
    return widgetPicture(this, title, [this](QPainter &p) {
        // The view fills the widget (no margins), so its viewport maps onto the whole picture.
        m_view->render(&p, QRectF(QPointF(0, 0), QSizeF(size())), m_view->viewport()->rect());
    });
}

// "loss" or "accuracy": the y label's first word, else the first series' last ("Training loss").
QString LossChart::fileBaseName() const
{
    static const QRegularExpression notWord("[^a-z0-9]+");
    QStringList words = m_yLinear->titleText().toLower().split(notWord, Qt::SkipEmptyParts);
    if (!words.isEmpty())
        return words.front();
    words = m_names.value(0).toLower().split(notWord, Qt::SkipEmptyParts);
    return words.isEmpty() ? QString("chart") : words.back();
}

void LossChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    const QString base = fileBaseName();
    addPlotExportActions(&menu, this, base, [this] { return picture(); });
    menu.addSeparator();
    addFileExportAction(&menu, this, "Export history as CSV\u2026", base + "-history.csv", "CSV files (*.csv)",
        [this](const QString &path, QString *error) { return writeWholeFile(path, historyCsv(), error); });
    menu.exec(event->globalPos());
}

} // namespace ds::widgets
