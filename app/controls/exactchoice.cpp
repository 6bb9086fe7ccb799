#include "exactchoice.h"

#include <QComboBox>
#include <QSlider>
#include <QVariant>

namespace ds::app {
namespace {

constexpr int kAddedRole = Qt::UserRole + 100; // marks an entry added for a value off the list

} // namespace

void showExactValue(QComboBox *box, double value, const QString &text)
{
    for (int i = box->count() - 1; i >= 0; --i)
        if (box->itemData(i, kAddedRole).toBool() && float(box->itemData(i).toDouble()) != float(value))
            box->removeItem(i);
    for (int i = 0; i < box->count(); ++i)
        if (float(box->itemData(i).toDouble()) == float(value)) {
            box->setCurrentIndex(i);
            return;
        }
    // Keep numeric lists in order: before the first larger entry, else at the end.
    int at = box->count();
    for (int i = 0; i < box->count(); ++i)
        if (box->itemData(i).toDouble() > value) {
            at = i;
            break;
        }
    box->insertItem(at, text, value);
    box->setItemData(at, true, kAddedRole);
    box->setItemData(at, "The value this playground holds (not one of the usual choices)", Qt::ToolTipRole);
    box->setCurrentIndex(at);
}

void showSliderValue(QSlider *slider, int value)
{
    if (value > slider->maximum())
        slider->setMaximum(value);
    if (value < slider->minimum())
        slider->setMinimum(value);
    slider->setValue(value);
}

} // namespace ds::app
