// ControlBar: the Points mode's bar across the top — the shared TrainingBar (play/pause, step,
// reset, the epoch counter, the pace), then the training hyperparameters (learning rate,
// activation, regularization and its rate, optimizer, schedule, initialization, connections,
// backend, stop rule). It shows a PlaygroundConfig and writes the user's choices back into one; it holds no
// training state.
#pragma once

#include "core/playgroundconfig.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class QToolButton;

namespace ds::app {
class TrainingBar;
}

namespace ds::app {

struct Snapshot;

class ControlBar : public QWidget {
    Q_OBJECT
public:
    explicit ControlBar(QWidget *parent = nullptr);

    void showConfig(const PlaygroundConfig &config);
    void applyTo(PlaygroundConfig &config) const;
    void showProgress(const Snapshot &snapshot);
    void setRunning(bool running);
    // The hyperparameters in rows of `columns` (5 by default): fewer make the bar narrower, for a
    // small screen or large text.
    void setColumns(int columns);

    QToolButton *playButton() const;
    TrainingBar *trainingBar() const { return m_training; }
    QComboBox *learningRateBox() const { return m_learningRate; }
    QComboBox *activationBox() const { return m_activation; }

signals:
    void playClicked();
    void stepClicked();
    void resetClicked();
    void replayClicked();
    void changed(); // a hyperparameter was edited

private:
    // A captioned combo box in the next cell; `key` names it as a classroom control (captioned.h).
    QComboBox *addCombo(const QString &key, const QString &caption, const QString &tip);

    QGridLayout *m_grid;
    std::vector<QWidget *> m_cells; // the captioned boxes, in order
    int m_columns = 5;
    TrainingBar *m_training;
    QComboBox *m_learningRate, *m_activation, *m_regularization, *m_regularizationRate, *m_optimizer, *m_schedule,
        *m_init, *m_connections, *m_backend, *m_stopRule;
    bool m_showing = false; // showConfig is filling the boxes: no changed() then
};

} // namespace ds::app
