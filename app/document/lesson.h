// Lesson: what a playground teaches, kept in its document — a title, a paragraph or two of
// explanation and the steps to try. The bundled lessons (resources/lessons/) are playground
// documents with one; a teacher's own saved playground can carry one too. The window shows it
// beside the playground (app/lessons/lessonpanel.h).
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace ds::app {

struct Lesson {
    std::string title; // empty: the playground is not a lesson
    std::string text; // paragraphs, separated by blank lines
    std::vector<std::string> steps; // what to try, in order

    bool empty() const { return title.empty(); }
    bool operator==(const Lesson &) const = default;
};

QJsonObject lessonToJson(const Lesson &lesson);
// Fields not in the object stay empty; a field of the wrong type is an error naming it.
std::optional<Lesson> lessonFromJson(const QJsonObject &json, QString *error);

} // namespace ds::app
