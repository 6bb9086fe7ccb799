// LandscapePanel: the loss landscape (Li et al. 2018) in both modes (the Points mode's Inside
// view, the Images mode's Landscape tab) — which directions (random, scaled filter by filter, or
// the training path's principal plane), how fine a grid and how far out, linear or log loss, and
// Compute; the map (LandscapeMap) with the path the optimizer took, and a line saying what is
// shown. The mode's worker computes it between two chunks of training (computeLandscape); this
// panel only asks and paints.
#pragma once

#include "core/landscaperesult.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QDialog;
class QComboBox;
class QLabel;
class QPushButton;

namespace ds::widgets {
class LandscapeMap;
}

namespace ds::app {

class LandscapePanel : public QWidget {
    Q_OBJECT
public:
    explicit LandscapePanel(QWidget *parent = nullptr);

    LandscapeRequest request() const; // what the controls say
    void showResult(std::shared_ptr<const LandscapeResult> result);
    void showFailure(const QString &why);
    widgets::LandscapeMap *map() const { return m_map; }
    QPushButton *computeButton() const { return m_compute; }
    QString caption() const;
    // The last result shown (null before the first) and why the last request failed ("" when it did not).
    std::shared_ptr<const LandscapeResult> result() const { return m_last; }
    QString failure() const { return m_failure; }

    void showLarge(); // the map in a window of its own (Enlarge)

signals:
    void requested(const ds::app::LandscapeRequest &request);
    void answered(); // a result or a failure is shown (the command line waits on it)

private:
    void paintLarge(); // the large window, when open, shows the last result
    QComboBox *m_directions, *m_grid, *m_range;
    QCheckBox *m_log;
    QPushButton *m_compute;
    QLabel *m_caption;
    widgets::LandscapeMap *m_map;
    std::shared_ptr<const LandscapeResult> m_last;
    QString m_failure;
    QDialog *m_large = nullptr;
    widgets::LandscapeMap *m_largeMap = nullptr;
    QLabel *m_largeCaption = nullptr;
};

} // namespace ds::app
