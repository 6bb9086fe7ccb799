// SurfacePlot: a surface y = f(x, z) over a regular grid in 3-D, turned with the mouse (drag with
// the right button, wheel to zoom), coloured by height (viridis, dark = low), with small spheres
// marking points on or above it (a training path, data points). Qt Data Visualization draws it;
// this header names none of its types, so that moving to another 3-D module is this widget's .cpp
// alone. Where the platform offers no OpenGL (a remote desktop without it, the offscreen platform)
// the widget says so in words instead, and everything else works without it.
#pragma once

#include "plotexport.h"

#include <QColor>
#include <QString>
#include <QVector3D>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;

namespace ds::widgets {

struct SurfaceGrid {
    int columns = 0, rows = 0; // along x, along z
    double x0 = 0, x1 = 1, z0 = 0, z1 = 1; // the grid's corners
    std::vector<float> heights; // rows × columns, row r at z0 + r (z1 - z0) / (rows - 1); NaN: no value
    QString xTitle, yTitle, zTitle; // y is the height
    // Viridis from the lowest to the highest (a loss); Diverging: the app's orange–grey–blue
    // around zero, over a height range symmetric about it and at least ±1 (an output, as the map
    // colours it).
    enum class Colours { Viridis, Diverging };
    Colours colours = Colours::Viridis;
    bool operator==(const SurfaceGrid &) const = default;
};

struct SurfaceMarker {
    QVector3D position; // in the grid's units: (x, height, z)
    QColor colour;
    float size = 1.0f; // 1: a small dot; 2: twice as wide
    bool operator==(const SurfaceMarker &) const = default;
};

class SurfacePlot : public QWidget {
    Q_OBJECT
public:
    explicit SurfacePlot(QWidget *parent = nullptr);
    ~SurfacePlot() override;

    // Whether this platform can draw in 3-D (an OpenGL context can be made); asked once.
    static bool openGLAvailable();

    // A grid with fewer than 2 points a side, or a height count that does not match, clears it.
    void setSurface(const SurfaceGrid &grid);
    void setMarkers(const std::vector<SurfaceMarker> &markers);
    void clear();
    const SurfaceGrid &surface() const { return m_grid; }
    const std::vector<SurfaceMarker> &markers() const { return m_markers; }
    bool isEmpty() const { return m_grid.heights.empty(); }
    // What the widget says instead of a plot (no OpenGL, nothing computed yet); "" while it draws one.
    QString message() const;
    void setPlaceholderText(const QString &text);

    // The plot as it is drawn now (null without OpenGL or before the first surface), for exports.
    QImage renderImage(QSize size = {});
    PlotPicture picture();

    QSize sizeHint() const override { return {320, 280}; }
    QSize minimumSizeHint() const override { return {160, 140}; }

private:
    void showWhatItHas(); // the plot, or the placeholder, or why there is none

    struct Graph; // the 3-D module's objects, only where OpenGL is there
    std::unique_ptr<Graph> m_graph;
    QLabel *m_message = nullptr;
    QWidget *m_view = nullptr; // the window container of the 3-D graph
    SurfaceGrid m_grid;
    std::vector<SurfaceMarker> m_markers;
    QString m_placeholder;
};

} // namespace ds::widgets
