// MainWindow: wires the playground together — DATA, FEATURES, NETWORK, OUTPUT from left to right
// under the training bar. It keeps the PlaygroundConfig the user edits, sends it to the
// TrainingWorker on its own thread, and paints the snapshots that come back. It never touches
// the network.
#pragma once

#include "playgroundconfig.h"
#include "snapshot.h"

#include <QMainWindow>
#include <QThread>

#include <functional>
#include <memory>

class QLabel;
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
class OutputPanel;
class TrainingWorker;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    const PlaygroundConfig &config() const { return m_config; }
    void setConfig(const PlaygroundConfig &config); // shows it and sends it to the training thread
    bool openFile(const QString &path, QString *error);
    bool saveFile(const QString &path, QString *error);
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
    void connectWorker();
    void editConfig(const std::function<void(PlaygroundConfig &)> &edit);
    void showConfig();
    void showLayerMenu(const QPoint &pos);
    void onSnapshot(std::shared_ptr<const Snapshot> snapshot);
    void paintSnapshot();
    void showError(const QString &message);
    void updateTitle();

    QThread m_thread;
    TrainingWorker *m_worker = nullptr;
    PlaygroundConfig m_config;
    std::shared_ptr<const Snapshot> m_snapshot;
    QString m_path;
    int m_hoverColumn = -1, m_hoverNeuron = -1;

    ControlBar *m_bar = nullptr;
    DataPanel *m_data = nullptr;
    widgets::FeatureToggles *m_features = nullptr;
    widgets::NetworkDiagram *m_diagram = nullptr;
    OutputPanel *m_output = nullptr;
    QLabel *m_networkCaption = nullptr;
    QLabel *m_status = nullptr;
    QStackedWidget *m_pages = nullptr;
    QTabBar *m_modeBar = nullptr;
    CnnView *m_cnn = nullptr;
    widgets::ConvArithmeticView *m_arithmetic = nullptr;

public:
    enum Mode { PointsMode = 0, ImagesMode = 1, ConvArithmeticMode = 2 };
    void showMode(int mode);
    CnnView *cnnView() const { return m_cnn; }
    widgets::ConvArithmeticView *arithmeticView() const { return m_arithmetic; }
};

} // namespace ds::app
