// StartPage: what a new window offers first — the lessons, one click each, or an empty
// playground — with a box to stop showing it at start (remembered in QSettings).
#pragma once

#include "lessonlibrary.h"

#include <QDialog>

class QCheckBox;
class QListWidget;

namespace ds::app {

class StartPage : public QDialog {
    Q_OBJECT
public:
    StartPage(const std::vector<LessonEntry> &lessons, QWidget *parent = nullptr);

    // The lesson chosen (an index into the list given), or -1 for an empty playground.
    int chosenLesson() const { return m_chosen; }
    QListWidget *list() const { return m_list; }

    // Whether the window shows it at start (the user's choice; true until they untick it).
    static bool showAtStart();

private:
    QListWidget *m_list;
    QCheckBox *m_showAtStart;
    int m_chosen = -1;
};

} // namespace ds::app
