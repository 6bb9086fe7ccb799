#include "curvehistory.h"

#include "losschart.h"

#include <algorithm>

namespace ds::app {

std::vector<CurveSeries> chartCurves(const std::vector<const widgets::LossChart *> &charts)
{
    std::vector<CurveSeries> out;
    for (const widgets::LossChart *chart : charts)
        for (const widgets::LossChart::SavedSeries &s : chart->savedHistory()) {
            CurveSeries c;
            c.stride = s.stride;
            c.xy.reserve(std::size_t(s.points.size()) * 2);
            for (const QPointF &p : s.points) {
                c.xy.push_back(p.x());
                c.xy.push_back(p.y());
            }
            out.push_back(std::move(c));
        }
    return out;
}

void restoreChartCurves(const std::vector<widgets::LossChart *> &charts, const std::vector<CurveSeries> &curves)
{
    std::size_t next = 0;
    for (widgets::LossChart *chart : charts) {
        std::vector<widgets::LossChart::SavedSeries> series;
        for (int i = 0; i < chart->seriesCount() && next < curves.size(); ++i, ++next) {
            widgets::LossChart::SavedSeries s;
            s.stride = curves[next].stride;
            const std::vector<double> &xy = curves[next].xy;
            for (std::size_t k = 0; k + 1 < xy.size(); k += 2)
                s.points.append(QPointF(xy[k], xy[k + 1]));
            series.push_back(std::move(s));
        }
        chart->restoreHistory(series);
    }
}

double lastCurveX(const std::vector<CurveSeries> &curves)
{
    double last = -1.0;
    for (const CurveSeries &c : curves)
        for (std::size_t k = 0; k + 1 < c.xy.size(); k += 2)
            last = std::max(last, c.xy[k]);
    return last;
}

} // namespace ds::app
