// PreprocessingEditor: how the Model mode turns a picture into the network's input, shown and
// editable — a preset (the file's own, torchvision's ImageNet statistics, [0, 1], [-1, 1]), the
// pixel scale, a mean and a std per channel, and the channel order. Where the numbers came from
// is said under them: a model trained on other statistics gives other answers, so they are never
// changed behind the user's back.
#pragma once

#include "core/modelsession.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace ds::app {

class PreprocessingEditor : public QWidget {
    Q_OBJECT
public:
    explicit PreprocessingEditor(QWidget *parent = nullptr);

    // A newly opened model's: its channel count and what its file says (`fromFile`: it says
    // something); shows it without emitting changed().
    void setModel(int channels, const Preprocessing &fileOrDefault, bool fromFile);
    // Exactly the preset's numbers, or the boxes' once edited (the boxes show 4 decimals).
    Preprocessing preprocessing() const { return m_current; }
    // The presets' names, in the box's order: "From the file" (or "None in the file: [0, 1]"),
    // "ImageNet (torchvision)", "[0, 1]", "[-1, 1]", then "Custom" once a number is edited.
    QComboBox *presetBox() const { return m_preset; }
    QDoubleSpinBox *meanBox(int channel) const { return m_mean.at(std::size_t(channel)); }
    QDoubleSpinBox *stdBox(int channel) const { return m_std.at(std::size_t(channel)); }
    QComboBox *orderBox() const { return m_order; }

signals:
    void changed(const ds::app::Preprocessing &p);

private:
    void show(const Preprocessing &p); // into the boxes, without emitting
    void applyPreset(int index);
    void edited(); // a number or the order changed by hand
    Preprocessing fromBoxes() const;

    int m_channels = 3;
    Preprocessing m_file, m_current;
    bool m_fromFile = false;
    bool m_showing = false;
    QComboBox *m_preset = nullptr, *m_scale = nullptr, *m_order = nullptr;
    std::vector<QDoubleSpinBox *> m_mean, m_std;
    std::vector<QLabel *> m_channelLabels;
    QLabel *m_source = nullptr;
};

} // namespace ds::app
