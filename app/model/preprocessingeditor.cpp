#include "preprocessingeditor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>

namespace ds::app {
namespace {

enum Preset { FromFile, ImageNet, UnitRange, SymmetricRange, Custom };

Preprocessing symmetricRange(int channels)
{
    Preprocessing p;
    p.mean.assign(std::size_t(channels), 0.5f);
    p.stddev.assign(std::size_t(channels), 0.5f);
    return p;
}

} // namespace

PreprocessingEditor::PreprocessingEditor(QWidget *parent) : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(3);
    m_preset = new QComboBox(this);
    m_preset->setObjectName("preprocessingPreset");
    m_preset->addItems({"From the file", "ImageNet (torchvision)", "[0, 1]", "[-1, 1]", "Custom"});
    m_preset->setToolTip("What the network was trained on: torchvision's ImageNet models want ImageNet's "
                         "statistics; our own exports carry theirs in the file");
    grid->addWidget(new QLabel("Preset", this), 0, 0);
    grid->addWidget(m_preset, 0, 1, 1, 3);
    m_scale = new QComboBox(this);
    m_scale->addItems({"pixel ÷ 255 (0 to 1)", "pixel as is (0 to 255)"});
    grid->addWidget(new QLabel("Scale", this), 1, 0);
    grid->addWidget(m_scale, 1, 1, 1, 3);
    grid->addWidget(new QLabel("mean", this), 2, 1);
    grid->addWidget(new QLabel("std", this), 2, 2);
    const char *names[] = {"R", "G", "B"};
    for (int c = 0; c < 3; ++c) {
        auto *label = new QLabel(names[c], this);
        auto *mean = new QDoubleSpinBox(this), *sd = new QDoubleSpinBox(this);
        mean->setObjectName(QString("mean%1").arg(c));
        sd->setObjectName(QString("std%1").arg(c));
        mean->setDecimals(4);
        mean->setRange(-255.0, 255.0);
        mean->setSingleStep(0.01);
        sd->setDecimals(4);
        sd->setRange(0.001, 255.0);
        sd->setSingleStep(0.01);
        grid->addWidget(label, 3 + c, 0);
        grid->addWidget(mean, 3 + c, 1);
        grid->addWidget(sd, 3 + c, 2);
        m_channelLabels.push_back(label);
        m_mean.push_back(mean);
        m_std.push_back(sd);
        connect(mean, &QDoubleSpinBox::valueChanged, this, &PreprocessingEditor::edited);
        connect(sd, &QDoubleSpinBox::valueChanged, this, &PreprocessingEditor::edited);
    }
    m_order = new QComboBox(this);
    m_order->setObjectName("channelOrder");
    m_order->addItems({"RGB", "BGR (OpenCV, Caffe)"});
    grid->addWidget(new QLabel("Order", this), 6, 0);
    grid->addWidget(m_order, 6, 1, 1, 3);
    m_source = new QLabel(this);
    m_source->setWordWrap(true);
    m_source->setObjectName("preprocessingSource");
    grid->addWidget(m_source, 7, 0, 1, 4);
    grid->setColumnStretch(3, 1);
    connect(m_preset, &QComboBox::activated, this, &PreprocessingEditor::applyPreset);
    connect(m_scale, &QComboBox::currentIndexChanged, this, &PreprocessingEditor::edited);
    connect(m_order, &QComboBox::currentIndexChanged, this, &PreprocessingEditor::edited);
    setModel(3, Preprocessing::unitRange(3), false);
}

void PreprocessingEditor::setModel(int channels, const Preprocessing &fileOrDefault, bool fromFile)
{
    m_channels = channels;
    m_file = fileOrDefault;
    m_fromFile = fromFile;
    m_preset->setItemText(FromFile, fromFile ? "From the file" : "None in the file: [0, 1]");
    for (int c = 0; c < 3; ++c) {
        const bool shown = c < channels;
        m_channelLabels[std::size_t(c)]->setVisible(shown);
        m_mean[std::size_t(c)]->setVisible(shown);
        m_std[std::size_t(c)]->setVisible(shown);
    }
    m_channelLabels[0]->setText(channels == 3 ? "R" : "grey");
    m_order->setEnabled(channels == 3);
    m_preset->setCurrentIndex(FromFile);
    m_current = fileOrDefault;
    show(fileOrDefault);
    m_source->setText(fromFile ? "The file says how its pictures were normalized."
                               : "The file does not say how its pictures were normalized: pick what it was trained "
                                 "on (ImageNet for torchvision's models).");
}

Preprocessing PreprocessingEditor::fromBoxes() const
{
    Preprocessing p;
    p.scale = m_scale->currentIndex() == 0 ? 1.0f / 255.0f : 1.0f;
    for (int c = 0; c < m_channels; ++c) {
        p.mean.push_back(float(m_mean[std::size_t(c)]->value()));
        p.stddev.push_back(float(m_std[std::size_t(c)]->value()));
    }
    p.bgr = m_channels == 3 && m_order->currentIndex() == 1;
    return p;
}

void PreprocessingEditor::show(const Preprocessing &p)
{
    m_showing = true;
    m_scale->setCurrentIndex(p.scale == 1.0f ? 1 : 0);
    for (int c = 0; c < m_channels && c < int(p.mean.size()); ++c) {
        m_mean[std::size_t(c)]->setValue(p.mean[std::size_t(c)]);
        m_std[std::size_t(c)]->setValue(p.stddev[std::size_t(c)]);
    }
    m_order->setCurrentIndex(p.bgr ? 1 : 0);
    m_showing = false;
}

void PreprocessingEditor::applyPreset(int index)
{
    Preprocessing p;
    switch (index) {
    case FromFile: p = m_file; break;
    case ImageNet:
        p = m_channels == 3 ? Preprocessing::imageNet() : Preprocessing::unitRange(m_channels);
        break;
    case UnitRange: p = Preprocessing::unitRange(m_channels); break;
    case SymmetricRange: p = symmetricRange(m_channels); break;
    default: return; // Custom: what the boxes hold
    }
    m_current = p;
    show(p);
    emit changed(m_current);
}

void PreprocessingEditor::edited()
{
    if (m_showing)
        return;
    m_preset->setCurrentIndex(Custom);
    m_current = fromBoxes();
    emit changed(m_current);
}

} // namespace ds::app
