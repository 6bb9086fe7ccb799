#include "layereditor.h"

#include "layerrow.h"
#include "workload.h"

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

// The rows' scroll area is never narrower than its widest row (a hidden part of a row would hide
// its settings), asked each time: the rows' shapes and parameter counts are filled after they are
// made, and larger text (presentation mode) widens them. A minimum width set once cut Small
// ResNet's columns and, on a projector, every row's.
class RowsScrollArea : public QScrollArea {
public:
    using QScrollArea::QScrollArea;
    QSize minimumSizeHint() const override
    {
        QSize s = QScrollArea::minimumSizeHint();
        if (widget())
            s.setWidth(widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width() + 2 * frameWidth());
        return s;
    }

protected:
    // The rows' layout asks again (a row added, a shape filled in, a font changed): so does this
    // area's parent, or it keeps the minimum it read before.
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == widget() && event->type() == QEvent::LayoutRequest)
            updateGeometry();
        return QScrollArea::eventFilter(watched, event);
    }
};

using layerlook::dimLabel;
using layerlook::kError;
using layerlook::kErrorEdge;

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
    {ds::LayerKind::Residual,
        "A skip connection: adds the input of the layers before it to their output, so that "
        "they learn a correction and gradients reach the layers below"},
    {ds::LayerKind::Dense, "Every output is a weighted sum of every input"},
    {ds::LayerKind::Softmax, "Turns the last layer's values into class probabilities that sum to 1"},
};

} // namespace

LayerEditor::LayerEditor(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    buildToolbar(layout);

    m_scroll = new RowsScrollArea(this);
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
    m_total->setWordWrap(true);
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
    case ds::LayerKind::Residual: return "residual";
    case ds::LayerKind::Add: return "add";
    case ds::LayerKind::Concat: return "concat";
    case ds::LayerKind::Mul: return "multiply";
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
    case ds::LayerKind::Residual: return ds::LayerSpec::residual(2); // a layer and its activation
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
    refresh();
}

// Checks the spec and shows the result everywhere; tells the window when validity changes.
void LayerEditor::refresh()
{
    m_checks = m_spec.check();
    m_error = m_spec.validationError();
    bool broken = false;
    std::size_t params = 0, frozen = 0;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        m_rows[i]->display(m_checks[i], broken, int(i) == m_selected);
        broken = broken || !m_checks[i].error.empty();
        params += m_checks[i].parameters;
        if (m_spec.layers[i].frozen)
            frozen += m_checks[i].parameters;
    }
    // Fine-tuning: how much of the network stays as it is.
    const QString frozenText
        = frozen ? QString(" (%1 frozen)").arg(widgets::groupedCount(qlonglong(frozen))) : QString();
    m_inputLabel->setText("input  " + shapeText(m_spec.input));
    if (broken || !m_error.empty()) {
        m_total->setText(broken
                ? QString("Total: — parameters")
                : QString("Total: %1 trainable parameters").arg(widgets::groupedCount(qlonglong(params))));
    } else {
        // What a training step costs, so that a network growing too large is seen coming.
        const ds::Workload w = ds::estimateWorkload(m_spec);
        m_total->setText(QString("Total: %1 trainable parameters%4 · about %2 to train · %3 per step")
                             .arg(widgets::groupedCount(qlonglong(params)),
                                 QString::fromStdString(ds::formatBytes(w.trainingBytes(m_batch))),
                                 QString::fromStdString(ds::formatFlops(w.stepFlops(m_batch))), frozenText));
        m_error = ds::workloadError(w, m_batch);
    }
    // No data yet (it is loading, or waits to be downloaded): nothing is wrong with the layers.
    const bool noData = m_spec.input.empty() && m_spec.layers.empty();
    if (noData)
        m_inputLabel->setText("input: the data's shape, once it has loaded");
    m_errorLabel->setText(m_error.empty() ? QString() : noData ? "The layers show once the data has loaded."
                                                                : "⚠ " + validationError());
    m_errorLabel->setVisible(!m_error.empty());
    updateButtons();
    if (m_error.empty() != m_valid) {
        m_valid = m_error.empty();
        emit validityChanged(m_valid);
    }
}

void LayerEditor::setBatchSize(int batch)
{
    if (batch == m_batch || batch < 1)
        return;
    m_batch = batch;
    refresh();
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

// Where a new layer goes when no row is selected: where its kind fits, so that it starts valid.
// Image layers go at the end of the image part (before the first flatten or global pool); the
// others before the head (the last dense layer) or the final softmax. Appending after the softmax
// made every added layer start broken.
int LayerEditor::placeFor(ds::LayerKind kind) const
{
    const auto &layers = m_spec.layers;
    const int n = int(layers.size());
    if (kind == ds::LayerKind::Softmax)
        return n; // a softmax ends the network
    if (kind == ds::LayerKind::Conv2D || kind == ds::LayerKind::MaxPool2D || kind == ds::LayerKind::AvgPool2D)
        for (int i = 0; i < n; ++i)
            if (layers[std::size_t(i)].kind == ds::LayerKind::Flatten
                || layers[std::size_t(i)].kind == ds::LayerKind::GlobalAvgPool)
                return i;
    for (int i = n - 1; i >= 0; --i) {
        const ds::LayerKind k = layers[std::size_t(i)].kind;
        if (k == ds::LayerKind::Dense)
            return i; // before the head
        if (k != ds::LayerKind::Softmax && k != ds::LayerKind::Activation && k != ds::LayerKind::Dropout)
            break;
    }
    return n > 0 && layers.back().kind == ds::LayerKind::Softmax ? n - 1 : n;
}

void LayerEditor::addLayer(ds::LayerKind kind)
{
    const int at = m_selected >= 0 ? m_selected + 1 : placeFor(kind);
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
