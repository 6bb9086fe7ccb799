// MainWindow: menus, the playground document and its files (save, open, recent, autosave and
// recovery, the unsaved mark), CSV points, drag and drop.
#include "mainwindow.h"

#include "arithmetic/convarithview.h"
#include "controls/trainingbar.h"
#include "downloads/getdatadialog.h"
#include "document/playgroundfile.h"
#include "error.h"
#include "images/cnnview.h"
#include "points/controlbar.h"
#include "points/outputpanel.h"
#include "plotexportmenu.h"
#include "training/trainingworker.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QToolButton>

namespace ds::app {

void MainWindow::getDataSets(const QString &id)
{
    GetDataDialog dialog(this);
    if (!id.isEmpty())
        dialog.select(id);
    connect(&dialog, &GetDataDialog::downloaded, m_cnn, &CnnView::refreshDataSets);
    connect(&dialog, &GetDataDialog::removed, m_cnn, &CnnView::refreshDataSets);
    connect(&dialog, &GetDataDialog::useInImagesMode, this, [this](const QString &set) {
        showMode(1);
        m_cnn->useDownloadedSet(set);
    });
    dialog.exec();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu("&File");
    file->addAction("&New playground", QKeySequence::New, this, [this] {
        if (!maybeSave())
            return;
        m_path.clear();
        setDocument(PlaygroundDocument {});
        markSaved(PlaygroundDocument {});
    });
    file->addAction("&Open playground…", QKeySequence::Open, this, [this] {
        if (!maybeSave())
            return;
        const QString folder = QSettings().value("lastFolder").toString();
        const QString path = QFileDialog::getOpenFileName(
            this, "Open playground", folder, "Deepscope playgrounds (*.deepscope *.json);;All files (*)");
        if (!path.isEmpty())
            openWithMessage(path);
    });
    m_recent = file->addMenu("Open &recent");
    fillRecentMenu();
    file->addAction("&Save", QKeySequence::Save, this, [this] { saveOrAsk(); });
    file->addAction("Save &as…", QKeySequence::SaveAs, this, [this] { saveAs(); });
    QAction *keepTraining = file->addAction("Save with the &trained network");
    keepTraining->setCheckable(true);
    keepTraining->setChecked(m_saveTraining);
    keepTraining->setToolTip("Keep the Points network's weights and its place in training in the file, so that "
                             "it opens as it was and goes on training the same way");
    connect(keepTraining, &QAction::toggled, this, [this](bool on) { m_saveTraining = on; });
    file->addSeparator();
    file->addAction("Open &points (CSV)…", this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, "Open points", QString(), "CSV files (*.csv);;All files (*)");
        QString error;
        if (!path.isEmpty() && !loadPointsCsv(path, &error))
            QMessageBox::warning(this, "Cannot read the points", error);
    });
    addModelActions(file);
    file->addAction("Get &data sets…", this, [this] { getDataSets(); });
    file->addAction("&Export window as image…", this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, "Export image", "playground.png", "PNG images (*.png)");
        if (path.isEmpty())
            return;
        if (grab().save(path))
            widgets::confirmExport(this, path);
        else
            QMessageBox::warning(this, "Cannot export", "Could not write " + path);
    });
    file->addSeparator();
    file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu("&Edit");
    // The current mode's training bar does what these say (both modes have the same one).
    auto barButton = [this](QToolButton *(TrainingBar::*button)() const) {
        return [this, button] {
            TrainingBar *bar = m_pages->currentWidget() == m_cnn ? m_cnn->trainingBar() : m_bar->trainingBar();
            (bar->*button)()->click();
        };
    };
    edit->addAction("&Play / pause\tSpace", this, barButton(&TrainingBar::playButton));
    edit->addAction("&Step one epoch\tRight", this, barButton(&TrainingBar::stepButton));
    edit->addAction("&Reset: new weights\tR", this, barButton(&TrainingBar::resetButton));
    edit->addAction("Re&play the same run\tShift+R", this, barButton(&TrainingBar::replayButton));
    edit->addAction("&Full speed on/off\tF", this, barButton(&TrainingBar::fullSpeedButton));
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

    QMenu *view = buildViewMenu();
    buildLessons(view);

    QMenu *help = menuBar()->addMenu("&Help");
    help->addAction("&About Deepscope", this, [this] {
        QMessageBox::about(this, "About Deepscope",
            "<b>Deepscope</b><br>A neural-network playground: build a network, press play, watch it learn.");
    });
}

