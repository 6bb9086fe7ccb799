// Opening a bundled lesson in the window as a student does (the Lessons menu's entry), for the
// tests that check the lessons' promises.
#pragma once

#include "lessons/lessonlibrary.h"
#include "lessons/lessonpanel.h"
#include "window/mainwindow.h"

#include <QTest>

namespace {

// Opens the lesson whose title is `title` and checks the window shows it.
inline void openLesson(ds::app::MainWindow &w, const QString &title)
{
    int index = -1;
    const std::vector<ds::app::LessonEntry> lessons = ds::app::bundledLessons();
    for (int i = 0; i < int(lessons.size()); ++i)
        if (QString::fromStdString(lessons[std::size_t(i)].document.lesson.title) == title)
            index = i;
    QVERIFY2(index >= 0, qPrintable("no lesson '" + title + "'"));
    QVERIFY(w.openLesson(index));
    QCOMPARE(QString::fromStdString(w.lesson().title), title);
    QVERIFY(w.lessonPanel()->isVisible());
    QVERIFY(w.lessonPanel()->text().startsWith(title));
    QVERIFY(w.windowTitle().contains(title));
}

} // namespace
