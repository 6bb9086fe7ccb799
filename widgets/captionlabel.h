// The panel caption of the whole app: small capitals, slightly spaced, dimmed. One definition so
// that every panel (the playground's, the CNN view's, the conv-arithmetic view's) looks the same.
#pragma once

#include <QFont>
#include <QLabel>
#include <QPalette>

namespace ds::widgets {

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

} // namespace ds::widgets
