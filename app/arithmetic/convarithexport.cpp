#include "convarithexport.h"

#include "convarithpainter.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImageWriter>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <array>
#include <cstdint>

namespace ds::widgets {
namespace {

ConvArithOptions painterOptions(const ConvArithExportOptions &e)
{
    ConvArithOptions o;
    o.numbers = e.numbers;
    o.palette = e.palette;
    o.font = e.font;
    o.font.setPixelSize(std::max(10, e.size.height() / 36));
    return o;
}

// PNG's CRC-32 (ISO 3309), over a chunk's type and data.
std::uint32_t crc32(const QByteArray &bytes)
{
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t {};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xffffffffu;
    for (char b : bytes)
        c = table[(c ^ std::uint8_t(b)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

void put32(QByteArray &out, std::uint32_t v)
{
    out.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v));
}

void put16(QByteArray &out, std::uint16_t v)
{
    out.append(char(v >> 8)).append(char(v));
}

std::uint32_t get32(const QByteArray &in, qsizetype at)
{
    return std::uint32_t(std::uint8_t(in[at])) << 24 | std::uint32_t(std::uint8_t(in[at + 1])) << 16
        | std::uint32_t(std::uint8_t(in[at + 2])) << 8 | std::uint32_t(std::uint8_t(in[at + 3]));
}

void putChunk(QByteArray &out, const char *type, const QByteArray &data)
{
    const QByteArray typed = QByteArray(type, 4) + data;
    put32(out, std::uint32_t(data.size()));
    out.append(typed);
    put32(out, crc32(typed));
}

// A PNG's header and its image data (all IDAT chunks joined); false when it is not a PNG.
bool splitPng(const QByteArray &png, QByteArray &header, QByteArray &data)
{
    static const QByteArray signature("\x89PNG\r\n\x1a\n", 8);
    if (!png.startsWith(signature))
        return false;
    for (qsizetype at = 8; at + 12 <= png.size();) {
        const qsizetype length = qsizetype(get32(png, at));
        const QByteArray type = png.mid(at + 4, 4);
        if (at + 12 + length > png.size())
            return false;
        if (type == "IHDR")
            header = png.mid(at + 8, length);
        else if (type == "IDAT")
            data += png.mid(at + 8, length);
        at += 12 + length;
    }
    return header.size() == 13 && !data.isEmpty();
}

QByteArray pngBytes(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    return writer.write(image) ? bytes : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    return !bytes.isEmpty() && file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

int framesToExport(const ConvArithModel &model)
{
    return std::min(std::max(model.frameCount(), 1), kMaxExportFrames);
}

} // namespace

QImage renderConvArithFrame(const ConvArithModel &model, int frame, const ConvArithExportOptions &options)
{
    const qreal scale = std::clamp(options.scale, 0.25, 4.0);
    QImage image((QSizeF(options.size) * scale).toSize(), QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    image.fill(ConvArithColors::forPalette(options.palette).background);
    QPainter p(&image);
    ConvArithPainter(model, painterOptions(options), QRectF(QPointF(0, 0), QSizeF(options.size))).paint(p, frame);
    return image;
}

bool exportConvArithPng(
    const ConvArithModel &model, int frame, const ConvArithExportOptions &options, const QString &path)
{
    return writeFile(path, pngBytes(renderConvArithFrame(model, frame, options)));
}

bool exportConvArithSvg(
    const ConvArithModel &model, int frame, const ConvArithExportOptions &options, const QString &path)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(options.size);
    svg.setViewBox(QRect(QPoint(0, 0), options.size));
    svg.setTitle("Convolution arithmetic");
    svg.setDescription(describeSetup(model).title);
    {
        QPainter p(&svg);
        ConvArithPainter(model, painterOptions(options), QRectF(QPointF(0, 0), QSizeF(options.size))).paint(p, frame);
    }
    return writeFile(path, buffer.data());
}

QByteArray encodeApng(const std::vector<QImage> &frames, int frameMs)
{
    if (frames.empty())
        return {};
    QByteArray header;
    std::vector<QByteArray> data;
    for (const QImage &frame : frames) {
        // One pixel format for all, so that every frame's data matches the one header.
        QByteArray h, d;
        if (!splitPng(pngBytes(frame.convertToFormat(QImage::Format_RGB32)), h, d))
            return {};
        if (header.isEmpty())
            header = h;
        else if (h != header)
            return {};
        data.push_back(d);
    }
    QByteArray out("\x89PNG\r\n\x1a\n", 8);
    putChunk(out, "IHDR", header);
    QByteArray actl;
    put32(actl, std::uint32_t(frames.size()));
    put32(actl, 0); // loop forever
    putChunk(out, "acTL", actl);
    std::uint32_t sequence = 0;
    const auto delay = std::uint16_t(std::clamp(frameMs, 1, 65535));
    for (std::size_t i = 0; i < data.size(); ++i) {
        QByteArray fctl;
        put32(fctl, sequence++);
        fctl.append(header.left(8)); // width and height, as in IHDR
        put32(fctl, 0); // x offset
        put32(fctl, 0); // y offset
        put16(fctl, delay);
        put16(fctl, 1000);
        fctl.append(char(0)).append(char(0)); // dispose: none; blend: source
        putChunk(out, "fcTL", fctl);
        if (i == 0) { // the first frame is the default image, in IDAT
            putChunk(out, "IDAT", data[i]);
            continue;
        }
        QByteArray fdat;
        put32(fdat, sequence++);
        putChunk(out, "fdAT", fdat + data[i]);
    }
    putChunk(out, "IEND", {});
    return out;
}

bool exportConvArithApng(const ConvArithModel &model, const ConvArithExportOptions &options, const QString &path)
{
    std::vector<QImage> frames;
    for (int f = 0; f < framesToExport(model); ++f)
        frames.push_back(renderConvArithFrame(model, f, options));
    return writeFile(path, encodeApng(frames, options.frameMs));
}

int exportConvArithFrames(const ConvArithModel &model, const ConvArithExportOptions &options, const QString &folder)
{
    if (!QDir().mkpath(folder))
        return -1;
    const QDir dir(folder);
    const int count = framesToExport(model);
    for (int f = 0; f < count; ++f) {
        const QString name = QString("frame-%1.png").arg(f + 1, 3, 10, QChar('0'));
        if (!exportConvArithPng(model, f, options, dir.filePath(name)))
            return -1;
    }
    return count;
}

} // namespace ds::widgets
