// The view's construction: its controls, the player bar under the canvas, the tabs and the keys.
#include "convarithview.h"

#include "captionlabel.h"
#include "convarithpresets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ds::widgets {
namespace {

enum ExportKind { ExportPng, ExportSvg, ExportApng, ExportFrames };
const double kSpeeds[] = {0.5, 1, 2, 4, 8, 16, 32}; // frames per second

QSpinBox *spin(int lo, int hi, const QString &tip, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(lo, hi);
    box->setToolTip(tip);
    box->setAccelerated(true);
    return box;
}

QToolButton *playerButton(const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setIconSize(QSize(20, 20));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

// The player's icons, drawn in the theme's button text colour (the style's media icons are one
// dark grey that vanishes on a dark theme).
enum class Glyph { First, Back, Play, Pause, Step };
QIcon glyphIcon(Glyph glyph, const QColor &colour, const QColor &disabled)
{
    QIcon icon;
    for (const auto &[mode, c] : {std::pair {QIcon::Normal, colour}, std::pair {QIcon::Disabled, disabled}}) {
        QPixmap pixmap(40, 40);
        pixmap.setDevicePixelRatio(2);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        auto right = [&](qreal x0, qreal x1) { p.drawPolygon(QPolygonF {{x0, 4}, {x1, 10}, {x0, 16}}); };
        auto left = [&](qreal x0, qreal x1) { p.drawPolygon(QPolygonF {{x1, 4}, {x0, 10}, {x1, 16}}); };
        switch (glyph) {
        case Glyph::First:
            p.drawRect(QRectF(3, 4, 2, 12));
            left(5, 11);
            left(11, 17);
            break;
        case Glyph::Back:
            p.drawRect(QRectF(5, 4, 2, 12));
            left(7, 15);
            break;
        case Glyph::Play: right(5, 16); break;
        case Glyph::Pause:
            p.drawRect(QRectF(5, 4, 3.5, 12));
            p.drawRect(QRectF(11.5, 4, 3.5, 12));
            break;
        case Glyph::Step:
            right(5, 13);
            p.drawRect(QRectF(13, 4, 2, 12));
            break;
        }
        p.end();
        icon.addPixmap(pixmap, mode);
    }
    return icon;
}

} // namespace

void ConvArithmeticView::refreshIcons()
{
    const QColor ink = palette().color(QPalette::ButtonText);
    const QColor off = palette().color(QPalette::Disabled, QPalette::ButtonText);
    m_first->setIcon(glyphIcon(Glyph::First, ink, off));
    m_back->setIcon(glyphIcon(Glyph::Back, ink, off));
    m_step->setIcon(glyphIcon(Glyph::Step, ink, off));
    m_play->setIcon(glyphIcon(isPlaying() ? Glyph::Pause : Glyph::Play, ink, off));
}

void ConvArithmeticView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        refreshIcons();
    QWidget::changeEvent(event);
}

ConvArithmeticView::ConvArithmeticView(QWidget *parent) : QWidget(parent)
{
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &ConvArithmeticView::tick);

    auto *page = new QWidget(this);
    auto *pageLayout = new QHBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(0);
    pageLayout->addWidget(buildControls());
    auto *right = new QVBoxLayout;
    right->setSpacing(2);
    m_canvas = new ConvArithCanvas(page);
    m_canvas->setToolTip("Click an output cell to see how it is computed; double-click an input or kernel number "
                         "to change it");
    right->addWidget(m_canvas, 1);
    right->addWidget(buildPlayer());
    pageLayout->addLayout(right, 1);

    m_receptive = new ReceptiveFieldPanel(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(page, "Convolution arithmetic");
    m_tabs->addTab(m_receptive, "Receptive field");
    m_tabs->setTabToolTip(0, "How a convolution, a transposed convolution or a pool walks over its input");
    m_tabs->setTabToolTip(1, "Which input cells one output cell of a stack of layers can see");
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    // Keys act while the focus is on the convolution page; a text field keeps its own keys.
    const std::pair<QKeySequence, void (ConvArithmeticView::*)()> keys[] = {{Qt::Key_Space, nullptr},
        {Qt::Key_Right, &ConvArithmeticView::stepForward}, {Qt::Key_Left, &ConvArithmeticView::stepBack}};
    for (const auto &[key, action] : keys) {
        auto *shortcut = new QShortcut(key, page);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        if (action)
            connect(shortcut, &QShortcut::activated, this, action);
        else
            connect(shortcut, &QShortcut::activated, this, [this] { isPlaying() ? pause() : play(); });
    }
    auto *home = new QShortcut(Qt::Key_Home, page), *end = new QShortcut(Qt::Key_End, page);
    home->setContext(Qt::WidgetWithChildrenShortcut);
    end->setContext(Qt::WidgetWithChildrenShortcut);
    connect(home, &QShortcut::activated, this, [this] { setFrame(0); });
    connect(end, &QShortcut::activated, this, [this] { setFrame(m_canvas->model().frameCount() - 1); });

    connect(m_canvas, &ConvArithCanvas::frameClicked, this, [this] {
        pause();
        frameChanged();
    });
    refreshIcons();
    applyPreset(5); // strides and padding: the case that shows the most at once
}

