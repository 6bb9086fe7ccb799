#include "graphdiagram.h"

#include "plotexportmenu.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace ds::widgets {
namespace {

// Soft fills by what a node does; the text stays the palette's.
QColor fillFor(GraphDiagramNode::Kind k)
{
    switch (k) {
    case GraphDiagramNode::Kind::Convolution: return {0xd6, 0xe6, 0xf5};
    case GraphDiagramNode::Kind::Pool: return {0xdc, 0xef, 0xdc};
    case GraphDiagramNode::Kind::Join: return {0xfb, 0xe3, 0xc8};
    case GraphDiagramNode::Kind::Dense: return {0xe6, 0xdc, 0xf2};
    case GraphDiagramNode::Kind::Activation: return {0xee, 0xee, 0xee};
    case GraphDiagramNode::Kind::Normalization: return {0xf6, 0xf0, 0xc8};
    case GraphDiagramNode::Kind::Other: break;
    }
    return {0xf4, 0xf4, 0xf4};
}

const QColor kEdge(0x70, 0x7a, 0x84);
const QColor kPicked(0x08, 0x77, 0xbd);

} // namespace

GraphDiagram::GraphDiagram(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setMouseTracking(false);
}

void GraphDiagram::setGraph(const QList<GraphDiagramNode> &nodes, const QString &inputTitle, int firstNumber)
{
    m_nodes = nodes;
    m_firstNumber = firstNumber;
    m_inputTitle = inputTitle;
    std::vector<std::vector<int>> inputs;
    for (const GraphDiagramNode &n : nodes)
        inputs.push_back(n.inputs);
    m_layout = layOutGraph(inputs);
    m_selected = -1;
    updateGeometry();
    resize(sizeHint());
    update();
}

void GraphDiagram::clear()
{
    setGraph({}, {});
}

void GraphDiagram::selectNode(int i)
{
    m_selected = i >= 0 && i < nodeCount() ? i : -1;
    update();
}

// Boxes wide enough for "12  conv 3×3, 128 filters, stride 2" in the window's font.
GraphDiagram::Metrics GraphDiagram::metrics() const
{
    const QFontMetrics fm(font());
    Metrics m;
    m.boxWidth = fm.horizontalAdvance("12  conv 3×3, 128 filters, stride 2") + 16;
    m.boxHeight = 2 * fm.height() + 10;
    m.columnGap = fm.height() * 2;
    m.rowGap = fm.height() + 6;
    m.laneGap = fm.height() / 2 + 4;
    m.margin = 8;
    return m;
}

QRect GraphDiagram::boxAt(int row, int column) const
{
    const Metrics m = metrics();
    // Row -1 is the input's box; the nodes start below it.
    return {m.margin + column * (m.boxWidth + m.columnGap), m.margin + (row + 1) * (m.boxHeight + m.rowGap), m.boxWidth,
        m.boxHeight};
}

QRect GraphDiagram::nodeRect(int i) const
{
    if (i == -1)
        return boxAt(-1, 0);
    if (i < 0 || i >= nodeCount())
        return {};
    const GraphPlacement &p = m_layout.nodes[std::size_t(i)];
    return boxAt(p.row, p.column);
}

int GraphDiagram::nodeAt(QPoint pos) const
{
    for (int i = 0; i < nodeCount(); ++i)
        if (nodeRect(i).contains(pos))
            return i;
    return -1;
}

QSize GraphDiagram::sizeHint() const
{
    const Metrics m = metrics();
    const int columns = std::max(1, m_layout.columns);
    const int width = 2 * m.margin + columns * m.boxWidth + (columns - 1) * m.columnGap
        + (m_layout.lanesNeeded + 1) * m.laneGap;
    const int height = 2 * m.margin + (m_layout.rows + 1) * (m.boxHeight + m.rowGap);
    return {width, height};
}

QSize GraphDiagram::minimumSizeHint() const
{
    return {metrics().boxWidth + 2 * metrics().margin, sizeHint().height()};
}

void GraphDiagram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paint(p);
}

