// deepscope: runs a command-line command when one is given, else opens the window.
#include "cli.h"
#include "mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (const auto code = ds::app::runCommand(args))
        return *code;

    QApplication app(argc, argv);
    QApplication::setApplicationName("Deepscope");
    QApplication::setOrganizationName("Deepscope");
    ds::app::MainWindow window;
    window.show();
    return app.exec();
}
