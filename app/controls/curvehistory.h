// The charts' curves in and out of a TrainedRun: a saved playground keeps how its loss and
// accuracy got where they are, and reopening it draws them again instead of starting a line at
// the saved epoch.
#pragma once

#include "core/trainedrun.h"

#include <vector>

namespace ds::widgets {
class LossChart;
}

namespace ds::app {

// Every series of the charts, in order.
std::vector<CurveSeries> chartCurves(const std::vector<const widgets::LossChart *> &charts);
// Back into the same charts in the same order; series a chart lacks are dropped, and charts
// beyond the saved curves are cleared.
void restoreChartCurves(const std::vector<widgets::LossChart *> &charts, const std::vector<CurveSeries> &curves);
// The largest x of the curves (-1 when there are none): where a restored chart goes on from.
double lastCurveX(const std::vector<CurveSeries> &curves);

} // namespace ds::app
