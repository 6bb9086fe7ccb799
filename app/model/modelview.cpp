#include "modelview.h"

#include "controls/captioned.h"
#include "document/playgroundfile.h"
#include "featuremaps.h"
#include "filtergrid.h"
#include "graphdiagram.h"
#include "preprocessingeditor.h"
#include "probabilitybars.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ds::app {
namespace {

constexpr qint64 kMaxLabelBytes = 4 << 20;

bool isPicture(const QString &path)
{
    const QByteArray suffix = QFileInfo(path).suffix().toLower().toLatin1();
    return QImageReader::supportedImageFormats().contains(suffix);
}

} // namespace

ModelView::ModelView(QWidget *parent) : QWidget(parent)
{
    setAcceptDrops(true);
    m_worker = new ModelWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ModelWorker::opened, this, &ModelView::showOverview);
    connect(m_worker, &ModelWorker::failed, this, &ModelView::showFailure);
    connect(m_worker, &ModelWorker::classified, this, &ModelView::showPicture);
    connect(m_worker, &ModelWorker::patchesFound, this, &ModelView::showPatches);
    m_thread.setObjectName("model");
    m_thread.start();

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(8, 6, 8, 6);
    outer->addWidget(buildToolbar());
    m_pages = new QStackedWidget(this);
    auto *empty = new QLabel(
        "<p style='font-size:large'>Open an ONNX image classifier to look inside it.</p>"
        "<p>File → Open model…, the button above, or drop a .onnx file here: any input size, any number of "
        "classes (PyTorch's exports of torchvision's ResNet, MobileNet, SqueezeNet, AlexNet and VGG, or the "
        "Images mode's own).</p><p>You see its graph, its first layer's filters, and what it makes of your "
        "pictures, layer by layer.</p>",
        m_pages);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setObjectName("modelEmpty");
    m_pages->addWidget(empty);

    auto *split = new QSplitter(Qt::Horizontal, m_pages);
    m_graphScroll = new QScrollArea(this); // into the column below (a splitter would take it as a pane)
    m_graph = new widgets::GraphDiagram(m_graphScroll);
    m_graphScroll->setWidget(m_graph);
    m_graphScroll->setWidgetResizable(false);
    QWidget *graphBox
        = captionedColumn(captionLabel("Graph · click a node for its maps", this), m_graphScroll, split);
    connect(m_graph, &widgets::GraphDiagram::nodeClicked, this, &ModelView::selectNode);

    auto *right = new QWidget(split);
    auto *rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(buildFilterPanel(right), 3);
    m_preprocessing = new PreprocessingEditor(right);
    top->addWidget(captionedColumn(captionLabel("Preprocessing", right), m_preprocessing, right, 0), 2);
    connect(m_preprocessing, &PreprocessingEditor::changed, this, [this](const Preprocessing &p) {
        QMetaObject::invokeMethod(m_worker, [w = m_worker, p] { w->setPreprocessing(p); });
    });
    rl->addLayout(top, 2);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(buildPicturePanel(right), 2);
    m_mapsCaption = captionLabel("Feature maps · pick a node in the graph", right);
    m_maps = new widgets::FeatureMaps(right);
    bottom->addWidget(captionedColumn(m_mapsCaption, m_maps, right), 3);
    rl->addLayout(bottom, 3);
    split->addWidget(graphBox);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 7);
    split->setSizes({330, 770}); // the graph wide enough for its boxes' titles
    m_pages->addWidget(split);
    outer->addWidget(m_pages, 1);
}

ModelView::~ModelView()
{
    m_thread.quit();
    m_thread.wait();
}

