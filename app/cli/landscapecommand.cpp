#include "landscapecommand.h"

#include "cli.h"
#include "controls/landscapepanel.h"
#include "core/pointssession.h"
#include "document/playgroundfile.h"
#include "images/cnnview.h"
#include "window/mainwindow.h"
#include "landscapeline.h"
#include "landscapemap.h"
#include "plotexport.h"

#include <QApplication>
#include <QEventLoop>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

namespace ds::app {
namespace {

struct Options {
    std::string file, out, csv;
    LandscapeRequest request;
    long epochs = 0;
    bool log = false;
};

std::optional<Options> parse(const std::vector<std::string> &args)
{
    Options o;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "--grid" && hasValue) {
            const auto n = wholeArgument(args[++i], 3, 201);
            if (!n) {
                std::cerr << "deepscope landscape: --grid takes a whole number from 3 to 201\n";
                return std::nullopt;
            }
            o.request.grid = int(*n);
        } else if (a == "--epochs" && hasValue) {
            const auto n = wholeArgument(args[++i], 0, 1000000);
            if (!n) {
                std::cerr << "deepscope landscape: --epochs takes a whole number from 0 to 1000000\n";
                return std::nullopt;
            }
            o.epochs = *n;
        } else if (a == "--directions" && hasValue) {
            const std::string &d = args[++i];
            // "pca" is the paper's name for the path's plane (its principal components).
            if (d != "random" && d != "path" && d != "pca" && d != "line") {
                std::cerr << "deepscope landscape: --directions is random, path (also called pca) or line\n";
                return std::nullopt;
            }
            o.request.directions = d == "random" ? LandscapeRequest::Directions::Random
                : d == "line"                    ? LandscapeRequest::Directions::Line
                                                 : LandscapeRequest::Directions::Path;
        } else if (a == "--range" && hasValue) {
            char *end = nullptr;
            const double r = std::strtod(args[++i].c_str(), &end);
            if (*end != '\0' || !(r > 0.0 && r <= 100.0)) {
                std::cerr << "deepscope landscape: --range takes a number above 0, at most 100\n";
                return std::nullopt;
            }
            o.request.range = r;
        } else if (a == "--out" && hasValue && !args[i + 1].empty()) {
            o.out = args[++i];
        } else if (a == "--csv" && hasValue && !args[i + 1].empty()) {
            o.csv = args[++i];
        } else if (a == "--log") {
            o.log = true;
        } else if (o.file.empty() && !a.starts_with("-")) {
            o.file = a;
        } else {
            std::cerr << "deepscope landscape: unexpected argument '" << a << "'\n";
            return std::nullopt;
        }
    }
    if (o.file.empty() || (o.out.empty() && o.csv.empty())) {
        std::cerr << "usage: deepscope landscape FILE.deepscope [--epochs N] [--directions random|path|pca|line] [--grid N]\n"
                     "       [--range R] [--log] --out MAP.png [--csv GRID.csv]\n";
        return std::nullopt;
    }
    return o;
}

// An Images playground's landscape, through the Images mode as the window has it (offscreen): its
// data loaded, its saved run restored, N epochs more (the path is taken at the curve points), then
// the Landscape tab's Compute with the command's request.
std::optional<LandscapeResult> imagesLandscape(const PlaygroundDocument &doc, const Options &o, QString *why)
{
    MainWindow window;
    window.setDocument(doc);
    window.showMode(PlaygroundDocument::Images);
    CnnView *cnn = window.cnnView();
    if (!cnn->trainAndWait(0)) {
        *why = "the images did not load: " + window.lastError();
        return std::nullopt;
    }
    if (doc.imagesRun && cnn->lastSnapshot()->updates != doc.imagesRun->trainer.updates) {
        *why = "its trained network was not restored: " + window.lastError();
        return std::nullopt;
    }
    for (long e = 0; e < o.epochs; ++e)
        if (!cnn->trainAndWait(1)) {
            *why = "training stopped in epoch " + QString::number(e + 1) + ": " + window.lastError();
            return std::nullopt;
        }
    LandscapePanel *panel = cnn->findChild<LandscapePanel *>();
    QEventLoop answer;
    QObject::connect(panel, &LandscapePanel::answered, &answer, &QEventLoop::quit);
    emit panel->requested(o.request);
    answer.exec(); // the image thread answers with a result or a failure, whatever happens
    if (!panel->failure().isEmpty() || !panel->result()) {
        *why = panel->failure();
        return std::nullopt;
    }
    return *panel->result();
}

