// FeatureMaps: what every layer of a CNN makes of one input image. The input (and the map the
// user picked, enlarged with its value range) at the top, then one titled row per layer: its
// maps as small tiles that wrap to the width, normalized per layer, or for a dense layer a strip
// of cells. It scrolls when the network is deep. Clicking a map picks it (mapClicked); the context
// menu exports the whole of it, scrolled out of sight or not.
#pragma once

#include "imagetiles.h"
#include "plotexport.h"

#include <QImage>
#include <QList>
#include <QScrollArea>
#include <QString>

#include <vector>

namespace ds::widgets {

// One layer's activations for the chosen image: values laid out (channels, height, width).
// A vector (a dense layer's N outputs) is channels = N, height = width = 1.
struct FeatureMapLayer {
    QString title; // "conv 5x5, 8 filters → 8×28×28"
    int channels = 0, height = 0, width = 0;
    std::vector<float> values;

    bool isVector() const { return height == 1 && width == 1; }
    bool isValid() const
    {
        return channels > 0 && height > 0 && width > 0
            && values.size() == std::size_t(channels) * std::size_t(height) * std::size_t(width);
    }
};

class FeatureMapsCanvas;

class FeatureMaps : public QScrollArea {
    Q_OBJECT
public:
    explicit FeatureMaps(QWidget *parent = nullptr);

    // The image whose activations are shown. Floats are (channels, height, width), min-max
    // normalized for display (3 channels in colour, otherwise grey).
    void setInput(const QImage &image);
    void setInput(const std::vector<float> &values, int channels, int height, int width);
    // Cheap enough for every snapshot: the layout changes only when the layers' shapes or titles do.
    // Layers that are not isValid() show their title and "no data".
    void setLayers(const QList<FeatureMapLayer> &layers);
    void clear();
    void setColorScale(SequentialScale scale);

    int layerCount() const;
    // The enlarged map: {layer, channel}, or {-1, -1} for none. Kept while shapes stay the same.
    void selectMap(int layer, int channel);
    QPair<int, int> selectedMap() const;

    // Geometry in canvas() coordinates (the scrolled widget), for tests: a map's tile or a
    // vector's cell (empty when out of range), and what lies under a point ({-1, -1} for nothing).
    QWidget *canvas() const;
    QRect mapRect(int layer, int channel) const;
    QPair<int, int> mapAt(QPoint canvasPos) const;
    // Everything the canvas shows, for export (the context menu's "Export as PNG…" and "…SVG…").
    PlotPicture picture();

    QSize sizeHint() const override;

signals:
    void mapClicked(int layer, int channel);

private:
    FeatureMapsCanvas *m_canvas;
};

} // namespace ds::widgets
