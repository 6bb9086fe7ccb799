#include "layereditor.h"

#include "imagetiles.h"

#include <QApplication>
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

const QColor kError(0xd7, 0x26, 0x3d);
constexpr int kErrorEdge = 4;
constexpr int kColumns = 3; // settings per line in a row
constexpr int kMaxStride = 64, kMaxPadding = 64, kMaxDilation = 16; // ModelSpec's own limits

// The add menu's kinds, in the order a CNN is usually built, each with a one-sentence lesson.
struct KindEntry {
    ds::LayerKind kind;
    const char *tip;
};
const KindEntry kKinds[] = {
    {ds::LayerKind::Conv2D, "Slides small learned filters over the image; each filter makes one feature map"},
    {ds::LayerKind::MaxPool2D, "Keeps the largest value of each window: smaller maps, a little shift tolerance"},
    {ds::LayerKind::AvgPool2D, "Averages each window: smaller, smoother maps"},
    {ds::LayerKind::BatchNorm, "Rescales each channel to mean 0 and variance 1 over the batch, then learns a scale"},
    {ds::LayerKind::Activation, "A non-linearity applied to every value, such as ReLU"},
    {ds::LayerKind::Dropout, "Drops a share of values at random while training, so no unit is relied on alone"},
    {ds::LayerKind::Flatten, "Lays the maps out as one long vector, for the dense layers after it"},
    {ds::LayerKind::GlobalAvgPool, "Averages each whole map to one number: a vector with one value per channel"},
    {ds::LayerKind::Dense, "Every output is a weighted sum of every input"},
    {ds::LayerKind::Softmax, "Turns the last layer's values into class probabilities that sum to 1"},
};

QLabel *dimLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

// One layer: its kind and settings, and what check() says about it.
class LayerRow : public QFrame {
public:
    LayerRow(LayerEditor *editor, int index);
    void display(const ds::LayerCheck &check, bool greyed, bool selected);
    void load(); // the editors show the layer's settings again, without reporting an edit

    QString shapeText, error;
    bool greyed = false;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ds::LayerSpec &layer() { return m_editor->m_spec.layers[std::size_t(m_index)]; }
    QSpinBox *addSpin(const char *name, const QString &prefix, const QString &suffix, int lo, int hi, int value,
        const QString &tip, int ds::LayerSpec::*field);
    void watch(QWidget *editor);
    void buildSettings();
    void place(QWidget *w); // the next cell of the settings grid

    LayerEditor *m_editor;
    int m_index;
    QLabel *m_shape, *m_params, *m_errorLabel;
    QToolButton *m_slide = nullptr;
    QGridLayout *m_settings;
    int m_cells = 0;
    QGraphicsOpacityEffect *m_fade;
    bool m_selected = false;
};

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

// ---------------------------------------------------------------------------------------------

LayerEditor::LayerEditor(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    buildToolbar(layout);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_rowsBox = new QWidget(m_scroll);
    m_rowsLayout = new QVBoxLayout(m_rowsBox);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(3);
    m_inputLabel = dimLabel({}, m_rowsBox);
    m_inputLabel->setContentsMargins(kErrorEdge + 6, 2, 6, 2);
    m_rowsLayout->addWidget(m_inputLabel);
    m_rowsLayout->addStretch(1);
    m_scroll->setWidget(m_rowsBox);
    layout->addWidget(m_scroll, 1);

    m_total = new QLabel(this);
    m_total->setToolTip("Weights and biases the network learns, in all layers");
    layout->addWidget(m_total);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setWordWrap(true);
    QPalette p = m_errorLabel->palette();
    p.setColor(QPalette::WindowText, kError);
    m_errorLabel->setPalette(p);
    layout->addWidget(m_errorLabel);

    auto *up = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Up), this);
    up->setContext(Qt::WidgetWithChildrenShortcut);
    connect(up, &QShortcut::activated, this, [this] { moveSelected(-1); });
    auto *down = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Down), this);
    down->setContext(Qt::WidgetWithChildrenShortcut);
    connect(down, &QShortcut::activated, this, [this] { moveSelected(+1); });
    refresh();
}

