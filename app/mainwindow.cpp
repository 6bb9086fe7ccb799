#include "mainwindow.h"

#include "cli.h"
#include "points2d.h"

#include <QLabel>

namespace ds::app {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle("Deepscope");
    const data::Points2D points = data::generate({});
    auto *label = new QLabel(QString::fromStdString(infoText())
            + QString("\nDefault data: circle, %1 training and %2 test points")
                  .arg(points.train.size())
                  .arg(points.test.size()),
        this);
    label->setMargin(24);
    setCentralWidget(label);
    resize(640, 360);
}

} // namespace ds::app
