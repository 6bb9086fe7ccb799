// CnnView: choosing a data set (the file dialogs) and asking the image thread to load it.
#include "cnnview.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>

namespace ds::app {

void CnnView::load(const ImageDataChoice &choice, bool keepWeights)
{
    m_loadFailed = false;
    m_config.data = choice;
    m_progress->setValue(0);
    m_progress->setVisible(choice.source != ImageDataChoice::BundledMnist);
    m_status->clear();
    QMetaObject::invokeMethod(m_worker, "load", Qt::QueuedConnection, Q_ARG(ds::app::ImageDataChoice, choice),
        Q_ARG(int, ++m_loadGeneration), Q_ARG(bool, keepWeights));
}

void CnnView::openDataSet(int source)
{
    ImageDataChoice choice;
    choice.source = ImageDataChoice::Source(source);
    // The pipeline's boxes stay as they are shown.
    choice.invert = m_config.data.invert;
    choice.trainImages = m_config.data.trainImages;
    switch (choice.source) {
    case ImageDataChoice::BundledMnist: break;
    case ImageDataChoice::Idx: {
        const QString images
            = QFileDialog::getOpenFileName(this, "MNIST or Fashion-MNIST images (…-images-idx3-ubyte[.gz])", {},
                "IDX images (*idx3-ubyte *idx3-ubyte.gz);;All files (*)");
        if (images.isEmpty())
            return;
        const QString labels = QFileDialog::getOpenFileName(this, "Their labels (…-labels-idx1-ubyte[.gz])",
            QFileInfo(images).path(), "IDX labels (*idx1-ubyte *idx1-ubyte.gz);;All files (*)");
        if (labels.isEmpty())
            return;
        choice.paths = {images, labels};
        choice.fashionNames = QMessageBox::question(this, "Class names", "Are these Fashion-MNIST images (clothes)?")
            == QMessageBox::Yes;
        break;
    }
    case ImageDataChoice::Cifar10:
        choice.paths = QFileDialog::getOpenFileNames(
            this, "CIFAR-10 binary batches", {}, "CIFAR-10 batches (*.bin *.bin.gz);;All files (*)");
        if (choice.paths.isEmpty())
            return;
        choice.channels = 3;
        choice.height = choice.width = 32;
        break;
    case ImageDataChoice::Folder: {
        const QString dir = QFileDialog::getExistingDirectory(this, "A folder with one sub-folder per class");
        if (dir.isEmpty())
            return;
        choice.paths = {dir};
        bool ok = false;
        const int side
            = QInputDialog::getInt(this, "Image size", "Resize every image to (pixels):", 32, 8, 128, 1, &ok);
        if (!ok)
            return;
        choice.height = choice.width = side;
        choice.channels = QMessageBox::question(this, "Colour", "Keep the colours (RGB)?") == QMessageBox::Yes ? 3 : 1;
        break;
    }
    }
    load(choice, m_config.keepWeights);
    emit edited();
}

} // namespace ds::app
