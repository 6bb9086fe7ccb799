// The window's fluidity while the heavy case (spiral, all 7 features, 6 hidden layers of 8)
// trains at full speed: frames painted per second, the longest the UI thread went without
// running its event loop (a 2 ms timer's worst lateness), and training speed meanwhile.
// Runs offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set.
#include "heavywindow.h"
#include "points/controlbar.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QToolButton>

#include <cstdio>
#include <cstring>

using namespace ds::app;

int main(int argc, char **argv)
{
    ds::bench::offscreenUnlessDisplay();
    double seconds = 5.0;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--quick") == 0)
            seconds = 2.0;
    QApplication app(argc, argv);
    MainWindow window;
    ds::bench::showHeavyCase(window);

    long frames = 0;
    long long firstEpoch = -1, lastEpoch = 0;
    QObject::connect(&window, &MainWindow::snapshotShown, [&](long long epoch) {
        if (firstEpoch < 0)
            firstEpoch = epoch;
        lastEpoch = epoch;
        ++frames;
    });
    // The UI thread's responsiveness: a 2 ms timer should fire every 2 ms; its worst delay is
    // the longest the thread was busy (painting, handling a snapshot).
    QElapsedTimer sinceTick, total;
    qint64 worstGapNs = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (sinceTick.isValid())
            worstGapNs = std::max(worstGapNs, sinceTick.nsecsElapsed());
        sinceTick.restart();
    });
    QTimer::singleShot(500, [&] { // after start-up: play, then measure
        window.controlBar()->playButton()->click();
        frames = 0;
        firstEpoch = -1;
        total.start();
        probe.start(2);
    });
    QTimer::singleShot(int(500 + seconds * 1000), [&] { app.quit(); });
    app.exec();
    const double elapsed = total.nsecsElapsed() * 1e-9;
    std::printf("{\"name\": \"window_frames_heavy\", \"value\": %.1f, \"unit\": \"frames/s\"}\n", frames / elapsed);
    std::printf("{\"name\": \"window_worst_stall_heavy\", \"value\": %.1f, \"unit\": \"ms\"}\n",
        std::max(0.0, worstGapNs * 1e-6 - 2.0));
    std::printf("{\"name\": \"window_training_heavy\", \"value\": %.0f, \"unit\": \"epochs/s\"}\n",
        (lastEpoch - std::max(0LL, firstEpoch)) / elapsed);
    return 0;
}
