// A control with its caption above it in small capitals, the playground's panel style.
#pragma once

#include <QLabel>
#include <QVBoxLayout>
#include <QWidget>

namespace ds::app {

inline QLabel *captionLabel(const QString &text, QWidget *parent = nullptr)
{
    auto *label = new QLabel(text.toUpper(), parent);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.82);
    f.setCapitalization(QFont::AllUppercase);
    f.setLetterSpacing(QFont::PercentageSpacing, 106);
    label->setFont(f);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

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

} // namespace ds::app
