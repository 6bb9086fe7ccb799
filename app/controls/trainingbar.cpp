#include "trainingbar.h"

#include "captioned.h"
#include "exactchoice.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace ds::app {
namespace {

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

TrainingBar::TrainingBar(const QString &stepTip, const std::vector<PaceChoice> &paces, QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);

    m_reset = iconButton(":/icons/reset.svg", "Reset: new starting weights (the next seed), epoch 0 (R)", 36, this);
    m_replay = iconButton(":/icons/replay.svg",
        "Replay: the same starting weights and order of examples, from epoch 0, played again (Shift+R)", 36, this);
    m_playIcon = QIcon(":/icons/play.svg");
    m_pauseIcon = QIcon(":/icons/pause.svg");
    m_play = iconButton(":/icons/play.svg", "Train the network, or pause it (Space)", 52, this);
    m_play->setAutoRaise(false);
    m_step = iconButton(":/icons/step.svg", stepTip, 36, this);
    m_full = iconButton(":/icons/fullspeed.svg", "Full speed: train as fast as the machine goes (F)", 36, this);
    m_full->setCheckable(true);
    layout->addWidget(m_reset);
    layout->addWidget(m_replay);
    layout->addWidget(m_play);
    layout->addWidget(m_step);
    layout->addWidget(m_full);
    connect(m_play, &QToolButton::clicked, this, &TrainingBar::playClicked);
    connect(m_step, &QToolButton::clicked, this, &TrainingBar::stepClicked);
    connect(m_reset, &QToolButton::clicked, this, &TrainingBar::resetClicked);
    connect(m_replay, &QToolButton::clicked, this, &TrainingBar::replayClicked);

    m_epoch = new QLabel("0", this);
    m_epoch->setToolTip("Epochs trained: one epoch is one pass over all training data");
    m_rate = new QLabel("–", this);
    m_rate->setToolTip("How long one epoch takes at the pace set");
    m_basePointSize = font().pointSizeF();
    applySizes();
    auto *counters = new QVBoxLayout;
    counters->setSpacing(2);
    counters->addWidget(captioned("Epoch", m_epoch, this));
    counters->addWidget(m_rate);
    layout->addLayout(counters);

    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 999999);
    m_seed->setToolTip("The seed of the starting weights and of the order of the examples: the same seed and "
                       "settings train the same run, on any computer");
    m_seed->setKeyboardTracking(false);
    // The speed above the seed, so that the bar fits a 1,200-pixel window.
    auto *settings = new QVBoxLayout;
    settings->setSpacing(4);
    layout->addLayout(settings);
    connect(m_seed, &QSpinBox::valueChanged, this, &TrainingBar::seedChanged);

    m_pace = new QComboBox(this);
    m_pace->setToolTip("How fast training goes when it is not at full speed: slow enough to watch it learn");
    m_pace->setFocusPolicy(Qt::StrongFocus);
    for (const PaceChoice &p : paces)
        m_pace->addItem(p.label, p.epochsPerSecond);
    settings->addWidget(classroomControl(captioned("Speed", m_pace, this), "speed", "Speed"));
    settings->addWidget(classroomControl(captioned("Seed", m_seed, this), "seed", "Seed"));
    connect(m_pace, &QComboBox::activated, this, [this] {
        m_full->setChecked(false);
        emit paceChanged(pace());
    });
    connect(m_full, &QToolButton::clicked, this, [this] { emit paceChanged(pace()); });
}

void TrainingBar::setRunning(bool running)
{
    // Every snapshot calls this. A new QIcon each time would render its SVG again and leave a
    // new entry in the pixmap cache (the window's memory grew by about 20 MB an hour); the two
    // icons are made once and set only when the state changes.
    if (running == m_running && !m_play->icon().isNull())
        return;
    m_running = running;
    m_play->setIcon(running ? m_pauseIcon : m_playIcon);
}

void TrainingBar::applySizes()
{
    // With the text: presentation mode's larger font makes the buttons and the counter larger.
    const double r = m_basePointSize > 0 ? std::max(1.0, font().pointSizeF() / m_basePointSize) : 1.0;
    const int small = int(std::lround(36 * r)), large = int(std::lround(52 * r));
    for (QToolButton *b : {m_reset, m_replay, m_step, m_full}) {
        b->setFixedSize(small, small);
        b->setIconSize(QSize(small * 2 / 3, small * 2 / 3));
    }
    m_play->setFixedSize(large, large);
    m_play->setIconSize(QSize(large * 2 / 3, large * 2 / 3));
    m_play->setStyleSheet(QString("QToolButton { background: #183d4e; border-radius: %1px; border: none; }"
                                  "QToolButton:hover { background: #0877bd; }"
                                  "QToolButton:disabled { background: #9aa5ab; }"
                                  "QToolButton:focus { border: 2px solid #f59322; }")
                              .arg(large / 2));
    // Digits of one width, so the counters do not jitter as they change.
    QFont digits = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    digits.setPointSizeF(font().pointSizeF() * 1.6);
    m_epoch->setFont(digits);
    // Room for 999,999 epochs without a jitter (a longer run widens it once); more would cost the
    // Images bar its fit on a 1366-pixel screen beside a lesson.
    m_epoch->setMinimumWidth(QFontMetrics(digits).horizontalAdvance("000,000"));
    const QString longest = "000.0 ms/epoch" + (m_detailSample.isEmpty() ? QString() : " · " + m_detailSample);
    m_rate->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(longest));
}

void TrainingBar::setDetailSample(const QString &sample)
{
    m_detailSample = sample;
    applySizes();
}

void TrainingBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange && m_epoch)
        applySizes();
}

QString TrainingBar::formatSecondsPerEpoch(double seconds)
{
    if (seconds <= 0)
        return "–";
    if (seconds < 1e-3)
        return QString("%1 µs/epoch").arg(seconds * 1e6, 0, 'f', 1);
    if (seconds < 1.0)
        return QString("%1 ms/epoch").arg(seconds * 1e3, 0, 'f', 1);
    return QString("%1 s/epoch").arg(seconds, 0, 'f', 1);
}

QString TrainingBar::formatEpochs(double epochs, int decimals)
{
    return QLocale().toString(epochs, 'f', decimals);
}

void TrainingBar::showProgress(const QString &epoch, double secondsPerEpoch, const QString &detail)
{
    m_epoch->setText(epoch);
    QString rate = formatSecondsPerEpoch(secondsPerEpoch);
    if (secondsPerEpoch > 0 && !detail.isEmpty())
        rate += " · " + detail;
    m_rate->setText(rate);
}

void TrainingBar::showPace(double epochsPerSecond)
{
    const QSignalBlocker quiet(m_pace);
    m_full->setChecked(epochsPerSecond <= 0);
    if (epochsPerSecond > 0)
        showExactValue(m_pace, epochsPerSecond, QString("%1 epochs/s").arg(epochsPerSecond));
}

void TrainingBar::showSeed(std::uint64_t seed)
{
    const QSignalBlocker quiet(m_seed);
    m_seed->setValue(int(seed % 1000000));
}

double TrainingBar::pace() const
{
    return m_full->isChecked() ? 0.0 : m_pace->currentData().toDouble();
}

} // namespace ds::app
