// convarith_shots [folder]: renders each case of the conv-arithmetic guide (the view's examples),
// the transposed ones both ways, and the whole view at 1366×768 (light and dark, both tabs) to
// PNGs in `folder` (default /tmp/convarith-shots), for a person to look at. Run it offscreen:
// QT_QPA_PLATFORM=offscreen convarith_shots
#include "arithmetic/convarithexport.h"
#include "arithmetic/convarithpresets.h"
#include "arithmetic/convarithview.h"

#include <QApplication>
#include <QDir>
#include <QTest>

#include <cstdio>

using namespace ds::widgets;

namespace {

// A frame that shows the most: the middle one, or the last where some input cells are never
// visited (the windows stop short at the end).
int interestingFrame(const ConvArithModel &m)
{
    if (!m.unvisitedInputs().empty() && !isTransposed(m.mode()))
        return m.frameCount() - 1;
    // Scattering a zero adds nothing to look at: from the middle on, the first non-zero input.
    if (m.mode() == ConvArithMode::TransposedScatter)
        for (int f = m.frameCount() / 2; f < m.frameCount(); ++f)
            if (m.input(m.frameCell(f).row, m.frameCell(f).col) != 0)
                return f;
    return m.frameCount() / 2;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x23, 0x25, 0x29));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::Base, QColor(0x1b, 0x1d, 0x20));
    p.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::Button, QColor(0x30, 0x33, 0x38));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa8));
    return p;
}

bool saveView(ConvArithmeticView &view, const QString &path)
{
    QTest::qWait(50);
    return view.grab().save(path);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QString folder = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString("/tmp/convarith-shots");
    if (!QDir().mkpath(folder)) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(folder));
        return 1;
    }
    const QDir dir(folder);
    ConvArithExportOptions options;
    options.palette = app.palette();
    options.font = app.font();
    int written = 0, failed = 0;
    auto save = [&](const ConvArithModel &m, const QString &name) {
        const bool ok = exportConvArithPng(m, interestingFrame(m), options, dir.filePath(name));
        ok ? ++written : ++failed;
    };

    const auto &presets = convArithPresets();
    for (std::size_t i = 0; i < presets.size(); ++i) {
        const ConvArithPreset &p = presets[i];
        ConvArithModel m(p.setup);
        if (!p.input.empty() || !p.kernel.empty())
            m.setNumbers(p.input, p.kernel);
        const QString stem = QString("case-%1").arg(i + 1, 2, 10, QChar('0'));
        save(m, stem + ".png");
        if (isTransposed(p.setup.mode)) {
            ConvArithSetup scatter = p.setup;
            scatter.mode = ConvArithMode::TransposedScatter;
            m.setSetup(scatter);
            save(m, stem + "-scatter.png");
        }
    }

    ConvArithmeticView view;
    view.resize(1366, 768);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return 1;
    view.applyPreset(6);
    view.setFrame(view.canvas()->model().frameCount() - 1);
    (saveView(view, dir.filePath("view-1366x768.png")) ? written : failed)++;
    view.showReceptiveField();
    (saveView(view, dir.filePath("view-receptive-1366x768.png")) ? written : failed)++;
    view.setPalette(darkPalette());
    (saveView(view, dir.filePath("view-receptive-dark.png")) ? written : failed)++;
    view.showConvolution(7, 7, 3, 1, 0, 2);
    view.setFrame(4);
    (saveView(view, dir.filePath("view-dark-1366x768.png")) ? written : failed)++;
    view.setPalette(app.palette());
    view.showConvolution(28, 28, 5, 1, 2, 1); // a real MNIST layer from the CNN editor
    view.setFrame(100);
    (saveView(view, dir.filePath("view-mnist-layer.png")) ? written : failed)++;

    // A smaller dock, as the view may get inside the main window.
    view.resize(1000, 620);
    view.applyPreset(13);
    ConvArithSetup scatter = view.setup();
    scatter.mode = ConvArithMode::TransposedScatter;
    view.setSetup(scatter);
    view.setFrame(4);
    (saveView(view, dir.filePath("view-scatter-1000x620.png")) ? written : failed)++;

    std::printf("%d images in %s%s\n", written, qPrintable(folder), failed ? ", some failed" : "");
    return failed ? 1 : 0;
}
