#include "convarithreceptive.h"
#include "captionlabel.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace ds::widgets {
namespace {

QString span(const CellSpan &s)
{
    const auto n = [](int v) { return v < 0 ? "\u2212" + QString::number(-v) : QString::number(v); };
    return s.lo == s.hi ? n(s.lo) : n(s.lo) + "\u2013" + n(s.hi);
}

} // namespace

ReceptiveFieldPanel::ReceptiveFieldPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 8);
    layout->setSpacing(6);

    auto *row = new QGridLayout;
    row->setHorizontalSpacing(10);
    row->setVerticalSpacing(2);
    m_edit = new QLineEdit(this);
    m_edit->setPlaceholderText("conv k5 s1 p2; pool k2 s2; conv k5");
    m_edit->setToolTip("The layers, first to last, separated by ';': conv or pool with k (kernel), s (stride), "
                       "p (padding) and d (dilation), e.g. \"conv k3; pool k2 s2; conv k3 d2\"");
    m_inH = new QSpinBox(this);
    m_inW = new QSpinBox(this);
    for (QSpinBox *box : {m_inH, m_inW}) {
        box->setRange(1, 256);
        box->setValue(28);
    }
    m_inH->setToolTip("Height of the input the stack reads, in cells (pixels)");
    m_inW->setToolTip("Width of the input the stack reads, in cells (pixels)");
    m_inH->setPrefix("H ");
    m_inW->setPrefix("W ");
    row->addWidget(captionLabel("Layers", this), 0, 0);
    row->addWidget(captionLabel("Input", this), 0, 1, 1, 2);
    row->addWidget(m_edit, 1, 0);
    row->addWidget(m_inH, 1, 1);
    row->addWidget(m_inW, 1, 2);
    row->setColumnStretch(0, 1);
    layout->addLayout(row);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setToolTip("The input cells the chosen output cell can see: change any of them and the cell may change");
    layout->addWidget(m_summary);

    m_map = new ReceptiveFieldMap(this);
    m_map->setToolTip("Click a cell of the last map (or use the arrow keys) to see its receptive field on every map");
    layout->addWidget(m_map, 1);

    connect(m_edit, &QLineEdit::textChanged, this, &ReceptiveFieldPanel::applyText);
    connect(m_inH, &QSpinBox::valueChanged, this, &ReceptiveFieldPanel::applyText);
    connect(m_inW, &QSpinBox::valueChanged, this, &ReceptiveFieldPanel::applyText);
    connect(m_map, &ReceptiveFieldMap::selectedChanged, this, &ReceptiveFieldPanel::updateSummary);

    setStack({{5, 1, 2, 1, false}, {2, 2, 0, 1, true}, {5, 1, 0, 1, false}}, 28, 28);
}

void ReceptiveFieldPanel::setStack(const std::vector<ConvWindow> &layers, int inH, int inW)
{
    m_updating = true;
    m_edit->setText(QString::fromStdString(formatLayerStack(layers)));
    m_inH->setValue(inH);
    m_inW->setValue(inW);
    m_updating = false;
    m_map->setStack(layers, inH, inW);
    updateSummary();
}

void ReceptiveFieldPanel::applyText()
{
    if (m_updating)
        return;
    const ParsedStack parsed = parseLayerStack(m_edit->text().toStdString());
    if (!parsed.error.empty()) {
        m_summary->setText(
            "<span style='color:#d1495b'>" + QString::fromStdString(parsed.error).toHtmlEscaped() + "</span>");
        return;
    }
    m_map->setStack(parsed.layers, m_inH->value(), m_inW->value());
    updateSummary();
}

QString ReceptiveFieldPanel::summary() const
{
    if (!m_map->valid())
        return "A window no longer fits: after some layer the map is smaller than the next window.";
    const int last = int(stack().size());
    const GridCell cell = m_map->selected();
    const CellSpan rows = m_map->rowSpan(0), cols = m_map->colSpan(0);
    const int inH = m_map->heights().front(), inW = m_map->widths().front();
    QString s = QString("Receptive field of o(%1,%2): %3\u00d7%4 input cells, rows %5, columns %6")
                    .arg(cell.row)
                    .arg(cell.col)
                    .arg(rows.size())
                    .arg(cols.size())
                    .arg(span(rows), span(cols));
    const int onH = std::min(rows.hi, inH - 1) - std::max(rows.lo, 0) + 1;
    const int onW = std::min(cols.hi, inW - 1) - std::max(cols.lo, 0) + 1;
    if (onH < rows.size() || onW < cols.size())
        s += QString(" (%1\u00d7%2 on the input, the rest in the padding)").arg(onH).arg(onW);
    s += QString(". Neighbouring output cells see fields %1 input cells apart.").arg(receptiveFieldJump(stack()));
    QStringList sizes;
    for (int m = 0; m <= last; ++m)
        sizes << QString("%1\u00d7%2").arg(m_map->heights()[std::size_t(m)]).arg(m_map->widths()[std::size_t(m)]);
    return s + " Sizes: " + sizes.join(" \u2192 ") + ".";
}

void ReceptiveFieldPanel::updateSummary()
{
    m_summary->setText(summary().toHtmlEscaped());
}

} // namespace ds::widgets
