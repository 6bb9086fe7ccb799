// JsonReader: reads a JSON object's fields with their checks for the playground document. The
// first problem is kept, in words that name the field, and later reads are skipped, so a loader
// reads every field in a row and looks at `error` once.
#pragma once

#include "error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <cmath>
#include <string>
#include <utility>

namespace ds::app {

// Reads fields with their checks; the first problem is kept and later reads are skipped.
class JsonReader {
public:
    explicit JsonReader(const QJsonObject &o) : m_o(o) { }
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
    // A whole number: a fraction is an error that names the field, not a number cut short.
    long long whole(const char *key, long long fallback, double lo, double hi)
    {
        if (!error.isEmpty() || !m_o.contains(key))
            return fallback;
        const QJsonValue v = m_o.value(key);
        if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < lo || v.toDouble() > hi) {
            error = QString("'%1' must be a whole number from %2 to %3").arg(key).arg(lo).arg(hi);
            return fallback;
        }
        return static_cast<long long>(v.toDouble());
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

} // namespace ds::app
