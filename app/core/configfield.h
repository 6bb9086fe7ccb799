// ConfigField: one field of a config as the playground file holds it, declared once: its key, the
// member it reads and writes, its kind (whole numbers apart from fractions), its range, what a
// change of it does to a run and a line for a person. The default is the config's own. Reading and
// writing JSON, the range checks, which changes start a new run, and the field lists of
// docs/file-format.md all come from the tables (pointsfields.cpp, imagesfields.cpp);
// tst_configfields fails when the document and a table disagree.
#pragma once

#include "error.h"
#include "jsonfloat.h"
#include "kinds.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace ds::app {

// What a change of the field does: a new run (new weights from the seed, epoch 0), a change to
// the run in place (it keeps its weights), or nothing to training (how it is shown).
enum class FieldEffect { NewRun, InPlace, View };

template <class Config> struct ConfigField {
    const char *key;
    std::string kind; // for a person and the doc: "whole number, 1 to 100000", "name: cpu, cuda"
    FieldEffect effect;
    std::string meaning;
    std::function<QJsonValue(const Config &)> write;
    // Sets the field from its JSON value; throws ds::Error saying what is wrong, without the key
    // (fieldsFromJson puts it in front): "must be a whole number from 1 to 100000".
    std::function<void(Config &, const QJsonValue &)> read;
    std::function<bool(const Config &, const Config &)> same;
};

template <class Config> using FieldTable = std::vector<ConfigField<Config>>;

template <class Config> QJsonObject fieldsToJson(const FieldTable<Config> &table, const Config &c)
{
    QJsonObject o;
    for (const ConfigField<Config> &f : table)
        o[f.key] = f.write(c);
    return o;
}

// Reads the fields `o` has into `c` (a missing one keeps what `c` holds); returns "" or the first
// problem, naming its field.
template <class Config> QString fieldsFromJson(const FieldTable<Config> &table, const QJsonObject &o, Config &c)
{
    for (const ConfigField<Config> &f : table) {
        if (!o.contains(f.key))
            continue;
        try {
            f.read(c, o.value(f.key));
        } catch (const Error &e) {
            const QString why = QString::fromStdString(e.what());
            return why.startsWith("must ") ? QString("'%1' %2").arg(f.key, why) : QString("'%1': %2").arg(f.key, why);
        }
    }
    return {};
}

// Whether `a` and `b` agree on every field of the table with this effect.
template <class Config>
bool sameFields(const FieldTable<Config> &table, const Config &a, const Config &b, FieldEffect effect)
{
    for (const ConfigField<Config> &f : table)
        if (f.effect == effect && !f.same(a, b))
            return false;
    return true;
}

namespace field {

// A range bound as a person reads it: 100000, 0.9, 1e+12.
inline std::string bound(double v)
{
    return QString::number(v, 'g', 6).toStdString();
}

inline double wholeNumber(const QJsonValue &v, double lo, double hi)
{
    const double x = v.toDouble();
    if (!v.isDouble() || x != std::floor(x) || x < lo || x > hi)
        throw Error("must be a whole number from " + bound(lo) + " to " + bound(hi));
    return x;
}

// Seeds are 64-bit: a JSON number holds them exactly up to 2^53; above that they are written as
// a string of digits, and both are read.
inline QJsonValue seedToJson(std::uint64_t seed)
{
    constexpr std::uint64_t exact = std::uint64_t(1) << 53;
    if (seed <= exact)
        return double(seed);
    return QString::number(qulonglong(seed));
}

inline std::uint64_t seedFromJson(const QJsonValue &v)
{
    const char *const what = "must be a whole number from 0 to 18446744073709551615 (in quotes above 2^53)";
    if (v.isDouble()) {
        const double x = v.toDouble();
        if (x != std::floor(x) || x < 0 || x > 9007199254740992.0)
            throw Error(what);
        return std::uint64_t(x);
    }
    const QString text = v.toString();
    bool ok = v.isString() && !text.isEmpty() && text.size() <= 20;
    for (const QChar ch : text)
        ok = ok && ch >= '0' && ch <= '9';
    const qulonglong seed = ok ? text.toULongLong(&ok) : 0;
    if (!ok)
        throw Error(what);
    return std::uint64_t(seed);
}

// "relu, tanh, ..." from one of the engine's name tables (kinds.h), for a field's kind.
template <typename Kind> std::string namesIn(const std::vector<KindName<Kind>> &table)
{
    std::string s;
    for (const auto &e : table)
        s += (s.empty() ? "" : ", ") + std::string(e.name);
    return s;
}

// Both modes' backend field: a name the program knows, checked when read.
inline std::string backendFromName(const std::string &s)
{
    if (s != "cpu" && s != "cuda")
        throw Error("unknown backend '" + s + "'; known: cpu, cuda");
    return s;
}

} // namespace field

