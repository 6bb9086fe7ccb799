// MainWindow: trained models in and out of the app — ONNX export of either mode's network, the
// PyTorch script, and ONNX import into the Images mode.
#include "mainwindow.h"

#include "core/finetune.h"
#include "document/playgroundfile.h"
#include "document/torchfolder.h"
#include "error.h"
#include "images/cnnview.h"
#include "model/modelview.h"
#include "onnxexport.h"
#include "onnximport.h"
#include "points/outputpanel.h"
#include "training/imageworker.h"
#include "training/trainingworker.h"
#include "training/workercall.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace ds::app {
namespace {


QString folderFor(const QString &name)
{
    return QDir(QSettings().value("lastFolder").toString()).filePath(name);
}

} // namespace

void MainWindow::addModelActions(QMenu *file)
{
    file->addAction("Export model as &ONNX…", this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, "Export model as ONNX", folderFor("model.onnx"), "ONNX models (*.onnx);;All files (*)");
        QString error;
        if (!path.isEmpty() && !exportOnnxFile(path, &error))
            QMessageBox::warning(this, "Cannot export the model", error);
    });
    file->addAction("Export as &PyTorch script…", this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, "Export as a PyTorch script (an empty folder)", QSettings().value("lastFolder").toString());
        QString error;
        if (!folder.isEmpty() && !exportTorchFolder(folder, &error))
            QMessageBox::warning(this, "Cannot export the script", error);
    });
    file->addAction("Export training &history as CSV…", this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, "Export the training history", folderFor("history.csv"), "CSV files (*.csv);;All files (*)");
        QString error;
        if (!path.isEmpty() && !exportHistoryCsv(path, &error))
            QMessageBox::warning(this, "Cannot export the history", error);
    });
    file->addAction("Open ONNX &model…", this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, "Open an ONNX image classifier", folderFor(QString()), "ONNX models (*.onnx);;All files (*)");
        QString error;
        if (!path.isEmpty() && !openModelFile(path, &error))
            QMessageBox::warning(this, "Cannot open the model", error);
    });
    file->addAction("&Import ONNX model to train…", this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, "Import an ONNX model into the Images mode", folderFor(QString()), "ONNX models (*.onnx);;All files (*)");
        QString error;
        if (!path.isEmpty() && !importOnnxFile(path, &error))
            QMessageBox::warning(this, "Cannot import the model", error);
    });
}

onnx::OnnxModel MainWindow::currentModel() const
{
    const int mode = m_pages->currentIndex();
    if (mode == 1)
        return m_cnn->model();
    if (mode != 0)
        throw Error(mode == ModelMode
                ? "the Model mode shows a file you already have: export from the Points or Images mode"
                : "the conv-arithmetic view has no network: export from the Points or Images mode");
    return callOnWorker<onnx::OnnxModel>(m_worker, [](TrainingWorker *w) { return w->model(); });
}

bool MainWindow::exportOnnxFile(const QString &path, QString *error)
{
    try {
        const std::string bytes = onnx::exportOnnx(currentModel(), QFileInfo(path).completeBaseName().toStdString());
        if (!writeFileAtomically(path, QByteArray(bytes.data(), qsizetype(bytes.size())), error))
            return false;
    } catch (const std::exception &e) {
        *error = QString::fromStdString(e.what());
        return false;
    }
    QSettings().setValue("lastFolder", QFileInfo(path).absolutePath());
    statusBar()->showMessage("Exported the model to " + path, 5000);
    return true;
}

bool MainWindow::exportTorchFolder(const QString &folder, QString *error)
{
    TorchExport e;
    try {
        const auto take = [](auto *w) { return w->torchExport(); };
        if (m_pages->currentIndex() == 0)
            e = callOnWorker<TorchExport>(m_worker, take);
        else if (m_pages->currentIndex() == 1 && m_cnn->isStarted())
            e = callOnWorker<TorchExport>(m_cnn->worker(), take);
        else
            throw Error("switch to the Points or Images mode: the script trains their network");
    } catch (const std::exception &x) {
        *error = QString::fromStdString(x.what());
        return false;
    }
    if (!writeTorchFolder(folder, e, error))
        return false;
    QSettings().setValue("lastFolder", folder);
    statusBar()->showMessage("Wrote " + QDir(folder).filePath("train.py") + " with the weights and the data", 8000);
    return true;
}

