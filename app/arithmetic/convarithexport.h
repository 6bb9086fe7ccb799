// Exports of the conv-arithmetic view for slides: the current frame as PNG or SVG, the whole
// animation as an animated PNG (APNG, written here chunk by chunk from Qt's PNG encoder), or a
// folder of numbered PNG frames. Every one is drawn by ConvArithPainter, as the widget is.
#pragma once

#include "convarithmodel.h"

#include <QByteArray>
#include <QFont>
#include <QImage>
#include <QPalette>
#include <QSize>
#include <QString>

#include <vector>

namespace ds::widgets {

struct ConvArithExportOptions {
    QSize size {1280, 720}; // logical pixels: a 16:9 slide
    qreal scale = 1.0; // device pixels per logical pixel for PNG and frames (2 for a sharp slide)
    bool numbers = true;
    QPalette palette;
    QFont font; // its size is ignored: text is sized from the height, 1/36 of it
    int frameMs = 700; // how long each frame of an animation shows
};

QImage renderConvArithFrame(const ConvArithModel &model, int frame, const ConvArithExportOptions &options);
bool exportConvArithPng(
    const ConvArithModel &model, int frame, const ConvArithExportOptions &options, const QString &path);
bool exportConvArithSvg(
    const ConvArithModel &model, int frame, const ConvArithExportOptions &options, const QString &path);
// Every frame, looping forever. False when the file cannot be written.
bool exportConvArithApng(const ConvArithModel &model, const ConvArithExportOptions &options, const QString &path);
// frame-001.png, frame-002.png, ... in `folder` (created if missing). The number of files written,
// or -1 on failure.
int exportConvArithFrames(const ConvArithModel &model, const ConvArithExportOptions &options, const QString &folder);

// The APNG container around frames of one size (an animated PNG whose first frame is also what a
// viewer without APNG support shows). Empty when the frames differ in size or cannot be encoded.
QByteArray encodeApng(const std::vector<QImage> &frames, int frameMs);

// The most frames an animation export draws; a large map's animation stops there.
constexpr int kMaxExportFrames = 400;

} // namespace ds::widgets
