#include "imagesconfigjson.h"

#include "jsonfloat.h"
#include "jsonreader.h"

#include <QJsonArray>

#include <cmath>

namespace ds::app {
namespace {

const char *const kSourceNames[] = {"bundled-mnist", "idx", "cifar10", "folder"};

ImageDataChoice::Source sourceFromName(const std::string &name)
{
    for (int i = 0; i < 4; ++i)
        if (name == kSourceNames[i])
            return ImageDataChoice::Source(i);
    throw Error("unknown image source '" + name + "'; known: bundled-mnist, idx, cifar10, folder");
}

QJsonObject layerToJson(const LayerSpec &l)
{
    QJsonObject o;
    o["kind"] = QString::fromStdString(nameOf(l.kind));
    if (l.kind == LayerKind::Dense || l.kind == LayerKind::Conv2D)
        o["units"] = l.units;
    if (l.kind == LayerKind::Activation)
        o["activation"] = QString::fromStdString(nameOf(l.activation));
    if (l.kind == LayerKind::Dropout)
        o["rate"] = jsonFloat(l.rate);
    if (l.kind == LayerKind::Residual)
        o["span"] = l.units;
    if (hasWindow(l.kind)) {
        o["kernel"] = l.kernel;
        o["stride"] = l.stride;
        o["padding"] = l.padding;
    }
    if (l.kind == LayerKind::Conv2D)
        o["dilation"] = l.dilation;
    // A graph's extras, written only where they differ from a chain's.
    if (l.kind == LayerKind::Conv2D && l.groups != 1)
        o["groups"] = l.groups;
    if (l.ceilMode)
        o["ceil"] = true;
    if (!l.inputs.empty()) {
        QJsonArray from;
        for (int k : l.inputs)
            from.append(k);
        o["inputs"] = from;
    }
    return o;
}

LayerSpec layerFromJson(const QJsonObject &o, QString *error)
{
    JsonReader r(o);
    LayerSpec l;
    if (!o.contains("kind"))
        r.error = "a layer needs a 'kind'";
    l.kind = r.name("kind", l.kind, layerKindFromName);
    l.units = int(r.number("units", l.units, 1, ModelSpec::kMaxUnits));
    l.activation = r.name("activation", l.activation, activationFromName);
    l.rate = float(r.number("rate", l.rate, 0, 0.99));
    l.kernel = int(r.number("kernel", l.kernel, 1, ModelSpec::kMaxKernel));
    l.stride = int(r.number("stride", l.stride, 1, ModelSpec::kMaxKernel));
    l.padding = int(r.number("padding", l.padding, 0, ModelSpec::kMaxKernel));
    l.dilation = int(r.number("dilation", l.dilation, 1, ModelSpec::kMaxKernel));
    if (l.kind == LayerKind::Residual) // how many layers back its skip starts (ModelSpec checks the range)
        l.units = int(r.number("span", l.units, 1, 4096));
    l.groups = int(r.number("groups", l.groups, 1, ModelSpec::kMaxUnits));
    if (o.contains("ceil") && !o["ceil"].isBool())
        r.error = "a layer's 'ceil' must be true or false";
    l.ceilMode = o["ceil"].toBool(false);
    // Which layers it reads: indices of earlier layers, -1 for the input (ModelSpec checks them).
    if (o.contains("inputs")) {
        if (!o["inputs"].isArray())
            r.error = "a layer's 'inputs' must be a list of layer numbers";
        for (const QJsonValue &v : o["inputs"].toArray()) {
            if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < -1 || v.toDouble() > 1e6)
                r.error = "a layer's 'inputs' must be whole layer numbers (-1 for the input)";
            else
                l.inputs.push_back(v.toInt());
        }
    }
    *error = r.error;
    return l;
}

} // namespace

