// The view's behaviour: setups in and out of the controls, the frames and the timer, exports.
#include "convarithview.h"

#include "convarithpresets.h"
#include "plotexportmenu.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace ds::widgets {

void ConvArithmeticView::showConvolution(int inH, int inW, int kernel, int stride, int padding, int dilation)
{
    ConvArithSetup s;
    s.inH = inH;
    s.inW = inW;
    s.kernel = kernel;
    s.stride = stride;
    s.padding = padding;
    s.dilation = dilation;
    s.paddingMode = PaddingMode::Custom;
    s.mode = ConvArithMode::Convolution;
    setSetup(s);
    setFrame(0);
    m_tabs->setCurrentIndex(0);
}

void ConvArithmeticView::showPooling(bool max, int inH, int inW, int window, int stride, int padding)
{
    ConvArithSetup s;
    s.inH = inH;
    s.inW = inW;
    s.kernel = window;
    s.stride = stride;
    s.padding = padding;
    s.paddingMode = PaddingMode::Custom;
    s.mode = max ? ConvArithMode::MaxPool : ConvArithMode::AvgPool;
    setSetup(s);
    setFrame(0);
    m_tabs->setCurrentIndex(0);
}

void ConvArithmeticView::setReceptiveFieldStack(const std::vector<ConvWindow> &stack, int inH, int inW)
{
    m_receptive->setStack(stack, inH, inW);
}

void ConvArithmeticView::showReceptiveField()
{
    m_tabs->setCurrentIndex(1);
}

void ConvArithmeticView::setSetup(const ConvArithSetup &setup)
{
    m_canvas->setSetup(setup);
    writeControls();
    m_preset->setCurrentIndex(0);
    frameChanged();
    emit setupChanged();
}

void ConvArithmeticView::applyPreset(int index)
{
    const auto &presets = convArithPresets();
    if (index < 0 || index >= int(presets.size()))
        return;
    const ConvArithPreset &p = presets[std::size_t(index)];
    m_canvas->setSetup(p.setup);
    if (p.input.empty() && p.kernel.empty())
        m_canvas->resetNumbers();
    else
        m_canvas->setNumbers(p.input, p.kernel);
    m_canvas->setFrame(0);
    writeControls();
    m_preset->setCurrentIndex(index + 1);
    frameChanged();
    emit setupChanged();
}

void ConvArithmeticView::readControls()
{
    if (m_updating)
        return;
    ConvArithSetup s;
    s.inH = m_inH->value();
    s.inW = m_inW->value();
    s.kernel = m_kernel->value();
    s.stride = m_stride->value();
    s.dilation = m_dilation->value();
    s.padding = m_padding->value();
    s.outputPadding = m_outputPadding->value();
    s.paddingMode = PaddingMode(m_paddingMode->currentData().toInt());
    s.mode = ConvArithMode(m_mode->currentData().toInt());
    setSetup(s);
}

void ConvArithmeticView::writeControls()
{
    m_updating = true;
    const ConvArithModel &m = m_canvas->model();
    const ConvArithSetup &s = m.setup();
    // Sizes from the CNN editor may pass the spin boxes' usual ranges; let them.
    m_inH->setMaximum(std::max(64, s.inH));
    m_inW->setMaximum(std::max(64, s.inW));
    m_kernel->setMaximum(std::max(11, s.kernel));
    m_stride->setMaximum(std::max(6, s.stride));
    m_dilation->setMaximum(std::max(6, s.dilation));
    m_outputPadding->setMaximum(std::max(5, s.outputPadding));
    m_padding->setMaximum(std::max(16, std::max(s.padding, m.rows().padBefore)));
    m_inH->setValue(s.inH);
    m_inW->setValue(s.inW);
    m_kernel->setValue(s.kernel);
    m_stride->setValue(s.stride);
    m_dilation->setValue(s.dilation);
    m_outputPadding->setValue(s.outputPadding);
    m_mode->setCurrentIndex(m_mode->findData(int(s.mode)));
    m_paddingMode->setCurrentIndex(m_paddingMode->findData(int(s.paddingMode)));
    const bool custom = s.paddingMode == PaddingMode::Custom;
    m_padding->setValue(custom ? s.padding : m.rows().padBefore); // what "same" or "full" comes to
    m_padding->setEnabled(custom);
    m_dilation->setEnabled(!isPooling(s.mode));
    m_outputPadding->setEnabled(isTransposed(s.mode));

    QString note;
    if (!m.rows().symmetric())
        note
            = QString("%1 before (top, left), %2 after (bottom, right)").arg(m.rows().padBefore).arg(m.rows().padAfter);
    else if (isTransposed(s.mode))
        note = "The padding of the convolution it undoes: it crops the output.";
    m_paddingNote->setText(note);
    m_paddingNote->setVisible(!note.isEmpty());
    m_updating = false;
}

