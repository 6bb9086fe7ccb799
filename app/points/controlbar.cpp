#include "controlbar.h"

#include "controls/backendbox.h"
#include "controls/captioned.h"
#include "controls/exactchoice.h"
#include "controls/trainingbar.h"
#include "core/snapshot.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QToolButton>

#include <cmath>

namespace ds::app {
namespace {

const double kLearningRates[] = {0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10};
const double kRegularizationRates[] = {0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1, 3, 10};
struct StopRule {
    const char *label;
    long epochs;
    int patience;
};
const StopRule kStopRules[] = {{"Never", 0, 0}, {"After 100 epochs", 100, 0}, {"After 1,000 epochs", 1000, 0},
    {"After 10,000 epochs", 10000, 0}, {"Test loss stalls 50 epochs", 0, 50}, {"Test loss stalls 500 epochs", 0, 500}};

} // namespace

ControlBar::ControlBar(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 8, 16, 8);
    layout->setSpacing(14);

    // Paces a class can follow: the spiral takes a few hundred epochs.
    m_training = new TrainingBar("Train one epoch, then pause (Right arrow)",
        {{"30 epochs/s", 30.0}, {"10 epochs/s", 10.0}, {"3 epochs/s", 3.0}, {"1 epoch/s", 1.0}}, this);
    layout->addWidget(m_training);
    connect(m_training, &TrainingBar::playClicked, this, &ControlBar::playClicked);
    connect(m_training, &TrainingBar::stepClicked, this, &ControlBar::stepClicked);
    connect(m_training, &TrainingBar::resetClicked, this, &ControlBar::resetClicked);
    connect(m_training, &TrainingBar::replayClicked, this, &ControlBar::replayClicked);
    connect(m_training, &TrainingBar::seedChanged, this, [this] {
        if (!m_showing)
            emit changed();
    });
    connect(m_training, &TrainingBar::paceChanged, this, [this] {
        if (!m_showing)
            emit changed();
    });
    // The hyperparameters in two rows, so that the bar fits a 1366-pixel screen.
    m_grid = new QGridLayout;
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(4);
    layout->addLayout(m_grid);

    m_learningRate = addCombo("learningRate", "Learning rate", "How big a step each update takes down the loss's slope");
    for (double r : kLearningRates)
        m_learningRate->addItem(QString::number(r), r);
    m_activation = addCombo("activation", "Activation",
        "The function each hidden neuron applies to its weighted sum (right-click a layer to set it per layer)");
    for (const auto &a : activationNames())
        m_activation->addItem(a.name, int(a.kind));
    m_regularization = addCombo("regularization", "Regularization", "A penalty or noise that keeps weights small to avoid overfitting");
    m_regularization->addItem("None", int(Regularization::None));
    m_regularization->addItem("L1", int(Regularization::L1));
    m_regularization->addItem("L2", int(Regularization::L2));
    m_regularization->addItem("Dropout", int(Regularization::Dropout));
    m_regularizationRate = addCombo("regularizationRate", "Regularization rate", "How strong the regularization is (for dropout: the share of neurons dropped)");
    for (double r : kRegularizationRates)
        m_regularizationRate->addItem(QString::number(r), r);
    m_optimizer = addCombo("optimizer", "Optimizer", "The rule that turns gradients into weight updates");
    for (const auto &o : optimizerNames())
        m_optimizer->addItem(o.name, int(o.kind));
    m_schedule = addCombo("schedule", "Schedule", "How the learning rate changes over the epochs");
    for (const auto &s : scheduleNames())
        m_schedule->addItem(s.name, int(s.kind));
    m_init = addCombo("initialization", "Initialization", "How the weights start: Xavier keeps a tanh or sigmoid layer's spread, He a ReLU layer's");
    m_init->addItem("Xavier (Glorot)", int(InitKind::Xavier));
    m_init->addItem("He (Kaiming)", int(InitKind::He));
    m_init->addItem("Uniform ±0.5", int(InitKind::Uniform));
    m_init->addItem("Zeros", int(InitKind::Zeros));
    m_connections = addCombo("connections", "Connections",
        "Plain: each layer feeds the next. Residual: every hidden layer as wide as "
        "the one before also gets that layer's output added to its own (a skip "
        "connection), so deep networks train");
    m_connections->addItem("Plain", false);
    m_connections->addItem("Residual (skip)", true);
    m_backend = addCombo("backend", "Backend", "Where the arithmetic runs: the CPU, or an NVIDIA GPU");
    fillBackendBox(m_backend);
    m_stopRule = addCombo("stop", "Stop", "When training stops by itself");
    for (const StopRule &r : kStopRules)
        m_stopRule->addItem(r.label, QVariantList {qlonglong(r.epochs), r.patience});
    layout->addStretch(1);
}