void GraphDiagram::paint(QPainter &p) const
{
    p.setRenderHint(QPainter::Antialiasing);
    const Metrics m = metrics();
    const QFontMetrics fm(font());
    auto arrowHead = [&](QPointF tip) {
        QPainterPath head;
        head.moveTo(tip);
        head.lineTo(tip + QPointF(-4, -7));
        head.lineTo(tip + QPointF(4, -7));
        head.closeSubpath();
        p.fillPath(head, kEdge);
    };
    // Edges first, under the boxes.
    p.setPen(QPen(kEdge, 1.3));
    p.setBrush(Qt::NoBrush);
    for (int i = 0; i < nodeCount(); ++i) {
        const QRect to = nodeRect(i);
        const std::vector<int> &inputs = m_nodes[i].inputs;
        for (std::size_t j = 0; j < inputs.size(); ++j) {
            const int k = inputs[j];
            const GraphLane *lane = nullptr;
            for (const GraphLane &l : m_layout.lanes)
                if (l.from == k && l.to == i)
                    lane = &l;
            const QRect from = nodeRect(k);
            // Several inputs enter a box side by side.
            const double spread = inputs.size() > 1 ? (double(j) / double(inputs.size() - 1) - 0.5) * to.width() * 0.4 : 0.0;
            const QPointF start(from.center().x(), from.bottom() + 1), end(to.center().x() + spread, to.top() - 1);
            QPainterPath path(start);
            if (lane == nullptr) {
                const double midY = (start.y() + end.y()) / 2.0;
                path.cubicTo(QPointF(start.x(), midY), QPointF(end.x(), midY), end);
            } else {
                const double x = boxAt(0, lane->rightmostColumn).right() + (lane->lane + 1) * m.laneGap;
                const double down = m.rowGap / 2.0;
                path.cubicTo(QPointF(start.x(), start.y() + down), QPointF(x, start.y()), QPointF(x, start.y() + down * 2));
                path.lineTo(QPointF(x, end.y() - down * 2));
                path.cubicTo(QPointF(x, end.y()), QPointF(end.x(), end.y() - down), end);
            }
            p.drawPath(path);
            arrowHead(end);
        }
    }
    // The boxes.
    auto box = [&](const QRect &r, const QColor &fill, const QString &title, const QString &detail, bool picked) {
        p.setPen(QPen(picked ? kPicked : kEdge, picked ? 2.5 : 1.0));
        p.setBrush(fill);
        p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);
        p.setPen(QColor(0x20, 0x20, 0x20)); // on the light fills in either theme
        const QRect text = r.adjusted(8, 4, -8, -4);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.drawText(QRect(text.left(), text.top(), text.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(bold).elidedText(title, Qt::ElideRight, text.width()));
        p.setFont(font());
        p.drawText(QRect(text.left(), text.top() + fm.height(), text.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
            fm.elidedText(detail, Qt::ElideRight, text.width()));
    };
    if (!m_nodes.isEmpty())
        box(nodeRect(-1), QColor(0xff, 0xff, 0xff), m_inputTitle, "the picture, preprocessed", false);
    for (int i = 0; i < nodeCount(); ++i)
        box(nodeRect(i), fillFor(m_nodes[i].kind), QString("%1  %2").arg(i + m_firstNumber).arg(m_nodes[i].title), m_nodes[i].detail,
            i == m_selected);
}

void GraphDiagram::mousePressEvent(QMouseEvent *event)
{
    const int i = nodeAt(event->position().toPoint());
    if (i >= 0 && event->button() == Qt::LeftButton) {
        selectNode(i);
        emit nodeClicked(i);
    }
}

bool GraphDiagram::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = nodeAt(help->pos());
        if (i >= 0) {
            QString reads;
            for (int k : m_nodes[i].inputs)
                reads += (reads.isEmpty() ? "" : ", ") + (k < 0 ? QString("the input") : QString::number(k + m_firstNumber));
            QToolTip::showText(help->globalPos(),
                QString("<b>%1 %2</b><br>%3<br>reads %4").arg(i + m_firstNumber).arg(m_nodes[i].title.toHtmlEscaped(),
                    m_nodes[i].detail.toHtmlEscaped(), reads),
                this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

PlotPicture GraphDiagram::picture()
{
    PlotPicture pic = widgetPicture(this, "network graph", [this](QPainter &p) { paint(p); });
    pic.size = sizeHint();
    return pic;
}

void GraphDiagram::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    addPlotExportActions(&menu, this, "graph", [this] { return picture(); });
    menu.exec(event->globalPos());
}

void GraphDiagram::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

} // namespace ds::widgets
