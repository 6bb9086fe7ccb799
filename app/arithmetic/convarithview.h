// ConvArithmeticView: the conv-arithmetic diagrams (Dumoulin and Visin's guide, interactive). The
// controls on the left set the input size, kernel, stride, padding (valid, same, full or a
// number), dilation, output padding and the operation (convolution, transposed convolution seen
// as a zero-inserted convolution or as a scatter, max or average pooling); the canvas animates
// the window over the input with the multiply-add and the output-size formula written out; a
// second tab shows the receptive field of a layer stack. Space plays and pauses, Left and Right
// step, Home and End jump.
#pragma once

#include "convarithcanvas.h"
#include "convarithexport.h"
#include "convarithreceptive.h"
#include "convarithstack.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QTabWidget;
class QTimer;
class QToolButton;

namespace ds::widgets {

class ConvArithmeticView : public QWidget {
    Q_OBJECT
public:
    explicit ConvArithmeticView(QWidget *parent = nullptr);

    // Opens on a layer's real sizes (from the CNN editor): the convolution tab, frame 0.
    void showConvolution(int inH, int inW, int kernel, int stride, int padding, int dilation);
    void showPooling(bool max, int inH, int inW, int window, int stride, int padding);
    // A stack for the receptive-field tab: a list of {kernel, stride, padding, dilation}.
    void setReceptiveFieldStack(const std::vector<ConvWindow> &stack, int inH, int inW);
    void showReceptiveField(); // brings its tab to the front

    void setSetup(const ConvArithSetup &setup); // the controls follow
    ConvArithSetup setup() const { return m_canvas->model().setup(); }
    void applyPreset(int index); // an entry of convArithPresets()

    void setFrame(int frame);
    int frame() const { return m_canvas->frame(); }
    void play();
    void pause();
    bool isPlaying() const;
    void stepForward();
    void stepBack();
    void setShowNumbers(bool show);

    // Exports at the options' size with this view's palette and numbers. False (or -1) on failure.
    ConvArithExportOptions exportOptions() const;
    bool exportPng(const QString &path) const;
    bool exportSvg(const QString &path) const;
    bool exportAnimation(const QString &path) const; // APNG
    int exportFrames(const QString &folder) const;

    ConvArithCanvas *canvas() const { return m_canvas; }
    ReceptiveFieldPanel *receptiveField() const { return m_receptive; }

signals:
    void setupChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refreshIcons();
    QWidget *buildControls();
    QWidget *buildPlayer();
    void readControls(); // controls -> canvas
    void writeControls(); // canvas -> controls
    void frameChanged();
    void tick();
    void exportWithDialog(int kind);

    ConvArithCanvas *m_canvas;
    ReceptiveFieldPanel *m_receptive;
    QTabWidget *m_tabs;
    QComboBox *m_preset, *m_mode, *m_paddingMode;
    QSpinBox *m_inH, *m_inW, *m_kernel, *m_stride, *m_padding, *m_dilation, *m_outputPadding;
    QLabel *m_paddingNote;
    QCheckBox *m_numbers;
    QToolButton *m_play, *m_back, *m_step, *m_first, *m_export;
    QSlider *m_slider;
    QLabel *m_frameLabel;
    QComboBox *m_speed;
    QTimer *m_timer;
    bool m_updating = false;
};

} // namespace ds::widgets
