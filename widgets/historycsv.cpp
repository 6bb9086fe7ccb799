#include "historycsv.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

namespace ds::widgets {
namespace {

// One value of one series, and which row it belongs to: its epoch, and how many times the series
// held that epoch before (so that repeated epochs pair up first with first, second with second).
struct Cell {
    double epoch;
    int repeat;
    std::size_t series;
    double value;
};

// The shortest decimal text that reads back as exactly `v`, a double or a float.
template <typename Number>
QByteArray shortestText(Number v)
{
    std::array<char, 32> text {}; // the longest double, "-2.2250738585072014e-308", is 24
    const auto [end, ec] = std::to_chars(text.data(), text.data() + text.size(), v);
    return ec == std::errc() ? QByteArray(text.data(), end - text.data()) : QByteArray();
}

// A value as the float it is when it is one (the engine's losses and accuracies: "0.2", not the
// double 0.20000000298023224 that float widens to), else as the double.
QByteArray valueText(double v)
{
    // Out of float's range no float can be it (and the cast itself would be undefined).
    const bool isFloat = std::isfinite(v) && std::abs(v) <= double(std::numeric_limits<float>::max())
        && double(float(v)) == v;
    return isFloat ? shortestText(float(v)) : shortestText(v);
}

} // namespace

QByteArray shortestNumber(double v)
{
    return shortestText(v);
}

QByteArray historyCsv(const QStringList &columns, const std::vector<QList<QPointF>> &series)
{
    std::vector<Cell> cells;
    for (std::size_t s = 0; s < series.size(); ++s) {
        std::map<double, int> seen;
        for (const QPointF &p : series[s])
            cells.push_back({p.x(), seen[p.x()]++, s, p.y()});
    }
    std::stable_sort(cells.begin(), cells.end(),
        [](const Cell &a, const Cell &b) { return std::tie(a.epoch, a.repeat) < std::tie(b.epoch, b.repeat); });

    QByteArray out = "epoch";
    for (const QString &c : columns)
        out += "," + c.toUtf8();
    out += "\n";
    const std::size_t width = std::max<std::size_t>(series.size(), std::size_t(columns.size()));
    std::vector<std::optional<double>> row(width);
    auto writeRow = [&](double epoch) {
        out += shortestNumber(epoch);
        for (const std::optional<double> &v : row)
            out += "," + (v ? valueText(*v) : QByteArray());
        out += "\n";
        std::fill(row.begin(), row.end(), std::nullopt);
    };
    for (std::size_t i = 0; i < cells.size(); ++i) {
        row[cells[i].series] = cells[i].value;
        const bool last = i + 1 == cells.size()
            || std::tie(cells[i + 1].epoch, cells[i + 1].repeat) != std::tie(cells[i].epoch, cells[i].repeat);
        if (last)
            writeRow(cells[i].epoch);
    }
    return out;
}

QString csvColumnName(const QString &seriesName, const QString &quantity)
{
    static const QRegularExpression notWord("[^a-z0-9]+");
    QStringList words = seriesName.toLower().split(notWord, Qt::SkipEmptyParts);
    if (!words.isEmpty() && words.front() == "training")
        words.front() = "train"; // the column names scripts expect: train_loss, test_loss
    const QStringList measured = quantity.toLower().split(notWord, Qt::SkipEmptyParts);
    if (!measured.isEmpty() && !words.contains(measured.front()))
        words.append(measured.front());
    return words.join('_');
}

} // namespace ds::widgets