QComboBox *ControlBar::addCombo(const QString &key, const QString &caption, const QString &tip)
{
    auto *box = new QComboBox(this);
    box->setToolTip(tip);
    box->setMinimumWidth(120);
    box->setFocusPolicy(Qt::StrongFocus);
    connect(box, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_showing)
            emit changed();
    });
    const int index = int(m_cells.size());
    m_cells.push_back(captioned(caption, box, this));
    classroomControl(m_cells.back(), key, caption); // the window can hide it
    m_grid->addWidget(m_cells.back(), index / m_columns, index % m_columns);
    return box;
}

void ControlBar::showConfig(const PlaygroundConfig &c)
{
    m_showing = true;
    showExactValue(m_learningRate, c.learningRate);
    m_activation->setCurrentIndex(m_activation->findData(int(c.activation)));
    m_regularization->setCurrentIndex(m_regularization->findData(int(c.regularization)));
    showExactValue(m_regularizationRate, c.regularizationRate);
    m_optimizer->setCurrentIndex(m_optimizer->findData(int(c.optimizer)));
    m_schedule->setCurrentIndex(m_schedule->findData(int(c.schedule.kind)));
    m_init->setCurrentIndex(m_init->findData(int(c.init)));
    m_connections->setCurrentIndex(c.residual ? 1 : 0);
    m_backend->setCurrentIndex(std::max(0, m_backend->findData(QString::fromStdString(c.backend))));
    // A stop rule off the list gets an entry of its own (its data is [epochs, patience]).
    const QVariantList rule {qlonglong(c.stopAfterEpochs), c.patienceEpochs};
    if (m_stopRule->count() > int(std::size(kStopRules)))
        m_stopRule->removeItem(int(std::size(kStopRules)));
    int stop = m_stopRule->findData(rule);
    if (stop < 0) {
        m_stopRule->addItem(c.patienceEpochs > 0
                ? QString("Test loss stalls %1 epochs").arg(c.patienceEpochs)
                : QString("After %1 epochs").arg(QLocale::c().toString(qlonglong(c.stopAfterEpochs))),
            rule);
        stop = m_stopRule->count() - 1;
    }
    m_stopRule->setCurrentIndex(stop);
    m_training->showPace(c.epochsPerSecond);
    m_training->showSeed(c.seed);
    m_showing = false;
}

void ControlBar::applyTo(PlaygroundConfig &c) const
{
    c.learningRate = float(m_learningRate->currentData().toDouble());
    const auto activation = ActivationKind(m_activation->currentData().toInt());
    if (activation != c.activation)
        c.layerActivations.clear(); // choosing one in the bar sets it for every hidden layer
    c.activation = activation;
    c.regularization = Regularization(m_regularization->currentData().toInt());
    c.regularizationRate = float(m_regularizationRate->currentData().toDouble());
    if (c.regularization == Regularization::Dropout)
        c.regularizationRate = std::min(c.regularizationRate, 0.9f);
    c.optimizer = OptimizerKind(m_optimizer->currentData().toInt());
    c.schedule.kind = ScheduleKind(m_schedule->currentData().toInt());
    c.init = InitKind(m_init->currentData().toInt());
    c.residual = m_connections->currentData().toBool();
    c.backend = m_backend->currentData().toString().toStdString();
    const QVariantList rule = m_stopRule->currentData().toList();
    c.stopAfterEpochs = long(rule.value(0).toLongLong());
    c.patienceEpochs = rule.value(1).toInt();
    c.epochsPerSecond = m_training->pace();
    if (std::uint64_t(m_training->seedBox()->value()) != c.seed % 1000000) // typed: a large seed stays until then
        c.seed = std::uint64_t(m_training->seedBox()->value());
}

void ControlBar::setColumns(int columns)
{
    if (columns == m_columns || columns < 1)
        return;
    m_columns = columns;
    for (QWidget *cell : m_cells)
        m_grid->removeWidget(cell);
    for (int i = 0; i < int(m_cells.size()); ++i)
        m_grid->addWidget(m_cells[std::size_t(i)], i / m_columns, i % m_columns);
}

QToolButton *ControlBar::playButton() const
{
    return m_training->playButton();
}

void ControlBar::showProgress(const Snapshot &s)
{
    // As the Images mode writes epochs (not TensorFlow Playground's zero-padded 000,100).
    m_training->showProgress(TrainingBar::formatEpochs(double(s.epoch), 0), s.secondsPerEpoch);
}

void ControlBar::setRunning(bool running)
{
    m_training->setRunning(running);
}

} // namespace ds::app
