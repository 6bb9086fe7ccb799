// The Images mode's fields, one line each (configfield.h). The layers are one field whose items
// imagesconfigjson.cpp reads and writes, each layer's own fields checked there.
#include "imagesfields.h"

#include "imagesconfigjson.h"

#include <QJsonArray>

namespace ds::app {
namespace {

constexpr FieldEffect kNewRun = FieldEffect::NewRun, kInPlace = FieldEffect::InPlace;


FieldTable<ImageDataChoice> makeDataTable()
{
    using D = ImageDataChoice;
    FieldTable<D> t;
    t.push_back(nameField<D>("source", [](auto &d) -> auto & { return d.source; }, sourceFromName, sourceName,
        "bundled-mnist, idx, cifar10, folder, download", kNewRun, "where the images come from"));
    t.push_back(textField<D>("set", [](auto &d) -> auto & { return d.set; }, kNewRun,
        "download: the downloaded data set (mnist, fashion-mnist, kmnist, cifar10; File → Get data sets…)"));
    t.push_back({"paths", "list of file names", kNewRun, "IDX: images then labels; CIFAR-10: the batch files; folder: its root",
        [](const D &d) { return QJsonValue(QJsonArray::fromStringList(d.paths)); },
        [](D &d, const QJsonValue &v) {
            QStringList paths;
            for (const QJsonValue &p : v.toArray()) {
                if (!p.isString())
                    throw Error("must be a list of file names");
                paths << p.toString();
            }
            if (!v.isArray())
                throw Error("must be a list of file names");
            d.paths = paths;
        },
        [](const D &a, const D &b) { return a.paths == b.paths; }});
    t.push_back(flagField<D>("fashionNames", [](auto &d) -> auto & { return d.fashionNames; }, kNewRun,
        "IDX: name the classes as Fashion-MNIST's"));
    t.push_back(wholeField<D>("channels", [](auto &d) -> auto & { return d.channels; }, 1, 3, kNewRun,
        "folder: 1 (gray) or 3 (colour)"));
    t.push_back(wholeField<D>("height", [](auto &d) -> auto & { return d.height; }, 4, 512, kNewRun,
        "folder: what each image is resized to"));
    t.push_back(wholeField<D>("width", [](auto &d) -> auto & { return d.width; }, 4, 512, kNewRun,
        "folder: what each image is resized to"));
    t.push_back(numberField<D>("validationFraction", [](auto &d) -> auto & { return d.validationFraction; }, 0, 0.9,
        kNewRun, "the share held out for validation"));
    t.push_back(numberField<D>("testFraction", [](auto &d) -> auto & { return d.testFraction; }, 0, 0.9, kNewRun,
        "the share held out for testing (the bundled set keeps its last 2,000)"));
    t.push_back(flagField<D>("invert", [](auto &d) -> auto & { return d.invert; }, kNewRun,
        "every image turned over (1 − pixel): white digits on black become black on white"));
    t.push_back(wholeField<D>("trainImages", [](auto &d) -> auto & { return d.trainImages; }, 0, 100000, kNewRun,
        "train on only the first this many training images (0: all of them)"));
    return t;
}

FieldTable<ImagesConfig> makeTable()
{
    using C = ImagesConfig;
    FieldTable<C> t;
    t.push_back({"data", "object: the fields below", kNewRun, "where the images come from and how they are split",
        [](const C &c) { return QJsonValue(fieldsToJson(imageDataFields(), c.data)); },
        [](C &c, const QJsonValue &v) {
            if (!v.isObject())
                throw Error("must be an object");
            const QString why = fieldsFromJson(imageDataFields(), v.toObject(), c.data);
            if (!why.isEmpty())
                throw Error(why.toStdString());
        },
        [](const C &a, const C &b) { return a.data == b.data; }});
    t.push_back(textField<C>("preset", [](auto &c) -> auto & { return c.preset; }, kNewRun,
        "the preset the layers started from (`\"\"` for none); its layers when `layers` is absent"));
    t.push_back({"layers", "list of layers", kNewRun, "the network (the layer fields below)",
        [](const C &c) {
            QJsonArray layers;
            for (const LayerSpec &l : c.spec.layers)
                layers.append(layerToJson(l));
            return QJsonValue(layers);
        },
        [](C &c, const QJsonValue &v) {
            if (!v.isArray())
                throw Error("must be a list");
            std::vector<LayerSpec> layers;
            for (const QJsonValue &item : v.toArray()) {
                QString why;
                const LayerSpec l = layerFromJson(item.toObject(), &why);
                if (!item.isObject())
                    why = "each layer must be an object";
                if (!why.isEmpty())
                    throw Error(QString("layer %1: %2").arg(layers.size() + 1).arg(why).toStdString());
                layers.push_back(l);
            }
            c.spec.layers = std::move(layers);
        },
        [](const C &a, const C &b) { return a.spec.layers == b.spec.layers; }});
    t.push_back(nameField<C>("init", [](auto &c) -> auto & { return c.spec.init; }, initFromName,
        [](InitKind k) { return nameOf(k); }, field::namesIn(initNames()), kNewRun, "how the weights start"));
    t.push_back(numberField<C>("learningRate", [](auto &c) -> auto & { return c.learningRate; }, 1e-9, 100, kInPlace,
        "the step size at the start of the cosine schedule"));
    t.push_back(nameField<C>("optimizer", [](auto &c) -> auto & { return c.optimizer; }, optimizerFromName,
        [](OptimizerKind k) { return nameOf(k); }, field::namesIn(optimizerNames()), kInPlace, "the optimizer"));
    t.push_back(wholeField<C>("batchSize", [](auto &c) -> auto & { return c.batchSize; }, 1, 100000, kInPlace,
        "images per update"));
    t.push_back(wholeField<C>("epochs", [](auto &c) -> auto & { return c.epochs; }, 1, 100000, kInPlace,
        "training pauses here; the cosine schedule ends here"));
    t.push_back(flagField<C>("augment", [](auto &c) -> auto & { return c.augment; }, kInPlace,
        "random shifts (and flips for photos) of the training images, drawn anew every epoch"));
    t.push_back(numberField<C>("epochsPerSecond", [](auto &c) -> auto & { return c.epochsPerSecond; }, 0, 1e9,
        kInPlace, "the pace (0: full speed)"));
    t.push_back(seedField<C>("seed", [](auto &c) -> auto & { return c.seed; }, kNewRun, "the weights' seed"));
    t.push_back(seedField<C>("shuffleSeed", [](auto &c) -> auto & { return c.shuffleSeed; }, kNewRun,
        "the shuffle's seed"));
    t.push_back(nameField<C>("backend", [](auto &c) -> auto & { return c.backend; }, field::backendFromName,
        [](const std::string &s) { return s; }, "cpu, cuda", kInPlace, "where it trains (the run moves with its weights)"));
    t.push_back(flagField<C>("keepWeights", [](auto &c) -> auto & { return c.keepWeights; }, kInPlace,
        "when the data changes and the network still fits it, go on from the trained weights (transfer learning)"));
    return t;
}

} // namespace

const FieldTable<ImageDataChoice> &imageDataFields()
{
    static const FieldTable<ImageDataChoice> table = makeDataTable();
    return table;
}

const FieldTable<ImagesConfig> &imagesFields()
{
    static const FieldTable<ImagesConfig> table = makeTable();
    return table;
}

} // namespace ds::app
