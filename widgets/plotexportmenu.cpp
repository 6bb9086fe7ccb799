#include "plotexportmenu.h"

#include <QAction>
#include <QCursor>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolTip>

namespace ds::widgets {
namespace {

QString askForPath(QWidget *parent, const QString &title, const QString &fileName, const QString &filter)
{
    const QString folder = QSettings().value("lastFolder", QDir::homePath()).toString();
    QString path = QFileDialog::getSaveFileName(parent, title, QDir(folder).filePath(fileName), filter);
    const QString suffix = "." + QFileInfo(fileName).suffix();
    if (!path.isEmpty() && suffix.size() > 1 && !path.endsWith(suffix, Qt::CaseInsensitive))
        path += suffix;
    return path;
}

} // namespace

void confirmExport(QWidget *from, const QString &path)
{
    const QString text = "Wrote " + QDir::toNativeSeparators(path);
    if (auto *main = qobject_cast<QMainWindow *>(from ? from->window() : nullptr))
        main->statusBar()->showMessage(text, 6000);
    else
        QToolTip::showText(QCursor::pos(), text, from);
}

void addFileExportAction(
    QMenu *menu, QWidget *parent, const QString &text, const QString &fileName, const QString &filter, FileWriter write)
{
    QAction *action = menu->addAction(text);
    QObject::connect(action, &QAction::triggered, parent, [=] {
        QString title = text;
        title.remove(QChar(0x2026)); // the dialog's title is the action without its "…"
        const QString path = askForPath(parent, title, fileName, filter);
        if (path.isEmpty())
            return;
        QString error;
        if (!write(path, &error)) {
            QMessageBox::warning(parent, "Cannot export", error);
            return;
        }
        QSettings().setValue("lastFolder", QFileInfo(path).absolutePath());
        confirmExport(parent, path);
    });
}

void addPlotExportActions(
    QMenu *menu, QWidget *parent, const QString &baseName, const std::function<PlotPicture()> &picture)
{
    addFileExportAction(menu, parent, "Export as PNG\u2026", baseName + ".png", "PNG images (*.png)",
        [picture](const QString &path, QString *error) { return exportPng(picture(), path, error); });
    addFileExportAction(menu, parent, "Export as SVG\u2026", baseName + ".svg", "SVG drawings (*.svg)",
        [picture](const QString &path, QString *error) { return exportSvg(picture(), path, error); });
}

} // namespace ds::widgets