PlaygroundDocument MainWindow::document(bool withImagesRun) const
{
    PlaygroundDocument d;
    d.mode = m_documentMode; // the Model mode is no part of a playground
    d.points = m_config;
    d.images = m_cnn->config();
    d.arithmetic = m_arithmetic->setup();
    d.lesson = m_lesson;
    for (const QString &name : hiddenControls())
        d.hiddenControls.push_back(name.toStdString());
    if (m_saveTraining) {
        QMetaObject::invokeMethod(
            m_worker, [&d, w = m_worker] { d.pointsRun = w->trainedRun(); }, Qt::BlockingQueuedConnection);
        if (d.pointsRun)
            d.pointsRun->curves = m_output->curves();
        if (withImagesRun)
            d.imagesRun = m_cnn->trainedRun();
    }
    return d;
}

void MainWindow::setDocument(const PlaygroundDocument &d)
{
    m_output->clearHistory();
    setConfig(d.points);
    // After the config in the worker's queue: it rebuilds first, then restores the run, or starts
    // from the seed's weights (a config of the same shape would otherwise keep the old training).
    if (d.pointsRun) {
        m_output->restoreCurves(d.pointsRun->trainer.epoch, d.pointsRun->curves);
        QMetaObject::invokeMethod(m_worker, [w = m_worker, run = *d.pointsRun] { w->restoreRun(run); });
    } else
        QMetaObject::invokeMethod(m_worker, &TrainingWorker::reset, Qt::QueuedConnection);
    // The Images mode starts (loads its data) only when it is shown or a document names data
    // other than its default.
    if (m_cnn->isStarted() || d.mode == PlaygroundDocument::Images || !(d.images == ImagesConfig {}) || d.imagesRun) {
        const bool wasStarted = m_cnn->isStarted();
        m_cnn->setConfig(d.images);
        if (d.imagesRun)
            m_cnn->restoreRun(*d.imagesRun);
        else if (wasStarted)
            m_cnn->reset(); // fresh weights, as the document has no trained network
    }
    m_arithmetic->setSetup(d.arithmetic);
    showMode(d.mode);
    showLesson(d.lesson);
    QStringList hidden;
    for (const std::string &name : d.hiddenControls)
        hidden << QString::fromStdString(name);
    setHiddenControls(hidden);
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    const auto document = loadDocument(path, error);
    if (!document)
        return false;
    m_path = path;
    setDocument(*document);
    markSaved(*document);
    addRecent(path);
    return true;
}

bool MainWindow::saveFile(const QString &path, QString *error)
{
    const PlaygroundDocument d = document();
    if (!saveDocument(path, d, error))
        return false;
    m_path = path;
    markSaved(d);
    addRecent(path);
    QFile::remove(autosavePath()); // saved for real: nothing to recover
    return true;
}

void MainWindow::openWithMessage(const QString &path)
{
    QString error;
    if (!openFile(path, &error))
        QMessageBox::warning(this, "Cannot open the playground", error);
}

bool MainWindow::saveOrAsk()
{
    if (m_path.isEmpty() || !m_path.endsWith(".deepscope"))
        return saveAs(); // an old .deepscope.json is saved anew in the current format's name
    QString error;
    if (saveFile(m_path, &error))
        return true;
    QMessageBox::warning(this, "Cannot save the playground", error);
    return false;
}

bool MainWindow::saveAs()
{
    QString suggestion = m_path;
    if (suggestion.endsWith(".deepscope.json"))
        suggestion.chop(5);
    if (suggestion.isEmpty())
        suggestion
            = QDir(QSettings().value("lastFolder", QDir::homePath()).toString()).filePath("playground.deepscope");
    QString path
        = QFileDialog::getSaveFileName(this, "Save playground", suggestion, "Deepscope playgrounds (*.deepscope)");
    if (path.isEmpty())
        return false;
    if (!path.endsWith(".deepscope"))
        path += ".deepscope";
    QString error;
    if (saveFile(path, &error))
        return true;
    QMessageBox::warning(this, "Cannot save the playground", error);
    return false;
}

