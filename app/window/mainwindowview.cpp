// MainWindow: the View menu — full screen, presentation mode for a projector, high contrast —
// and how a changed display style reaches every painted widget.
#include "mainwindow.h"

#include "controls/captioned.h"
#include "displaystyle.h"
#include "featuretoggles.h"
#include "points/controlbar.h"
#include "points/outputpanel.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTabWidget>

#include <algorithm>
#include <cstring>

namespace ds::app {
namespace {

constexpr double kPresentationFont = 1.3; // text on a projector, when the screen has room
constexpr double kPresentationScale = 1.8; // points, lines and links
// The Images mode's classroom controls: keys carry a prefix (both modes have a speed, a seed,
// charts...), and so did the names files used before the keys ("Images: Speed").
constexpr const char *kImagesKeyPrefix = "images.";
constexpr const char *kImagesOldPrefix = "Images: ";

} // namespace

QMenu *MainWindow::buildViewMenu()
{
    m_baseFont = QApplication::font();
    QMenu *view = menuBar()->addMenu("&View");
    QAction *full = view->addAction("&Full screen", this, [this] { isFullScreen() ? showNormal() : showFullScreen(); });
    full->setShortcuts({QKeySequence(Qt::Key_F11), QKeySequence::FullScreen});
    m_presentationAction = view->addAction("&Presentation mode", this, [this](bool on) { setPresentationMode(on); });
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_presentationAction->setToolTip("Full screen, with larger text, points and lines for a projector (F5)");
    m_contrastAction = view->addAction("&High-contrast colours", this, [this](bool on) { setHighContrast(on); });
    m_contrastAction->setCheckable(true);

    // Classroom controls: any control of either mode can be hidden, and the document keeps the
    // choice, so that a teacher hands out a playground with only today's knobs.
    classroomControl(m_featureColumn, "features", "Features");
    classroomControl(m_output->tabs(), "charts", "Charts");
    QMenu *controls = view->addMenu("Controls &shown");
    controls->setToolTipsVisible(true);
    for (int mode : {int(PointsMode), int(ImagesMode)}) {
        controls->addSection(mode == PointsMode ? "Points" : "Images");
        for (const auto &[key, w] : classroomControls(mode)) {
            QAction *a = controls->addAction(w->property("controlLabel").toString());
            a->setData(key);
            a->setCheckable(true);
            a->setChecked(true);
            connect(a, &QAction::toggled, this, [this](bool) {
                setHiddenControls(hiddenControls());
                refreshModified();
            });
            m_controlActions.push_back(a);
        }
    }
    controls->addSeparator();
    controls->addAction("Show &all", this, [this] {
        setHiddenControls({});
        refreshModified();
    });
    return view;
}

void MainWindow::setPresentationMode(bool on)
{
    m_presentation = on;
    m_presentationAction->setChecked(on);
    fitToScreen();
    widgets::DisplayStyle style = widgets::displayStyle();
    style.scale = on ? kPresentationScale : 1.0;
    widgets::setDisplayStyle(style);
    if (on)
        showFullScreen();
    else if (isFullScreen())
        showNormal();
    QSettings().setValue("view/presentation", on);
    repaintAll();
}

void MainWindow::fitToScreen()
{
    // The largest text (up to kPresentationFont in presentation mode) and the widest training
    // bar (up to 5 columns of settings) with which the window still fits its screen: a
    // 1366 x 768 projector gets less than a 1920 x 1080 one.
    const int room = screen() ? screen()->availableGeometry().width() : 1920;
    for (double f = m_presentation ? kPresentationFont : 1.0;; f -= 0.05) {
        QFont font = m_baseFont;
        font.setPointSizeF(m_baseFont.pointSizeF() * std::max(f, 1.0));
        QApplication::setFont(font);
        for (int columns = 5; columns >= 3; --columns) {
            m_bar->setColumns(columns);
            // Measure again now, from the bar up (the layouts would otherwise wait for their
            // posted requests and report the old columns' size).
            for (QWidget *w = m_bar; w; w = w->parentWidget())
                if (w->layout()) {
                    w->layout()->invalidate();
                    w->layout()->activate();
                }
            if (minimumSizeHint().width() <= room)
                break;
        }
        if (f <= 1.0 || minimumSizeHint().width() <= room)
            break;
    }
    if (screen() && !isFullScreen() && frameGeometry().right() > screen()->availableGeometry().right()) {
        const QRect free = screen()->availableGeometry();
        resize(std::min(width(), free.width()), height());
        move(free.left() + (free.width() - frameGeometry().width()) / 2, y());
    }
}

std::vector<std::pair<QString, QWidget *>> MainWindow::classroomControls(int mode) const
{
    std::vector<std::pair<QString, QWidget *>> out;
    for (QWidget *w : m_pages->widget(mode)->findChildren<QWidget *>())
        if (w->objectName().startsWith("control:"))
            out.emplace_back((mode == ImagesMode ? kImagesKeyPrefix : "") + w->objectName().mid(8), w);
    return out;
}

QString MainWindow::controlKey(const QString &name) const
{
    // Files written before the keys name a control by its caption ("Learning rate", "Images:
    // Layers"): the same control's key now. A name this version knows nothing of is kept.
    for (int mode : {int(PointsMode), int(ImagesMode)})
        for (const auto &[key, w] : classroomControls(mode)) {
            const QString label = w->property("controlLabel").toString();
            if (name == key || name == (mode == ImagesMode ? kImagesOldPrefix + label : label))
                return key;
        }
    return name;
}

QStringList MainWindow::hiddenControls() const
{
    QStringList hidden;
    for (const QAction *a : m_controlActions)
        if (!a->isChecked())
            hidden << a->data().toString();
    return hidden;
}

void MainWindow::setHiddenControls(const QStringList &given)
{
    QStringList names;
    for (const QString &name : given)
        names << controlKey(name);
    for (QAction *a : m_controlActions) {
        const QSignalBlocker quiet(a);
        a->setChecked(!names.contains(a->data().toString()));
    }
    for (int mode : {int(PointsMode), int(ImagesMode)})
        for (const auto &[name, w] : classroomControls(mode))
            w->setVisible(!names.contains(name));
}

void MainWindow::setHighContrast(bool on)
{
    m_contrastAction->setChecked(on);
    widgets::DisplayStyle style = widgets::displayStyle();
    style.highContrast = on;
    widgets::setDisplayStyle(style);
    QSettings().setValue("view/highContrast", on);
    // Captions and hints are drawn in the palette's placeholder colour, dimmed: in high contrast,
    // as the text itself (every mode's captions at once).
    static const QColor dimmed = QApplication::palette().color(QPalette::PlaceholderText);
    QPalette palette = QApplication::palette();
    palette.setColor(QPalette::PlaceholderText, on ? palette.color(QPalette::WindowText) : dimmed);
    QApplication::setPalette(palette);
    showConfig(); // the data set thumbnails and the "Click adds" swatches are drawn with the classes' colours
    repaintAll();
}

void MainWindow::restoreViewSettings()
{
    fitToScreen();
    const QSettings settings;
    if (settings.value("view/highContrast", false).toBool())
        setHighContrast(true);
    if (settings.value("view/presentation", false).toBool())
        setPresentationMode(true);
}

void MainWindow::repaintAll()
{
    // The heatmaps are made from the snapshot when it is painted: paint the last one again.
    if (m_snapshot)
        paintSnapshot();
    for (QWidget *w : findChildren<QWidget *>())
        w->update();
}

} // namespace ds::app
