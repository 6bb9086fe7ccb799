// LessonPanel: a lesson beside its playground — the title, the explanation, the steps to try,
// and for the bundled lessons the way to the previous and next one.
#pragma once

#include "document/lesson.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace ds::app {

class LessonPanel : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget *parent = nullptr);

    // `index` and `count` place a bundled lesson in the library (index -1: a playground's own
    // lesson, with no previous or next).
    void showLesson(const Lesson &lesson, int index, int count);
    QString text() const; // what the panel says, as plain text (for tests)

signals:
    void previousRequested();
    void nextRequested();

private:
    QLabel *m_title, *m_place;
    QTextBrowser *m_body;
    QPushButton *m_previous, *m_next;
};

} // namespace ds::app
