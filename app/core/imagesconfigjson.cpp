#include "imagesconfigjson.h"

#include "imagesfields.h"
#include "jsonfloat.h"
#include "jsonreader.h"

#include <QJsonArray>

#include <cmath>

namespace ds::app {
namespace {

const char *const kSourceNames[] = {"bundled-mnist", "idx", "cifar10", "folder", "download"};

} // namespace

std::string sourceName(ImageDataChoice::Source source)
{
    return kSourceNames[source];
}

ImageDataChoice::Source sourceFromName(const std::string &name)
{
    for (int i = 0; i < 5; ++i)
        if (name == kSourceNames[i])
            return ImageDataChoice::Source(i);
    throw Error("unknown image source '" + name + "'; known: bundled-mnist, idx, cifar10, folder, download");
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
    if (l.frozen)
        o["frozen"] = true;
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
    l.units = int(r.whole("units", l.units, 1, ModelSpec::kMaxUnits));
    l.activation = r.name("activation", l.activation, activationFromName);
    l.rate = float(r.number("rate", l.rate, 0, 0.99));
    l.kernel = int(r.whole("kernel", l.kernel, 1, ModelSpec::kMaxKernel));
    l.stride = int(r.whole("stride", l.stride, 1, ModelSpec::kMaxKernel));
    l.padding = int(r.whole("padding", l.padding, 0, ModelSpec::kMaxKernel));
    l.dilation = int(r.whole("dilation", l.dilation, 1, ModelSpec::kMaxKernel));
    if (l.kind == LayerKind::Residual) // how many layers back its skip starts (ModelSpec checks the range)
        l.units = int(r.whole("span", l.units, 1, 4096));
    l.groups = int(r.whole("groups", l.groups, 1, ModelSpec::kMaxUnits));
    if (o.contains("ceil") && !o["ceil"].isBool())
        r.error = "a layer's 'ceil' must be true or false";
    l.ceilMode = o["ceil"].toBool(false);
    if (o.contains("frozen") && !o["frozen"].isBool())
        r.error = "a layer's 'frozen' must be true or false";
    l.frozen = o["frozen"].toBool(false);
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

QJsonObject imagesToJson(const ImagesConfig &c)
{
    return fieldsToJson(imagesFields(), c);
}

std::optional<ImagesConfig> imagesFromJson(const QJsonObject &o, QString *error)
{
    ImagesConfig c;
    const QString why = fieldsFromJson(imagesFields(), o, c);
    if (!why.isEmpty()) {
        *error = why;
        return std::nullopt;
    }
    return c;
}

} // namespace ds::app
