// The window as the window benchmarks measure it: offscreen unless a display is set, at
// 1366 x 768, on the heavy Points case (spiral, all 7 features, 6 hidden layers of 8), paused,
// at full speed when played.
#pragma once

#include "window/mainwindow.h"

#include <QtGlobal>

namespace ds::bench {

// Before the QApplication is made.
inline void offscreenUnlessDisplay()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

inline void showHeavyCase(app::MainWindow &window)
{
    window.resize(1366, 768);
    window.show();
    app::PlaygroundConfig c;
    c.dataset = data::Generator::Spiral;
    c.features = data::kAllFeatures;
    c.hiddenLayers = {8, 8, 8, 8, 8, 8};
    c.epochsPerSecond = 0;
    window.setConfig(c);
}

} // namespace ds::bench
