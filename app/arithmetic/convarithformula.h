// The words and formulas of the conv-arithmetic view: which case of the guide a setup is (its
// title), the output-size relationship of that case with the current numbers substituted, the
// general rule the engine uses, notes (cells never visited, "same" with an even kernel, the direct
// form of a transposed convolution), and the multiply-add one frame computes, e.g.
// "o(1,2) = 3·0 + 1·2 + … = 12".
#pragma once

#include "convarithmodel.h"

#include <QString>
#include <QStringList>

namespace ds::widgets {

struct ConvArithText {
    QString title; // e.g. "Zero padding, non-unit strides"
    QString reference; // e.g. "relationship 6 of the guide"; empty where the guide has none
    QStringList formulas; // the case's relationship, then the general rule, numbers substituted
    QStringList notes;
};
ConvArithText describeSetup(const ConvArithModel &model);

// One frame's arithmetic, split so that a painter can wrap it between terms:
// head + terms joined by separator + tail.
struct ConvArithEquation {
    QString head;
    QStringList terms;
    QString separator;
    QString tail;
    QString text() const { return head + terms.join(separator) + tail; }
};
// With numbers off it says which cells the frame reads (or writes) instead.
ConvArithEquation frameEquation(const ConvArithModel &model, int frame, bool numbers);

// 12, 1.5, −3, −∞: integers without decimals, others to two places, a typographic minus.
QString formatNumber(double v);

} // namespace ds::widgets
