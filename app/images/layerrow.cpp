#include "layerrow.h"

#include "imagetiles.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGraphicsOpacityEffect>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

namespace ds::app {
namespace {

constexpr int kColumns = 3; // settings per line in a row
constexpr int kMaxStride = 64, kMaxPadding = 64, kMaxDilation = 16; // ModelSpec's own limits

using layerlook::dimLabel;
using layerlook::kError;
using layerlook::kErrorEdge;

} // namespace

namespace layerlook {

QLabel *dimLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace layerlook

LayerRow::LayerRow(LayerEditor *editor, int index) : QFrame(editor), m_editor(editor), m_index(index)
{
    const ds::LayerSpec &l = layer();
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(kErrorEdge + 6, 5, 6, 6);
    v->setSpacing(3);
    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    auto *number = dimLabel(QString::number(index + 1), this);
    number->setMinimumWidth(QFontMetrics(font()).horizontalAdvance("00"));
    auto *kind = new QLabel(LayerEditor::kindLabel(l.kind), this);
    QFont bold = kind->font();
    bold.setBold(true);
    kind->setFont(bold);
    top->addWidget(number);
    top->addWidget(kind);
    top->addStretch(1);
    m_shape = new QLabel(this);
    m_shape->setToolTip("The shape of this layer's output for one image: channels × height × width, or a vector");
    m_params = dimLabel({}, this);
    m_params->setToolTip("Trainable parameters (weights and biases) of this layer");
    top->addWidget(m_shape);
    top->addWidget(m_params);
    v->addLayout(top);

    // Settings in a grid of three columns, so that a conv row's five fit a narrow side panel.
    m_settings = new QGridLayout;
    m_settings->setHorizontalSpacing(4);
    m_settings->setVerticalSpacing(3);
    m_settings->setContentsMargins(number->minimumWidth() + top->spacing(), 0, 0, 0); // under the kind
    buildSettings();
    if (ds::hasWindow(l.kind)) {
        m_slide = new QToolButton(this);
        m_slide->setText("see how it slides");
        m_slide->setAutoRaise(true);
        m_slide->setToolTip("Open the convolution arithmetic view with this layer's kernel, stride, padding and input");
        m_slide->setCursor(Qt::PointingHandCursor);
        QFont small = m_slide->font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        m_slide->setFont(small);
        QPalette link = m_slide->palette();
        for (auto group : {QPalette::Active, QPalette::Inactive}) // disabled stays grey
            link.setColor(group, QPalette::ButtonText, link.color(QPalette::Link));
        m_slide->setPalette(link);
        connect(m_slide, &QToolButton::clicked, this, [this] { emit m_editor->inspectLayerRequested(m_index); });
        place(m_slide);
    }
    if (l.kind == ds::LayerKind::Dense || l.kind == ds::LayerKind::Conv2D || l.kind == ds::LayerKind::BatchNorm) {
        // Fine-tuning: a frozen layer keeps its weights while the rest trains (a batch norm its
        // statistics too: it normalizes as it does when evaluating).
        auto *frozen = new QCheckBox("frozen", this);
        frozen->setObjectName("frozen");
        frozen->setChecked(l.frozen);
        frozen->setToolTip("Frozen: training leaves this layer's weights exactly as they are, and the layers after "
                           "it learn on top of what it computes (fine-tuning). Changing it keeps every weight.");
        connect(frozen, &QCheckBox::toggled, this, [this](bool on) {
            layer().frozen = on;
            m_editor->edited();
        });
        watch(frozen);
        place(frozen);
    }
    if (m_cells == 1) { // one setting (neurons, activation, rate) fits beside the kind: shorter rows
        QLayoutItem *item = m_settings->takeAt(0);
        top->insertWidget(2, item->widget());
        delete item;
        delete m_settings;
    } else if (m_cells > 1) {
        m_settings->setColumnStretch(kColumns, 1);
        v->addLayout(m_settings);
    } else {
        delete m_settings;
    }

    m_errorLabel = new QLabel(this);
    m_errorLabel->setWordWrap(true);
    QPalette p = m_errorLabel->palette();
    p.setColor(QPalette::WindowText, kError);
    m_errorLabel->setPalette(p);
    m_errorLabel->hide();
    v->addWidget(m_errorLabel);

    m_fade = new QGraphicsOpacityEffect(this);
    m_fade->setOpacity(0.45);
    m_fade->setEnabled(false);
    setGraphicsEffect(m_fade);
    setFocusPolicy(Qt::ClickFocus);
}

void LayerRow::place(QWidget *w)
{
    m_settings->addWidget(w, m_cells / kColumns, m_cells % kColumns);
    ++m_cells;
}

QSpinBox *LayerRow::addSpin(const char *name, const QString &prefix, const QString &suffix, int lo, int hi, int value,
    const QString &tip, int ds::LayerSpec::*field)
{
    auto *box = new QSpinBox(this);
    box->setObjectName(name);
    box->setRange(lo, hi);
    box->setValue(value);
    box->setPrefix(prefix);
    box->setSuffix(suffix);
    box->setToolTip(tip);
    // Qt sizes a spin box for its largest value ("65536 filters"); three digits are enough to
    // show, so that a conv row fits a narrow panel.
    box->setMinimumWidth(box->fontMetrics().horizontalAdvance(prefix + "000" + suffix) + 24);
    box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    connect(box, &QSpinBox::valueChanged, this, [this, field](int v) {
        layer().*field = v;
        m_editor->edited();
    });
    watch(box);
    place(box);
    return box;
}

void LayerRow::buildSettings()
{
    const ds::LayerSpec l = layer();
    using S = ds::LayerSpec;
    switch (l.kind) {
    case ds::LayerKind::Dense:
        addSpin("units", {}, " neurons", 1, ds::ModelSpec::kMaxUnits, l.units, "How many outputs (neurons)", &S::units);
        break;
    case ds::LayerKind::Conv2D:
        addSpin("units", {}, " filters", 1, ds::ModelSpec::kMaxUnits, l.units,
            "How many filters, and so output channels", &S::units);
        addSpin("kernel", "kernel ", {}, 1, ds::ModelSpec::kMaxKernel, l.kernel,
            "The side of each square filter, in pixels", &S::kernel);
        addSpin("stride", "stride ", {}, 1, kMaxStride, l.stride, "How far the filter moves at each step", &S::stride);
        addSpin("padding", "pad ", {}, 0, kMaxPadding, l.padding,
            "Zeros added around the input on every side, so the filter can reach the edges", &S::padding);
        addSpin("dilation", "dilation ", {}, 1, kMaxDilation, l.dilation,
            "Spacing between the filter's taps: a wider view with the same weights", &S::dilation);
        break;
    case ds::LayerKind::MaxPool2D:
    case ds::LayerKind::AvgPool2D:
        addSpin("kernel", "window ", {}, 1, ds::ModelSpec::kMaxKernel, l.kernel,
            "The side of each square window, in pixels", &S::kernel);
        addSpin("stride", "stride ", {}, 1, kMaxStride, l.stride, "How far the window moves at each step", &S::stride);
        addSpin("padding", "pad ", {}, 0, kMaxPadding, l.padding, "Padding on every side (at most half the window)",
            &S::padding);
        break;
    case ds::LayerKind::Residual:
        addSpin("units", "+ input of ", " layers back", 1, 64, l.units,
            "How many layers the skip connection spans: it adds their input to their output", &S::units);
        break;
    case ds::LayerKind::Activation: {
        auto *box = new QComboBox(this);
        box->setObjectName("activation");
        box->setToolTip("The function applied to every value");
        for (const auto &e : ds::activationNames()) {
            box->addItem(QString::fromUtf8(e.name), int(e.kind));
            if (e.kind == l.activation)
                box->setCurrentIndex(box->count() - 1);
        }
        connect(box, &QComboBox::currentIndexChanged, this, [this, box] {
            layer().activation = ds::ActivationKind(box->currentData().toInt());
            m_editor->edited();
        });
        watch(box);
        place(box);
        break;
    }
    case ds::LayerKind::Dropout: {
        auto *box = new QDoubleSpinBox(this);
        box->setObjectName("rate");
        box->setRange(0.0, 0.95);
        box->setSingleStep(0.05);
        box->setDecimals(2);
        box->setPrefix("drop ");
        box->setValue(l.rate);
        box->setToolTip("The share of values dropped at random while training");
        connect(box, &QDoubleSpinBox::valueChanged, this, [this](double v) {
            layer().rate = float(v);
            m_editor->edited();
        });
        watch(box);
        place(box);
        break;
    }
    default: break;
    }
}

// Editors select their row when they take focus, and leave the wheel to the scroll area unless
// they have focus: scrolling the list must not change a kernel size on the way.
void LayerRow::watch(QWidget *editor)
{
    editor->setFocusPolicy(Qt::StrongFocus);
    editor->installEventFilter(this);
}

bool LayerRow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn)
        m_editor->selectRow(m_index);
    if (event->type() == QEvent::Wheel && !static_cast<QWidget *>(watched)->hasFocus()) {
        event->ignore(); // passed on to the parents, up to the scroll area
        return true;
    }
    return QFrame::eventFilter(watched, event);
}

