// ModelView: the Model mode — an ONNX image classifier opened on its own, whatever its input
// size and class count, with no data set. Left: the network as a graph (GraphDiagram); click a
// node to see its feature maps. Right: the first convolution's filters (in colour for RGB
// models), the preprocessing (shown and editable), a picture with the model's top five classes,
// and the chosen node's maps for it. Pictures come from "Open pictures…" or a drop; class names
// from the file's metadata, a labels file beside the model, or "Class names…". "Fine-tune on
// images…" takes the model to the Images mode. The ModelWorker does all the work on its thread.
#pragma once

#include "training/modelworker.h"

#include <QSize>
#include <QStringList>
#include <QThread>
#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;

namespace ds::widgets {
class FeatureMaps;
class FilterGrid;
class PatchGrid;
class GraphDiagram;
class ProbabilityBars;
} // namespace ds::widgets

namespace ds::app {

class PreprocessingEditor;

class ModelView : public QWidget {
    Q_OBJECT
public:
    explicit ModelView(QWidget *parent = nullptr);
    ~ModelView() override;

    // Reads an ONNX file and sends it to the model thread; false with *error when it cannot be
    // read. modelOpened() or statusMessage() follow once it is imported, or is not. `size` (H, W)
    // sizes a model that takes pictures of any size; without one, the view asks for it.
    bool openModel(const QString &path, QString *error, QSize size = {});
    // A picture through the open model (also for a drop); false with *error when it does not load
    // or no model is open. While a model is opening, the picture waits for it.
    bool openPicture(const QString &path, QString *error);
    // Several pictures, or folders of them: the first is shown, and ‹ › (Page Up, Page Down)
    // step through the others. False with *error when there is no picture among them.
    bool openPictures(const QStringList &paths, QString *error);
    bool showPictureAt(int index, QString *error = nullptr); // of that list, wrapping around
    int pictureCount() const { return int(m_pictures.size()); }
    int pictureIndex() const { return m_pictureIndex; }
    // One name per line, as many as the model has classes.
    bool loadClassNames(const QString &path, QString *error);

    QString modelPath() const { return m_path; }
    std::shared_ptr<const ModelOverview> overview() const { return m_overview; }
    std::shared_ptr<const ModelPicture> lastPicture() const { return m_picture; }
    QStringList classNames() const { return m_classNames; }
    // The model's top classes for the last picture, best first: "name 87.1%".
    QStringList topClasses(int count) const;

    // For tests and screenshots.
    widgets::GraphDiagram *graph() const { return m_graph; }
    widgets::FilterGrid *filters() const { return m_filters; }
    widgets::PatchGrid *patches() const { return m_patchGrid; }
    // Zeiler and Fergus's view in place of the filters: each filter of the chosen convolution (the
    // selected node, else the first) beside the windows of the open pictures that excite it most.
    void setPatchesShown(bool on);
    bool patchesShown() const;
    widgets::FeatureMaps *maps() const { return m_maps; }
    widgets::ProbabilityBars *bars() const { return m_bars; }
    PreprocessingEditor *preprocessingEditor() const { return m_preprocessing; }
    void selectNode(int node); // as a click on the graph does

signals:
    void statusMessage(const QString &text);
    void modelOpened(); // its graph, filters and preprocessing are shown
    void picturePainted(); // a picture's classes and maps are shown
    void patchesPainted(); // top patches are shown
    void fineTuneRequested(const QString &path); // the window imports it into the Images mode

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *buildToolbar();
    QWidget *buildPicturePanel(QWidget *parent);
    QWidget *buildFilterPanel(QWidget *parent); // modelviewpatches.cpp
    int patchNode() const; // the convolution the patches are of: the selected node, else the first; -1 for none
    void findPatches(); // of patchNode() over m_pictures, on the model thread
    void showPatches(std::shared_ptr<const TopPatches> patches, int node, int serial);
    void showFilters(); // the open model's filter panel: its top patches when shown, else its first filters
    void showOverview(std::shared_ptr<const ModelOverview> o, int serial); // modelviewresults.cpp
    void showPicture(std::shared_ptr<const ModelPicture> p);
    void showFailure(const QString &message, int serial);
    void findClassNames(); // a labels file beside the model, when the file names none
    void askForPictures();
    void askForClassNames();
    QString className(int k) const; // its name, or "class k"

    QThread m_thread;
    ModelWorker *m_worker = nullptr;
    int m_serial = 0; // of the last file sent
    int m_shownSerial = 0; // of the model shown (the worker's while a newer one opens)
    QString m_path, m_shownPath, m_shownSummary;
    std::shared_ptr<const ModelOverview> m_overview;
    std::shared_ptr<const ModelPicture> m_picture;
    QStringList m_classNames;
    int m_node = -1;
    bool m_opening = false; // a file is on its way to the model thread
    QStringList m_pendingPictures; // opened meanwhile: they go through once it is open
    QSize m_askedSize; // the size sent with the file being opened (empty: none)
    QStringList m_pictures; // the pictures ‹ › step through
    int m_pictureIndex = -1;

    QStackedWidget *m_pages = nullptr; // the empty page, then the model
    QLabel *m_summary = nullptr, *m_pictureLabel = nullptr, *m_pictureCaption = nullptr, *m_mapsCaption = nullptr;
    QLabel *m_filtersCaption = nullptr;
    QPushButton *m_openPictures = nullptr, *m_classNamesButton = nullptr, *m_fineTune = nullptr;
    QPushButton *m_previous = nullptr, *m_next = nullptr;
    QScrollArea *m_graphScroll = nullptr;
    widgets::GraphDiagram *m_graph = nullptr;
    widgets::FilterGrid *m_filters = nullptr;
    widgets::PatchGrid *m_patchGrid = nullptr;
    QCheckBox *m_patchBox = nullptr;
    QStackedWidget *m_filterStack = nullptr;
    int m_patchNode = -1; // whose patches were last asked for
    widgets::FeatureMaps *m_maps = nullptr;
    widgets::ProbabilityBars *m_bars = nullptr;
    PreprocessingEditor *m_preprocessing = nullptr;
};

} // namespace ds::app
