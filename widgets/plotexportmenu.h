// The context-menu side of plot exports: actions that ask for a file with QFileDialog (starting in
// the folder used last, QSettings "lastFolder", as the playground's Save and Open do), write it,
// say where it went (confirmExport), and tell the user in a message box when it could not be
// written.
#pragma once

#include "plotexport.h"

#include <functional>

class QMenu;
class QWidget;

namespace ds::widgets {

// Writes the file at the path the user chose; false with the reason in *error.
using FileWriter = std::function<bool(const QString &path, QString *error)>;

// One action: `text` ("Export history as CSV…"), a suggested file name whose extension is added
// to a chosen name without it, and a filter for the dialog ("CSV files (*.csv)").
void addFileExportAction(QMenu *menu, QWidget *parent, const QString &text, const QString &fileName,
    const QString &filter, FileWriter write);

// Says that `path` was written: in the status bar of the main window `from` sits in, for a few
// seconds, or as a tooltip by the pointer where there is none (a window of its own).
void confirmExport(QWidget *from, const QString &path);

// "Export as PNG…" and "Export as SVG…", suggesting `baseName`.png / .svg. `picture` is called
// only when one is chosen, so building the menu costs nothing.
void addPlotExportActions(
    QMenu *menu, QWidget *parent, const QString &baseName, const std::function<PlotPicture()> &picture);

} // namespace ds::widgets
