#include "playgroundfile.h"

#include "error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace ds::app {
namespace {

QJsonArray pointsToJson(const std::vector<data::Point2> &points)
{
    QJsonArray a;
    for (const auto &p : points)
        a.append(QJsonArray {p.x, p.y, p.value});
    return a;
}

// Reads fields with their checks; the first problem is kept and later reads are skipped.
class Reader {
public:
    explicit Reader(const QJsonObject &o) : m_o(o) { }
    QString error;

    double number(const char *key, double fallback, double lo, double hi)
    {
        if (!error.isEmpty() || !m_o.contains(key))
            return fallback;
        const QJsonValue v = m_o.value(key);
        if (!v.isDouble() || v.toDouble() < lo || v.toDouble() > hi) {
            error = QString("'%1' must be a number from %2 to %3").arg(key).arg(lo).arg(hi);
            return fallback;
        }
        return v.toDouble();
    }
    bool boolean(const char *key, bool fallback)
    {
        if (!error.isEmpty() || !m_o.contains(key))
            return fallback;
        if (!m_o.value(key).isBool()) {
            error = QString("'%1' must be true or false").arg(key);
            return fallback;
        }
        return m_o.value(key).toBool();
    }
    // A name parsed by `parse`, which throws ds::Error for an unknown one.
    template <typename Parse>
    auto name(const char *key, decltype(std::declval<Parse>()(std::string())) fallback, Parse parse)
    {
        if (!error.isEmpty() || !m_o.contains(key))
            return fallback;
        if (!m_o.value(key).isString()) {
            error = QString("'%1' must be a name in quotes").arg(key);
            return fallback;
        }
        try {
            return parse(m_o.value(key).toString().toStdString());
        } catch (const Error &e) {
            error = QString("'%1': %2").arg(key, e.what());
            return fallback;
        }
    }
    QJsonArray array(const char *key)
    {
        if (!error.isEmpty() || !m_o.contains(key))
            return {};
        if (!m_o.value(key).isArray())
            error = QString("'%1' must be a list").arg(key);
        return m_o.value(key).toArray();
    }

private:
    const QJsonObject &m_o;
};

} // namespace

QJsonObject playgroundToJson(const PlaygroundConfig &c)
{
    QJsonObject o;
    o["format"] = "deepscope-playground";
    o["version"] = kPlaygroundFileVersion;
    o["drawnOnly"] = c.drawnOnly;
    o["dataset"] = QString::fromStdString(data::generatorName(c.dataset));
    o["numPoints"] = c.numPoints;
    o["noise"] = c.noisePercent;
    o["trainPercent"] = c.trainPercent;
    o["dataSeed"] = double(c.dataSeed);
    o["drawnPoints"] = pointsToJson(c.drawnPoints);
    o["drawnClasses"] = c.drawnClasses;
    QJsonArray features;
    for (int f = 0; f < data::kFeatureCount; ++f)
        if (c.features & (1u << f))
            features.append(QString::fromStdString(data::featureName(data::Feature(1u << f))));
    o["features"] = features;
    QJsonArray hidden, activations;
    for (int n : c.hiddenLayers)
        hidden.append(n);
    for (ActivationKind a : c.layerActivations)
        activations.append(QString::fromStdString(nameOf(a)));
    o["hiddenLayers"] = hidden;
    o["activation"] = QString::fromStdString(nameOf(c.activation));
    o["layerActivations"] = activations;
    o["learningRate"] = double(c.learningRate);
    o["optimizer"] = QString::fromStdString(nameOf(c.optimizer));
    o["regularization"] = QString::fromStdString(regularizationName(c.regularization));
    o["regularizationRate"] = double(c.regularizationRate);
    o["schedule"] = QString::fromStdString(nameOf(c.schedule.kind));
    o["scheduleStepEpochs"] = c.schedule.stepEpochs;
    o["scheduleGamma"] = c.schedule.gamma;
    o["scheduleCosineEpochs"] = c.schedule.cosineEpochs;
    o["scheduleMinLearningRate"] = c.schedule.minLearningRate;
    o["batchSize"] = c.batchSize;
    o["seed"] = double(c.seed);
    o["backend"] = QString::fromStdString(c.backend);
    o["stopAfterEpochs"] = double(c.stopAfterEpochs);
    o["patienceEpochs"] = c.patienceEpochs;
    o["epochsPerSecond"] = c.epochsPerSecond;
    o["showTestData"] = c.showTestData;
    o["discretizeOutput"] = c.discretizeOutput;
    return o;
}

