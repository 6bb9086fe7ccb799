#include "trainedrunfile.h"

#include "error.h"

#include <QDataStream>
#include <QIODevice>

namespace ds::app {
namespace {

constexpr quint32 kMagic = 0x44535255; // "DSRU"
constexpr quint32 kVersion = 3; // 2: the chart curves after the arrays; 3: the race's lanes after them
constexpr quint32 kMaxCurves = 64;
constexpr quint32 kMaxLanes = 16; // more than there are optimizers
constexpr quint32 kMaxCount = 1u << 28; // no section holds more values than this (1 GiB of floats)

// What readVector would refuse is never written: the file must open again.
template <typename T> void writeVector(QDataStream &out, const std::vector<T> &v)
{
    if (v.size() > kMaxCount)
        throw Error("a trained run of " + std::to_string(v.size())
            + " values in one array is more than a playground file holds (" + std::to_string(kMaxCount) + ")");
    out << quint32(v.size());
    out.writeRawData(reinterpret_cast<const char *>(v.data()), int(v.size() * sizeof(T)));
}

template <typename T> bool readVector(QDataStream &in, std::vector<T> &v)
{
    quint32 n = 0;
    in >> n;
    const qint64 bytes = qint64(n) * qint64(sizeof(T));
    // A count the section cannot hold is damage: refuse it before allocating for it.
    if (in.status() != QDataStream::Ok || n > kMaxCount || bytes > in.device()->bytesAvailable())
        return false;
    v.resize(n);
    return in.readRawData(reinterpret_cast<char *>(v.data()), int(bytes)) == bytes;
}

// A trainer's state: the shuffle's generator, the counters, then its arrays (the weights sit
// between the counters and the arrays in the main run's layout, for version 1 files).
void writeCounters(QDataStream &out, const TrainerState &s)
{
    for (std::uint64_t w : s.rng)
        out << quint64(w);
    out << qint32(s.cursor) << qint64(s.updates) << qint64(s.optimizerStep) << qint64(s.epoch);
}

void readCounters(QDataStream &in, TrainerState &s)
{
    for (std::uint64_t &w : s.rng) {
        quint64 v = 0;
        in >> v;
        w = v;
    }
    qint32 cursor = 0;
    qint64 updates = 0, step = 0, epoch = 0;
    in >> cursor >> updates >> step >> epoch;
    s.cursor = cursor;
    s.updates = updates;
    s.optimizerStep = step;
    s.epoch = epoch;
}

void writeArrays(QDataStream &out, const TrainerState &s)
{
    writeVector(out, s.order);
    writeVector(out, s.moments1);
    writeVector(out, s.moments2);
    writeVector(out, s.inputs);
    writeVector(out, s.layerCounters);
}

bool readArrays(QDataStream &in, TrainerState &s)
{
    return readVector(in, s.order) && readVector(in, s.moments1) && readVector(in, s.moments2)
        && readVector(in, s.inputs) && readVector(in, s.layerCounters);
}

} // namespace

// The raw arrays are written in the machine's byte order, which is little-endian on every
// machine Deepscope builds for (x86-64, arm64); the header says so, and a big-endian reader
// would refuse the magic number.
QByteArray encodeTrainedRun(const TrainedRun &run)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << kMagic << kVersion;
    writeCounters(out, run.trainer);
    for (std::uint64_t w : run.augmentRng)
        out << quint64(w);
    out << qint64(run.augmentedEpoch);
    writeVector(out, run.weights);
    writeArrays(out, run.trainer);
    if (run.curves.size() > kMaxCurves)
        throw Error("a trained run with " + std::to_string(run.curves.size()) + " chart curves (at most "
            + std::to_string(kMaxCurves) + ")");
    out << quint32(run.curves.size());
    for (const CurveSeries &c : run.curves) {
        out << qint32(c.stride);
        writeVector(out, c.xy);
    }
    if (run.lanes.size() > kMaxLanes)
        throw Error("a trained run with " + std::to_string(run.lanes.size()) + " race lanes (at most "
            + std::to_string(kMaxLanes) + ")");
    out << quint32(run.lanes.size());
    for (const RaceLaneRun &lane : run.lanes) {
        writeCounters(out, lane.trainer);
        writeVector(out, lane.weights);
        writeArrays(out, lane.trainer);
        out << quint8(lane.diverged ? 1 : 0);
    }
    return bytes;
}

std::optional<TrainedRun> decodeTrainedRun(const QByteArray &bytes, QString *error)
{
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    quint32 magic = 0, version = 0;
    in >> magic >> version;
    if (magic != kMagic) {
        *error = "the trained network section is not one Deepscope wrote";
        return std::nullopt;
    }
    if (version > kVersion) {
        *error = QString("the trained network was saved by a newer Deepscope (section version %1)").arg(version);
        return std::nullopt;
    }
    TrainedRun run;
    readCounters(in, run.trainer);
    for (std::uint64_t &w : run.augmentRng) {
        quint64 v = 0;
        in >> v;
        w = v;
    }
    qint64 augmentedEpoch = -1;
    in >> augmentedEpoch;
    run.augmentedEpoch = augmentedEpoch;
    const bool ok = readVector(in, run.weights) && readArrays(in, run.trainer);
    bool curvesOk = true;
    if (ok && version >= 2) {
        quint32 count = 0;
        in >> count;
        curvesOk = count <= kMaxCurves;
        for (quint32 i = 0; curvesOk && i < count; ++i) {
            CurveSeries c;
            qint32 stride = 1;
            in >> stride;
            c.stride = stride;
            curvesOk = stride >= 1 && readVector(in, c.xy) && c.xy.size() % 2 == 0;
            run.curves.push_back(std::move(c));
        }
    }
    bool lanesOk = true;
    if (ok && curvesOk && version >= 3) {
        quint32 count = 0;
        in >> count;
        lanesOk = count <= kMaxLanes;
        for (quint32 i = 0; lanesOk && i < count; ++i) {
            RaceLaneRun lane;
            readCounters(in, lane.trainer);
            quint8 diverged = 0;
            lanesOk = readVector(in, lane.weights) && readArrays(in, lane.trainer);
            in >> diverged;
            lane.diverged = diverged != 0;
            run.lanes.push_back(std::move(lane));
        }
    }
    if (!ok || !curvesOk || !lanesOk || in.status() != QDataStream::Ok) {
        *error = "the trained network section is cut short or damaged";
        return std::nullopt;
    }
    return run;
}

} // namespace ds::app
