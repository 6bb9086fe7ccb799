#include "racepanel.h"

#include "losschart.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace ds::app {
namespace {

// The chart's series: the playground's own optimizer first, then the others racing it.
QStringList laneNames(OptimizerKind main, const std::vector<OptimizerKind> &others)
{
    QStringList names {QString::fromStdString(nameOf(main)) + " (drawn)"};
    for (OptimizerKind k : others)
        names << QString::fromStdString(nameOf(k));
    return names;
}

} // namespace

RacePanel::RacePanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *boxes = new QGridLayout;
    boxes->setHorizontalSpacing(10);
    boxes->setVerticalSpacing(0);
    int i = 0;
    for (const auto &o : optimizerNames()) {
        auto *box = new QCheckBox(o.name, this);
        box->setToolTip(QString("Train a copy of the network with %1 beside the playground's own optimizer, from the "
                                "same weights on the same batches")
                            .arg(o.name));
        connect(box, &QCheckBox::toggled, this, [this] {
            if (!m_showing)
                emit changed();
        });
        boxes->addWidget(box, i / 3, i % 3);
        m_boxes.emplace_back(o.kind, box);
        ++i;
    }
    layout->addLayout(boxes);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_hint);
    m_chart = new widgets::LossChart(this);
    m_chart->setDistinctColours(true);
    m_chart->setLogScale(true);
    m_chart->setYLabel("training loss");
    m_chart->setToolTip("Training loss by epoch of every optimizer in the race, all from the same start");
    layout->addWidget(m_chart, 1);
}

QCheckBox *RacePanel::box(OptimizerKind optimizer) const
{
    for (const auto &[kind, box] : m_boxes)
        if (kind == optimizer)
            return box;
    return nullptr;
}

void RacePanel::showConfig(const PlaygroundConfig &c)
{
    m_showing = true;
    for (const auto &[kind, box] : m_boxes) {
        const bool main = kind == c.optimizer;
        box->setChecked(main || std::find(c.race.begin(), c.race.end(), kind) != c.race.end());
        box->setEnabled(!main); // the playground's own optimizer is always in the race
    }
    // The lanes in the order of the boxes, as OptimizerRace runs them once applyTo has ordered them.
    std::vector<OptimizerKind> others;
    for (const auto &[kind, box] : m_boxes)
        if (kind != c.optimizer && std::find(c.race.begin(), c.race.end(), kind) != c.race.end())
            others.push_back(kind);
    const QStringList names = laneNames(c.optimizer, others);
    const bool racing = names.size() > 1;
    m_hint->setText(racing ? QString("Each optimizer trains its own copy of the network from the same start. "
                                     "Changing the race starts them all again.")
                           : QString("Tick other optimizers to race them against %1 from the same start.")
                                 .arg(QString::fromStdString(nameOf(c.optimizer))));
    if (names.size() != m_chart->seriesCount() || names != m_chart->seriesNames())
        m_chart->setSeriesNames(names);
    m_showing = false;
}

void RacePanel::applyTo(PlaygroundConfig &c) const
{
    c.race.clear();
    for (const auto &[kind, box] : m_boxes)
        if (box->isChecked() && kind != c.optimizer)
            c.race.push_back(kind);
}

void RacePanel::append(const Snapshot &s)
{
    if (s.race.empty() || !s.config)
        return;
    // The snapshot's lanes, matched to the chart's by name: a late snapshot of another race adds
    // nothing.
    std::vector<OptimizerKind> others;
    std::vector<double> losses {double(s.train.loss)};
    for (const RaceLane &lane : s.race) {
        others.push_back(lane.optimizer);
        losses.push_back(lane.diverged ? NAN : double(lane.train.loss));
    }
    if (laneNames(s.config->optimizer, others) != m_chart->seriesNames())
        return;
    m_chart->append(double(s.epoch), losses);
}

void RacePanel::clear()
{
    m_chart->clear();
}

} // namespace ds::app
