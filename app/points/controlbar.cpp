#include "controlbar.h"

#include "backendbox.h"
#include "captioned.h"
#include "exactchoice.h"
#include "snapshot.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
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

QToolButton *iconButton(const QString &icon, const QString &tip, int size, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setIcon(QIcon(icon));
    b->setIconSize(QSize(size * 2 / 3, size * 2 / 3));
    b->setFixedSize(size, size);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

ControlBar::ControlBar(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 8, 16, 8);
    layout->setSpacing(14);

    m_reset = iconButton(":/icons/reset.svg", "Reset the network: new starting weights, epoch 0 (R)", 36, this);
    m_play = iconButton(":/icons/play.svg", "Train the network, or pause it (Space)", 52, this);
    m_play->setAutoRaise(false);
    m_play->setStyleSheet("QToolButton { background: #183d4e; border-radius: 26px; border: none; }"
                          "QToolButton:hover { background: #0877bd; }"
                          "QToolButton:focus { border: 2px solid #f59322; }");
    m_step = iconButton(":/icons/step.svg", "Train one epoch, then pause (Right arrow)", 36, this);
    layout->addWidget(m_reset);
    layout->addWidget(m_play);
    layout->addWidget(m_step);
    connect(m_play, &QToolButton::clicked, this, &ControlBar::playClicked);
    connect(m_step, &QToolButton::clicked, this, &ControlBar::stepClicked);
    connect(m_reset, &QToolButton::clicked, this, &ControlBar::resetClicked);

    // Digits of one width, so the counters do not jitter as they change.
    QFont digits = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    digits.setPointSizeF(font().pointSizeF() * 1.6);
    m_epoch = new QLabel("000,000", this);
    m_epoch->setFont(digits);
    m_epoch->setMinimumWidth(QFontMetrics(digits).horizontalAdvance("0,000,000"));
    m_epoch->setToolTip("Epochs trained: one epoch is one pass over all training points");
    m_rate = new QLabel("", this);
    m_rate->setToolTip("How long one epoch takes at the current speed");
    m_rate->setMinimumWidth(QFontMetrics(font()).horizontalAdvance("000.0 µs/epoch"));
    auto *counters = new QVBoxLayout;
    counters->setSpacing(2);
    counters->addWidget(captioned("Epoch", m_epoch, this));
    counters->addWidget(m_rate);
    layout->addLayout(counters);
    // The hyperparameters in two rows, so that the bar fits a 1366-pixel screen.
    m_grid = new QGridLayout;
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(4);
    layout->addLayout(m_grid);

    m_learningRate = addCombo("Learning rate", "How big a step each update takes down the loss's slope");
    for (double r : kLearningRates)
        m_learningRate->addItem(QString::number(r), r);
    m_activation = addCombo("Activation",
        "The function each hidden neuron applies to its weighted sum (right-click a layer to set it per layer)");
    for (const auto &a : activationNames())
        m_activation->addItem(a.name, int(a.kind));
    m_regularization = addCombo("Regularization", "A penalty or noise that keeps weights small to avoid overfitting");
    m_regularization->addItem("None", int(Regularization::None));
    m_regularization->addItem("L1", int(Regularization::L1));
    m_regularization->addItem("L2", int(Regularization::L2));
    m_regularization->addItem("Dropout", int(Regularization::Dropout));
    m_regularizationRate = addCombo(
        "Regularization rate", "How strong the regularization is (for dropout: the share of neurons dropped)");
    for (double r : kRegularizationRates)
        m_regularizationRate->addItem(QString::number(r), r);
    m_optimizer = addCombo("Optimizer", "The rule that turns gradients into weight updates");
    for (const auto &o : optimizerNames())
        m_optimizer->addItem(o.name, int(o.kind));
    m_schedule = addCombo("Schedule", "How the learning rate changes over the epochs");
    for (const auto &s : scheduleNames())
        m_schedule->addItem(s.name, int(s.kind));
    m_backend = addCombo("Backend", "Where the arithmetic runs: the CPU, or an NVIDIA GPU");
    fillBackendBox(m_backend);
    m_stopRule = addCombo("Stop", "When training stops by itself");
    for (const StopRule &r : kStopRules)
        m_stopRule->addItem(r.label, QVariantList {qlonglong(r.epochs), r.patience});
    m_speed = addCombo("Speed", "Slow training down to watch it, for demos");
    m_speed->addItem("Full", 0.0);
    m_speed->addItem("100 epochs/s", 100.0);
    m_speed->addItem("10 epochs/s", 10.0);
    m_speed->addItem("1 epoch/s", 1.0);
    layout->addStretch(1);
}

QComboBox *ControlBar::addCombo(const QString &caption, const QString &tip)
{
    auto *box = new QComboBox(this);
    box->setToolTip(tip);
    box->setMinimumWidth(120);
    box->setFocusPolicy(Qt::StrongFocus);
    connect(box, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_showing)
            emit changed();
    });
    const int index = m_grid->count();
    m_grid->addWidget(captioned(caption, box, this), index / 5, index % 5);
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
    showExactValue(m_speed, c.epochsPerSecond, QString("%1 epochs/s").arg(c.epochsPerSecond));
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
    c.backend = m_backend->currentData().toString().toStdString();
    const QVariantList rule = m_stopRule->currentData().toList();
    c.stopAfterEpochs = long(rule.value(0).toLongLong());
    c.patienceEpochs = rule.value(1).toInt();
    c.epochsPerSecond = m_speed->currentData().toDouble();
}

void ControlBar::showProgress(const Snapshot &s)
{
    // TensorFlow Playground's 000,000 style, growing past a million.
    QString digits = QString::number(s.epoch).rightJustified(6, '0');
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(i, ',');
    m_epoch->setText(digits);
    if (s.secondsPerEpoch <= 0)
        m_rate->setText("–");
    else if (s.secondsPerEpoch < 1e-3)
        m_rate->setText(QString("%1 µs/epoch").arg(s.secondsPerEpoch * 1e6, 0, 'f', 1));
    else
        m_rate->setText(QString("%1 ms/epoch").arg(s.secondsPerEpoch * 1e3, 0, 'f', 1));
}

void ControlBar::setRunning(bool running)
{
    m_play->setIcon(QIcon(running ? ":/icons/pause.svg" : ":/icons/play.svg"));
}

} // namespace ds::app
