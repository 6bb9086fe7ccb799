// CnnView: choosing a data set (the file dialogs) and asking the image thread to load it.
#include "cnnview.h"

#include "core/downloadcatalog.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>

namespace ds::app {

void CnnView::load(const ImageDataChoice &choice, bool keepWeights)
{
    // A document's config waiting for its data (one not downloaded yet, say) goes with the data
    // chosen now: its layers apply once that has loaded, and the choice sticks.
    if (m_pending)
        m_pending->data = choice;
    m_loadFailed = false;
    m_config.data = choice;
    m_progress->setValue(0);
    m_progress->setVisible(choice.source != ImageDataChoice::BundledMnist);
    m_status->clear();
    if (m_getData)
        m_getData->hide();
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
    case ImageDataChoice::Download: return; // useDownloadedSet()
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

void CnnView::useDownloadedSet(const QString &id)
{
    const auto set = downloadableSet(id);
    if (!set)
        return;
    if (!isDownloaded(*set)) {
        emit dataSetWanted(id); // the window's Get data sets dialog (modal): it may be here after
        if (!isDownloaded(*set))
            return;
        fillSources();
    }
    ImageDataChoice choice;
    choice.source = ImageDataChoice::Download;
    choice.set = id.toStdString();
    choice.channels = set->format == DownloadableSet::Cifar10 ? 3 : 1;
    choice.height = choice.width = set->format == DownloadableSet::Cifar10 ? 32 : 28;
    choice.invert = m_config.data.invert;
    choice.trainImages = m_config.data.trainImages;
    load(choice, m_config.keepWeights);
    showSource();
    emit edited();
}

void CnnView::fillSources()
{
    const QSignalBlocker quiet(m_source);
    m_source->clear();
    m_source->addItem("MNIST digits (bundled, 10,000)", QString::number(ImageDataChoice::BundledMnist));
    for (const DownloadableSet &s : downloadableSets()) {
        const QString count = s.imageCount > 0 ? QString(" (%1)").arg(QLocale::system().toString(s.imageCount)) : "";
        m_source->addItem(isDownloaded(s) ? s.title + count : QString("%1%2 — get %3…").arg(s.title, count,
                                                                  megabytesText(s.bytes())),
            "download:" + s.id);
        m_source->setItemData(m_source->count() - 1, s.about, Qt::ToolTipRole);
    }
    m_source->addItem("MNIST / Fashion-MNIST files…", QString::number(ImageDataChoice::Idx));
    m_source->addItem("CIFAR-10 batches…", QString::number(ImageDataChoice::Cifar10));
    m_source->addItem("Folder of images…", QString::number(ImageDataChoice::Folder));
    showSource();
}

void CnnView::showSource()
{
    const QString key = m_config.data.source == ImageDataChoice::Download
        ? "download:" + QString::fromStdString(m_config.data.set)
        : QString::number(m_config.data.source);
    const QSignalBlocker quiet(m_source);
    m_source->setCurrentIndex(std::max(0, m_source->findData(key)));
}

std::optional<DownloadableSet> CnnView::askedSet() const
{
    if (m_config.data.source != ImageDataChoice::Download)
        return std::nullopt;
    return downloadableSet(QString::fromStdString(m_config.data.set));
}

void CnnView::refreshDataSets()
{
    fillSources();
    const auto wanted = askedSet();
    if (wanted && isDownloaded(*wanted) && !m_getData->isHidden()) // what the playground asked for is here now
        load(m_config.data); // a document's config waiting for it (m_pending) applies once it has loaded
}

} // namespace ds::app
