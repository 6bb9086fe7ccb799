// Controls that show a value exactly, even one that is not on their list: a playground file may
// hold a learning rate of 0.05 or a batch of 64 that no menu entry or slider position offers.
// Snapping it to the nearest entry would show a lie and write the lie back at the next unrelated
// edit, so the value gets an entry (or a wider slider) of its own instead.
#pragma once

#include <QString>

class QComboBox;
class QSlider;

namespace ds::app {

// Selects the entry whose data equals `value` (compared as floats, the config's precision). If
// none does, adds an entry `text` holding `value` and selects it; such an added entry goes away
// when another value is shown. Emits the box's change signals as setCurrentIndex does.
void showExactValue(QComboBox *box, double value, const QString &text);
inline void showExactValue(QComboBox *box, double value)
{
    showExactValue(box, value, QString::number(value, 'g', 7));
}

// Sets the slider to `value`, widening its range first when the value lies outside it.
void showSliderValue(QSlider *slider, int value);

} // namespace ds::app
