// MainWindow: wires the playground together — DATA, FEATURES, NETWORK, OUTPUT from left to right
// under the training bar. It keeps the PlaygroundConfig the user edits, sends it to the
// TrainingWorker on its own thread, and paints the snapshots that come back. It never touches
// the network.
#pragma once

#include "core/playgroundconfig.h"
#include "core/snapshot.h"
#include "document/documentmark.h"
#include "document/playgroundfile.h"
#include "lessons/lessonlibrary.h"
#include "onnxmodel.h"

#include <QFont>
#include <QMainWindow>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>

class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;
class QTabBar;

namespace ds::widgets {
class FeatureToggles;
class ConvArithmeticView;
class NetworkDiagram;
} // namespace ds::widgets

namespace ds::app {

class CnnView;
class ControlBar;
class DataPanel;
class LessonPanel;
class ModelView;
class OutputPanel;
class TrainingWorker;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    const PlaygroundConfig &config() const { return m_config; }
    void setConfig(const PlaygroundConfig &config); // shows it and sends it to the training thread
    // The whole playground, both modes, as the file holds it; setDocument shows it.
    // Asking for the Images run waits for the image thread, which may be loading a data set: the
    // autosave leaves it out.
    PlaygroundDocument document(bool withImagesRun = true) const;
    void setDocument(const PlaygroundDocument &document);
    bool openFile(const QString &path, QString *error);
    bool saveFile(const QString &path, QString *error);
    // The current mode's network as ONNX (mainwindowmodels.cpp), and an ONNX image classifier
    // into the Images mode; false with a message on failure.
    bool exportOnnxFile(const QString &path, QString *error);
    bool importOnnxFile(const QString &path, QString *error);
    // Any ONNX image classifier in the Model mode, on its own (no data set); false with a message
    // when the file cannot be read (whether it imports, the Model mode then says).
    bool openModelFile(const QString &path, QString *error);
    // The current mode's playground as a PyTorch script with its weights and data (torchexport.h).
    bool exportTorchFolder(const QString &folder, QString *error);
    // The current mode's loss and accuracy history, as its charts hold it, as CSV.
    bool exportHistoryCsv(const QString &path, QString *error);
    bool isModified() const { return isWindowModified(); }
    // The last problem either mode's training thread reported (a run that did not fit, a
    // failed load), for the command line; empty when none.
    const QString &lastError() const { return m_lastError; }
    // Whether saving keeps the trained Points network (weights, optimizer state, place in the run).
    void setSaveTraining(bool on) { m_saveTraining = on; }
    // For the real app, not tests (main.cpp): restores the window's settings (geometry, mode,
    // recent files), saves them on close, autosaves unsaved work and offers to recover it after a
    // crash. Tests leave it off, so they neither read nor write the user's settings.
    void startSession();
    // What the session's timer does every 30 s: unsaved work, both modes' trained runs included
    // (the Images run as of its last snapshot, without waiting for the image thread), to
    // autosavePath(), written again only when the playground has changed since. True when there
    // was nothing to write or it was written.
    bool autosave(QString *error);
    static QString autosavePath();
    // The lessons (mainwindowlessons.cpp): open the bundled lesson `index` (asking about unsaved
    // work first; false when it is not opened), and the start page, always or as the user wants.
    bool openLesson(int index);
    void showStartPage();
    // File → Get data sets…, on `id` when given; a set got there can go to the Images mode.
    void getDataSets(const QString &id = {});
    void showStartPageIfWanted();
    const Lesson &lesson() const { return m_lesson; }
    LessonPanel *lessonPanel() const { return m_lessonPanel; }
    // Presentation mode (mainwindowview.cpp): full screen, larger text, points, lines and links,
    // for a projector; high contrast: stronger colours. Both are remembered between sessions.
    void setPresentationMode(bool on);
    void setHighContrast(bool on);
    bool presentationMode() const { return m_presentation; }
    // Classroom controls (View > Controls shown): the controls hidden, by key, part of the
    // document; the Points mode's keys are plain ("learningRate", "noise", "features"...), the
    // Images mode's after "images." ("images.learningRate"). setHiddenControls also takes the
    // captions older files used ("Learning rate", "Images: Layers").
    QStringList hiddenControls() const;
    void setHiddenControls(const QStringList &names);
    bool loadPointsCsv(const QString &path, QString *error);
    std::shared_ptr<const Snapshot> lastSnapshot() const { return m_snapshot; }
    // Trains `epochs` more epochs on the training thread and returns once they are painted.
    void trainAndWait(long epochs);

