// Playground files (.deepscope.json): a PlaygroundConfig as JSON, every setting by name, so that
// a file opens the same elsewhere and is readable in a text editor. Saving is atomic (a crash
// mid-save leaves the old file); loading checks every field and names the first bad one.
#pragma once

#include "playgroundconfig.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace ds::app {

constexpr int kPlaygroundFileVersion = 1;

QJsonObject playgroundToJson(const PlaygroundConfig &config);
// Fields not in the object keep their defaults; a field of the wrong type or out of range is an
// error. `error` receives the message when the result is empty.
std::optional<PlaygroundConfig> playgroundFromJson(const QJsonObject &json, QString *error);

bool savePlayground(const QString &path, const PlaygroundConfig &config, QString *error);
std::optional<PlaygroundConfig> loadPlayground(const QString &path, QString *error);

} // namespace ds::app