QWidget *ModelView::buildToolbar()
{
    auto *bar = new QWidget(this);
    auto *l = new QHBoxLayout(bar);
    l->setContentsMargins(0, 0, 0, 0);
    auto *open = new QPushButton("Open model…", bar);
    open->setObjectName("openModel");
    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, "Open an ONNX image classifier",
            QSettings().value("lastFolder").toString(), "ONNX models (*.onnx);;All files (*)");
        QString error;
        if (!path.isEmpty() && !openModel(path, &error))
            emit statusMessage(error);
    });
    l->addWidget(open);
    m_openPictures = new QPushButton("Open pictures…", bar);
    m_openPictures->setToolTip("Run a photo or drawing through the model (or drop one on this page)");
    connect(m_openPictures, &QPushButton::clicked, this, &ModelView::askForPictures);
    l->addWidget(m_openPictures);
    m_classNamesButton = new QPushButton("Class names…", bar);
    m_classNamesButton->setToolTip("A text file with one class name per line, in the model's order");
    connect(m_classNamesButton, &QPushButton::clicked, this, &ModelView::askForClassNames);
    l->addWidget(m_classNamesButton);
    m_summary = new QLabel(bar);
    m_summary->setObjectName("modelSummary");
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true); // a long name must not widen the window past a laptop's screen
    m_summary->setMinimumWidth(120);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    l->addWidget(m_summary, 1);
    m_fineTune = new QPushButton("Fine-tune on images…", bar);
    m_fineTune->setToolTip("Train this network on the Images mode's data: a new head for its classes, the layers "
                           "before it frozen");
    connect(m_fineTune, &QPushButton::clicked, this, [this] { emit fineTuneRequested(m_path); });
    l->addWidget(m_fineTune);
    for (QPushButton *b : {m_openPictures, m_classNamesButton, m_fineTune})
        b->setEnabled(false);
    return bar;
}

QWidget *ModelView::buildPicturePanel(QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    auto *head = new QHBoxLayout;
    m_pictureCaption = captionLabel("Picture · drop one (or a folder) here", box);
    head->addWidget(m_pictureCaption, 1);
    // Several pictures (a folder, a multiple choice): one at a time, stepped through here.
    m_previous = new QPushButton("‹", box);
    m_next = new QPushButton("›", box);
    m_previous->setObjectName("previousPicture");
    m_next->setObjectName("nextPicture");
    for (QPushButton *b : {m_previous, m_next}) {
        b->setFixedWidth(b->fontMetrics().height() * 2);
        b->setVisible(false);
        head->addWidget(b);
    }
    m_previous->setToolTip("The picture before (Page Up)");
    m_next->setToolTip("The next picture (Page Down)");
    m_previous->setShortcut(QKeySequence(Qt::Key_PageUp));
    m_next->setShortcut(QKeySequence(Qt::Key_PageDown));
    connect(m_previous, &QPushButton::clicked, this, [this] { showPictureAt(m_pictureIndex - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showPictureAt(m_pictureIndex + 1); });
    l->addLayout(head);
    m_pictureLabel = new QLabel(box);
    m_pictureLabel->setAlignment(Qt::AlignCenter);
    m_pictureLabel->setMinimumSize(112, 112);
    m_pictureLabel->setObjectName("modelPicture");
    l->addWidget(m_pictureLabel, 1);
    m_bars = new widgets::ProbabilityBars(box);
    m_bars->setMinimumHeight(5 * 20);
    m_bars->setMaximumHeight(5 * 30); // rows, and with them the text, stay small enough for long names
    l->addWidget(m_bars, 1);
    return box;
}

bool ModelView::openModel(const QString &path, QString *error, QSize size)
{
    const std::optional<QByteArray> bytes = readRegularFile(path, kMaxModelBytes, "an ONNX model", error);
    if (!bytes)
        return false;
    m_path = QFileInfo(path).absoluteFilePath();
    QSettings().setValue("lastFolder", QFileInfo(path).absolutePath());
    ++m_serial;
    m_opening = true;
    m_pendingPictures.clear();
    m_summary->setText("Opening " + QFileInfo(path).fileName() + "…");
    m_askedSize = size;
    QMetaObject::invokeMethod(m_worker,
        [w = m_worker, b = *bytes, name = QFileInfo(path).fileName(), s = m_serial, h = size.height(), wd = size.width()] {
            w->open(b, name, s, h, wd);
        });
    return true;
}

bool ModelView::openPicture(const QString &path, QString *error)
{
    if (m_opening) { // it goes through once the model is open
        m_pendingPictures << path;
        return true;
    }
    if (!m_overview) {
        *error = "open a model first: the picture goes through it";
        return false;
    }
    QImageReader reader(path);
    reader.setAutoTransform(true); // a phone photo's orientation
    // A picture far larger than any input only costs memory: read it near the size it needs.
    const QSize size = reader.size();
    const int side = std::max(m_overview->input[1], m_overview->input[2]) * 4;
    if (size.isValid() && std::min(size.width(), size.height()) > side)
        reader.setScaledSize(size.scaled(side, side, Qt::KeepAspectRatioByExpanding));
    const QImage image = reader.read();
    if (image.isNull()) {
        *error = QFileInfo(path).fileName() + ": " + reader.errorString();
        return false;
    }
    QSettings().setValue("lastPictureFolder", QFileInfo(path).absolutePath());
    const QString name = QFileInfo(path).fileName();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, image, name] { w->classify(image, name); });
    return true;
}