void ConvArithmeticView::frameChanged()
{
    m_updating = true;
    const int count = m_canvas->model().frameCount();
    m_slider->setRange(0, std::max(0, count - 1));
    m_slider->setValue(m_canvas->frame());
    m_slider->setEnabled(count > 1);
    m_frameLabel->setText(
        count ? QString("frame %1 of %2").arg(m_canvas->frame() + 1).arg(count) : QString("no frames"));
    m_back->setEnabled(count > 1);
    m_step->setEnabled(count > 1);
    m_first->setEnabled(count > 1);
    m_play->setEnabled(count > 1);
    m_updating = false;
    if (count <= 1)
        pause();
}

void ConvArithmeticView::setFrame(int frame)
{
    m_canvas->setFrame(frame);
    frameChanged();
}

void ConvArithmeticView::play()
{
    if (m_canvas->model().frameCount() <= 1)
        return;
    if (m_canvas->frame() + 1 >= m_canvas->model().frameCount())
        setFrame(0);
    m_timer->start();
    refreshIcons();
}

void ConvArithmeticView::pause()
{
    m_timer->stop();
    refreshIcons();
}

bool ConvArithmeticView::isPlaying() const
{
    return m_timer->isActive();
}

void ConvArithmeticView::stepForward()
{
    pause();
    setFrame(m_canvas->frame() + 1);
}

void ConvArithmeticView::stepBack()
{
    pause();
    setFrame(m_canvas->frame() - 1);
}

// Plays in a loop: after the last frame, the first again.
void ConvArithmeticView::tick()
{
    const int next = m_canvas->frame() + 1;
    setFrame(next >= m_canvas->model().frameCount() ? 0 : next);
}

void ConvArithmeticView::setShowNumbers(bool show)
{
    m_canvas->setShowNumbers(show);
    if (m_numbers->isChecked() != show)
        m_numbers->setChecked(show);
}

ConvArithExportOptions ConvArithmeticView::exportOptions() const
{
    ConvArithExportOptions o;
    o.numbers = m_canvas->showNumbers();
    o.palette = palette();
    o.font = font();
    o.frameMs = int(1000 / m_speed->currentData().toDouble());
    return o;
}

bool ConvArithmeticView::exportPng(const QString &path) const
{
    ConvArithExportOptions o = exportOptions();
    o.scale = 2; // one frame for a slide: sharp on a large screen
    return exportConvArithPng(m_canvas->model(), frame(), o, path);
}

bool ConvArithmeticView::exportSvg(const QString &path) const
{
    return exportConvArithSvg(m_canvas->model(), frame(), exportOptions(), path);
}

bool ConvArithmeticView::exportAnimation(const QString &path) const
{
    return exportConvArithApng(m_canvas->model(), exportOptions(), path);
}

int ConvArithmeticView::exportFrames(const QString &folder) const
{
    return exportConvArithFrames(m_canvas->model(), exportOptions(), folder);
}

void ConvArithmeticView::exportWithDialog(int kind)
{
    pause();
    bool ok = false;
    QString path;
    switch (kind) {
    case 0:
        path = QFileDialog::getSaveFileName(this, "Export frame as PNG", "convolution.png", "PNG images (*.png)");
        ok = path.isEmpty() || exportPng(path);
        break;
    case 1:
        path = QFileDialog::getSaveFileName(this, "Export frame as SVG", "convolution.svg", "SVG drawings (*.svg)");
        ok = path.isEmpty() || exportSvg(path);
        break;
    case 2:
        path = QFileDialog::getSaveFileName(this, "Export animation", "convolution.png", "Animated PNG (*.png *.apng)");
        ok = path.isEmpty() || exportAnimation(path);
        break;
    default:
        path = QFileDialog::getExistingDirectory(this, "Export frames into a folder");
        ok = path.isEmpty() || exportFrames(path) > 0;
    }
    if (!ok)
        QMessageBox::warning(this, "Export", "Could not write " + path + ".");
    else if (!path.isEmpty())
        confirmExport(this, path);
}

} // namespace ds::widgets
