#include "playgroundfile.h"

#include "core/arithmeticfields.h"
#include "core/imagesconfigjson.h"
#include "core/pointsfields.h"
#include "error.h"
#include "trainedrunfile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace ds::app {
QJsonObject playgroundToJson(const PlaygroundConfig &c)
{
    return fieldsToJson(pointsFields(), c);
}

std::optional<PlaygroundConfig> playgroundFromJson(const QJsonObject &o, QString *error)
{
    PlaygroundConfig c;
    QString why = fieldsFromJson(pointsFields(), o, c);
    if (why.isEmpty())
        why = QString::fromStdString(c.validationError());
    if (!why.isEmpty()) {
        *error = why;
        return std::nullopt;
    }
    return c;
}

namespace {

const char *const kModeNames[] = {"points", "images", "arithmetic"};
// Between the JSON text and the binary section of a trained run: a line no JSON text contains.
const QByteArray kBinaryMarker = "\nDEEPSCOPE-TRAINED-RUN\n";
// A playground's JSON text is small (the longest bundled lesson is 6 kB, a lesson of 10,000 steps
// about 1 MB): a file whose text runs on past this is not one, and is refused before more is read.
constexpr qint64 kMaxTextBytes = qint64(64) << 20;
constexpr qint64 kReadChunk = qint64(1) << 20;

// "00 00 08 03": a file's first bytes, to show what it is when it is not a playground.
QString leadingBytes(const QByteArray &bytes)
{
    QStringList hex;
    for (qsizetype i = 0; i < std::min<qsizetype>(bytes.size(), 4); ++i)
        hex << QString("%1").arg(quint8(bytes[i]), 2, 16, QChar('0'));
    return hex.join(' ');
}

// The file's JSON text, read in chunks up to the binary marker (`binaryAt` receives where the
// binary sections start, or -1 when there are none). A file that does not start like a JSON object,
// or whose text runs past kMaxTextBytes, is refused from what was read so far: a 2 GB file of
// something else costs one chunk, not 2 GB.
std::optional<QByteArray> readPlaygroundText(QFile &file, const QString &path, qint64 *binaryAt, QString *error)
{
    QByteArray text;
    qsizetype marker = -1;
    bool sniffed = false;
    while (marker < 0 && !file.atEnd()) {
        if (text.size() >= kMaxTextBytes) {
            *error = QString("%1 is not a Deepscope playground: its text runs on past %2 MB (a playground's is a few "
                             "MB at most)")
                         .arg(path)
                         .arg(kMaxTextBytes >> 20);
            return std::nullopt;
        }
        const QByteArray chunk = file.read(kReadChunk);
        if (chunk.isEmpty()) {
            *error = QString("error while reading %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        const qsizetype from = std::max<qsizetype>(0, text.size() - kBinaryMarker.size() + 1);
        text += chunk;
        if (!sniffed) {
            QByteArray start = text;
            if (start.startsWith("\xEF\xBB\xBF")) // a UTF-8 byte-order mark, as some editors write
                start.remove(0, 3);
            start = start.trimmed();
            if (!start.isEmpty() && !start.startsWith('{')) {
                *error = QString("%1 is not a Deepscope playground: a playground is a JSON object, starting with "
                                 "'{', and this file starts with %2")
                             .arg(path, leadingBytes(start));
                return std::nullopt;
            }
            sniffed = !start.isEmpty();
        }
        marker = text.indexOf(kBinaryMarker, from);
    }
    *binaryAt = marker < 0 ? -1 : marker + kBinaryMarker.size();
    if (marker >= 0)
        text.truncate(marker);
    return text;
}

// The binary sections' bytes, as many as the JSON says there are (each length checked against the
// file's size before anything is read, so a forged length cannot make us read or allocate more).
QByteArray readBinarySections(QFile &file, qint64 binaryAt, const QJsonObject &runs)
{
    const qint64 available = file.size() - binaryAt;
    qint64 stated = 0;
    for (const char *name : {"points", "images"}) {
        const qint64 size = runs.value(name)["bytes"].toInteger(-1);
        if (size > 0)
            stated += std::min(size, available);
    }
    if (!file.seek(binaryAt))
        return {};
    return file.read(std::min(stated, available));
}

} // namespace

QJsonObject documentToJson(const PlaygroundDocument &d)
{
    QJsonObject o;
    o["format"] = "deepscope-playground";
    o["version"] = kPlaygroundFileVersion;
    o["mode"] = kModeNames[std::clamp(d.mode, 0, 2)];
    o["points"] = playgroundToJson(d.points);
    o["images"] = imagesToJson(d.images);
    o["arithmetic"] = fieldsToJson(arithmeticFields(), d.arithmetic);
    if (!d.lesson.empty())
        o["lesson"] = lessonToJson(d.lesson);
    if (!d.hiddenControls.empty()) {
        QJsonArray hidden;
        for (const std::string &name : d.hiddenControls)
            hidden.append(QString::fromStdString(name));
        o["hiddenControls"] = hidden;
    }
    return o;
}

std::optional<PlaygroundDocument> documentFromJson(const QJsonObject &o, QString *error)
{
    if (o.value("format").toString() != "deepscope-playground") {
        *error = "this is not a Deepscope playground file (no \"format\": \"deepscope-playground\")";
        return std::nullopt;
    }
    // A version that is not a whole number would be read as version 1 and its playground lost
    // (the fields of version 2 sit in objects version 1 does not read).
    const QJsonValue v = o.value("version");
    if (o.contains("version") && (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < 1)) {
        *error = "'version' must be a whole number (1, 2, ...)";
        return std::nullopt;
    }
    const int version = v.isDouble() ? int(std::min(v.toDouble(), 1e6)) : 1;
    if (version > kPlaygroundFileVersion) {
        *error = QString("the file was written by a newer Deepscope (format version %1; this one reads up to %2)")
                     .arg(version)
                     .arg(kPlaygroundFileVersion);
        return std::nullopt;
    }
    PlaygroundDocument d;
    // Version 1 was the Points config alone, at the top level.
    const bool v1 = version < 2;
    for (const char *part : {"points", "images", "arithmetic", "lesson"})
        if (!v1 && o.contains(part) && !o.value(part).isObject()) {
            *error = QString("'%1' must be an object").arg(part);
            return std::nullopt;
        }
    QString why;
    const auto points = playgroundFromJson(v1 ? o : o.value("points").toObject(), &why);
    if (!points) {
        *error = v1 ? why : "'points': " + why;
        return std::nullopt;
    }
    d.points = *points;
    if (!v1) {
        const auto images = imagesFromJson(o.value("images").toObject(), &why);
        if (!images) {
            *error = "'images': " + why;
            return std::nullopt;
        }
        d.images = *images;
        // Files before the arithmetic mode's fields open with its default diagram.
        if (const QString bad = fieldsFromJson(arithmeticFields(), o.value("arithmetic").toObject(), d.arithmetic);
            !bad.isEmpty()) {
            *error = "'arithmetic': " + bad;
            return std::nullopt;
        }
        const QString mode = o.value("mode").toString("points");
        d.mode = -1;
        for (int m = 0; m < 3; ++m)
            if (mode == kModeNames[m])
                d.mode = m;
        if (d.mode < 0) {
            *error = QString("'mode': unknown mode '%1'; known: points, images, arithmetic").arg(mode);
            return std::nullopt;
        }
        // Older versions skip a lesson (they do not know the field) and open the playground.
        const auto lesson = lessonFromJson(o.value("lesson").toObject(), &why);
        if (!lesson) {
            *error = "'lesson': " + why;
            return std::nullopt;
        }
        d.lesson = *lesson;
        // Names this version does not know are kept: a newer one may have more controls.
        if (o.contains("hiddenControls") && !o.value("hiddenControls").isArray()) {
            *error = "'hiddenControls' must be a list of control names";
            return std::nullopt;
        }
        for (const QJsonValue &v : o.value("hiddenControls").toArray()) {
            if (!v.isString()) {
                *error = "'hiddenControls' must be a list of control names";
                return std::nullopt;
            }
            d.hiddenControls.push_back(v.toString().toStdString());
        }
    }
    return d;
}

bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path); // a temporary file beside it, renamed over the old one on commit
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QString("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    // write() may write less than asked (a full disk); flush() reports what the buffer could not
    // write. Either way nothing is committed and the old file stays.
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        *error = QString("cannot save %1: %2 (the previous file is unchanged)").arg(path, file.errorString());
        file.cancelWriting();
        file.commit();
        return false;
    }
    if (!file.commit()) {
        *error = QString("cannot save %1: %2 (the previous file is unchanged)").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool saveDocument(const QString &path, const PlaygroundDocument &document, QString *error)
{
    QJsonObject json = documentToJson(document);
    // Each mode's run in turn, the JSON giving each one's length.
    QByteArray binary;
    QJsonObject runs;
    for (const auto &[name, run] :
        {std::pair {"points", &document.pointsRun}, std::pair {"images", &document.imagesRun}})
        if (*run) {
            QByteArray bytes;
            try {
                bytes = encodeTrainedRun(**run);
            } catch (const std::exception &e) {
                *error = QString("cannot save %1: %2").arg(path, QString::fromStdString(e.what()));
                return false;
            }
            runs[name] = QJsonObject {{"bytes", double(bytes.size())}};
            binary += bytes;
        }
    if (!runs.isEmpty())
        json["trainedRun"] = runs;
    QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);
    if (!binary.isEmpty())
        bytes += kBinaryMarker + binary;
    return writeFileAtomically(path, bytes, error);
}

namespace {

bool openRegularFile(const QString &path, QFile &file, QString *error)
{
    if (QFileInfo(path).exists() && !QFileInfo(path).isFile()) { // a pipe would block forever
        *error = QString("cannot open %1: it is not a regular file (a folder, device or pipe)").arg(path);
        return false;
    }
    file.setFileName(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QString("cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

std::optional<QByteArray> readRegularFile(const QString &path, qint64 maxBytes, const QString &what, QString *error)
{
    QFile file;
    if (!openRegularFile(path, file, error))
        return std::nullopt;
    if (file.size() > maxBytes) {
        *error = QString("%1 is %2 MB, more than %3 can be").arg(path).arg(file.size() >> 20).arg(what);
        return std::nullopt;
    }
    return file.readAll();
}

std::optional<PlaygroundDocument> loadDocument(const QString &path, QString *error)
{
    QFile file;
    if (!openRegularFile(path, file, error))
        return std::nullopt;
    qint64 binaryAt = -1;
    const std::optional<QByteArray> text = readPlaygroundText(file, path, &binaryAt, error);
    if (!text)
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*text, &parseError);
    if (doc.isNull()) {
        *error
            = QString("%1 is not valid JSON: %2 at byte %3").arg(path, parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QString("%1 is JSON but not a Deepscope playground (a list, not an object)").arg(path);
        return std::nullopt;
    }
    QString why;
    auto document = documentFromJson(doc.object(), &why);
    const QJsonObject runs = doc.object().value("trainedRun").toObject();
    if (document && !runs.isEmpty()) {
        const QByteArray binary = binaryAt < 0 ? QByteArray() : readBinarySections(file, binaryAt, runs);
        qint64 at = 0;
        for (const auto &[name, run] :
            {std::pair {"points", &document->pointsRun}, std::pair {"images", &document->imagesRun}}) {
            if (!runs.contains(name))
                continue;
            const qint64 size = runs[name]["bytes"].toInteger(-1);
            if (binaryAt < 0 || size < 0 || size > binary.size() - at) {
                why = "the trained network section is missing or cut short";
                break;
            }
            *run = decodeTrainedRun(binary.mid(at, size), &why);
            if (!*run)
                break;
            at += size;
        }
        if (!why.isEmpty())
            document.reset();
    }
    if (!document)
        *error = QString("%1: %2").arg(path, why);
    return document;
}

bool savePlayground(const QString &path, const PlaygroundConfig &config, QString *error)
{
    PlaygroundDocument d;
    d.points = config;
    return saveDocument(path, d, error);
}

std::optional<PlaygroundConfig> loadPlayground(const QString &path, QString *error)
{
    const auto d = loadDocument(path, error);
    if (!d)
        return std::nullopt;
    return d->points;
}

} // namespace ds::app
