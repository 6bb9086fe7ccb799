// Plot exports for slides: a picture (a paint function and its size) written as a PNG at twice
// the screen's pixels or as an SVG, and any bytes (a CSV) written whole or not at all. Every write
// goes through QSaveFile, so a failed one leaves no partial file behind. The menu actions that ask
// for the file are in plotexportmenu.h.
#pragma once

#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QSize>
#include <QString>

#include <functional>

class QPainter;
class QRectF;
class QWidget;

namespace ds::widgets {

// Device pixels per logical pixel of an exported PNG: sharp on a projector or a high-DPI screen.
constexpr qreal kExportScale = 2.0;

struct PlotPicture {
    QSize size; // logical pixels; paint draws into (0, 0) .. size
    std::function<void(QPainter &)> paint;
    QColor background = Qt::white; // filled first; widgetPicture's is the window colour the widget paints on
    // The dots per inch the painting measured its text at (the widget's), so that point-sized text
    // keeps its size, and fits the layout made for it, in the PNG and the SVG.
    int dpi = 96;
    QString title; // the SVG's <title>
};

// A picture drawn by `paint`, with the size, window colour and text resolution of `widget`.
PlotPicture widgetPicture(const QWidget *widget, const QString &title, std::function<void(QPainter &)> paint);
// The widget (and its children) as it paints itself on screen, through QWidget::render.
PlotPicture widgetPicture(QWidget *widget, const QString &title);

// The picture on an image of `scale` device pixels per logical one; null when it is empty.
QImage renderPicture(const PlotPicture &picture, qreal scale = kExportScale);

// False, with the reason in *error (when given), when the file cannot be written; then nothing is
// left at `path`.
bool exportPng(const PlotPicture &picture, const QString &path, QString *error = nullptr);
bool exportSvg(const PlotPicture &picture, const QString &path, QString *error = nullptr);
bool writeWholeFile(const QString &path, const QByteArray &bytes, QString *error = nullptr);

// Draws a small image (a filter, a feature map) with square pixels. The raster engine scales it
// nearest-neighbour by itself; an SVG viewer may smooth it into a blur, so there it goes in
// already blown up.
void drawPixelImage(QPainter &p, const QRectF &target, const QImage &image);

} // namespace ds::widgets