// A line's picture, its CSV and its numbers.
int writeLine(const LandscapeResult &result, const Options &o)
{
    widgets::LandscapeLine line;
    line.resize(640, 400);
    line.setLine(result.lineFrom, result.lineTo, result.line, result.pathT);
    line.setLogScale(o.log);
    if (!o.out.empty() && !line.grab().save(QString::fromLocal8Bit(o.out.c_str()))) {
        std::cerr << "deepscope landscape: cannot write " << o.out << "\n";
        return 1;
    }
    QString error;
    if (!o.csv.empty() && !widgets::writeWholeFile(QString::fromLocal8Bit(o.csv.c_str()), line.csv(), &error)) {
        std::cerr << "deepscope landscape: " << error.toStdString() << "\n";
        return 1;
    }
    float lo = INFINITY, hi = -INFINITY;
    for (float l : result.line)
        if (std::isfinite(l))
            lo = std::min(lo, l), hi = std::max(hi, l);
    std::printf("{\"epoch\":%lld,\"line\":%zu,\"from\":%.9g,\"to\":%.9g,\"start_loss\":%.9g,\"now_loss\":%.9g,"
                "\"min_loss\":%.9g,\"max_loss\":%.9g,\"path\":%zu}\n",
        result.epoch, result.line.size(), result.lineFrom, result.lineTo, double(line.lossAt(0.0)),
        double(line.lossAt(1.0)), double(lo), double(hi), result.pathT.size());
    return 0;
}

} // namespace

int runLandscape(int argc, char *argv[], const std::vector<std::string> &args)
{
    const std::optional<Options> o = parse(args);
    if (!o)
        return 2;
    useHeadlessQt();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Deepscope");
    QApplication::setApplicationName("deepscope-cli"); // its own settings, not the window's
    QString error;
    const std::optional<PlaygroundDocument> doc = loadDocument(QString::fromLocal8Bit(o->file.c_str()), &error);
    if (!doc) {
        std::cerr << "deepscope landscape: " << error.toStdString() << "\n";
        return 1;
    }
    LandscapeResult result;
    if (doc->mode == PlaygroundDocument::Images) {
        QString why;
        const auto images = imagesLandscape(*doc, *o, &why);
        if (!images) {
            std::cerr << "deepscope landscape: " << o->file << ": " << why.toStdString() << "\n";
            return 1;
        }
        result = *images;
    } else {
        try {
            PointsSession session;
            session.apply(doc->points);
            if (doc->pointsRun)
                session.restoreRun(*doc->pointsRun);
            // Each epoch's weights go on the path, as the window's snapshots put them.
            Snapshot snapshot;
            session.fill(snapshot);
            for (long e = 0; e < o->epochs && !session.stopped(); ++e) {
                session.train(session.updatesPerEpoch());
                session.fill(snapshot);
            }
            result = session.landscape(o->request);
        } catch (const std::exception &e) {
            std::cerr << "deepscope landscape: " << o->file << ": " << e.what() << "\n";
            return 1;
        }
    }
    if (result.isLine())
        return writeLine(result, *o);
    widgets::LandscapeMap map;
    map.resize(640, 640);
    QVector<QPointF> path;
    for (const auto &[a, b] : result.path)
        path.push_back({a, b});
    map.setLandscape(result.grid.size, result.grid.range, result.grid.loss, path);
    map.setLogScale(o->log);
    if (!o->out.empty() && !map.grab().save(QString::fromLocal8Bit(o->out.c_str()))) {
        std::cerr << "deepscope landscape: cannot write " << o->out << "\n";
        return 1;
    }
    if (!o->csv.empty() && !widgets::writeWholeFile(QString::fromLocal8Bit(o->csv.c_str()), map.csv(), &error)) {
        std::cerr << "deepscope landscape: " << error.toStdString() << "\n";
        return 1;
    }
    const auto [lo, hi] = result.grid.lossRange();
    const int centre = result.grid.size / 2;
    // The shape numbers (landscapeshape.h); a NaN (no finite curvature) is written as null.
    auto number = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 6).toStdString() : std::string("null"); };
    std::printf("{\"epoch\":%lld,\"grid\":%d,\"range\":%.9g,\"centre_loss\":%.9g,\"min_loss\":%.9g,\"max_loss\":%.9g,"
                "\"path\":%zu,\"explained\":[%.6f,%.6f],\"sharpness\":%s,\"roughness\":%s,\"basin\":%s}\n",
        result.epoch, result.grid.size, result.grid.range, double(result.grid.lossAt(centre, centre)), double(lo),
        double(hi), result.path.size(), result.explained1, result.explained2, number(result.curvature).c_str(),
        number(result.roughness).c_str(), number(result.basinShare).c_str());
    return 0;
}

} // namespace ds::app
