// TrainingBar: the left end of both modes' training bars — reset (new weights), replay (the same
// run again), play/pause and step buttons, the epoch counter, the time per epoch, the seed of the
// starting weights, and the pace: a speed a class can follow, or full speed one click away (the
// fast-forward button). The mode puts its own settings after it.
#pragma once

#include <QIcon>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace ds::app {

// A pace offered in the Speed box: its label and epochs per second.
struct PaceChoice {
    QString label;
    double epochsPerSecond;
};

class TrainingBar : public QWidget {
    Q_OBJECT
public:
    // `stepTip`: what the step button does; `paces`: the watchable speeds, slowest last.
    TrainingBar(const QString &stepTip, const std::vector<PaceChoice> &paces, QWidget *parent = nullptr);

    void setRunning(bool running);
    // The counter (the mode's format) and the time per epoch (0: none yet); `detail` goes after
    // it ("1,950 images/s").
    void showProgress(const QString &epoch, double secondsPerEpoch, const QString &detail = {});
    // The longest `detail` this bar will show ("000,000 images/s"), so that its room is taken from
    // the start: the bar does not move sideways when training starts or stops.
    void setDetailSample(const QString &sample);
    // 0: full speed; else epochs per second, shown exactly even when it is not on the list.
    void showPace(double epochsPerSecond);
    double pace() const;
    // The seed box holds up to 999,999; a file's larger seed shows as its last six digits.
    void showSeed(std::uint64_t seed);

    QToolButton *playButton() const { return m_play; }
    QToolButton *stepButton() const { return m_step; }
    QToolButton *resetButton() const { return m_reset; }
    QToolButton *replayButton() const { return m_replay; }
    QSpinBox *seedBox() const { return m_seed; }
    QToolButton *fullSpeedButton() const { return m_full; }
    QComboBox *paceBox() const { return m_pace; }
    QLabel *epochLabel() const { return m_epoch; }

    // "12.5 ms/epoch", "3.9 s/epoch", "–" for none.
    static QString formatSecondsPerEpoch(double seconds);
    // Epochs as both modes show them: grouped by the locale, with `decimals` places ("1,234" for
    // the Points mode's whole epochs, "2.60" for the Images mode's, which count batches).
    static QString formatEpochs(double epochs, int decimals);

signals:
    void playClicked();
    void stepClicked();
    void resetClicked(); // new starting weights: the mode moves to the next seed
    void replayClicked(); // the same seed from epoch 0, played again
    void seedChanged(int seed); // the user typed a seed
    void paceChanged(double epochsPerSecond); // the user chose a pace or full speed

protected:
    void changeEvent(QEvent *event) override;

private:
    void applySizes(); // the buttons and the counter, after the font
    double m_basePointSize = 0; // the font's at construction: presentation mode grows from it
    QString m_detailSample; // the longest detail shown after the time per epoch
    QToolButton *m_play, *m_step, *m_reset, *m_replay, *m_full;
    QSpinBox *m_seed;
    bool m_running = false; // what the play button shows
    QIcon m_playIcon, m_pauseIcon;
    QLabel *m_epoch = nullptr, *m_rate = nullptr;
    QComboBox *m_pace;
};

} // namespace ds::app
