// Playground documents (.deepscope): one file for the whole playground, both modes — the
// Points config, the Images config, the conv-arithmetic setup and the mode that was showing — every
// setting by name, so that
// a file opens the same elsewhere and is readable in a text editor. docs/file-format.md describes
// it. Version 1 files (a Points config alone, .deepscope.json) still open; a newer version says
// so. Saving is atomic and checked (a failed write leaves the old file whole and says why);
// loading checks every field and names the first bad one.
#pragma once

#include "core/convarithsetup.h"
#include "core/imagesconfig.h"
#include "core/playgroundconfig.h"
#include "core/trainedrun.h"
#include "lesson.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace ds::app {

constexpr int kPlaygroundFileVersion = 2;

struct PlaygroundDocument {
    enum Mode { Points = 0, Images = 1, Arithmetic = 2 };
    int mode = Points; // the mode that was showing
    PlaygroundConfig points;
    ImagesConfig images;
    ConvArithSetup arithmetic; // the conv-arithmetic mode's diagram
    // The Points network as trained, when saved with its training (the binary section after the
    // JSON); empty: opening builds fresh weights from the seed.
    std::optional<TrainedRun> pointsRun;
    std::optional<TrainedRun> imagesRun; // the same for the Images mode's CNN
    Lesson lesson; // what the playground teaches, shown beside it; empty for most
    // Controls a teacher hid, by name: "Learning rate" (Points), "Images: Layers" (Images).
    std::vector<std::string> hiddenControls;

    bool operator==(const PlaygroundDocument &) const = default;
};

QJsonObject documentToJson(const PlaygroundDocument &document);
std::optional<PlaygroundDocument> documentFromJson(const QJsonObject &json, QString *error);
bool saveDocument(const QString &path, const PlaygroundDocument &document, QString *error);
std::optional<PlaygroundDocument> loadDocument(const QString &path, QString *error);

// The Points part alone. Fields not in the object keep their defaults; a field of the wrong type
// or out of range is an error. `error` receives the message when the result is empty.
QJsonObject playgroundToJson(const PlaygroundConfig &config);
std::optional<PlaygroundConfig> playgroundFromJson(const QJsonObject &json, QString *error);

// A document whose Points part is `config` (the Images part at its defaults), and back.
bool savePlayground(const QString &path, const PlaygroundConfig &config, QString *error);
std::optional<PlaygroundConfig> loadPlayground(const QString &path, QString *error);

// Writes `bytes` to `path` through a temporary file renamed over it only once every byte is
// written and flushed: a full disk or a vanished folder leaves the old file as it was.
bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error);
// The bytes of a regular file of at most `maxBytes` (a pipe or device is refused: it could block
// or never end); `what` names the kind of file in the message ("a playground").
std::optional<QByteArray> readRegularFile(const QString &path, qint64 maxBytes, const QString &what, QString *error);
// The largest ONNX model the window imports or `deepscope inspect` reads: far above the largest
// network the engine can build.
inline constexpr qint64 kMaxModelBytes = qint64(1) << 30;

} // namespace ds::app