void LayerEditor::buildToolbar(QVBoxLayout *layout)
{
    auto *bar = new QHBoxLayout;
    bar->setSpacing(4);
    m_add = new QPushButton("Add layer", this);
    m_add->setToolTip("Insert a layer after the selected one");
    auto *menu = new QMenu(m_add);
    menu->setToolTipsVisible(true);
    for (const KindEntry &k : kKinds) {
        QAction *a = menu->addAction(kindLabel(k.kind));
        a->setToolTip(k.tip);
        connect(a, &QAction::triggered, this, [this, kind = k.kind] { addLayer(kind); });
    }
    m_add->setMenu(menu);
    m_remove = new QPushButton("Remove", this);
    m_remove->setToolTip("Remove the selected layer");
    connect(m_remove, &QToolButton::clicked, this, &LayerEditor::removeSelected);
    m_up = new QToolButton(this);
    m_up->setArrowType(Qt::UpArrow);
    m_up->setToolTip("Move the selected layer up (Alt+Up)");
    connect(m_up, &QToolButton::clicked, this, [this] { moveSelected(-1); });
    m_down = new QToolButton(this);
    m_down->setArrowType(Qt::DownArrow);
    m_down->setToolTip("Move the selected layer down (Alt+Down)");
    connect(m_down, &QToolButton::clicked, this, [this] { moveSelected(+1); });
    bar->addWidget(m_add);
    bar->addWidget(m_remove);
    bar->addStretch(1);
    bar->addWidget(m_up);
    bar->addWidget(m_down);
    layout->addLayout(bar);
}

QString LayerEditor::shapeText(const ds::Shape &shape)
{
    QStringList parts;
    for (int d : shape)
        parts << QString::number(d);
    return parts.join(QChar(0x00d7));
}

QString LayerEditor::kindLabel(ds::LayerKind kind)
{
    switch (kind) {
    case ds::LayerKind::Dense: return "dense";
    case ds::LayerKind::Activation: return "activation";
    case ds::LayerKind::Softmax: return "softmax";
    case ds::LayerKind::Dropout: return "dropout";
    case ds::LayerKind::Conv2D: return "convolution";
    case ds::LayerKind::MaxPool2D: return "max pool";
    case ds::LayerKind::AvgPool2D: return "average pool";
    case ds::LayerKind::Flatten: return "flatten";
    case ds::LayerKind::BatchNorm: return "batch norm";
    case ds::LayerKind::GlobalAvgPool: return "global average pool";
    }
    return "?";
}

ds::LayerSpec LayerEditor::defaultLayer(ds::LayerKind kind)
{
    switch (kind) {
    case ds::LayerKind::Conv2D: return ds::LayerSpec::conv(8, 3, 1, 1); // "same" size: a safe place to start
    case ds::LayerKind::MaxPool2D: return ds::LayerSpec::maxPool(2);
    case ds::LayerKind::AvgPool2D: return ds::LayerSpec::avgPool(2);
    case ds::LayerKind::Dense: return ds::LayerSpec::dense(32);
    case ds::LayerKind::Activation: return ds::LayerSpec::act(ds::ActivationKind::Relu);
    case ds::LayerKind::Dropout: return ds::LayerSpec::dropout(0.25f);
    default: {
        ds::LayerSpec l;
        l.kind = kind;
        return l;
    }
    }
}

void LayerEditor::setSpec(const ds::ModelSpec &spec)
{
    // The same kinds in the same order (a window echoing specChanged back, new settings from a
    // file): the rows stay, so the editor being typed in is not deleted under the user's hands.
    bool sameKinds = spec.layers.size() == m_spec.layers.size() && rowCount() == int(spec.layers.size());
    for (std::size_t i = 0; sameKinds && i < spec.layers.size(); ++i)
        sameKinds = spec.layers[i].kind == m_spec.layers[i].kind;
    m_spec = spec;
    m_selected = std::min(m_selected, int(m_spec.layers.size()) - 1);
    if (!sameKinds) {
        rebuildRows();
        return;
    }
    for (LayerRow *row : m_rows)
        row->load();
    refresh();
}

void LayerEditor::setInputShape(const ds::Shape &shape)
{
    if (shape == m_spec.input)
        return;
    m_spec.input = shape;
    refresh();
}