QJsonObject imagesToJson(const ImagesConfig &c)
{
    QJsonObject data;
    data["source"] = kSourceNames[c.data.source];
    data["paths"] = QJsonArray::fromStringList(c.data.paths);
    data["fashionNames"] = c.data.fashionNames;
    data["channels"] = c.data.channels;
    data["height"] = c.data.height;
    data["width"] = c.data.width;
    data["validationFraction"] = c.data.validationFraction;
    data["testFraction"] = c.data.testFraction;
    QJsonArray layers;
    for (const LayerSpec &l : c.spec.layers)
        layers.append(layerToJson(l));
    QJsonObject o;
    o["data"] = data;
    o["preset"] = QString::fromStdString(c.preset);
    o["layers"] = layers;
    o["init"] = QString::fromStdString(nameOf(c.spec.init));
    o["learningRate"] = jsonFloat(c.learningRate);
    o["optimizer"] = QString::fromStdString(nameOf(c.optimizer));
    o["batchSize"] = c.batchSize;
    o["epochs"] = c.epochs;
    o["augment"] = c.augment;
    o["epochsPerSecond"] = c.epochsPerSecond;
    o["seed"] = double(c.seed);
    o["shuffleSeed"] = double(c.shuffleSeed);
    o["backend"] = QString::fromStdString(c.backend);
    return o;
}

std::optional<ImagesConfig> imagesFromJson(const QJsonObject &o, QString *error)
{
    ImagesConfig c;
    JsonReader r(o);
    if (o.contains("data") && !o.value("data").isObject())
        r.error = "'data' must be an object";
    const QJsonObject data = o.value("data").toObject();
    JsonReader d(data);
    c.data.source = d.name("source", c.data.source, sourceFromName);
    c.data.paths.clear();
    for (const QJsonValue &v : d.array("paths")) {
        if (!v.isString()) {
            d.error = "'paths' must be a list of file names";
            break;
        }
        c.data.paths << v.toString();
    }
    c.data.fashionNames = d.boolean("fashionNames", c.data.fashionNames);
    c.data.channels = int(d.number("channels", c.data.channels, 1, 3));
    c.data.height = int(d.number("height", c.data.height, 4, 512));
    c.data.width = int(d.number("width", c.data.width, 4, 512));
    c.data.validationFraction = d.number("validationFraction", c.data.validationFraction, 0, 0.9);
    c.data.testFraction = d.number("testFraction", c.data.testFraction, 0, 0.9);
    if (r.error.isEmpty() && !d.error.isEmpty())
        r.error = "'data': " + d.error;
    c.preset = r.name("preset", c.preset, [](const std::string &s) { return s; });
    for (const QJsonValue &v : r.array("layers")) {
        QString why;
        const LayerSpec l = layerFromJson(v.toObject(), &why);
        if (!v.isObject())
            why = "each layer must be an object";
        if (!why.isEmpty()) {
            if (r.error.isEmpty())
                r.error = QString("'layers', layer %1: %2").arg(c.spec.layers.size() + 1).arg(why);
            break;
        }
        c.spec.layers.push_back(l);
    }
    c.spec.init = r.name("init", c.spec.init, initFromName);
    c.learningRate = float(r.number("learningRate", c.learningRate, 1e-9, 100));
    c.optimizer = r.name("optimizer", c.optimizer, optimizerFromName);
    c.batchSize = int(r.number("batchSize", c.batchSize, 1, 100000));
    c.epochs = int(r.number("epochs", c.epochs, 1, 100000));
    c.augment = r.boolean("augment", c.augment);
    c.epochsPerSecond = r.number("epochsPerSecond", c.epochsPerSecond, 0, 1e9);
    c.seed = std::uint64_t(r.number("seed", double(c.seed), 0, 9007199254740992.0));
    c.shuffleSeed = std::uint64_t(r.number("shuffleSeed", double(c.shuffleSeed), 0, 9007199254740992.0));
    c.backend = r.name("backend", c.backend, [](const std::string &s) {
        if (s != "cpu" && s != "cuda")
            throw Error("unknown backend '" + s + "'; known: cpu, cuda");
        return s;
    });
    if (!r.error.isEmpty()) {
        *error = r.error;
        return std::nullopt;
    }
    return c;
}

} // namespace ds::app
