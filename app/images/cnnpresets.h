// Ready-made CNNs for image data: classic shapes a person can start from and then edit in the
// layer editor. Each preset is built for the input it is given (channels and size), so LeNet-5
// runs on RGB images too, and only presets that are valid for that input are offered.
#pragma once

#include "modelspec.h"

#include <QList>
#include <QString>

namespace ds::app {

struct CnnPreset {
    QString name; // "LeNet-5"
    QString description; // one or two sentences: where it comes from, what it costs
    ds::ModelSpec spec; // input set, ending in dense(classes) + softmax with softmax cross-entropy
};

// The presets that fit an image input {C, H, W}, in a sensible order (small and fast first,
// classic ones next). `classes` is the width of the final dense layer. Empty for an input that
// is not an image.
QList<CnnPreset> cnnPresets(const ds::Shape &input, int classes = 10);

} // namespace ds::app