// The makers. `at` gives the member from a config, const or not: a generic lambda such as
// [](auto &c) -> auto & { return c.numPoints; }.

template <class Config, class At>
ConfigField<Config> wholeField(const char *key, At at, double lo, double hi, FieldEffect effect, std::string meaning)
{
    using T = std::remove_reference_t<decltype(at(std::declval<Config &>()))>;
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    return {key, "whole number, " + field::bound(lo) + " to " + field::bound(hi), effect, std::move(meaning),
        [at](const Config &c) { return QJsonValue(double(at(c))); },
        [at, lo, hi](Config &c, const QJsonValue &v) { at(c) = T(field::wholeNumber(v, lo, hi)); },
        [at](const Config &a, const Config &b) { return at(a) == at(b); }};
}

template <class Config, class At>
ConfigField<Config> numberField(const char *key, At at, double lo, double hi, FieldEffect effect, std::string meaning)
{
    using T = std::remove_reference_t<decltype(at(std::declval<Config &>()))>;
    static_assert(std::is_floating_point_v<T>);
    return {key, "number, " + field::bound(lo) + " to " + field::bound(hi), effect, std::move(meaning),
        [at](const Config &c) {
            if constexpr (std::is_same_v<T, float>)
                return QJsonValue(jsonFloat(at(c))); // its shortest form: 0.03 reads as 0.03
            else
                return QJsonValue(at(c));
        },
        [at, lo, hi](Config &c, const QJsonValue &v) {
            if (!v.isDouble() || !(v.toDouble() >= lo && v.toDouble() <= hi))
                throw Error("must be a number from " + field::bound(lo) + " to " + field::bound(hi));
            at(c) = T(v.toDouble());
        },
        [at](const Config &a, const Config &b) { return at(a) == at(b); }};
}

template <class Config, class At>
ConfigField<Config> flagField(const char *key, At at, FieldEffect effect, std::string meaning)
{
    return {key, "true or false", effect, std::move(meaning), [at](const Config &c) { return QJsonValue(at(c)); },
        [at](Config &c, const QJsonValue &v) {
            if (!v.isBool())
                throw Error("must be true or false");
            at(c) = v.toBool();
        },
        [at](const Config &a, const Config &b) { return at(a) == at(b); }};
}

template <class Config, class At>
ConfigField<Config> seedField(const char *key, At at, FieldEffect effect, std::string meaning)
{
    return {key, "seed, 0 to 2^64 - 1", effect, std::move(meaning),
        [at](const Config &c) { return field::seedToJson(at(c)); },
        [at](Config &c, const QJsonValue &v) { at(c) = field::seedFromJson(v); },
        [at](const Config &a, const Config &b) { return at(a) == at(b); }};
}

// A name from a list: `parse` throws ds::Error for an unknown one, `print` gives a value's name.
template <class Config, class At, class Parse, class Print>
ConfigField<Config> nameField(
    const char *key, At at, Parse parse, Print print, const std::string &names, FieldEffect effect, std::string meaning)
{
    return {key, "name: " + names, effect, std::move(meaning),
        [at, print](const Config &c) { return QJsonValue(QString::fromStdString(print(at(c)))); },
        [at, parse](Config &c, const QJsonValue &v) {
            if (!v.isString())
                throw Error("must be a name in quotes");
            at(c) = parse(v.toString().toStdString());
        },
        [at](const Config &a, const Config &b) { return at(a) == at(b); }};
}

template <class Config, class At>
ConfigField<Config> textField(const char *key, At at, FieldEffect effect, std::string meaning)
{
    return {key, "text", effect, std::move(meaning),
        [at](const Config &c) { return QJsonValue(QString::fromStdString(at(c))); },
        [at](Config &c, const QJsonValue &v) {
            if (!v.isString())
                throw Error("must be text in quotes");
            at(c) = v.toString().toStdString();
        },
        [at](const Config &a, const Config &b) { return at(a) == at(b); }};
}

} // namespace ds::app
