// A chart's history as CSV text: an epoch column, then one column per series, one row per epoch
// any series holds. Numbers are written in the shortest form that reads back as what the chart
// drew (std::to_chars): a value that is a float (the engine's losses and accuracies) as that float
// ("0.2", not the 0.20000000298023224 it widens to), anything else as the double.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <vector>

namespace ds::widgets {

// series[i] holds (epoch, value) points, named columns[i]. Rows are sorted by epoch; a series
// without a point at a row's epoch leaves its cell empty. An epoch a series holds twice gets two
// rows, its first value on the first. Lines end in "\n".
QByteArray historyCsv(const QStringList &columns, const std::vector<QList<QPointF>> &series);

// A column name from a series' name and, when the name does not say it, the quantity the chart
// shows (its y label's first word): "Training loss" -> "train_loss", "validation" with "loss" ->
// "validation_loss", "Test accuracy" -> "test_accuracy". Lower case, words joined by '_'.
QString csvColumnName(const QString &seriesName, const QString &quantity);

// The shortest decimal text that reads back as exactly `v` ("0.1", "12", "1e-07").
QByteArray shortestNumber(double v);

} // namespace ds::widgets
