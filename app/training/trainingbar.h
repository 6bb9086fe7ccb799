// TrainingBar: the left end of both modes' training bars — reset, play/pause and step buttons,
// the epoch counter, the time per epoch, and the pace: a speed a class can follow, or full speed
// one click away (the fast-forward button). The mode puts its own settings after it.
#pragma once

#include <QString>
#include <QWidget>

#include <utility>
#include <vector>

class QComboBox;
class QLabel;
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
    // 0: full speed; else epochs per second, shown exactly even when it is not on the list.
    void showPace(double epochsPerSecond);
    double pace() const;

    QToolButton *playButton() const { return m_play; }
    QToolButton *stepButton() const { return m_step; }
    QToolButton *resetButton() const { return m_reset; }
    QToolButton *fullSpeedButton() const { return m_full; }
    QComboBox *paceBox() const { return m_pace; }

    // "12.5 ms/epoch", "3.9 s/epoch", "–" for none.
    static QString formatSecondsPerEpoch(double seconds);

signals:
    void playClicked();
    void stepClicked();
    void resetClicked();
    void paceChanged(double epochsPerSecond); // the user chose a pace or full speed

private:
    QToolButton *m_play, *m_step, *m_reset, *m_full;
    QLabel *m_epoch, *m_rate;
    QComboBox *m_pace;
};

} // namespace ds::app