std::optional<PlaygroundConfig> playgroundFromJson(const QJsonObject &o, QString *error)
{
    PlaygroundConfig c;
    if (o.value("format").toString() != "deepscope-playground") {
        *error = "this is not a Deepscope playground file (no \"format\": \"deepscope-playground\")";
        return std::nullopt;
    }
    if (o.value("version").toInt(-1) > kPlaygroundFileVersion) {
        *error
            = QString("the file was written by a newer Deepscope (format version %1)").arg(o.value("version").toInt());
        return std::nullopt;
    }
    Reader r(o);
    c.drawnOnly = r.boolean("drawnOnly", c.drawnOnly);
    c.dataset = r.name("dataset", c.dataset, data::generatorFromName);
    c.numPoints = int(r.number("numPoints", c.numPoints, 10, 100000));
    c.noisePercent = int(r.number("noise", c.noisePercent, 0, 50));
    c.trainPercent = int(r.number("trainPercent", c.trainPercent, 10, 90));
    c.dataSeed = std::uint64_t(r.number("dataSeed", double(c.dataSeed), 0, 9007199254740992.0));
    c.drawnClasses = int(r.number("drawnClasses", c.drawnClasses, 0, 16));
    for (const QJsonValue &v : r.array("drawnPoints")) {
        const QJsonArray p = v.toArray();
        if (p.size() != 3 || !p[0].isDouble() || !p[1].isDouble() || !p[2].isDouble()) {
            r.error = "'drawnPoints' must be a list of [x, y, value] numbers";
            break;
        }
        c.drawnPoints.push_back({float(p[0].toDouble()), float(p[1].toDouble()), float(p[2].toDouble())});
    }
    if (o.contains("features")) {
        c.features = 0;
        for (const QJsonValue &v : r.array("features")) {
            bool known = false;
            for (int f = 0; f < data::kFeatureCount; ++f)
                if (v.toString().toStdString() == data::featureName(data::Feature(1u << f))) {
                    c.features |= 1u << f;
                    known = true;
                }
            if (!known && r.error.isEmpty())
                r.error = QString("'features': unknown feature '%1'").arg(v.toString());
        }
    }
    if (o.contains("hiddenLayers")) {
        c.hiddenLayers.clear();
        for (const QJsonValue &v : r.array("hiddenLayers")) {
            if (!v.isDouble() || v.toInt() < 1 || v.toInt() > ModelSpec::kMaxUnits) {
                r.error = "'hiddenLayers' must list neuron counts from 1 to 65536";
                break;
            }
            c.hiddenLayers.push_back(v.toInt());
        }
    }
    c.activation = r.name("activation", c.activation, activationFromName);
    for (const QJsonValue &v : r.array("layerActivations")) {
        try {
            c.layerActivations.push_back(activationFromName(v.toString().toStdString()));
        } catch (const Error &e) {
            if (r.error.isEmpty())
                r.error = QString("'layerActivations': %1").arg(e.what());
        }
    }
    c.learningRate = float(r.number("learningRate", c.learningRate, 1e-9, 100));
    c.optimizer = r.name("optimizer", c.optimizer, optimizerFromName);
    c.regularization = r.name("regularization", c.regularization, regularizationFromName);
    c.regularizationRate = float(r.number("regularizationRate", c.regularizationRate, 0, 100));
    c.schedule.kind = r.name("schedule", c.schedule.kind, scheduleFromName);
    c.schedule.stepEpochs = r.number("scheduleStepEpochs", c.schedule.stepEpochs, 1e-6, 1e12);
    c.schedule.gamma = r.number("scheduleGamma", c.schedule.gamma, 0, 10);
    c.schedule.cosineEpochs = r.number("scheduleCosineEpochs", c.schedule.cosineEpochs, 1e-6, 1e12);
    c.schedule.minLearningRate = r.number("scheduleMinLearningRate", c.schedule.minLearningRate, 0, 100);
    c.batchSize = int(r.number("batchSize", c.batchSize, 1, 100000));
    c.seed = std::uint64_t(r.number("seed", double(c.seed), 0, 9007199254740992.0));
    c.backend = r.name("backend", c.backend, [](const std::string &s) {
        if (s != "cpu" && s != "cuda")
            throw Error("unknown backend '" + s + "'; known: cpu, cuda");
        return s;
    });
    c.stopAfterEpochs = long(r.number("stopAfterEpochs", double(c.stopAfterEpochs), 0, 1e12));
    c.patienceEpochs = int(r.number("patienceEpochs", c.patienceEpochs, 0, 1e9));
    c.epochsPerSecond = r.number("epochsPerSecond", c.epochsPerSecond, 0, 1e9);
    c.showTestData = r.boolean("showTestData", c.showTestData);
    c.discretizeOutput = r.boolean("discretizeOutput", c.discretizeOutput);
    if (r.error.isEmpty()) {
        const std::string invalid = c.validationError();
        if (!invalid.empty())
            r.error = QString::fromStdString(invalid);
    }
    if (!r.error.isEmpty()) {
        *error = r.error;
        return std::nullopt;
    }
    return c;
}

bool savePlayground(const QString &path, const PlaygroundConfig &config, QString *error)
{
    QSaveFile file(path); // writes a temporary file and renames it over the old one on commit
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QString("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(playgroundToJson(config)).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = QString("cannot save %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

std::optional<PlaygroundConfig> loadPlayground(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QString("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(16 << 20), &parseError);
    if (doc.isNull() || !doc.isObject()) {
        *error
            = QString("%1 is not valid JSON: %2 at byte %3").arg(path, parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    QString why;
    auto config = playgroundFromJson(doc.object(), &why);
    if (!config)
        *error = QString("%1: %2").arg(path, why);
    return config;
}

} // namespace ds::app