QWidget *ConvArithmeticView::buildControls()
{
    auto *panel = new QWidget(this);
    // As wide as its rows need and no wider (a fixed 260 px squeezed them by 6 px; larger
    // fonts need more).
    panel->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred);
    auto *grid = new QGridLayout(panel);
    grid->setContentsMargins(14, 10, 10, 10);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);
    int row = 0;
    auto section = [&](const QString &title) {
        if (row)
            grid->setRowMinimumHeight(row++, 8);
        grid->addWidget(captionLabel(title, panel), row++, 0, 1, 2);
    };
    auto field = [&](const QString &text, QWidget *control) {
        auto *label = new QLabel(text, panel);
        label->setBuddy(control);
        grid->addWidget(label, row, 0);
        grid->addWidget(control, row++, 1);
    };
    auto wide = [&](QWidget *control) { grid->addWidget(control, row++, 0, 1, 2); };

    section("Example");
    m_preset = new QComboBox(panel);
    m_preset->addItem("Your own");
    for (const ConvArithPreset &p : convArithPresets())
        m_preset->addItem(QString::fromStdString(p.name));
    m_preset->setToolTip("The cases of the convolution-arithmetic guide (Dumoulin and Visin), and a lecture example");
    wide(m_preset);

    section("Operation");
    m_mode = new QComboBox(panel);
    m_mode->addItem("Convolution", int(ConvArithMode::Convolution));
    m_mode->addItem("Transposed (zero-inserted)", int(ConvArithMode::TransposedDirect));
    m_mode->addItem("Transposed (scatter)", int(ConvArithMode::TransposedScatter));
    m_mode->addItem("Max pooling", int(ConvArithMode::MaxPool));
    m_mode->addItem("Average pooling", int(ConvArithMode::AvgPool));
    m_mode->setToolTip("A transposed convolution can be seen two ways: a plain convolution over the input with zeros "
                       "inserted, or each input cell adding a copy of the kernel to the output");
    wide(m_mode);

    section("Input");
    m_inH = spin(1, ConvArithSetup::kMaxInput, "Height of the input, in cells", panel);
    m_inW = spin(1, ConvArithSetup::kMaxInput, "Width of the input, in cells", panel);
    field("&Height", m_inH);
    field("&Width", m_inW);

    section("Window");
    m_kernel = spin(1, ConvArithSetup::kMaxKernel, "Kernel (or pooling window) size: it covers kernel \u00d7 kernel cells", panel);
    m_stride = spin(1, ConvArithSetup::kMaxStride,
        "How many cells the window moves per step; a transposed convolution spreads its input "
        "this far apart",
        panel);
    m_dilation = spin(1, ConvArithSetup::kMaxDilation, "Spacing of the kernel's taps: d \u2212 1 cells are skipped between them", panel);
    // Named as the playground file's fields, for tests.
    m_inH->setObjectName("arithmeticInputHeight");
    m_inW->setObjectName("arithmeticInputWidth");
    m_kernel->setObjectName("arithmeticKernel");
    m_stride->setObjectName("arithmeticStride");
    m_dilation->setObjectName("arithmeticDilation");
    field("&Kernel", m_kernel);
    field("&Stride", m_stride);
    field("&Dilation", m_dilation);

    section("Padding");
    m_paddingMode = new QComboBox(panel);
    m_paddingMode->addItem("Valid (none)", int(PaddingMode::Valid));
    m_paddingMode->addItem("Same", int(PaddingMode::Same));
    m_paddingMode->addItem("Full", int(PaddingMode::Full));
    m_paddingMode->addItem("Custom", int(PaddingMode::Custom));
    m_paddingMode->setToolTip("Valid: no padding. Same: keeps the size at stride 1. Full: every input cell meets every "
                              "kernel tap. For a transposed convolution, the padding of the convolution it undoes");
    wide(m_paddingMode);
    m_padding = spin(0, ConvArithSetup::kMaxPadding, "Zero cells added on each side of the input", panel);
    field("&Padding", m_padding);
    m_paddingNote = new QLabel(panel);
    m_paddingNote->setWordWrap(true);
    m_paddingNote->setForegroundRole(QPalette::PlaceholderText);
    wide(m_paddingNote);
    m_outputPadding = spin(0, ConvArithSetup::kMaxOutputPadding,
        "Transposed only: extra cells after the output, to reach a size that the stride "
        "skipped (must be below the stride or the dilation)",
        panel);
    field("&Output padding", m_outputPadding);

    section("Numbers");
    m_numbers = new QCheckBox("&Show numbers", panel);
    m_numbers->setChecked(true);
    m_numbers->setToolTip("Write the values in the cells and the multiply-add; double-click an input or kernel cell "
                          "to type a number");
    wide(m_numbers);
    auto *reset = new QPushButton("Reset numbers", panel);
    reset->setToolTip("Back to the guide's numbers, forgetting the ones typed in");
    wide(reset);

    grid->setRowStretch(row++, 1);
    m_export = new QToolButton(panel);
    m_export->setText("Export");
    m_export->setToolTip("Save this frame (PNG, SVG) or the whole animation (animated PNG, or a folder of frames) "
                         "for slides");
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *menu = new QMenu(m_export);
    menu->addAction("Frame as PNG\u2026", this, [this] { exportWithDialog(ExportPng); });
    menu->addAction("Frame as SVG\u2026", this, [this] { exportWithDialog(ExportSvg); });
    menu->addAction("Animation as animated PNG\u2026", this, [this] { exportWithDialog(ExportApng); });
    menu->addAction("Animation as a folder of frames\u2026", this, [this] { exportWithDialog(ExportFrames); });
    m_export->setMenu(menu);
    wide(m_export);

    connect(m_preset, &QComboBox::activated, this, [this](int i) {
        if (i > 0)
            applyPreset(i - 1);
    });
    for (QComboBox *box : {m_mode, m_paddingMode})
        connect(box, &QComboBox::currentIndexChanged, this, &ConvArithmeticView::readControls);
    for (QSpinBox *box : {m_inH, m_inW, m_kernel, m_stride, m_dilation, m_padding, m_outputPadding})
        connect(box, &QSpinBox::valueChanged, this, &ConvArithmeticView::readControls);
    connect(m_numbers, &QCheckBox::toggled, this, &ConvArithmeticView::setShowNumbers);
    connect(reset, &QPushButton::clicked, this, [this] { m_canvas->resetNumbers(); });
    return panel;
}

