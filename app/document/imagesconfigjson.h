// The Images mode's part of a playground document as JSON: the data source by kind and paths,
// the layers by name and size, the training settings. Read back with every field checked.
#pragma once

#include "imagesconfig.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace ds::app {

QJsonObject imagesToJson(const ImagesConfig &config);
// Fields not in the object keep their defaults; `error` receives the first problem.
std::optional<ImagesConfig> imagesFromJson(const QJsonObject &json, QString *error);

} // namespace ds::app
