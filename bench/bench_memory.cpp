// Memory over a long run, as the app runs it: the window (offscreen), its training threads and
// the snapshots they paint. The heavy Points case (spiral, all 7 features, 6 hidden layers of 8)
// trains at full speed for --minutes, then LeNet-5 on the bundled digits in the Images mode
// for as long. The resident memory (VmRSS) is printed at the start of each run (after a warm-up
// of a tenth of it), every tenth, and at the end; a leak shows as growth between the start and
// the end. --minutes 60 (the default) is an hour's worth of each; --quick is one minute;
// --only points_heavy or --only lenet5 runs one.
#include "document/playgroundfile.h"
#include "heavywindow.h"
#include "images/cnnview.h"
#include "points/controlbar.h"
#include "processmemory.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QToolButton>

#include <cstdio>
#include <cstring>
#include <functional>
#include <string>

using namespace ds::app;
using ds::bench::runFor;

namespace {

double residentMegabytes()
{
    return ds::bench::statusMegabytes("VmRSS:");
}

// Runs for `seconds` after a warm-up of a tenth, sampling the memory; prints the JSON lines.
void measure(const std::string &name, double seconds, const std::function<long long()> &steps)
{
    runFor(seconds / 10);
    const double start = residentMegabytes();
    const long long stepsAtStart = steps();
    double peak = start;
    for (int tenth = 1; tenth <= 10; ++tenth) {
        runFor(seconds / 10);
        const double now = residentMegabytes();
        peak = std::max(peak, now);
        std::fprintf(stderr, "%s: %3d %%  %8.1f MB resident, %lld steps\n", name.c_str(), tenth * 10, now,
            steps() - stepsAtStart);
    }
    const double end = residentMegabytes();
    std::printf("{\"name\": \"memory_%s_start\", \"value\": %.1f, \"unit\": \"MB\"}\n", name.c_str(), start);
    std::printf("{\"name\": \"memory_%s_end\", \"value\": %.1f, \"unit\": \"MB\"}\n", name.c_str(), end);
    std::printf("{\"name\": \"memory_%s_peak\", \"value\": %.1f, \"unit\": \"MB\"}\n", name.c_str(), peak);
    std::printf("{\"name\": \"memory_%s_steps\", \"value\": %lld, \"unit\": \"updates\"}\n", name.c_str(),
        steps() - stepsAtStart);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    ds::bench::offscreenUnlessDisplay();
    double minutes = 60.0;
    std::string only; // --only points_heavy | lenet5
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (std::strcmp(argv[i], "--quick") == 0)
            minutes = 1.0;
        else if (std::strcmp(argv[i], "--minutes") == 0 && i + 1 < argc)
            minutes = std::atof(argv[++i]);
    }
    QApplication app(argc, argv);
    MainWindow window;
    ds::bench::showHeavyCase(window); // trained at full speed first
    if (only.empty() || only == "points_heavy") {
        window.controlBar()->playButton()->click();
        measure("points_heavy", minutes * 60, [&] {
            const auto s = window.lastSnapshot();
            return s ? s->updates : 0LL;
        });
        window.controlBar()->playButton()->click(); // pause
    }
    if (!only.empty() && only != "lenet5")
        return 0;

    // LeNet-5 on the bundled digits, with no epoch limit in sight.
    QTemporaryDir dir;
    PlaygroundDocument d;
    d.mode = PlaygroundDocument::Images;
    d.images.epochs = 100000;
    d.images.epochsPerSecond = 0; // full speed
    const QString path = dir.filePath("lenet.deepscope");
    QString error;
    if (!saveDocument(path, d, &error) || !window.openFile(path, &error)) {
        std::fprintf(stderr, "bench_memory: %s\n", qPrintable(error));
        return 1;
    }
    CnnView *cnn = window.cnnView();
    if (!cnn->trainAndWait(0)) {
        std::fprintf(stderr, "bench_memory: the LeNet-5 playground did not start\n");
        return 1;
    }
    cnn->togglePlay();
    measure("lenet5", minutes * 60, [&] {
        const auto s = cnn->lastSnapshot();
        return s ? s->updates : 0LL;
    });
    cnn->togglePlay();
    return 0;
}