void LayerRow::load()
{
    const ds::LayerSpec &l = layer();
    const std::pair<const char *, int> ints[] = {{"units", l.units}, {"kernel", l.kernel}, {"stride", l.stride},
        {"padding", l.padding}, {"dilation", l.dilation}};
    for (const auto &[name, value] : ints)
        if (auto *box = findChild<QSpinBox *>(name)) {
            const QSignalBlocker quiet(box);
            box->setValue(value);
        }
    if (auto *box = findChild<QComboBox *>("activation")) {
        const QSignalBlocker quiet(box);
        box->setCurrentIndex(box->findData(int(l.activation)));
    }
    if (auto *box = findChild<QDoubleSpinBox *>("rate")) {
        const QSignalBlocker quiet(box);
        box->setValue(l.rate);
    }
    if (auto *box = findChild<QCheckBox *>("frozen")) {
        const QSignalBlocker quiet(box);
        box->setChecked(l.frozen);
    }
}

void LayerRow::display(const ds::LayerCheck &check, bool isGreyed, bool selected)
{
    error = QString::fromStdString(check.error);
    greyed = isGreyed;
    shapeText = LayerEditor::shapeText(check.output);
    m_shape->setText(shapeText.isEmpty() ? QString("→ ?") : "→ " + shapeText);
    m_params->setText(check.parameters ? widgets::groupedCount(qlonglong(check.parameters)) + " params" : QString());
    m_errorLabel->setText("⚠ " + error);
    m_errorLabel->setVisible(!error.isEmpty());
    setToolTip(!error.isEmpty() ? error
            : greyed            ? QString("Fix the layer marked red above first")
                                : QString::fromStdString(ds::describeLayer(layer())));
    m_fade->setEnabled(greyed);
    if (m_slide)
        m_slide->setEnabled(!greyed && error.isEmpty());
    m_selected = selected;
    update();
}

void LayerRow::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QColor fill = palette().color(QPalette::Base);
    if (m_selected) {
        const QColor h = palette().color(QPalette::Highlight);
        fill = QColor::fromRgbF(fill.redF() * 0.8f + h.redF() * 0.2f, fill.greenF() * 0.8f + h.greenF() * 0.2f,
            fill.blueF() * 0.8f + h.blueF() * 0.2f);
    }
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    if (!error.isEmpty()) {
        p.setBrush(kError);
        p.drawRoundedRect(QRectF(0, 0, kErrorEdge + 2, height()), 2, 2);
        p.fillRect(QRectF(kErrorEdge, 0, 2, height()), fill);
    }
}

void LayerRow::mousePressEvent(QMouseEvent *event)
{
    m_editor->selectRow(m_index);
    QFrame::mousePressEvent(event);
}

} // namespace ds::app