bool ModelView::loadClassNames(const QString &path, QString *error)
{
    if (!m_overview) {
        *error = "open a model first";
        return false;
    }
    const std::optional<QByteArray> bytes = readRegularFile(path, kMaxLabelBytes, "a labels file", error);
    if (!bytes)
        return false;
    try {
        QStringList names;
        for (const std::string &n : parseLabels(bytes->toStdString(), m_overview->classes))
            names << QString::fromStdString(n);
        m_classNames = names;
    } catch (const std::exception &e) {
        *error = QFileInfo(path).fileName() + ": " + QString::fromStdString(e.what());
        return false;
    }
    if (m_picture)
        showPicture(m_picture);
    return true;
}

void ModelView::findClassNames()
{
    const QFileInfo model(m_path);
    const QDir dir = model.dir();
    for (const QString &name : {model.completeBaseName() + ".labels.txt", model.completeBaseName() + ".txt",
             QString("labels.txt"), QString("classes.txt"), QString("imagenet_classes.txt")}) {
        QString error;
        if (QFileInfo(dir.filePath(name)).isFile() && loadClassNames(dir.filePath(name), &error))
            return;
    }
}

void ModelView::askForPictures()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, "Run pictures through the model",
        QSettings().value("lastPictureFolder", QSettings().value("lastFolder")).toString(),
        "Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.ppm *.pgm);;All files (*)");
    QString error;
    if (!paths.isEmpty() && !openPictures(paths, &error))
        emit statusMessage(error);
}

bool ModelView::openPictures(const QStringList &paths, QString *error)
{
    // Folders become their pictures, in name order; what is no picture is left out.
    QStringList pictures;
    for (const QString &path : paths) {
        if (QFileInfo(path).isDir()) {
            const QDir dir(path);
            for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
                if (isPicture(name))
                    pictures << dir.filePath(name);
        } else if (isPicture(path)) {
            pictures << path;
        }
    }
    if (pictures.isEmpty()) {
        *error = "no pictures there (PNG, JPEG, BMP, GIF, WebP, TIFF, PPM)";
        return false;
    }
    m_pictures = pictures;
    m_pictureIndex = -1;
    if (patchesShown())
        findPatches(); // over the new pictures
    for (QPushButton *b : {m_previous, m_next})
        b->setVisible(pictures.size() > 1);
    return showPictureAt(0, error);
}

bool ModelView::showPictureAt(int index, QString *error)
{
    if (m_pictures.isEmpty())
        return false;
    index = (index + int(m_pictures.size())) % int(m_pictures.size()); // round and round
    m_pictureIndex = index;
    QString why;
    const bool ok = openPicture(m_pictures[index], &why);
    if (!ok) {
        if (error)
            *error = why;
        else
            emit statusMessage(why);
    }
    return ok;
}

void ModelView::askForClassNames()
{
    const QString path = QFileDialog::getOpenFileName(this, "Class names, one per line",
        QFileInfo(m_path).absolutePath(), "Text files (*.txt);;All files (*)");
    QString error;
    if (!path.isEmpty() && !loadClassNames(path, &error))
        emit statusMessage(error);
}

void ModelView::selectNode(int node)
{
    m_node = node;
    m_graph->selectNode(node);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, node] { w->setNode(node); });
    if (patchesShown() && patchNode() != m_patchNode)
        findPatches(); // another convolution's
}

void ModelView::dragEnterEvent(QDragEnterEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile() && (isPicture(url.toLocalFile()) || QFileInfo(url.toLocalFile()).isDir())) {
            event->acceptProposedAction();
            return;
        }
    event->ignore(); // a model or a playground: the window takes it
}

void ModelView::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    QString error;
    if (!openPictures(paths, &error))
        emit statusMessage(error);
    event->acceptProposedAction();
}

} // namespace ds::app
