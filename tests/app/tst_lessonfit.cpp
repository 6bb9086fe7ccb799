// Every lesson on a 1366 x 768 laptop, and in presentation mode on a 1920 x 1080 projector (issue
// 27): opened through the window as the Lessons menu does, on a screen of that size (CTest gives
// this test two offscreen screens, tests/app/screens.json: the laptop first), the window fits the
// screen, and no visible widget lies outside the window or is squeezed below the least its layout
// needs.
#include "lessons/lessonlibrary.h"
#include "lessons/lessonpanel.h"
#include "core/downloadcatalog.h"
#include "images/cnnview.h"
#include "points/outputpanel.h"
#include "window/mainwindow.h"

#include <QAbstractScrollArea>
#include <QFile>
#include <QLayout>
#include <QScreen>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

using namespace ds::app;

namespace {

// "MainWindow > QWidget#data > QComboBox": where a widget is, for the failure message.
QString pathOf(const QWidget *w, const QWidget *top)
{
    QStringList parts;
    for (const QWidget *p = w; p && p != top; p = p->parentWidget())
        parts.prepend(QString(p->metaObject()->className()) + (p->objectName().isEmpty() ? "" : "#" + p->objectName()));
    return parts.join(" > ");
}

// Inside a scroll area's viewport a widget may run past the window: that is what scrolling is for.
bool scrolled(const QWidget *w, const QWidget *top)
{
    for (const QWidget *p = w->parentWidget(); p && p != top; p = p->parentWidget())
        if (qobject_cast<const QAbstractScrollArea *>(p))
            return true;
    return false;
}

// A lesson on a data set that is not here (CIFAR-10) shows the offer to get it, not a network.
bool waitsForADownload(const ImagesConfig &c)
{
    if (c.data.source != ImageDataChoice::Download)
        return false;
    const auto set = downloadableSet(QString::fromStdString(c.data.set));
    return set && !isDownloaded(*set);
}

} // namespace

class TestLessonFit : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings and the autosave in a test folder
        QFile::remove(MainWindow::autosavePath()); // no recovery question
        const QList<QScreen *> screens = QGuiApplication::screens();
        QVERIFY2(screens.size() == 2 && screens[0]->availableGeometry().size() == QSize(1366, 768)
                && screens[1]->geometry().size() == QSize(1920, 1080),
            "the test needs its laptop and projector screens (QT_QPA_PLATFORM=offscreen:configfile=screens.json)");
    }

    void everyLessonFits_data()
    {
        QTest::addColumn<int>("index");
        const std::vector<LessonEntry> lessons = bundledLessons();
        for (int i = 0; i < int(lessons.size()); ++i)
            QTest::newRow(lessons[std::size_t(i)].document.lesson.title.c_str()) << i;
    }

    void everyLessonFits()
    {
        QFETCH(int, index);
        MainWindow w;
        w.showMaximized(); // as a laptop's user would have it
        w.startSession();
        checkLessonFits(w, index, QGuiApplication::screens()[0]->availableGeometry(), "laptop");
    }

    void presentationModeFits_data() { everyLessonFits_data(); }
    void presentationModeFits()
    {
        QFETCH(int, index);
        QScreen *projector = QGuiApplication::screens()[1];
        MainWindow w;
        w.setScreen(projector);
        w.move(projector->availableGeometry().topLeft());
        w.show();
        w.startSession();
        w.setPresentationMode(true); // full screen, larger text
        checkLessonFits(w, index, projector->geometry(), "projector");
        w.setPresentationMode(false); // the application's font back for the next lesson
    }

private:
    // The lesson opened in `w` as the menu does, its network drawn, and everything on `screen`.
    // With DS_SCREENSHOTS set to a folder, each window is saved there as lesson-NN-<where>.png, to
    // be looked at.
    void checkLessonFits(MainWindow &w, int index, const QRect &screen, const char *where)
    {
        QVERIFY(w.openLesson(index));
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // The lesson's own network drawn (the diagram's columns come with the first snapshot).
        if (w.mode() == MainWindow::PointsMode)
            w.trainAndWait(0);
        else if (w.mode() == MainWindow::ImagesMode && !waitsForADownload(w.cnnView()->config()))
            QVERIFY(w.cnnView()->trainAndWait(0));
        // The layouts' posted requests, and those they post in turn (a font change reaches the
        // status bar's layout one pass later).
        for (int pass = 0; pass < 3; ++pass)
            QCoreApplication::processEvents();
        if (qEnvironmentVariableIsSet("DS_SCREENSHOTS"))
            w.grab().save(QString("%1/lesson-%2-%3.png")
                              .arg(qEnvironmentVariable("DS_SCREENSHOTS"))
                              .arg(index + 1, 2, 10, QChar('0'))
                              .arg(where));
        const QSize least = w.minimumSizeHint();
        QVERIFY2(least.width() <= screen.width() && least.height() <= screen.height(),
            qPrintable(QString("the window needs at least %1 x %2").arg(least.width()).arg(least.height())));
        QVERIFY2(screen.contains(w.frameGeometry()),
            qPrintable(QString("the window lies at %1,%2 %3 x %4")
                           .arg(w.frameGeometry().x())
                           .arg(w.frameGeometry().y())
                           .arg(w.frameGeometry().width())
                           .arg(w.frameGeometry().height())));
        QStringList problems;
        for (QWidget *c : w.findChildren<QWidget *>()) {
            if (!c->isVisibleTo(&w) || c->isWindow() || scrolled(c, &w))
                continue;
            const QRect r(c->mapTo(&w, QPoint(0, 0)), c->size());
            if (!w.rect().contains(r))
                problems << pathOf(c, &w) + QString(" lies at %1,%2 %3 x %4, outside the window")
                                                .arg(r.x())
                                                .arg(r.y())
                                                .arg(r.width())
                                                .arg(r.height());
            if (c->layout()) {
                const QSize need = c->layout()->minimumSize();
                if (c->width() < need.width() || c->height() < need.height())
                    problems << pathOf(c, &w) + QString(" is %1 x %2, its layout needs %3 x %4")
                                                    .arg(c->width())
                                                    .arg(c->height())
                                                    .arg(need.width())
                                                    .arg(need.height());
            }
        }
        // A scroll area that cannot scroll sideways shows its content's whole width (the layer
        // editor cut every row's stride and parameters on the projector).
        for (const QScrollArea *area : w.findChildren<QScrollArea *>())
            if (area->isVisibleTo(&w) && area->widget() && area->horizontalScrollBarPolicy() == Qt::ScrollBarAlwaysOff
                && area->widget()->width() > area->viewport()->width())
                problems << pathOf(area, &w)
                        + QString(" shows %1 px of its content's %2").arg(area->viewport()->width()).arg(area->widget()->width());
        // The chart tabs a lesson names ("open the Inside tab") show their whole names.
        if (w.mode() == MainWindow::PointsMode) {
            const QTabBar *charts = w.outputPanel()->tabs()->tabBar();
            const int last = charts->count() - 1;
            if (charts->tabRect(last).right() - charts->tabRect(0).left() + 1 < charts->sizeHint().width())
                problems << QString("the chart tabs are cut to %1 px of the %2 their names need")
                                .arg(charts->tabRect(last).right() - charts->tabRect(0).left() + 1)
                                .arg(charts->sizeHint().width());
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 8).join("\n")));
    }
};

QTEST_MAIN(TestLessonFit)
#include "tst_lessonfit.moc"
