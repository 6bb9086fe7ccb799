#include "convarithcanvas.h"

#include <QDoubleValidator>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace ds::widgets {

ConvArithCanvas::ConvArithCanvas(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setFocusPolicy(Qt::StrongFocus);
}

ConvArithCanvas::~ConvArithCanvas() = default;

void ConvArithCanvas::setSetup(const ConvArithSetup &setup)
{
    finishEdit(false);
    m_model.setSetup(setup);
    m_frame = std::clamp(m_frame, 0, std::max(0, m_model.frameCount() - 1));
    relayout();
}

void ConvArithCanvas::setNumbers(const std::vector<double> &input, const std::vector<double> &kernel)
{
    m_model.setNumbers(input, kernel);
    update();
}

void ConvArithCanvas::resetNumbers()
{
    m_model.resetNumbers();
    update();
}

void ConvArithCanvas::setFrame(int frame)
{
    frame = std::clamp(frame, 0, std::max(0, m_model.frameCount() - 1));
    if (frame == m_frame)
        return;
    m_frame = frame;
    update();
}

void ConvArithCanvas::setShowNumbers(bool show)
{
    if (show == m_numbers)
        return;
    finishEdit(false);
    m_numbers = show;
    relayout();
}

ConvArithOptions ConvArithCanvas::options() const
{
    ConvArithOptions o;
    o.numbers = m_numbers;
    // Larger than the controls' text: the diagram is what a room looks at on a projector.
    o.font = font();
    if (o.font.pixelSize() > 0)
        o.font.setPixelSize(o.font.pixelSize() * 5 / 4);
    else
        o.font.setPointSizeF(o.font.pointSizeF() * 1.25);
    o.palette = palette();
    return o;
}

const ConvArithPainter &ConvArithCanvas::layout() const
{
    if (!m_painter)
        m_painter = std::make_unique<ConvArithPainter>(m_model, options(), QRectF(rect()));
    return *m_painter;
}

void ConvArithCanvas::relayout()
{
    m_painter.reset();
    update();
}

void ConvArithCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    layout().paint(p, m_frame);
    if (hasFocus()) { // keyboard focus visible, as everywhere in the app
        QColor ring = palette().color(QPalette::Highlight);
        ring.setAlphaF(0.6f);
        p.setPen(QPen(ring, 2));
        p.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
    }
}

void ConvArithCanvas::resizeEvent(QResizeEvent *)
{
    finishEdit(false);
    relayout();
}

void ConvArithCanvas::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::StyleChange)
        relayout();
    QWidget::changeEvent(event);
}

void ConvArithCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    finishEdit(true);
    const ConvArithHit hit = layout().hitTest(event->position());
    const bool scatter = m_model.mode() == ConvArithMode::TransposedScatter;
    int frame = -1;
    if (hit.grid == ConvArithGrid::Output && !scatter)
        frame = m_model.frameOf({hit.row, hit.col});
    else if (hit.grid == ConvArithGrid::Input && scatter)
        frame = m_model.frameOf({hit.row, hit.col});
    if (frame >= 0) {
        setFrame(frame);
        emit frameClicked(frame);
    }
}

void ConvArithCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    const ConvArithHit hit = layout().hitTest(event->position());
    if (m_numbers && event->button() == Qt::LeftButton
        && (hit.grid == ConvArithGrid::Input || (hit.grid == ConvArithGrid::Kernel && !isPooling(m_model.mode()))))
        startEdit(hit);
    else
        QWidget::mouseDoubleClickEvent(event);
}

void ConvArithCanvas::mouseMoveEvent(QMouseEvent *event)
{
    const ConvArithHit hit = layout().hitTest(event->position());
    const bool scatter = m_model.mode() == ConvArithMode::TransposedScatter;
    const bool clickable
        = (hit.grid == ConvArithGrid::Output && !scatter) || (hit.grid == ConvArithGrid::Input && scatter);
    setCursor(clickable ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

void ConvArithCanvas::startEdit(const ConvArithHit &hit)
{
    finishEdit(false);
    const ConvArithPainter &l = layout();
    const QRectF cell
        = hit.grid == ConvArithGrid::Kernel ? l.kernelCell(hit.row, hit.col) : l.inputCell(hit.row, hit.col);
    if (cell.isNull())
        return;
    const double value
        = hit.grid == ConvArithGrid::Kernel ? m_model.kernel(hit.row, hit.col) : m_model.input(hit.row, hit.col);
    m_editing = hit;
    m_editor = new QLineEdit(this);
    auto *validator = new QDoubleValidator(m_editor);
    validator->setLocale(QLocale::c()); // the numbers are written with a point, as toDouble reads them
    m_editor->setValidator(validator);
    m_editor->setAlignment(Qt::AlignCenter);
    m_editor->setText(QString::number(value));
    m_editor->setToolTip("Type a number; Enter keeps it, Escape cancels");
    const int w = std::max(int(cell.width()), m_editor->fontMetrics().horizontalAdvance("-000.00") + 12);
    const int h = std::max(int(cell.height()), m_editor->sizeHint().height());
    QRect r(0, 0, w, h);
    r.moveCenter(cell.center().toPoint());
    m_editor->setGeometry(r.intersected(rect()));
    m_editor->installEventFilter(this);
    connect(m_editor, &QLineEdit::returnPressed, this, [this] { finishEdit(true); });
    m_editor->show();
    m_editor->selectAll();
    m_editor->setFocus();
}

void ConvArithCanvas::finishEdit(bool commit)
{
    if (!m_editor)
        return;
    QLineEdit *editor = m_editor;
    m_editor = nullptr; // first, so that the focus leaving the editor does not come back here
    bool ok = false;
    const double v = editor->text().toDouble(&ok);
    if (commit && ok) {
        if (m_editing.grid == ConvArithGrid::Kernel)
            m_model.setKernel(m_editing.row, m_editing.col, v);
        else
            m_model.setInput(m_editing.row, m_editing.col, v);
    }
    editor->hide();
    editor->deleteLater();
    setFocus();
    update();
    if (commit && ok)
        emit numbersEdited();
}

bool ConvArithCanvas::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor) {
        if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
            finishEdit(false);
            return true;
        }
        if (event->type() == QEvent::FocusOut) {
            finishEdit(true);
            return false;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace ds::widgets
