#include "traincommand.h"

#include "backends.h"
#include "cli.h"
#include "document/playgroundfile.h"
#include "images/cnnview.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace ds::app {
namespace {

struct Options {
    std::string file, save, onnx, torch, history, backend;
    long epochs = 0;
};

// Parses `args` after the command; prints the problem and returns nothing on a bad line.
std::optional<Options> parse(const std::vector<std::string> &args, bool exporting)
{
    Options o;
    const std::string cmd = args[0];
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        const bool hasValue = i + 1 < args.size();
        // An output named as nothing ("--save ''") would write nothing and say it worked.
        if (a.starts_with("--") && a != "--epochs" && a != "--backend" && hasValue && args[i + 1].empty()) {
            std::cerr << "deepscope " << cmd << ": " << a << " needs a file name\n";
            return std::nullopt;
        }
        if (!exporting && a == "--epochs" && hasValue) {
            const std::optional<long> n = wholeArgument(args[++i], 0, 1000000);
            if (!n) {
                std::cerr << "deepscope train: --epochs takes a whole number from 0 to 1000000\n";
                return std::nullopt;
            }
            o.epochs = *n;
        } else if (!exporting && a == "--backend" && hasValue)
            o.backend = args[++i];
        else if (!exporting && a == "--save" && hasValue)
            o.save = args[++i];
        else if (!exporting && a == "--history" && hasValue)
            o.history = args[++i];
        else if ((a == "--export-onnx" || (exporting && a == "--onnx")) && hasValue)
            o.onnx = args[++i];
        else if ((a == "--export-torch" || (exporting && a == "--torch")) && hasValue)
            o.torch = args[++i];
        else if (o.file.empty() && !a.starts_with("-"))
            o.file = a;
        else {
            std::cerr << "deepscope " << cmd << ": unexpected argument '" << a << "'\n";
            return std::nullopt;
        }
    }
    if (o.file.empty() || (exporting && o.onnx.empty() && o.torch.empty())) {
        if (exporting)
            std::cerr << "usage: deepscope export FILE.deepscope --onnx OUT.onnx | --torch DIR\n";
        else
            std::cerr << "usage: deepscope train FILE.deepscope [--epochs N] [--backend cpu|cuda] [--save OUT]\n"
                         "                       [--export-onnx OUT.onnx] [--export-torch DIR] [--history OUT.csv]\n";
        return std::nullopt;
    }
    return o;
}

// A bar redrawn in place on a terminal; one line per tenth of the run otherwise (a log file).
class Progress {
public:
    explicit Progress(long total) : m_total(total), m_terminal(isatty(STDERR_FILENO)) { }
    void show(long done, const std::string &detail)
    {
        if (m_total <= 0)
            return;
        if (m_terminal) {
            const int width = 30, filled = int(double(width) * double(done) / double(m_total));
            std::cerr << "\r[" << std::string(std::size_t(filled), '#') << std::string(std::size_t(width - filled), '.')
                      << "] epoch " << done << "/" << m_total << "  " << detail << "   " << std::flush;
            if (done == m_total)
                std::cerr << "\n";
        } else if (done == m_total || done * 10 / m_total != m_lastTenth) {
            std::cerr << "epoch " << done << "/" << m_total << "  " << detail << "\n";
        }
        m_lastTenth = done * 10 / m_total;
    }

private:
    long m_total;
    bool m_terminal;
    long m_lastTenth = 0;
};

std::string number(double v)
{
    if (!std::isfinite(v))
        return "null"; // JSON has no NaN
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

// "" when every trained run the file holds is back in its mode, else why not: a run that does not
// fit is an error here, never a fresh start that a --save would write over the file.
std::string restoreProblem(MainWindow &window, const PlaygroundDocument &d)
{
    if (d.pointsRun) {
        window.trainAndWait(0); // the snapshot after the restore, or the worker's word why there is none
        const auto s = window.lastSnapshot();
        if (!s || s->updates != d.pointsRun->trainer.updates)
            return "the Points mode's trained network was not restored: " + window.lastError().toStdString();
    }
    if (d.imagesRun) {
        CnnView *cnn = window.cnnView();
        if (!cnn->trainAndWait(0) || cnn->lastSnapshot()->updates != d.imagesRun->trainer.updates)
            return "the Images mode's trained network was not restored: " + window.lastError().toStdString();
    }
    return {};
}

// A JSON string of `text` (our messages: printable, but quotes and backslashes escaped).
std::string jsonText(const std::string &text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20)
            out += c;
    }
    return out + "\"";
}