bool MainWindow::exportHistoryCsv(const QString &path, QString *error)
{
    const int mode = m_pages->currentIndex();
    if (mode != 0 && mode != 1) {
        *error = mode == ModelMode ? "the Model mode trains nothing: it has no training history"
                                   : "the conv-arithmetic view has no training history";
        return false;
    }
    if (!writeFileAtomically(path, mode == 0 ? m_output->historyCsv() : m_cnn->historyCsv(), error))
        return false;
    statusBar()->showMessage("Wrote the training history to " + path, 5000);
    return true;
}

bool MainWindow::openModelFile(const QString &path, QString *error)
{
    if (!m_model->openModel(path, error))
        return false;
    showMode(ModelMode);
    return true;
}

bool MainWindow::importOnnxFile(const QString &path, QString *error)
{
    const std::optional<QByteArray> bytes = readRegularFile(path, kMaxModelBytes, "an ONNX model", error);
    if (!bytes)
        return false;
    onnx::OnnxModel model;
    bool addedSoftmax = false;
    try {
        model = onnx::importOnnx(std::string_view(bytes->constData(), std::size_t(bytes->size())));
        addedSoftmax = onnx::endWithSoftmax(model);
        if (model.spec.input.size() != 3 || model.spec.layers.back().kind != LayerKind::Softmax)
            throw Error("only image classifiers import (the Images mode): this model takes "
                + shapeToString(model.spec.input) + " and gives " + shapeToString(model.spec.outputShape()));
    } catch (const std::exception &e) {
        *error = QFileInfo(path).fileName() + ": " + QString::fromStdString(e.what());
        return false;
    }
    // It trains on the images loaded now when they fit, else on the bundled digits when it takes
    // those; otherwise the user opens fitting images first.
    ImagesConfig config = m_cnn->config();
    const Shape digits {1, 28, 28};
    int classes = m_cnn->dataClasses();
    if (model.spec.input != m_cnn->dataShape()) {
        if (model.spec.input != digits) {
            *error = QString("%1 takes %2 images: open a data set of that size in the Images mode first")
                         .arg(QFileInfo(path).fileName(), QString::fromStdString(shapeToString(model.spec.input)));
            return false;
        }
        config.data = ImageDataChoice {};
        classes = 10;
    }
    // Another number of classes than the data's: fine-tuning, with a new head for the data's
    // classes on top of the frozen layers before it.
    std::optional<HeadReplacement> head;
    try {
        head = replaceHead(model, classes, config.seed);
    } catch (const std::exception &e) {
        *error = QFileInfo(path).fileName() + ": it gives " + QString::fromStdString(shapeToString(model.spec.outputShape()))
            + ", the data has " + QString::number(classes) + " classes, and " + QString::fromStdString(e.what());
        return false;
    }
    config.preset.clear();
    config.spec = model.spec;
    m_cnn->setConfig(config);
    showMode(ImagesMode);
    m_cnn->restoreRun(weightsOnlyRun(std::move(model.parameters)));
    countEdit(); // weights from elsewhere: the run's counters do not show it
    QSettings().setValue("lastFolder", QFileInfo(path).absolutePath());
    QString detail = addedSoftmax ? ", with a softmax added after its logits" : "";
    if (head)
        detail += QString("; its %1-class head replaced by a new one for these %2 classes, the %3 layers before it "
                          "frozen (untick 'frozen' in the layer editor to tune them too)")
                      .arg(head->oldClasses)
                      .arg(classes)
                      .arg(head->frozenLayers);
    statusBar()->showMessage(
        QString("Imported %1: %2 layers%3").arg(QFileInfo(path).fileName()).arg(model.spec.layers.size()).arg(detail),
        20000);
    return true;
}

} // namespace ds::app
