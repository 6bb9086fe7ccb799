// deepscope: runs a command-line command when one is given, else opens the window.
#include "cli.h"
#include "datacommand.h"
#include "inspectcommand.h"
#include "landscapecommand.h"
#include "rendercommand.h"
#include "traincommand.h"
#include "model/modelview.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QMessageBox>
#include <QScreen>

#include <cstdio>

int main(int argc, char *argv[])
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "render")
        return ds::app::runRender(argc, argv, args);
    if (!args.empty() && args[0] == "train")
        return ds::app::runTrain(argc, argv, args);
    if (!args.empty() && args[0] == "export")
        return ds::app::runExport(argc, argv, args);
    if (!args.empty() && args[0] == "inspect")
        return ds::app::runInspect(args);
    if (!args.empty() && args[0] == "data")
        return ds::app::runData(argc, argv, args);
    if (!args.empty() && args[0] == "landscape")
        return ds::app::runLandscape(argc, argv, args);
    if (const auto code = ds::app::runCommand(args))
        return *code;

    QApplication app(argc, argv);
    QApplication::setApplicationName("Deepscope");
    QApplication::setOrganizationName("Deepscope");
    // The desktop entry this window belongs to (its icon and name in a Wayland dock or task bar).
    QGuiApplication::setDesktopFileName("io.github.deepscope.Deepscope");
    ds::app::MainWindow window;
    // Open on most of the screen: the network diagram takes the free space, and a projector wants it.
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QRect free = screen->availableGeometry();
        window.resize(free.size() * 0.92);
        window.move(free.center() - window.rect().center());
    }
    window.show();
    window.startSession();
    if (args.empty())
        window.showStartPageIfWanted();
    else if (args.size() >= 2 && args[0] == "--mode")
        window.showMode(ds::app::modeIndex(args[1]));
    else if (!args.empty() && args[0].rfind("-", 0) != 0) { // deepscope FILE
        QString error;
        const QString path = QString::fromLocal8Bit(args[0].c_str());
        const bool ok = path.endsWith(".onnx", Qt::CaseInsensitive) ? window.openModelFile(path, &error)
                                                                    : window.openFile(path, &error);
        if (!ok) {
            std::fprintf(stderr, "deepscope: %s\n", error.toLocal8Bit().constData());
            QMessageBox::warning(&window, "Cannot open the playground", error);
        }
        // deepscope MODEL.onnx PICTURE|FOLDER...: the pictures go through the model once it is open.
        QStringList pictures;
        for (std::size_t i = 1; i < args.size(); ++i)
            pictures << QString::fromLocal8Bit(args[i].c_str());
        if (ok && path.endsWith(".onnx", Qt::CaseInsensitive) && !pictures.isEmpty()
            && !window.modelView()->openPictures(pictures, &error))
            std::fprintf(stderr, "deepscope: %s\n", error.toLocal8Bit().constData());
    }
    return app.exec();
}
