// Memory and load time of image data as the window holds it (issue 26's "data in one copy"), each
// case in a process of its own so that its peak (VmHWM) is its own:
// - lenet5_window_resident: the window (offscreen) training LeNet-5 on the bundled digits at full
//   speed for 10 s (--quick: 4 s); the resident memory then, and the process's peak.
// - folder224_load: a folder of 1,000 RGB 224×224 PNG images in 10 classes (written by this
//   program beforehand, not timed) opened in the Images mode until its network is built and
//   scored: the seconds, and the process's peak resident memory.
// The child runs are this program again with --case NAME; `--case write-folder DIR` only writes
// the images.
#include "document/playgroundfile.h"
#include "heavywindow.h"
#include "images/cnnview.h"
#include "processmemory.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>
#include <cstdio>
#include <string>

using namespace ds::app;
using ds::bench::runFor;
using ds::bench::statusMegabytes;

namespace {

void printRow(const std::string &name, double value, const char *unit)
{
    std::printf("{\"name\": \"%s\", \"value\": %.2f, \"unit\": \"%s\"}\n", name.c_str(), value, unit);
    std::fflush(stdout);
}

// Saves an Images playground and opens it in `window`; false (with a message) on failure.
bool openImages(MainWindow &window, const ImagesConfig &images, const QString &dir)
{
    PlaygroundDocument d;
    d.mode = PlaygroundDocument::Images;
    d.images = images;
    const QString path = dir + "/bench.deepscope";
    QString error;
    if (!saveDocument(path, d, &error) || !window.openFile(path, &error)) {
        std::fprintf(stderr, "bench_data: %s\n", qPrintable(error));
        return false;
    }
    return true;
}

int lenet5Window(bool quick)
{
    MainWindow window;
    window.resize(1366, 768);
    window.show();
    QTemporaryDir dir;
    ImagesConfig images;
    images.epochs = 100000;
    images.epochsPerSecond = 0; // full speed
    if (!openImages(window, images, dir.path()))
        return 1;
    CnnView *cnn = window.cnnView();
    if (!cnn->trainAndWait(0)) {
        std::fprintf(stderr, "bench_data: the LeNet-5 playground did not start\n");
        return 1;
    }
    cnn->togglePlay();
    runFor(quick ? 4.0 : 10.0);
    cnn->togglePlay();
    printRow("lenet5_window_resident", statusMegabytes("VmRSS:"), "MB");
    printRow("lenet5_window_peak", statusMegabytes("VmHWM:"), "MB");
    return 0;
}

// 1,000 images, 100 per class: a colour grating whose angle and colours follow the class, with
// a per-image phase, so that PNG has real content to compress and decode.
bool writeFolder(const QString &root)
{
    for (int c = 0; c < 10; ++c) {
        const QString classDir = root + QString("/class%1").arg(c);
        if (!QDir().mkpath(classDir))
            return false;
        const double angle = c * 0.314, cs = std::cos(angle), sn = std::sin(angle);
        for (int i = 0; i < 100; ++i) {
            QImage image(224, 224, QImage::Format_RGB888);
            for (int y = 0; y < 224; ++y) {
                uchar *row = image.scanLine(y);
                for (int x = 0; x < 224; ++x) {
                    const double v = 0.5 + 0.5 * std::sin(0.15 * (x * cs + y * sn) + i);
                    row[3 * x] = uchar(255 * v);
                    row[3 * x + 1] = uchar(255 * (c % 3 == 0 ? 1 - v : v * 0.5));
                    row[3 * x + 2] = uchar((x ^ y ^ (i * 7 + c)) & 255);
                }
            }
            if (!image.save(classDir + QString("/%1.png").arg(i, 4, 10, QChar('0'))))
                return false;
        }
    }
    return true;
}

int folderLoad(const QString &folder)
{
    MainWindow window;
    window.resize(1366, 768);
    window.show();
    QTemporaryDir dir;
    ImagesConfig images;
    images.data.source = ImageDataChoice::Folder;
    images.data.paths = {folder};
    images.data.channels = 3;
    images.data.height = images.data.width = 224;
    QElapsedTimer clock;
    clock.start();
    if (!openImages(window, images, dir.path()))
        return 1;
    if (!window.cnnView()->trainAndWait(0)) {
        std::fprintf(stderr, "bench_data: the folder's playground did not start\n");
        return 1;
    }
    printRow("folder224_load_seconds", clock.nsecsElapsed() * 1e-9, "s");
    printRow("folder224_load_peak", statusMegabytes("VmHWM:"), "MB");
    printRow("folder224_resident", statusMegabytes("VmRSS:"), "MB");
    return 0;
}

// Runs this program again for one case and passes its rows on.
int child(const QStringList &arguments)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QCoreApplication::applicationFilePath(), arguments);
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "bench_data: %s failed\n", qPrintable(arguments.join(' ')));
        return 1;
    }
    std::fputs(p.readAllStandardOutput().constData(), stdout);
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    ds::bench::offscreenUnlessDisplay();
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool quick = args.contains("--quick");
    const int at = int(args.indexOf("--case"));
    if (at >= 0 && at + 1 < args.size()) {
        const QString name = args[at + 1];
        if (name == "lenet5")
            return lenet5Window(quick);
        if (name == "folder224" && at + 2 < args.size())
            return folderLoad(args[at + 2]);
        if (name == "write-folder" && at + 2 < args.size()) // the images alone, to look at them
            return writeFolder(args[at + 2]) ? 0 : 1;
        std::fprintf(stderr, "bench_data: unknown case %s\n", qPrintable(name));
        return 2;
    }
    QStringList lenet {"--case", "lenet5"};
    if (quick)
        lenet << "--quick";
    int failed = child(lenet);
    QTemporaryDir folder;
    if (!writeFolder(folder.path())) {
        std::fprintf(stderr, "bench_data: could not write the images to %s\n", qPrintable(folder.path()));
        return 1;
    }
    failed |= child({"--case", "folder224", folder.path()});
    return failed;
}
