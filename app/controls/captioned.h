// A control with its caption above it in small capitals, the playground's panel style; and the
// name that makes a widget a classroom control.
#pragma once

#include "captionlabel.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QWidget>

namespace ds::app {

using widgets::captionLabel;

inline QWidget *captioned(const QString &caption, QWidget *control, QWidget *parent = nullptr)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(captionLabel(caption, box));
    layout->addWidget(control);
    return box;
}

// A caption (kept by the caller, who may change it) above `content`, which takes the room; with
// stretch 0 the content keeps its size and the room is left below it.
inline QWidget *captionedColumn(QLabel *caption, QWidget *content, QWidget *parent, int stretch = 1)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(caption);
    layout->addWidget(content, stretch);
    if (stretch == 0)
        layout->addStretch(1);
    return box;
}

// Names `w` as a control a teacher can hide (View → Controls shown; the document keeps the list):
// `key` is what a file stores and stays as it is whatever the caption becomes ("learningRate");
// `label` is what the menu shows ("Learning rate").
inline QWidget *classroomControl(QWidget *w, const QString &key, const QString &label)
{
    w->setObjectName("control:" + key);
    w->setProperty("controlLabel", label);
    return w;
}

} // namespace ds::app
