#include "plotexport.h"

#include "imagetiles.h"

#include <QBuffer>
#include <QDir>
#include <QImageWriter>
#include <QPaintEngine>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace ds::widgets {
namespace {

// A blown-up image for SVG stays below this many pixels a side (a 4096 px map is 64 MiB).
constexpr int kMaxPixelImageSide = 2048;

QString failure(const QString &path, const QString &reason)
{
    return QString("Could not write %1: %2.").arg(QDir::toNativeSeparators(path), reason);
}

void fail(QString *error, const QString &path, const QString &reason)
{
    if (error)
        *error = failure(path, reason);
}

void paintOn(QPainter &p, const PlotPicture &picture)
{
    const QRectF all(QPointF(0, 0), QSizeF(picture.size));
    if (picture.background.alpha() > 0)
        p.fillRect(all, picture.background);
    if (picture.paint)
        picture.paint(p);
}

} // namespace

PlotPicture widgetPicture(const QWidget *widget, const QString &title, std::function<void(QPainter &)> paint)
{
    PlotPicture picture;
    picture.size = widget->size();
    picture.paint = std::move(paint);
    picture.background = widget->palette().color(QPalette::Window);
    picture.dpi = widget->logicalDpiY();
    picture.title = title;
    return picture;
}

PlotPicture widgetPicture(QWidget *widget, const QString &title)
{
    // Without DrawWindowBackground: the picture's background is filled already.
    return widgetPicture(
        widget, title, [widget](QPainter &p) { widget->render(&p, QPoint(), QRegion(), QWidget::DrawChildren); });
}

QImage renderPicture(const PlotPicture &picture, qreal scale)
{
    const QSize pixels = (QSizeF(picture.size) * scale).toSize();
    if (pixels.isEmpty())
        return {};
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    // Text in points is sized by the image's resolution: the widget's, as on screen.
    const int dotsPerMeter = int(std::lround(picture.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(Qt::transparent);
    QPainter p(&image);
    paintOn(p, picture);
    return image;
}

bool exportPng(const PlotPicture &picture, const QString &path, QString *error)
{
    QImage image = renderPicture(picture);
    if (image.isNull()) {
        fail(error, path, "the picture is empty");
        return false;
    }
    // The file says it has twice the dots per inch, as a 2x screenshot does, so that a slide
    // program places it at the size it had on screen.
    const int dotsPerMeter = int(std::lround(picture.dpi * kExportScale / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    // Encoded in memory, then written whole (as the SVG): a failed write leaves nothing behind.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (!writer.write(image)) {
        fail(error, path, writer.errorString());
        return false;
    }
    return writeWholeFile(path, buffer.data(), error);
}

bool exportSvg(const PlotPicture &picture, const QString &path, QString *error)
{
    if (picture.size.isEmpty()) {
        fail(error, path, "the picture is empty");
        return false;
    }
    // Drawn into memory first: QSvgGenerator writes as it goes and cannot be told to cancel.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(picture.size);
    svg.setViewBox(QRect(QPoint(0, 0), picture.size));
    svg.setResolution(picture.dpi);
    svg.setTitle(picture.title);
    svg.setDescription("Drawn by Deepscope");
    QPainter p;
    if (!p.begin(&svg)) {
        fail(error, path, "the SVG drawing could not start");
        return false;
    }
    paintOn(p, picture);
    p.end();
    return writeWholeFile(path, buffer.data(), error);
}

bool writeWholeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        fail(error, path, file.errorString());
        return false;
    }
    if (file.write(bytes) != bytes.size()) {
        fail(error, path, file.errorString());
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        fail(error, path, file.errorString());
        return false;
    }
    return true;
}

void drawPixelImage(QPainter &p, const QRectF &target, const QImage &image)
{
    if (image.isNull() || target.isEmpty())
        return;
    const QPaintEngine *engine = p.paintEngine();
    if (!engine || engine->type() == QPaintEngine::Raster) {
        p.drawImage(target, image); // nearest-neighbour unless the caller asked for smoothing
        return;
    }
    // At least kExportScale device pixels per logical one, so that a viewer scales it down, if at all.
    const qreal wanted = kExportScale * std::max(target.width() / image.width(), target.height() / image.height());
    const int most = std::max(1, kMaxPixelImageSide / std::max(image.width(), image.height()));
    p.drawImage(target, scaledNearest(image, std::clamp(int(std::ceil(wanted)), 1, most)));
}

} // namespace ds::widgets