void LayerEditor::rebuildRows()
{
    for (LayerRow *row : m_rows)
        delete row;
    m_rows.clear();
    for (int i = 0; i < int(m_spec.layers.size()); ++i) {
        auto *row = new LayerRow(this, i);
        m_rowsLayout->insertWidget(1 + i, row); // after the input line, before the stretch
        m_rows.push_back(row);
    }
    // Never narrower than the widest row: a hidden part of a row would hide its settings.
    m_scroll->setMinimumWidth(m_rowsBox->minimumSizeHint().width() + m_scroll->verticalScrollBar()->sizeHint().width());
    refresh();
}

// Checks the spec and shows the result everywhere; tells the window when validity changes.
void LayerEditor::refresh()
{
    m_checks = m_spec.check();
    m_error = m_spec.validationError();
    bool broken = false;
    std::size_t params = 0;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        m_rows[i]->display(m_checks[i], broken, int(i) == m_selected);
        broken = broken || !m_checks[i].error.empty();
        params += m_checks[i].parameters;
    }
    m_inputLabel->setText("input  " + shapeText(m_spec.input));
    m_total->setText(broken ? QString("Total: — parameters")
                            : QString("Total: %1 trainable parameters").arg(widgets::groupedCount(qlonglong(params))));
    m_errorLabel->setText(m_error.empty() ? QString() : "⚠ " + validationError());
    m_errorLabel->setVisible(!m_error.empty());
    updateButtons();
    if (m_error.empty() != m_valid) {
        m_valid = m_error.empty();
        emit validityChanged(m_valid);
    }
}

void LayerEditor::edited()
{
    refresh();
    emit specChanged(m_spec);
}

void LayerEditor::updateButtons()
{
    m_remove->setEnabled(m_selected >= 0);
    m_up->setEnabled(m_selected > 0);
    m_down->setEnabled(m_selected >= 0 && m_selected + 1 < rowCount());
}

void LayerEditor::selectRow(int row)
{
    row = row >= 0 && row < rowCount() ? row : -1;
    if (row == m_selected)
        return;
    const int before = m_selected;
    m_selected = row;
    for (int i : {before, row})
        if (i >= 0)
            m_rows[std::size_t(i)]->display(m_checks[std::size_t(i)], m_rows[std::size_t(i)]->greyed, i == row);
    updateButtons();
    if (row >= 0)
        m_scroll->ensureWidgetVisible(m_rows[std::size_t(row)]);
}

void LayerEditor::addLayer(ds::LayerKind kind)
{
    const int at = m_selected >= 0 ? m_selected + 1 : rowCount();
    m_spec.layers.insert(m_spec.layers.begin() + at, defaultLayer(kind));
    m_selected = at;
    rebuildRows();
    emit specChanged(m_spec);
}

void LayerEditor::removeSelected()
{
    if (m_selected < 0)
        return;
    m_spec.layers.erase(m_spec.layers.begin() + m_selected);
    m_selected = std::min(m_selected, rowCount() - 2);
    rebuildRows();
    emit specChanged(m_spec);
}

void LayerEditor::moveSelected(int delta)
{
    const int to = m_selected + delta;
    if (m_selected < 0 || to < 0 || to >= rowCount())
        return;
    std::swap(m_spec.layers[std::size_t(m_selected)], m_spec.layers[std::size_t(to)]);
    m_selected = to;
    // The rows are rebuilt, and the focused one goes with them: keep the focus on the moved row so
    // that Alt+Up can be pressed again.
    const bool hadFocus = isAncestorOf(QApplication::focusWidget());
    rebuildRows();
    if (hadFocus)
        m_rows[std::size_t(to)]->setFocus();
    emit specChanged(m_spec);
}

QWidget *LayerEditor::rowWidget(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[std::size_t(row)] : nullptr;
}

QString LayerEditor::outputShapeText(int row) const
{
    return rowWidget(row) ? m_rows[std::size_t(row)]->shapeText : QString();
}

QString LayerEditor::rowError(int row) const
{
    return rowWidget(row) ? m_rows[std::size_t(row)]->error : QString();
}

bool LayerEditor::rowGreyed(int row) const
{
    return rowWidget(row) && m_rows[std::size_t(row)]->greyed;
}

QString LayerEditor::totalText() const
{
    return m_total->text();
}

} // namespace ds::app