QWidget *ConvArithmeticView::buildPlayer()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(8, 0, 12, 6);
    layout->setSpacing(4);
    m_first = playerButton("Back to the first frame (Home)", bar);
    m_back = playerButton("One frame back (Left arrow)", bar);
    m_play = playerButton("Play or pause the animation (Space)", bar);
    m_step = playerButton("One frame on (Right arrow)", bar);
    m_slider = new QSlider(Qt::Horizontal, bar);
    m_slider->setToolTip("Every position of the window; drag to scrub");
    m_frameLabel = new QLabel(bar);
    m_frameLabel->setToolTip("The frame shown, of all frames: one per output cell (per input cell when scattering)");
    m_frameLabel->setMinimumWidth(m_frameLabel->fontMetrics().horizontalAdvance("frame 0000 of 0000") + 4);
    m_speed = new QComboBox(bar);
    for (double s : kSpeeds)
        m_speed->addItem(QString("%1 frames/s").arg(s), s);
    m_speed->setCurrentIndex(2);
    m_speed->setToolTip("How fast the animation plays");
    for (QWidget *w : std::initializer_list<QWidget *> {m_first, m_back, m_play, m_step})
        layout->addWidget(w);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_frameLabel);
    layout->addWidget(m_speed);

    connect(m_first, &QToolButton::clicked, this, [this] { setFrame(0); });
    connect(m_back, &QToolButton::clicked, this, &ConvArithmeticView::stepBack);
    connect(m_step, &QToolButton::clicked, this, &ConvArithmeticView::stepForward);
    connect(m_play, &QToolButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (!m_updating)
            setFrame(v);
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
        [this] { m_timer->setInterval(int(1000 / m_speed->currentData().toDouble())); });
    m_timer->setInterval(int(1000 / m_speed->currentData().toDouble()));
    return bar;
}

} // namespace ds::widgets