    ControlBar *controlBar() const { return m_bar; }
    DataPanel *dataPanel() const { return m_data; }
    OutputPanel *outputPanel() const { return m_output; }
    widgets::NetworkDiagram *diagram() const { return m_diagram; }
    widgets::FeatureToggles *features() const { return m_features; }

signals:
    void snapshotShown(long long epoch);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildLayout();
    void buildMenus();
    void buildLessons(QMenu *viewMenu);
    QMenu *buildViewMenu(); // mainwindowview.cpp
    void restoreViewSettings();
    void fitToScreen(); // text size and bar columns that fit the screen
    void repaintAll();
    void showLesson(const Lesson &lesson); // the document's, in the panel (hidden when there is none)
    void addModelActions(QMenu *file);
    onnx::OnnxModel currentModel() const; // throws ds::Error
    void connectWorker();
    void editConfig(const std::function<void(PlaygroundConfig &)> &edit);
    void showConfig();
    void showLayerMenu(const QPoint &pos);
    void onSnapshot(std::shared_ptr<const Snapshot> snapshot);
    void paintSnapshot();
    void showError(const QString &message);
    void updateTitle();
    void setModified(bool modified);
    // The unsaved mark follows the document (mainwindowfiles.cpp): refreshModified compares it
    // with what was last saved or opened, markSaved records that (`d`: its trained runs).
    DocumentMark currentMark() const;
    void refreshModified();
    void markSaved(const PlaygroundDocument &d);
    void countEdit(); // an edit the mark cannot see by value
    bool maybeSave(); // asks before unsaved work is lost; false: the user cancelled
    bool saveOrAsk(); // Save, or Save As when the playground has no file yet
    bool saveAs();
    void addRecent(const QString &path);
    void fillRecentMenu();
    void openWithMessage(const QString &path);

    QThread m_thread;
    TrainingWorker *m_worker = nullptr;
    PlaygroundConfig m_config;
    std::shared_ptr<const Snapshot> m_snapshot;
    QString m_path;
    bool m_session = false; // startSession() was called
    bool m_saveTraining = true; // documents keep the trained network and its place in the run
    DocumentMark m_savedMark; // the playground as last saved or opened
    long m_edits = 0; // see DocumentMark::edits
    QString m_lastError;
    bool m_neverSaved = false; // recovered after a crash: unsaved whatever the mark says
    QTimer m_autosave;
    std::optional<DocumentMark> m_autosaved; // the playground as the autosave file last got it
    std::vector<LessonEntry> m_lessons; // the bundled ones
    Lesson m_lesson; // the playground's own
    int m_lessonIndex = -1; // m_lesson's place among m_lessons, -1 when not one of them
    QDockWidget *m_lessonDock = nullptr;
    bool m_presentation = false;
    QFont m_baseFont; // the application's font outside presentation mode
    QAction *m_presentationAction = nullptr, *m_contrastAction = nullptr;
    std::vector<QAction *> m_controlActions; // one per hideable control, checked when shown; data: its name
    // The hideable widgets of one mode's page, with the keys hiddenControls() uses.
    // A hidden control's key for a name a file gives: its key, or its caption in older files.
    QString controlKey(const QString &name) const;
    std::vector<std::pair<QString, QWidget *>> classroomControls(int mode) const;
    LessonPanel *m_lessonPanel = nullptr;
    QMenu *m_recent = nullptr;
    int m_hoverColumn = -1, m_hoverNeuron = -1;

    ControlBar *m_bar = nullptr;
    DataPanel *m_data = nullptr;
    widgets::FeatureToggles *m_features = nullptr;
    widgets::NetworkDiagram *m_diagram = nullptr;
    QWidget *m_featureColumn = nullptr; // the "Features" caption and the toggles, hidden together
    OutputPanel *m_output = nullptr;
    QLabel *m_networkCaption = nullptr;
    QLabel *m_status = nullptr;
    QStackedWidget *m_pages = nullptr;
    QTabBar *m_modeBar = nullptr;
    CnnView *m_cnn = nullptr;
    widgets::ConvArithmeticView *m_arithmetic = nullptr;
    ModelView *m_model = nullptr;
    int m_documentMode = 0; // the last mode a playground holds (not the Model mode)

public:
    enum Mode { PointsMode = 0, ImagesMode = 1, ConvArithmeticMode = 2, ModelMode = 3 };
    void showMode(int mode);
    int mode() const;
    CnnView *cnnView() const { return m_cnn; }
    widgets::ConvArithmeticView *arithmeticView() const { return m_arithmetic; }
    ModelView *modelView() const { return m_model; }
};

} // namespace ds::app
