// MainWindow: the lessons — the Lessons menu, the panel that shows a playground's lesson beside
// it, and the start page.
#include "mainwindow.h"

#include "lessons/lessonlibrary.h"
#include "lessons/lessonpanel.h"
#include "lessons/startpage.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>

namespace ds::app {

void MainWindow::buildLessons(QMenu *viewMenu)
{
    m_lessons = bundledLessons();
    m_lessonPanel = new LessonPanel(this);
    m_lessonDock = new QDockWidget("Lesson", this);
    m_lessonDock->setObjectName("lesson");
    m_lessonDock->setWidget(m_lessonPanel);
    m_lessonDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_lessonDock->setMinimumWidth(200);
    addDockWidget(Qt::LeftDockWidgetArea, m_lessonDock);
    m_lessonDock->hide();
    connect(m_lessonPanel, &LessonPanel::previousRequested, this, [this] { openLesson(m_lessonIndex - 1); });
    connect(m_lessonPanel, &LessonPanel::nextRequested, this, [this] { openLesson(m_lessonIndex + 1); });
    QAction *toggle = m_lessonDock->toggleViewAction();
    toggle->setText("&Lesson panel");
    viewMenu->addAction(toggle);

    QMenu *menu = menuBar()->addMenu("&Lessons");
    for (int i = 0; i < int(m_lessons.size()); ++i)
        menu->addAction(
            QString("&%1  %2").arg(i + 1).arg(QString::fromStdString(m_lessons[std::size_t(i)].document.lesson.title)),
            this, [this, i] { openLesson(i); });
    menu->addSeparator();
    menu->addAction("&Start page…", this, &MainWindow::showStartPage);
}

bool MainWindow::openLesson(int index)
{
    if (index < 0 || index >= int(m_lessons.size()) || !maybeSave())
        return false;
    m_path.clear(); // a lesson is a new playground: Save asks where to put it
    setDocument(m_lessons[std::size_t(index)].document);
    markSaved(m_lessons[std::size_t(index)].document);
    return true;
}

void MainWindow::showLesson(const Lesson &lesson)
{
    m_lesson = lesson;
    // A bundled lesson (opened from the menu, or saved and reopened) keeps its place in the
    // library, for the previous and next buttons.
    m_lessonIndex = -1;
    for (int i = 0; i < int(m_lessons.size()); ++i)
        if (!lesson.empty() && m_lessons[std::size_t(i)].document.lesson.title == lesson.title)
            m_lessonIndex = i;
    if (lesson.empty()) {
        m_lessonDock->hide();
    } else {
        m_lessonPanel->showLesson(lesson, m_lessonIndex, int(m_lessons.size()));
        m_lessonDock->show();
        if (m_session)
            fitToScreen(); // the panel takes room from the playground
    }
    updateTitle();
}

void MainWindow::showStartPage()
{
    StartPage page(m_lessons, this);
    if (page.exec() == QDialog::Accepted)
        openLesson(page.chosenLesson());
}

void MainWindow::showStartPageIfWanted()
{
    if (StartPage::showAtStart() && !isWindowModified() && !m_lessons.empty())
        showStartPage();
}

} // namespace ds::app
