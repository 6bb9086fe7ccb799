#include "lesson.h"

#include <QJsonArray>

namespace ds::app {

QJsonObject lessonToJson(const Lesson &l)
{
    QJsonObject o;
    o["title"] = QString::fromStdString(l.title);
    o["text"] = QString::fromStdString(l.text);
    QJsonArray steps;
    for (const std::string &s : l.steps)
        steps.append(QString::fromStdString(s));
    o["try"] = steps;
    return o;
}

std::optional<Lesson> lessonFromJson(const QJsonObject &o, QString *error)
{
    Lesson l;
    for (const char *key : {"title", "text"})
        if (o.contains(key) && !o.value(key).isString()) {
            *error = QString("'%1' must be text in quotes").arg(key);
            return std::nullopt;
        }
    l.title = o.value("title").toString().toStdString();
    l.text = o.value("text").toString().toStdString();
    if (o.contains("try")) {
        if (!o.value("try").isArray()) {
            *error = "'try' must be a list of steps in quotes";
            return std::nullopt;
        }
        for (const QJsonValue &v : o.value("try").toArray()) {
            if (!v.isString()) {
                *error = "'try' must be a list of steps in quotes";
                return std::nullopt;
            }
            l.steps.push_back(v.toString().toStdString());
        }
    }
    return l;
}

} // namespace ds::app
