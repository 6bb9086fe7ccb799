// deepscope: runs a command-line command when one is given, else opens the window.
#include "cli.h"
#include "mainwindow.h"
#include "rendercommand.h"

#include <QApplication>
#include <QScreen>

int main(int argc, char *argv[])
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "render")
        return ds::app::runRender(argc, argv, args);
    if (const auto code = ds::app::runCommand(args))
        return *code;

    QApplication app(argc, argv);
    QApplication::setApplicationName("Deepscope");
    QApplication::setOrganizationName("Deepscope");
    ds::app::MainWindow window;
    // Open on most of the screen: the network diagram takes the free space, and a projector wants it.
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QRect free = screen->availableGeometry();
        window.resize(free.size() * 0.92);
        window.move(free.center() - window.rect().center());
    }
    window.show();
    if (args.size() >= 2 && args[0] == "--mode")
        window.showMode(ds::app::modeIndex(args[1]));
    return app.exec();
}
