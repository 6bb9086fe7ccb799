#include "racepanel.h"

#include "lanemaps.h"
#include "losschart.h"
#include "snapshotimages.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QToolButton>
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
    // Losses or boundaries: at 768 px the tab has room for one of them at a useful size.
    m_views = new QWidget(this);
    auto *switcher = new QHBoxLayout(m_views);
    switcher->setContentsMargins(0, 0, 0, 0);
    auto *group = new QButtonGroup(this);
    for (const QString &name : {QString("Losses"), QString("Boundaries")}) {
        auto *b = new QToolButton(m_views);
        b->setText(name);
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setObjectName(name == "Losses" ? "raceLosses" : "raceBoundaries");
        group->addButton(b, group->buttons().size());
        switcher->addWidget(b);
    }
    group->button(0)->setChecked(true);
    group->button(0)->setToolTip("Every lane's training loss by epoch");
    group->button(1)->setToolTip("Every lane's decision boundary, the playground's own first");
    switcher->addStretch(1);
    layout->addWidget(m_views);
    auto *stack = new QStackedWidget(this);
    m_chart = new widgets::LossChart(stack);
    m_chart->setDistinctColours(true);
    m_chart->setLogScale(true);
    m_chart->setYLabel("training loss");
    m_chart->setToolTip("Training loss by epoch of every optimizer in the race, all from the same start");
    stack->addWidget(m_chart);
    m_maps = new LaneMaps(stack);
    m_maps->setObjectName("laneMaps");
    stack->addWidget(m_maps);
    connect(group, &QButtonGroup::idClicked, stack, &QStackedWidget::setCurrentIndex);
    layout->addWidget(stack, 1);
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
    m_order = others;
    m_mainOptimizer = c.optimizer;
    const QStringList names = laneNames(c.optimizer, others);
    const bool racing = names.size() > 1;
    // While racing, the maps and the chart speak for themselves (the room is short at 768 px).
    m_hint->setText(QString("Tick other optimizers to race them against %1 from the same start.")
                        .arg(QString::fromStdString(nameOf(c.optimizer))));
    m_hint->setVisible(!racing);
    m_views->setVisible(racing);
    setToolTip(racing ? QString("Each optimizer trains its own copy of the network from the same start, on the same "
                                "batches. Changing the race starts them all again.")
                      : QString());
    if (names.size() != m_chart->seriesCount() || names != m_chart->seriesNames()) {
        m_chart->setSeriesNames(names);
        QStringList shown = racing ? names : QStringList {};
        shown.replaceInStrings(" (drawn)", "");
        m_maps->setNames(shown);
    }
    m_showing = false;
}

std::vector<QImage> RacePanel::laneMaps() const
{
    return m_maps->maps();
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
    // The snapshot's lanes in the chart's order (the boxes'), whatever order the race runs them
    // in: a late snapshot of another race adds nothing.
    std::vector<const RaceLane *> lanes;
    for (OptimizerKind k : m_order) {
        const auto it = std::find_if(
            s.race.begin(), s.race.end(), [k](const RaceLane &lane) { return lane.optimizer == k; });
        if (it == s.race.end())
            return;
        lanes.push_back(&*it);
    }
    if (lanes.size() != s.race.size() || m_mainOptimizer != s.config->optimizer)
        return;
    std::vector<double> losses {double(s.train.loss)};
    for (const RaceLane *lane : lanes)
        losses.push_back(lane->diverged ? NAN : double(lane->train.loss));
    m_chart->append(double(s.epoch), losses);
    // Each lane's boundary beside the playground's own, in the output map's colours.
    const int classes = s.config->numClasses();
    const std::size_t size = std::size_t(s.grid) * std::size_t(s.grid) * std::size_t(s.columnSizes.back());
    for (std::size_t i = 0; i < m_maps->maps().size() && i <= lanes.size(); ++i) {
        const RaceLane *lane = i == 0 ? nullptr : lanes[i - 1];
        if (lane && lane->output.size() != size)
            continue;
        m_maps->setMap(int(i),
            lane ? outputImage(lane->output.data(), s.grid, classes, s.config->discretizeOutput)
                 : outputImage(s, classes, s.config->discretizeOutput),
            lane && lane->diverged);
    }
}

void RacePanel::clear()
{
    m_chart->clear();
}

} // namespace ds::app
