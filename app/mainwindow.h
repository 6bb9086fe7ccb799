// MainWindow: wires the parts of the playground together. (The playground itself comes with its
// own issue; for now it shows the backends and the default data set's size.)
#pragma once

#include <QMainWindow>

namespace ds::app {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace ds::app
