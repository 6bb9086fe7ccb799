// Renders the backend selector as a user sees it, offscreen, to a PNG: the combo box with the GPU
// entry chosen where one is usable, and beneath it every entry with its tooltip (the device's name
// and memory, or why the GPU is off). Made for the GPU machine, which has no display and no
// deepscope window's libraries (tools/gpu-bundle carries this and the Qt it needs).
// backendbox_shot OUT.png. Not a test.
#include "controls/backendbox.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QVBoxLayout>
#include <QWidget>

#include <cstdio>

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: backendbox_shot OUT.png\n");
        return 2;
    }
    QWidget w;
    auto *layout = new QVBoxLayout(&w);
    layout->addWidget(new QLabel("Backend"));
    auto *box = new QComboBox;
    ds::app::fillBackendBox(box);
    layout->addWidget(box);
    QString entries;
    for (int i = 0; i < box->count(); ++i) {
        entries += box->itemText(i) + "  —  " + box->itemData(i, Qt::ToolTipRole).toString() + "\n";
        if (box->itemData(i).toString() != "cpu" && box->model()->index(i, 0).flags() & Qt::ItemIsEnabled)
            box->setCurrentIndex(i);
    }
    auto *list = new QLabel(entries.trimmed());
    list->setWordWrap(true);
    layout->addWidget(list);
    w.resize(560, 140);
    w.show();
    app.processEvents();
    const bool ok = w.grab().save(QString::fromLocal8Bit(argv[1]));
    std::printf("%s", entries.toLocal8Bit().constData());
    return ok ? 0 : 1;
}