bool MainWindow::maybeSave()
{
    if (!isWindowModified())
        return true;
    const auto answer = QMessageBox::warning(this, "Unsaved changes",
        QString("Save the changes to %1 first?")
            .arg(m_path.isEmpty() ? "this playground" : QFileInfo(m_path).fileName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return saveOrAsk();
    return answer == QMessageBox::Discard;
}

void MainWindow::setModified(bool modified)
{
    if (modified == isWindowModified())
        return; // called on every snapshot: the title only when it changes
    setWindowModified(modified);
    updateTitle();
}

DocumentMark MainWindow::currentMark() const
{
    DocumentMark m;
    m.points = m_config;
    m.arithmetic = m_arithmetic->setup();
    m.lesson = m_lesson;
    for (const QString &name : hiddenControls())
        m.hiddenControls.push_back(name.toStdString());
    m.edits = m_edits;
    if (m_saveTraining) {
        // Only a snapshot of the config the window has: one of the last config may still be on its way.
        const bool current = m_snapshot && m_snapshot->config && *m_snapshot->config == m_config;
        m.pointsUpdates = current ? m_snapshot->updates : m_savedMark.pointsUpdates;
        const long long images = m_cnn->shownUpdates(); // -1 while loading or not yet the current network
        m.imagesUpdates = images >= 0 ? images : m_savedMark.imagesUpdates;
    }
    return m;
}

void MainWindow::refreshModified()
{
    setModified(m_neverSaved || !(currentMark() == m_savedMark));
}

void MainWindow::markSaved(const PlaygroundDocument &d)
{
    m_savedMark = currentMark();
    m_savedMark.pointsUpdates = m_saveTraining && d.pointsRun ? d.pointsRun->trainer.updates : 0;
    m_savedMark.imagesUpdates = m_saveTraining && d.imagesRun ? d.imagesRun->trainer.updates : 0;
    m_neverSaved = false;
    setWindowModified(false);
    updateTitle(); // the file's name may be new
}

void MainWindow::countEdit()
{
    ++m_edits;
    refreshModified();
}

void MainWindow::addRecent(const QString &path)
{
    if (!m_session)
        return;
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue("recentFiles", recent);
    settings.setValue("lastFolder", QFileInfo(absolute).path());
    fillRecentMenu();
}

void MainWindow::fillRecentMenu()
{
    m_recent->clear();
    const QStringList recent = m_session ? QSettings().value("recentFiles").toStringList() : QStringList();
    for (const QString &path : recent)
        m_recent
            ->addAction(QFileInfo(path).fileName(), this,
                [this, path] {
                    if (maybeSave())
                        openWithMessage(path);
                })
            ->setToolTip(path);
    m_recent->setEnabled(!recent.isEmpty());
}

bool MainWindow::autosave(QString *error)
{
    const DocumentMark now = currentMark();
    if (!isWindowModified() || (m_autosaved && *m_autosaved == now))
        return true;
    QDir().mkpath(QFileInfo(autosavePath()).path());
    if (!saveDocument(autosavePath(), document(), error))
        return false;
    m_autosaved = now;
    return true;
}

QString MainWindow::autosavePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("autosave.deepscope");
}

void MainWindow::startSession()
{
    m_session = true;
    QSettings settings;
    if (settings.contains("geometry"))
        restoreGeometry(settings.value("geometry").toByteArray());
    showMode(settings.value("mode", int(PointsMode)).toInt());
    restoreViewSettings();
    fillRecentMenu();
    // Unsaved work goes to the autosave file every 30 s; a clean quit removes it, so finding it at
    // start means the last session ended without one (a crash, a killed process).
    QDir().mkpath(QFileInfo(autosavePath()).path());
    connect(&m_autosave, &QTimer::timeout, this, [this] {
        QString error;
        if (!autosave(&error))
            m_status->setText("Autosave failed: " + error);
    });
    m_autosave.start(30000);
    if (QFile::exists(autosavePath())) {
        const auto answer = QMessageBox::question(this, "Recover unsaved work",
            "Deepscope did not close normally last time. Open the playground it saved for you?",
            QMessageBox::Open | QMessageBox::Discard, QMessageBox::Open);
        QString error;
        const auto recovered = answer == QMessageBox::Open ? loadDocument(autosavePath(), &error) : std::nullopt;
        if (recovered) {
            setDocument(*recovered);
            markSaved(*recovered);
            m_neverSaved = true; // not saved anywhere yet
            setModified(true);
        } else if (answer == QMessageBox::Open) {
            QMessageBox::warning(this, "Cannot recover", error);
        }
        if (answer == QMessageBox::Discard)
            QFile::remove(autosavePath());
    }
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
        refreshModified();
        return true;
    } catch (const Error &e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile()
            && (url.toLocalFile().endsWith(".csv") || url.toLocalFile().endsWith(".json")
                || url.toLocalFile().endsWith(".deepscope") || url.toLocalFile().endsWith(".onnx", Qt::CaseInsensitive))) {
            event->acceptProposedAction();
            return;
        }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        QString error;
        const QString path = url.toLocalFile();
        const bool csv = path.endsWith(".csv", Qt::CaseInsensitive), onnx = path.endsWith(".onnx", Qt::CaseInsensitive);
        if (!csv && !onnx && !maybeSave())
            return;
        const bool ok = csv ? loadPointsCsv(path, &error)
            : onnx          ? openModelFile(path, &error)
                            : openFile(path, &error);
        if (!ok)
            QMessageBox::warning(this, "Cannot open " + QFileInfo(path).fileName(), error);
    }
}

void MainWindow::updateTitle()
{
    // [*] is where Qt shows the unsaved mark (isWindowModified).
    const QString name = !m_path.isEmpty() ? QFileInfo(m_path).fileName()
        : m_lesson.empty()                 ? QString("Untitled")
                                           : "Lesson: " + QString::fromStdString(m_lesson.title);
    setWindowTitle(name + "[*] — Deepscope");
}

} // namespace ds::app
