// The Images mode's part of a playground document as JSON: the data source by kind and paths,
// the layers by name and size, the training settings. Read back with every field checked.
#pragma once

#include "imagesconfig.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace ds::app {

QJsonObject imagesToJson(const ImagesConfig &config);
// One layer: its kind by name and the fields that kind uses; `error` receives the first problem.
QJsonObject layerToJson(const LayerSpec &layer);
LayerSpec layerFromJson(const QJsonObject &json, QString *error);
// "bundled-mnist", "idx", "cifar10", "folder", "download"; sourceFromName throws ds::Error for another name.
std::string sourceName(ImageDataChoice::Source source);
ImageDataChoice::Source sourceFromName(const std::string &name);
// Fields not in the object keep their defaults; `error` receives the first problem.
std::optional<ImagesConfig> imagesFromJson(const QJsonObject &json, QString *error);

} // namespace ds::app