// Trains the window's current mode; returns the summary's fields or an error.
std::optional<std::string> train(MainWindow &window, long epochs, std::string *error)
{
    Progress progress(epochs);
    if (window.mode() == MainWindow::ImagesMode) {
        CnnView *cnn = window.cnnView();
        if (!cnn->trainAndWait(0)) {
            const auto s = cnn->lastSnapshot();
            // The loader's own words (a missing folder, a damaged file), not just that it failed.
            const std::string said = window.lastError().toStdString();
            *error = !said.empty() ? "the images did not load: " + said
                : s && !s->message.empty() ? s->message
                                             : "the images did not load";
            return std::nullopt;
        }
        for (long done = 1; done <= epochs; ++done) {
            if (!cnn->trainAndWait(1)) {
                const auto s = cnn->lastSnapshot();
                *error = s && !s->message.empty() ? "training the CNN stopped: " + s->message
                                                  : "training the CNN stopped in epoch " + std::to_string(done);
                return std::nullopt;
            }
            const auto s = cnn->lastSnapshot();
            const Metrics m = s->report ? s->report->metrics : Metrics {};
            progress.show(done,
                cnn->dataTestCount() == 0 ? std::string("no test images")
                                          : "test loss " + number(m.loss) + ", accuracy " + number(m.accuracy));
        }
        const auto s = cnn->lastSnapshot();
        const Metrics m = s->report ? s->report->metrics : Metrics {};
        if (epochs > 0 && !m.finite()) {
            *error = "training diverged (the test loss is not a number)";
            return std::nullopt;
        }
        // No test images ("testFraction": 0): no test numbers, not a loss of 0.
        if (cnn->dataTestCount() == 0)
            return "\"mode\":\"images\",\"epochs\":" + std::to_string(s->epoch) + ",\"test_loss\":null";
        return "\"mode\":\"images\",\"epochs\":" + std::to_string(s->epoch) + ",\"test_loss\":" + number(m.loss)
            + ",\"test_accuracy\":" + number(m.accuracy);
    }
    const long chunk = std::max(1L, epochs / 50);
    for (long done = 0; done < epochs;) {
        const long n = std::min(chunk, epochs - done);
        window.trainAndWait(n);
        done += n;
        const auto s = window.lastSnapshot();
        if (!s) {
            *error = "the playground has no network";
            return std::nullopt;
        }
        progress.show(done, "train loss " + number(s->train.loss) + ", test loss " + number(s->test.loss));
        // A stop rule of the playground (an epoch limit, the patience) ends the run as it ends one
        // in the window; so do a divergence and an error.
        if (s->stopped || s->diverged || !s->train.finite() || !s->test.finite())
            break;
    }
    if (epochs == 0)
        window.trainAndWait(0);
    const auto s = window.lastSnapshot();
    if (!s || s->diverged || !s->train.finite() || !s->test.finite()) {
        *error = s && !s->message.empty() ? s->message : "training did not produce a finite loss";
        return std::nullopt;
    }
    // No test points (a drawn set trains on all of them): no test numbers, not a loss of 0.
    std::string fields = "\"mode\":\"points\",\"epochs\":" + std::to_string(s->epoch)
        + ",\"train_loss\":" + number(s->train.loss) + ",\"test_loss\":" + (s->hasTest ? number(s->test.loss) : "null");
    if (s->hasTest && s->test.accuracy >= 0)
        fields += ",\"test_accuracy\":" + number(s->test.accuracy);
    if (s->stopped)
        fields += ",\"stopped\":" + jsonText(s->message); // which rule ended the run before --epochs
    return fields;
}

int run(int argc, char *argv[], const std::vector<std::string> &args, bool exporting)
{
    const std::optional<Options> o = parse(args, exporting);
    if (!o)
        return 2;
    const std::string cmd = "deepscope " + args[0] + ": ";
    if (!o->backend.empty()) {
        bool known = false;
        for (const BackendInfo &b : probeBackends()) {
            if (b.id != o->backend)
                continue;
            known = true;
            if (!b.available) {
                std::cerr << cmd << "the " << b.id << " backend is not available: " << b.reason << "\n";
                return 1;
            }
        }
        if (!known) {
            std::cerr << cmd << "--backend is cpu or cuda\n";
            return 2;
        }
    }
    useHeadlessQt();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Deepscope");
    QApplication::setApplicationName("deepscope-cli"); // its own settings, not the window's
    if (QString::fromStdString(o->file).endsWith(".onnx", Qt::CaseInsensitive)) {
        // A model, not a playground: say what it is and what opens it, not that it is bad JSON.
        std::cerr << cmd << o->file << " is an ONNX model, not a playground: `deepscope " << o->file
                  << "` opens it in the Images mode (then File → Save makes a playground of it), and `deepscope "
                     "inspect "
                  << o->file << "` describes it\n";
        return 1;
    }
    QString error;
    std::optional<PlaygroundDocument> d = loadDocument(QString::fromStdString(o->file), &error);
    if (!d) {
        std::cerr << cmd << error.toStdString() << "\n";
        return 1;
    }
    if (!o->backend.empty())
        d->points.backend = d->images.backend = o->backend;
    MainWindow window;
    window.resize(1366, 768);
    window.setDocument(*d);
    window.showMode(d->mode);
    if (const std::string why = restoreProblem(window, *d); !why.empty()) {
        std::cerr << cmd << o->file << ": " << why << "\n";
        return 1;
    }

    QElapsedTimer clock;
    clock.start();
    std::string summary, why;
    if (const std::optional<std::string> fields = train(window, o->epochs, &why))
        summary = *fields;
    else {
        std::cerr << cmd << why << "\n";
        return 1;
    }
    const double seconds = double(clock.elapsed()) / 1000.0;
    auto step = [&](const std::string &what, bool ok) {
        if (!ok)
            std::cerr << cmd << what << ": " << error.toStdString() << "\n";
        return ok;
    };
    if (!o->save.empty() && !step("cannot save", window.saveFile(QString::fromStdString(o->save), &error)))
        return 1;
    if (!o->onnx.empty() && !step("cannot export ONNX", window.exportOnnxFile(QString::fromStdString(o->onnx), &error)))
        return 1;
    if (!o->history.empty()
        && !step("cannot write the history", window.exportHistoryCsv(QString::fromStdString(o->history), &error)))
        return 1;
    if (!o->torch.empty()
        && !step(
            "cannot export the PyTorch script", window.exportTorchFolder(QString::fromStdString(o->torch), &error)))
        return 1;
    if (!exporting)
        std::cout << "{" << summary << ",\"seconds\":" << number(seconds) << "}\n";
    return 0;
}

} // namespace

int runTrain(int argc, char *argv[], const std::vector<std::string> &args)
{
    return run(argc, argv, args, false);
}

int runExport(int argc, char *argv[], const std::vector<std::string> &args)
{
    return run(argc, argv, args, true);
}

} // namespace ds::app
