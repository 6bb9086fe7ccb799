// MainWindow: menus, files (playgrounds and CSV points), drag and drop.
#include "mainwindow.h"

#include "error.h"
#include "outputpanel.h"
#include "playgroundfile.h"
#include "trainingworker.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>

namespace ds::app {

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu("&File");
    file->addAction("&New playground", QKeySequence::New, this, [this] {
        m_path.clear();
        setConfig(PlaygroundConfig {});
    });
    file->addAction("&Open playground…", QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, "Open playground", QString(), "Deepscope playgrounds (*.json);;All files (*)");
        QString error;
        if (!path.isEmpty() && !openFile(path, &error))
            QMessageBox::warning(this, "Cannot open the playground", error);
    });
    auto saveAs = [this] {
        const QString path = QFileDialog::getSaveFileName(this, "Save playground",
            m_path.isEmpty() ? "playground.deepscope.json" : m_path, "Deepscope playgrounds (*.json)");
        QString error;
        if (!path.isEmpty() && !saveFile(path, &error))
            QMessageBox::warning(this, "Cannot save the playground", error);
    };
    file->addAction("&Save", QKeySequence::Save, this, [this, saveAs] {
        QString error;
        if (m_path.isEmpty())
            saveAs();
        else if (!saveFile(m_path, &error))
            QMessageBox::warning(this, "Cannot save the playground", error);
    });
    file->addAction("Save &as…", QKeySequence::SaveAs, this, saveAs);
    file->addSeparator();
    file->addAction("Open &points (CSV)…", this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, "Open points", QString(), "CSV files (*.csv);;All files (*)");
        QString error;
        if (!path.isEmpty() && !loadPointsCsv(path, &error))
            QMessageBox::warning(this, "Cannot read the points", error);
    });
    file->addAction("&Export window as image…", this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, "Export image", "playground.png", "PNG images (*.png)");
        if (!path.isEmpty() && !grab().save(path))
            QMessageBox::warning(this, "Cannot export", "Could not write " + path);
    });
    file->addSeparator();
    file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu("&Edit");
    edit->addAction(
        "&Play / pause\tSpace", this, [this] { QMetaObject::invokeMethod(m_worker, &TrainingWorker::togglePlay); });
    edit->addAction(
        "&Step one epoch\tRight", this, [this] { QMetaObject::invokeMethod(m_worker, &TrainingWorker::step); });
    edit->addAction(
        "&Reset the network\tR", this, [this] { QMetaObject::invokeMethod(m_worker, &TrainingWorker::reset); });
    edit->addSeparator();
    edit->addAction("&Clear drawn points", this, [this] {
        editConfig([](PlaygroundConfig &c) {
            c.drawnPoints.clear();
            c.drawnOnly = false;
        });
    });
    edit->addAction("&Draw my own data set", this, [this] {
        // Start from an empty plane with two seed points, one per class, as ConvNetJS's 2D demo.
        editConfig([](PlaygroundConfig &c) {
            c.drawnOnly = true;
            c.drawnClasses = 2;
            c.drawnPoints = {{-3.0f, 0.0f, 0.0f}, {3.0f, 0.0f, 1.0f}};
        });
    });

    QMenu *view = menuBar()->addMenu("&View");
    QAction *full = view->addAction("&Full screen", this, [this] { isFullScreen() ? showNormal() : showFullScreen(); });
    full->setShortcut(QKeySequence::FullScreen);
    full->setShortcuts({QKeySequence(Qt::Key_F11), QKeySequence::FullScreen});

    QMenu *help = menuBar()->addMenu("&Help");
    help->addAction("&About Deepscope", this, [this] {
        QMessageBox::about(this, "About Deepscope",
            "<b>Deepscope</b><br>A neural-network playground: build a network, press play, watch it learn.");
    });
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    const auto config = loadPlayground(path, error);
    if (!config)
        return false;
    m_path = path;
    m_output->clearHistory();
    setConfig(*config);
    return true;
}

bool MainWindow::saveFile(const QString &path, QString *error)
{
    if (!savePlayground(path, m_config, error))
        return false;
    m_path = path;
    updateTitle();
    return true;
}

bool MainWindow::loadPointsCsv(const QString &path, QString *error)
{
    try {
        const data::Points2D points = data::loadCsv(path.toStdString(), m_config.trainPercent, m_config.dataSeed);
        PlaygroundConfig c = m_config;
        c.drawnOnly = true;
        c.drawnClasses = points.numClasses;
        c.drawnPoints = points.train;
        c.drawnPoints.insert(c.drawnPoints.end(), points.test.begin(), points.test.end());
        setConfig(c);
        return true;
    } catch (const Error &e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile() && (url.toLocalFile().endsWith(".csv") || url.toLocalFile().endsWith(".json"))) {
            event->acceptProposedAction();
            return;
        }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        QString error;
        const QString path = url.toLocalFile();
        const bool ok = path.endsWith(".csv") ? loadPointsCsv(path, &error) : openFile(path, &error);
        if (!ok)
            QMessageBox::warning(this, "Cannot open " + QFileInfo(path).fileName(), error);
    }
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_path.isEmpty() ? QString("Deepscope") : QFileInfo(m_path).fileName() + " — Deepscope");
}

} // namespace ds::app
