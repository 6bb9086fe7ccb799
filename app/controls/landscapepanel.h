// LandscapePanel: the loss landscape (Li et al. 2018) in both modes (the Points mode's Inside
// view, the Images mode's Landscape tab) — which directions (random, scaled filter by filter, or
// the training path's principal plane), how fine a grid and how far out, linear or log loss,
// Compute, and a recompute every N epochs while training; a contour map (LandscapeMap) or a 3-D
// surface (SurfacePlot) with the path the optimizer took, and a line saying what is shown. The
// mode's worker computes it between two chunks of training (computeLandscape, and on its own
// every N epochs); this panel only asks and paints.
#pragma once

#include "core/landscaperesult.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QDialog;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace ds::widgets {
class LandscapeLine;
class LandscapeMap;
class SurfacePlot;
}

namespace ds::app {

class LandscapePanel : public QWidget {
    Q_OBJECT
public:
    explicit LandscapePanel(QWidget *parent = nullptr);

    LandscapeRequest request() const; // what the controls say
    void showResult(std::shared_ptr<const LandscapeResult> result);
    void showFailure(const QString &why);
    widgets::LandscapeMap *map() const { return m_views.map; }
    widgets::SurfacePlot *surface() const { return m_views.surface; }
    widgets::LandscapeLine *line() const { return m_views.line; }
    void setSurfaceShown(bool on); // the 3-D surface instead of the map (the View choice)
    // The recompute choices offered, in epochs (a fast Points network: hundreds; a CNN: one or a
    // few); "off" is always there and chosen at first.
    void setRecomputeChoices(const QList<int> &epochs);
    int recomputeEvery() const;
    QPushButton *computeButton() const { return m_compute; }
    QString caption() const;
    // The last result shown (null before the first) and why the last request failed ("" when it did not).
    std::shared_ptr<const LandscapeResult> result() const { return m_last; }
    QString failure() const { return m_failure; }

    void showLarge(); // the map in a window of its own (Enlarge)

signals:
    void requested(const ds::app::LandscapeRequest &request);
    // The recompute while training is set (every 0 epochs: off), whenever a control changes.
    void recomputeChanged(const ds::app::LandscapeRequest &request, int everyEpochs);
    void answered(); // a result or a failure is shown (the command line waits on it)

private:
    // The three ways to show a result, one shown at a time: the map, the 3-D surface, the line.
    // The panel has a set, and its large window another.
    struct Views {
        QStackedWidget *stack = nullptr;
        widgets::LandscapeMap *map = nullptr;
        widgets::SurfacePlot *surface = nullptr;
        widgets::LandscapeLine *line = nullptr;
    };
    static Views makeViews(QWidget *parent);
    void paint(const Views &views) const; // the last result (or none) at the log choice, on its page
    void paintAll(); // in the panel and, when open, the large window
    void showLine(const LandscapeResult &result);
    void emitRecompute();
    QComboBox *m_directions, *m_grid, *m_range, *m_view, *m_every;
    QCheckBox *m_log;
    QPushButton *m_compute;
    QLabel *m_caption;
    Views m_views;
    std::shared_ptr<const LandscapeResult> m_last;
    QString m_failure;
    QDialog *m_large = nullptr;
    Views m_largeViews; // its widgets exist once the large window does
    QLabel *m_largeCaption = nullptr;
};

} // namespace ds::app
